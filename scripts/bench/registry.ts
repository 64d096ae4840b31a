// Registry scenarios against a real OCI registry (Debian's docker-registry, distribution 2.8) behind a
// counting TLS proxy that also injects latency. distribution 2.8 has no referrers API, so promotion records go
// through the OCI tag-schema fallback index: the worst case for request counts.
import { mkdtempSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../emulator/runner.js'
import { ensureCertificates } from '../../emulator/tls.js'
import {
  registryAvailable,
  REGISTRY_BINARY,
  seed,
  TestRegistry,
  type Seed,
} from '../../emulator/testbed/oci-registry.js'
import { countBy, median, sleep } from './util.js'

export { registryAvailable, REGISTRY_BINARY }

export interface ProxyEntry {
  method: string
  path: string
  status: number
  start: number
  end: number
  requestBytes: number
  responseBytes: number
}

/** HTTPS reverse proxy on loopback: logs every request, waits `latencyMs` before forwarding it. */
export class CountingProxy {
  readonly log: ProxyEntry[] = []
  latencyMs = 0
  private readonly sockets = new Set<Socket>()

  private constructor(
    private readonly server: https.Server,
    readonly host: string,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  static async start(upstream: string): Promise<CountingProxy> {
    const certs = await ensureCertificates()
    const [upstreamHost, upstreamPort] = upstream.split(':')
    const agent = new https.Agent({ keepAlive: true, ca: certs.ca })
    const self: { proxy?: CountingProxy } = {}
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const start = Date.now()
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        void sleep(self.proxy!.latencyMs).then(() => {
          const forward = https.request(
            {
              host: upstreamHost,
              port: Number(upstreamPort),
              method: req.method,
              path: req.url,
              // Host is kept, so the registry builds upload Locations that point back at the proxy.
              headers: req.headers,
              agent,
              servername: '',
            },
            (upstreamRes) => {
              res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers)
              let responseBytes = 0
              upstreamRes.on('data', (c: Buffer) => {
                responseBytes += c.length
                res.write(c)
              })
              upstreamRes.on('end', () => {
                res.end()
                self.proxy!.log.push({
                  method: req.method ?? 'GET',
                  path: (req.url ?? '/').split('?')[0]!,
                  status: upstreamRes.statusCode ?? 0,
                  start,
                  end: Date.now(),
                  requestBytes: body.length,
                  responseBytes,
                })
              })
            },
          )
          forward.on('error', (error) => {
            res.writeHead(502)
            res.end(String(error))
          })
          forward.end(body)
        })
      })
    }
    const server = https.createServer({ cert: certs.cert, key: certs.key }, handler)
    server.on('tlsClientError', () => undefined)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const proxy = new CountingProxy(server, `127.0.0.1:${(server.address() as AddressInfo).port}`)
    self.proxy = proxy
    return proxy
  }

  reset(): void {
    this.log.length = 0
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      for (const socket of this.sockets) socket.destroy()
    })
  }
}

export const REGISTRY_KINDS = [
  'manifest GET',
  'manifest HEAD',
  'tags list',
  'referrers',
  'blob HEAD',
  'blob GET',
  'upload POST',
  'upload PUT',
  'manifest PUT',
  'acr',
]

