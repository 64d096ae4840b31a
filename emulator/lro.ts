// Long-running operations as recorded real Azure runs them (../shared/fixtures/azure/recorded/, azure-facts.md):
// how long each kind takes, the Retry-After it advises, and the signed query parameters (`t`, `c`, `s`, `h`) on
// operation URLs that a client must pass back untouched.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export type OperationKind = 'create' | 'update' | 'delete'

/** Recorded durations: a version update ≈ 2.5 min, a delete ≈ 1.5 min, a create 7–12 min (8 taken). */
export const RECORDED_LRO_SECONDS: Readonly<Record<OperationKind, number>> = {
  create: 480,
  update: 150,
  delete: 90,
}

/** Recorded `Retry-After` on writes and InProgress polls (2022); the 2026 recordings send none. */
export const RECORDED_RETRY_AFTER_SECONDS = 60

export interface LroTiming {
  /** How long each kind of operation runs before it ends (ms); unset = it ends by poll count. */
  durationsMs?: Partial<Record<OperationKind, number>>
  /** Whole seconds, or undefined for no header. */
  retryAfterSeconds?: number
}

/**
 * The recorded timing scaled by `scale` (1/600: an update 250 ms, a delete 150 ms). `Retry-After` carries
 * whole seconds only, so a scaled advice under one second is left out, as the 2026 recordings leave it out.
 */
export function recordedTiming(scale: number): LroTiming {
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new Error(`timeScale must be a positive number, got ${String(scale)}`)
  }
  const durationsMs = Object.fromEntries(
    Object.entries(RECORDED_LRO_SECONDS).map(([kind, seconds]) => [kind, Math.round(seconds * 1000 * scale)]),
  ) as Record<OperationKind, number>
  const retryAfter = Math.floor(RECORDED_RETRY_AFTER_SECONDS * scale)
  return { durationsMs, ...(retryAfter >= 1 ? { retryAfterSeconds: retryAfter } : {}) }
}

/** `1/600`, `0.0016`, `600` is refused (a scale above 1 slows Azure down; say `1/600`). */
export function parseTimeScale(text: string): number {
  const fraction = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text)
  const scale = fraction ? Number(fraction[1]) / Number(fraction[2]) : Number(text)
  if (!(scale > 0) || scale > 1 || !Number.isFinite(scale)) {
    throw new Error(`--time-scale must be a fraction in (0, 1], e.g. 1/600; got '${text}'`)
  }
  return scale
}

/**
 * Signs operation URLs the way ARM's capsOperations URLs are signed: `t` (ticks), `c` (a certificate blob,
 * standard base64 so it needs percent-encoding), `s` (signature over the operation and `t`, `c`) and `h` (a hash).
 * A poll whose parameters are missing or altered is refused, so a client that rebuilds the URL fails here as it
 * would on Azure.
 */
export class OperationSigner {
  readonly #key = randomBytes(32)
  readonly #certificate = randomBytes(96).toString('base64')

  query(operationId: string, startTime: Date): string {
    // .NET ticks (100 ns since 0001-01-01), as the recorded `t=639125059743281281`.
    const ticks = (BigInt(startTime.getTime()) * 10_000n + 621_355_968_000_000_000n).toString()
    const signature = this.#sign(operationId, ticks)
    const hash = createHash('sha256').update(signature).digest('base64url')
    return `t=${ticks}&c=${encodeURIComponent(this.#certificate)}&s=${encodeURIComponent(signature)}&h=${hash}`
  }

  /** true when `t`, `c`, `s`, `h` are present and are the ones issued for this operation. */
  verify(operationId: string, params: URLSearchParams): boolean {
    const [t, c, s, h] = ['t', 'c', 's', 'h'].map((name) => params.get(name))
    if (!t || !c || !s || !h || c !== this.#certificate) return false
    const expected = Buffer.from(this.#sign(operationId, t))
    const given = Buffer.from(s)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false
    return h === createHash('sha256').update(s).digest('base64url')
  }

  #sign(operationId: string, ticks: string): string {
    return createHmac('sha256', this.#key)
      .update(`${operationId.toLowerCase()}\n${ticks}\n${this.#certificate}`)
      .digest('base64')
  }
}
