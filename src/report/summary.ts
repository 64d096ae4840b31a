// The job summary: what a reviewer reads to decide whether the promotion did what it should.
// Verdict first, then gates, the ring state before → after, exactly what was written, scan evidence,
// outputs and approvers. Pure: returns Markdown; main.ts writes it with core.summary in a `finally`.
import type {
  ChangeOutcome,
  Gate,
  GateStatus,
  Operation,
  Plan,
  RetireDecision,
  RunResult,
  TargetRef,
} from '../core/model.js'
import type { Finding, FindingSeverity, ScanSummary } from '../core/evidence.js'
import type { Allowance } from '../core/policy.js'
import type { Approver } from '../github/approvals.js'
import {
  andMore,
  bold,
  bullets,
  capList,
  capSize,
  cappedInline,
  code,
  details,
  formatNumber,
  link,
  markup,
  plural,
  render,
  safe,
  Safe,
  table,
  type Fragment,
} from './markdown.js'

/** GitHub drops job summaries over 1 MiB; leave room for anything else a step appends. */
export const SUMMARY_MAX_BYTES = 1_000_000

/** Caps per section, so ordinary large runs stay readable; the byte cap is the last resort. */
export const SUMMARY_LIMITS = {
  gates: 50,
  transitions: 100,
  regions: 40,
  changes: 100,
  verification: 50,
  reports: 20,
  blocking: 100,
  allowed: 50,
  expired: 50,
  notes: 30,
  warnings: 30,
  approvers: 30,
  retirement: 500,
  outputs: 30,
  inputs: 40,
}

export type { Approver }

export interface SummaryContext {
  /** Link to this workflow run (`$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`). */
  runUrl?: string
  /** What was asked for; used when the run failed before a plan existed. */
  request?: { target?: TargetRef | string; ring?: string; version?: string; operation?: Operation }
  /** Inputs worth showing to a reviewer, in display order. Never pass secrets. */
  inputs?: Record<string, string | number | boolean | undefined>
  /** The action's outputs, in display order. */
  outputs?: Record<string, string | undefined>
  /** Approvers with their environments (from readApprovals); falls back to `result.approvedBy`. */
  approvals?: Approver[]
  /** Things the reviewer should know that did not fail the run (e.g. approvals unreadable). */
  warnings?: string[]
  /** Hard cap in UTF-8 bytes (default SUMMARY_MAX_BYTES). */
  maxBytes?: number
}

/** The one clear word (or few) for the verdict. */
export function verdictTitle(result: Pick<RunResult, 'verdict' | 'dryRun'>, operation?: Operation): string {
  switch (result.verdict) {
    case 'promoted':
      return operation === 'retire' ? 'Retired' : operation === 'rollback' ? 'Rolled back' : 'Promoted'
    case 'unchanged':
      return operation === 'retire' ? 'Nothing to retire' : 'Already in ring'
    case 'planned':
      return 'Planned (dry run)'
    case 'blocked': {
      const blocked = operation === 'retire' ? 'Retirement blocked' : 'Blocked'
      return result.dryRun ? `${blocked} (dry run)` : blocked
    }
    case 'failed':
      return operation === 'retire' ? 'Retirement failed' : 'Failed'
  }
}

/** The noun for what a run does, in running text. */
function runNoun(operation: Operation): string {
  return operation === 'retire' ? 'retirement' : operation === 'rollback' ? 'rollback' : 'promotion'
}

interface Subject {
  target: string
  ring: string
  version: string
  operation: Operation
  previous?: string
}

function subjectOf(result: RunResult, request: SummaryContext['request']): Subject {
  const plan = result.plan
  const requestTarget = typeof request?.target === 'string' ? request.target : request?.target?.display
  return {
    target: plan?.target.display ?? requestTarget ?? 'the target',
    ring: plan?.ring ?? request?.ring ?? 'the ring',
    version: plan?.version ?? request?.version ?? 'the requested version',
    operation: plan?.operation ?? request?.operation ?? 'promote',
    ...(plan?.previousVersion ? { previous: plan.previousVersion } : {}),
  }
}

