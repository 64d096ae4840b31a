// The gallery's wire layer: the ARM paths and PATCH bodies the action sends itself (through azure/lro.ts)
// instead of the SDK, shared by promote/rollback (target.ts) and retire (retire.ts).
import type { GalleryImageVersionUpdate } from '@azure/arm-compute'
import { normaliseRegion } from '../azure/regions.js'
import type { GallerySettings } from './settings.js'
import type { VersionWrite } from './plan.js'
import type { GalleryVersion } from './versions.js'
import { byCodeUnit } from '../core/order.js'

/** The API version @azure/arm-compute 25.1 sends for gallery image versions: reads and writes speak the same. */
export const GALLERY_API_VERSION = '2025-12-03'

/** A version's ARM path with each name encoded, as the SDK sends it (for the writes sent through runLro). */
export function versionPath(s: GallerySettings, name: string): string {
  const e = encodeURIComponent
  return (
    `/subscriptions/${e(s.subscriptionId)}/resourceGroups/${e(s.resourceGroup)}/providers/Microsoft.Compute` +
    `/galleries/${e(s.gallery)}/images/${e(s.imageDefinition)}/versions/${e(name)}?api-version=${GALLERY_API_VERSION}`
  )
}

/** The PATCH body for one write, or undefined when the version already looks like that (idempotent re-runs). */
export function patchFor(
  current: GalleryVersion,
  write: VersionWrite,
): GalleryImageVersionUpdate | undefined {
  const tags = { ...current.tags, ...write.setTags }
  for (const key of write.removeTags) delete tags[key]
  const tagsChanged = JSON.stringify(sortedTags(tags)) !== JSON.stringify(sortedTags(current.tags))

  let flagsChanged = false
  const publishingProfile: GalleryImageVersionUpdate['publishingProfile'] = {}
  if (write.latest) {
    const { exclude, scope } = write.latest
    // targetRegions is replaced as a whole list: send every region back as read, with only the flag changed.
    const targetRegions = current.targetRegions.map((region) => {
      const inScope = !scope || scope.includes(normaliseRegion(region.name))
      if (!inScope || region.excludeFromLatest === exclude) return region
      flagsChanged = true
      return { ...region, excludeFromLatest: exclude }
    })
    if (flagsChanged) publishingProfile.targetRegions = targetRegions
    if (!scope && current.excludeFromLatest !== exclude) {
      flagsChanged = true
      publishingProfile.excludeFromLatest = exclude
    }
  }
  if (!tagsChanged && !flagsChanged) return undefined
  return { ...(tagsChanged ? { tags } : {}), ...(flagsChanged ? { publishingProfile } : {}) }
}

/**
 * The PATCH body as ARM takes it: the SDK model keeps the publishing profile at the top level, the wire format
 * nests it under `properties` (the target regions travel as read, so encryption and storage settings stay).
 */
export function wireUpdate(patch: GalleryImageVersionUpdate): Record<string, unknown> {
  const profile = patch.publishingProfile
  return {
    ...(patch.tags ? { tags: patch.tags } : {}),
    ...(profile
      ? {
          properties: {
            publishingProfile: {
              ...profile,
              ...(profile.endOfLifeDate ? { endOfLifeDate: profile.endOfLifeDate.toISOString() } : {}),
            },
          },
        }
      : {}),
  }
}

export function sortedTags(tags: Record<string, string>): [string, string][] {
  return Object.entries(tags).sort(([a], [b]) => byCodeUnit(a, b))
}
