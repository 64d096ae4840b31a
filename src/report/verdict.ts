// The one wording table for verdicts: the title, the icon, the word for the `result` output and the one
// sentence that says what happened, for every operation × verdict × dry run. The job summary, the PR
// comment and the log notice all read from here, so a rollback never says "promoted" anywhere.
import type { Operation, RunResult, Verdict } from '../core/model.js'
import { bold, code, cappedInline, formatNumber, markup, plural, Safe, type Fragment } from './markdown.js'
import type { RunRequest } from './types.js'

const TITLES: Record<Operation, Record<Verdict, string>> = {
  promote: {
    promoted: 'Promoted',
    unchanged: 'Already in ring',
    planned: 'Dry run: would promote',
    blocked: 'Blocked',
    failed: 'Failed',
  },
  rollback: {
    promoted: 'Rolled back',
    unchanged: 'Already rolled back',
    planned: 'Dry run: would roll back',
    blocked: 'Rollback blocked',
    failed: 'Rollback failed',
  },
  retire: {
    promoted: 'Retired',
    unchanged: 'Nothing to retire',
    planned: 'Dry run: would retire',
    blocked: 'Retirement blocked',
    failed: 'Retirement failed',
  },
}

/** The word of the `result` output's `verdict`, so a later step can branch on it. */
const OUTCOME_WORDS: Record<Operation, Record<Verdict, string>> = {
  promote: {
    promoted: 'promoted',
    unchanged: 'unchanged',
    planned: 'planned',
    blocked: 'blocked',
    failed: 'failed',
  },
  rollback: {
    promoted: 'rolled-back',
    unchanged: 'unchanged',
    planned: 'planned',
    blocked: 'blocked',
    failed: 'failed',
  },
  retire: {
    promoted: 'retired',
    unchanged: 'unchanged',
    planned: 'planned',
    blocked: 'blocked',
    failed: 'failed',
  },
}

const ICONS: Record<Verdict, string> = {
  promoted: '✅',
  unchanged: '☑️',
  planned: '📝',
  blocked: '⛔',
  failed: '❌',
}

type VerdictOf = Pick<RunResult, 'verdict' | 'dryRun'> & {
  plan?: Pick<NonNullable<RunResult['plan']>, 'changes'>
}

/** The one clear word (or few) for the verdict. */
export function verdictTitle(result: VerdictOf, operation: Operation = 'promote'): string {
  if (result.verdict === 'planned' && result.plan && result.plan.changes.length === 0) {
    return operation === 'retire' ? 'Dry run: nothing to retire' : 'Dry run: nothing to change'
  }
  const title = TITLES[operation][result.verdict]
  return result.dryRun && result.verdict !== 'planned' ? `${title} (dry run)` : title
}

export function verdictIcon(verdict: Verdict): string {
  return ICONS[verdict]
}

/** `promoted`, `rolled-back`, `retired`, `unchanged`, `planned`, `blocked` or `failed`. */
export function outcomeWord(verdict: Verdict, operation: Operation = 'promote'): string {
  return OUTCOME_WORDS[operation][verdict]
}

/** How a sentence marks values: Markdown for reports, plain text for log lines. */
interface Style {
  value(text: string): Fragment
  ring(text: string): Fragment
  sentence(strings: TemplateStringsArray, ...values: Fragment[]): Safe
}

const MARKDOWN: Style = { value: code, ring: bold, sentence: markup }

/** Log lines: values as they are (the workflow-command layer escapes them). */
const PLAIN: Style = {
  value: (text) => new Safe(text),
  ring: (text) => new Safe(text),
  sentence: (strings, ...values) =>
    new Safe(strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '')),
}

interface Subject {
  target?: string
  ring?: string
  version?: string
  previous?: string
  operation: Operation
}

