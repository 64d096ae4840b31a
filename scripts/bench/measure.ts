// The "Measure" table of issue 16, each row from this run with its goal and status: write rounds of a `latest`
// promotion on the emulator's time-true profile, ARM requests of a canary promotion by version count, start-up
// over `node -e 0`, LRO completion without Retry-After, and the retag against skopeo (not measured yet).
// Counts are exact; times are side by side with their yardstick in the same run (the machine is shared).
import { RECORDED_LRO_SECONDS, RECORDED_RETRY_AFTER_SECONDS } from '../../emulator/lro.js'
import { NO_ADVICE_DELAYS_MS, noAdvicePolls } from '../../src/azure/lro.js'
import type { ColdStartResult } from './coldstart.js'
import { GalleryBench, galleryKind, runLro, type GalleryShape, type LroResult } from './gallery.js'
import { ms, table } from './util.js'

/** 150 s → 250 ms: real durations scaled, as the issue asks. */
export const TIME_SCALE = 1 / 600
export const STRAY_COUNTS = [0, 2, 10, 30]
export const VERSION_COUNTS = [10, 100, 1_000]
const PAGE_SIZE = 25
/** The issue's goals. */
const MAX_CANARY_ARM_REQUESTS = 6
const SCALED_OVERHEAD_MS = 1_000
const FAIL_FAST_OVER_MS = 60
const FIRST_REQUEST_OVER_MS = 100
/** The operation measured without Retry-After: long enough to pass the schedule's first steps. */
const NO_ADVICE_OP_MS = 3_000

export interface RoundsRow {
  strays: number
  verdict: string
  operations: number
  writeRounds: number
  maxConcurrent: number
  /** First request → last response (the emulator's log). */
  networkMs: number
}

export interface CanaryRow {
  versions: number
  pages: number
  verdict: string
  armRequests: number
  counts: Record<string, number>
}

export interface MeasureResults {
  updateMs: number
  rounds: RoundsRow[]
  canary: CanaryRow[]
  noAdvice: LroResult
}

function shape(versions: number, strays: number, timeScale?: number): GalleryShape {
  return {
    versions,
    strays,
    pageSize: PAGE_SIZE,
    pollsBeforeDone: 0,
    retryAfterSeconds: 0,
    ...(timeScale !== undefined ? { timeScale } : {}),
  }
}

function verdictOf(outputs: Record<string, string>): string {
  try {
    return (JSON.parse(outputs.result ?? '{}') as { verdict?: string }).verdict ?? 'failed'
  } catch {
    return 'failed'
  }
}

/** prod (`latest`) promotion of 1.2.0 over k stray higher versions, operations taking their scaled real time. */
async function latestRounds(strays: number): Promise<RoundsRow> {
  const bench = await GalleryBench.start(shape(10 + strays, strays, TIME_SCALE))
  try {
    bench.emulator.modules.gallery.resetLroStats()
    const run = await bench.run({ version: '1.2.0', ring: 'prod' })
    const stats = bench.emulator.modules.gallery.lroStats()
    return {
      strays,
      verdict: run.verdict,
      operations: stats.operations,
      writeRounds: stats.writeRounds,
      maxConcurrent: stats.maxConcurrent,
      networkMs: run.networkMs,
    }
  } finally {
    await bench.close()
  }
}

async function canaryCost(versions: number): Promise<CanaryRow> {
  const bench = await GalleryBench.start(shape(versions, 0))
  try {
    const run = await bench.run({ version: '1.2.1', ring: 'canary' })
    const arm = run.requests.filter((r) => r.module === 'gallery')
    const counts: Record<string, number> = {}
    for (const r of arm) counts[galleryKind(r)] = (counts[galleryKind(r)] ?? 0) + 1
    return {
      versions,
      pages: Math.ceil(versions / PAGE_SIZE),
      verdict: verdictOf(run.run.outputs),
      armRequests: arm.length,
      counts,
    }
  } finally {
    await bench.close()
  }
}

export async function measure(latencyMs: number, log: (m: string) => void): Promise<MeasureResults> {
  const rounds: RoundsRow[] = []
  for (const k of STRAY_COUNTS) {
    log(`latest promotion, k = ${k} strays, time-true operations × 1/${Math.round(1 / TIME_SCALE)}`)
    rounds.push(await latestRounds(k))
  }
  const canary: CanaryRow[] = []
  for (const n of VERSION_COUNTS) {
    log(`canary promotion, ${n} versions`)
    canary.push(await canaryCost(n))
  }
  log(`long-running operation of ${NO_ADVICE_OP_MS} ms without Retry-After`)
  const noAdvice = await runLro(shape(50, 2), latencyMs, 0, NO_ADVICE_OP_MS)
  return { updateMs: Math.round(RECORDED_LRO_SECONDS.update * 1000 * TIME_SCALE), rounds, canary, noAdvice }
}

