import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.js'
import { evaluateScans } from '../../src/scans/gate.js'
import { scanEvidenceFromTags } from '../../src/scans/tags.js'

describe('scanEvidenceFromTags', () => {
  it('turns counts into synthetic findings', () => {
    const report = scanEvidenceFromTags({
      'scan.critical': '1',
      'scan.high': '2',
      'scan.medium': '0',
      'Scan.Low': ' 1 ',
      'scan.tool': 'trivy 0.58.1',
      'scan.at': '2026-11-20T10:00:00Z',
      'ring:canary': '2026-11-20T11:00:00Z',
    })
    expect(report).toEqual({
      path: 'image version tags',
      format: 'tags',
      subjectDigests: [],
      tool: 'trivy 0.58.1',
      scannedAt: new Date('2026-11-20T10:00:00Z'),
      findings: [
        {
          id: 'tags:critical#1',
          severity: 'critical',
          title: 'counted in tag scan.critical',
          source: 'image version tags',
        },
        {
          id: 'tags:high#1',
          severity: 'high',
          title: 'counted in tag scan.high',
          source: 'image version tags',
        },
        {
          id: 'tags:high#2',
          severity: 'high',
          title: 'counted in tag scan.high',
          source: 'image version tags',
        },
        { id: 'tags:low#1', severity: 'low', title: 'counted in tag Scan.Low', source: 'image version tags' },
      ],
    })
  })

  it('no count tags: no evidence', () => {
    expect(scanEvidenceFromTags({})).toBeUndefined()
    expect(scanEvidenceFromTags({ 'scan.tool': 'trivy', 'scan.at': '2026-11-20T10:00:00Z' })).toBeUndefined()
  })

  it('feeds the same gate: high blocks, medium alone does not', () => {
    const now = new Date('2026-11-23T00:00:00Z')
    const policy = { required: true, failOn: 'high' as const, allow: [] }
    const bad = scanEvidenceFromTags({ 'scan.critical': '0', 'scan.high': '3' })
    const good = scanEvidenceFromTags({ 'scan.critical': '0', 'scan.high': '0', 'scan.medium': '12' })
    if (!bad || !good) throw new Error('expected evidence')
    expect(evaluateScans({ reports: [bad], policy, now }).gates[0]).toEqual({
      id: 'scan',
      title: 'Vulnerability scan',
      status: 'fail',
      details:
        '3 findings at or above high not allowed: tags:high#1 (high), tags:high#2 (high), tags:high#3 (high); 1 report (3 high)',
    })
    expect(evaluateScans({ reports: [good], policy, now }).gates[0]?.status).toBe('pass')
  })

  it('rejects counts that are not whole numbers and bad times', () => {
    expect(() => scanEvidenceFromTags({ 'scan.high': 'two' })).toThrow(
      new UsageError(
        'image version tags: tag scan.high has an invalid value "two": expected a whole number of findings (0-100000).',
      ),
    )
    expect(() => scanEvidenceFromTags({ 'scan.high': '-1' })).toThrow(UsageError)
    expect(() => scanEvidenceFromTags({ 'scan.high': '1.5' })).toThrow(UsageError)
    expect(() => scanEvidenceFromTags({ 'scan.high': '100001' })).toThrow(UsageError)
    expect(() => scanEvidenceFromTags({ 'scan.high': '' })).toThrow(UsageError)
    expect(() => scanEvidenceFromTags({ 'scan.high': '0', 'scan.at': 'yesterday' })).toThrow(
      new UsageError(
        'image version tags: tag scan.at has an invalid value "yesterday": expected an ISO 8601 time like 2026-11-20T10:00:00Z.',
      ),
    )
  })
})
