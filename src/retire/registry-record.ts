// End of life for a registry digest. Registries have no end-of-life date, so retirement records one the same
// way promotions are recorded: a small OCI 1.1 referrer artifact attached (`subject`) to the digest, with its
// own artifact type so ring-history readers ignore it. The date in it is what `delete-after-eol` waits for.
import { MediaTypes, sha256, type Descriptor, type ManifestJson } from '../registry/client.js'
import { EMPTY_DESCRIPTOR, type RingRecord } from '../registry/records.js'

export const EOL_ARTIFACT_TYPE = 'application/vnd.azure-image-promote.end-of-life.v1+json'
export const EOL_ANNOTATION = 'io.github.azure-image-promote.end-of-life'

export interface EndOfLifeRecord {
  version: 1
  type: 'end-of-life'
  /** The manifest this record is attached to. */
  digest: string
  /** ISO 8601: from then on the digest may be deleted (with `delete-after-eol: true`). */
  endOfLife: string
  /** ISO 8601: when the record was written. */
  at: string
  actor: string
  runUrl: string
  sha: string
  registry: string
  repository: string
}

/** The artifact manifest and blob for an end-of-life record. */
export function buildEolArtifact(
  record: EndOfLifeRecord,
  subject: Descriptor,
): { blob: Buffer; manifest: Buffer; descriptor: Descriptor } {
  const blob = Buffer.from(JSON.stringify(record))
  const annotations = {
    'org.opencontainers.image.created': record.at,
    [EOL_ANNOTATION]: JSON.stringify(record),
  }
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      artifactType: EOL_ARTIFACT_TYPE,
      config: EMPTY_DESCRIPTOR,
      layers: [{ mediaType: EOL_ARTIFACT_TYPE, digest: sha256(blob), size: blob.length }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations,
    }),
  )
  return {
    blob,
    manifest,
    descriptor: {
      mediaType: MediaTypes.ociManifest,
      digest: sha256(manifest),
      size: manifest.length,
      artifactType: EOL_ARTIFACT_TYPE,
      annotations,
    },
  }
}

export function isEolDescriptor(d: Descriptor): boolean {
  return d.artifactType === EOL_ARTIFACT_TYPE
}

/** The record from a referrer descriptor's annotations, or from the artifact manifest's own. */
export function eolFrom(annotated: Descriptor | ManifestJson): EndOfLifeRecord | undefined {
  const raw = annotated.annotations?.[EOL_ANNOTATION]
  if (!raw) return undefined
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
 * The end-of-life date that counts for a digest: the earliest one recorded after its last promotion.
 * Promoting a digest again after it was retired cancels the old date, so it gets a fresh grace period.
 */
export function effectiveEndOfLife(eol: EndOfLifeRecord[], records: RingRecord[]): Date | undefined {
  const promoted = Math.max(0, ...records.filter((r) => r.type === 'promote').map((r) => Date.parse(r.at)))
  const dates = eol.filter((e) => Date.parse(e.at) > promoted).map((e) => Date.parse(e.endOfLife))
  return dates.length > 0 ? new Date(Math.min(...dates)) : undefined
}
