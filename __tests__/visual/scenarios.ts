// The runs a reviewer meets, as the report renderers receive them: used by the layout test (rendered in
// Chromium) and by `npm run screenshots`. Values are what the engine produces for such runs.
import type { Gate, Plan, RunResult } from '../../src/core/model.js'
import type { CommentContext, RegionState, SummaryContext } from '../../src/report/types.js'
import { applied, finding, notAttempted, plan, scan } from '../report/builders.js'

export interface Scenario {
  name: string
  /** A success: its rendered summary must fit 900 px at 1,000 px wide. */
  success: boolean
  result: RunResult
  summary: SummaryContext
  comment: CommentContext
  /** The comment as an earlier ring's job left it. */
  previousComment?: { result: RunResult; context: CommentContext }
}

const now = new Date('2026-12-03T18:00:00Z')
const runUrl = 'https://github.com/octo-org/images/actions/runs/9876543210'
const rings = ['canary', 'staging', 'prod']
const policy = {
  path: '.github/promotion-policy.yml',
  blobSha: '3b18e512dba79e4c8300dd08aeb37f8e728b8dad',
  url: 'https://github.com/octo-org/images/blob/5f1c2a9e/.github/promotion-policy.yml',
}
const digest = `sha256:${'4f9a1c7e0b2d'.repeat(5)}3a1b`
const previousDigest = `sha256:${'9e8d7c6b5a41'.repeat(5)}c0de`
const approvals = [{ login: 'maria-ops', environments: ['production'], at: '2026-12-03T17:58:10Z' }]

const passing: Gate[] = [
  { id: 'exists', title: 'Version exists', status: 'pass', details: '1.4.0 found' },
  { id: 'provisioning', title: 'Provisioning', status: 'pass', details: 'provisioningState is Succeeded' },
  { id: 'end-of-life', title: 'End of life', status: 'pass', details: 'no end-of-life date' },
  { id: 'policy-violation', title: 'Policy violation', status: 'pass', details: 'not reported' },
  {
    id: 'ring-order',
    title: 'Ring order',
    status: 'pass',
    details: '1.4.0 entered staging at 2026-11-30T10:00:00Z',
  },
  { id: 'soak', title: 'Soak', status: 'pass', details: '1.4.0 soaked in staging for 3d 8h (needs 48h)' },
  { id: 'approval', title: 'Approval', status: 'pass', details: 'approved by maria-ops' },
]

const twoRegions = ['eastus', 'westeurope']

function galleryPlan(overrides: Partial<Plan>): Plan {
  return plan({ gates: [...passing], notes: [], ...overrides })
}

function replicated(regions: string[]): Gate {
  return {
    id: 'replication',
    title: 'Replication',
    status: 'pass',
    details: `Completed in ${regions.map((r) => `${r} (2)`).join(', ')}`,
  }
}

const TWELVE = [
  'eastus',
  'eastus2',
  'westus2',
  'westus3',
  'centralus',
  'northeurope',
  'westeurope',
  'uksouth',
  'swedencentral',
  'japaneast',
  'australiaeast',
  'southeastasia',
]

function canary(): Scenario {
  const p = galleryPlan({
    ring: 'canary',
    previousVersion: '1.3.2',
    regions: ['eastus'],
    gates: [
      ...passing.slice(0, 4),
      { id: 'ring-order', title: 'Ring order', status: 'pass', details: 'canary has no prerequisite ring' },
      replicated(['eastus']),
    ],
    transitions: [{ subject: 'ring canary', before: '1.3.2', after: '1.4.0' }],
  })
  const result: RunResult = {
    verdict: 'promoted',
    dryRun: false,
    plan: p,
    outcomes: applied(p),
    verification: [
      { id: 'read-back', title: 'Read back', status: 'pass', details: 'all intended values hold' },
    ],
  }
  const facts = { runUrl, policy, durationMs: 41_000, now }
  return {
    name: 'canary',
    success: true,
    result,
    summary: { ...facts },
    comment: {
      ...facts,
      rings,
      ringState: [
        { ring: 'canary', version: '1.4.0', since: '2026-12-03T17:59:00Z' },
        { ring: 'staging', version: '1.3.2', since: '2026-11-20T09:00:00Z' },
        { ring: 'prod', version: '1.3.1', since: '2026-11-12T15:30:00Z' },
      ],
    },
  }
}

