// One way to build the Octokit client, so every GitHub call honours GITHUB_API_URL
// (GitHub Enterprise Server, or the local emulator at `<emulator>/github-api`), has a time limit, and retries
// reads a bounded number of times. `@actions/github` adds no retry or throttling plugin of its own.
import * as github from '@actions/github'

export type Octokit = ReturnType<typeof github.getOctokit>

/** `GITHUB_API_URL` without a trailing slash, else `https://api.github.com`. */
export function apiBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.GITHUB_API_URL?.trim()
  return (value && value.length > 0 ? value : 'https://api.github.com').replace(/\/+$/, '')
}

export interface OctokitOptions {
  /** Default: `apiBaseUrl()` read at call time. */
  baseUrl?: string
  /**
   * Replaces the toolkit's request options (its proxy-aware `fetch`). Only tests need this, to reach a
   * server whose certificate the process does not trust yet.
   */
  request?: { fetch?: unknown }
  userAgent?: string
  /** Overrides of the request limits (tests use short ones). */
  limits?: Partial<RequestLimits>
}

/**
 * Every GitHub call is a convenience next to the promotion (approvals for the record, the PR comment), so each
 * is bounded: one request may take `timeoutMs`; a read (GET/HEAD) that meets 429, 5xx or a network error is
 * tried `attempts` times in all, waiting for `Retry-After` (or `backoffMs`, doubling) unless GitHub asks for
 * more than `maxWaitMs`. Writes are never retried: a POST whose response was lost may have created the comment,
 * and a second one would be a duplicate; a re-run updates the one comment instead.
 */
export interface RequestLimits {
  timeoutMs: number
  attempts: number
  backoffMs: number
  maxWaitMs: number
}

export const REQUEST_LIMITS: RequestLimits = {
  timeoutMs: 20_000,
  attempts: 3,
  backoffMs: 500,
  maxWaitMs: 10_000,
}

/** A request GitHub did not answer within the time limit. */
export class GitHubTimeoutError extends Error {
  override name = 'GitHubTimeoutError'
  constructor(route: string, ms: number) {
    super(`GitHub did not answer ${route} within ${Math.round(ms / 100) / 10} s`)
  }
}

/** An authenticated Octokit (REST methods + pagination) for `token`, pointed at the right API. */
export function createOctokit(token: string, options: OctokitOptions = {}): Octokit {
  if (!token)
    throw new Error('A GitHub token is required (input `github-token`, default `${{ github.token }}`).')
  const octokit = github.getOctokit(token, {
    baseUrl: options.baseUrl ?? apiBaseUrl(),
    userAgent: options.userAgent ?? 'azure-image-promote',
    ...(options.request ? { request: options.request } : {}),
  })
  const limits = { ...REQUEST_LIMITS, ...options.limits }
  octokit.hook.wrap('request', (request, endpoint) => bounded(request, endpoint, limits))
  return octokit
}

/** One request with the limits above: a time limit on each attempt, bounded retries for reads only. */
async function bounded<O extends { method?: string; url?: string; request?: object }, R>(
  send: (options: O) => R | Promise<R>,
  endpoint: O,
  limits: RequestLimits,
): Promise<R> {
  const method = String(endpoint.method ?? 'GET').toUpperCase()
  const read = method === 'GET' || method === 'HEAD'
  for (let attempt = 1; ; attempt++) {
    const signal = AbortSignal.timeout(limits.timeoutMs)
    // Set on the options object itself: the hooks inside this one (Octokit's token auth) were bound to it, and
    // ignore the options `send` is called with.
    endpoint.request = { ...endpoint.request, signal }
    try {
      return await send(endpoint)
    } catch (error) {
      if (signal.aborted) throw new GitHubTimeoutError(`${method} ${endpoint.url ?? ''}`, limits.timeoutMs)
      const wait = read && attempt < limits.attempts ? retryWait(error, attempt, limits) : undefined
      if (wait === undefined) throw error
      await new Promise((resolve) => setTimeout(resolve, wait))
    }
  }
}

/** How long to wait before retrying a failed read; undefined = do not retry. */
function retryWait(error: unknown, attempt: number, limits: RequestLimits): number | undefined {
  const status = httpStatus(error)
  const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers ?? {}
  const network = status === 500 && !(error as { response?: unknown }).response
  const rateLimited =
    status === 429 || (status === 403 && (headers['retry-after'] || headers['x-ratelimit-remaining'] === '0'))
  if (!network && !rateLimited && !(status !== undefined && status >= 500)) return undefined
  const asked = retryAfterMs(headers)
  if (asked !== undefined) return asked <= limits.maxWaitMs ? asked : undefined
  return limits.backoffMs * 2 ** (attempt - 1)
}

/** `Retry-After` (seconds or an HTTP date), else the primary rate limit's reset time; undefined when neither. */
function retryAfterMs(headers: Record<string, string>): number | undefined {
  const value = headers['retry-after']
  if (value !== undefined) {
    const seconds = Number(value)
    const at = Number.isFinite(seconds) ? Date.now() + seconds * 1000 : Date.parse(value)
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now())
  }
  const reset = Number(headers['x-ratelimit-reset'])
  return headers['x-ratelimit-remaining'] === '0' && reset > 0
    ? Math.max(0, reset * 1000 - Date.now())
    : undefined
}

/** HTTP status of an Octokit RequestError (or anything shaped like one). */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const status = (error as { status?: unknown }).status
  return typeof status === 'number' ? status : undefined
}

/** The service's message from an Octokit error, without headers or the request (which carry the token). */
export function httpMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const data = (error as { response?: { data?: unknown } }).response?.data
    if (
      typeof data === 'object' &&
      data !== null &&
      typeof (data as { message?: unknown }).message === 'string'
    ) {
      return (data as { message: string }).message
    }
    if (error instanceof Error) return error.message
  }
  return String(error)
}

/** A failed GitHub call (an HTTP error, a network error, no answer in time), as opposed to a bug in our code. */
export function isGitHubFailure(error: unknown): boolean {
  return httpStatus(error) !== undefined || error instanceof GitHubTimeoutError
}

/** `HTTP 503: <GitHub's message>`, `network error: <cause>` or `GitHub did not answer … within 20 s`. */
export function failureText(error: unknown): string {
  if (error instanceof GitHubTimeoutError) return error.message
  const status = httpStatus(error)
  // Octokit reports a request that got no response (reset, refused) as status 500 without a response.
  if (status === 500 && !(error as { response?: unknown }).response)
    return `network error: ${httpMessage(error)}`
  return `HTTP ${status ?? '?'}: ${httpMessage(error)}`
}