export function registryKind(entry: ProxyEntry): string {
  const p = entry.path
  if (p.startsWith('/acr/')) return 'acr'
  if (p === '/v2/' || p === '/v2') return 'ping'
  if (/\/blobs\/uploads\//.test(p)) return `upload ${entry.method}`
  if (/\/manifests\//.test(p)) return `manifest ${entry.method}`
  if (/\/blobs\//.test(p)) return `blob ${entry.method}`
  if (/\/tags\/list$/.test(p)) return 'tags list'
  if (/\/referrers\//.test(p)) return 'referrers'
  return `${entry.method} ${p}`
}

/**
 * Minimum for a same-registry retag of T ring tags on distribution 2.8 (no referrers API), the ring's tags
 * existing and pointing at the previous digest, the promotion record written as a referrer:
 * - observe: GET the source manifest (the bytes are PUT under the new tags, and the digest is needed),
 *   HEAD each ring tag (the plan's expected values and the record's `previous`), the source digest's
 *   records (referrers API → 404 → GET the fallback index). Tag names are known from the policy: no listing.
 * - record: HEAD each ring tag again (the tag check: time passes between observe and the first write, e.g.
 *   the Defender for Cloud query, and without a read after the plan a moved tag could never be reported),
 *   re-GET the fallback index it extends (read-modify-write: a referrer pushed since observe, say a signature,
 *   would otherwise be dropped from the index), HEAD the empty config blob (present after the first record),
 *   POST + PUT the record blob (always new: it carries a timestamp), PUT the record manifest, PUT the index.
 *   The re-reads go alongside the blob upload, so they add no round trip.
 * - tags: one PUT of the source bytes per tag (checked by the record write a moment before, no wait since).
 * - verify: HEAD each tag, GET the fallback index (the registry's lack of a referrers API is known by now).
 * Total 4T + 10. Critical path: source → referrers → fallback (3), check HEADs + index GET + blob HEAD + blob
 * POST together → blob PUT (2), record manifest (1), index (1), tag PUTs in parallel (1), verify in parallel
 * (1) = 9 round trips.
 */
export function registryMinimum(tags: number): { counts: Record<string, number>; roundTrips: number } {
  return {
    counts: {
      'manifest GET': 4,
      'manifest HEAD': 3 * tags,
      referrers: 1,
      'blob HEAD': 1,
      'upload POST': 1,
      'upload PUT': 1,
      'manifest PUT': 2 + tags,
    },
    roundTrips: 9,
  }
}

const POLICY = [
  'rings:',
  '  - name: canary',
  '    tags: [canary]',
  '  - name: prod',
  '    after: canary',
  '    tags: [prod, stable, latest]',
  '',
].join('\n')

export interface RegistryRun {
  code: number
  verdict: string
  counts: Record<string, number>
  networkMs: number
  processMs: number
  imageBlobRequests: number
  blobBytesDown: number
  blobBytesUp: number
  everything: string
}

export class RegistryBench {
  private n = 0
  private readonly workspace: string

  private constructor(
    readonly registry: TestRegistry,
    readonly proxy: CountingProxy,
  ) {
    this.workspace = mkdtempSync(join(tmpdir(), 'aip-bench-ws-'))
    writeFileSync(join(this.workspace, 'policy.yml'), POLICY)
  }

  static async start(): Promise<RegistryBench> {
    const registry = await TestRegistry.start()
    try {
      return new RegistryBench(registry, await CountingProxy.start(registry.host))
    } catch (error) {
      await registry.stop()
      throw error
    }
  }

  /** A fresh repository with v1 already in canary and prod (three tags), through the action itself. */
  async freshRepository(extraTags = 0): Promise<{ repo: string; s: Seed }> {
    const repo = `bench/app${++this.n}`
    const s = await seed(this.registry, repo)
    if (extraTags > 0) {
      const manifest = await this.registry.getManifest(repo, s.oci.digest)
      const names = Array.from({ length: extraTags }, (_, i) => `build-${String(i + 1).padStart(4, '0')}`)
      for (let i = 0; i < names.length; i += 16) {
        await Promise.all(
          names.slice(i, i + 16).map(async (tag) => {
            const res = await this.registry.request('PUT', `/v2/${repo}/manifests/${tag}`, manifest!.body, {
              'Content-Type': manifest!.mediaType,
            })
            if (res.status !== 201) throw new Error(`seeding tag ${tag}: HTTP ${res.status}`)
          }),
        )
      }
    }
    for (const ring of ['canary', 'prod']) {
      const run = await this.promote(repo, s, '1.0.0', ring, 0)
      if (run.code !== 0) throw new Error(`setup promotion of 1.0.0 to ${ring} failed:\n${run.everything}`)
    }
    return { repo, s }
  }

  async promote(
    repo: string,
    s: Seed,
    version: string,
    ring: string,
    latencyMs: number,
  ): Promise<RegistryRun> {
    this.proxy.latencyMs = latencyMs
    this.proxy.reset()
    const started = performance.now()
    const run = await runAction({
      inputs: {
        registry: this.proxy.host,
        repository: repo,
        version,
        ring,
        config: join(this.workspace, 'policy.yml'),
        'comment-on-pr': 'false',
      },
      workspace: this.workspace,
    })
    const processMs = performance.now() - started
    const log = [...this.proxy.log]
    this.proxy.latencyMs = 0
    let verdict = 'failed'
    try {
      verdict = (JSON.parse(run.outputs.result ?? '{}') as { verdict?: string }).verdict ?? 'failed'
    } catch {
      // leave failed
    }
    const imageBlobs = await this.imageBlobs(repo, version === '2.0.0' ? s.ociV2.digest : s.oci.digest)
    const blobEntries = log.filter((e) => /\/blobs\//.test(e.path))
    return {
      code: run.code,
      verdict,
      counts: countBy(log, registryKind),
      networkMs: log.length ? Math.max(...log.map((e) => e.end)) - Math.min(...log.map((e) => e.start)) : 0,
      processMs,
      imageBlobRequests: blobEntries.filter((e) => imageBlobs.some((d) => e.path.endsWith(d))).length,
      blobBytesDown: blobEntries.filter((e) => e.method === 'GET').reduce((a, e) => a + e.responseBytes, 0),
      blobBytesUp: blobEntries.filter((e) => e.method === 'PUT').reduce((a, e) => a + e.requestBytes, 0),
      everything: run.everything,
    }
  }

  private async imageBlobs(repo: string, digest: string): Promise<string[]> {
    const m = await this.registry.getManifest(repo, digest)
    if (!m) return []
    const json = JSON.parse(m.body.toString()) as {
      config?: { digest: string }
      layers?: { digest: string }[]
    }
    return [json.config?.digest, ...(json.layers ?? []).map((l) => l.digest)].filter((d): d is string => !!d)
  }

  async close(): Promise<void> {
    await this.proxy.close()
    await this.registry.stop()
  }
}

export interface RegistryScenarioResult {
  id: string
  title: string
  tags: number
  ok: boolean
  problem?: string
  counts: Record<string, number>
  minimum: { counts: Record<string, number>; roundTrips: number }
  networkMs: number
  processMs: number
  floorMs: number
  imageBlobRequests: number
  blobBytesDown: number
  blobBytesUp: number
}

/**
 * Retag 2.0.0 into canary (1 tag), then into prod (3 tags), on a fresh repository per repetition.
 * `extraTags` unrelated tags are added first (scale).
 */
export async function runRegistryScenarios(
  bench: RegistryBench,
  latencyMs: number,
  reps: number,
  extraTags = 0,
): Promise<RegistryScenarioResult[]> {
  const canary: RegistryRun[] = []
  const prod: RegistryRun[] = []
  for (let i = 0; i < reps; i++) {
    const { repo, s } = await bench.freshRepository(extraTags)
    canary.push(await bench.promote(repo, s, '2.0.0', 'canary', latencyMs))
    prod.push(await bench.promote(repo, s, '2.0.0', 'prod', latencyMs))
  }
  const suffix = extraTags > 0 ? ` (${extraTags} other tags in the repository)` : ''
  return [
    summarise(`registry-1${extraTags ? '-scale' : ''}`, `registry: retag 2.0.0 → canary, 1 tag${suffix}`, 1),
    summarise(`registry-3${extraTags ? '-scale' : ''}`, `registry: retag 2.0.0 → prod, 3 tags${suffix}`, 3),
  ]

  function summarise(id: string, title: string, tags: number): RegistryScenarioResult {
    const runs = tags === 1 ? canary : prod
    const first = runs[0]!
    const minimum = registryMinimum(tags)
    const problem =
      first.code !== 0 || first.verdict !== 'promoted'
        ? `exit ${first.code}, verdict ${first.verdict}: ${first.everything.slice(-400)}`
        : undefined
    return {
      id,
      title,
      tags,
      ok: !problem,
      ...(problem ? { problem } : {}),
      counts: first.counts,
      minimum,
      networkMs: median(runs.map((r) => r.networkMs)),
      processMs: median(runs.map((r) => r.processMs)),
      floorMs: minimum.roundTrips * latencyMs,
      imageBlobRequests: first.imageBlobRequests,
      blobBytesDown: first.blobBytesDown,
      blobBytesUp: first.blobBytesUp,
    }
  }
}
