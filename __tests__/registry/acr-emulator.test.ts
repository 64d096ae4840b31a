// ACR-only paths through the emulator's `acr` route module: the challenge/exchange auth flow of the real
// SDK, the referrers API branch, and locks via /acr/v1/. The module is served by a tiny HTTPS adapter here
// so this test does not depend on emulator/server.ts.
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TokenRegistry } from '../../emulator/auth.js'
import { ACR_AUDIENCE, createAcrModule, type AcrModule } from '../../emulator/routes/acr.js'
import type { EmulatorContext, EmulatorRequest } from '../../emulator/types.js'
import { certificates } from '../../emulator/testbed/ca-trust.js'
import { runTarget } from '../../src/core/engine.js'
import { createRegistryTarget } from '../../src/registry/index.js'
import { RECORD_ARTIFACT_TYPE } from '../../src/registry/records.js'
import { context, ring } from './helpers.js'

const REPO = 'team/web'

describe('registry target against the ACR emulator module', () => {
  let server: https.Server
  let acr: AcrModule
  let auth: TokenRegistry
  let host: string
  let ca: string
  let digest: string
  let ctx: EmulatorContext

  const credential = {
    getToken: async () => ({
      token: auth.issue('entra', { aud: ACR_AUDIENCE, oid: 'sp-object-id', tid: 'tenant' }),
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  }

  beforeAll(async () => {
    const certs = certificates
    ca = certs.ca
    acr = createAcrModule({ requireAuth: true })
    auth = new TokenRegistry()
    server = https.createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        const ereq: EmulatorRequest = {
          method: req.method ?? 'GET',
          url: new URL(req.url ?? '/', ctx.baseUrl),
          headers: req.headers,
          body,
          json: <T>() => JSON.parse(body.toString('utf8')) as T,
          form: () => new URLSearchParams(body.toString('utf8')),
        }
        void Promise.resolve(acr.handle(ereq, ctx)).then((out) => {
          const r = out ?? { status: 404, body: { error: 'no module' } }
          const raw = Buffer.isBuffer(r.body)
          const headers = {
            ...(r.body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
            ...r.headers,
          }
          res.writeHead(r.status, headers)
          if (req.method === 'HEAD' || r.body === undefined) res.end()
          else res.end(raw ? r.body : JSON.stringify(r.body))
        })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`
    ctx = { baseUrl: `https://${host}`, auth }

    const config = acr.putBlob(REPO, JSON.stringify({ architecture: 'amd64', os: 'linux' }))
    const layer = acr.putBlob(REPO, 'layer bytes')
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 34 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: 11 }],
    })
    digest = acr.putManifest(REPO, manifest, 'application/vnd.oci.image.manifest.v1+json', '1.0.0')
  })
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
  })

  function raw(method: string, path: string): Promise<{ status: number; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = https.request(new URL(path, `https://${host}`), { method, ca }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
      })
      req.on('error', reject)
      req.end()
    })
  }

  it('challenges unauthenticated calls with the ACR bearer realm', async () => {
    const res = await raw('GET', `/v2/${REPO}/tags/list`)
    expect(res.status).toBe(401)
    expect(String(res.headers['www-authenticate'])).toBe(
      `Bearer realm="https://${host}/oauth2/token",service="${host}",scope="repository:${REPO}:pull"`,
    )
  })

  it('promotes with the SDK challenge flow (exchange → token), records via the referrers API, and locks', async () => {
    const rings = [ring('canary', null, { lock: true })]
    const target = createRegistryTarget({
      registry: host,
      repository: REPO,
      source: '1.0.0',
      credential,
      rings,
      clientOptions: { tlsOptions: { ca } },
    })
    const result = await runTarget(target, context('canary', { rings }), { dryRun: false })
    expect(result.error).toBeUndefined()
    expect(result.verdict).toBe('promoted')
    expect(result.plan?.changes.map((c) => c.id)).toEqual([
      'record:canary:promote',
      'tag:canary',
      `lock:${digest}`,
      'lock:tag:1.0.0',
    ])
    expect(result.verification.every((g) => g.status === 'pass')).toBe(true)

    const kinds = auth.records.map((r) => r.kind)
    expect(kinds).toContain('acr-refresh')
    expect(kinds).toContain('acr-access')
    expect(acr.state.log.some((l) => l.status === 401)).toBe(true)

    const stored = acr.state.repositories.get(REPO)!
    expect(stored.tags.get('canary')?.digest).toBe(digest)
    expect(stored.manifests.get(digest)?.attributes).toMatchObject({
      writeEnabled: false,
      deleteEnabled: false,
    })
    expect(stored.tags.get('1.0.0')?.attributes).toMatchObject({ writeEnabled: false, deleteEnabled: false })
    expect(stored.tags.get('canary')?.attributes.writeEnabled).toBe(true)
    // The referrers API branch: no fallback tag, the record is indexed by subject.
    expect(stored.tags.has(digest.replace(':', '-'))).toBe(false)
    const records = [...stored.manifests.values()].filter((m) =>
      m.content.toString().includes(RECORD_ARTIFACT_TYPE),
    )
    expect(records).toHaveLength(1)

    // Re-run: nothing left to do, the lock included.
    const again = await runTarget(target, context('canary', { rings }), { dryRun: false })
    expect(again.verdict).toBe('unchanged')
  })

  it('never locks a ring tag: `version: staging` to a locking prod locks the manifest only (issue 12 §2.5)', async () => {
    const repo = 'team/api'
    const image = (text: string): string => {
      const config = acr.putBlob(repo, JSON.stringify({ architecture: 'amd64', os: 'linux', text }))
      const layer = acr.putBlob(repo, text)
      return acr.putManifest(
        repo,
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 1 },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: 1 }],
        }),
        'application/vnd.oci.image.manifest.v1+json',
        text,
      )
    }
    const first = image('1.0.0')
    const second = image('2.0.0')
    const rings = [ring('staging', null), ring('prod', 'staging', { lock: true })]
    const promote = (source: string, to: string) =>
      runTarget(
        createRegistryTarget({
          registry: host,
          repository: repo,
          source,
          credential,
          rings,
          clientOptions: { tlsOptions: { ca } },
        }),
        context(to, { rings }),
        { dryRun: false },
      )

    expect((await promote('1.0.0', 'staging')).verdict).toBe('promoted')
    const prod = await promote('staging', 'prod')
    expect(prod.error).toBeUndefined()
    expect(prod.verdict).toBe('promoted')
    expect(prod.plan?.changes.map((c) => c.id)).toEqual(['record:prod:promote', 'tag:prod', `lock:${first}`])
    const stored = acr.state.repositories.get(repo)!
    expect(stored.manifests.get(first)?.attributes).toMatchObject({
      writeEnabled: false,
      deleteEnabled: false,
    })
    expect(stored.tags.get('staging')?.attributes).toMatchObject({ writeEnabled: true, deleteEnabled: true })

    // The next staging promotion can still move the staging tag.
    const next = await promote('2.0.0', 'staging')
    expect(next.error).toBeUndefined()
    expect(next.verdict).toBe('promoted')
    expect(stored.tags.get('staging')?.digest).toBe(second)
  })

  it('fails clearly without a credential when the registry does not allow anonymous pulls', async () => {
    const target = createRegistryTarget({
      registry: host,
      repository: REPO,
      source: '1.0.0',
      rings: [ring('canary', null)],
      clientOptions: { tlsOptions: { ca } },
    })
    await expect(target.observe()).rejects.toThrow(/anonymous access is not enabled|UNAUTHORIZED/)
  })
})
