// The job summary: what a reviewer reads in five seconds. The verdict with its icon, one sentence, the key
// facts; then only what needs reading (failed and warning gates, the error with what to do, regions that
// change, blocking findings); everything that merely confirms the verdict is folded. Pure: returns
// Markdown; main.ts writes it with core.summary in a `finally`.
import type { RunResult } from '../core/model.js'
import { errorAdvice } from './advice.js'
import { changesSection } from './changes.js'
import { factsTable } from './facts.js'
import { gatesSection } from './gates.js'
import {
  andMore,
  bullets,
  capList,
  capSize,
  clip,
  code,
  details,
  formatNumber,
  plural,
  prose,
  Safe,
  table,
  type Fragment,
} from './markdown.js'
import { regionsFromPlan, regionsSection } from './regions.js'
import { retirementSection } from './retirement.js'
import { scanSection } from './scan.js'
import type { SummaryContext } from './types.js'
import { headline, verdictIcon, verdictTitle } from './verdict.js'

export type { Approver, SummaryContext } from './types.js'

/** GitHub drops job summaries over 1 MiB; leave room for anything else a step appends. */
export const SUMMARY_MAX_BYTES = 1_000_000

const LIMITS = { gates: 50, transitions: 100, notes: 30, warnings: 30, outputs: 30, inputs: 40 }
/** An error is shown once, in full up to this many characters. */
const MAX_ERROR_CHARS = 4000

/** The error once, with what to do about it when it is recognisable. */
function errorBlock(error: string): string {
  const advice = errorAdvice(error)
  const text = `> <b>Error:</b> ${prose(error, { multiline: true, max: MAX_ERROR_CHARS }).value}`
  return advice ? `${text}\n>\n> <b>→</b> ${prose(advice).value}` : text
}

/** Transitions the region table does not already show (ring holder, registry tags). */
function otherTransitions(result: RunResult, regionsShown: boolean): string | undefined {
  const plan = result.plan
  if (!plan) return undefined
  const rows = plan.transitions.filter((t) => !(regionsShown && t.subject.startsWith('latest in ')))
  // The ring's holder is already in the facts (Version, Previous).
  const shown = rows.filter((t) => !(t.subject === `ring ${plan.ring}` && plan.target.kind === 'gallery'))
  if (shown.length === 0) return undefined
  const { shown: capped, more } = capList(shown, LIMITS.transitions)
  const after =
    result.verdict === 'planned'
      ? 'After (planned)'
      : result.verdict === 'blocked'
        ? 'After (not written)'
        : result.verdict === 'failed'
          ? 'Intended'
          : 'After'
  const out = table(
    ['What', 'Before', after],
    capped.map((t) => [prose(t.subject), prose(t.before), prose(t.after)]),
  ).value
  const heading = plan.operation === 'retire' ? '### Before and after' : '### Ring state'
  return `${heading}\n\n${out}${more > 0 ? `\n\n${andMore(more, 'rows')}` : ''}`
}

function notesSection(notes: string[]): string | undefined {
  if (notes.length === 0) return undefined
  const { shown, more } = capList(notes, LIMITS.notes)
  const items: Fragment[] = shown.map((n) => prose(n))
  if (more > 0) items.push(andMore(more, 'notes'))
  return bullets(items).value
}

function warningsSection(warnings: string[] | undefined): string | undefined {
  if (!warnings || warnings.length === 0) return undefined
  const { shown, more } = capList(warnings, LIMITS.warnings)
  const items: Fragment[] = shown.map((w) => prose(w))
  if (more > 0) items.push(andMore(more, 'warnings'))
  return `### ⚠ ${plural(warnings.length, 'warning')}\n\n${bullets(items).value}`
}

/** Inputs and outputs, folded: they are in the workflow file and the step's outputs already. */
function keyValues(
  label: string,
  values: Record<string, string | number | boolean | undefined> | undefined,
): string | undefined {
  const entries = Object.entries(values ?? {}).filter(([, v]) => v !== undefined && v !== '')
  if (entries.length === 0) return undefined
  const { shown, more } = capList(entries, label === 'Inputs' ? LIMITS.inputs : LIMITS.outputs)
  const out = table(
    ['Name', 'Value'],
    shown.map(([k, v]) => [k, code(clip(String(v), 120))]),
  ).value
  return details(
    `${label} (${formatNumber(entries.length)})`,
    new Safe(more > 0 ? `${out}\n\n${andMore(more)}` : out),
  ).value
}

/** Render the job summary for one run. Always below `maxBytes` (default SUMMARY_MAX_BYTES). */
export function renderSummary(result: RunResult, context: SummaryContext = {}): string {
  const plan = result.plan
  const operation = plan?.operation ?? context.request?.operation ?? 'promote'
  const now = context.now ?? new Date()
  const sections: (string | undefined)[] = []

  sections.push(`## ${verdictIcon(result.verdict)} ${verdictTitle(result, operation)}`)
  sections.push(headline(result, context.request).value)
  sections.push(factsTable(result, context)?.value)
  if (result.verdict === 'failed' && result.error) sections.push(errorBlock(result.error))
  if (plan) {
    sections.push(gatesSection(plan.gates, result.verification, { max: LIMITS.gates, now })?.value)
  } else if (result.verification.length > 0) {
    sections.push(gatesSection([], result.verification, { max: LIMITS.gates, now })?.value)
  }
  if (plan?.retirement) sections.push(retirementSection(result, plan).value)
  let regionsShown = false
  if (plan?.target.kind === 'gallery' && plan.operation !== 'retire') {
    const regions = regionsSection(context.regions ?? regionsFromPlan(plan))
    regionsShown = !!regions
    sections.push(regions?.value)
  }
  sections.push(otherTransitions(result, regionsShown))
  if (result.scan) sections.push(scanSection(result.scan, result).value)
  if (plan) sections.push(changesSection(result, plan)?.value)
  if (plan) sections.push(notesSection(plan.notes))
  sections.push(warningsSection(context.warnings))
  sections.push(keyValues('Outputs', context.outputs))
  sections.push(keyValues('Inputs', context.inputs))

  const text = `${sections.filter((s): s is string => !!s).join('\n\n')}\n`
  const limit = context.maxBytes ?? SUMMARY_MAX_BYTES
  const omitted = Buffer.byteLength(text, 'utf8') - limit
  return capSize(
    text,
    limit,
    `<b>Summary truncated</b> to stay under GitHub's 1 MiB job-summary limit (about ${formatNumber(Math.max(omitted, 0))} bytes left out). The full details are in the run log.`,
  ).text
}
