// The built-in policy (used when no policy file exists) and the size cap shared by load.ts and parse.ts.
// A separate module so that parse.ts (loaded lazily by load.ts) does not import load.ts back.
import { UsageError } from '../core/errors.js'
import type { Policy, RingPolicy, ScanPolicy } from '../core/policy.js'

export const DEFAULT_POLICY_SOURCE = 'built-in defaults'
export const MAX_POLICY_BYTES = 256 * 1024

export function defaultScanPolicy(): ScanPolicy {
  return { required: false, failOn: 'high', allow: [] }
}

/** canary → staging → prod, prod carries latest, no soak, every target region, tags = [ring name]. */
export function defaultPolicy(): Policy {
  const ring = (name: string, after: string | null, latest: boolean): RingPolicy => ({
    name,
    after,
    soakMs: 0,
    latest,
    tags: [name],
    lock: false,
    requireApproval: false,
    freeze: [],
  })
  return {
    rings: [ring('canary', null, false), ring('staging', 'canary', false), ring('prod', 'staging', true)],
    scans: defaultScanPolicy(),
    source: DEFAULT_POLICY_SOURCE,
  }
}

export function tooLarge(file: string, bytes: number): UsageError {
  return new UsageError(
    `${file}: the policy file is ${bytes} bytes; at most ${MAX_POLICY_BYTES} bytes are accepted.`,
  )
}
