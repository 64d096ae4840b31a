// Small helpers shared by the benchmark sections: statistics, formatting, the machine description.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a'
}

export function mib(kib: number): string {
  return Number.isFinite(kib) ? `${(kib / 1024).toFixed(1)} MiB` : 'n/a'
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a'
}

export function sleep(msToWait: number): Promise<void> {
  return new Promise((done) => setTimeout(done, msToWait))
}

/** Wall-clock milliseconds on the same scale as `Date.getTime()`, with sub-millisecond resolution. */
export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now()
}

export const TIME_BINARY = '/usr/bin/time'
export const hasGnuTime = existsSync(TIME_BINARY)

export interface Machine {
  date: string
  cpu: string
  cores: number
  memory: string
  os: string
  node: string
  commit: string
}

export function machine(root: string): Machine {
  const cpus = os.cpus()
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'dist'], {
      cwd: root,
      encoding: 'utf8',
    })
    if (dirty.trim()) commit += ' (with uncommitted changes in src/ or dist/)'
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    commit,
  }
}

/** A Markdown table; cells are escaped for pipes. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, '\\|')
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n')
}

/** `{a: 2, b: 1}` → `a 2, b 1` in a stable order. */
export function kinds(counts: Record<string, number>, order: string[] = []): string {
  const keys = [...order.filter((k) => k in counts), ...Object.keys(counts).filter((k) => !order.includes(k))]
  return keys.map((k) => `${k} ${counts[k]}`).join(', ')
}

export function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0)
}

/** Kinds where actual and minimum differ, as `kind +n` / `kind −n`. */
export function difference(actual: Record<string, number>, minimum: Record<string, number>): string {
  const keys = new Set([...Object.keys(actual), ...Object.keys(minimum)])
  const parts: string[] = []
  for (const k of keys) {
    const d = (actual[k] ?? 0) - (minimum[k] ?? 0)
    if (d !== 0) parts.push(`${k} ${d > 0 ? '+' : '−'}${Math.abs(d)}`)
  }
  return parts.join(', ')
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const item of items) {
    const k = key(item)
    out[k] = (out[k] ?? 0) + 1
  }
  return out
}

export interface BundleFiles {
  bytes: number
  gzipBytes: number
  files: number
}

/** The entry file (what every run compiles first) and everything rollup emitted next to it. */
export interface BundleResult {
  entry: BundleFiles
  /** The entry plus its chunks (dist/chunks/), loaded with import() as a run needs them. */
  all: BundleFiles
  modified: string
}

export function bundleStats(entry: string): BundleResult {
  const chunksDir = join(dirname(entry), 'chunks')
  const chunks = existsSync(chunksDir)
    ? readdirSync(chunksDir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => join(chunksDir, f))
    : []
  const measure = (files: string[]): BundleFiles => {
    const bytes = files.map((f) => readFileSync(f))
    return {
      bytes: bytes.reduce((a, b) => a + b.length, 0),
      gzipBytes: bytes.reduce((a, b) => a + gzipSync(b).length, 0),
      files: files.length,
    }
  }
  return {
    entry: measure([entry]),
    all: measure([entry, ...chunks]),
    modified: statSync(entry)
      .mtime.toISOString()
      .replace(/\.\d+Z$/, 'Z'),
  }
}
