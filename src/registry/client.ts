// One repository in one registry: the SDK content client for manifests, plus plain OCI distribution calls
// (tags, HEAD, blobs, referrers) sent through the SDK's own pipeline so the ACR challenge flow
// (/oauth2/exchange → /oauth2/token) and retries apply to them as well.
import {
  ContainerRegistryClient,
  ContainerRegistryContentClient,
  type ContainerRegistryContentClientOptions,
} from '@azure/container-registry'
import type { TokenCredential } from '@azure/identity'
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline'
import type { Deadline } from '../azure/deadline.js'
import { StepError } from '../core/errors.js'
import { describeCall, expectStatus, statusOf, stepError } from './errors.js'
import {
  fallbackTag,
  MANIFEST_ACCEPT,
  MediaTypes,
  sha256,
  type Descriptor,
  type Manifest,
  type ManifestJson,
  type Referrers,
} from './oci.js'

export interface ClientConfig {
  /** Login server, may include a port. */
  registry: string
  repository: string
  credential?: TokenCredential
  scheme?: 'https'
  clientOptions?: ContainerRegistryContentClientOptions
  /** The run's deadline: every request (and retry wait) is aborted when it passes. */
  deadline?: Deadline
}

interface HasServiceClient {
  client?: { sendRequest(request: PipelineRequest): Promise<PipelineResponse> }
}

export class RepositoryClient {
  readonly endpoint: string
  /** Replaced once by `renewAuth` when the registry rejects the SDK's cached ACR token. */
  content: ContainerRegistryContentClient
  private acrClient: ContainerRegistryClient | undefined
  private authRenewed = false
  /** Bumped by `renewAuth`: a call that started before a renewal retries on the renewed clients. */
  private authGeneration = 0
  /** Set for a short read-back after a failed write, which must work even after the deadline passed. */
  graceSignal: AbortSignal | undefined
  /**
   * Whether the registry answers the OCI 1.1 referrers API; undefined until asked. The spec forbids a 404 from
   * a registry that has it, so after one 404 every later listing goes straight to the fallback index.
   */
  referrersApi: boolean | undefined

  constructor(readonly config: ClientConfig) {
    this.endpoint = `${config.scheme ?? 'https'}://${config.registry}`
    // The SDK accepts no credential at run time: it then uses the anonymous ACR flow, and registries that
    // never challenge are simply called without Authorization.
    this.content = this.contentClient()
  }

  private contentClient(): ContainerRegistryContentClient {
    const { repository, credential } = this.config
    return new ContainerRegistryContentClient(
      this.endpoint,
      repository,
      credential as TokenCredential,
      sdkOptions(this.config),
    )
  }

  /**
   * The SDK keeps its ACR refresh token until shortly before the token's `exp`, even after the registry rejected
   * it (revoked, or the token service changed keys): every later call would fail with 401. New SDK clients
   * exchange the Entra token again. At most once per client, so a real refusal still fails.
   */
  private renewAuth(): boolean {
    if (this.authRenewed || !this.config.credential) return false
    this.authRenewed = true
    this.authGeneration++
    this.content = this.contentClient()
    this.acrClient = undefined
    return true
  }

  /**
   * An SDK call, retried once with renewed auth after a 401 the SDK's own challenge handling did not fix. Calls
   * in flight together (a ring's tag writes) share the one renewal: each that met the 401 retries once.
   */
  private async authed<T>(
    call: () => Promise<T>,
    rejected: (result: T) => boolean = () => false,
  ): Promise<T> {
    const generation = this.authGeneration
    const renewed = () => this.authGeneration !== generation || this.renewAuth()
    try {
      const result = await call()
      if (!rejected(result) || !renewed()) return result
    } catch (error) {
      if (statusOf(error) !== 401 || !renewed()) throw error
    }
    return call()
  }

  get registry(): string {
    return this.config.registry
  }

  /** The signal every call of this client passes to the SDK. */
  get abortSignal(): AbortSignal | undefined {
    return this.graceSignal ?? this.config.deadline?.signal
  }