type Row = [string, string, string, string]

function status(ok: boolean): string {
  return ok ? 'met' : 'missed'
}

function roundsRows(m: MeasureResults): Row[] {
  const wallGoal = 2 * m.updateMs + SCALED_OVERHEAD_MS
  return m.rounds.map((r) => {
    const roundsGoal = r.strays === 0 ? 1 : 2
    const ok = r.verdict === 'promoted' && r.writeRounds <= roundsGoal && r.networkMs <= wallGoal
    return [
      `\`latest\` promotion, k = ${r.strays}`,
      `${r.writeRounds} write rounds (${r.operations} operations, at most ${r.maxConcurrent} at once), ` +
        `wall ${ms(r.networkMs)}${r.verdict === 'promoted' ? '' : `, verdict ${r.verdict}`}`,
      `rounds = ${roundsGoal}; wall ≤ 2 × ${ms(m.updateMs)} + ${ms(SCALED_OVERHEAD_MS)} = ${ms(wallGoal)}`,
      status(ok),
    ]
  })
}

function canaryRows(m: MeasureResults): Row[] {
  return m.canary.map((c) => [
    `canary promotion, ${c.versions} versions (${c.pages} list pages)`,
    `${c.armRequests} ARM requests (${Object.entries(c.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')})${c.verdict === 'promoted' ? '' : `, verdict ${c.verdict}`}`,
    `≤ ${MAX_CANARY_ARM_REQUESTS}, constant in the version count`,
    status(c.verdict === 'promoted' && c.armRequests <= MAX_CANARY_ARM_REQUESTS),
  ])
}

function startRows(cs: ColdStartResult): Row[] {
  const failOver = cs.failFast.wallMs - cs.baseline.wallMs
  const firstOver = cs.firstRequest.ms - cs.baseline.wallMs
  return [
    [
      'fail-fast run over `node -e 0`',
      `${ms(failOver)} (${ms(cs.failFast.wallMs)} vs ${ms(cs.baseline.wallMs)}, runs in turn)`,
      `≤ ${FAIL_FAST_OVER_MS} ms`,
      status(failOver <= FAIL_FAST_OVER_MS),
    ],
    [
      'start to first request, gallery',
      `${ms(firstOver)} over \`node -e 0\``,
      `≤ ${FIRST_REQUEST_OVER_MS} ms`,
      status(firstOver <= FIRST_REQUEST_OVER_MS),
    ],
    ['start to first request, registry', 'not measured yet', `≤ ${FIRST_REQUEST_OVER_MS} ms`, 'n/a'],
  ]
}

function noAdviceRows(m: MeasureResults): Row[] {
  const interval = RECORDED_RETRY_AFTER_SECONDS * 1000
  const cap = NO_ADVICE_DELAYS_MS.at(-1)!
  const recorded = (['update', 'delete'] as const).map((kind) => {
    const duration = RECORDED_LRO_SECONDS[kind] * 1000
    return { kind, duration, ...noAdvicePolls(duration) }
  })
  const l = m.noAdvice
  const predicted = noAdvicePolls(NO_ADVICE_OP_MS)
  // Measured: the schedule's lateness plus the round trips a poll takes; never more polls than planned.
  const measuredOk = l.polls <= predicted.polls && l.lateMs <= cap
  return [
    ...recorded.map((r): Row => [
      `LRO completion without \`Retry-After\`, recorded ${r.kind} (${r.duration / 1000} s)`,
      `${ms(r.lateMs)} late, ${r.polls} polls (the schedule of \`src/azure/lro.ts\`)`,
      `≤ ${interval / 1000} s late (the recorded poll interval), polls stated`,
      status(r.lateMs <= interval),
    ]),
    [
      `LRO completion without \`Retry-After\`, measured (${ms(NO_ADVICE_OP_MS)} operation)`,
      `${ms(l.lateMs)} late, ${l.polls} polls (schedule: ${ms(predicted.lateMs)}, ${predicted.polls} polls)`,
      `≤ one schedule step (${cap / 1000} s) late, polls ≤ the schedule's`,
      status(measuredOk),
    ],
  ]
}

