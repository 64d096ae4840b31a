// Run results for the report tests.
import type { ChangeOutcome, Plan, RunResult } from '../../src/core/model.js'
import type { Finding, ScanSummary } from '../../src/core/evidence.js'

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    target: { kind: 'gallery', key: 'sub-1/rg-images/gal/ubuntu-2404', display: 'gal/ubuntu-2404' },
    operation: 'promote',
    ring: 'prod',
    version: '1.4.0',
    imageId:
      '/subscriptions/sub-1/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal/images/ubuntu-2404/versions/1.4.0',
    previousVersion: '1.3.2',
    regions: ['eastus', 'westeurope'],
    gates: [
      { id: 'exists', title: 'Version exists', status: 'pass', details: '1.4.0 is Succeeded' },
      {
        id: 'ring-order',
        title: 'Ring order',
        status: 'pass',
        details: 'in staging since 2026-11-20 (soak 48h met)',
      },
      { id: 'replication', title: 'Replication', status: 'pass', details: 'eastus 2/2, westeurope 2/2' },
    ],
    changes: [
      {
        id: 'version:1.4.0',
        resource: '1.4.0',
        summary: 'tags ring:prod added; excludeFromLatest true → false',
        payload: {},
      },
      {
        id: 'version:1.3.2',
        resource: '1.3.2',
        summary: 'tags ring:prod removed; excludeFromLatest false → true',
        payload: {},
      },
    ],
    transitions: [
      { subject: 'latest in eastus', before: '1.3.2', after: '1.4.0' },
      { subject: 'latest in westeurope', before: '1.3.2', after: '1.4.0' },
    ],
    notes: ['Resolved from range ^1.4'],
    ...overrides,
  }
}

export function applied(p: Plan): ChangeOutcome[] {
  return p.changes.map((change) => ({ change, status: 'applied' as const }))
}

export function notAttempted(p: Plan): ChangeOutcome[] {
  return p.changes.map((change) => ({ change, status: 'not-attempted' as const }))
}

export function promoted(overrides: Partial<RunResult> = {}): RunResult {
  const p = plan()
  return {
    verdict: 'promoted',
    dryRun: false,
    plan: p,
    outcomes: applied(p),
    verification: [
      { id: 'read-back', title: 'Read back', status: 'pass', details: 'all intended values hold' },
    ],
    ...overrides,
  }
}

export function finding(i: number, overrides: Partial<Finding> = {}): Finding {
  return {
    id: `CVE-2026-${String(10000 + i)}`,
    severity: i % 2 === 0 ? 'critical' : 'high',
    package: `pkg-${i}`,
    installedVersion: '1.0.0',
    fixedVersion: '1.0.1',
    title: `Problem ${i}`,
    source: 'reports/trivy.json',
    ...overrides,
  }
}

export function scan(blocking: Finding[], overrides: Partial<ScanSummary> = {}): ScanSummary {
  return {
    threshold: 'high',
    reports: [
      {
        path: 'reports/trivy.json',
        format: 'trivy',
        subjectDigests: ['sha256:' + 'ab'.repeat(32)],
        findings: blocking.length + 3,
      },
    ],
    counts: {
      critical: blocking.filter((f) => f.severity === 'critical').length,
      high: blocking.filter((f) => f.severity === 'high').length,
      medium: 2,
      low: 1,
      unknown: 0,
    },
    blocking,
    allowed: [],
    expired: [],
    ...overrides,
  }
}
