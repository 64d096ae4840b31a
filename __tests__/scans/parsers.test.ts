import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.js'
import { detectFormat, parseReport } from '../../src/scans/parsers/index.js'
import { vulnerabilityId } from '../../src/scans/parsers/sarif.js'
import type { FindingSeverity, ParsedReport } from '../../src/core/evidence.js'
import { fixtureJson, fixtureText } from './fixtures.js'

function parseFixture(name: string): ParsedReport {
  return parseReport(fixtureText(name), name)
}

function countsOf(report: ParsedReport): Partial<Record<FindingSeverity, number>> {
  const counts: Partial<Record<FindingSeverity, number>> = {}
  for (const f of report.findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1
  return counts
}

function rows(report: ParsedReport) {
  return report.findings.map((f) => [f.id, f.severity, f.package, f.installedVersion, f.fixedVersion])
}

describe('detection by content', () => {
  it.each([
    ['trivy-alpine-310.json', 'trivy'],
    ['trivy-alpine-39-high-critical.json', 'trivy'],
    ['trivy-debian-buster.json', 'trivy'],
    ['trivy-alpine-310.sarif', 'sarif'],
    ['grype-image.json', 'grype'],
    ['grype-image.sarif', 'sarif'],
  ])('%s is %s', (name, format) => {
    expect(detectFormat(fixtureJson(name))?.format).toBe(format)
    expect(parseFixture(name).format).toBe(format)
  })

  it('ignores the extension', () => {
    expect(parseReport(fixtureText('grype-image.sarif'), 'scan.json').format).toBe('sarif')
    expect(parseReport(fixtureText('trivy-alpine-310.json'), 'scan.sarif').format).toBe('trivy')
    expect(parseReport(fixtureText('grype-image.json'), 'report.txt').format).toBe('grype')
  })

  it('rejects JSON of an unknown format, naming the file', () => {
    expect(() => parseReport('{"vulnerabilities": []}', 'reports/other.json')).toThrow(
      new UsageError(
        'reports/other.json: unknown scan report format; expected Trivy JSON (SchemaVersion 2), Grype JSON or SARIF 2.1.0.',
      ),
    )
    expect(() => parseReport('[]', 'list.json')).toThrow(/^list\.json: unknown scan report format/)
  })

  it('rejects invalid JSON, naming the file', () => {
    const error = captureError(() => parseReport('{"SchemaVersion": 2,', 'reports/broken.json'))
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message).toMatch(/^reports\/broken\.json: the scan report is not valid JSON \(.+\)\.$/)
  })

  it('accepts a byte-order mark', () => {
    expect(parseReport(`\ufeff${fixtureText('grype-image.json')}`, 'g.json').findings).toHaveLength(2)
  })
})

describe('Trivy JSON', () => {
  it('trivy-alpine-310.json: 4 MEDIUM', () => {
    const report = parseFixture('trivy-alpine-310.json')
    expect(countsOf(report)).toEqual({ medium: 4 })
    expect(rows(report)).toEqual([
      ['CVE-2019-1549', 'medium', 'libcrypto1.1', '1.1.1c-r0', '1.1.1d-r0'],
      ['CVE-2019-1551', 'medium', 'libcrypto1.1', '1.1.1c-r0', '1.1.1d-r2'],
      ['CVE-2019-1549', 'medium', 'libssl1.1', '1.1.1c-r0', '1.1.1d-r0'],
      ['CVE-2019-1551', 'medium', 'libssl1.1', '1.1.1c-r0', '1.1.1d-r2'],
    ])
    expect(report.subjectDigests).toEqual([
      'sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4',
    ])
    expect(report.tool).toBe('Trivy dev')
    expect(report.scannedAt?.toISOString()).toBe('2021-08-25T12:20:30.000Z')
    expect(report.findings.every((f) => f.source === 'trivy-alpine-310.json')).toBe(true)
  })

  it('trivy-alpine-39-high-critical.json: 2 CRITICAL', () => {
    const report = parseFixture('trivy-alpine-39-high-critical.json')
    expect(countsOf(report)).toEqual({ critical: 2 })
    expect(rows(report)).toEqual([
      ['CVE-2019-14697', 'critical', 'musl', '1.1.20-r4', '1.1.20-r5'],
      ['CVE-2019-14697', 'critical', 'musl-utils', '1.1.20-r4', '1.1.20-r5'],
    ])
  })

  it('trivy-debian-buster.json: 1 CRITICAL + 1 LOW', () => {
    const report = parseFixture('trivy-debian-buster.json')
    expect(countsOf(report)).toEqual({ critical: 1, low: 1 })
    expect(rows(report)).toEqual([
      ['CVE-2019-18276', 'low', 'bash', '5.0-4', undefined],
      ['CVE-2019-18224', 'critical', 'libidn2-0', '2.0.5-1', '2.0.5-1+deb10u1'],
    ])
  })

  it('reads RepoDigests and ImageID as subject digests; missing Vulnerabilities means none', () => {
    const digest = 'sha256:' + 'a'.repeat(64)
    const config = 'sha256:' + 'B'.repeat(64)
    const report = parseReport(
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: 'alpine:3.19',
        Metadata: { RepoDigests: [`alpine@${digest}`], ImageID: config },
        Results: [
          { Target: 'alpine:3.19 (alpine 3.19.1)', Class: 'os-pkgs' },
          { Target: 'x', Vulnerabilities: null },
        ],
      }),
      't.json',
    )
    expect(report.findings).toEqual([])
    expect(report.subjectDigests).toEqual([digest, config.toLowerCase()])
  })

  it('maps UNKNOWN and unrecognised severities to unknown', () => {
    const report = parseReport(
      JSON.stringify({
        SchemaVersion: 2,
        Results: [
          {
            Vulnerabilities: [
              { VulnerabilityID: 'CVE-2024-0001', Severity: 'UNKNOWN' },
              { VulnerabilityID: 'CVE-2024-0002', Severity: 'SEVERE' },
            ],
          },
        ],
      }),
      't.json',
    )
    expect(report.findings.map((f) => f.severity)).toEqual(['unknown', 'unknown'])
    expect(report.subjectDigests).toEqual([])
  })

  it('rejects other schema versions and malformed findings', () => {
    expect(() => parseReport('{"SchemaVersion": 1, "Results": []}', 'old.json')).toThrow(
      new UsageError('old.json: not a valid Trivy report: SchemaVersion: expected 2, got 1.'),
    )
    expect(() =>
      parseReport(
        '{"SchemaVersion": 2, "Results": [{"Vulnerabilities": [{"Severity": "HIGH"}]}]}',
        'bad.json',
      ),
    ).toThrow(
      new UsageError(
        'bad.json: not a valid Trivy report: Results[0].Vulnerabilities[0].VulnerabilityID: expected a vulnerability id.',
      ),
    )
  })
})

