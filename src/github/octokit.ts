// One way to build the Octokit client, so every GitHub call honours GITHUB_API_URL
// (GitHub Enterprise Server, or the local emulator at `<emulator>/github-api`).
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
}

/** An authenticated Octokit (REST methods + pagination) for `token`, pointed at the right API. */
export function createOctokit(token: string, options: OctokitOptions = {}): Octokit {
  if (!token)
    throw new Error('A GitHub token is required (input `github-token`, default `${{ github.token }}`).')
  return github.getOctokit(token, {
    baseUrl: options.baseUrl ?? apiBaseUrl(),
    userAgent: options.userAgent ?? 'azure-image-promote',
    ...(options.request ? { request: options.request } : {}),
  })
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
