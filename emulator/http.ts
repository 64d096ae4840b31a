// Small response helpers shared by route modules.
import type { EmulatorResponse } from './types.js'

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers, body }
}

/** ARM error envelope: `{ error: { code, message, target?, details? } }`. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  extra: { target?: string; details?: unknown[] } = {},
): EmulatorResponse {
  return { status, headers, body: { error: { code, message, ...extra } } }
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
