// Promotion records stored in the registry itself: one OCI 1.1 referrer artifact per promotion or rollback,
// attached (`subject`) to the promoted manifest. See README.md for why. Retirement's end-of-life records are
// referrers of the same kind; promotion reads both with one listing.
import type { RepositoryClient } from './client.js'
import { MediaTypes, sha256, type Descriptor, type ManifestJson } from './oci.js'

export const RECORD_ARTIFACT_TYPE = 'application/vnd.azure-image-promote.record.v1+json'
export const RECORD_ANNOTATION = 'io.github.azure-image-promote.record'
export const RING_ANNOTATION = 'io.github.azure-image-promote.ring'
export const EOL_ARTIFACT_TYPE = 'application/vnd.azure-image-promote.end-of-life.v1+json'
export const EOL_ANNOTATION = 'io.github.azure-image-promote.end-of-life'
export const EMPTY_CONFIG = Buffer.from('{}')
export const EMPTY_DESCRIPTOR: Descriptor = {
  mediaType: MediaTypes.ociEmpty,
  digest: sha256(EMPTY_CONFIG),
  size: EMPTY_CONFIG.length,
}

/** One entry of a ring's history, as stored on the digest it concerns. */
export interface RingRecord {
  version: 1
  /** `promote`: the digest entered the ring. `rollback`: the ring was moved off this digest. */
  type: 'promote' | 'rollback'
  ring: string
  /** The manifest this record is attached to. */
  digest: string
  /** Tags moved by this run. */
  tags: string[]
  /** ISO 8601. */
  at: string
  actor: string
  runUrl: string
  sha: string
  approvedBy: string[]
  /** promote: the digest the ring's first tag held before (null = the tag did not exist); rollback: the digest restored. */
  previous: string | null
  /** Informational: where it was written. */
  registry: string
  repository: string
}

/**
 * End of life of one digest, written by retirement (retire.ts) when the digest leaves retention. Registries
 * have no end-of-life date of their own; promotion and rollback honour this one as the gallery's.
 */
export interface EndOfLifeRecord {
  version: 1
  type: 'end-of-life'
  /** The manifest this record is attached to. */
  digest: string
  /** ISO 8601: from then on the digest may not be promoted, and may be deleted (`delete-after-eol`). */
  endOfLife: string
  /** ISO 8601: when the record was written. */
  at: string
  actor: string
  runUrl: string
  sha: string
  registry: string
  repository: string
}

export interface ReferrerArtifact {
  blob: Buffer
  manifest: Buffer
  descriptor: Descriptor
}

/** The artifact manifest and blob for a ring record. */
export function buildRecordArtifact(record: RingRecord, subject: Descriptor): ReferrerArtifact {
  return buildReferrerArtifact(RECORD_ARTIFACT_TYPE, record, subject, {
    [RING_ANNOTATION]: record.ring,
    [RECORD_ANNOTATION]: JSON.stringify(record),
  })
}

/** The artifact manifest and blob for an end-of-life record (written by retirement). */
export function buildEolArtifact(record: EndOfLifeRecord, subject: Descriptor): ReferrerArtifact {
  return buildReferrerArtifact(EOL_ARTIFACT_TYPE, record, subject, {
    [EOL_ANNOTATION]: JSON.stringify(record),
  })
}

/**
 * An OCI 1.1 artifact with `record` as its one layer, attached to `subject`. The record is also copied into the
 * annotations, which the referrers listing returns, so readers need no extra request per record.
 */
function buildReferrerArtifact(
  artifactType: string,
  record: { at: string },
  subject: Descriptor,
  extra: Record<string, string>,
): ReferrerArtifact {
  const blob = Buffer.from(JSON.stringify(record))
  const annotations = { 'org.opencontainers.image.created': record.at, ...extra }
  const manifestJson = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    artifactType,
    config: EMPTY_DESCRIPTOR,
    layers: [{ mediaType: artifactType, digest: sha256(blob), size: blob.length }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations,
  }
  const manifest = Buffer.from(JSON.stringify(manifestJson))
  return {
    blob,
    manifest,
    descriptor: {
      mediaType: MediaTypes.ociManifest,
      digest: sha256(manifest),
      size: manifest.length,
      artifactType,
      annotations,
    },
  }
}

export function isRecordDescriptor(d: Descriptor): boolean {
  return d.artifactType === RECORD_ARTIFACT_TYPE
}

/** A record from a referrer descriptor's annotations, if complete. */
export function recordFromDescriptor(d: Descriptor): RingRecord | undefined {
  const raw = d.annotations?.[RECORD_ANNOTATION]
  return raw ? parseRecord(raw) : undefined
}

/** A record from the artifact's own manifest (annotation) when the index did not carry annotations. */
export function recordFromManifest(m: ManifestJson): RingRecord | undefined {
  const raw = m.annotations?.[RECORD_ANNOTATION]
  return raw ? parseRecord(raw) : undefined
}

export function parseRecord(raw: string): RingRecord | undefined {
  try {
    const r = JSON.parse(raw) as Partial<RingRecord>
    if ((r.type !== 'promote' && r.type !== 'rollback') || typeof r.ring !== 'string') return undefined
    if (typeof r.digest !== 'string' || typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at)))
      return undefined
    return {
      version: 1,
      type: r.type,
      ring: r.ring,
      digest: r.digest,
      tags: Array.isArray(r.tags) ? r.tags.map(String) : [],
      at: r.at,
      actor: String(r.actor ?? ''),
      runUrl: String(r.runUrl ?? ''),
      sha: String(r.sha ?? ''),
      approvedBy: Array.isArray(r.approvedBy) ? r.approvedBy.map(String) : [],
      previous: typeof r.previous === 'string' ? r.previous : null,
      registry: String(r.registry ?? ''),
      repository: String(r.repository ?? ''),
    }
  } catch {
    return undefined
  }
}

