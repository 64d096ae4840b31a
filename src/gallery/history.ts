// The promotion record lives on the image version's own tags, so the action stays stateless:
// later rings (order, soak) and rollback read it back from Azure.
//
//   ring.<ring>.at          ISO time the version entered the ring (presence = it passed the ring)
//   ring.<ring>.by          GitHub actor
//   ring.<ring>.run         workflow run URL
//   ring.<ring>.sha         commit SHA
//   ring.<ring>.approvers   environment approvers, comma-separated (when readable)
//   ring.<ring>.rolledback  ISO time the ring was rolled back off this version
//
// ARM allows 50 tags per resource and 256 characters per value; five rings use at most 30.
import type { PromotionRecord } from '../core/target.js'
import { compareVersions, type GalleryVersion } from './versions.js'

const MAX_TAG_VALUE = 256

export interface RingEntry {
  ring: string
  at: Date
  by?: string
  run?: string
  sha?: string
  approvers: string[]
  rolledBackAt?: Date
}

export function tagKey(
  ring: string,
  field: 'at' | 'by' | 'run' | 'sha' | 'approvers' | 'rolledback',
): string {
  return `ring.${ring}.${field}`
}

/** The version's record for one ring, if it was ever promoted there (a malformed time counts as absent). */
export function ringEntry(version: GalleryVersion, ring: string): RingEntry | undefined {
  const tags = version.tags
  const at = parseTime(tags[tagKey(ring, 'at')])
  if (!at) return undefined
  return {
    ring,
    at,
    by: tags[tagKey(ring, 'by')],
    run: tags[tagKey(ring, 'run')],
    sha: tags[tagKey(ring, 'sha')],
    approvers: (tags[tagKey(ring, 'approvers')] ?? '').split(',').filter(Boolean),
    rolledBackAt: parseTime(tags[tagKey(ring, 'rolledback')]),
  }
}

export interface Holding {
  version: GalleryVersion
  entry: RingEntry
}

/**
 * Versions the ring has held, newest promotion first, rolled-back ones left out.
 * The first is what the ring holds now; the second is where a rollback returns to.
 */
export function ringHistory(versions: GalleryVersion[], ring: string): Holding[] {
  return versions
    .flatMap((version) => {
      const entry = ringEntry(version, ring)
      return entry && !entry.rolledBackAt ? [{ version, entry }] : []
    })
    .sort((a, b) => b.entry.at.getTime() - a.entry.at.getTime() || compareVersions(b.version, a.version))
}

/** Tags that record a promotion into the ring; `rolledback` is cleared because this promotion is explicit. */
export function promotionTags(
  ring: string,
  record: PromotionRecord,
): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = { [tagKey(ring, 'at')]: record.at.toISOString() }
  if (record.actor) set[tagKey(ring, 'by')] = clip(record.actor)
  if (record.runUrl) set[tagKey(ring, 'run')] = clip(record.runUrl)
  if (record.sha) set[tagKey(ring, 'sha')] = clip(record.sha)
  if (record.approvedBy.length > 0) set[tagKey(ring, 'approvers')] = clip(record.approvedBy.join(','))
  const remove = [tagKey(ring, 'rolledback')]
  if (record.approvedBy.length === 0) remove.push(tagKey(ring, 'approvers'))
  return { set, remove }
}

export function rollbackTags(ring: string, at: Date): { set: Record<string, string>; remove: string[] } {
  return { set: { [tagKey(ring, 'rolledback')]: at.toISOString() }, remove: [] }
}

function clip(value: string): string {
  return value.length <= MAX_TAG_VALUE ? value : value.slice(0, MAX_TAG_VALUE)
}

function parseTime(value: string | undefined): Date | undefined {
  if (!value) return undefined
  const time = new Date(value)
  return Number.isNaN(time.getTime()) ? undefined : time
}
