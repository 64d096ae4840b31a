// The ring policy after parsing and defaulting. Produced by policy/load.ts from the YAML file or built-in defaults.

export type Severity = 'critical' | 'high' | 'medium' | 'low'
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
  freeze: FreezeWindow[]
}

export interface Allowance {
  id: string
  /** Allowance stops counting after this day (UTC, end of day); undefined = no expiry. */
  until?: Date
  reason?: string
}

export interface ScanPolicy {
  /** Fail closed: no scan evidence → no promotion. */
  required: boolean
  failOn: SeverityThreshold
  allow: Allowance[]
}

export interface Policy {
  rings: RingPolicy[]
  scans: ScanPolicy
  /** Where it came from: a file path, or `built-in defaults`. */
  source: string
}
