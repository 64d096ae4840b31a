// The OCI wire format the registry target speaks: media types, descriptors, manifests, referrers, digests.
// Plain data and pure functions, shared by the client, the records and both registry targets.
import { createHash } from 'node:crypto'

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const

export const MANIFEST_ACCEPT = [
  MediaTypes.ociManifest,
  MediaTypes.ociIndex,
  MediaTypes.dockerManifest,
  MediaTypes.dockerList,
].join(', ')

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  artifactType?: string
  annotations?: Record<string, string>
  platform?: Record<string, unknown>
}

export interface Manifest {
  digest: string
  mediaType: string
  /** Raw bytes as served: never re-serialised, so the digest holds. */
  content: Buffer
  json: ManifestJson
}

export interface ManifestJson {
  schemaVersion?: number
  mediaType?: string
  artifactType?: string
  config?: Descriptor
  layers?: Descriptor[]
  manifests?: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

export interface Referrers {
  /** `api` = the registry answered the OCI 1.1 referrers API; `tag` = the `sha256-<hex>` fallback index. */
  via: 'api' | 'tag'
  manifests: Descriptor[]
}

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/** The fallback tag of the OCI 1.1 referrers tag schema: `sha256:abc…` → `sha256-abc…`. */
export function fallbackTag(digest: string): string {
  return digest.replace(':', '-').slice(0, 128)
}
