// HTTPS server of the local Azure emulator: TLS, request log, injected latency and faults, dispatch to
// the route modules (emulator/routes/index.ts) in order, ARM-style 404 when none answers.
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

import { TokenRegistry, type TokenFormat } from './auth.js'
import { FaultList, type Counted, type FaultMatch, type FaultResponse } from './faults.js'
import { delay } from './http.js'
import { buildModules, orderedModules, type EmulatorModules, type ModuleOptions } from './routes/index.js'
import { loadSeed, type EmulatorSeed } from './seed.js'
import { ensureCertificates } from './tls.js'
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, RouteModule, TokenKind } from './types.js'

export interface EmulatorOptions extends ModuleOptions {
  /** Port to listen on (default 0 = a free port). */
  port?: number
  /** Interface to bind (default 127.0.0.1). The URL always says 127.0.0.1 unless `host` is `::1`/`localhost`. */
  host?: string
  /** Seed object (wins over `seedPath`). */
  seed?: EmulatorSeed
  /** Seed JSON file. */
  seedPath?: string
  /** Certificate directory (default `<repo>/.tmp/tls`). */
  tlsDir?: string
  /** Delay added to every request (ms, default 0). Settable later via `emulator.latencyMs`. */
  latencyMs?: number
  /** Token format per kind (default JWT-shaped for every kind). */
  tokenFormats?: Partial<Record<TokenKind, TokenFormat>>
  /** Extra route modules, tried after the built-in ones. */
  extraModules?: RouteModule[]
}

export interface RequestLogEntry {
  /** Module that answered; `fault` for injected responses, `none` for 404s nobody claimed. */
  module: string
  method: string
  path: string
  query: Record<string, string>
  status: number
  startedAt: Date
  durationMs: number
  /** Set when a fault matched the request. */
  fault?: 'respond' | 'reset' | 'delay'
}

export type { FaultResponse } from './faults.js'

export interface FaultSpec extends FaultMatch {
  /** Answer this instead of the route module. */
  respond?: FaultResponse
  /** Destroy the socket without answering. */
  reset?: true
  /** Wait this long first (then `respond`/`reset`, or dispatch normally when neither is given). */
  delayMs?: number
}

export type Fault = Counted<FaultSpec>

export interface FaultQueue {
  add(spec: FaultSpec): Fault
  remove(fault: Fault): void
  clear(): void
  /** Faults with applications left, in match order. */
  readonly pending: readonly Fault[]
}

export interface Emulator {
  /** https://127.0.0.1:PORT (no trailing slash). */
  readonly url: string
  readonly port: number
  readonly caCertPath: string
  readonly modules: EmulatorModules
  readonly requests: RequestLogEntry[]
  readonly auth: TokenRegistry
  readonly faults: FaultQueue
  readonly context: EmulatorContext
  readonly seed: EmulatorSeed
  /** Injected delay per request (ms). */
  latencyMs: number
  /** Clear the request log. */
  reset(): void
  close(): Promise<void>
}

/** ARM resolves paths without case, so string paths match without case (emulator/faults.ts says why). */
class Faults extends FaultList<FaultSpec> implements FaultQueue {
  constructor() {
    super(false)
  }

