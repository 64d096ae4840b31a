// Spawning the bundled action the way the runner does (as emulator/runner.ts does), with timing and peak
// memory. runAction() is used for the scenario runs; cold-start runs need the spawn instant and the child's
// peak RSS, which runAction() does not expose, so they go through spawnMeasured() with the same environment.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionEnv, ROOT } from '../../emulator/runner.js'
import { hasGnuTime, nowEpochMs, TIME_BINARY } from './util.js'

export const DIST = join(ROOT, 'dist/index.js')

export interface Measured {
  code: number
  /** Epoch ms (sub-ms resolution) just before spawn(). */
  spawnedAt: number
  /** Spawn → exit, as seen by this process. */
  wallMs: number
  /** Peak RSS of the child in KiB. */
  maxRssKiB: number
  stdout: string
}

/**
 * Peak RSS comes from GNU time (`%M`, the same figure `time -v` prints as "Maximum resident set size") when
 * /usr/bin/time exists; otherwise from a `--import` preload that writes process.resourceUsage().maxRSS at exit.
 * The baseline is measured the same way, so the wrapper's own cost cancels out of the overheads.
 */
export async function spawnMeasured(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'aip-bench-'))
  const report = join(dir, 'rss')
  let command: string
  let argv: string[]
  if (hasGnuTime) {
    command = TIME_BINARY
    argv = ['-o', report, '-f', '%M', process.execPath, ...args]
  } else {
    const preload = join(dir, 'rss.mjs')
    writeFileSync(
      preload,
      `import { writeFileSync } from 'node:fs'\n` +
        `process.on('exit', () => writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS)))\n`,
    )
    command = process.execPath
    argv = ['--import', preload, ...args]
  }
  const spawnedAt = nowEpochMs()
  const started = performance.now()
  const child = spawn(command, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', () => undefined)
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)))
  const wallMs = performance.now() - started
  let maxRssKiB = Number.NaN
  try {
    // GNU time prints "Command exited with non-zero status N" before the format line on failures.
    const lines = readFileSync(report, 'utf8').trim().split('\n')
    maxRssKiB = Number(lines.at(-1))
  } catch {
    // no report: leave NaN
  }
  rmSync(dir, { recursive: true, force: true })
  return { code, spawnedAt, wallMs, maxRssKiB, stdout }
}

/** Runs the action with spawnMeasured() in a fresh runner directory. */
export async function measureAction(
  inputs: Record<string, string>,
  extraEnv: Record<string, string>,
  dist = DIST,
): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'aip-run-'))
  try {
    return await spawnMeasured([dist], actionEnv(dir, { inputs, env: extraEnv }).env, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
