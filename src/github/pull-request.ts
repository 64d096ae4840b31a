// Which pull request a run belongs to, for the sticky comment.
import type { Octokit } from './octokit.js'
import { failureText, isGitHubFailure } from './octokit.js'

/** The parts of `github.context` this needs (so tests and main can pass plain objects). */
export interface PullRequestContext {
  eventName: string
  payload: Record<string, unknown>
  repo: { owner: string; repo: string }
  /** The commit the run is for (`GITHUB_SHA`). */
  sha: string
}

export interface FindPullRequestOptions {
  /** Called with a one-line reason when the lookup could not be made (the run goes on). */
  warn?: (message: string) => void
}

const PR_EVENTS = new Set([
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_target',
])

function numberField(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const n = (value as Record<string, unknown>)[key]
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined
}

/** The PR number carried by the event payload itself, if any. */
export function pullRequestFromPayload(
  eventName: string,
  payload: Record<string, unknown>,
): number | undefined {
  if (PR_EVENTS.has(eventName)) return numberField(payload.pull_request, 'number')
  if (eventName === 'issue_comment') {
    const issue = payload.issue
    // Comments on plain issues have no `issue.pull_request`.
    if (typeof issue === 'object' && issue !== null && (issue as Record<string, unknown>).pull_request) {
      return numberField(issue, 'number')
    }
    return undefined
  }
  if (eventName === 'workflow_run') {
    const run = payload.workflow_run as { pull_requests?: unknown } | undefined
    const first = Array.isArray(run?.pull_requests) ? (run.pull_requests[0] as unknown) : undefined
    return numberField(first, 'number')
  }
  return undefined
}

interface PullSummary {
  number: number
  state: string
  updated_at?: string | null
  merged_at?: string | null
  created_at?: string | null
}

function time(value: string | null | undefined): number {
  const t = value ? Date.parse(value) : NaN
  return Number.isNaN(t) ? 0 : t
}

/** Prefer an open PR (most recently updated); otherwise the most recent one (merged/updated/created). */
export function choosePullRequest(pulls: readonly PullSummary[]): number | undefined {
  const recency = (p: PullSummary): number =>
    Math.max(time(p.updated_at), time(p.merged_at), time(p.created_at))
  const byRecency = [...pulls].sort((a, b) => recency(b) - recency(a) || b.number - a.number)
  return (byRecency.find((p) => p.state === 'open') ?? byRecency[0])?.number
}

/**
 * The pull request for this run: from the payload for pull-request events and comments on PRs, otherwise
 * (push, workflow_dispatch, release, schedule…) from the commit via `GET /repos/{o}/{r}/commits/{sha}/pulls`.
 * Undefined when there is none or it cannot be read.
 */
export async function findPullRequest(
  octokit: Octokit,
  context: PullRequestContext,
  options: FindPullRequestOptions = {},
): Promise<number | undefined> {
  const fromPayload = pullRequestFromPayload(context.eventName, context.payload)
  if (fromPayload !== undefined) return fromPayload
  if (context.eventName === 'issue_comment' || !context.sha) return undefined
  try {
    const response = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: context.repo.owner,
      repo: context.repo.repo,
      commit_sha: context.sha,
      per_page: 100,
    })
    return choosePullRequest(response.data)
  } catch (error) {
    // A PR comment is a convenience: never let the lookup fail a promotion. Programming errors still throw.
    if (!isGitHubFailure(error)) throw error
    options.warn?.(
      `Could not look up the pull request for commit ${context.sha} (${failureText(error)}); no PR comment.`,
    )
    return undefined
  }
}