  /** A timeout error naming the step when the deadline has passed, else the step and the service's code. */
  fail(step: string, error: unknown): Error {
    if (!this.graceSignal) {
      const timedOut = this.config.deadline?.timedOut(step)
      if (timedOut) return timedOut
    }
    return error instanceof StepError ? error : stepError(step, error)
  }

  get repository(): string {
    return this.config.repository
  }

  /** ACR-only `/acr/v1/…` client, created on first use. */
  acr(): ContainerRegistryClient {
    this.acrClient ??= this.config.credential
      ? new ContainerRegistryClient(this.endpoint, this.config.credential, sdkOptions(this.config))
      : new ContainerRegistryClient(this.endpoint, sdkOptions(this.config))
    return this.acrClient
  }

  /**
   * An ACR `/acr/v1/` SDK call (locks), retried once with renewed auth after a 401 like every other call. The
   * client is taken inside `call`, so the retry uses the one the renewal builds.
   */
  async acrCall<T>(
    step: string,
    call: (acr: ContainerRegistryClient, abortSignal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.authed(() => call(this.acr(), this.abortSignal))
    } catch (error) {
      throw this.fail(step, error)
    }
  }

  /** Send one request through the SDK client's pipeline (auth challenge, retries, TLS options). */
  async send(
    method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
    pathOrUrl: string,
    options: {
      headers?: Record<string, string>
      body?: Buffer | NodeJS.ReadableStream
      stream?: boolean
    } = {},
  ): Promise<PipelineResponse> {
    const url = new URL(pathOrUrl, this.endpoint)
    const abortSignal = this.abortSignal
    const sendOnce = () => {
      const service = (this.content as unknown as HasServiceClient).client
      if (!service || typeof service.sendRequest !== 'function') {
        throw new Error(
          'The @azure/container-registry client has an unexpected shape (no internal pipeline).',
        )
      }
      const request = createPipelineRequest({
        url: url.toString(),
        method,
        headers: createHttpHeaders(options.headers ?? {}),
        ...(options.body ? { body: options.body } : {}),
        ...(options.stream ? { streamResponseStatusCodes: new Set([200]) } : {}),
        ...(abortSignal ? { abortSignal } : {}),
      })
      return service.sendRequest(request)
    }
    // A stream body cannot be sent twice.
    const replayable = !options.body || Buffer.isBuffer(options.body)
    try {
      return replayable ? await this.authed(sendOnce, (res) => res.status === 401) : await sendOnce()
    } catch (error) {
      // Network errors after the SDK's retries, and aborts: name the step instead of a bare socket error.
      throw this.fail(describeCall(method, url.pathname, this.config.repository), error)
    }
  }

  path(kind: 'manifests' | 'blobs' | 'tags' | 'referrers', ref = ''): string {
    const repo = this.config.repository
    if (kind === 'tags') return `/v2/${repo}/tags/list`
    return `/v2/${repo}/${kind}/${ref}`
  }

  /** Resolve a tag or digest to its manifest digest (HEAD). undefined when it does not exist. */
  async resolve(reference: string): Promise<{ digest: string; mediaType: string } | undefined> {
    const res = await this.send('HEAD', this.path('manifests', reference), {
      headers: { Accept: MANIFEST_ACCEPT },
    })
    if (res.status === 404) return undefined
    expectStatus(res, [200], `Reading ${this.display(reference)}`)
    const digest = res.headers.get('docker-content-digest')
    const mediaType = res.headers.get('content-type') ?? ''
    if (digest) return { digest, mediaType }
    // Registries may omit the digest header on HEAD: fall back to a GET and hash the body.
    const manifest = await this.getManifest(reference)
    return manifest && { digest: manifest.digest, mediaType: manifest.mediaType }
  }

  /** GET a manifest with the SDK (verifies the digest of the bytes). undefined on 404. */
  async getManifest(reference: string): Promise<Manifest | undefined> {
    try {
      const abortSignal = this.abortSignal
      const result = await this.authed(() => this.content.getManifest(reference, { abortSignal }))
      return {
        digest: result.digest,
        mediaType: result.mediaType,
        content: result.content,
        json: result.manifest as ManifestJson,
      }
    } catch (error) {
      if (statusOf(error) === 404) return undefined
      throw this.fail(`Reading manifest ${this.display(reference)}`, error)
    }
  }

