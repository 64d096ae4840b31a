// Long-running ARM operations (PATCH, PUT, DELETE answered with an operation to poll), sent through an ARM
// client's own pipeline so auth, retries, user agent and request ids stay the SDK's. Replaces the SDK poller,
// which polls once right after the first response whatever its Retry-After says, sleeps 2 s between polls when
// Azure gives no advice, and GETs the resource again at the end (the callers verify by re-reading anyway).
import { setTimeout as sleep } from 'node:timers/promises'
import {
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type HttpHeaders,
  type Pipeline,
  type PipelineResponse,
} from '@azure/core-rest-pipeline'
import { StepError } from '../core/errors.js'

/** What sending a request to ARM needs; an ARM client's `pipeline` plus the HTTP client it sends with. */
export interface ArmSender {
  pipeline: Pipeline
  /** Shared with the SDK client, so writes and polls reuse its connection. */
  httpClient: HttpClient
  /** ARM endpoint without a trailing slash (public cloud, sovereign cloud, Azure Stack Hub, emulator). */
  endpoint: string
}

export interface ArmWrite {
  method: 'PATCH' | 'PUT' | 'DELETE' | 'POST'
  /** Resource path with its query, e.g. `/subscriptions/…/versions/1.2.0?api-version=2025-12-03`. */
  path: string
  /** Serialised as JSON, exactly as ARM expects it on the wire. */
  body?: unknown
}

export interface LroOptions {
  /** Names the step in errors: `Updating version 1.2.0`. */
  step: string
  /** Aborts the requests and the waits between polls (the run's deadline). */
  abortSignal?: AbortSignal
  /** Waits when Azure gives no Retry-After (tests shorten them); the last one repeats. */
  noAdviceDelaysMs?: readonly number[]
}

/**
 * The waits when Azure gives no Retry-After (the 2026 recordings never send one). Recorded gallery operations
 * take about 150 s (update) and 90 s (delete), and clients that honoured the 60 s Retry-After Azure used to send
 * polled once a minute. The schedule starts short, so an operation that is quick after all (another cloud,
 * a no-op) is noticed within a second, then settles at 10 s: completion is noticed at most 10 s late, a sixth of
 * the recorded 60 s cadence, and a 150 s update costs 20 polls (90 s delete: 14), see `noAdvicePolls`. A
 * shorter cap would buy seconds at the price of ARM read quota, which matters once a round polls many
 * operations at once (30 operations at one poll per 10 s each are 3 reads a second of the 25 refilled).
 */
export const NO_ADVICE_DELAYS_MS: readonly number[] = [250, 500, 1_000, 2_000, 4_000, 7_000, 10_000]

/**
 * Where the no-advice schedule polls an operation that takes `durationMs`, ignoring round-trip time: the
 * number of polls up to the first that finds it done, and how late that poll is. For the docs, the benchmark
 * and the tests that bound the poll count.
 */
export function noAdvicePolls(
  durationMs: number,
  delaysMs: readonly number[] = NO_ADVICE_DELAYS_MS,
): { polls: number; lateMs: number } {
  let at = 0
  let polls = 0
  while (at < durationMs || polls === 0) {
    at += delaysMs[Math.min(polls, delaysMs.length - 1)]!
    polls++
  }
  return { polls, lateMs: at - durationMs }
}

/** Sends the write and waits until Azure reports the operation terminal. Throws a StepError when it failed. */
export async function runLro(arm: ArmSender, write: ArmWrite, options: LroOptions): Promise<void> {
  const initial = await send(arm, write.method, arm.endpoint + write.path, options.abortSignal, write.body)
  if (initial.status < 200 || initial.status > 299) throw responseError(options.step, initial)
  const monitor = monitorOf(initial)
  if (!monitor) return finishedInBody(options.step, initial)
  // Polls carry the ARM token: only to ARM itself (it proxies every provider's operation URLs).
  if (!sameOrigin(monitor.url, arm.endpoint)) {
    throw new StepError(
      options.step,
      'UnexpectedOperationUrl',
      `Azure answered with an operation to poll outside ${arm.endpoint}; not following it`,
    )
  }
  // `Retry-After: 0` on the write's own response says the operation may be done already: poll at once.
  await poll(arm, monitor, retryAfterMs(initial.headers), options)
}

export interface Monitor {
  kind: 'async-operation' | 'location'
  url: string
}

/**
 * `Azure-AsyncOperation` carries the operation's status in its body; `Location` answers 202 until done.
 * ARM prefers the former when both are sent.
 */
