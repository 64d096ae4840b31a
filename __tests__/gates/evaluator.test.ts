// The gate phase: evaluators run in order, each sees the evidence of the ones before it (Defender's findings
// reach the scan gate), and the scan summary comes back as data.
import { describe, expect, it } from 'vitest'
import type { ParsedReport } from '../../src/core/evidence.js'
import type { Plan } from '../../src/core/model.js'
import { evaluateGates, type GateEvaluator } from '../../src/gates/evaluator.js'
import { scanGate } from '../../src/gates/scans.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const now = new Date('2026-11-21T00:00:00Z')
const plan: Plan = {
  target: { kind: 'registry', key: 'r', display: 'contoso.azurecr.io/team/web' },
  operation: 'promote',
  ring: 'canary',
  version: '1.0.0',
  digest: DIGEST,
  imageId: `contoso.azurecr.io/team/web@${DIGEST}`,
  regions: [],
  gates: [],
  changes: [],
  transitions: [],
  notes: [],
}

function report(path: string, severity: 'critical' | 'low'): ParsedReport {
  return {
    path,
    format: 'defender',
    subjectDigests: [DIGEST],
    findings: [{ id: `CVE-2026-${severity === 'critical' ? '0001' : '0002'}`, severity, source: path }],
  }
}

/** An evaluator that found one report of outside evidence, as the Defender evaluator does. */
const outside: GateEvaluator = {
  id: 'outside',
  evaluate: async () => ({
    gates: [{ id: 'outside', title: 'Outside scan', status: 'pass', details: 'scanned after the push' }],
    reports: [report('outside', 'critical')],
  }),
}

describe('evaluateGates', () => {
  it('hands evidence found by one evaluator to the scan gate after it, and returns the scan summary', async () => {
    const scan = scanGate({ required: false, failOn: 'high', allow: [] }, now)
    const result = await evaluateGates([outside, scan], plan, [report('trivy.json', 'low')])
    expect(result.gates.map((g) => [g.id, g.status])).toEqual([
      ['outside', 'pass'],
      ['scan', 'fail'],
      ['scan-digest', 'pass'],
    ])
    expect(result.scan?.counts).toMatchObject({ critical: 1, low: 1 })
    expect(result.scan?.blocking.map((f) => f.id)).toEqual(['CVE-2026-0001'])
  })

  it('adds no scan gate and no summary when there is no evidence and none is required', async () => {
    const scan = scanGate({ required: false, failOn: 'high', allow: [] }, now)
    expect(await evaluateGates([scan], plan, [])).toEqual({ gates: [] })
  })

  it('fails the scan gate when evidence is required and none was found', async () => {
    const scan = scanGate({ required: true, failOn: 'high', allow: [] }, now)
    const result = await evaluateGates([scan], plan, [])
    expect(result.gates.find((g) => g.id === 'scan')?.status).toBe('fail')
    expect(result.scan?.reports).toEqual([])
  })
})