function prodLatest(): Scenario {
  const p = galleryPlan({
    regions: twoRegions,
    gates: [...passing, replicated(twoRegions)],
    transitions: [
      { subject: 'ring prod', before: '1.3.2', after: '1.4.0' },
      { subject: 'latest in eastus', before: '1.3.2', after: '1.4.0' },
      { subject: 'latest in westeurope', before: '1.3.2', after: '1.4.0' },
    ],
  })
  const result: RunResult = {
    verdict: 'promoted',
    dryRun: false,
    plan: p,
    outcomes: applied(p),
    verification: [
      { id: 'read-back', title: 'Read back', status: 'pass', details: 'all intended values hold' },
    ],
    approvedBy: ['maria-ops'],
  }
  const facts = { runUrl, policy, durationMs: 72_000, now }
  return {
    name: 'prod',
    success: true,
    result,
    summary: {
      ...facts,
      approvals,
      outputs: { promoted: 'true', version: '1.4.0', ring: 'prod', 'previous-version': '1.3.2' },
    },
    comment: {
      ...facts,
      rings,
      ringState: [
        { ring: 'canary', version: '1.4.0', since: '2026-11-28T10:00:00Z' },
        { ring: 'staging', version: '1.4.0', since: '2026-11-30T10:00:00Z' },
        { ring: 'prod', version: '1.4.0', since: '2026-12-03T17:59:30Z' },
      ],
    },
  }
}

function blockedScan(): Scenario {
  const blocking = [
    finding(1, {
      id: 'CVE-2026-31337',
      severity: 'critical',
      package: 'openssl',
      installedVersion: '3.0.13-1',
      fixedVersion: '3.0.15-1',
    }),
    finding(2, {
      id: 'CVE-2026-20411',
      severity: 'high',
      package: 'libxml2',
      installedVersion: '2.9.14',
      fixedVersion: '2.9.14+dfsg-1.3',
    }),
    finding(3, {
      id: 'CVE-2026-18802',
      severity: 'high',
      package: 'curl',
      installedVersion: '7.88.1-10',
      fixedVersion: '7.88.1-10+deb12u8',
    }),
  ]
  const p = galleryPlan({
    regions: twoRegions,
    gates: [
      ...passing,
      replicated(twoRegions),
      {
        id: 'scan',
        title: 'Vulnerability scan',
        status: 'fail',
        details: '3 findings of severity high or above are not allowed (1 critical, 2 high)',
      },
    ],
    transitions: [
      { subject: 'latest in eastus', before: '1.3.2', after: '1.4.0' },
      { subject: 'latest in westeurope', before: '1.3.2', after: '1.4.0' },
    ],
  })
  const result: RunResult = {
    verdict: 'blocked',
    dryRun: false,
    plan: p,
    outcomes: notAttempted(p),
    verification: [],
    scan: scan(blocking),
  }
  const facts = { runUrl, policy, durationMs: 19_000, now }
  return {
    name: 'blocked-scan',
    success: false,
    result,
    summary: { ...facts },
    comment: {
      ...facts,
      rings,
      ringState: [
        { ring: 'canary', version: '1.4.0', since: '2026-11-28T10:00:00Z' },
        { ring: 'staging', version: '1.4.0', since: '2026-11-30T10:00:00Z' },
        { ring: 'prod', version: '1.3.2', since: '2026-11-14T08:00:00Z' },
      ],
    },
  }
}

function replicating(): Scenario {
  const still = ['westus3', 'swedencentral', 'australiaeast']
  const regions: RegionState[] = TWELVE.map((region) => ({
    region,
    required: true,
    state: still.includes(region) ? 'Replicating' : 'Completed',
    ...(still.includes(region) ? { progress: 40 + still.indexOf(region) * 15 } : { replicas: 2 }),
    latestBefore: '1.3.2',
    latestAfter: '1.3.2',
  }))
  const p = galleryPlan({
    ring: 'staging',
    regions: TWELVE,
    gates: [
      ...passing.slice(0, 5),
      {
        id: 'replication',
        title: 'Replication',
        status: 'fail',
        details:
          'West US 3: Replicating 40%; Sweden Central: Replicating 55%; Australia East: Replicating 70%',
      },
    ],
    transitions: [],
  })
  const result: RunResult = {
    verdict: 'blocked',
    dryRun: false,
    plan: p,
    outcomes: notAttempted(p),
    verification: [],
  }
  const facts = { runUrl, policy, durationMs: 8_000, now, regions }
  return { name: 'replicating', success: false, result, summary: { ...facts }, comment: { ...facts, rings } }
}

function dryRun(): Scenario {
  const p = galleryPlan({
    regions: twoRegions,
    gates: [...passing, replicated(twoRegions)],
    transitions: [
      { subject: 'latest in eastus', before: '1.3.2', after: '1.4.0' },
      { subject: 'latest in westeurope', before: '1.3.2', after: '1.4.0' },
    ],
  })
  const result: RunResult = {
    verdict: 'planned',
    dryRun: true,
    plan: p,
    outcomes: notAttempted(p),
    verification: [],
  }
  const facts = { runUrl, policy: 'built-in' as const, durationMs: 6_000, now }
  // The real prod promotion happened earlier on this PR; the dry run must not replace it in the ladder.
  const real = prodLatest()
  return {
    name: 'dry-run',
    success: true,
    result,
    summary: { ...facts },
    comment: { ...facts, rings },
    previousComment: { result: real.result, context: { ...real.comment, ringState: undefined } },
  }
}