function subjectOf(result: RunResult, request: RunRequest | undefined): Subject {
  const plan = result.plan
  const requestTarget = typeof request?.target === 'string' ? request.target : request?.target?.display
  const ring = plan?.ring || request?.ring || undefined
  // A rollback that never resolved its target carries the ring's name as the version: not a version.
  const version = plan?.version || request?.version || undefined
  return {
    operation: plan?.operation ?? request?.operation ?? 'promote',
    ...(plan?.target.display || requestTarget ? { target: plan?.target.display || requestTarget } : {}),
    ...(ring ? { ring } : {}),
    ...(version && version !== ring ? { version } : {}),
    ...(plan?.previousVersion ? { previous: plan.previousVersion } : {}),
  }
}

/** The one sentence under the verdict, in Markdown. */
export function headline(result: RunResult, request?: RunRequest): Safe {
  return sentence(result, request, MARKDOWN)
}

/** The same sentence as plain text, for `::notice` and `setFailed`. */
export function plainHeadline(result: RunResult, request?: RunRequest): string {
  return sentence(result, request, PLAIN).value
}

function sentence(result: RunResult, request: RunRequest | undefined, style: Style): Safe {
  const s = subjectOf(result, request)
  if (s.operation === 'retire') return retireSentence(result, s, style)
  return s.operation === 'rollback' ? rollbackSentence(result, s, style) : promoteSentence(result, s, style)
}

/** `version 1.4.0 to ring prod on gal/img`, leaving out what is unknown. */
function what(s: Subject, style: Style, lead: string): Safe {
  const parts: Fragment[] = [new Safe(lead)]
  if (s.version) parts.push(style.sentence` version ${style.value(s.version)}`)
  if (s.ring) parts.push(style.sentence` to ring ${style.ring(s.ring)}`)
  if (s.target) parts.push(style.sentence` on ${style.value(s.target)}`)
  return new Safe(parts.map(String).join(''))
}

function failedGates(result: RunResult, style: Style): Safe {
  const failed = (result.plan?.gates ?? []).filter((g) => g.status === 'fail')
  if (failed.length === 0) return new Safe('')
  const names =
    style === MARKDOWN
      ? cappedInline(
          failed.map((g) => g.title),
          5,
        )
      : failed.map((g) => g.title).join(', ')
  return style.sentence`: ${plural(failed.length, 'gate')} failed (${names})`
}

function changesCount(result: RunResult): number {
  return result.plan?.changes.length ?? 0
}

function promoteSentence(result: RunResult, s: Subject, st: Style): Safe {
  const v = st.value(s.version ?? '')
  const r = st.ring(s.ring ?? '')
  const t = st.value(s.target ?? '')
  switch (result.verdict) {
    case 'promoted':
      return s.previous
        ? st.sentence`Version ${v} of ${t} is now in ring ${r}, replacing ${st.value(s.previous)}.`
        : st.sentence`Version ${v} of ${t} is now in ring ${r}.`
    case 'unchanged':
      return st.sentence`Version ${v} of ${t} was already in ring ${r}; nothing was written.`
    case 'planned':
      return changesCount(result) === 0
        ? st.sentence`Dry run: version ${v} is already in ring ${r} on ${t}; nothing would change.`
        : st.sentence`Dry run: promoting version ${v} to ring ${r} on ${t} would make ${plural(changesCount(result), 'change')}. Nothing was written; run without \`dry-run\` to apply.`
    case 'blocked':
      return result.dryRun
        ? st.sentence`Dry run: promoting version ${v} to ring ${r} on ${t} would be blocked${failedGates(result, st)}. Nothing was written.`
        : st.sentence`Version ${v} was not promoted to ring ${r} on ${t}${failedGates(result, st)}. Nothing was written.`
    case 'failed':
      return failedSentence(result, s, st, 'Promoting')
  }
}

