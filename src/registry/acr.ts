// Azure Container Registry's own API (`/acr/v1/`), beside OCI: a manifest's push time, tags and locks, and a
// tag's lock. Every call answers undefined on a registry that is not ACR, so callers need no host check.
import type { RepositoryClient } from './client.js'

export interface AcrManifestState {
  writeEnabled: boolean
  deleteEnabled: boolean
}

/** ACR's view of one manifest: when it was pushed, its tags and its lock. */
export interface AcrManifestProperties extends AcrManifestState {
  /** When ACR received the manifest (`createdTime`); undefined when the registry did not say. */
  createdOn?: Date
  tags: string[]
}

interface AcrAttributesBody {
  changeableAttributes?: { writeEnabled?: boolean; deleteEnabled?: boolean }
}

/** GET /acr/v1/{repo}/_manifests/{digest}. undefined when the registry is not ACR or does not know the digest. */
export async function acrManifestProperties(
  repo: RepositoryClient,
  digest: string,
): Promise<AcrManifestProperties | undefined> {
  const res = await repo.send('GET', `/acr/v1/${repo.repository}/_manifests/${digest}`, {
    headers: { Accept: 'application/json' },
  })
  if (res.status !== 200) return undefined
  type Body = { manifest?: AcrAttributesBody & { createdTime?: string; tags?: string[] | null } }
  const manifest = parseBody<Body>(res.bodyAsText)?.manifest
  if (!manifest) return undefined
  const created = manifest.createdTime ? new Date(manifest.createdTime) : undefined
  return {
    ...lockOf(manifest),
    tags: manifest.tags ?? [],
    ...(created && !Number.isNaN(created.getTime()) ? { createdOn: created } : {}),
  }
}

/** GET /acr/v1/{repo}/_tags/{tag}: the tag's own lock. undefined when the registry is not ACR or has no such tag. */
export async function acrTagState(
  repo: RepositoryClient,
  tag: string,
): Promise<AcrManifestState | undefined> {
  const res = await repo.send('GET', `/acr/v1/${repo.repository}/_tags/${tag}`, {
    headers: { Accept: 'application/json' },
  })
  if (res.status !== 200) return undefined
  const body = parseBody<{ tag?: AcrAttributesBody }>(res.bodyAsText)
  return body?.tag ? lockOf(body.tag) : undefined
}

/** ACR's lock of one manifest; undefined when the registry does not answer `/acr/v1/` (not ACR). */
export async function acrManifestLock(
  repo: RepositoryClient,
  digest: string,
): Promise<AcrManifestState | undefined> {
  const res = await repo.send('GET', `/acr/v1/${repo.repository}/_manifests/${digest}`, {
    headers: { Accept: 'application/json' },
  })
  if (res.status !== 200) return undefined
  const body = parseBody<{ manifest?: AcrAttributesBody } | null>(res.bodyAsText ?? '{}')
  return body ? lockOf(body.manifest ?? {}) : undefined
}

function lockOf(body: AcrAttributesBody): AcrManifestState {
  const attrs = body.changeableAttributes
  return { writeEnabled: attrs?.writeEnabled !== false, deleteEnabled: attrs?.deleteEnabled !== false }
}

function parseBody<T>(text: string | null | undefined): T | undefined {
  try {
    return JSON.parse(text ?? '') as T
  } catch {
    return undefined
  }
}
