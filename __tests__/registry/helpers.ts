import type { PlanContext } from '../../src/core/target.js'
import type { Policy, RingPolicy } from '../../src/core/policy.js'

export function ring(name: string, after: string | null, extra: Partial<RingPolicy> = {}): RingPolicy {
  return {
    name,
    after,
    soakMs: 0,
    latest: false,
    tags: [name],
    lock: false,
    requireApproval: false,
    freeze: [],
    ...extra,
  }
}

export const RINGS: RingPolicy[] = [
  ring('canary', null),
  ring('staging', 'canary'),
  ring('prod', 'staging', { tags: ['prod', 'stable'] }),
]

export function policy(rings: RingPolicy[] = RINGS): Policy {
  return { rings, scans: { required: false, failOn: 'none', allow: [] }, source: 'test' }
}

let clock = Date.parse('2026-11-01T00:00:00Z')

/** A plan context; each call moves the clock one minute on so records order strictly. */
export function context(
  ringName: string,
  options: { operation?: 'promote' | 'rollback'; rings?: RingPolicy[]; now?: Date } = {},
): PlanContext {
  const rings = options.rings ?? RINGS
  const r = rings.find((x) => x.name === ringName)
  if (!r) throw new Error(`no ring ${ringName}`)
  clock += 60_000
  const now = options.now ?? new Date(clock)
  return {
    operation: options.operation ?? 'promote',
    ring: r,
    policy: policy(rings),
    now,
    record: {
      at: now,
      actor: 'octocat',
      runUrl: 'https://github.com/o/r/actions/runs/1',
      sha: 'abc123',
      approvedBy: ['reviewer'],
    },
  }
}