function monitorOf(response: PipelineResponse): Monitor | undefined {
  const asyncOperation = response.headers.get('azure-asyncoperation')
  if (asyncOperation) return { kind: 'async-operation', url: asyncOperation }
  const location = response.headers.get('location')
  if (location && response.status === 202) return { kind: 'location', url: location }
  return undefined
}

/**
 * Polls the monitor URL until a terminal state, sleeping `firstDelayMs` first (undefined: the backoff's first
 * step), then before every further poll the Retry-After of the last poll, or the next backoff step without one.
 * A poll's `Retry-After: 0` counts as no advice: the operation was running a moment ago, and taken literally
 * the zero would make a busy loop against ARM's read quota.
 */
export async function poll(
  arm: ArmSender,
  monitor: Monitor,
  firstDelayMs: number | undefined,
  options: LroOptions,
): Promise<void> {
  const backoff = options.noAdviceDelaysMs ?? NO_ADVICE_DELAYS_MS
  let steps = 0
  const nextStep = () => backoff[Math.min(steps++, backoff.length - 1)]!
  let wait = firstDelayMs ?? nextStep()
  for (;;) {
    if (wait > 0) await sleep(wait, undefined, { signal: options.abortSignal })
    const response = await send(arm, 'GET', monitor.url, options.abortSignal)
    if (isDone(monitor, response, options.step)) return
    wait = retryAfterMs(response.headers) || nextStep()
  }
}

/** true when the operation succeeded, false while it runs; throws when it failed or the poll was refused. */
function isDone(monitor: Monitor, response: PipelineResponse, step: string): boolean {
  if (monitor.kind === 'location') {
    if (response.status === 202) return false
    if (response.status >= 200 && response.status <= 299) return true
    throw responseError(step, response)
  }
  if (response.status < 200 || response.status > 299) throw responseError(step, response)
  const body = parseBody(response) as OperationBody | undefined
  const status = String(body?.status ?? '').toLowerCase()
  if (status === 'succeeded') return true
  if (status === 'failed') throw failed(step, body?.error)
  if (status === 'canceled' || status === 'cancelled') throw canceled(step, body?.error)
  return false
}

interface CloudError {
  code?: string
  message?: string
}

interface OperationBody {
  status?: string
  error?: CloudError
}

/** No monitor header: the write finished with its response (or says it failed in its body). */
function finishedInBody(step: string, response: PipelineResponse): void {
  const body = parseBody(response) as { properties?: { provisioningState?: string } } | undefined
  const state = body?.properties?.provisioningState?.toLowerCase()
  if (state === 'failed') throw failed(step, undefined)
  if (state === 'canceled') throw canceled(step, undefined)
}

function failed(step: string, error: CloudError | undefined): StepError {
  return new StepError(
    step,
    error?.code ?? 'Failed',
    `the operation failed: ${error?.message || 'no message'}`,
  )
}

function canceled(step: string, error: CloudError | undefined): StepError {
  const why = error?.message ? ` (${error.code ?? 'Canceled'}: ${error.message})` : ''
  return new StepError(step, 'Canceled', `the long-running operation was canceled by Azure${why}`)
}

/** Azure's error code and message from an error response; never the request or its headers. */
export function responseError(step: string, response: PipelineResponse): StepError {
  const body = parseBody(response) as { error?: CloudError } | undefined
  const code = body?.error?.code ?? `HTTP ${response.status}`
  const message = body?.error?.message ?? `the request failed with HTTP status ${response.status}`
  return new StepError(step, code, message)
}

function sameOrigin(url: string, endpoint: string): boolean {
  try {
    return new URL(url).origin === new URL(endpoint).origin
  } catch {
    return false
  }
}

function parseBody(response: PipelineResponse): unknown {
  if (!response.bodyAsText) return undefined
  try {
    return JSON.parse(response.bodyAsText) as unknown
  } catch {
    return undefined
  }
}

/** `Retry-After` in milliseconds, as seconds or an HTTP date (0 when it is now or past); undefined without one. */
export function retryAfterMs(headers: HttpHeaders, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim()
  if (!value) return undefined
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined
}

function send(
  arm: ArmSender,
  method: ArmWrite['method'] | 'GET',
  url: string,
  abortSignal: AbortSignal | undefined,
  body?: unknown,
): Promise<PipelineResponse> {
  const headers = createHttpHeaders({ accept: 'application/json' })
  if (body !== undefined) headers.set('content-type', 'application/json')
  const request = createPipelineRequest({
    url,
    method,
    headers,
    abortSignal,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return arm.pipeline.sendRequest(arm.httpClient, request)
}
