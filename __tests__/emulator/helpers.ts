// Helpers for the emulator tests: demo seed, raw HTTPS calls, a loopback guard, fixture shape checks.
import { readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

import type { EmulatorSeed } from '../../emulator/seed.js'
import { repoRoot } from '../../emulator/tls.js'

export const TENANT = '11111111-1111-1111-1111-111111111111'
export const CLIENT = '22222222-2222-2222-2222-222222222222'
export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001'
export const RG = 'rg-images'
export const GALLERY = 'gallery1'
export const IMAGE = 'ubuntu-2404'
export const API_VERSION = '2025-12-03'

export function demoSeed(): EmulatorSeed {
  return JSON.parse(
    readFileSync(path.join(repoRoot, 'emulator', 'seeds', 'demo.json'), 'utf8'),
  ) as EmulatorSeed
}

export function fixture(name: string): { responses: Record<string, { body?: unknown }> } {
  return JSON.parse(readFileSync(path.join(repoRoot, '__tests__', 'fixtures', 'azure', name), 'utf8')) as {
    responses: Record<string, { body?: unknown }>
  }
}

export interface RawResponse {
  status: number
  headers: Headers
  body: unknown
}

/** Plain HTTPS call (Node's fetch trusts the CA through NODE_EXTRA_CA_CERTS). */
export async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  let body: string | undefined
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // keep text
  }
  return { status: response.status, headers: response.headers, body: parsed }
}

/** @actions/core prints ::add-mask:: / ::debug:: workflow commands to stdout; drop them. Returns a restore function. */
export function muteWorkflowCommands(): () => void {
  const original = process.stdout.write
  const write = original.bind(process.stdout)
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && chunk.startsWith('::')
      ? true
      : write(chunk as string, ...(rest as []))) as typeof original
  return () => {
    process.stdout.write = original
  }
}

export interface ConnectionLog {
  targets: string[]
  restore(): void
}

/** Record every outgoing TCP connection this process opens (https, fetch, MSAL all end up here). */
export function recordConnections(): ConnectionLog {
  const targets: string[] = []
  const original = net.Socket.prototype.connect
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  net.Socket.prototype.connect = function (this: net.Socket, ...args: any[]) {
    const [first, second] = args as [unknown, unknown]
    if (first && typeof first === 'object') {
      const options = first as { host?: string; port?: number; path?: string }
      targets.push(options.path ?? `${options.host ?? 'localhost'}:${options.port ?? ''}`)
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      targets.push(`${typeof second === 'string' ? second : 'localhost'}:${String(first)}`)
    } else if (typeof first === 'string') {
      targets.push(first)
    }
    return original.apply(this, args as never)
  } as typeof original
  return {
    targets,
    restore: () => {
      net.Socket.prototype.connect = original
    },
  }
}

export function isLoopback(target: string): boolean {
  const host = target.replace(/:\d*$/, '').replace(/^\[|\]$/g, '')
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('/')
}

type Shape = string | { [key: string]: Shape } | Shape[]

export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : []
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, shapeOf(entry)]))
  }
  return value === null ? 'null' : typeof value
}

export interface ShapeOptions {
  /** Property names (anywhere) the actual value may lack. */
  optional?: readonly string[]
  /** Property names (anywhere) the actual value may have in addition. */
  extra?: readonly string[]
}

/** Differences between two JSON values' shapes (keys and value types). Empty list = same shape. */
export function shapeDiff(
  actual: unknown,
  expected: unknown,
  options: ShapeOptions = {},
  at = '$',
): string[] {
  const diffs: string[] = []
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected array, got ${typeof actual}`]
    if (expected.length > 0 && actual.length > 0)
      diffs.push(...shapeDiff(actual[0], expected[0], options, `${at}[0]`))
    return diffs
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [`${at}: expected object`]
    const a = actual as Record<string, unknown>
    const e = expected as Record<string, unknown>
    for (const key of Object.keys(e)) {
      if (!(key in a)) {
        if (!options.optional?.includes(key)) diffs.push(`${at}.${key}: missing`)
        continue
      }
      diffs.push(...shapeDiff(a[key], e[key], options, `${at}.${key}`))
    }
    for (const key of Object.keys(a)) {
      if (!(key in e) && !options.extra?.includes(key)) diffs.push(`${at}.${key}: unexpected`)
    }
    return diffs
  }
  const typeA = actual === null ? 'null' : typeof actual
  const typeE = expected === null ? 'null' : typeof expected
  return typeA === typeE ? [] : [`${at}: expected ${typeE}, got ${typeA}`]
}