  override add(spec: FaultSpec): Fault {
    if (!spec.respond && !spec.reset && spec.delayMs === undefined) {
      throw new Error('A fault needs respond, reset or delayMs')
    }
    return super.add(spec)
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function toEmulatorRequest(req: IncomingMessage, baseUrl: string, body: Buffer): EmulatorRequest {
  const url = new URL(req.url ?? '/', baseUrl)
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    headers: req.headers,
    body,
    json<T = unknown>(): T {
      return JSON.parse(body.toString('utf8')) as T
    },
    form(): URLSearchParams {
      return new URLSearchParams(body.toString('utf8'))
    },
  }
}

function send(res: ServerResponse, response: EmulatorResponse, method: string): void {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value
  if (!headers['x-ms-request-id']) headers['x-ms-request-id'] = randomUUID()
  let payload: Buffer | undefined
  const body = response.body
  if (body !== undefined && body !== null) {
    if (Buffer.isBuffer(body)) {
      payload = body
    } else if (body instanceof Uint8Array) {
      payload = Buffer.from(body)
    } else if (typeof body === 'string') {
      payload = Buffer.from(body, 'utf8')
      headers['content-type'] ??= 'text/plain; charset=utf-8'
    } else {
      payload = Buffer.from(JSON.stringify(body), 'utf8')
      headers['content-type'] ??= 'application/json; charset=utf-8'
    }
  }
  if (payload && headers['content-length'] === undefined) headers['content-length'] = String(payload.length)
  if (
    !payload &&
    response.status !== 204 &&
    response.status !== 304 &&
    headers['content-length'] === undefined
  ) {
    headers['content-length'] = '0'
  }
  res.writeHead(response.status, headers)
  res.end(method === 'HEAD' ? undefined : payload)
}

function notFound(req: EmulatorRequest): EmulatorResponse {
  return {
    status: 404,
    body: {
      error: {
        code: 'NotFound',
        message: `The emulator has no route for ${req.method} ${req.url.pathname}.`,
      },
    },
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const certificates = await ensureCertificates(options.tlsDir)
  const seed = options.seed ?? (options.seedPath ? await loadSeed(options.seedPath) : {})
  const auth = new TokenRegistry({ formats: options.tokenFormats })
  const modules = buildModules(seed, options)
  const routeModules = [...orderedModules(modules), ...(options.extraModules ?? [])]
  const faults = new Faults()
  const requests: RequestLogEntry[] = []
  const sockets = new Set<Socket>()
  const host = options.host ?? '127.0.0.1'
  const context: EmulatorContext = { baseUrl: '', auth }

  const state = { latencyMs: options.latencyMs ?? 0 }

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = new Date()
    const started = performance.now()
    const body = await readBody(req)
    const request = toEmulatorRequest(req, context.baseUrl, body)
    const entry: RequestLogEntry = {
      module: 'none',
      method: request.method,
      path: request.url.pathname,
      query: Object.fromEntries(request.url.searchParams),
      status: 0,
      startedAt,
      durationMs: 0,
    }
    const finish = (status: number): void => {
      entry.status = status
      entry.durationMs = Math.round((performance.now() - started) * 1000) / 1000
      requests.push(entry)
    }
    try {
      if (state.latencyMs > 0) await delay(state.latencyMs)
      const fault = faults.take(request.method, request.url)
      if (fault) {
        entry.fault = fault.reset ? 'reset' : fault.respond ? 'respond' : 'delay'
        if (fault.delayMs) await delay(fault.delayMs)
        if (fault.reset) {
          entry.module = 'fault'
          finish(0)
          req.socket.destroy()
          return
        }
        if (fault.respond) {
          entry.module = 'fault'
          send(
            res,
            { status: fault.respond.status, headers: fault.respond.headers, body: fault.respond.body },
            request.method,
          )
          finish(fault.respond.status)
          return
        }
      }
      for (const module of routeModules) {
        const response = await module.handle(request, context)
        if (response) {
          entry.module = module.name
          send(res, response, request.method)
          finish(response.status)
          return
        }
      }
      const response = notFound(request)
      send(res, response, request.method)
      finish(response.status)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const status = error instanceof SyntaxError ? 400 : 500
      const response: EmulatorResponse = {
        status,
        body: {
          error: {
            code: status === 400 ? 'InvalidRequestContent' : 'InternalServerError',
            message:
              status === 400 ? `The request content was invalid: ${message}` : `Emulator error: ${message}`,
          },
        },
      }
      if (!res.headersSent) send(res, response, request.method)
      else res.destroy()
      finish(status)
      if (status === 500) console.error(`[emulator] ${request.method} ${request.url.pathname}:`, error)
    }
  }

  const server: Server = createServer({ cert: certificates.cert, key: certificates.key }, (req, res) => {
    void handler(req, res)
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // A client that drops a TLS handshake must not crash the process.
  server.on('tlsClientError', () => undefined)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host === '::1' ? '[::1]' : host === 'localhost' ? 'localhost' : '127.0.0.1'
  const url = `https://${urlHost}:${port}`
  context.baseUrl = url

  return {
    url,
    port,
    caCertPath: certificates.caCertPath,
    modules,
    requests,
    auth,
    faults,
    context,
    seed,
    get latencyMs() {
      return state.latencyMs
    },
    set latencyMs(value: number) {
      state.latencyMs = value
    },
    reset() {
      requests.length = 0
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        for (const socket of sockets) socket.destroy()
      })
    },
  }
}
