// Token registry shared by every route module: issues JWT-shaped (RS256, verifiable with `jwks()`) or
// opaque tokens, remembers each one, and validates only tokens it issued and that have not expired.
import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  type KeyObject,
} from 'node:crypto'

import type { AuthRegistry, TokenKind } from './types.js'

export type TokenFormat = 'jwt' | 'opaque'

export interface IssuedToken {
  token: string
  kind: TokenKind
  claims: Record<string, unknown>
  issuedAt: Date
  expiresAt: Date
  revoked: boolean
}

export type TokenStatus = 'valid' | 'expired' | 'revoked' | 'unknown' | 'wrong-kind'

export interface TokenRegistryOptions {
  /** Per-kind token format; default `jwt` for every kind. */
  formats?: Partial<Record<TokenKind, TokenFormat>>
  /** Default lifetime when `issue` gets no ttl (seconds, default 3600). */
  defaultTtlSeconds?: number
}

export interface Jwk {
  kty?: string
  n?: string
  e?: string
  kid: string
  use: string
  alg: string
}

export class TokenRegistry implements AuthRegistry {
  readonly #tokens = new Map<string, IssuedToken>()
  readonly #issued: string[] = []
  readonly #privateKey: KeyObject
  readonly #jwk: Jwk
  readonly formats: Partial<Record<TokenKind, TokenFormat>>
  defaultTtlSeconds: number

  constructor(options: TokenRegistryOptions = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    this.#privateKey = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }))
    const kid = randomBytes(8).toString('hex')
    this.#jwk = {
      ...(publicKey.export({ format: 'jwk' }) as Omit<Jwk, 'kid' | 'use' | 'alg'>),
      kid,
      use: 'sig',
      alg: 'RS256',
    }
    this.formats = { ...options.formats }
    this.defaultTtlSeconds = options.defaultTtlSeconds ?? 3600
  }

  get issued(): readonly string[] {
    return this.#issued
  }

  /** Every issued token with its kind, claims and expiry (for assertions in tests). */
  get records(): readonly IssuedToken[] {
    return [...this.#tokens.values()]
  }

  issue(kind: TokenKind, claims: Record<string, unknown>, ttlSeconds?: number): string {
    const ttl = ttlSeconds ?? this.defaultTtlSeconds
    const now = Math.floor(Date.now() / 1000)
    const full: Record<string, unknown> = {
      iat: now,
      nbf: now,
      exp: now + ttl,
      jti: randomUUID(),
      ...claims,
    }
    const token =
      (this.formats[kind] ?? 'jwt') === 'jwt' ? this.#jwt(full) : randomBytes(32).toString('base64url')
    this.#tokens.set(token, {
      token,
      kind,
      claims: full,
      issuedAt: new Date(now * 1000),
      expiresAt: new Date((now + ttl) * 1000),
      revoked: false,
    })
    this.#issued.push(token)
    return token
  }

  validate(token: string | undefined, kind: TokenKind): Record<string, unknown> | undefined {
    const { status, record } = this.inspect(token, kind)
    return status === 'valid' ? record?.claims : undefined
  }

  /** Like `validate`, but says why a token is not valid. */
  inspect(token: string | undefined, kind: TokenKind): { status: TokenStatus; record?: IssuedToken } {
    const record = token === undefined ? undefined : this.#tokens.get(token)
    if (!record) return { status: 'unknown' }
    if (record.kind !== kind) return { status: 'wrong-kind', record }
    if (record.revoked) return { status: 'revoked', record }
    if (record.expiresAt.getTime() <= Date.now()) return { status: 'expired', record }
    return { status: 'valid', record }
  }

  revoke(token: string): void {
    const record = this.#tokens.get(token)
    if (record) record.revoked = true
  }

  /** Make a token (or every token of a kind) expire now. */
  expire(tokenOrKind: string): void {
    const past = new Date(Date.now() - 1000)
    for (const record of this.#tokens.values()) {
      if (record.token === tokenOrKind || record.kind === tokenOrKind) record.expiresAt = past
    }
  }

  /** JSON Web Key Set that verifies the JWT-shaped tokens. */
  jwks(): { keys: Jwk[] } {
    return { keys: [this.#jwk] }
  }

  #jwt(claims: Record<string, unknown>): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.#jwk.kid }
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
    const signingInput = `${encode(header)}.${encode(claims)}`
    const signature = sign('sha256', Buffer.from(signingInput), this.#privateKey).toString('base64url')
    return `${signingInput}.${signature}`
  }
}

/** Decode a JWT payload without verifying it (undefined when not JWT-shaped). */
export function decodeJwt(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return undefined
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** `Authorization: Bearer x` → `x`. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  const match = value?.match(/^Bearer\s+(.+)$/i)
  return match?.[1]?.trim()
}
