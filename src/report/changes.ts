// What was (or would be) written. Open when it is the point of the page (a dry run, a failure), folded
// when it only confirms the verdict (a success, a blocked run). A write's error is shown here only when it
// says more than the run's error, which the header already shows.
import type { ChangeOutcome, Plan, RunResult } from '../core/model.js'
import { andMore, capList, details, plural, prose, safe, Safe, table, type Fragment } from './markdown.js'

const MAX_CHANGES = 100

function changeStatus(outcome: ChangeOutcome, result: RunResult): Safe {
  switch (outcome.status) {
    case 'applied':
      return safe('✓ Written')
    case 'failed':
      return safe('<b>✗ Failed</b>')
    case 'not-attempted':
      if (result.verdict === 'planned') return safe('Planned')
      if (result.verdict === 'blocked') return safe('Not written')
      return safe('<b>Not written</b>')
  }
}

function outcomesOf(result: RunResult, plan: Plan): ChangeOutcome[] {
  return result.outcomes.length > 0
    ? result.outcomes
    : plan.changes.map((change) => ({ change, status: 'not-attempted' as const }))
}

function changesTable(outcomes: ChangeOutcome[], result: RunResult): string {
  const shownError = (o: ChangeOutcome): string | undefined =>
    o.error && !(result.error ?? '').includes(o.error) ? o.error : undefined
  const withError = outcomes.some((o) => shownError(o))
  const { shown, more } = capList(outcomes, MAX_CHANGES)
  const headers: Fragment[] = ['Resource', 'Change', 'Status']
  if (withError) headers.push('Error')
  const rows = shown.map((o) => {
    const row: Fragment[] = [prose(o.change.resource), prose(o.change.summary), changeStatus(o, result)]
    if (withError) row.push(prose(shownError(o) ?? '', { max: 300 }))
    return row
  })
  const out = table(headers, rows).value
  return more > 0 ? `${out}\n\n${andMore(more, 'changes')}` : out
}

export function changesSection(result: RunResult, plan: Plan): Safe | undefined {
  const outcomes = outcomesOf(result, plan)
  if (outcomes.length === 0) return undefined
  const body = changesTable(outcomes, result)
  const n = outcomes.length
  switch (result.verdict) {
    case 'planned':
      return new Safe(`### Planned changes (dry run, not written)\n\n${body}`)
    case 'failed': {
      const note =
        'Each change is idempotent: re-running after fixing the cause finishes the run from where it stopped.'
      return new Safe(`### Changes\n\n${body}\n\n${note}`)
    }
    case 'blocked':
      return details(`${plural(n, 'change')} not written (blocked)`, new Safe(body))
    default:
      return details(`${plural(n, 'change')} written`, new Safe(body))
  }
}