function rollback(): Scenario {
  const p = galleryPlan({
    operation: 'rollback',
    version: '1.3.2',
    previousVersion: '1.4.0',
    imageId:
      '/subscriptions/sub-1/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal/images/ubuntu-2404/versions/1.3.2',
    regions: twoRegions,
    gates: [
      { id: 'exists', title: 'Version exists', status: 'pass', details: '1.3.2 found' },
      replicated(twoRegions),
      {
        id: 'freeze',
        title: 'Freeze window',
        status: 'warn',
        details: 'prod is frozen until 2026-12-05T00:00:00Z; rollback allowed',
      },
    ],
    transitions: [
      { subject: 'latest in eastus', before: '1.4.0', after: '1.3.2' },
      { subject: 'latest in westeurope', before: '1.4.0', after: '1.3.2' },
    ],
    changes: [
      {
        id: 'version:1.4.0',
        resource: '1.4.0',
        summary: 'tags ring:prod removed, rolledback:prod set; excludeFromLatest false → true',
        payload: {},
      },
      {
        id: 'version:1.3.2',
        resource: '1.3.2',
        summary: 'tags ring:prod added; excludeFromLatest true → false',
        payload: {},
      },
    ],
  })
  const result: RunResult = {
    verdict: 'promoted',
    dryRun: false,
    plan: p,
    outcomes: applied(p),
    verification: [
      { id: 'read-back', title: 'Read back', status: 'pass', details: 'all intended values hold' },
    ],
  }
  const facts = { runUrl, policy, durationMs: 52_000, now }
  return {
    name: 'rollback',
    success: true,
    result,
    summary: { ...facts, approvals },
    comment: {
      ...facts,
      rings,
      ringState: [
        { ring: 'canary', version: '1.4.0', since: '2026-11-28T10:00:00Z' },
        { ring: 'staging', version: '1.4.0', since: '2026-11-30T10:00:00Z' },
        { ring: 'prod', version: '1.3.2', since: '2026-12-03T17:59:40Z' },
      ],
    },
  }
}

function retire(): Scenario {
  const change = { id: 'delete:1.0.0', resource: '1.0.0', summary: 'delete version', payload: {} }
  const eol = { id: 'eol:1.1.0', resource: '1.1.0', summary: 'endOfLifeDate set to 2026-12-03', payload: {} }
  const p = galleryPlan({
    operation: 'retire',
    ring: '',
    version: '',
    previousVersion: undefined,
    imageId:
      '/subscriptions/sub-1/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal/images/ubuntu-2404',
    regions: [],
    gates: [
      {
        id: 'in-use',
        title: 'Versions in use',
        status: 'pass',
        details: '1 version in use by 1 scale set is kept',
      },
    ],
    changes: [eol, change],
    transitions: [],
    retirement: [
      { subject: '1.4.0', action: 'keep', reasons: ['ring prod'] },
      { subject: '1.3.2', action: 'keep', reasons: ['rollback target of prod'] },
      {
        subject: '1.2.0',
        action: 'keep',
        reasons: ['within keep (3 of 3)'],
        usedBy: [
          '/subscriptions/s/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachineScaleSets/web',
        ],
      },
      {
        subject: '1.1.0',
        action: 'end-of-life',
        reasons: ['past keep (4th newest)'],
        endOfLife: '2026-12-03T18:00:00.000Z',
        changeId: 'eol:1.1.0',
      },
      {
        subject: '1.0.0',
        action: 'delete',
        reasons: ['end of life since 2026-09-01, not in use'],
        changeId: 'delete:1.0.0',
      },
    ],
  })
  const result: RunResult = {
    verdict: 'promoted',
    dryRun: false,
    plan: p,
    outcomes: applied(p),
    verification: [],
  }
  const facts = { runUrl, policy, durationMs: 33_000, now }
  const retired = JSON.stringify([
    { subject: '1.1.0', action: 'end-of-life', status: 'applied' },
    { subject: '1.0.0', action: 'delete', status: 'applied' },
  ])
  return {
    name: 'retire',
    success: true,
    result,
    summary: { ...facts, outputs: { retired } },
    comment: { ...facts, rings },
  }
}

