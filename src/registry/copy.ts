// Copy one manifest (and, for indexes, every platform manifest) with its blobs and its referrers
// (signatures, SBOMs, promotion records) from one registry to another. Digests are preserved: manifests are
// written as the exact bytes read.
import type { RepositoryClient } from './client.js'
import { MediaTypes, type Descriptor } from './oci.js'

const MAX_REFERRER_DEPTH = 3

export async function copyWithReferrers(
  src: RepositoryClient,
  dst: RepositoryClient,
  digest: string,
  log: (message: string) => void = () => {},
  depth = 0,
): Promise<number> {
  await copyManifest(src, dst, digest, log)
  if (depth >= MAX_REFERRER_DEPTH) return 0
  const { manifests } = await src.referrers(digest)
  const have = new Set((await dst.referrers(digest)).manifests.map((d) => d.digest))
  let carried = 0
  for (const referrer of manifests) {
    if (have.has(referrer.digest)) continue
    await copyWithReferrers(src, dst, referrer.digest, log, depth + 1)
    // A registry with the referrers API indexes the subject itself; otherwise maintain the fallback index.
    if ((await dst.referrers(digest)).manifests.every((d) => d.digest !== referrer.digest)) {
      await dst.addToFallbackIndex(digest, referrer)
    }
    carried++
    log(`Carried referrer ${referrer.digest} (${referrer.artifactType ?? referrer.mediaType}) of ${digest}`)
  }
  return carried
}

async function copyManifest(
  src: RepositoryClient,
  dst: RepositoryClient,
  digest: string,
  log: (message: string) => void,
): Promise<void> {
  if (await dst.resolve(digest)) return
  const manifest = await src.getManifest(digest)
  if (!manifest) throw new Error(`${src.display(digest)} not found while copying`)
  const json = manifest.json
  if (manifest.mediaType === MediaTypes.ociIndex || manifest.mediaType === MediaTypes.dockerList) {
    for (const child of json.manifests ?? []) await copyManifest(src, dst, child.digest, log)
  } else {
    const blobs: Descriptor[] = [...(json.config ? [json.config] : []), ...(json.layers ?? [])]
    for (const blob of blobs) await copyBlob(src, dst, blob, log)
  }
  // Written by digest, never by tag: tags are moved later, each checked right before its write.
  await dst.putManifest(digest, manifest.content, manifest.mediaType)
}

async function copyBlob(
  src: RepositoryClient,
  dst: RepositoryClient,
  blob: Descriptor,
  log: (message: string) => void,
): Promise<void> {
  if (await dst.blobExists(blob.digest)) return
  // Cross-repository mount only works inside one registry, so between registries the blob is streamed.
  const stream = await src.openBlob(blob.digest)
  await dst.uploadBlob(blob.digest, stream, blob.size)
  log(`Copied blob ${blob.digest} (${blob.size} bytes)`)
}