describe('Grype JSON', () => {
  it('grype-image.json: 1 Low + 1 Critical, fix versions, manifest and config digests', () => {
    const report = parseFixture('grype-image.json')
    expect(countsOf(report)).toEqual({ low: 1, critical: 1 })
    expect(rows(report)).toEqual([
      ['CVE-1999-0001', 'low', 'package-1', '1.1.1', '1.2.1, 2.1.3, 3.4.0'],
      ['CVE-1999-0002', 'critical', 'package-2', '2.2.2', undefined],
    ])
    expect(report.subjectDigests).toEqual([
      'sha256:ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5',
      'sha256:ab5608d634db2716a297adbfa6a5dd5d8f8f5a7d0cab73649ea7fbb8c8da544f',
    ])
    expect(report.tool).toBe('grype')
    expect(report.scannedAt).toBeUndefined()
  })

  it('maps Negligible to low and reads repoDigests', () => {
    const digest = 'sha256:' + 'c'.repeat(64)
    const report = parseReport(
      JSON.stringify({
        matches: [
          {
            vulnerability: { id: 'GHSA-aaaa-bbbb-cccc', severity: 'Negligible', fix: { state: 'not-fixed' } },
          },
        ],
        source: { type: 'image', target: { repoDigests: [`registry.example/app@${digest}`] } },
      }),
      'g.json',
    )
    expect(rows(report)).toEqual([['GHSA-aaaa-bbbb-cccc', 'low', undefined, undefined, undefined]])
    expect(report.subjectDigests).toEqual([digest])
  })

  it('directory scans name no digest', () => {
    const report = parseReport(
      JSON.stringify({ matches: [], source: { type: 'directory', target: '.' } }),
      'g.json',
    )
    expect(report.subjectDigests).toEqual([])
    expect(report.findings).toEqual([])
  })
})

