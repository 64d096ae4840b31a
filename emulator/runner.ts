// The local stand-in for the GitHub runner, used by the integration tests, the demo and the benchmark.
// Runs the bundled action (dist/index.js) in a child process exactly as the runner does:
// INPUT_* variables (with action.yml defaults applied, as the runner would), GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, and nothing inherited that could reach a real cloud.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'

export const ROOT = resolve(import.meta.dirname, '..')
const DIST = join(ROOT, 'dist/index.js')

/**
 * The Node binary that runs the bundle: ACTION_NODE when set (the locked Node 24 of `npm run test:node24`, the
 * runtime action.yml declares), else the Node running this process.
 */
export function actionNode(): string {
  const chosen = process.env.ACTION_NODE
  if (!chosen) return process.execPath
  const binary = resolve(ROOT, chosen)
  if (!existsSync(binary))
    throw new Error(
      `ACTION_NODE is "${chosen}", but there is no file at ${binary}: point it at a Node binary`,
    )
  return binary
}

/** Receives every bundled run's output, so the test setup can show it only for a failing test. */
export type ActionOutputListener = (output: { label: string; stdout: string; stderr: string }) => void
const outputListeners = new Set<ActionOutputListener>()

/** Subscribes to the output of every runAction() in this process; returns the unsubscribe function. */
export function onActionOutput(listener: ActionOutputListener): () => void {
  outputListeners.add(listener)
  return () => outputListeners.delete(listener)
}

interface ActionYml {
  inputs: Record<string, { default?: string }>
}

/** Defaults from action.yml; `${{ github.token }}` becomes '' since there is no runner to expand it. */
export function actionDefaults(): Record<string, string> {
  const yml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml
  return Object.fromEntries(
    Object.entries(yml.inputs).map(([name, spec]) => [
      name,
      spec.default?.includes('${{') ? '' : (spec.default ?? ''),
    ]),
  )
}

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Every byte the run produced that a user could see (for secret scans). */
  everything: string
}

export interface RunOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  workspace?: string
  event?: { name: string; payload: unknown }
}

/**
 * The environment the runner gives an action: GITHUB_* variables pointing at fresh files in `dir`, and
 * INPUT_* variables with action.yml defaults applied. Shared by runAction() and the benchmark.
 */
export function actionEnv(
  dir: string,
  options: RunOptions,
): { env: Record<string, string>; outputFile: string; summaryFile: string } {
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary.md')
  const eventFile = join(dir, 'event.json')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(eventFile, JSON.stringify(options.event?.payload ?? {}))
  const inputs = { ...actionDefaults(), ...options.inputs }
  const env: Record<string, string> = {
    PATH: '/usr/bin:/bin',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.event?.name ?? 'workflow_dispatch',
    GITHUB_WORKSPACE: options.workspace ?? dir,
    GITHUB_REPOSITORY: 'octo-org/images',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    RUNNER_TEMP: dir,
    // Belt and braces: even if a credential tried IMDS, it would get nowhere fast.
    IDENTITY_ENDPOINT: '',
    ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
    ...options.env,
  }
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  return { env, outputFile, summaryFile }
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'aip-run-'))
  const { env, outputFile, summaryFile } = actionEnv(dir, options)
  const node = actionNode()
  const child = spawn(node, [DIST], { env, cwd: options.workspace ?? dir })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)))
  const outputText = readFileSync(outputFile, 'utf8')
  const summary = readFileSync(summaryFile, 'utf8')
  const label = `${node} dist/index.js (ring ${options.inputs.ring ?? '-'}, exit ${code})`
  for (const listener of outputListeners) listener({ label, stdout, stderr })
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(outputText),
    summary,
    everything: [stdout, stderr, outputText, summary].join('\n'),
  }
}

/** Parses the `name<<DELIMITER … DELIMITER` blocks @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!)
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
    outputs[name!] = value.join('\n')
  }
  return outputs
}
