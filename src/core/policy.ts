// The ring policy after parsing and defaulting. Produced by policy/load.ts from the YAML file or built-in defaults.

/** Finding severities, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
/** What `fail-on` accepts: a severity, or `none` to report without blocking. */
export const SEVERITY_THRESHOLDS = [...SEVERITIES, 'none'] as const

export type Severity = (typeof SEVERITIES)[number]
export type SeverityThreshold = Severity | 'none'

export interface FreezeWindow {
  from: Date
  to: Date
}

export interface RingPolicy {
  name: string
  /** Ring that must be passed first; null = no prerequisite. */
  after: string | null
  /** Minimum time since the version entered `after`, in milliseconds (0 = none). */
  soakMs: number
  /** Regions that must be replicated (normalised names); undefined = every target region of the version. */
  regions?: string[]
  /** Minimum replicas per required region (undefined = no minimum beyond replication being complete). */
  minReplicas?: number
  /** This ring carries `latest` on the gallery (at most one ring). */
  latest: boolean
  /** Flip only the per-region excludeFromLatest in these regions (normalised); undefined = all regions. */
  latestRegions?: string[]
  /** Registry tags this ring moves. */
  tags: string[]
  /** Registry: lock the promoted version tag and manifest. */
  lock: boolean
  /** Warn when the run carries no environment approval. */
  requireApproval: boolean
  freeze: FreezeWindow[]
}

export interface Allowance {
  id: string
  /**
   * Last day the allowance counts, as midnight UTC of that day; it counts through the end of that UTC day
   * (see `isAllowanceActive` in scans/allow.ts). undefined = no expiry.
   */
  until?: Date
  reason?: string
}

export interface ScanPolicy {
  /** Fail closed: no scan evidence → no promotion. */
  required: boolean
  failOn: SeverityThreshold
  allow: Allowance[]
}

/** `retention:` section of the policy file (used by the retention feature). */
export interface RetentionPolicy {
  /** Versions to keep regardless of age; undefined = not set. */
  keep?: number
  /** Age after which a version is set end-of-life, in milliseconds; undefined = not set. */
  endOfLifeMs?: number
  /** Delete versions once they are past end-of-life. */
  deleteAfterEol: boolean
}

export interface Policy {
  rings: RingPolicy[]
  scans: ScanPolicy
  /** Present only when the file has a `retention:` section. */
  retention?: RetentionPolicy
  /** Where it came from: a file path, or `built-in defaults`. */
  source: string
  /** Git blob SHA of the file as read (what `git hash-object` prints); absent for the built-in defaults. */
  blobSha?: string
  /** `sha256:<hex>` of the file's bytes as read (absent for the built-in rings), for the evidence file. */
  digest?: string
}
