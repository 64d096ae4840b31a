// The gallery's data reduced to what promotion decides on. Mapping from the SDK model happens once, here.
import type { GalleryImageVersion, TargetRegion } from '@azure/arm-compute'
import { normaliseRegion } from '../azure/regions.js'

export interface RegionState {
  /** Normalised (`westeurope`). */
  name: string
  /** As ARM returned it (`West Europe`), for reports. */
  displayName: string
  replicas: number
  /** Per-region flag; undefined when ARM did not return one (then the global flag applies). */
  excludeFromLatest?: boolean
  /** Only known when read with `$expand=ReplicationStatus`. */
  replication?: { state: string; details: string; progress?: number }
}

export interface GalleryVersion {
  name: string
  parts: [number, number, number]
  id: string
  tags: Record<string, string>
  provisioningState: string
  endOfLife?: Date
  excludeFromLatest: boolean
  regions: RegionState[]
  policyViolations?: string[]
  /** Aggregated replication state, only with `$expand=ReplicationStatus`. */
  replicationState?: string
  /** The target regions exactly as read, so a PATCH can send the list back unchanged but for the flags. */
  targetRegions: TargetRegion[]
}

export function fromArm(version: GalleryImageVersion): GalleryVersion {
  const name = version.name ?? ''
  const profile = version.publishingProfile ?? {}
  const targetRegions = profile.targetRegions ?? []
  const replication = new Map(
    (version.replicationStatus?.summary ?? []).map((s) => [normaliseRegion(s.region ?? ''), s] as const),
  )
  const regions = targetRegions.map((region): RegionState => {
    const status = replication.get(normaliseRegion(region.name))
    return {
      name: normaliseRegion(region.name),
      displayName: region.name,
      replicas: region.regionalReplicaCount ?? profile.replicaCount ?? 1,
      excludeFromLatest: region.excludeFromLatest,
      replication: status
        ? { state: status.state ?? 'Unknown', details: status.details ?? '', progress: status.progress }
        : undefined,
    }
  })
  const safety = version.safetyProfile
  return {
    name,
    parts: parseVersion(name) ?? [0, 0, 0],
    id: version.id ?? '',
    tags: { ...(version.tags ?? {}) },
    provisioningState: version.provisioningState ?? 'Unknown',
    endOfLife: profile.endOfLifeDate ? new Date(profile.endOfLifeDate) : undefined,
    excludeFromLatest: profile.excludeFromLatest ?? false,
    regions,
    policyViolations: safety?.reportedForPolicyViolation
      ? (safety.policyViolations ?? []).map(
          (v) => `${v.category ?? 'Other'}${v.details ? `: ${v.details}` : ''}`,
        )
      : undefined,
    replicationState: version.replicationStatus?.aggregatedState,
    targetRegions,
  }
}

export function parseVersion(name: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(name)
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined
}

/** Numeric MAJOR.MINOR.PATCH order, the order Azure uses for `latest` (not string order, not date order). */
export function compareVersions(a: GalleryVersion, b: GalleryVersion): number {
  for (let i = 0; i < 3; i++) {
    const diff = a.parts[i]! - b.parts[i]!
    if (diff !== 0) return diff
  }
  return 0
}

/** Effective exclusion in one region: the per-region flag wins over the global one. */
export function excludedIn(version: GalleryVersion, region: string): boolean {
  const entry = version.regions.find((r) => r.name === region)
  return entry?.excludeFromLatest ?? version.excludeFromLatest
}
