// Who approved this run's environment deployments (required reviewers), for the summary and the
// promotion record. `GET /repos/{o}/{r}/actions/runs/{run_id}/approvals` needs `actions: read`.
//
// The API returns no time for a review; `at` is filled only if a response carries one (GHES variants or
// future fields). `readAt` records when the list was read, which is after every approval of this run.
import type { Approver } from '../core/model.js'
import type { Octokit } from './octokit.js'
import { failureText, httpStatus, isGitHubFailure } from './octokit.js'

export type { Approver }

export interface ApprovalsResult {
  /** Approved reviews only, one entry per login, in the API's order. */
  approvers: Approver[]
  /** Logins that rejected a deployment of this run (normally empty: a rejection stops the run). */
  rejectedBy: string[]
  readAt: string
  warning?: string
}

interface RawReview {
  state?: unknown
  comment?: unknown
  user?: { login?: unknown } | null
  environments?: Array<{ name?: unknown }> | null
  created_at?: unknown
  submitted_at?: unknown
}

/** Parse the approvals response body (tolerant of missing fields). */
export function parseApprovals(data: unknown): Pick<ApprovalsResult, 'approvers' | 'rejectedBy'> {
  const approvers: Approver[] = []
  const rejectedBy: string[] = []
  if (!Array.isArray(data)) return { approvers, rejectedBy }
  for (const raw of data as RawReview[]) {
    const login = typeof raw?.user?.login === 'string' ? raw.user.login : undefined
    if (!login) continue
    const environments = (raw.environments ?? [])
      .map((e) => e?.name)
      .filter((n): n is string => typeof n === 'string' && n.length > 0)
    if (raw.state === 'rejected') {
      if (!rejectedBy.includes(login)) rejectedBy.push(login)
      continue
    }
    if (raw.state !== 'approved') continue
    const at = [raw.submitted_at, raw.created_at].find((t): t is string => typeof t === 'string')
    const comment = typeof raw.comment === 'string' && raw.comment.length > 0 ? raw.comment : undefined
    const existing = approvers.find((a) => a.login === login)
    if (existing) {
      for (const env of environments)
        if (!existing.environments.includes(env)) existing.environments.push(env)
      if (at && (!existing.at || at > existing.at)) existing.at = at
      continue
    }
    approvers.push({ login, environments, ...(comment ? { comment } : {}), ...(at ? { at } : {}) })
  }
  return { approvers, rejectedBy }
}

/** Read the run's environment approvals; 403/404 (no `actions: read`, or not a run) → empty with a warning. */
export async function readApprovals(
  octokit: Octokit,
  request: { owner: string; repo: string; runId: number },
): Promise<ApprovalsResult> {
  const readAt = new Date().toISOString()
  try {
    const response = await octokit.rest.actions.getReviewsForRun({
      owner: request.owner,
      repo: request.repo,
      run_id: request.runId,
    })
    return { ...parseApprovals(response.data), readAt }
  } catch (error) {
    if (!isGitHubFailure(error)) throw error
    const status = httpStatus(error)
    const hint =
      status === 403 || status === 404
        ? ' The workflow needs `permissions: actions: read` to record approvers.'
        : ''
    return {
      approvers: [],
      rejectedBy: [],
      readAt,
      warning: `Could not read the approvals of run ${request.runId} (${failureText(error)}).${hint}`,
    }
  }
}
