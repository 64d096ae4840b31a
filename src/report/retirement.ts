// The retention table: every version (or digest) with what retirement did to it and why. Kept versions
// are folded when the table is long: the rows that change something are the ones to read.
import type { Plan, RetireDecision, RunResult } from '../core/model.js'
import {
  andMore,
  capList,
  cappedInline,
  details,
  digestCode,
  formatNumber,
  markup,
  Safe,
  table,
  type Fragment,
} from './markdown.js'

const MAX_ROWS = 500
const FOLD_KEPT_ABOVE = 10

const ACTIONS: Record<RetireDecision['action'], string> = {
  keep: 'Kept',
  'end-of-life': 'End of life set',
  delete: 'Deleted',
}

function decisionWord(d: RetireDecision, written: boolean): string {
  let action = ACTIONS[d.action]
  if (d.action === 'delete' && !written) action = 'To delete'
  if (d.action === 'end-of-life' && !d.changeId) action = 'End of life (already set)'
  if (d.action === 'end-of-life' && d.changeId && !written) action = 'To set end of life'
  if (d.usedBy?.length) action = d.action === 'keep' ? 'Kept: in use' : `${action}, kept: in use`
  return action
}

/** `resourceGroup/name` of an ARM id: what a reviewer recognises; the full ids are in the `retired` output. */
function userName(id: string): string {
  const parts = id.split('/').filter(Boolean)
  return [parts[3], parts[parts.length - 1]].filter(Boolean).join('/')
}

function rows(result: RunResult, decisions: RetireDecision[], registry: boolean): Fragment[][] {
  const outcomes = new Map(result.outcomes.map((o) => [o.change.id, o]))
  return decisions.map((d): Fragment[] => {
    const outcome = d.changeId ? outcomes.get(d.changeId) : undefined
    const written = outcome?.status === 'applied'
    let status = ''
    if (d.changeId) {
      status =
        outcome?.status === 'applied'
          ? '✓ Written'
          : outcome?.status === 'failed'
            ? '✗ Failed'
            : result.verdict === 'planned'
              ? 'Planned'
              : 'Not written'
    }
    const names = (d.usedBy ?? []).map(userName)
    const users: Fragment = names.length > 0 ? markup`: ${cappedInline(names, 10)}` : ''
    const row: Fragment[] = [
      d.subject,
      decisionWord(d, written),
      d.endOfLife ? d.endOfLife.slice(0, 10) : '',
      markup`${d.reasons.join('; ')}${users}`,
      status,
    ]
    // A digest says little to a reviewer without its tags (which deleting it removes too).
    if (registry)
      row.splice(0, 1, digestCode(d.subject), d.tags?.length ? cappedInline(d.tags, 10) : 'untagged')
    return row
  })
}

export function retirementSection(result: RunResult, plan: Plan): Safe {
  const decisions = plan.retirement ?? []
  const registry = plan.target.kind === 'registry'
  const headers = registry
    ? ['Digest', 'Tags', 'Decision', 'End of life', 'Reason', 'Write']
    : ['Version', 'Decision', 'End of life', 'Reason', 'Write']
  const { shown, more } = capList(decisions, MAX_ROWS)
  const moreText = more > 0 ? `\n\n${andMore(more, registry ? 'digests' : 'versions')}` : ''
  const acting = shown.filter((d) => d.action !== 'keep')
  const kept = shown.filter((d) => d.action === 'keep')
  if (shown.length <= FOLD_KEPT_ABOVE || kept.length === 0) {
    return new Safe(`### Retention\n\n${table(headers, rows(result, shown, registry)).value}${moreText}`)
  }
  const parts = ['### Retention']
  if (acting.length > 0) parts.push(table(headers, rows(result, acting, registry)).value)
  parts.push(details(`${formatNumber(kept.length)} kept`, table(headers, rows(result, kept, registry))).value)
  return new Safe(parts.join('\n\n') + moreText)
}