const RETAG_ROW: Row = [
  'same-registry retag vs `skopeo copy`, 50 ms latency, single and multi-arch',
  'not measured yet',
  'wall ≤ 1.0× skopeo; CPU ≤ 2×; peak RSS ≤ 50 MiB',
  'n/a',
]

/** The issue's table: one row per measure, in the issue's order. */
export function measureRows(m: MeasureResults, cs: ColdStartResult): Row[] {
  return [...roundsRows(m), ...canaryRows(m), RETAG_ROW, ...startRows(cs), ...noAdviceRows(m)]
}

export function renderMeasure(m: MeasureResults, cs: ColdStartResult): string[] {
  const out: string[] = []
  out.push('## Issue 16: the measures')
  out.push('')
  out.push(table(['what', 'measured', 'goal', 'status'], measureRows(m, cs)))
  out.push('')
  out.push(
    `Write rounds come from the emulator's counter (\`lroStats()\`: a write that starts while no operation runs ` +
      `opens a round) with every operation taking its recorded real duration × 1/${Math.round(1 / TIME_SCALE)} ` +
      `(update ${ms(m.updateMs)}); the emulator then sends no \`Retry-After\`, as the 2026 recordings, so the ` +
      'action polls on its own schedule. The action writes the `latest` ring one version after another (the ' +
      'subject, then each stray, lowest first), so k strays cost k + 1 rounds; the two-round order is being ' +
      'built on another branch. Wall is the network phase (first request to last response). Canary rows count ' +
      'the requests to ARM only (the GitHub OIDC and Entra requests are the same at every size): the list is ' +
      'read twice (the previous holder in observe, the holder after the writes in verify), so the count grows ' +
      'with the list pages (25 versions a page). The suite asserts the same counts (`__tests__/gallery/cost.test.ts`).',
  )
  out.push('')
  out.push(
    '**Floors, and how they grow** (p = list pages, ⌈versions / page size⌉; k = stray higher versions):',
  )
  out.push('')
  out.push(
    table(
      ['scenario', 'ARM requests today', 'write rounds today', 'grows with'],
      [
        [
          'promotion to a ring without `latest`',
          '2p + 3 (list p, GET, PATCH, poll, list p)',
          '1',
          'versions (pages); not regions, not strays',
        ],
        [
          'promotion to the `latest` ring',
          '2p + 1 + 2(k + 1) + k (a re-read before each write after the first)',
          'k + 1 (2 with the two-round order)',
          'versions (pages) and strays; not regions (one PATCH carries every region)',
        ],
        [
          'rollback of the `latest` ring',
          'as the `latest` promotion, + 1 round trip',
          'as above',
          'as above',
        ],
        ['registry retag, T ring tags', '4T + 10 (section 2)', '—', 'ring tags only; not other tags'],
      ],
    ),
  )
  out.push('')
  out.push(
    'Constant in the version count needs the previous holder and the verification without the list. A ring ' +
      "index on the image definition's tags (read in one GET, the version tags staying the record of truth) " +
      'makes the canary promotion 8 ARM requests at any size — the definition and the subject read together, ' +
      'the subject and the index written together (a PATCH and a poll each: the index write is an operation ' +
      'too), both read back — so the issue’s ≤ 6 leaves no room for writing the index and reading it back; the ' +
      'index needs the emulator to accept PATCH on image definitions, which it does not yet. Not built in this ' +
      'round: the rows above are the honest counts without it.',
  )
  out.push('')
  out.push(
    `**Polling without \`Retry-After\`.** The schedule (\`NO_ADVICE_DELAYS_MS\`): ` +
      `${NO_ADVICE_DELAYS_MS.map((d) => ms(d)).join(', ')}, then every ${ms(NO_ADVICE_DELAYS_MS.at(-1)!)}. ` +
      'Nothing tells the client when an operation ends, and each poll spends ARM read quota, so it starts short ' +
      '(a quick operation is noticed within a second) and settles at 10 s: at most 10 s late whatever the ' +
      `duration, a sixth of the recorded ${RECORDED_RETRY_AFTER_SECONDS} s cadence, with a poll count of at most ` +
      '6 + ⌈(duration − 14.75 s) / 10 s⌉ + 1. The measured row runs a real-time operation through the bundled ' +
      'action; the scaled rounds above cannot measure this, since the action does not scale its schedule.',
  )
  out.push('')
  return out
}

export function printMeasure(m: MeasureResults, cs: ColdStartResult): void {
  console.log('\nissue 16 measures:')
  for (const [what, measured, goal, state] of measureRows(m, cs)) {
    console.log(`  ${state.padEnd(6)} ${what}: ${measured} (goal ${goal})`)
  }
}
