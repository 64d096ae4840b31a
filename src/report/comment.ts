// The sticky pull-request comment: one comment per target (image definition or repository), updated by
// every ring's job. The verdict of the latest run first, what needs reading (failed gates, the error), then
// the ladder: what each ring holds now (from the ring records when the caller read them) and what this
// PR's last run on each ring did, this PR's version highlighted.
//
// Rings run in separate jobs (canary → staging → prod), so each job only knows its own ring. To show the
// whole ladder, the comment carries its rows as base64 JSON in a hidden HTML comment at the end; the next
// job reads them back (`upsertStickyComment` passes the existing body), replaces its own ring's row and
// renders again. The embedded rows are treated as untrusted like everything else.
import type { Operation, RunResult, Verdict } from '../core/model.js'
import {
  andMore,
  bullets,
  capList,
  capSize,
  clip,
  code,
  details,
  digestCode,
  formatNumber,
  link,
  markup,
  plural,
  prose,
  safe,
  Safe,
  table,
  type Fragment,
} from './markdown.js'
import { severityCounts } from './scan.js'
import { errorAdvice } from './advice.js'
import { gatesSection } from './gates.js'
import type { CommentContext, RingHolding } from './types.js'
import { headline, verdictIcon, verdictTitle } from './verdict.js'

export type { CommentContext } from './types.js'

/** GitHub rejects comment bodies over 65,536 characters; stay well below. */
export const COMMENT_MAX_CHARS = 60_000

const PREFIX = 'azure-image-promote'
const MAX_ROWS = 20
const MAX_FIELD = 200

/** Marker key: keeps letters, digits and `._/:@-`; anything else (and `--`) becomes `_`. */
export function markerKey(key: string): string {
  return clip(key, 200)
    .replace(/[^A-Za-z0-9._/:@-]/g, '_')
    .replace(/-{2,}/g, (m) => '_'.repeat(m.length))
    .replace(/-$/, '_')
}

/** `<!-- azure-image-promote:<key> -->`, the first line of the comment and what upsert looks for. */
export function commentMarker(key: string): string {
  return `<!-- ${PREFIX}:${markerKey(key)} -->`
}

/** One ring's last known state, as stored in the comment. */
export interface CommentRow {
  ring: string
  version: string
  digest?: string
  verdict: Verdict
  dryRun: boolean
  operation: Operation
  /** ISO time the row was written. */
  at: string
  runUrl?: string
}

const STATE_RE = new RegExp(`<!-- ${PREFIX}-state:([A-Za-z0-9+/=]*) -->`)
const VERDICTS: readonly Verdict[] = ['promoted', 'unchanged', 'planned', 'blocked', 'failed']

/** Rows embedded in a previous comment body; anything malformed is dropped. */
export function parseCommentRows(body: string | undefined): CommentRow[] {
  const match = body ? STATE_RE.exec(body) : null
  if (!match?.[1]) return []
  let data: unknown
  try {
    data = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8'))
  } catch {
    return []
  }
  const rows = (data as { rows?: unknown } | null)?.rows
  if (!Array.isArray(rows)) return []
  const out: CommentRow[] = []
  for (const raw of rows.slice(0, MAX_ROWS)) {
    if (typeof raw !== 'object' || raw === null) continue
    const r = raw as Record<string, unknown>
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? clip(v, MAX_FIELD) : undefined)
    const ring = str(r.ring)
    const verdict = VERDICTS.find((v) => v === r.verdict)
    if (!ring || !verdict) continue
    const digest = str(r.digest)
    const runUrl = str(r.runUrl)
    out.push({
      ring,
      version: str(r.version) ?? '',
      verdict,
      dryRun: r.dryRun === true,
      operation: r.operation === 'rollback' ? 'rollback' : 'promote',
      at: str(r.at) ?? '',
      ...(digest ? { digest } : {}),
      ...(runUrl ? { runUrl } : {}),
    })
  }
  return out
}

function encodeRows(rows: CommentRow[]): string {
  return `<!-- ${PREFIX}-state:${Buffer.from(JSON.stringify({ v: 1, rows }), 'utf8').toString('base64')} -->`
}

/**
 * Merge this run's row into the previous ones; order follows `rings` when given, else first seen.
 * A dry run never replaces a real result of the same ring: the ladder shows what happened, not a plan.
 */
