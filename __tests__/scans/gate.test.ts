import { describe, expect, it } from 'vitest'
import type { Gate } from '../../src/core/model.js'
import type { Allowance, ScanPolicy, SeverityThreshold } from '../../src/core/policy.js'
import { blocks, evaluateScans } from '../../src/scans/gate.js'
import { parseReport } from '../../src/scans/parsers/index.js'
import type { Finding, FindingSeverity, ParsedReport } from '../../src/core/evidence.js'
import { fixtureText } from './fixtures.js'

const now = new Date('2026-11-23T12:00:00Z')
const GRYPE_MANIFEST = 'sha256:ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5'
const GRYPE_CONFIG = 'sha256:ab5608d634db2716a297adbfa6a5dd5d8f8f5a7d0cab73649ea7fbb8c8da544f'
const ALPINE310_IMAGE = 'sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4'

function fixture(name: string): ParsedReport {
  return parseReport(fixtureText(name), name)
}

function policy(failOn: SeverityThreshold, allow: Allowance[] = [], required = false): ScanPolicy {
  return { required, failOn, allow }
}

function gate(gates: Gate[], id: string): Gate | undefined {
  return gates.find((g) => g.id === id)
}

function report(path: string, severities: FindingSeverity[], subjectDigests: string[] = []): ParsedReport {
  const findings: Finding[] = severities.map((severity, i) => ({
    id: `CVE-2026-${1000 + i}`,
    severity,
    source: path,
  }))
  return { path, format: 'trivy', subjectDigests, findings }
}

describe('thresholds on the real reports', () => {
  const all = [
    'trivy-alpine-310.json',
    'trivy-alpine-39-high-critical.json',
    'trivy-debian-buster.json',
    'grype-image.json',
  ].map(fixture)

  it('high: the criticals block, named in the details', () => {
    const { gates, summary } = evaluateScans({ reports: all, policy: policy('high'), now })
    expect(summary.counts).toEqual({ critical: 4, high: 0, medium: 4, low: 2, unknown: 0 })
    expect(summary.blocking.map((f) => f.id)).toEqual([
      'CVE-2019-14697',
      'CVE-2019-14697',
      'CVE-2019-18224',
      'CVE-1999-0002',
    ])
    expect(gates).toEqual([
      {
        id: 'scan',
        title: 'Vulnerability scan',
        status: 'fail',
        details:
          '4 findings at or above high not allowed: CVE-1999-0002 (critical), CVE-2019-14697 (critical), ' +
          'CVE-2019-18224 (critical); 4 reports (4 critical, 4 medium, 2 low)',
      },
    ])
    expect(summary.threshold).toBe('high')
    expect(summary.reports).toEqual([
      { path: 'trivy-alpine-310.json', format: 'trivy', subjectDigests: [ALPINE310_IMAGE], findings: 4 },
      {
        path: 'trivy-alpine-39-high-critical.json',
        format: 'trivy',
        subjectDigests: ['sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1'],
        findings: 2,
      },
      {
        path: 'trivy-debian-buster.json',
        format: 'trivy',
        subjectDigests: ['sha256:c2c03a296d2329a4f3ab72a7bf38b78a8a80108204d326b0139d6af700e152d1'],
        findings: 2,
      },
      {
        path: 'grype-image.json',
        format: 'grype',
        subjectDigests: [GRYPE_MANIFEST, GRYPE_CONFIG],
        findings: 2,
      },
    ])
  })

  it('medium blocks the 4 MEDIUM of alpine 3.10; critical does not', () => {
    const reports = [fixture('trivy-alpine-310.json')]
    const medium = evaluateScans({ reports, policy: policy('medium'), now })
    expect(medium.summary.blocking).toHaveLength(4)
    expect(gate(medium.gates, 'scan')?.details).toBe(
      '4 findings at or above medium not allowed: CVE-2019-1549 (medium), CVE-2019-1551 (medium); 1 report (4 medium)',
    )
    const critical = evaluateScans({ reports, policy: policy('critical'), now })
    expect(gate(critical.gates, 'scan')).toEqual({
      id: 'scan',
      title: 'Vulnerability scan',
      status: 'pass',
      details: 'no finding at or above critical; 1 report (4 medium)',
    })
  })

  it('low blocks the LOW of debian buster', () => {
    const { summary } = evaluateScans({
      reports: [fixture('trivy-debian-buster.json')],
      policy: policy('low'),
      now,
    })
    expect(summary.blocking.map((f) => [f.id, f.severity])).toEqual([
      ['CVE-2019-18276', 'low'],
      ['CVE-2019-18224', 'critical'],
    ])
  })

  it('none: nothing blocks but findings are counted', () => {
    const { gates, summary } = evaluateScans({ reports: all, policy: policy('none'), now })
    expect(summary.blocking).toEqual([])
    expect(summary.counts).toEqual({ critical: 4, high: 0, medium: 4, low: 2, unknown: 0 })
    expect(gates).toEqual([
      {
        id: 'scan',
        title: 'Vulnerability scan',
        status: 'pass',
        details: 'threshold none: nothing blocks; 4 reports (4 critical, 4 medium, 2 low)',
      },
    ])
  })
})

