// A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8) on a free loopback port,
// TLS with the shared test certificate, auth off, filesystem storage in a temp dir. Seeding uses plain HTTPS.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import https from 'node:https'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ensureCertificates } from '../tls.js'

export const REGISTRY_BINARY = process.env.DOCKER_REGISTRY_BIN ?? '/usr/bin/docker-registry'
export const registryAvailable = existsSync(REGISTRY_BINARY)

/** Skip (with a visible notice) when the binary is missing, unless REQUIRE_REGISTRY=1 demands it. */
export function skipWithoutRegistry(): boolean {
  if (registryAvailable) return false
  const message = `${REGISTRY_BINARY} not found (apt-get install docker-registry)`
  if (process.env.REQUIRE_REGISTRY === '1') throw new Error(`REQUIRE_REGISTRY=1 but ${message}`)
  console.warn(`SKIPPING real-registry tests: ${message}`)
  return true
}

export const MT = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const

const ACCEPT = [MT.ociManifest, MT.ociIndex, MT.dockerManifest, MT.dockerList].join(', ')

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export function digestOf(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

export class TestRegistry {
  constructor(
    readonly host: string,
    readonly ca: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<TestRegistry> {
    const certs = await ensureCertificates()
    const dir = await mkdtemp(path.join(os.tmpdir(), 'oci-registry-'))
    const port = await freePort()
    const config = [
      'version: 0.1',
      'log: {level: error}',
      'storage:',
      `  filesystem: {rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}}`,
      '  delete: {enabled: true}',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${randomBytes(8).toString('hex')}`,
      `  tls: {certificate: ${JSON.stringify(certs.certPath)}, key: ${JSON.stringify(certs.keyPath)}}`,
      '',
    ].join('\n')
    await writeFile(path.join(dir, 'config.yml'), config)
    const child = spawn(REGISTRY_BINARY, ['serve', path.join(dir, 'config.yml')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    const registry = new TestRegistry(`127.0.0.1:${port}`, certs.ca, child, dir)
    const deadline = Date.now() + 15_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`)
      try {
        if ((await registry.request('GET', '/v2/')).status === 200) return registry
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await registry.stop()
        throw new Error(`docker-registry did not answer /v2/ within 15 s: ${stderr}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r))
      this.child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))])
    }
    await rm(this.dir, { recursive: true, force: true })
  }

  /** SDK client options that trust the test CA even when NODE_EXTRA_CA_CERTS is not set (see emulator/tls.ts). */
  get clientOptions() {
    return { tlsOptions: { ca: this.ca } }
  }

  request(
    method: string,
    pathOrUrl: string,
    body?: Buffer,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    const url = new URL(pathOrUrl, `https://${this.host}`)
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          ca: this.ca,
          headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          )
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }

  async pushBlob(repo: string, content: Buffer | string): Promise<{ digest: string; size: number }> {
    const bytes = Buffer.from(content)
    const digest = digestOf(bytes)
    const start = await this.request('POST', `/v2/${repo}/blobs/uploads/`)
    if (start.status !== 202) throw new Error(`blob upload start: ${start.status} ${start.body.toString()}`)
    const url = new URL(String(start.headers.location), `https://${this.host}`)
    url.searchParams.set('digest', digest)
    const put = await this.request('PUT', url.toString(), bytes, {
      'Content-Type': 'application/octet-stream',
    })
    if (put.status !== 201) throw new Error(`blob upload: ${put.status} ${put.body.toString()}`)
    return { digest, size: bytes.length }
  }

  async putManifest(repo: string, reference: string, manifest: unknown, mediaType: string): Promise<string> {
    const bytes = Buffer.from(JSON.stringify(manifest))
    const res = await this.request('PUT', `/v2/${repo}/manifests/${reference}`, bytes, {
      'Content-Type': mediaType,
    })
    if (res.status !== 201) throw new Error(`manifest PUT ${reference}: ${res.status} ${res.body.toString()}`)
    return digestOf(bytes)
  }

  /** The digest a tag points at, or undefined. */
  async tagDigest(repo: string, tag: string): Promise<string | undefined> {
    const res = await this.request('HEAD', `/v2/${repo}/manifests/${tag}`, undefined, { Accept: ACCEPT })
    if (res.status === 404) return undefined
    return String(res.headers['docker-content-digest'])
  }

  async getManifest(
    repo: string,
    reference: string,
  ): Promise<{ mediaType: string; body: Buffer } | undefined> {
    const res = await this.request('GET', `/v2/${repo}/manifests/${reference}`, undefined, { Accept: ACCEPT })
    if (res.status === 404) return undefined
    return { mediaType: String(res.headers['content-type']), body: res.body }
  }

  async tags(repo: string): Promise<string[]> {
    const res = await this.request('GET', `/v2/${repo}/tags/list`)
    if (res.status === 404) return []
    return ((JSON.parse(res.body.toString()) as { tags?: string[] | null }).tags ?? []).sort()
  }

  /** A raw tag move, as a person (or another pipeline) would do it behind our back. */
  async moveTag(repo: string, tag: string, digest: string): Promise<void> {
    const m = await this.getManifest(repo, digest)
    if (!m) throw new Error(`no manifest ${digest}`)
    const res = await this.request('PUT', `/v2/${repo}/manifests/${tag}`, m.body, {
      'Content-Type': m.mediaType,
    })
    if (res.status !== 201) throw new Error(`moveTag: ${res.status} ${res.body.toString()}`)
  }
}

export interface SeededImage {
  digest: string
  mediaType: string
  tag: string
}

export interface Seed {
  oci: SeededImage
  docker: SeededImage
  ociIndex: SeededImage
  dockerList: SeededImage
  /** Fake signature artifact referring to `oci` (in the fallback index: this registry has no referrers API). */
  signature: { digest: string; artifactType: string }
  /** A second single-arch OCI image for ring histories. */
  ociV2: SeededImage
  ociV3: SeededImage
}

async function image(
  reg: TestRegistry,
  repo: string,
  tag: string,
  label: string,
  docker = false,
  pushTag = true,
): Promise<SeededImage> {
  const config = await reg.pushBlob(
    repo,
    JSON.stringify({
      architecture: label.includes('arm') ? 'arm64' : 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [] },
      label,
    }),
  )
  const layer = await reg.pushBlob(repo, `layer for ${label} ${randomBytes(4).toString('hex')}`)
  const mediaType = docker ? MT.dockerManifest : MT.ociManifest
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: docker ? MT.dockerConfig : MT.ociConfig, ...config },
    layers: [{ mediaType: docker ? MT.dockerLayer : MT.ociLayer, ...layer }],
  }
  const digest = await reg.putManifest(
    repo,
    pushTag ? tag : digestOf(JSON.stringify(manifest)),
    manifest,
    mediaType,
  )
  return { digest, mediaType, tag }
}