/** One sentence: version → ring on target, and whether anything was written. */
export function headline(result: RunResult, request?: SummaryContext['request']): Safe {
  const s = subjectOf(result, request)
  if (s.operation === 'retire') return retireHeadline(result, s.target)
  const v = code(s.version)
  const t = code(s.target)
  const r = bold(s.ring)
  const verb = s.operation === 'rollback' ? 'Rolling back' : 'Promoting'
  const changes = result.plan?.changes.length ?? 0
  switch (result.verdict) {
    case 'promoted':
      if (s.operation === 'rollback') {
        return s.previous
          ? markup`Ring ${r} on ${t} is rolled back to version ${v} (was ${code(s.previous)}).`
          : markup`Ring ${r} on ${t} is rolled back to version ${v}.`
      }
      return s.previous
        ? markup`Version ${v} of ${t} is now in ring ${r}, replacing ${code(s.previous)}.`
        : markup`Version ${v} of ${t} is now in ring ${r}.`
    case 'unchanged':
      return markup`Version ${v} of ${t} was already in ring ${r}; nothing was written.`
    case 'planned':
      return changes === 0
        ? markup`Dry run: nothing was written. ${verb} version ${v} to ring ${r} on ${t} would change nothing; it is already there.`
        : markup`Dry run: nothing was written. ${verb} version ${v} to ring ${r} on ${t} would make ${plural(changes, 'change')}, listed below.`
    case 'blocked': {
      const failed = result.plan ? result.plan.gates.filter((g) => g.status === 'fail') : []
      const names = cappedInline(
        failed.map((g) => g.title),
        5,
      )
      return failed.length > 0
        ? markup`Version ${v} was not ${s.operation === 'rollback' ? 'rolled back' : 'promoted'} to ring ${r} on ${t}: ${plural(failed.length, 'gate')} failed (${names}). Nothing was written.`
        : markup`Version ${v} was not promoted to ring ${r} on ${t}. Nothing was written.`
    }
    case 'failed': {
      if (!result.plan)
        return markup`${verb} version ${v} to ring ${r} on ${t} failed before a plan was made. Nothing was written.`
      const applied = result.outcomes.filter((o) => o.status === 'applied').length
      const total = result.outcomes.length
      const failedWrite = result.outcomes.some((o) => o.status === 'failed')
      if (
        !failedWrite &&
        total > 0 &&
        applied === total &&
        result.verification.some((g) => g.status === 'fail')
      ) {
        return markup`${verb} version ${v} to ring ${r} on ${t} failed: all ${plural(total, 'change')} were written, but reading them back did not show the intended state.`
      }
      if (applied === 0) return markup`${verb} version ${v} to ring ${r} on ${t} failed. Nothing was written.`
      return markup`${verb} version ${v} to ring ${r} on ${t} failed partway: ${formatNumber(applied)} of ${plural(total, 'change')} were written. The ring is in a mixed state; see "Changes" below.`
    }
  }
}

const GATE_WORDS: Record<GateStatus, Safe> = {
  pass: safe('Pass'),
  fail: safe('<b>Fail</b>'),
  warn: safe('Warning'),
  skip: safe('Skipped'),
}

export function gateStatus(status: GateStatus): Safe {
  return GATE_WORDS[status]
}

export function gatesTable(gates: Gate[], max: number): Safe {
  const { shown, more } = capList(gates, max)
  const rows: Fragment[][] = shown.map((g) => [g.title, gateStatus(g.status), g.details])
  let out = table(['Gate', 'Status', 'Details'], rows).value
  if (more > 0) out += `\n\n${andMore(more, 'gates')}`
  return new Safe(out)
}

export function gateCounts(gates: Gate[]): string {
  const count = (s: GateStatus): number => gates.filter((g) => g.status === s).length
  const parts = [`${formatNumber(count('pass'))} passed`, `${formatNumber(count('fail'))} failed`]
  if (count('warn') > 0) parts.push(`${formatNumber(count('warn'))} warnings`)
  if (count('skip') > 0) parts.push(`${formatNumber(count('skip'))} skipped`)
  return parts.join(', ')
}

