// Azure Container Registry, as far as the promotion target needs it:
//   /oauth2/exchange   Entra access token → ACR refresh token (JWT with `exp`, the SDK reads it)
//   /oauth2/token      ACR refresh token (or anonymous `password` grant) → ACR access token for a scope
//   /v2/…              401 challenge `Bearer realm=…/oauth2/token,service=…,scope=…` without a valid access token;
//                      in-memory manifests (GET/HEAD/PUT, DELETE by digest unless locked), blobs (HEAD/GET, monolithic upload), tags/list,
//                      the OCI 1.1 referrers API (and `OCI-Subject` on PUT of a manifest with `subject`)
//   /acr/v1/{repo}/_tags/{tag}, /acr/v1/{repo}/_manifests/{digest}   GET/PATCH changeableAttributes
// A write-disabled tag refuses to be moved (409 DENIED), as ACR does.
import { createHash, randomUUID } from 'node:crypto'

import { bearerToken } from '../auth.js'
import { json } from '../http.js'
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, RouteModule } from '../types.js'

export const ACR_AUDIENCE = 'https://containerregistry.azure.net'

export interface AcrSeed {
  /** Challenge every /v2/ and /acr/v1/ call without a valid ACR access token (default true). */
  requireAuth?: boolean
  /** Allow the anonymous `password` grant with an empty refresh token to pull (default false). */
  anonymousPull?: boolean
}

export interface Attributes {
  writeEnabled: boolean
  deleteEnabled: boolean
  readEnabled: boolean
  listEnabled: boolean
}

export interface StoredManifest {
  mediaType: string
  content: Buffer
  createdTime: string
  lastUpdateTime: string
  attributes: Attributes
}

export interface StoredTag {
  digest: string
  createdTime: string
  lastUpdateTime: string
  attributes: Attributes
}

export interface AcrRepository {
  manifests: Map<string, StoredManifest>
  tags: Map<string, StoredTag>
  blobs: Map<string, Buffer>
}

export interface AcrState {
  requireAuth: boolean
  anonymousPull: boolean
  repositories: Map<string, AcrRepository>
  uploads: Map<string, { repository: string }>
  /** Every request, for assertions (method, path, status). */
  log: { method: string; path: string; status: number }[]
}

export interface AcrModule extends RouteModule<AcrState> {
  readonly name: 'acr'
  /** Store a blob (seeding helper). Returns its digest. */
  putBlob(repository: string, content: Buffer | string): string
  /** Store a manifest, optionally under a tag (seeding helper). Returns its digest. */
  putManifest(repository: string, content: Buffer | string, mediaType: string, tag?: string): string
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

function open(): Attributes {
  return { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true }
}

function ociError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return json(status, { errors: [{ code, message, detail: null }] }, headers)
}