function registryProd(): Scenario {
  const tags = ['prod', 'stable', '1.2']
  const p: Plan = {
    target: {
      kind: 'registry',
      key: 'registry:contoso.azurecr.io/team/web',
      display: 'contoso.azurecr.io/team/web',
    },
    operation: 'promote',
    ring: 'prod',
    version: '1.2.0',
    digest,
    imageId: `contoso.azurecr.io/team/web@${digest}`,
    previousVersion: '1.1.4',
    tags,
    regions: [],
    gates: [
      { id: 'exists', title: 'Source exists', status: 'pass', details: `team/web:1.2.0 is ${digest}` },
      {
        id: 'ring-order',
        title: 'Ring order',
        status: 'pass',
        details: `${digest} entered staging at 2026-11-30T10:00:00Z`,
      },
      {
        id: 'soak',
        title: 'Soak',
        status: 'pass',
        details: `${digest} soaked in staging for 3d 8h (needs 48h)`,
      },
      { id: 'approval', title: 'Approval', status: 'pass', details: 'approved by maria-ops' },
      {
        id: 'scan',
        title: 'Vulnerability scan',
        status: 'pass',
        details: `no blocking findings for ${digest}`,
      },
    ],
    changes: tags.map((tag) => ({
      id: `tag:${tag}`,
      resource: `contoso.azurecr.io/team/web:${tag}`,
      summary: `${previousDigest.slice(0, 19)} → ${digest.slice(0, 19)}`,
      payload: {},
    })),
    transitions: tags.map((tag) => ({ subject: `team/web:${tag}`, before: previousDigest, after: digest })),
    notes: [],
  }
  const result: RunResult = {
    verdict: 'promoted',
    dryRun: false,
    plan: p,
    outcomes: applied(p),
    verification: [
      { id: 'read-back', title: 'Read back', status: 'pass', details: `every tag resolves to ${digest}` },
    ],
    scan: scan([], {
      reports: [{ path: 'reports/trivy.json', format: 'trivy', subjectDigests: [digest], findings: 3 }],
    }),
  }
  const facts = {
    runUrl,
    policy,
    durationMs: 27_000,
    now,
    registryResourceId:
      '/subscriptions/sub-1/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contoso',
  }
  return {
    name: 'registry-prod',
    success: true,
    result,
    summary: { ...facts, approvals },
    comment: {
      ...facts,
      rings,
      ringState: [
        { ring: 'canary', version: '1.2.0', digest, since: '2026-11-28T10:00:00Z' },
        { ring: 'staging', version: '1.2.0', digest, since: '2026-11-30T10:00:00Z' },
        { ring: 'prod', version: '1.2.0', digest, since: '2026-12-03T17:59:50Z' },
      ],
    },
  }
}

function badInput(): Scenario {
  const result: RunResult = {
    verdict: 'failed',
    dryRun: false,
    outcomes: [],
    verification: [],
    error:
      "Input 'ring' is 'production': expected one of canary, staging, prod (the rings of .github/promotion-policy.yml)",
  }
  return {
    name: 'bad-input',
    success: false,
    result,
    summary: { runUrl, now, request: {} },
    comment: { runUrl, now, target: { kind: 'gallery', key: 'k', display: 'gal/ubuntu-2404' }, rings },
  }
}

function authorizationFailed(): Scenario {
  const p = galleryPlan({
    regions: twoRegions,
    gates: [...passing, replicated(twoRegions)],
    transitions: [
      { subject: 'latest in eastus', before: '1.3.2', after: '1.4.0' },
      { subject: 'latest in westeurope', before: '1.3.2', after: '1.4.0' },
    ],
  })
  const error =
    "Applying 1.4.0 failed: (AuthorizationFailed) The client 'a1b2c3d4-0000-4000-8000-000000000001' with object id 'a1b2c3d4-0000-4000-8000-000000000001' does not have authorization to perform action 'Microsoft.Compute/galleries/images/versions/write' over scope '/subscriptions/sub-1/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal/images/ubuntu-2404/versions/1.4.0' or the scope is invalid. If access was recently granted, please refresh your credentials."
  const result: RunResult = {
    verdict: 'failed',
    dryRun: false,
    plan: p,
    outcomes: [
      { change: p.changes[0]!, status: 'failed', error },
      { change: p.changes[1]!, status: 'not-attempted' },
    ],
    verification: [],
    error,
  }
  const facts = { runUrl, policy, durationMs: 14_000, now }
  return {
    name: 'authorization-failed',
    success: false,
    result,
    summary: { ...facts },
    comment: { ...facts, rings },
  }
}

export function scenarios(): Scenario[] {
  return [
    canary(),
    prodLatest(),
    blockedScan(),
    replicating(),
    dryRun(),
    rollback(),
    retire(),
    registryProd(),
    badInput(),
    authorizationFailed(),
  ]
}
