// Gates as a reviewer reads them: failed and warning gates in full with what to do, passing ones folded
// into one line ("7 gates passed"). Read-back verification joins the same fold when it passed.
import type { Gate, GateStatus } from '../core/model.js'
import { gateAdvice } from './advice.js'
import {
  andMore,
  capList,
  details,
  formatNumber,
  plural,
  prose,
  Safe,
  table,
  type Fragment,
} from './markdown.js'

const GATE_WORDS: Record<GateStatus, Safe> = {
  pass: new Safe('✓ Pass'),
  fail: new Safe('<b>✗ Fail</b>'),
  warn: new Safe('⚠ Warning'),
  skip: new Safe('Skipped'),
}

export function gateStatus(status: GateStatus): Safe {
  return GATE_WORDS[status]
}

/** `3 passed, 1 failed, 1 warning`: only the counts that are not zero (and always the failures). */
export function gateCounts(gates: readonly Gate[]): string {
  const count = (s: GateStatus): number => gates.filter((g) => g.status === s).length
  const parts = [`${formatNumber(count('pass'))} passed`, `${formatNumber(count('fail'))} failed`]
  if (count('warn') > 0) parts.push(plural(count('warn'), 'warning'))
  if (count('skip') > 0) parts.push(`${formatNumber(count('skip'))} skipped`)
  return parts.join(', ')
}

/** Details with the advice after them, each once. */
function detailsCell(gate: Gate, now: Date): Safe {
  const advice = gateAdvice(gate, now)
  const text = prose(gate.details)
  return advice ? new Safe(`${text.value}<br><b>→</b> ${prose(advice).value}`) : text
}

export function gatesTable(gates: readonly Gate[], max: number, now: Date = new Date()): Safe {
  const { shown, more } = capList(gates, max)
  const rows: Fragment[][] = shown.map((g) => [g.title, gateStatus(g.status), detailsCell(g, now)])
  let out = table(['Gate', 'Status', 'Details'], rows).value
  if (more > 0) out += `\n\n${andMore(more, 'gates')}`
  return new Safe(out)
}

/** `7 gates passed`, `6 gates passed, 1 skipped · read-back verified` */
function passedLine(passed: readonly Gate[], skipped: readonly Gate[], verified: readonly Gate[]): string {
  const parts: string[] = []
  if (passed.length > 0 || skipped.length > 0) {
    parts.push(
      `${plural(passed.length, 'gate')} passed${skipped.length > 0 ? `, ${formatNumber(skipped.length)} skipped` : ''}`,
    )
  }
  if (verified.length > 0) parts.push(`read-back verified (${plural(verified.length, 'check')})`)
  return parts.join(' · ')
}

/**
 * Gates and read-back checks: problems in a table, everything that passed folded into one `<details>`.
 * `heading` is the section heading for problems (e.g. `### Gates`); the fold needs none.
 */
export function gatesSection(
  gates: readonly Gate[],
  verification: readonly Gate[],
  options: { max: number; now?: Date; heading?: string },
): Safe | undefined {
  const now = options.now ?? new Date()
  const problems = gates.filter((g) => g.status === 'fail' || g.status === 'warn')
  const failedChecks = verification.filter((g) => g.status === 'fail' || g.status === 'warn')
  const passed = gates.filter((g) => g.status === 'pass')
  const skipped = gates.filter((g) => g.status === 'skip')
  const verified = verification.filter((g) => g.status === 'pass' || g.status === 'skip')
  const parts: string[] = []
  if (problems.length > 0) {
    const failed = problems.filter((g) => g.status === 'fail').length
    const warned = problems.length - failed
    const counts = [
      failed > 0 ? `${formatNumber(failed)} failed` : '',
      warned > 0 ? plural(warned, 'warning') : '',
    ]
      .filter(Boolean)
      .join(', ')
    parts.push(`${options.heading ?? '### Gates'} (${counts})`)
    parts.push(gatesTable(problems, options.max, now).value)
  }
  if (failedChecks.length > 0) {
    parts.push(
      `${(options.heading ?? '### Gates').replace(/Gates$/, 'Read-back verification')} (${gateCounts(verification)})`,
    )
    parts.push(gatesTable(failedChecks, options.max, now).value)
  }
  const folded = [...passed, ...skipped, ...verified]
  if (folded.length > 0) {
    const summary = passedLine(passed, skipped, verified)
    const rows = [...passed, ...skipped]
    const body = [rows.length > 0 ? gatesTable(rows, options.max, now).value : '']
    if (verified.length > 0) body.push(gatesTable(verified, options.max, now).value)
    parts.push(details(`✓ ${summary}`, new Safe(body.filter(Boolean).join('\n\n'))).value)
  }
  return parts.length > 0 ? new Safe(parts.join('\n\n')) : undefined
}
