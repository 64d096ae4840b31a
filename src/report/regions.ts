// One per-region table for gallery runs: replication, whether the ring requires the region, and what
// `latest` resolves to before → after. Uses the engine's per-region facts when given; otherwise reads
// them from the plan (required regions, `latest in <region>` transitions, the replication gate's details).
import type { Plan } from '../core/model.js'
import { andMore, capList, code, details, formatNumber, Safe, table, type Fragment } from './markdown.js'
import type { RegionState } from './types.js'

/** Above this many regions, rows where nothing changes and nothing is wrong are folded. */
export const FOLD_REGIONS_ABOVE = 5
const MAX_REGION_ROWS = 60

/** `East US` and `eastus` name the same region. */
export function regionKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

const LATEST_RE = /^latest in (.+)$/

/** Per-region facts from the plan, for engines that do not report them yet. */
export function regionsFromPlan(plan: Plan): RegionState[] {
  const rows = new Map<string, RegionState>()
  const row = (name: string): RegionState => {
    const key = regionKey(name)
    let r = rows.get(key)
    if (!r) {
      r = { region: name, required: plan.regions.some((x) => regionKey(x) === key) }
      rows.set(key, r)
    }
    return r
  }
  for (const name of plan.regions) row(name)
  for (const t of plan.transitions) {
    const m = LATEST_RE.exec(t.subject)
    if (!m?.[1]) continue
    const r = row(m[1])
    r.latestBefore = t.before
    r.latestAfter = t.after
  }
  const replication = plan.gates.find((g) => g.id === 'replication')
  if (replication) readReplication(replication.details, row, rows)
  return [...rows.values()]
}

/** `Completed in East US (2), West Europe (2)` or `East US: Replicating 40%; West Europe: Failed (…)`. */
function readReplication(
  text: string,
  row: (name: string) => RegionState,
  rows: Map<string, RegionState>,
): void {
  const completed = /^Completed in (.+)$/.exec(text)
  if (completed?.[1]) {
    for (const part of completed[1].split(', ')) {
      const m = /^(.+?) \((\d+)\)$/.exec(part)
      if (m?.[1] && rows.has(regionKey(m[1])))
        Object.assign(row(m[1]), { state: 'Completed', replicas: Number(m[2]) })
    }
    return
  }
  for (const part of text.split('; ')) {
    const state = /^(.+?): ([A-Za-z]+)(?: (\d+)%)?/.exec(part)
    const replicas = /^(.+?): (\d+) replicas, ring .* needs (\d+)$/.exec(part)
    if (replicas?.[1] && rows.has(regionKey(replicas[1]))) {
      Object.assign(row(replicas[1]), {
        state: 'Completed',
        replicas: Number(replicas[2]),
        requiredReplicas: Number(replicas[3]),
      })
    } else if (state?.[1] && rows.has(regionKey(state[1]))) {
      const r = row(state[1])
      r.state = state[2]
      if (state[3]) r.progress = Number(state[3])
    }
  }
}

function replicationCell(r: RegionState): Fragment {
  if (!r.state) return r.replicas !== undefined ? `${formatNumber(r.replicas)} replicas` : '—'
  if (r.state === 'Completed') {
    const short =
      r.requiredReplicas !== undefined && r.replicas !== undefined && r.replicas < r.requiredReplicas
    const count =
      r.replicas !== undefined
        ? ` · ${formatNumber(r.replicas)}${r.requiredReplicas ? `/${r.requiredReplicas}` : ''}`
        : ''
    return short ? new Safe(`<b>Too few replicas</b>${count}`) : `✓ Completed${count}`
  }
  const progress = r.progress !== undefined ? ` ${r.progress}%` : ''
  const icon = r.state === 'Failed' ? '✗' : '⏳'
  return new Safe(`<b>${icon} ${escapeState(r.state)}${progress}</b>`)
}

function escapeState(state: string): string {
  return state.replace(/[^A-Za-z0-9 -]/g, '')
}

function latestCell(r: RegionState): Fragment {
  if (r.latestBefore === undefined && r.latestAfter === undefined) return '—'
  const before = r.latestBefore ?? '(none)'
  const after = r.latestAfter ?? before
  if (before === after) return code(after)
  return new Safe(`${code(before).value} → <b>${code(after).value}</b>`)
}

/** A row a reviewer needs to see: something changes or something is wrong. */
function eventful(r: RegionState): boolean {
  const changes = r.latestBefore !== r.latestAfter
  const problem = r.state !== undefined && r.state !== 'Completed'
  const short =
    r.requiredReplicas !== undefined && r.replicas !== undefined && r.replicas < r.requiredReplicas
  return changes || problem || short
}

function regionTable(rows: RegionState[], showLatest: boolean): Safe {
  const headers = ['Region', 'Replication', 'Ring requires']
  if (showLatest) headers.push('latest: before → after')
  return table(
    headers,
    rows.map((r) => {
      const cells: Fragment[] = [r.region, replicationCell(r), r.required ? 'yes' : 'no']
      if (showLatest) cells.push(latestCell(r))
      return cells
    }),
  )
}

/** The region table, unchanged rows folded when there are more than FOLD_REGIONS_ABOVE regions. */
export function regionsSection(regions: RegionState[]): Safe | undefined {
  if (regions.length === 0) return undefined
  const { shown, more } = capList(regions, MAX_REGION_ROWS)
  const showLatest = shown.some((r) => r.latestBefore !== undefined || r.latestAfter !== undefined)
  const moreText = more > 0 ? `\n\n${andMore(more, 'regions')}` : ''
  if (shown.length <= FOLD_REGIONS_ABOVE) {
    return new Safe(`### Regions\n\n${regionTable(shown, showLatest).value}${moreText}`)
  }
  const open = shown.filter(eventful)
  const folded = shown.filter((r) => !eventful(r))
  const parts = ['### Regions']
  if (open.length > 0) parts.push(regionTable(open, showLatest).value)
  if (folded.length > 0) {
    const summary = `${formatNumber(folded.length)} ${folded.length === 1 ? 'region' : 'regions'} unchanged${open.length === 0 ? ', all replicated' : ''}`
    parts.push(details(summary, regionTable(folded, showLatest)).value)
  }
  return new Safe(parts.join('\n\n') + moreText)
}
