// The `retired` output: every version or digest leaving retention, with the action and what happened to it.
// Pure, from the run result; the same for both targets.
import type { RunResult } from '../core/model.js'

export interface RetiredEntry {
  /** Version name or digest. */
  subject: string
  action: 'end-of-life' | 'delete'
  /** `planned` (dry run or blocked), `applied`, `failed`, `not-attempted`, `unchanged` (already so). */
  status: 'planned' | 'applied' | 'failed' | 'not-attempted' | 'unchanged'
  endOfLife?: string
  reasons: string[]
  /** ARM ids of the scale sets and virtual machines using it (kept because in use). */
  usedBy?: string[]
  /** Registry: the tags on the digest. */
  tags?: string[]
  error?: string
}

/** The `retired` output: every version leaving retention, with the action and what happened to it. */
export function retiredEntries(result: RunResult | undefined): RetiredEntry[] {
  const decisions = result?.plan?.retirement ?? []
  const outcomes = new Map((result?.outcomes ?? []).map((o) => [o.change.id, o]))
  return decisions.flatMap((d): RetiredEntry[] => {
    if (d.action === 'keep') return []
    const outcome = d.changeId ? outcomes.get(d.changeId) : undefined
    let status: RetiredEntry['status'] = 'unchanged'
    if (d.changeId) {
      if (!outcome || outcome.status === 'not-attempted') {
        status = result?.verdict === 'planned' || result?.verdict === 'blocked' ? 'planned' : 'not-attempted'
      } else status = outcome.status
    }
    return [
      {
        subject: d.subject,
        action: d.action,
        status,
        ...(d.endOfLife ? { endOfLife: d.endOfLife } : {}),
        reasons: d.reasons,
        ...(d.usedBy?.length ? { usedBy: d.usedBy } : {}),
        ...(d.tags ? { tags: d.tags } : {}),
        ...(outcome?.error ? { error: outcome.error } : {}),
      },
    ]
  })
}
