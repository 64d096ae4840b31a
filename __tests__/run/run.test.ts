// One error channel: runPromotion always returns a result. A run that stops early is a `failed` result naming
// the phase and the error (policy problems as data for annotations), and every phase is one log group.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readSettings } from '../../src/action/settings.js'
import type { RunLog } from '../../src/run/phases.js'
import { runPromotion } from '../../src/run/run.js'
import { recordConnections } from '../emulator/helpers.js'

const gallery = {
  'subscription-id': '00000000-0000-0000-0000-000000000001',
  'resource-group': 'rg-images',
  gallery: 'gallery1',
  'image-definition': 'ubuntu-2404',
  version: '1.2.0',
  ring: 'canary',
}

/** A log that keeps what it was given, groups as `[title]` … `[/title]`. */
function recordingLog(): RunLog & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (message) => lines.push(message),
    debug: (message) => lines.push(`debug: ${message}`),
    group: async (title, fn) => {
      lines.push(`[${title}]`)
      try {
        return await fn()
      } finally {
        lines.push(`[/${title}]`)
      }
    },
  }
}

function request(inputs: Record<string, string>, workspace: string, log = recordingLog()) {
  return {
    read: () => readSettings((name) => inputs[name] ?? ''),
    workspace,
    record: { at: new Date(), actor: 'octocat', runUrl: '', sha: '', approvedBy: [] },
    log,
  }
}

const workspace = () => mkdtempSync(join(tmpdir(), 'aip-run-'))

describe('runPromotion', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('turns a bad input into a failed result of the validate phase, logged as one timed group', async () => {
    const log = recordingLog()
    const run = await runPromotion(request({ ...gallery, 'dry-run': 'maybe' }, workspace(), log))
    expect(run.settings).toBeUndefined()
    expect(run.result).toMatchObject({ verdict: 'failed', phase: 'validate', outcomes: [], verification: [] })
    expect(run.result.error).toMatch(/^Input 'dry-run' has an invalid value "maybe"/)
    expect(log.lines[0]).toBe('[Read inputs and policy · validate]')
    expect(log.lines[1]).toMatch(/^validate took \d+ ms$/)
    expect(log.lines[2]).toBe('[/Read inputs and policy · validate]')
  })

  it('carries the policy file problems as data, so the edge can annotate the file', async () => {
    const dir = workspace()
    mkdirSync(join(dir, '.github'))
    writeFileSync(join(dir, '.github/image-promotion.yml'), 'rings:\n  - name: canary\n    soak: forever\n')
    const run = await runPromotion(request(gallery, dir))
    expect(run.settings?.ring).toBe('canary')
    expect(run.prepared).toBeUndefined()
    expect(run.result.phase).toBe('validate')
    expect(run.result.policyProblems?.file).toBe('.github/image-promotion.yml')
    expect(run.result.policyProblems?.problems.join('\n')).toContain('soak')
  })

  it('fails in the observe phase, before any connection, when no Azure credential is configured', async () => {
    process.env.PATH = '/nonexistent'
    for (const name of Object.keys(process.env))
      if (/^(AZURE_|ACTIONS_ID_TOKEN)/.test(name)) delete process.env[name]
    const log = recordingLog()
    const connections = recordConnections()
    let run
    try {
      run = await runPromotion(request(gallery, workspace(), log))
    } finally {
      connections.restore()
    }
    expect(connections.targets).toEqual([])
    expect(run.prepared?.ring.name).toBe('canary')
    expect(run.result).toMatchObject({ verdict: 'failed', phase: 'observe', dryRun: false })
    expect(run.result.error).toContain('AZURE_TENANT_ID')
    expect(log.lines).toContain('[Promote to canary · observe]')
    expect(log.lines).not.toContain('[Promote to canary · plan]')
  })
})
