// Gallery scenarios against the emulator: request counts by kind next to the minimum, wall time of the
// network phase next to the critical-path floor, long-running-operation polling, and scale with list pages.
import { runAction, type ActionRun } from '../../emulator/runner.js'
import { startEmulator, type Emulator, type RequestLogEntry } from '../../emulator/server.js'
import { singleImageSubscriptions, type EmulatorSeed } from '../../emulator/seed.js'
import { NO_ADVICE_DELAYS_MS } from '../../src/azure/lro.js'
import { countBy, kinds, median, ms, ratio, sum } from './util.js'

export const SUB = '00000000-0000-0000-0000-000000000001'
const TENANT = '11111111-1111-1111-1111-111111111111'
const CLIENT = '22222222-2222-2222-2222-222222222222'

export const GALLERY_KINDS = ['oidc', 'metadata', 'token', 'list', 'get', 'patch', 'poll']

export interface GalleryShape {
  /** Versions in the image definition (fillers are added below the interesting ones). */
  versions: number
  /** Stray higher versions, not excluded from latest. */
  strays: number
  pageSize: number
  /** Emulator LRO settings. */
  pollsBeforeDone: number
  retryAfterSeconds: number
  completeAfterMs?: number
  /** The emulator's time-true profile: recorded durations × this scale (emulator/README.md). */
  timeScale?: number
}

/**
 * 0.N.0 fillers (excluded, no ring records) · 1.1.0 holds canary/staging/prod and `latest` ·
 * 1.2.0 passed canary and staging (hidden) · 1.2.1 fresh (hidden) · 1.3.0… strays (not hidden).
 */
export function gallerySeed(shape: GalleryShape): EmulatorSeed {
  type Version = NonNullable<
    NonNullable<
      NonNullable<NonNullable<EmulatorSeed['subscriptions']>[number]['resourceGroups']>[number]['galleries']
    >[number]['images']
  >[number]['versions']
  const regions = (exclude: boolean) =>
    ['eastus', 'westeurope'].map((name) => ({
      name,
      replicas: 1,
      state: 'Completed' as const,
      excludeFromLatest: exclude,
    }))
  const hidden = (name: string, tags: Record<string, string> = {}) => ({
    name,
    excludeFromLatest: true,
    regions: regions(true),
    tags,
  })
  const fixed = 3 + shape.strays
  const versions: Version = []
  for (let i = 1; i <= Math.max(0, shape.versions - fixed); i++) versions!.push(hidden(`0.${i}.0`))
  versions!.push({
    name: '1.1.0',
    excludeFromLatest: false,
    regions: regions(false),
    tags: {
      'ring.canary.at': '2026-10-01T00:00:00Z',
      'ring.staging.at': '2026-10-02T00:00:00Z',
      'ring.prod.at': '2026-10-03T00:00:00Z',
    },
  })
  versions!.push(
    hidden('1.2.0', { 'ring.canary.at': '2026-11-01T00:00:00Z', 'ring.staging.at': '2026-11-02T00:00:00Z' }),
  )
  versions!.push(hidden('1.2.1'))
  for (let k = 0; k < shape.strays; k++)
    versions!.push({ name: `1.${3 + k}.0`, excludeFromLatest: false, regions: regions(false) })
  return {
    identities: [{ tenantId: TENANT, clientId: CLIENT }],
    gallery: {
      pageSize: shape.pageSize,
      pollsBeforeDone: shape.pollsBeforeDone,
      retryAfterSeconds: shape.retryAfterSeconds,
      ...(shape.completeAfterMs !== undefined ? { completeAfterMs: shape.completeAfterMs } : {}),
      ...(shape.timeScale !== undefined ? { timeScale: shape.timeScale } : {}),
    },
    subscriptions: singleImageSubscriptions(SUB, TENANT, versions),
  }
}

export type GalleryScenarioId = 'promote-ring' | 'promote-latest' | 'rollback' | 'dry-run'

export interface GalleryScenario {
  id: GalleryScenarioId
  title: string
  inputs: Record<string, string>
  /** Runs before the measured one (not counted). */
  setup?: Record<string, string>[]
  /** Writes a correct plan has (planned only, for a dry run): known from the seed, not from the action's plan. */
  writes: (shape: GalleryShape) => number
  /** The subject is only known after the list (range, rollback): its GET waits for the list. */
  getAfterList: boolean
  dryRun?: boolean
}