export function createAcrModule(seed: AcrSeed = {}): AcrModule {
  const state: AcrState = {
    requireAuth: seed.requireAuth ?? true,
    anonymousPull: seed.anonymousPull ?? false,
    repositories: new Map(),
    uploads: new Map(),
    log: [],
  }

  function repo(name: string): AcrRepository {
    let r = state.repositories.get(name)
    if (!r) {
      r = { manifests: new Map(), tags: new Map(), blobs: new Map() }
      state.repositories.set(name, r)
    }
    return r
  }

  function putBlob(repository: string, content: Buffer | string): string {
    const bytes = Buffer.from(content)
    const digest = digestOf(bytes)
    repo(repository).blobs.set(digest, bytes)
    return digest
  }

  function storeManifest(repository: string, bytes: Buffer, mediaType: string, tag?: string): string {
    const r = repo(repository)
    const digest = digestOf(bytes)
    const now = new Date().toISOString()
    const existing = r.manifests.get(digest)
    r.manifests.set(
      digest,
      existing ?? { mediaType, content: bytes, createdTime: now, lastUpdateTime: now, attributes: open() },
    )
    if (tag) {
      const old = r.tags.get(tag)
      r.tags.set(tag, {
        digest,
        createdTime: old?.createdTime ?? now,
        lastUpdateTime: now,
        attributes: old?.attributes ?? open(),
      })
    }
    return digest
  }

  function putManifest(
    repository: string,
    content: Buffer | string,
    mediaType: string,
    tag?: string,
  ): string {
    return storeManifest(repository, Buffer.from(content), mediaType, tag)
  }

  function challenge(ctx: EmulatorContext, scope: string, error?: string): EmulatorResponse {
    const service = new URL(ctx.baseUrl).host
    const extra = error ? `,error="${error}"` : ''
    return ociError(
      401,
      'UNAUTHORIZED',
      'authentication required, visit https://aka.ms/acr/authorization for more information.',
      {
        'www-authenticate': `Bearer realm="${ctx.baseUrl}/oauth2/token",service="${service}",scope="${scope}"${extra}`,
      },
    )
  }

  /** undefined = allowed; otherwise the 401 to send. */
  function authorize(
    req: EmulatorRequest,
    ctx: EmulatorContext,
    repository: string | undefined,
    metadata: boolean,
  ) {
    if (!state.requireAuth) return undefined
    const write = !['GET', 'HEAD'].includes(req.method)
    const action = metadata ? (write ? 'metadata_write' : 'metadata_read') : write ? 'push' : 'pull'
    const scope = repository ? `repository:${repository}:${action}` : 'registry:catalog:*'
    const claims = ctx.auth.validate(bearerToken(req.headers.authorization), 'acr-access')
    if (!claims) return challenge(ctx, scope, req.headers.authorization ? 'invalid_token' : undefined)
    if (!repository) return undefined
    const granted = String(claims.scope ?? '').split(' ')
    const ok = granted.some((s) => {
      const [type, name, actions] = s.split(':')
      if (type !== 'repository' || name !== repository) return false
      const list = (actions ?? '').split(',')
      return list.includes(action) || list.includes('*') || (action === 'pull' && list.includes('push'))
    })
    return ok ? undefined : challenge(ctx, scope, 'insufficient_scope')
  }

  function exchange(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
    const form = req.form()
    if (form.get('grant_type') !== 'access_token') {
      return json(400, {
        errors: [{ code: 'UNSUPPORTED_GRANT_TYPE', message: 'grant_type must be access_token' }],
      })
    }
    const service = form.get('service') ?? ''
    const claims = ctx.auth.validate(form.get('access_token') ?? undefined, 'entra')
    if (!claims)
      return json(401, {
        errors: [{ code: 'UNAUTHORIZED', message: 'invalid or expired Entra access token' }],
      })
    const aud = String(claims.aud ?? '')
    if (aud.replace(/\/$/, '') !== ACR_AUDIENCE) {
      return json(401, {
        errors: [{ code: 'UNAUTHORIZED', message: `token audience '${aud}' is not ${ACR_AUDIENCE}` }],
      })
    }
    const refresh = ctx.auth.issue('acr-refresh', {
      sub: claims.oid ?? claims.sub,
      tid: claims.tid,
      service,
      grant_type: 'refresh_token',
    })
    return json(200, { refresh_token: refresh })
  }

  function token(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
    const form = req.form()
    const grant = form.get('grant_type')
    const scope = form.get('scope') ?? ''
    const service = form.get('service') ?? ''
    let sub: unknown = 'anonymous'
    if (grant === 'refresh_token') {
      const claims = ctx.auth.validate(form.get('refresh_token') ?? undefined, 'acr-refresh')
      if (!claims)
        return json(401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid or expired refresh token' }] })
      sub = claims.sub
    } else if (grant === 'password' && !form.get('refresh_token')) {
      const pullOnly = scope.split(' ').every((s) => /:pull$/.test(s))
      if (!state.anonymousPull || !pullOnly) {
        return json(401, {
          errors: [{ code: 'UNAUTHORIZED', message: 'anonymous access is not enabled on this registry' }],
        })
      }
    } else {
      return json(400, { errors: [{ code: 'UNSUPPORTED_GRANT_TYPE', message: `grant_type ${grant ?? ''}` }] })
    }
    return json(200, { access_token: ctx.auth.issue('acr-access', { sub, scope, service }, 1200) })
  }

  function manifests(req: EmulatorRequest, repository: string, reference: string): EmulatorResponse {
    const r = repo(repository)
    const isDigest = reference.startsWith('sha256:')
    if (req.method === 'DELETE') return deleteManifest(r, reference)
    if (req.method === 'PUT') {
      if (!isDigest) {
        const tag = r.tags.get(reference)
        if (tag && !tag.attributes.writeEnabled) {
          return ociError(
            409,
            'DENIED',
            `The operation is disallowed on this registry, repository or image: tag '${reference}' is write-disabled.`,
          )
        }
      }
      const mediaType = String(req.headers['content-type'] ?? '')
      if (!MANIFEST_TYPES.includes(mediaType))
        return ociError(400, 'MANIFEST_INVALID', `unsupported media type ${mediaType}`)
      let body: {
        config?: { digest: string }
        layers?: { digest: string }[]
        manifests?: { digest: string }[]
        subject?: { digest: string }
      }
      try {
        body = JSON.parse(req.body.toString('utf8')) as typeof body
      } catch {
        return ociError(400, 'MANIFEST_INVALID', 'manifest is not JSON')
      }
      for (const b of [...(body.config ? [body.config] : []), ...(body.layers ?? [])]) {
        if (!r.blobs.has(b.digest))
          return ociError(400, 'MANIFEST_BLOB_UNKNOWN', `blob unknown to registry: ${b.digest}`)
      }
      for (const m of body.manifests ?? []) {
        if (!r.manifests.has(m.digest))
          return ociError(400, 'MANIFEST_UNKNOWN', `manifest unknown: ${m.digest}`)
      }
      if (isDigest && digestOf(req.body) !== reference)
        return ociError(400, 'DIGEST_INVALID', 'digest does not match content')
      const digest = storeManifest(repository, req.body, mediaType, isDigest ? undefined : reference)
      return {
        status: 201,
        headers: {
          'docker-content-digest': digest,
          location: `/v2/${repository}/manifests/${digest}`,
          ...(body.subject ? { 'oci-subject': body.subject.digest } : {}),
        },
      }
    }
    const digest = isDigest ? reference : r.tags.get(reference)?.digest
    const manifest = digest ? r.manifests.get(digest) : undefined
    if (!digest || !manifest)
      return ociError(404, 'MANIFEST_UNKNOWN', `manifest tagged by "${reference}" is not found`)
    const headers = {
      'content-type': manifest.mediaType,
      'docker-content-digest': digest,
      'content-length': String(manifest.content.length),
    }
    if (req.method === 'HEAD') return { status: 200, headers }
    return { status: 200, headers, body: manifest.content }
  }

  /**
   * DELETE by digest only (as ACR), taking every tag on it along. A write- or delete-disabled manifest, or one
   * with such a tag, is refused (409 DENIED, like a write to a locked tag); unknown digests answer 404.
   */
  function deleteManifest(r: AcrRepository, reference: string): EmulatorResponse {
    if (!reference.startsWith('sha256:'))
      return ociError(400, 'UNSUPPORTED', 'manifests can only be deleted by digest')
    const manifest = r.manifests.get(reference)
    if (!manifest) return ociError(404, 'MANIFEST_UNKNOWN', `manifest unknown: ${reference}`)
    const tags = [...r.tags].filter(([, t]) => t.digest === reference)
    const locked = [manifest.attributes, ...tags.map(([, t]) => t.attributes)].some(
      (a) => !a.writeEnabled || !a.deleteEnabled,
    )
    if (locked) {
      return ociError(
        409,
        'DENIED',
        `The operation is disallowed on this registry, repository or image: ${reference} is locked.`,
      )
    }
    r.manifests.delete(reference)
    for (const [name] of tags) r.tags.delete(name)
    return { status: 202, headers: { 'docker-content-digest': reference } }
  }

  function referrers(req: EmulatorRequest, repository: string, digest: string): EmulatorResponse {
    const filter = req.url.searchParams.get('artifactType')
    const list = []
    for (const [d, m] of repo(repository).manifests) {
      let body: {
        subject?: { digest: string }
        artifactType?: string
        config?: { mediaType: string }
        annotations?: unknown
      }
      try {
        body = JSON.parse(m.content.toString('utf8')) as typeof body
      } catch {
        continue
      }
      if (body.subject?.digest !== digest) continue
      const artifactType = body.artifactType ?? body.config?.mediaType
      if (filter && artifactType !== filter) continue
      list.push({
        mediaType: m.mediaType,
        digest: d,
        size: m.content.length,
        artifactType,
        annotations: body.annotations,
      })
    }
    return json(
      200,
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: list },
      {
        'content-type': 'application/vnd.oci.image.index.v1+json',
      },
    )
  }

  function blobs(req: EmulatorRequest, repository: string, digest: string): EmulatorResponse {
    const blob = repo(repository).blobs.get(digest)
    if (!blob) return ociError(404, 'BLOB_UNKNOWN', `blob unknown to registry: ${digest}`)
    const headers = {
      'docker-content-digest': digest,
      'content-length': String(blob.length),
      'content-type': 'application/octet-stream',
    }
    return req.method === 'HEAD' ? { status: 200, headers } : { status: 200, headers, body: blob }
  }

  function uploads(req: EmulatorRequest, repository: string, id: string): EmulatorResponse {
    if (req.method === 'POST' && id === '') {
      const uuid = randomUUID()
      state.uploads.set(uuid, { repository })
      // Relative Location, as ACR answers.
      return {
        status: 202,
        headers: {
          location: `/v2/${repository}/blobs/uploads/${uuid}`,
          'docker-upload-uuid': uuid,
          range: '0-0',
        },
      }
    }
    if (req.method === 'PUT' && state.uploads.get(id)?.repository === repository) {
      const digest = req.url.searchParams.get('digest') ?? ''
      if (digestOf(req.body) !== digest)
        return ociError(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content')
      state.uploads.delete(id)
      repo(repository).blobs.set(digest, Buffer.from(req.body))
      return {
        status: 201,
        headers: { 'docker-content-digest': digest, location: `/v2/${repository}/blobs/${digest}` },
      }
    }
    return ociError(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry')
  }

  function attributesPatch(target: Attributes, body: Partial<Attributes>): void {
    for (const key of ['writeEnabled', 'deleteEnabled', 'readEnabled', 'listEnabled'] as const) {
      if (typeof body[key] === 'boolean') target[key] = body[key]
    }
  }

  function acrTag(
    req: EmulatorRequest,
    ctx: EmulatorContext,
    repository: string,
    name: string,
  ): EmulatorResponse {
    const tag = state.repositories.get(repository)?.tags.get(name)
    if (!tag)
      return json(404, {
        errors: [{ code: 'TAG_UNKNOWN', message: `the specified tag does not exist: ${name}` }],
      })
    if (req.method === 'PATCH') attributesPatch(tag.attributes, req.json<Partial<Attributes>>())
    else if (req.method !== 'GET')
      return json(405, { errors: [{ code: 'UNSUPPORTED', message: req.method }] })
    return json(200, {
      registry: new URL(ctx.baseUrl).host,
      imageName: repository,
      tag: {
        name,
        digest: tag.digest,
        createdTime: tag.createdTime,
        lastUpdateTime: tag.lastUpdateTime,
        signed: false,
        changeableAttributes: tag.attributes,
      },
    })
  }

  function acrManifest(
    req: EmulatorRequest,
    ctx: EmulatorContext,
    repository: string,
    digest: string,
  ): EmulatorResponse {
    const r = state.repositories.get(repository)
    const manifest = r?.manifests.get(digest)
    if (!r || !manifest)
      return json(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: `manifest unknown: ${digest}` }] })
    if (req.method === 'PATCH') attributesPatch(manifest.attributes, req.json<Partial<Attributes>>())
    else if (req.method !== 'GET')
      return json(405, { errors: [{ code: 'UNSUPPORTED', message: req.method }] })
    const tags = [...r.tags].filter(([, t]) => t.digest === digest).map(([name]) => name)
    return json(200, {
      registry: new URL(ctx.baseUrl).host,
      imageName: repository,
      manifest: {
        digest,
        imageSize: manifest.content.length,
        createdTime: manifest.createdTime,
        lastUpdateTime: manifest.lastUpdateTime,
        mediaType: manifest.mediaType,
        tags,
        changeableAttributes: manifest.attributes,
      },
    })
  }

  function route(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse | undefined {
    const path = decodeURIComponent(req.url.pathname)
    if (req.method === 'POST' && path === '/oauth2/exchange') return exchange(req, ctx)
    if (req.method === 'POST' && path === '/oauth2/token') return token(req, ctx)
    if (path === '/v2/' || path === '/v2') return authorize(req, ctx, undefined, false) ?? json(200, {})

    let m = /^\/v2\/(.+?)\/blobs\/uploads\/?([^/]*)$/.exec(path)
    if (m) return authorize(req, ctx, m[1], false) ?? uploads(req, m[1] as string, m[2] ?? '')
    m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path)
    if (m) return authorize(req, ctx, m[1], false) ?? manifests(req, m[1] as string, m[2] as string)
    m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(path)
    if (m) return authorize(req, ctx, m[1], false) ?? blobs(req, m[1] as string, m[2] as string)
    m = /^\/v2\/(.+)\/referrers\/([^/]+)$/.exec(path)
    if (m) return authorize(req, ctx, m[1], false) ?? referrers(req, m[1] as string, m[2] as string)
    m = /^\/v2\/(.+)\/tags\/list$/.exec(path)
    if (m) {
      const name = m[1] as string
      return (
        authorize(req, ctx, name, false) ??
        json(200, { name, tags: [...(state.repositories.get(name)?.tags.keys() ?? [])].sort() })
      )
    }
    m = /^\/acr\/v1\/(.+)\/_tags\/([^/]+)$/.exec(path)
    if (m) return authorize(req, ctx, m[1], true) ?? acrTag(req, ctx, m[1] as string, m[2] as string)
    m = /^\/acr\/v1\/(.+)\/_manifests\/([^/]+)$/.exec(path)
    if (m) return authorize(req, ctx, m[1], true) ?? acrManifest(req, ctx, m[1] as string, m[2] as string)
    if (path.startsWith('/v2/') || path.startsWith('/acr/v1/'))
      return ociError(404, 'NAME_UNKNOWN', `no route for ${path}`)
    return undefined
  }

  return {
    name: 'acr',
    state,
    putBlob,
    putManifest,
    handle(req, ctx) {
      const res = route(req, ctx)
      if (res) state.log.push({ method: req.method, path: req.url.pathname, status: res.status })
      return res
    },
  }
}