async function multiArch(
  reg: TestRegistry,
  repo: string,
  tag: string,
  docker: boolean,
): Promise<SeededImage> {
  const amd = await image(reg, repo, `${tag}-amd64`, `${tag} amd64`, docker, false)
  const arm = await image(reg, repo, `${tag}-arm64`, `${tag} arm64`, docker, false)
  const mediaType = docker ? MT.dockerList : MT.ociIndex
  const size = async (d: string) => (await reg.getManifest(repo, d))?.body.length ?? 0
  const index = {
    schemaVersion: 2,
    mediaType,
    manifests: [
      {
        mediaType: amd.mediaType,
        digest: amd.digest,
        size: await size(amd.digest),
        platform: { architecture: 'amd64', os: 'linux' },
      },
      {
        mediaType: arm.mediaType,
        digest: arm.digest,
        size: await size(arm.digest),
        platform: { architecture: 'arm64', os: 'linux' },
      },
    ],
  }
  const digest = await reg.putManifest(repo, tag, index, mediaType)
  return { digest, mediaType, tag }
}

/** Seed one repository with every manifest kind and a signature referrer on the OCI image. */
export async function seed(reg: TestRegistry, repo: string): Promise<Seed> {
  const oci = await image(reg, repo, '1.0.0', 'oci single')
  const ociV2 = await image(reg, repo, '2.0.0', 'oci v2')
  const ociV3 = await image(reg, repo, '3.0.0', 'oci v3')
  const docker = await image(reg, repo, 'docker-1.0.0', 'docker single', true)
  const ociIndex = await multiArch(reg, repo, 'multi-1.0.0', false)
  const dockerList = await multiArch(reg, repo, 'list-1.0.0', true)

  const empty = await reg.pushBlob(repo, '{}')
  const sigBlob = await reg.pushBlob(
    repo,
    JSON.stringify({ critical: { image: { 'docker-manifest-digest': oci.digest } } }),
  )
  const artifactType = 'application/vnd.dev.cosign.artifact.sig.v1+json'
  const subjectSize = (await reg.getManifest(repo, oci.digest))?.body.length ?? 0
  const sigManifest = {
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    artifactType,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', ...empty },
    layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...sigBlob }],
    subject: { mediaType: MT.ociManifest, digest: oci.digest, size: subjectSize },
  }
  const sigBytes = Buffer.from(JSON.stringify(sigManifest))
  const sigDigest = await reg.putManifest(repo, digestOf(sigBytes), sigManifest, MT.ociManifest)
  // distribution 2.8 has no referrers API: maintain the tag-schema fallback index, as clients must.
  await reg.putManifest(
    repo,
    oci.digest.replace(':', '-'),
    {
      schemaVersion: 2,
      mediaType: MT.ociIndex,
      manifests: [{ mediaType: MT.ociManifest, digest: sigDigest, size: sigBytes.length, artifactType }],
    },
    MT.ociIndex,
  )
  return { oci, ociV2, ociV3, docker, ociIndex, dockerList, signature: { digest: sigDigest, artifactType } }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