function changeStatus(outcome: ChangeOutcome, result: RunResult): Safe {
  switch (outcome.status) {
    case 'applied':
      return safe('Applied')
    case 'failed':
      return safe('<b>Failed</b>')
    case 'not-attempted':
      if (result.verdict === 'planned') return safe('Planned')
      if (result.verdict === 'blocked') return safe('Not attempted (blocked)')
      return safe('<b>Not attempted</b>')
  }
}

function afterLabel(result: RunResult): string {
  switch (result.verdict) {
    case 'promoted':
    case 'unchanged':
      return 'After'
    case 'planned':
      return 'After (planned)'
    case 'blocked':
      return 'After (not applied)'
    case 'failed':
      return 'Intended'
  }
}

function transitionsSection(result: RunResult, plan: Plan): Safe | undefined {
  const parts: string[] = []
  if (plan.transitions.length > 0) {
    const { shown, more } = capList(plan.transitions, SUMMARY_LIMITS.transitions)
    parts.push(
      table(
        ['Subject', 'Before', afterLabel(result)],
        shown.map((t) => [t.subject, t.before, t.after]),
      ).value,
    )
    if (more > 0) parts.push(andMore(more, 'rows'))
    if (result.verdict === 'failed') {
      parts.push('"Intended" is what the plan was to reach; see "Changes" for what was actually written.')
    }
  }
  if (plan.regions.length > 0) {
    parts.push(
      markup`Regions this ring requires: ${cappedInline(plan.regions, SUMMARY_LIMITS.regions)}.`.value,
    )
  }
  if (parts.length === 0) return undefined
  const heading = plan.operation === 'retire' ? 'Before and after' : 'Ring state'
  return new Safe(`### ${heading}\n\n${parts.join('\n\n')}`)
}

function changesSection(result: RunResult, plan: Plan): Safe | undefined {
  const outcomes: ChangeOutcome[] =
    result.outcomes.length > 0
      ? result.outcomes
      : plan.changes.map((change) => ({ change, status: 'not-attempted' as const }))
  if (outcomes.length === 0) return undefined
  const title = result.verdict === 'planned' ? '### Planned changes (dry run, not applied)' : '### Changes'
  const parts: string[] = [title]

  if (result.verdict === 'failed') {
    const applied = outcomes.filter((o) => o.status === 'applied')
    const failed = outcomes.filter((o) => o.status === 'failed')
    const notAttempted = outcomes.filter((o) => o.status === 'not-attempted')
    const lines: Fragment[] = []
    lines.push(
      applied.length > 0
        ? markup`<b>Written</b> (${formatNumber(applied.length)}): ${cappedInline(
            applied.map((o) => o.change.resource),
            20,
          )}`
        : safe('<b>Written</b>: nothing'),
    )
    for (const f of failed) {
      lines.push(
        markup`<b>Failed</b>: ${f.change.resource}: ${f.change.summary}${f.error ? markup` (${f.error})` : ''}`,
      )
    }
    lines.push(
      notAttempted.length > 0
        ? markup`<b>Not written</b> (${formatNumber(notAttempted.length)}): ${cappedInline(
            notAttempted.map((o) => o.change.resource),
            20,
          )}`
        : safe('<b>Not written</b>: nothing'),
    )
    parts.push(bullets(lines).value)
    if (failed.length > 0 || notAttempted.length > 0) {
      parts.push(
        `Each change is idempotent: re-running the workflow after fixing the cause finishes the ${runNoun(plan.operation)} from where it stopped.`,
      )
    }
  } else if (result.verdict === 'blocked') {
    parts.push(`Nothing was written. These are the changes the ${runNoun(plan.operation)} would have made:`)
  }

  const showError = outcomes.some((o) => o.error)
  const { shown, more } = capList(outcomes, SUMMARY_LIMITS.changes)
  const headers: Fragment[] = [safe('#'), 'Resource', 'Change', 'Status']
  if (showError) headers.push('Error')
  const rows = shown.map((o, i) => {
    const row: Fragment[] = [String(i + 1), o.change.resource, o.change.summary, changeStatus(o, result)]
    if (showError) row.push(o.error ?? '')
    return row
  })
  parts.push(table(headers, rows, ['right']).value)
  if (more > 0) parts.push(andMore(more, 'changes'))
  return new Safe(parts.join('\n\n'))
}

const SEVERITIES: FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'unknown']