  /** Retag on the server: PUT the exact bytes under a tag (the SDK's setManifest). Returns the digest. */
  async setManifest(content: Buffer, mediaType: string, tag?: string): Promise<string> {
    try {
      const options = { mediaType, ...(tag ? { tag } : {}), abortSignal: this.abortSignal }
      const result = await this.authed(() => this.content.setManifest(content, options))
      return result.digest
    } catch (error) {
      throw this.fail(`Writing manifest ${this.display(tag ?? sha256(content))}`, error)
    }
  }

  /** PUT a manifest with a plain call, for the `OCI-Subject` response header the SDK does not surface. */
  async putManifest(
    reference: string,
    content: Buffer,
    mediaType: string,
  ): Promise<{ digest: string; subjectProcessed: boolean }> {
    const res = await this.send('PUT', this.path('manifests', reference), {
      headers: { 'Content-Type': mediaType },
      body: content,
    })
    expectStatus(res, [201], `Writing manifest ${this.display(reference)}`)
    return {
      digest: res.headers.get('docker-content-digest') ?? sha256(content),
      subjectProcessed: res.headers.has('oci-subject'),
    }
  }

  /** Every tag in the repository, following `Link` pagination. */
  async listTags(): Promise<string[]> {
    const tags: string[] = []
    let next: string | undefined = `${this.path('tags')}?n=1000`
    for (let page = 0; next && page < 100; page++) {
      const res = await this.send('GET', next, { headers: { Accept: 'application/json' } })
      if (res.status === 404) return tags
      expectStatus(res, [200], `Listing tags of ${this.display()}`)
      const body = JSON.parse(res.bodyAsText ?? '{}') as { tags?: string[] | null }
      tags.push(...(body.tags ?? []))
      next = nextLink(res.headers.get('link'))
    }
    return tags
  }

  async blobExists(digest: string): Promise<boolean> {
    const res = await this.send('HEAD', this.path('blobs', digest))
    if (res.status === 404) return false
    expectStatus(res, [200, 307], `Checking blob ${digest} in ${this.display()}`)
    return true
  }

  async getBlob(digest: string): Promise<Buffer> {
    const chunks: Buffer[] = []
    for await (const chunk of (await this.openBlob(digest)) as AsyncIterable<Buffer | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    }
    const body = Buffer.concat(chunks)
    if (sha256(body) !== digest)
      throw new Error(`Blob ${digest} from ${this.display()} does not match its digest`)
    return body
  }

  /** Open a blob as a stream (for copies between registries). */
  async openBlob(digest: string): Promise<NodeJS.ReadableStream> {
    const res = await this.send('GET', this.path('blobs', digest), { stream: true })
    expectStatus(res, [200], `Reading blob ${digest} from ${this.display()}`)
    if (!res.readableStreamBody) throw new Error(`Reading blob ${digest}: no body`)
    return res.readableStreamBody
  }

  /**
   * Monolithic upload: POST to start, PUT with `?digest=`. The registry's `Location` may be relative
   * (ACR) or absolute (distribution); both are resolved against the endpoint.
   */
  async uploadBlob(
    digest: string,
    body: Buffer | NodeJS.ReadableStream,
    size: number,
    /** `fresh`: the caller knows the blob is new (a record carries its time), so no existence check first. */
    options: { fresh?: boolean } = {},
  ): Promise<void> {
    if (!options.fresh && (await this.blobExists(digest))) return
    const start = await this.send('POST', `/v2/${this.config.repository}/blobs/uploads/`)
    expectStatus(start, [202], `Starting blob upload to ${this.display()}`)
    const location = start.headers.get('location')
    if (!location) throw new Error(`Starting blob upload to ${this.display()}: no Location header`)
    const url = new URL(location, this.endpoint)
    url.searchParams.set('digest', digest)
    const res = await this.send('PUT', url.toString(), {
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
      body,
    })
    // A retried PUT whose first response was lost finds the upload closed (404 BLOB_UPLOAD_UNKNOWN): the blob landed.
    if (res.status !== 201 && (await this.blobExists(digest))) return
    expectStatus(res, [201], `Uploading blob ${digest} to ${this.display()}`)
  }

