// Contract between the emulator's HTTPS server (emulator/server.ts) and its route modules
// (emulator/routes/*.ts). Each module owns one service (Entra ID, GitHub OIDC, ARM Compute Gallery,
// GitHub REST, ACR) and its own in-memory state; the server owns TLS, logging, latency and faults.
import type { IncomingHttpHeaders } from 'node:http'

export interface EmulatorRequest {
  method: string
  /** Full URL, with the emulator's base (https://127.0.0.1:PORT). */
  url: URL
  headers: IncomingHttpHeaders
  body: Buffer
  /** Body parsed as JSON (throws on invalid JSON). */
  json<T = unknown>(): T
  /** Body parsed as application/x-www-form-urlencoded. */
  form(): URLSearchParams
}

export interface EmulatorResponse {
  status: number
  headers?: Record<string, string>
  /** Objects are sent as JSON (content-type application/json unless headers say otherwise). */
  body?: unknown
}

/** Tokens the emulator issued, so resource servers can check them and tests can scan outputs for leaks. */
export interface AuthRegistry {
  issue(kind: TokenKind, claims: Record<string, unknown>, ttlSeconds?: number): string
  /** The claims of a valid, unexpired token of that kind, else undefined. */
  validate(token: string | undefined, kind: TokenKind): Record<string, unknown> | undefined
  /** Every token value issued so far (for secret-leak scans). */
  readonly issued: readonly string[]
}

export type TokenKind = 'github-oidc' | 'entra' | 'acr-refresh' | 'acr-access'

export interface EmulatorContext {
  /** https://127.0.0.1:PORT, no trailing slash. */
  baseUrl: string
  auth: AuthRegistry
}

export interface RouteModule<S = unknown> {
  /** Short name used in the request log, e.g. `entra`, `gallery`, `github`, `acr`. */
  readonly name: string
  readonly state: S
  /** Answer if the request belongs to this module, else return undefined so the next module is tried. */
  handle(
    req: EmulatorRequest,
    ctx: EmulatorContext,
  ): Promise<EmulatorResponse | undefined> | EmulatorResponse | undefined
}
