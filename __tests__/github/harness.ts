// A tiny HTTPS server around the `github` route module, for the GitHub-integration tests, until
// emulator/server.ts (startEmulator) and __tests__/support/tls.ts exist. Certificates come from
// emulator/tls.ts. When the process does not trust the CA yet (NODE_EXTRA_CA_CERTS unset), Octokit gets
// a fetch whose dispatcher trusts it; with NODE_EXTRA_CA_CERTS set, the toolkit's own fetch is used.
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'

import { Agent, fetch as undiciFetch } from 'undici'

import { createGithubModule, GITHUB_PREFIX, type GitHubSeed, type GithubModule } from '../../emulator/routes/github.js'
import { ensureCertificates } from '../../emulator/tls.js'
import type { AuthRegistry, EmulatorContext, EmulatorRequest } from '../../emulator/types.js'
import { createOctokit, type Octokit } from '../../src/github/octokit.js'

export interface GithubHarness {
  module: GithubModule
  baseUrl: string
  /** What GITHUB_API_URL would be. */
  apiUrl: string
  octokit(token: string): Octokit
  close(): Promise<void>
}

const noAuth: AuthRegistry = {
  issue: () => {
    throw new Error('not used')
  },
  validate: () => undefined,
  issued: [],
}

export async function startGithubHarness(seed: GitHubSeed = {}): Promise<GithubHarness> {
  const certs = await ensureCertificates()
  const module = createGithubModule(seed)
  let ctx: EmulatorContext = { baseUrl: '', auth: noAuth }

  const server: Server = createServer({ cert: certs.cert, key: certs.key }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const request: EmulatorRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', ctx.baseUrl),
        headers: req.headers,
        body,
        json: <T>() => JSON.parse(body.toString('utf8')) as T,
        form: () => new URLSearchParams(body.toString('utf8')),
      }
      Promise.resolve(module.handle(request, ctx))
        .then((response) => {
          const r = response ?? { status: 404, body: { message: 'no route' } }
          const headers: Record<string, string> = { ...r.headers }
          let payload: string | Buffer | undefined
          if (r.body !== undefined && r.status !== 204) {
            payload = Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body)
            headers['content-type'] ??= 'application/json; charset=utf-8'
          }
          res.writeHead(r.status, headers)
          res.end(payload)
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ message: String(error) }))
        })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const baseUrl = `https://127.0.0.1:${port}`
  ctx = { baseUrl, auth: noAuth }

  const trusted = process.env.NODE_EXTRA_CA_CERTS === certs.caCertPath
  const agent = trusted ? undefined : new Agent({ connect: { ca: certs.ca } })
  const fetch = agent
    ? (url: string, init: Record<string, unknown>) => undiciFetch(url, { ...init, dispatcher: agent } as never)
    : undefined

  return {
    module,
    baseUrl,
    apiUrl: `${baseUrl}${GITHUB_PREFIX}`,
    octokit: (token) =>
      createOctokit(token, { baseUrl: `${baseUrl}${GITHUB_PREFIX}`, ...(fetch ? { request: { fetch } } : {}) }),
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await agent?.close()
    },
  }
}
