// A TLS reverse proxy on loopback that injects faults in front of a real registry: Debian's docker-registry has
// no fault hook, and faking the registry would test the fake. Faults match by method + path like the emulator's
// queue (one matcher: emulator/faults.ts, with case, as the registry resolves paths): answer a status (429 + Retry-After, 5xx with an OCI error body), reset the
// connection, hold the request past any deadline, or forward it and then drop the response ("lost": the write
// landed, the client never hears). Everything else is forwarded byte for byte, with the client's Host header, so the registry's
// absolute upload `Location` points back at the proxy and later upload calls pass through it too.
import https from 'node:https'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { FaultList, type Counted, type FaultMatch, type FaultResponse } from '../faults.js'
import { ensureCertificates } from '../tls.js'

const { ca, cert, key } = await ensureCertificates()

export interface ProxyFaultSpec extends FaultMatch {
  respond?: FaultResponse
  reset?: true
  /** Forward the request, let the registry answer, then destroy the client's socket. */
  lose?: true
  /**
   * A response slower than any deadline: hold the request until the client gives up or the test calls
   * `release()`, then forward it anyway, as a slow server still processes what it received.
   */
  hold?: true
  /** Run when a request matches, before anything else (e.g. expire a token the moment a call arrives). */
  before?: () => void
}

export type ProxyFault = Counted<ProxyFaultSpec>

export interface ProxyLogEntry {
  method: string
  path: string
  query: string
  /** Status sent to the client; 0 when the connection was reset or the response dropped. */
  status: number
  startedAt: Date
  fault?: 'respond' | 'reset' | 'lose' | 'hold' | 'before'
  /** The client closed the connection before it got an answer. */
  clientLeft?: boolean
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
    // A client that gives up mid-body: there is nothing to forward.
    req.on('close', () => {
      if (!req.complete) reject(new Error('client left before the request was complete'))
    })
  })
}

function kindOf(fault: ProxyFaultSpec): NonNullable<ProxyLogEntry['fault']> {
  if (fault.reset) return 'reset'
  if (fault.respond) return 'respond'
  if (fault.lose) return 'lose'
  return fault.hold ? 'hold' : 'before'
}

interface Upstream {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

export class FaultProxy {
  readonly requests: ProxyLogEntry[] = []
  // Registry paths are case-sensitive (tags and repositories differ by case), so string paths match with case.
  readonly #faults = new FaultList<ProxyFaultSpec>(true)
  #inFlight = new Set<Promise<unknown>>()
  readonly #sockets = new Set<Socket>()
  #holds = new Set<() => void>()
  // One TLS session to the registry reused across requests: a handshake per request costs more than the test.
  readonly #agent = new https.Agent({ keepAlive: true, ca })

  private constructor(
    private readonly server: https.Server,
    readonly host: string,
    private readonly upstream: string,
  ) {}

  /** Listen on a free loopback port in front of `upstream` (`127.0.0.1:PORT`, TLS with the test CA). */
  static async start(upstream: string): Promise<FaultProxy> {
    const server = https.createServer({ key, cert })
    server.on('tlsClientError', () => undefined)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const proxy = new FaultProxy(server, `127.0.0.1:${(server.address() as AddressInfo).port}`, upstream)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void proxy.handle(req, res))
    server.on('secureConnection', (socket: Socket) => {
      proxy.#sockets.add(socket)
      socket.on('close', () => proxy.#sockets.delete(socket))
    })
    return proxy
  }

  add(spec: ProxyFaultSpec): ProxyFault {
    return this.#faults.add(spec)
  }

  clear(): void {
    this.#faults.clear()
  }

  /** Resolves once every request (a released held write included) has reached the registry and been answered. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight])
  }

  /** Let every held request go on to the registry. */
  release(): void {
    for (const go of this.#holds) go()
    this.#holds.clear()
  }

  async close(): Promise<void> {
    this.release()
    await this.idle()
    const closed = new Promise((resolve) => this.server.close(resolve))
    for (const socket of this.#sockets) socket.destroy()
    this.#agent.destroy()
    await closed
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', `https://${this.host}`)
    const entry: ProxyLogEntry = {
      method,
      path: url.pathname,
      query: url.search,
      status: 0,
      startedAt: new Date(),
    }
    this.requests.push(entry)
    const work = this.serve(req, res, method, url, entry).catch(() => res.destroy())
    this.#inFlight.add(work)
    await work
    this.#inFlight.delete(work)
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    entry: ProxyLogEntry,
  ): Promise<void> {
    const body = await readBody(req)
    let dropped = false
    const drop = () => {
      dropped = true
      req.socket.destroy()
    }
    res.on('close', () => {
      if (!res.writableFinished && !dropped) entry.clientLeft = true
    })
    const fault = this.#faults.take(method, url)
    if (fault) entry.fault = kindOf(fault)
    fault?.before?.()
    if (fault?.hold) await this.held(res)
    if (fault?.reset) return drop()
    if (fault?.respond) {
      const { status, headers = {}, body: payload } = fault.respond
      const bytes = payload === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(payload))
      res.writeHead(status, {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        'content-length': String(bytes.length),
        ...headers,
      })
      res.end(method === 'HEAD' ? undefined : bytes)
      entry.status = status
      return
    }
    const answer = await this.forward(method, url, req.headers, body)
    if (fault?.lose || res.destroyed) return drop()
    res.writeHead(answer.status, answer.headers)
    res.end(method === 'HEAD' ? undefined : answer.body)
    entry.status = answer.status
  }

  /** Resolves when the client's connection closes or the test releases held requests. */
  private held(res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      this.#holds.add(resolve)
      res.once('close', resolve)
    })
  }

  private forward(method: string, url: URL, headers: IncomingHttpHeaders, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const out = https.request(
        `https://${this.upstream}${url.pathname}${url.search}`,
        // Keep the client's Host, so absolute Locations the registry builds name the proxy.
        { method, headers, agent: this.#agent },
        (answer) => {
          const chunks: Buffer[] = []
          answer.on('data', (c: Buffer) => chunks.push(c))
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 502,
              headers: answer.headers,
              body: Buffer.concat(chunks),
            }),
          )
          answer.on('error', reject)
        },
      )
      out.on('error', reject)
      out.end(body)
    })
  }
}
