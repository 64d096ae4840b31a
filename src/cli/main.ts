// The command-line edge: the same settings validation, engine and report as the action, for Azure Pipelines,
// GitLab CI and terminals. No GitHub I/O: the summary goes to stdout or a file, outputs to stdout as JSON, and the
// exit status says what happened (EXIT below).
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { messageOf } from '../core/errors.js'
import { blocking, type RunResult } from '../core/model.js'
import { Output } from '../action/names.js'
import { actionOutputs } from '../action/outputs.js'
import { readSettings } from '../action/settings.js'
import { runPromotion } from '../run/run.js'
import { DEFAULT_POLICY_SOURCE } from '../policy/defaults.js'
import { renderSummary } from '../report/summary.js'
import { targetDisplay } from '../targets.js'
import { parseCommandLine, USAGE, type CommandLine } from './args.js'
import { cliRecord } from './record.js'
import { safeJson, safeText } from './safe-text.js'

/** 0: promoted, already in the ring, planned or nothing to retire; 1: a gate blocked it; 2: bad input or an error. */
export const EXIT = { ok: 0, blocked: 1, error: 2 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  env: NodeJS.ProcessEnv
  /** The workspace: relative paths (config, scan reports, --summary-file) resolve against it. */
  cwd: string
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let line: CommandLine
  try {
    line = parseCommandLine(argv)
  } catch (error) {
    io.stderr(`error: ${safeText(messageOf(error))}\n`)
    return EXIT.error
  }
  if (line.help) {
    io.stdout(USAGE)
    return EXIT.ok
  }
  const log = (message: string) => io.stderr(`${safeText(message)}\n`)
  const record = cliRecord(io.env)
  const { result, settings, prepared } = await runPromotion({
    read: () => readSettings((name) => line.inputs.get(name) ?? ''),
    workspace: io.cwd,
    record,
    // Progress lines only: a terminal has no collapsible groups. Stack traces only when asked for.
    log: {
      info: log,
      debug: io.env.AZURE_IMAGE_PROMOTE_DEBUG ? log : () => {},
      group: (_title, fn) => fn(),
    },
  })
  const policySource = prepared?.policy.source
  const outputs = actionOutputs(result, settings)
  const summary = renderSummary(result, {
    request: settings
      ? {
          target: targetDisplay(settings.target),
          ring: settings.ring,
          operation: settings.operation,
          ...(settings.version.kind === 'none' ? {} : { version: settings.version.value }),
        }
      : {},
    outputs: Object.fromEntries(Object.entries(outputs).filter(([name]) => name !== Output.Result)),
    warnings: settings?.deprecations ?? [],
    durationMs: Date.now() - record.at.getTime(),
    ...(record.runUrl ? { runUrl: record.runUrl } : {}),
    // A path as given: outside GitHub there is no blob URL to link it to.
    ...(policySource
      ? { policy: policySource === DEFAULT_POLICY_SOURCE ? 'built-in' : { path: policySource } }
      : {}),
  })
  for (const gate of result.plan?.gates ?? []) {
    if (gate.status === 'fail') log(`Gate failed: ${gate.title}: ${gate.details}`)
    if (gate.status === 'warn') log(`Warning: ${gate.title}: ${gate.details}`)
  }
  if (result.error !== undefined) log(`error: ${result.error}`)
  // Bad input stops before any work: the error line says it all, unless a summary file was asked for.
  if (settings || line.summaryFile) await writeSummary(line, io, summary)
  if (line.json) io.stdout(`${safeJson(decoded(outputs))}\n`)
  return exitCode(result)
}

/** The summary to --summary-file, else to stdout, or to stderr when stdout carries the JSON. */
async function writeSummary(line: CommandLine, io: CliIo, summary: string): Promise<void> {
  const text = safeText(summary.endsWith('\n') ? summary : `${summary}\n`)
  if (!line.summaryFile) {
    ;(line.json ? io.stderr : io.stdout)(text)
    return
  }
  try {
    await writeFile(resolve(io.cwd, line.summaryFile), text)
  } catch (error) {
    // The promotion already happened: its exit status matters more to the pipeline than the summary file.
    io.stderr(
      `warning: could not write --summary-file ${safeText(line.summaryFile)}: ${safeText(messageOf(error))}\n`,
    )
  }
}

/** The action's output values, with the JSON-valued ones (regions, tags, retired, result) as JSON, not strings. */
function decoded(outputs: Record<string, string>): Record<string, unknown> {
  const json: readonly string[] = [Output.Regions, Output.Tags, Output.Retired, Output.Result]
  return Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => [name, json.includes(name) ? JSON.parse(value) : value]),
  )
}

function exitCode(result: RunResult): ExitCode {
  if (result.verdict === 'failed') return EXIT.error
  if (result.verdict === 'blocked' || blocking(result.plan?.gates ?? []).length > 0) return EXIT.blocked
  return EXIT.ok
}
