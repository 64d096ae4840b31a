// Small builders for gallery versions and plan contexts used by the pure planning tests.
import type { PlanContext } from '../../src/core/target.js'
import type { GalleryVersion } from '../../src/gallery/versions.js'
import type { Policy, RingPolicy } from '../../src/core/policy.js'

export function version(
  name: string,
  options: {
    regions?: string[]
    exclude?: boolean
    regionExclude?: boolean
    tags?: Record<string, string>
    replication?: Record<string, string>
    replicas?: number
    state?: string
    endOfLife?: Date
    violations?: string[]
  } = {},
): GalleryVersion {
  const regions = options.regions ?? ['eastus', 'westeurope']
  return {
    name,
    parts: name.split('.').map(Number) as [number, number, number],
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/${name}`,
    tags: options.tags ?? {},
    provisioningState: options.state ?? 'Succeeded',
    endOfLife: options.endOfLife,
    excludeFromLatest: options.exclude ?? false,
    regions: regions.map((r) => ({
      name: r,
      displayName: r,
      replicas: options.replicas ?? 1,
      excludeFromLatest: options.regionExclude ?? options.exclude ?? false,
      replication: { state: options.replication?.[r] ?? 'Completed', details: '' },
    })),
    policyViolations: options.violations,
    targetRegions: regions.map((r) => ({
      name: r,
      regionalReplicaCount: 1,
      excludeFromLatest: options.exclude ?? false,
    })),
  }
}

export function ring(name: string, extra: Partial<RingPolicy> = {}): RingPolicy {
  return {
    name,
    after: null,
    soakMs: 0,
    latest: false,
    tags: [name],
    lock: false,
    requireApproval: false,
    freeze: [],
    ...extra,
  }
}

export const DEFAULT_RINGS: RingPolicy[] = [
  ring('canary'),
  ring('staging', { after: 'canary' }),
  ring('prod', { after: 'staging', latest: true }),
]

export function context(
  ringPolicy: RingPolicy,
  options: { operation?: 'promote' | 'rollback'; now?: Date; rings?: RingPolicy[] } = {},
): PlanContext {
  const now = options.now ?? new Date('2026-11-23T12:00:00Z')
  const policy: Policy = {
    rings: options.rings ?? DEFAULT_RINGS,
    scans: { required: false, failOn: 'high', allow: [] },
    source: 'built-in defaults',
  }
  return {
    operation: options.operation ?? 'promote',
    ring: ringPolicy,
    policy,
    now,
    record: {
      at: now,
      actor: 'octocat',
      runUrl: 'https://github.com/o/r/actions/runs/1',
      sha: 'abc123',
      approvedBy: [],
    },
  }
}

export function passed(ringName: string, at: string): Record<string, string> {
  return { [`ring.${ringName}.at`]: at }
}