describe('unknown severity', () => {
  it('blocks only at threshold low', () => {
    expect(blocks('unknown', 'low')).toBe(true)
    expect(blocks('unknown', 'medium')).toBe(false)
    expect(blocks('unknown', 'high')).toBe(false)
    expect(blocks('unknown', 'critical')).toBe(false)
    expect(blocks('unknown', 'none')).toBe(false)
    const reports = [report('u.json', ['unknown'])]
    expect(evaluateScans({ reports, policy: policy('low'), now }).summary.blocking).toHaveLength(1)
    const high = evaluateScans({ reports, policy: policy('high'), now })
    expect(high.summary.blocking).toHaveLength(0)
    expect(high.summary.counts.unknown).toBe(1)
  })

  it('ranks the known severities', () => {
    expect(blocks('high', 'high')).toBe(true)
    expect(blocks('medium', 'high')).toBe(false)
    expect(blocks('critical', 'critical')).toBe(true)
    expect(blocks('low', 'medium')).toBe(false)
    expect(blocks('critical', 'none')).toBe(false)
  })
})

describe('scan evidence required', () => {
  it('required with no reports fails closed', () => {
    const { gates, summary } = evaluateScans({ reports: [], policy: policy('high', [], true), now })
    expect(gates).toEqual([
      {
        id: 'scan',
        title: 'Vulnerability scan',
        status: 'fail',
        details: 'no scan evidence: the policy requires a scan report (scans.required) and none was given',
      },
    ])
    expect(summary.reports).toEqual([])
  })

  it('not required with no reports skips', () => {
    const { gates } = evaluateScans({
      reports: [],
      policy: policy('high'),
      now,
      subjectDigest: GRYPE_MANIFEST,
    })
    expect(gates).toEqual([
      {
        id: 'scan',
        title: 'Vulnerability scan',
        status: 'skip',
        details: 'no scan reports given; the policy does not require one',
      },
    ])
  })

  it('required with a clean report passes', () => {
    const { gates } = evaluateScans({
      reports: [report('clean.json', [])],
      policy: policy('high', [], true),
      now,
    })
    expect(gates).toEqual([
      {
        id: 'scan',
        title: 'Vulnerability scan',
        status: 'pass',
        details: 'no finding at or above high; 1 report (no findings)',
      },
    ])
  })
})