function title(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

function day(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return 'no expiry'
  return date.toISOString().slice(0, 10)
}

function findingRow(f: Finding): Fragment[] {
  return [f.id, title(f.severity), f.package ?? '', f.installedVersion ?? '', f.fixedVersion ?? '', f.source]
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (s: FindingSeverity): number => SEVERITIES.indexOf(s)
  return [...findings].sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id))
}

export function scanSection(scan: ScanSummary, result: RunResult): Safe {
  const parts: string[] = ['### Vulnerability scan']
  parts.push(
    scan.threshold === 'none'
      ? 'Scan gate: off (fail-on-severity is `none`); findings are reported only.'
      : markup`Scan gate: blocks findings of severity ${bold(scan.threshold)} and above that are not allowed.`
          .value,
  )

  if (scan.reports.length === 0) {
    parts.push('<b>No scan reports were read.</b>')
  } else {
    const { shown, more } = capList(scan.reports, SUMMARY_LIMITS.reports)
    const reports = table(
      ['Report', 'Format', 'Scanned digest', 'Findings'],
      shown.map((r) => [
        r.path,
        r.format,
        r.subjectDigests.length > 0 ? cappedInline(r.subjectDigests, 3) : 'not named',
        formatNumber(r.findings),
      ]),
      ['left', 'left', 'left', 'right'],
    ).value
    parts.push(more > 0 ? `${reports}\n\n${andMore(more, 'reports')}` : reports)
  }

  parts.push(
    table(
      SEVERITIES.map(title),
      [SEVERITIES.map((s) => formatNumber(scan.counts[s] ?? 0))],
      SEVERITIES.map(() => 'right'),
    ).value,
  )

  if (scan.blocking.length > 0) {
    const sorted = sortFindings(scan.blocking)
    const { shown, more } = capList(sorted, SUMMARY_LIMITS.blocking)
    let body = table(
      ['ID', 'Severity', 'Package', 'Installed', 'Fixed in', 'Report'],
      shown.map(findingRow),
    ).value
    if (more > 0) body += `\n\n${andMore(more, 'blocking findings (see the scan reports)')}`
    const heading = `Blocking findings: ${formatNumber(scan.blocking.length)}`
    parts.push(
      shown.length > 10
        ? details(heading, new Safe(body), { open: result.verdict === 'blocked' }).value
        : `<b>${heading}</b>\n\n${body}`,
    )
  } else {
    parts.push('Blocking findings: none.')
  }

  if (scan.allowed.length > 0) {
    const { shown, more } = capList(scan.allowed, SUMMARY_LIMITS.allowed)
    let body = table(
      ['ID', 'Severity', 'Package', 'Allowed until', 'Reason'],
      shown.map((a) => [
        a.finding.id,
        title(a.finding.severity),
        a.finding.package ?? '',
        day(a.allowance.until),
        a.allowance.reason ?? '',
      ]),
    ).value
    if (more > 0) body += `\n\n${andMore(more, 'allowed findings')}`
    const heading = `Allowed findings: ${formatNumber(scan.allowed.length)}`
    parts.push(shown.length > 5 ? details(heading, new Safe(body)).value : `<b>${heading}</b>\n\n${body}`)
  }

  if (scan.expired.length > 0) {
    const { shown, more } = capList(scan.expired, SUMMARY_LIMITS.expired)
    let body = table(
      ['ID', 'Expired', 'Reason'],
      shown.map((a: Allowance) => [a.id, day(a.until), a.reason ?? '']),
    ).value
    if (more > 0) body += `\n\n${andMore(more, 'expired allowances')}`
    const heading = `Expired allowances: ${formatNumber(scan.expired.length)} (ignored; the findings they covered count again)`
    parts.push(shown.length > 5 ? details(heading, new Safe(body)).value : `<b>${heading}</b>\n\n${body}`)
  }
  return new Safe(parts.join('\n\n'))
}

