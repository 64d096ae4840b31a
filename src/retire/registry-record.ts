// Writing end of life for a registry digest. Registries have no end-of-life date, so retirement records one the
// same way promotions are recorded: a small OCI 1.1 referrer artifact attached (`subject`) to the digest, with
// its own artifact type so ring-history readers ignore it. The date in it is what `delete-after-eol` waits for,
// and what promotion refuses after (reading lives with the ring records, in src/registry/records.ts).
import { MediaTypes, sha256, type Descriptor } from '../registry/client.js'
import {
  EMPTY_DESCRIPTOR,
  EOL_ANNOTATION,
  EOL_ARTIFACT_TYPE,
  type EndOfLifeRecord,
} from '../registry/records.js'

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