describe('allowances', () => {
  const alpine39 = () => [fixture('trivy-alpine-39-high-critical.json')]

  it('an unexpired allowance lets the finding through, matched case-insensitively', () => {
    const allowance = {
      id: 'cve-2019-14697',
      until: new Date('2026-12-31T00:00:00Z'),
      reason: 'not reachable',
    }
    const { gates, summary } = evaluateScans({
      reports: alpine39(),
      policy: policy('high', [allowance]),
      now,
    })
    expect(summary.blocking).toEqual([])
    expect(summary.allowed.map((a) => [a.finding.id, a.finding.package, a.allowance])).toEqual([
      ['CVE-2019-14697', 'musl', allowance],
      ['CVE-2019-14697', 'musl-utils', allowance],
    ])
    expect(summary.expired).toEqual([])
    expect(gates).toEqual([
      {
        id: 'scan',
        title: 'Vulnerability scan',
        status: 'pass',
        details: 'no finding at or above high, 2 allowed; 1 report (2 critical)',
      },
      { id: 'scan-allowances', title: 'Scan allowances', status: 'pass', details: '2 findings allowed' },
    ])
  })

  it('counts through the end of the until day (UTC), then expires with a warning', () => {
    const allowance = { id: 'CVE-2019-14697', until: new Date('2026-11-23T00:00:00Z') }
    const lastMoment = new Date('2026-11-23T23:59:59.999Z')
    const stillValid = evaluateScans({
      reports: alpine39(),
      policy: policy('high', [allowance]),
      now: lastMoment,
    })
    expect(stillValid.summary.blocking).toEqual([])

    const nextDay = new Date('2026-11-24T00:00:00Z')
    const { gates, summary } = evaluateScans({
      reports: alpine39(),
      policy: policy('high', [allowance]),
      now: nextDay,
    })
    expect(summary.blocking).toHaveLength(2)
    expect(summary.allowed).toEqual([])
    expect(summary.expired).toEqual([allowance])
    expect(gate(gates, 'scan')?.status).toBe('fail')
    expect(gate(gates, 'scan-allowances')).toEqual({
      id: 'scan-allowances',
      title: 'Scan allowances',
      status: 'warn',
      details:
        '1 expired allowance ignored: CVE-2019-14697 (until 2026-11-23); no finding needed an allowance',
    })
  })

  it('an allowance without until never expires; an allowance for another id does not help', () => {
    const { summary } = evaluateScans({
      reports: alpine39(),
      policy: policy('high', [{ id: 'CVE-2019-14697' }, { id: 'CVE-2019-1469' }]),
      now,
    })
    expect(summary.allowed).toHaveLength(2)
    expect(summary.allowed.every((a) => a.allowance.id === 'CVE-2019-14697')).toBe(true)
  })

  it('only findings at or above the threshold are listed as allowed', () => {
    const { summary, gates } = evaluateScans({
      reports: [fixture('trivy-debian-buster.json')],
      policy: policy('high', [{ id: 'CVE-2019-18276' }]),
      now,
    })
    expect(summary.allowed).toEqual([])
    expect(summary.blocking.map((f) => f.id)).toEqual(['CVE-2019-18224'])
    expect(gate(gates, 'scan-allowances')?.details).toBe('no finding needed an allowance')
  })

  it('lists the first five expired allowances, then "and N more"', () => {
    const expired = Array.from({ length: 7 }, (_, i) => ({
      id: `CVE-2020-000${i}`,
      until: new Date('2026-01-0' + (i + 1)),
    }))
    const { gates } = evaluateScans({ reports: [], policy: policy('high', expired), now })
    expect(gate(gates, 'scan-allowances')?.details).toBe(
      '7 expired allowances ignored: CVE-2020-0000 (until 2026-01-01), CVE-2020-0001 (until 2026-01-02), ' +
        'CVE-2020-0002 (until 2026-01-03), CVE-2020-0003 (until 2026-01-04), CVE-2020-0004 (until 2026-01-05) ' +
        'and 2 more; no finding needed an allowance',
    )
  })
})