export function mergeRows(previous: CommentRow[], row: CommentRow, rings?: string[]): CommentRow[] {
  const existing = previous.find((r) => r.ring === row.ring)
  if (row.dryRun && existing && !existing.dryRun) return previous.slice(-MAX_ROWS)
  const rows = previous.filter((r) => r.ring !== row.ring)
  rows.push(row)
  if (rings && rings.length > 0) {
    const index = (ring: string): number => {
      const i = rings.indexOf(ring)
      return i === -1 ? rings.length : i
    }
    rows.sort((a, b) => index(a.ring) - index(b.ring))
  } else {
    const order = [...previous.map((r) => r.ring), row.ring]
    rows.sort((a, b) => order.indexOf(a.ring) - order.indexOf(b.ring))
  }
  return rows.slice(-MAX_ROWS)
}

function time(iso: string | undefined): string | undefined {
  const at = iso ? Date.parse(iso) : NaN
  // The column header says UTC: a shorter cell keeps the ladder on one line per ring in 780 px.
  return Number.isNaN(at) ? undefined : new Date(at).toISOString().slice(0, 16).replace('T', ' ')
}

/** What this PR's last run on the ring did, linked to that run. */
function attemptCell(row: CommentRow | undefined): Fragment {
  if (!row) return '—'
  const title = `${verdictIcon(row.verdict)} ${verdictTitle({ verdict: row.verdict, dryRun: row.dryRun }, row.operation)}`
  return link(title, row.runUrl)
}

/** A real run that left the ring holding its version. */
function holds(row: CommentRow | undefined): boolean {
  return !!row && !row.dryRun && (row.verdict === 'promoted' || row.verdict === 'unchanged') && !!row.version
}

function holdingCell(holding: RingHolding | undefined, thisVersion: string | undefined): Fragment {
  if (!holding?.version && !holding?.digest) return 'nothing yet'
  const version = holding.version ? code(holding.version) : undefined
  const digest = holding.digest ? digestCode(holding.digest) : undefined
  const text = [version, digest]
    .filter((x): x is Safe => !!x)
    .map((x) => x.value)
    .join(' ')
  const mine = !!thisVersion && holding.version === thisVersion
  return new Safe(mine ? `<b>${text}</b>` : text)
}

interface LadderInput {
  rings: string[]
  rows: CommentRow[]
  ringState: RingHolding[] | undefined
  thisVersion: string | undefined
}

/** Ring | Holds now | Since | This PR's last run: the actual ring state when the records were read. */
function ladder(input: LadderInput): Safe {
  const names = [...input.rings]
  for (const r of [...(input.ringState ?? []), ...input.rows]) if (!names.includes(r.ring)) names.push(r.ring)
  const lines = names.slice(0, MAX_ROWS).map((ring): Fragment[] => {
    const row = input.rows.find((r) => r.ring === ring)
    const holding: RingHolding | undefined = input.ringState
      ? input.ringState.find((h) => h.ring === ring)
      : holds(row)
        ? { ring, version: row!.version, ...(row!.digest ? { digest: row!.digest } : {}), since: row!.at }
        : undefined
    const since = time(holding?.since) ?? '—'
    // Without ring records, a ring this PR has not reached is simply not known.
    const held = input.ringState || holding ? holdingCell(holding, input.thisVersion) : '—'
    return [ring, held, since, attemptCell(row)]
  })
  return table(['Ring', 'Holds now', 'Since (UTC)', 'This PR'], lines)
}

function changesBlock(result: RunResult): string | undefined {
  const plan = result.plan
  if (!plan || plan.changes.length === 0) return undefined
  if (result.verdict === 'planned' || result.verdict === 'blocked') {
    const { shown, more } = capList(plan.changes, 20)
    const items: Fragment[] = shown.map((c) => markup`${prose(c.resource)}: ${prose(c.summary)}`)
    if (more > 0) items.push(andMore(more, 'changes'))
    const heading =
      result.verdict === 'planned'
        ? `${plural(plan.changes.length, 'planned change')} (not written)`
        : `${plural(plan.changes.length, 'change')} not written (blocked)`
    return details(heading, bullets(items)).value
  }
  if (result.verdict !== 'failed') return undefined
  const items: Fragment[] = []
  const { shown, more } = capList(result.outcomes, 20)
  for (const o of shown) {
    const status =
      o.status === 'applied'
        ? safe('✓ written')
        : o.status === 'failed'
          ? safe('<b>✗ failed</b>')
          : safe('<b>not written</b>')
    items.push(markup`${status}: ${prose(o.change.resource)}: ${prose(o.change.summary)}`)
  }
  if (more > 0) items.push(andMore(more, 'changes'))
  return `<b>Changes</b>\n\n${bullets(items).value}`
}