export const GALLERY_SCENARIOS: GalleryScenario[] = [
  {
    id: 'promote-ring',
    title: 'gallery: promote 1.2.1 to canary (no `latest`)',
    inputs: { version: '1.2.1', ring: 'canary' },
    writes: () => 1,
    getAfterList: false,
  },
  {
    id: 'promote-latest',
    title: 'gallery: promote 1.2.0 to prod (`latest`) with K stray higher versions',
    inputs: { version: '1.2.0', ring: 'prod' },
    writes: (shape) => 1 + shape.strays,
    getAfterList: false,
  },
  {
    id: 'rollback',
    title: 'gallery: roll prod back (1.2.0 → 1.1.0)',
    inputs: { ring: 'prod', operation: 'rollback' },
    setup: [{ version: '1.2.0', ring: 'prod' }],
    writes: () => 1,
    getAfterList: true,
  },
  {
    id: 'dry-run',
    title: 'gallery: dry run of the prod promotion',
    inputs: { version: '1.2.0', ring: 'prod', 'dry-run': 'true' },
    // Planned, not written.
    writes: (shape) => 1 + shape.strays,
    getAfterList: false,
    dryRun: true,
  },
]

export function galleryKind(entry: RequestLogEntry): string {
  if (entry.module === 'github-oidc') return 'oidc'
  if (entry.module === 'entra') {
    if (entry.path.endsWith('/openid-configuration')) return 'metadata'
    if (entry.path.endsWith('/oauth2/v2.0/token')) return 'token'
    return `entra ${entry.method} ${entry.path}`
  }
  if (entry.module === 'gallery') {
    if (/\/capsOperations\//i.test(entry.path)) return 'poll'
    if (entry.method === 'PATCH') return 'patch'
    if (entry.method === 'GET' && /\/versions$/i.test(entry.path)) return 'list'
    if (entry.method === 'GET' && /\/versions\/[^/]+$/i.test(entry.path)) return 'get'
  }
  return `${entry.module} ${entry.method}`
}

export interface Minimum {
  counts: Record<string, number>
  /** Sequential round trips on the critical path. */
  roundTrips: number
}

/**
 * The fewest requests a correct promotion needs, and how many of them must be sequential.
 *
 * - Auth: one GitHub OIDC token, one Entra token exchange. The emulator is a custom authority, so MSAL also
 *   reads its OpenID metadata once (for login.microsoftonline.com and the sovereign clouds MSAL ships the
 *   metadata and sends no such request). The metadata read does not depend on the OIDC token: parallel.
 * - Observe: every list page (ring history and `latest` need every version; pages follow `nextLink`, so they
 *   are sequential) and one GET of the subject with `$expand=ReplicationStatus` (only the GET carries
 *   replication). For an exact version the GET runs alongside the list; for a rollback the subject is only
 *   known from the list.
 * - Each write: one PATCH and one poll of `Azure-AsyncOperation` that sees the terminal state (the emulator
 *   finishes at the first poll here). The write is built from what observe read; a fresh GET is needed only
 *   before writes that follow another write, because only then has time passed (an LRO) since the read
 *   (there is no ETag, so re-reading narrows the lost-update window; see notes/azure.md). The SDK's GET of the
 *   resource after the LRO is not needed: verification re-reads every version anyway.
 * - Verify: the list again (the ring holder and `latest` are properties of all versions together).
 * - Writes on the `latest` ring are sequential by design (a stray must never become `latest` in between).
 */
export function galleryMinimum(shape: GalleryShape, scenario: GalleryScenario, pages: number): Minimum {
  const writes = scenario.dryRun ? 0 : scenario.writes(shape)
  const verify = writes > 0
  const counts: Record<string, number> = {
    oidc: 1,
    metadata: 1,
    token: 1,
    list: pages * (verify ? 2 : 1),
    get: 1 + Math.max(0, writes - 1),
    patch: writes,
    poll: writes,
  }
  for (const k of Object.keys(counts)) if (counts[k] === 0) delete counts[k]
  const observe = scenario.getAfterList ? pages + 1 : Math.max(pages, 1)
  const apply = writes > 0 ? 2 * writes + (writes - 1) : 0
  return { counts, roundTrips: 2 + observe + apply + (verify ? pages : 0) }
}

export interface GalleryRun {
  code: number
  verdict: string
  changes: number
  counts: Record<string, number>
  requests: RequestLogEntry[]
  /** First request arrival → last response, from the emulator's log. */
  networkMs: number
  /** Spawn → exit. */
  processMs: number
  run: ActionRun
}

export class GalleryBench {
  private constructor(readonly emulator: Emulator) {}

  static async start(shape: GalleryShape): Promise<GalleryBench> {
    return new GalleryBench(await startEmulator({ seed: gallerySeed(shape) }))
  }

  async run(inputs: Record<string, string>): Promise<GalleryRun> {
    const em = this.emulator
    em.reset()
    const started = performance.now()
    const run = await runAction({
      inputs: {
        'subscription-id': SUB,
        'resource-group': 'rg-images',
        gallery: 'gallery1',
        'image-definition': 'ubuntu-2404',
        'client-id': CLIENT,
        'tenant-id': TENANT,
        'authority-host': em.url,
        'arm-endpoint': em.url,
        'comment-on-pr': 'false',
        ...inputs,
      },
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${em.url}/github-oidc/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: em.modules['github-oidc'].state.requestToken,
      },
    })
    const processMs = performance.now() - started
    const requests = [...em.requests].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
    let result: { verdict?: string; changes?: unknown[] } = {}
    try {
      result = JSON.parse(run.outputs.result ?? '{}') as typeof result
    } catch {
      // leave empty
    }
    return {
      code: run.code,
      verdict: result.verdict ?? 'failed',
      changes: result.changes?.length ?? 0,
      counts: countBy(requests, galleryKind),
      requests,
      networkMs: networkSpan(requests),
      processMs,
      run,
    }
  }

  close(): Promise<void> {
    return this.emulator.close()
  }
}

