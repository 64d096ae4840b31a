// `wait-for-replication`: before the gates judge a version, re-read it until every region the ring requires
// has the image, a region can no longer get it, or the wait runs out. A publish → promote job then waits for
// Azure's copy to the regions instead of failing at once while replication is still running.
import type { GalleryVersion, RegionState } from './versions.js'

/** One read of the version with its replication status; `retryAfterMs` when the answer carried Retry-After. */
export interface ReplicationRead {
  version: GalleryVersion | undefined
  retryAfterMs?: number
}

export interface ReplicationWaitOptions {
  /** Regions the ring requires (normalised); undefined = every target region of the version. */
  required: string[] | undefined
  minReplicas?: number
  /** How long the wait may last (the `wait-for-replication` input). */
  waitMs: number
  /** The run's deadline: the wait counts inside `timeout`. */
  signal?: AbortSignal
  /** One line per read: every required region with its state and percent. */
  log: (message: string) => void
  /** Delay before the first re-read when the service sends no Retry-After; grows ×1.5 up to `maxDelayMs`. */
  firstDelayMs?: number
  maxDelayMs?: number
}

/**
 * `ready`: every required region is Completed with enough replicas. `stuck`: waiting cannot help (a region
 * Failed, is not a target region, has too few replicas, or provisioning failed). `gone`: the version was
 * deleted while waiting. `waited-out`: the wait (or the run's deadline) ended first.
 */
export type ReplicationWaitOutcome = 'ready' | 'stuck' | 'gone' | 'waited-out'

export interface ReplicationWaitResult {
  /** The last read: the gates judge replication on it. */
  version: GalleryVersion
  outcome: ReplicationWaitOutcome
  waitedMs: number
  reads: number
}

type RegionVerdict = 'done' | 'pending' | 'stuck'

const FIRST_DELAY_MS = 2_000
const MAX_DELAY_MS = 30_000

export async function waitForReplication(
  first: GalleryVersion,
  read: () => Promise<ReplicationRead>,
  options: ReplicationWaitOptions,
): Promise<ReplicationWaitResult> {
  const started = Date.now()
  const until = started + options.waitMs
  let delay = options.firstDelayMs ?? FIRST_DELAY_MS
  let version = first
  let retryAfterMs: number | undefined
  let reads = 0
  for (;;) {
    const outcome = verdictOf(version, options)
    options.log(progressLine(version, options, Date.now() - started))
    const result = (o: ReplicationWaitOutcome) => ({
      version,
      outcome: o,
      waitedMs: Date.now() - started,
      reads,
    })
    if (outcome !== 'pending') return result(outcome === 'done' ? 'ready' : 'stuck')
    const left = until - Date.now()
    if (left <= 0 || options.signal?.aborted) return result('waited-out')
    // Retry-After is the service saying when to ask again: honoured as is, only cut short by the wait's end.
    await sleep(Math.min(retryAfterMs ?? delay, left), options.signal)
    if (options.signal?.aborted) return result('waited-out')
    delay = Math.min(delay * 1.5, options.maxDelayMs ?? MAX_DELAY_MS)
    const next = await read()
    reads++
    if (!next.version) return { version, outcome: 'gone', waitedMs: Date.now() - started, reads }
    version = next.version
    retryAfterMs = next.retryAfterMs
  }
}

/** The wait's result in words, for the plan's notes (the report shows them). */
export function describeWait(result: ReplicationWaitResult): string {
  const waited = formatDuration(result.waitedMs)
  const name = result.version.name
  switch (result.outcome) {
    case 'ready':
      return result.reads === 0
        ? `replication of ${name} was already complete: no wait`
        : `waited ${waited} for replication of ${name}: complete in every required region`
    case 'stuck':
      return `stopped waiting for replication of ${name} after ${waited}: a required region cannot complete`
    case 'gone':
      return `version ${name} disappeared while waiting for its replication (after ${waited})`
    case 'waited-out':
      return `waited ${waited} for replication of ${name}; still not complete`
  }
}

function verdictOf(version: GalleryVersion, options: ReplicationWaitOptions): RegionVerdict {
  if (['Failed', 'Canceled', 'Deleting'].includes(version.provisioningState)) return 'stuck'
  const verdicts = requiredRegions(version, options).map((name) => regionVerdict(version, name, options))
  if (verdicts.length === 0 || verdicts.includes('stuck')) return 'stuck'
  // A version still being created reports its regions only once it exists: keep waiting.
  if (version.provisioningState !== 'Succeeded' || verdicts.includes('pending')) return 'pending'
  return 'done'
}

function requiredRegions(version: GalleryVersion, options: ReplicationWaitOptions): string[] {
  return options.required ?? version.regions.map((r) => r.name)
}

function regionVerdict(
  version: GalleryVersion,
  name: string,
  options: ReplicationWaitOptions,
): RegionVerdict {
  const region = version.regions.find((r) => r.name === name)
  // Target regions and replica counts are set when publishing: waiting does not change them.
  if (!region) return 'stuck'
  if (options.minReplicas && region.replicas < options.minReplicas) return 'stuck'
  const state = region.replication?.state
  if (state === 'Completed') return 'done'
  if (state === 'Failed') return 'stuck'
  return 'pending'
}

/** `Replication of 1.4.2 after 6 s: eastus Completed 100%, westeurope Replicating 40%`. */
function progressLine(version: GalleryVersion, options: ReplicationWaitOptions, elapsedMs: number): string {
  const regions = requiredRegions(version, options).map((name) => {
    const region = version.regions.find((r) => r.name === name)
    return region ? `${name} ${regionText(region)}` : `${name} not a target region`
  })
  return `Replication of ${version.name} after ${formatDuration(elapsedMs)}: ${regions.join(', ') || 'no target regions'}`
}

function regionText(region: RegionState): string {
  const replication = region.replication
  if (!replication) return 'Unknown'
  const percent = replication.state === 'Completed' ? 100 : replication.progress
  const details = replication.state === 'Failed' && replication.details ? ` (${replication.details})` : ''
  return `${replication.state}${percent !== undefined ? ` ${percent}%` : ''}${details}`
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

/** Resolves after `ms`, or at once when the signal aborts (the deadline passed). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