/**
 * The comment body for one target. Pass the existing comment body (if any) so rows from earlier rings are
 * kept. The first line is the marker; the body is at most `maxChars` characters.
 */
export function renderComment(
  result: RunResult,
  context: CommentContext = {},
  previousBody?: string,
): string {
  const plan = result.plan
  const target = plan?.target ?? context.target
  if (!target)
    throw new Error('renderComment needs a target: the run has no plan and context.target is not set.')
  const operation = plan?.operation ?? context.operation ?? 'promote'
  // Unknown when the run stopped before reading its inputs: then it adds no ladder row and names no ring.
  const ring = plan?.ring || context.ring || undefined
  const now = context.now ?? new Date()
  const version = plan?.version || context.version

  const row: CommentRow = {
    ring: clip(ring ?? '', MAX_FIELD),
    version: clip(version ?? '', MAX_FIELD),
    verdict: result.verdict,
    dryRun: result.dryRun,
    operation,
    at: now.toISOString(),
    ...(plan?.digest ? { digest: clip(plan.digest, MAX_FIELD) } : {}),
    ...(context.runUrl ? { runUrl: clip(context.runUrl, MAX_FIELD) } : {}),
  }
  // Retirement spans every ring and moves none: the ladder keeps the rings' last promotions as they were.
  const retire = operation === 'retire'
  const previousRows = parseCommentRows(previousBody)
  const rows = retire || !ring ? previousRows : mergeRows(previousRows, row, context.rings)

  const request = {
    target,
    operation,
    ...(ring ? { ring } : {}),
    ...(context.version ? { version: context.version } : {}),
  }
  const sections: string[] = []
  sections.push(`### ${verdictIcon(result.verdict)} ${verdictTitle(result, operation)}`)
  sections.push(headline(result, request).value)
  if (result.verdict === 'failed' && result.error) {
    const advice = errorAdvice(result.error)
    let block = `> <b>Error:</b> ${prose(result.error, { multiline: true, max: 1000 }).value}`
    if (advice) block += `\n>\n> <b>→</b> ${prose(advice).value}`
    sections.push(block)
  }
  if (plan) {
    const gates = gatesSection(plan.gates, result.verification, { max: 30, now, heading: '<b>Gates</b>' })
    if (gates) sections.push(gates.value)
  }
  const changes = changesBlock(result)
  if (changes) sections.push(changes)
  if (result.scan) {
    const s = result.scan
    sections.push(
      `<b>Scan</b>: ${formatNumber(s.blocking.length)} blocking · ${severityCounts(s)}${s.allowed.length > 0 ? ` · ${formatNumber(s.allowed.length)} allowed` : ''}`,
    )
  }
  const rings = context.rings ?? []
  if (rings.length > 0 || rows.length > 0 || context.ringState) {
    sections.push(
      `<b>Rings</b> of ${code(target.display).value}${retire ? '' : ' (this PR’s version in bold)'}`,
    )
    sections.push(
      ladder({ rings, rows, ringState: context.ringState, thisVersion: retire ? undefined : version }).value,
    )
  }
  if (context.runUrl) sections.push(markup`${link('Full summary of this run', context.runUrl)}`.value)

  const marker = commentMarker(target.key)
  const state = encodeRows(rows)
  const limit = (context.maxChars ?? COMMENT_MAX_CHARS) - marker.length - state.length - 4
  const visible = capSize(
    sections.join('\n\n'),
    limit,
    "<b>Comment truncated</b> to stay under GitHub's comment size limit; the job summary has everything.",
    'chars',
  ).text.trimEnd()
  return `${marker}\n${visible}\n\n${state}\n`
}