function approversSection(result: RunResult, approvals: Approver[] | undefined): Safe | undefined {
  if (approvals && approvals.length > 0) {
    const { shown, more } = capList(approvals, SUMMARY_LIMITS.approvers)
    let out = table(
      ['Approver', 'Environments', 'Approved at'],
      shown.map((a) => [a.login, cappedInline(a.environments, 10), a.at ?? '']),
    ).value
    if (more > 0) out += `\n\n${andMore(more, 'approvers')}`
    return new Safe(`### Approvals\n\n${out}`)
  }
  if (result.approvedBy && result.approvedBy.length > 0) {
    return new Safe(
      `### Approvals\n\nApproved by ${cappedInline(result.approvedBy, SUMMARY_LIMITS.approvers).value}.`,
    )
  }
  return undefined
}

function keyValueTable(
  values: Record<string, string | number | boolean | undefined>,
  max: number,
): Safe | undefined {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined && v !== '')
  if (entries.length === 0) return undefined
  const { shown, more } = capList(entries, max)
  let out = table(
    ['Name', 'Value'],
    shown.map(([k, v]) => [k, code(String(v))]),
  ).value
  if (more > 0) out += `\n\n${andMore(more)}`
  return new Safe(out)
}

/** Render the job summary for one run. Always below `maxBytes` (default SUMMARY_MAX_BYTES). */
export function renderSummary(result: RunResult, context: SummaryContext = {}): string {
  const plan = result.plan
  const operation = plan?.operation ?? context.request?.operation
  const sections: string[] = []

  sections.push(`## ${verdictTitle(result, operation)}`)
  sections.push(headline(result, context.request).value)
  if (result.dryRun) {
    sections.push(
      '> <b>Dry run.</b> This is a plan: no gallery, registry or tag was changed. Run again with `dry-run: false` to apply it.',
    )
  }
  if (plan?.digest) sections.push(markup`Digest: ${code(plan.digest)}`.value)
  if (result.verdict === 'failed' && result.error) {
    sections.push(
      markup`> <b>Error:</b> ${new Safe(render(result.error, { multiline: true, max: 20_000 }))}`.value,
    )
  }

  if (plan && plan.gates.length > 0) {
    sections.push(
      `### Gates\n\n${gateCounts(plan.gates)}.\n\n${gatesTable(plan.gates, SUMMARY_LIMITS.gates).value}`,
    )
  }
  if (plan?.retirement) sections.push(retirementSection(result, plan).value)
  if (plan) {
    const transitions = transitionsSection(result, plan)
    if (transitions) sections.push(transitions.value)
    const changes = changesSection(result, plan)
    if (changes) sections.push(changes.value)
  }
  if (result.verification.length > 0) {
    sections.push(
      `### Read-back verification\n\n${gateCounts(result.verification)}.\n\n${gatesTable(result.verification, SUMMARY_LIMITS.verification).value}`,
    )
  }
  if (result.scan) sections.push(scanSection(result.scan, result).value)
  if (plan && plan.notes.length > 0) {
    const { shown, more } = capList(plan.notes, SUMMARY_LIMITS.notes)
    const items: Fragment[] = [...shown]
    if (more > 0) items.push(andMore(more, 'notes'))
    sections.push(`### Notes\n\n${bullets(items).value}`)
  }
  const approvers = approversSection(result, context.approvals)
  if (approvers) sections.push(approvers.value)
  if (context.outputs) {
    const outputs = keyValueTable(context.outputs, SUMMARY_LIMITS.outputs)
    if (outputs) sections.push(`### Outputs\n\n${outputs.value}`)
  }
  if (context.inputs) {
    const inputs = keyValueTable(context.inputs, SUMMARY_LIMITS.inputs)
    if (inputs) sections.push(details('Inputs', inputs).value)
  }
  if (context.warnings && context.warnings.length > 0) {
    const { shown, more } = capList(context.warnings, SUMMARY_LIMITS.warnings)
    const items: Fragment[] = [...shown]
    if (more > 0) items.push(andMore(more, 'warnings'))
    sections.push(`### Warnings\n\n${bullets(items).value}`)
  }
  if (context.runUrl) sections.push(markup`${link('Workflow run', context.runUrl)}`.value)

  const text = `${sections.join('\n\n')}\n`
  const limit = context.maxBytes ?? SUMMARY_MAX_BYTES
  const omitted = Buffer.byteLength(text, 'utf8') - limit
  return capSize(
    text,
    limit,
    `<b>Summary truncated</b> to stay under GitHub's 1 MiB job-summary limit (about ${formatNumber(Math.max(omitted, 0))} bytes left out). The full details are in the run log.`,
  ).text
}