describe('blocking details', () => {
  it('names the first five distinct ids, worst first, then "and N more"', () => {
    const severities: FindingSeverity[] = [
      'low',
      'high',
      'critical',
      'medium',
      'high',
      'critical',
      'low',
      'medium',
    ]
    const { gates } = evaluateScans({ reports: [report('r.json', severities)], policy: policy('low'), now })
    expect(gate(gates, 'scan')?.details).toBe(
      '8 findings at or above low not allowed: CVE-2026-1002 (critical), CVE-2026-1005 (critical), ' +
        'CVE-2026-1001 (high), CVE-2026-1004 (high), CVE-2026-1003 (medium) and 3 more; ' +
        '1 report (2 critical, 2 high, 2 medium, 2 low)',
    )
  })
})

describe('digest binding', () => {
  const grype = () => [fixture('grype-image.json')]

  it('passes when the report names the promoted digest (also as repo@digest, any case)', () => {
    for (const subject of [
      GRYPE_MANIFEST,
      `registry.example/app@${GRYPE_MANIFEST.toUpperCase().replace('SHA256', 'sha256')}`,
    ]) {
      const { gates } = evaluateScans({
        reports: grype(),
        policy: policy('none'),
        now,
        subjectDigest: subject,
      })
      expect(gate(gates, 'scan-digest')).toEqual({
        id: 'scan-digest',
        title: 'Scan subject digest',
        status: 'pass',
        details: `the report names ${GRYPE_MANIFEST}`,
      })
    }
  })

  it('fails when the report names other digests, naming both', () => {
    const other = 'sha256:' + '1'.repeat(64)
    const { gates } = evaluateScans({ reports: grype(), policy: policy('none'), now, subjectDigest: other })
    expect(gate(gates, 'scan-digest')).toEqual({
      id: 'scan-digest',
      title: 'Scan subject digest',
      status: 'fail',
      details: `scanned a different image: grype-image.json names ${GRYPE_MANIFEST}, ${GRYPE_CONFIG}; promoting ${other}`,
    })
  })

  it('accepts the config digest (Trivy ImageID) when the caller passes it too', () => {
    const manifest = 'sha256:' + '2'.repeat(64)
    const reports = [fixture('trivy-alpine-310.json')]
    const manifestOnly = evaluateScans({ reports, policy: policy('none'), now, subjectDigest: manifest })
    expect(gate(manifestOnly.gates, 'scan-digest')?.status).toBe('fail')
    const both = evaluateScans({
      reports,
      policy: policy('none'),
      now,
      subjectDigest: [manifest, ALPINE310_IMAGE],
    })
    expect(gate(both.gates, 'scan-digest')).toEqual({
      id: 'scan-digest',
      title: 'Scan subject digest',
      status: 'pass',
      details: `the report names ${manifest} or ${ALPINE310_IMAGE}`,
    })
  })

  it('warns when a report names no digest', () => {
    const reports = [...grype(), fixture('grype-image.sarif')]
    const { gates } = evaluateScans({ reports, policy: policy('none'), now, subjectDigest: GRYPE_MANIFEST })
    expect(gate(gates, 'scan-digest')).toEqual({
      id: 'scan-digest',
      title: 'Scan subject digest',
      status: 'warn',
      details: `cannot bind grype-image.sarif to ${GRYPE_MANIFEST}: no image digest in the report; grype-image.json match`,
    })
  })

  it('one mismatching report fails even when another matches', () => {
    const reports = [...grype(), fixture('trivy-debian-buster.json')]
    const { gates } = evaluateScans({ reports, policy: policy('none'), now, subjectDigest: GRYPE_MANIFEST })
    expect(gate(gates, 'scan-digest')?.status).toBe('fail')
    expect(gate(gates, 'scan-digest')?.details).toBe(
      'scanned a different image: trivy-debian-buster.json names ' +
        `sha256:c2c03a296d2329a4f3ab72a7bf38b78a8a80108204d326b0139d6af700e152d1; promoting ${GRYPE_MANIFEST}`,
    )
  })

  it('no subject digest given: no binding gate', () => {
    const { gates } = evaluateScans({ reports: grype(), policy: policy('none'), now })
    expect(gate(gates, 'scan-digest')).toBeUndefined()
  })
})