  /**
   * Referrers of a digest: the OCI 1.1 referrers API, or on 404 the `sha256-<hex>` fallback index
   * (the tag schema; distribution 2.8 has no referrers API).
   */
  async referrers(digest: string): Promise<Referrers> {
    if (this.referrersApi !== false) {
      const res = await this.send('GET', this.path('referrers', digest), {
        headers: { Accept: MediaTypes.ociIndex },
      })
      if (res.status === 200) {
        this.referrersApi = true
        const index = JSON.parse(res.bodyAsText ?? '{}') as ManifestJson
        return { via: 'api', manifests: index.manifests ?? [] }
      }
      if (res.status !== 404 && res.status !== 405 && res.status !== 400) {
        expectStatus(res, [200], `Listing referrers of ${this.display(digest)}`)
      }
      this.referrersApi = false
    }
    const index = await this.getManifest(fallbackTag(digest))
    return { via: 'tag', manifests: index?.json.manifests ?? [] }
  }

  /**
   * After pushing a referrer: if the registry did not process `subject` (no `OCI-Subject` header), add it to
   * the fallback index by read-modify-write. Not atomic: distribution offers no conditional PUT.
   * `read`: the index as the caller just read it (undefined = none), instead of reading it here.
   */
  async addToFallbackIndex(
    subject: string,
    referrer: Descriptor,
    read?: { current: Manifest | undefined },
  ): Promise<void> {
    const tag = fallbackTag(subject)
    const current = read ? read.current : await this.getManifest(tag)
    const manifests = (current?.json.manifests ?? []).filter((m) => m.digest !== referrer.digest)
    manifests.push(referrer)
    const index = { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests }
    await this.putManifest(tag, Buffer.from(JSON.stringify(index)), MediaTypes.ociIndex)
  }

  display(reference?: string): string {
    const base = `${this.config.registry}/${this.config.repository}`
    if (!reference) return base
    return reference.includes(':') ? `${base}@${reference}` : `${base}:${reference}`
  }
}

/**
 * The SDK's ACR token calls (/oauth2/exchange, /oauth2/token) run inside its auth policy without the request's
 * abort signal, so a token endpoint that hangs would outlive the run's deadline. This policy, outside the auth and
 * retry policies, stops waiting when the signal fires; the abandoned token call ends on its own.
 */
const stopAtAbort: PipelinePolicy = {
  name: 'azureImagePromoteStopAtAbort',
  sendRequest(request, next) {
    const signal = request.abortSignal
    if (!signal) return next(request)
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const error = new Error('The operation was aborted.')
        error.name = 'AbortError'
        reject(error)
      }
      if (signal.aborted) return onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      next(request)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort))
    })
  },
}

function sdkOptions(config: ClientConfig): ContainerRegistryContentClientOptions {
  const options = config.clientOptions ?? {}
  return {
    ...options,
    additionalPolicies: [...(options.additionalPolicies ?? []), { policy: stopAtAbort, position: 'perCall' }],
  }
}

function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)
  return match?.[1]
}

/** DELETE a manifest by digest: every tag on it goes with it. A manifest that is already gone counts as deleted. */
export async function deleteManifest(repo: RepositoryClient, digest: string): Promise<'deleted' | 'absent'> {
  const step = `Deleting manifest ${repo.display(digest)}`
  const res = await repo.send('DELETE', repo.path('manifests', digest))
  if (res.status === 404) return 'absent'
  if (res.status === 405) {
    // distribution answers 405 UNSUPPORTED unless its configuration has `storage: delete: enabled: true`.
    const body = (res.bodyAsText ?? '').slice(0, 300) || 'method not allowed'
    throw new StepError(
      step,
      'HTTP 405',
      `${body} (the registry does not allow deleting manifests; a docker distribution registry needs storage.delete.enabled: true)`,
    )
  }
  expectStatus(res, [200, 202], step)
  return 'deleted'
}