/**
 * The promote record that currently counts for `ring` on one digest: the latest promote record not followed
 * by a rollback record for that ring. undefined = never promoted, or rolled back since.
 */
export function effectivePromotion(records: RingRecord[], ring: string): RingRecord | undefined {
  const forRing = records.filter((r) => r.ring === ring).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  const last = forRing.at(-1)
  return last?.type === 'promote' ? last : undefined
}

/** The latest rollback record for `ring`, if the latest record for that ring is one. */
export function rolledBack(records: RingRecord[], ring: string): RingRecord | undefined {
  const forRing = records.filter((r) => r.ring === ring).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  const last = forRing.at(-1)
  return last?.type === 'rollback' ? last : undefined
}

/**
 * Where a rollback of `ring` returns to, from the records on the digest the ring's first tag holds now: the
 * digest an unfinished rollback restores, else the one the current promotion replaced. null = the first in
 * the ring; undefined = no record for the ring. Rollback planning and retirement's protection share it.
 */
export function rollbackTarget(currentRecords: RingRecord[], ring: string): string | null | undefined {
  return rolledBack(currentRecords, ring)?.previous ?? effectivePromotion(currentRecords, ring)?.previous
}

export function isEolDescriptor(d: Descriptor): boolean {
  return d.artifactType === EOL_ARTIFACT_TYPE
}

/** An end-of-life record from a referrer descriptor's annotations, or from the artifact manifest's own. */
export function eolFrom(annotated: Descriptor | ManifestJson): EndOfLifeRecord | undefined {
  const raw = annotated.annotations?.[EOL_ANNOTATION]
  return raw ? parseEndOfLife(raw) : undefined
}

export function parseEndOfLife(raw: string): EndOfLifeRecord | undefined {
  try {
    const r = JSON.parse(raw) as Partial<EndOfLifeRecord>
    if (r.type !== 'end-of-life' || typeof r.digest !== 'string') return undefined
    if (!isTime(r.endOfLife) || !isTime(r.at)) return undefined
    return {
      version: 1,
      type: 'end-of-life',
      digest: r.digest,
      endOfLife: r.endOfLife,
      at: r.at,
      actor: String(r.actor ?? ''),
      runUrl: String(r.runUrl ?? ''),
      sha: String(r.sha ?? ''),
      registry: String(r.registry ?? ''),
      repository: String(r.repository ?? ''),
    }
  } catch {
    return undefined
  }
}

function isTime(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value))
}

/**
 * The end of life that counts for a digest: the earliest date recorded on it. A later promotion does not
 * cancel it (as a gallery version's `endOfLifeDate` stays through promotions): a promotion before the date
 * warns, after it is refused, and retirement keeps the date it finds.
 */
export function effectiveEndOfLife(eol: EndOfLifeRecord[]): Date | undefined {
  const dates = eol.map((e) => Date.parse(e.endOfLife))
  return dates.length > 0 ? new Date(Math.min(...dates)) : undefined
}

/** A digest's referrers and this action's records among them (each naming that digest). */
export interface ReferrerRecords {
  /** How they were found: the referrers API or the `sha256-<hex>` fallback index. */
  via: 'api' | 'tag'
  /** Every referrer listed, records included. */
  referrers: Descriptor[]
  records: RingRecord[]
  endOfLife: EndOfLifeRecord[]
}

/**
 * One listing of a digest's referrers, with the ring and end-of-life records among them. The records ride in
 * the listing's annotations, so this is one request; only a registry that drops annotations from listings
 * costs a read of each record's artifact manifest (and, for a ring record without annotations there either,
 * its blob). A record naming another digest (copied or forged) is ignored.
 */
export async function readReferrerRecords(repo: RepositoryClient, digest: string): Promise<ReferrerRecords> {
  const { via, manifests } = await repo.referrers(digest)
  const found = await Promise.all(manifests.map((d) => recordOf(repo, d)))
  const records: RingRecord[] = []
  const endOfLife: EndOfLifeRecord[] = []
  for (const r of found) {
    if (r?.digest !== digest) continue
    if (r.type === 'end-of-life') endOfLife.push(r)
    else records.push(r)
  }
  return { via, referrers: manifests, records, endOfLife }
}

async function recordOf(
  repo: RepositoryClient,
  d: Descriptor,
): Promise<RingRecord | EndOfLifeRecord | undefined> {
  const parse = isRecordDescriptor(d) ? parseRecord : isEolDescriptor(d) ? parseEndOfLife : undefined
  if (!parse) return undefined
  const annotation = isRecordDescriptor(d) ? RECORD_ANNOTATION : EOL_ANNOTATION
  const listed = d.annotations?.[annotation]
  if (listed) return parse(listed)
  const m = await repo.getManifest(d.digest)
  const own = m?.json.annotations?.[annotation]
  if (own) return parse(own)
  const layer = m?.json.layers?.[0]
  return layer ? parse((await repo.getBlob(layer.digest)).toString('utf8')) : undefined
}
