// How Azure resolves `latest`, and which flags must change for it to resolve to one chosen version.
//
// Azure picks, per region, the highest MAJOR.MINOR.PATCH among versions replicated there that are not
// excluded (the per-region flag wins over the global one). So to make `latest` = H, every version
// above H must be excluded and H itself included; versions below H never matter.
import { compareVersions, excludedIn, type GalleryVersion } from './versions.js'

/** `latest` per region; undefined where no version is eligible. */
export function resolveLatest(
  versions: GalleryVersion[],
  regions: string[],
): Map<string, string | undefined> {
  const result = new Map<string, string | undefined>()
  for (const region of regions) {
    let best: GalleryVersion | undefined
    for (const version of versions) {
      if (version.provisioningState !== 'Succeeded' && version.provisioningState !== 'Updating') continue
      if (!version.regions.some((r) => r.name === region) || excludedIn(version, region)) continue
      if (!best || compareVersions(version, best) > 0) best = version
    }
    result.set(region, best?.name)
  }
  return result
}

/** Every region any version is replicated to, sorted (the default scope of `latest`). */
export function allRegions(versions: GalleryVersion[]): string[] {
  return [...new Set(versions.flatMap((v) => v.regions.map((r) => r.name)))].sort()
}

export interface LatestFlag {
  version: GalleryVersion
  exclude: boolean
}

/**
 * The flag writes that make `latest` resolve to `holder` in `scope`, in a safe order:
 * include the holder first (while a higher version is still visible, nothing changes for deployers),
 * then exclude the higher versions from the lowest up, so `latest` only ever moves from what it was to the holder.
 * `scope` undefined means every region and the global flag.
 */
export function latestFlagChanges(
  versions: GalleryVersion[],
  holder: GalleryVersion,
  scope?: string[],
): LatestFlag[] {
  const include = needsFlag(holder, false, scope) ? [{ version: holder, exclude: false }] : []
  const exclude = versions
    .filter((v) => v.name !== holder.name && compareVersions(v, holder) > 0 && needsFlag(v, true, scope))
    .sort(compareVersions)
    .map((version) => ({ version, exclude: true }))
  return [...include, ...exclude]
}

/** True when the version's effective flag differs from `exclude` in any region of the scope. */
export function needsFlag(version: GalleryVersion, exclude: boolean, scope?: string[]): boolean {
  if (!scope && version.excludeFromLatest !== exclude) return true
  return version.regions.some(
    (r) =>
      (!scope || scope.includes(r.name)) && (r.excludeFromLatest ?? version.excludeFromLatest) !== exclude,
  )
}