describe('SARIF 2.1.0', () => {
  it('trivy-alpine-310.sarif: 4 medium from security-severity 5.3, package per result', () => {
    const report = parseFixture('trivy-alpine-310.sarif')
    expect(countsOf(report)).toEqual({ medium: 4 })
    expect(rows(report)).toEqual([
      ['CVE-2019-1549', 'medium', 'libcrypto1.1', '1.1.1c-r0', '1.1.1d-r0'],
      ['CVE-2019-1551', 'medium', 'libcrypto1.1', '1.1.1c-r0', '1.1.1d-r2'],
      ['CVE-2019-1549', 'medium', 'libssl1.1', '1.1.1c-r0', '1.1.1d-r0'],
      ['CVE-2019-1551', 'medium', 'libssl1.1', '1.1.1c-r0', '1.1.1d-r2'],
    ])
    // runs[].properties.imageID
    expect(report.subjectDigests).toEqual([
      'sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4',
    ])
    expect(report.tool).toBe('Trivy dev')
    expect(report.findings[0]?.title).toBe('openssl: information disclosure in fork()')
  })

  it('grype-image.sarif: 2 high (CVSS 8.2 and 8.5), ids cut from the rule ids', () => {
    // Grype's JSON says Low and Critical for these two; its SARIF carries the CVSS base score, which wins.
    const report = parseFixture('grype-image.sarif')
    expect(countsOf(report)).toEqual({ high: 2 })
    expect(rows(report)).toEqual([
      ['CVE-1999-0001', 'high', 'package-1', '1.1.1', '1.2.1,2.1.3,3.4.0'],
      ['CVE-1999-0002', 'high', 'package-2', '2.2.2', undefined],
    ])
    expect(report.subjectDigests).toEqual([])
    expect(report.tool).toBe('grype 0.0.0-dev')
  })

  function sarif(rules: unknown[], results: unknown[], runProps?: unknown): string {
    return JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'scanner', rules } }, results, properties: runProps }],
    })
  }

  it('falls back to rule tags, then the result level', () => {
    const report = parseReport(
      sarif(
        [
          { id: 'R1', properties: { tags: ['security', 'CRITICAL'] } },
          { id: 'R2', properties: { 'security-severity': '0.0', tags: ['low'] } },
          { id: 'R3' },
          { id: 'R4', defaultConfiguration: { level: 'note' } },
          { id: 'R5', properties: { 'security-severity': 9.8 } },
        ],
        [
          { ruleId: 'R1', level: 'note', message: { text: 'x' } },
          { ruleId: 'R2', message: { text: 'x' } },
          { ruleId: 'R3', level: 'error', message: { text: 'x' } },
          { ruleId: 'R3', level: 'warning', message: { text: 'x' } },
          { ruleId: 'R3', level: 'note', message: { text: 'x' } },
          { ruleId: 'R3', level: 'none', message: { text: 'x' } },
          { ruleId: 'R3', message: { text: 'x' } },
          { ruleId: 'R4', message: { text: 'x' } },
          { ruleIndex: 4, message: { text: 'x' } },
          { ruleId: 'R3', kind: 'pass', level: 'error', message: { text: 'x' } },
        ],
      ),
      's.sarif',
    )
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['R1', 'critical'],
      ['R2', 'low'],
      ['R3', 'high'],
      ['R3', 'medium'],
      ['R3', 'low'],
      ['R3', 'unknown'],
      ['R3', 'medium'],
      ['R4', 'low'],
      ['R5', 'critical'],
    ])
  })

  it('maps CVSS scores at the boundaries', () => {
    const scores = ['9.0', '8.9', '7.0', '6.9', '4.0', '3.9', '0.1']
    const report = parseReport(
      sarif(
        scores.map((s, i) => ({ id: `R${i}`, properties: { 'security-severity': s } })),
        scores.map((_, i) => ({ ruleId: `R${i}`, message: { text: 'x' } })),
      ),
      's.sarif',
    )
    expect(report.findings.map((f) => f.severity)).toEqual([
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ])
  })

  it('finds subject digests in run properties and artifact URIs', () => {
    const manifest = 'sha256:' + 'd'.repeat(64)
    const other = 'sha256:' + 'e'.repeat(64)
    const report = parseReport(
      sarif(
        [],
        [
          {
            ruleId: 'CVE-2024-0001',
            message: { text: 'x' },
            locations: [{ physicalLocation: { artifactLocation: { uri: `oci://registry/app@${other}` } } }],
          },
        ],
        { repoDigests: [`registry/app@${manifest}`], imageName: 'registry/app' },
      ),
      's.sarif',
    )
    expect(report.subjectDigests).toEqual([manifest, other])
  })

  it('cuts CVE and GHSA ids from rule ids, keeps other rule ids', () => {
    expect(vulnerabilityId('CVE-1999-0001-package-1')).toBe('CVE-1999-0001')
    expect(vulnerabilityId('CVE-2024-12345')).toBe('CVE-2024-12345')
    expect(vulnerabilityId('GHSA-jfh8-c2jp-5v3q-lodash')).toBe('GHSA-jfh8-c2jp-5v3q')
    expect(vulnerabilityId('AVD-DS-0002')).toBe('AVD-DS-0002')
    expect(vulnerabilityId('CVE-2024-1234x')).toBe('CVE-2024-1234x')
  })

  it('rejects other SARIF versions and results without a rule', () => {
    expect(() => parseReport('{"version": "2.0.0", "runs": []}', 'old.sarif')).toThrow(
      new UsageError('old.sarif: not a valid SARIF report: version: expected 2.1.0, got "2.0.0".'),
    )
    expect(() => parseReport(sarif([], [{ message: { text: 'x' } }]), 'r.sarif')).toThrow(
      new UsageError('r.sarif: not a valid SARIF report: runs[0].results[0].ruleId: expected a rule id.'),
    )
  })
})

function captureError(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}