function rollbackSentence(result: RunResult, s: Subject, st: Style): Safe {
  const r = st.ring(s.ring ?? '')
  const t = st.value(s.target ?? '')
  const to = s.version ? st.sentence` to version ${st.value(s.version)}` : new Safe('')
  switch (result.verdict) {
    case 'promoted':
      return s.previous
        ? st.sentence`Ring ${r} on ${t} is rolled back${to} (was ${st.value(s.previous)}).`
        : st.sentence`Ring ${r} on ${t} is rolled back${to}.`
    case 'unchanged':
      return st.sentence`Ring ${r} on ${t} already holds${s.version ? st.sentence` ${st.value(s.version)}` : new Safe(' its rollback target')}; nothing was written.`
    case 'planned':
      return changesCount(result) === 0
        ? st.sentence`Dry run: ring ${r} on ${t} already holds its rollback target; nothing would change.`
        : st.sentence`Dry run: rolling back ring ${r} on ${t}${to} would make ${plural(changesCount(result), 'change')}. Nothing was written; run without \`dry-run\` to apply.`
    case 'blocked':
      return result.dryRun
        ? st.sentence`Dry run: rolling back ring ${r} on ${t}${to} would be blocked${failedGates(result, st)}. Nothing was written.`
        : st.sentence`Ring ${r} on ${t} was not rolled back${to}${failedGates(result, st)}. Nothing was written.`
    case 'failed': {
      const lead = what({ ...s, version: undefined }, st, 'Rolling back')
      return failedTail(result, st, s.ring || s.target ? lead : new Safe('The rollback'))
    }
  }
}

function failedSentence(result: RunResult, s: Subject, st: Style, verb: string): Safe {
  if (s.version || s.ring) return failedTail(result, st, what(s, st, verb))
  // Nothing but the target is known (the inputs were unreadable): "Promoting on X" would read wrong.
  return failedTail(
    result,
    st,
    s.target ? st.sentence`The run for ${st.value(s.target)}` : new Safe('The run'),
  )
}

function failedTail(result: RunResult, st: Style, lead: Safe): Safe {
  if (!result.plan) return st.sentence`${lead} failed before a plan was made. Nothing was written.`
  const applied = result.outcomes.filter((o) => o.status === 'applied').length
  const total = result.outcomes.length
  const failedWrite = result.outcomes.some((o) => o.status === 'failed')
  if (
    !failedWrite &&
    total > 0 &&
    applied === total &&
    result.verification.some((g) => g.status === 'fail')
  ) {
    return st.sentence`${lead} failed: all ${plural(total, 'change')} were written, but reading them back did not show the intended state.`
  }
  if (applied === 0) return st.sentence`${lead} failed. Nothing was written.`
  return st.sentence`${lead} failed partway: ${formatNumber(applied)} of ${plural(total, 'change')} were written; a re-run finishes the rest.`
}

function retireSentence(result: RunResult, s: Subject, st: Style): Safe {
  const t = st.value(s.target ?? 'the target')
  const decisions = result.plan?.retirement ?? []
  const count = (action: string): number => decisions.filter((d) => d.action === action).length
  const unit = result.plan?.target.kind === 'registry' ? 'digest' : 'version'
  const applied = result.verdict === 'promoted'
  const deleted = applied ? 'deleted' : 'to delete'
  const totals = `${plural(decisions.length, unit)}: ${formatNumber(count('keep'))} kept, ${formatNumber(count('end-of-life'))} past retention, ${formatNumber(count('delete'))} ${deleted}`
  const changes = changesCount(result)
  switch (result.verdict) {
    case 'promoted':
      return st.sentence`Retention applied to ${t}: ${totals}; ${plural(changes, 'change')} written.`
    case 'unchanged':
      return st.sentence`Retention of ${t} already holds (${totals}); nothing was written.`
    case 'planned':
      return changes === 0
        ? st.sentence`Dry run: retention of ${t} already holds (${totals}); nothing would change.`
        : st.sentence`Dry run: applying retention to ${t} would make ${plural(changes, 'change')} (${totals}). Nothing was written.`
    case 'blocked':
      return st.sentence`Retention was not applied to ${t}${failedGates(result, st)}. Nothing was written.`
    case 'failed':
      return failedTail(result, st, st.sentence`Applying retention to ${t}`)
  }
}