export function networkSpan(requests: RequestLogEntry[]): number {
  if (requests.length === 0) return 0
  const first = Math.min(...requests.map((r) => r.startedAt.getTime()))
  const last = Math.max(...requests.map((r) => r.startedAt.getTime() + r.durationMs))
  return last - first
}

export interface ScenarioResult {
  id: string
  title: string
  ok: boolean
  problem?: string
  counts: Record<string, number>
  minimum: Minimum
  pages: number
  networkMs: number
  processMs: number
  floorMs: number
  /** Requests whose kind is `list`. */
  listRequests: number
}

/**
 * How long any client waits after a write before the poll that can see it done: the server's `Retry-After`, or
 * without one the action's first no-advice step (nothing tells a client the operation is already done).
 */
function firstPollWaitMs(shape: GalleryShape): number {
  return shape.retryAfterSeconds > 0 ? shape.retryAfterSeconds * 1000 : NO_ADVICE_DELAYS_MS[0]!
}

/** One scenario on fresh emulators, `reps` times; counts from the first run, times as medians. */
export async function runGalleryScenario(
  scenario: GalleryScenario,
  shape: GalleryShape,
  latencyMs: number,
  reps: number,
  opMs = 0,
): Promise<ScenarioResult> {
  const pages = Math.ceil(shape.versions / shape.pageSize)
  const minimum = galleryMinimum(shape, scenario, pages)
  const runs: GalleryRun[] = []
  for (let i = 0; i < reps; i++) {
    const bench = await GalleryBench.start(shape)
    try {
      for (const setup of scenario.setup ?? []) {
        const done = await bench.run(setup)
        if (done.code !== 0) throw new Error(`setup of ${scenario.id} failed:\n${done.run.everything}`)
      }
      bench.emulator.latencyMs = latencyMs
      runs.push(await bench.run(scenario.inputs))
    } finally {
      await bench.close()
    }
  }
  const first = runs[0]!
  const expectedVerdict = scenario.dryRun
    ? 'planned'
    : scenario.id === 'rollback'
      ? 'rolled-back'
      : 'promoted'
  let problem: string | undefined
  if (first.code !== 0 || first.verdict !== expectedVerdict) {
    problem = `exit ${first.code}, verdict ${first.verdict} (expected ${expectedVerdict})`
  } else if (first.changes !== scenario.writes(shape)) {
    problem = `the action planned ${first.changes} writes, the seed needs ${scenario.writes(shape)}`
  }
  return {
    id: scenario.id,
    title: scenario.title,
    ok: !problem,
    ...(problem ? { problem } : {}),
    counts: first.counts,
    minimum,
    pages,
    networkMs: median(runs.map((r) => r.networkMs)),
    processMs: median(runs.map((r) => r.processMs)),
    floorMs:
      minimum.roundTrips * latencyMs +
      (scenario.dryRun ? 0 : scenario.writes(shape)) * Math.max(opMs, firstPollWaitMs(shape)),
    listRequests: first.counts.list ?? 0,
  }
}