// ------------------------------------------------------------------------------------------- retirement

function retireHeadline(result: RunResult, target: string): Safe {
  const t = code(target)
  const decisions = result.plan?.retirement ?? []
  const count = (action: string) => decisions.filter((d) => d.action === action).length
  const changes = result.plan?.changes.length ?? 0
  const unit = result.plan?.target.kind === 'registry' ? 'digest' : 'version'
  const totals = `${plural(decisions.length, unit)}: ${formatNumber(count('keep'))} kept, ${formatNumber(count('end-of-life'))} past retention (end of life), ${formatNumber(count('delete'))} to delete`
  switch (result.verdict) {
    case 'promoted':
      return markup`Retention applied to ${t}: ${totals}; ${plural(changes, 'change')} written.`
    case 'unchanged':
      return markup`Retention of ${t} already holds: ${totals}; nothing was written.`
    case 'planned':
      return markup`Dry run: nothing was written. Applying retention to ${t} would make ${plural(changes, 'change')} (${totals}).`
    case 'blocked':
      return markup`Retention was not applied to ${t}: a gate failed. Nothing was written.`
    case 'failed': {
      const applied = result.outcomes.filter((o) => o.status === 'applied').length
      return applied === 0
        ? markup`Applying retention to ${t} failed. Nothing was written.`
        : markup`Applying retention to ${t} failed partway: ${formatNumber(applied)} of ${plural(result.outcomes.length, 'change')} were written; a re-run finishes the rest.`
    }
  }
}

const RETIRE_ACTIONS: Record<RetireDecision['action'], string> = {
  keep: 'Kept',
  'end-of-life': 'End of life set',
  delete: 'Deleted',
}

/** Every version with what retirement does to it and why (users of versions kept because in use included). */
function retirementSection(result: RunResult, plan: Plan): Safe {
  const decisions = plan.retirement ?? []
  const outcomes = new Map(result.outcomes.map((o) => [o.change.id, o]))
  const applied = result.verdict === 'promoted' || result.verdict === 'failed'
  const registry = plan.target.kind === 'registry'
  const { shown, more } = capList(decisions, SUMMARY_LIMITS.retirement)
  const rows = shown.map((d): Fragment[] => {
    const outcome = d.changeId ? outcomes.get(d.changeId) : undefined
    let action = RETIRE_ACTIONS[d.action]
    if (d.action === 'delete' && !(applied && outcome?.status === 'applied')) action = 'To delete'
    if (d.action === 'end-of-life' && !d.changeId) action = 'End of life (already set)'
    if (d.usedBy?.length) action = `${action}, kept: in use`
    let status = ''
    if (d.changeId) {
      status =
        outcome?.status === 'applied'
          ? 'Applied'
          : outcome?.status === 'failed'
            ? 'Failed'
            : result.verdict === 'planned'
              ? 'Planned'
              : 'Not written'
    }
    // Users by name (resource group/name); the full ids are in the `retired` output and the in-use gate.
    const names = (d.usedBy ?? []).map((id) =>
      id.split('/').filter(Boolean).slice(3, 4).concat(id.split('/').slice(-1)).join('/'),
    )
    const users: Fragment = names.length > 0 ? markup`: ${cappedInline(names, 10)}` : ''
    const row: Fragment[] = [
      d.subject,
      action,
      d.endOfLife ? d.endOfLife.slice(0, 10) : '',
      markup`${d.reasons.join('; ')}${users}`,
      status,
    ]
    // A digest says little to a reviewer without its tags (which deleting it removes too).
    if (registry) row.splice(0, 1, code(d.subject), d.tags?.length ? cappedInline(d.tags, 10) : 'untagged')
    return row
  })
  const headers = registry
    ? ['Digest', 'Tags', 'Decision', 'End of life', 'Reason', 'Write']
    : ['Version', 'Decision', 'End of life', 'Reason', 'Write']
  let out = `### Retention\n\n${table(headers, rows).value}`
  if (more > 0) out += `\n\n${andMore(more, registry ? 'digests' : 'versions')}`
  return new Safe(out)
}
