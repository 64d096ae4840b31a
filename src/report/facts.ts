// The key-facts table under the verdict: what, where, from → to, who approved, which policy, how long, and
// the links. An HTML table (two facts per row) so it stays short; every cell is escaped HTML.
import type { RunResult } from '../core/model.js'
import { runDuration } from './advice.js'
import {
  bold,
  cappedInline,
  code,
  digestCode,
  htmlLink,
  join,
  render,
  Safe,
  type Fragment,
} from './markdown.js'
import { reportLinks } from './links.js'
import type { Approver, RunFacts, RunRequest } from './types.js'

type Fact = [label: string, value: Fragment]

function time(iso: string | undefined): string | undefined {
  if (!iso) return undefined
  const at = Date.parse(iso)
  return Number.isNaN(at) ? undefined : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

function approversFact(
  approvals: Approver[] | undefined,
  logins: string[] | undefined,
): Fragment | undefined {
  if (approvals && approvals.length > 0) {
    const who = approvals.map((a) => {
      const at = time(a.at)
      return at ? new Safe(`${code(a.login).value} (${at})`) : code(a.login)
    })
    return cappedInline(who, 5)
  }
  if (logins && logins.length > 0) return cappedInline(logins.map(code), 5)
  return undefined
}

function policyFact(policy: RunFacts['policy']): Fragment | undefined {
  if (!policy) return undefined
  if (policy === 'built-in') return 'built-in defaults'
  const sha = policy.blobSha ? new Safe(` @ ${code(policy.blobSha.slice(0, 7)).value}`) : ''
  return new Safe(`${htmlLink(code(policy.path), policy.url).value}${sha}`)
}

function subjectFacts(result: RunResult, request: RunRequest | undefined): Fact[] {
  const plan = result.plan
  const facts: Fact[] = []
  const target =
    plan?.target.display ?? (typeof request?.target === 'string' ? request.target : request?.target?.display)
  if (plan?.operation === 'retire') {
    if (target) facts.push(['Target', code(target)])
    return facts
  }
  const ring = plan?.ring || request?.ring
  const version = plan?.version || request?.version
  if (version && version !== ring)
    facts.push([plan?.target.kind === 'registry' ? 'Source' : 'Version', code(version)])
  if (ring) facts.push(['Ring', bold(ring)])
  if (plan?.digest) facts.push(['Digest', digestCode(plan.digest)])
  if (plan?.tags && plan.tags.length > 0) facts.push(['Tags', cappedInline(plan.tags.map(code), 6)])
  if (plan) facts.push(['Previous', plan.previousVersion ? code(plan.previousVersion) : 'none'])
  if (target && !plan) facts.push(['Target', code(target)])
  return facts
}

export interface FactsInput extends RunFacts {
  request?: RunRequest
  approvals?: Approver[]
}

/** The facts table, or undefined when there is nothing to say (a run that failed before reading inputs). */
export function factsTable(result: RunResult, input: FactsInput): Safe | undefined {
  const facts = subjectFacts(result, input.request)
  const approvers = approversFact(input.approvals, result.approvedBy)
  if (approvers) facts.push(['Approved by', approvers])
  const policy = policyFact(input.policy)
  if (policy) facts.push(['Policy', policy])
  if (input.durationMs !== undefined) facts.push(['Duration', runDuration(input.durationMs)])
  const links = reportLinks(result.plan, input).map((l) => htmlLink(l.label, l.url))
  if (facts.length === 0 && links.length === 0) return undefined
  const rows: string[] = []
  for (let i = 0; i < facts.length; i += 2) {
    const pair = facts.slice(i, i + 2)
    const cells = pair.map(([label, value]) => `<th align="left">${label}</th><td>${render(value)}</td>`)
    if (pair.length === 1) cells.push('<th></th><td></td>')
    rows.push(`<tr>${cells.join('')}</tr>`)
  }
  if (links.length > 0) {
    rows.push(`<tr><th align="left">Links</th><td colspan="3">${join(links, ' · ').value}</td></tr>`)
  }
  return new Safe(`<table>\n${rows.join('\n')}\n</table>`)
}