export interface LroResult {
  retryAfterSeconds: number
  opMs: number
  polls: number
  /** PATCH response → first poll arrival. */
  firstPollAfterMs: number
  /** Gaps between consecutive polls (arrival to arrival). */
  pollGapsMs: number[]
  /** Arrival of the poll that saw the operation done, minus (PATCH answered + opMs): 0 for an ideal client. */
  lateMs: number
  /** Terminal poll answered → next request (the SDK's GET). */
  afterDoneMs: number
  networkMs: number
  floorMs: number
  counts: Record<string, number>
  minimum: Minimum
}

/** promote-ring with an operation that takes `opMs` on the server, answered with `Retry-After`. */
export async function runLro(
  shape: GalleryShape,
  latencyMs: number,
  retryAfterSeconds: number,
  opMs: number,
): Promise<LroResult> {
  const scenario = GALLERY_SCENARIOS[0]!
  const lroShape = {
    ...shape,
    pollsBeforeDone: 1_000_000,
    retryAfterSeconds,
    completeAfterMs: opMs,
  }
  const bench = await GalleryBench.start(lroShape)
  try {
    bench.emulator.latencyMs = latencyMs
    const run = await bench.run(scenario.inputs)
    if (run.code !== 0) throw new Error(`LRO run failed:\n${run.run.everything}`)
    const reqs = run.requests
    const patch = reqs.find((r) => galleryKind(r) === 'patch')!
    const polls = reqs.filter((r) => galleryKind(r) === 'poll')
    const last = polls.at(-1)!
    const patchEnd = patch.startedAt.getTime() + patch.durationMs
    const lastEnd = last.startedAt.getTime() + last.durationMs
    const next = reqs.find((r) => r.startedAt.getTime() >= lastEnd)
    const pages = Math.ceil(shape.versions / shape.pageSize)
    const minimum = galleryMinimum(lroShape, scenario, pages)
    return {
      retryAfterSeconds,
      opMs,
      polls: polls.length,
      firstPollAfterMs: polls[0]!.startedAt.getTime() - patchEnd,
      pollGapsMs: polls.slice(1).map((p, i) => p.startedAt.getTime() - polls[i]!.startedAt.getTime()),
      lateMs: last.startedAt.getTime() - (patchEnd + opMs),
      afterDoneMs: next ? next.startedAt.getTime() - lastEnd : 0,
      networkMs: run.networkMs,
      floorMs: minimum.roundTrips * latencyMs + opMs,
      counts: run.counts,
      minimum,
    }
  } finally {
    await bench.close()
  }
}

/** `--only gallery`: the gallery scenarios and both LRO rows, printed with their counts by kind. */
export async function printGalleryOnly(shape: GalleryShape, latencyMs: number, reps: number): Promise<void> {
  for (const scenario of GALLERY_SCENARIOS) {
    const x = await runGalleryScenario(scenario, shape, latencyMs, reps)
    console.log(
      `\n${x.id}${x.ok ? '' : ` (RUN PROBLEM: ${x.problem})`}: ${sum(x.counts)} requests, minimum ` +
        `${sum(x.minimum.counts)}; network ${ms(x.networkMs)}, floor ${ms(x.floorMs)} ` +
        `(${ratio(x.networkMs / x.floorMs)}); whole process ${ms(x.processMs)}\n` +
        `  actual:  ${kinds(x.counts, GALLERY_KINDS)}\n  minimum: ${kinds(x.minimum.counts, GALLERY_KINDS)}`,
    )
  }
  for (const retryAfterSeconds of [1, 0]) {
    const l = await runLro(shape, latencyMs, retryAfterSeconds, 1000)
    console.log(
      `\nLRO, operation 1000 ms, Retry-After ${retryAfterSeconds}: ${l.polls} polls, first ` +
        `${ms(l.firstPollAfterMs)} after the PATCH, gaps ${l.pollGapsMs.map(ms).join(', ') || '—'}, ` +
        `${ms(l.lateMs)} late, next request ${ms(l.afterDoneMs)} after the terminal poll; network ` +
        `${ms(l.networkMs)}, floor ${ms(l.floorMs)}`,
    )
  }
}
