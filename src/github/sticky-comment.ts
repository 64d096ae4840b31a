// One comment per pull request and target, updated in place on every run.
//
// Whose comment is "ours": a comment counts only if it starts with the marker AND its author is the token's
// own identity. The marker alone proves nothing: any bot or person can post it, and editing their comment
// fails (403) or, worse, overwrites their text. The identity, in order:
//   1. `author` given → that login (GitHub App installation tokens post as `<app-slug>[bot]`).
//   2. `GET /user` answers (a personal access token) → its login.
//   3. `GET /user` is refused (403: GITHUB_TOKEN and other installation tokens cannot call it) →
//      `github-actions[bot]`, the login GITHUB_TOKEN posts as.
// A foreign comment carrying the marker is left alone and a new comment is posted. If several of ours exist
// (a race between two runs), the oldest is updated and the rest are left alone.
import type { Octokit } from './octokit.js'
import { failureText, httpStatus, isGitHubFailure } from './octokit.js'

export const GITHUB_ACTIONS_BOT = 'github-actions[bot]'

export interface StickyCommentRequest {
  owner: string
  repo: string
  issueNumber: number
  /** The first line of the body, e.g. `<!-- azure-image-promote:<key> -->`. */
  marker: string
  /** The new body (must start with the marker), or a function of the existing body (to merge rows). */
  body: string | ((existingBody: string | undefined) => string)
  /** The login the token posts as, when `GET /user` cannot tell (App tokens); see the top of this file. */
  author?: string
}

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged' | 'skipped'
  commentId?: number
  url?: string
  /** Set when the comment could not be read or written; the run should warn, not fail. */
  warning?: string
}

interface CommentLike {
  id: number
  body?: string | null
  html_url?: string
  user?: { login?: string; type?: string } | null
}

function startsWithMarker(comment: CommentLike, marker: string): boolean {
  return (comment.body ?? '').trimStart().startsWith(marker)
}

/** The login this token posts comments as; see the rules at the top of this file. */
export async function tokenLogin(octokit: Octokit, author?: string): Promise<string> {
  if (author) return author
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login
  } catch (error) {
    // 401 (bad token) must surface as such, not be read as "an installation token".
    if (httpStatus(error) === 403) return GITHUB_ACTIONS_BOT
    throw error
  }
}

/** The oldest comment that starts with the marker and is authored by `login`. */
async function findOwnComment(
  octokit: Octokit,
  request: StickyCommentRequest,
  login: string,
): Promise<CommentLike | undefined> {
  const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: request.owner,
    repo: request.repo,
    issue_number: request.issueNumber,
    per_page: 100,
  })
  for await (const page of iterator) {
    for (const comment of page.data as CommentLike[]) {
      if (startsWithMarker(comment, request.marker) && comment.user?.login === login) return comment
    }
  }
  return undefined
}

function warningFor(error: unknown, doing: string): string {
  const status = httpStatus(error)
  const failure = failureText(error)
  // Only GitHub's own "not accessible" answer means the token lacks a permission; a 403 for a rate limit or
  // an abuse block, or a 404 for a pull request that is gone, has another cause and must not send people to
  // their `permissions:` block.
  if (status === 403 && /not accessible by integration/i.test(failure)) {
    return (
      `Could not ${doing} (${failure}). The workflow needs \`permissions: pull-requests: write\` ` +
      '(pull requests from forks get a read-only token; the job summary has the full report).'
    )
  }
  if (status === 401) return `Could not ${doing} (${failure}). Check the \`github-token\` input.`
  return `Could not ${doing} (${failure}).`
}

/**
 * Create or update the sticky comment. Never creates a second comment for the same marker and author.
 * GitHub failures (403/404 from read-only or fork tokens, other HTTP errors, network errors, no answer in time)
 * come back as `warning`; they never throw, because a comment must not fail a promotion that already happened.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  request: StickyCommentRequest,
): Promise<StickyCommentResult> {
  const { owner, repo, issueNumber, marker } = request
  let existing: CommentLike | undefined
  try {
    existing = await findOwnComment(octokit, request, await tokenLogin(octokit, request.author))
  } catch (error) {
    if (!isGitHubFailure(error)) throw error
    return {
      action: 'skipped',
      warning: warningFor(error, `read the comments of pull request #${issueNumber}`),
    }
  }

  const body = typeof request.body === 'function' ? request.body(existing?.body ?? undefined) : request.body
  if (!body.startsWith(marker)) throw new Error('The sticky comment body must start with its marker.')

  if (existing) {
    if (existing.body === body) {
      return {
        action: 'unchanged',
        commentId: existing.id,
        ...(existing.html_url ? { url: existing.html_url } : {}),
      }
    }
    try {
      const updated = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body })
      return { action: 'updated', commentId: updated.data.id, url: updated.data.html_url }
    } catch (error) {
      if (!isGitHubFailure(error)) throw error
      // Do not fall back to creating: that is how duplicates start.
      return {
        action: 'skipped',
        commentId: existing.id,
        warning: warningFor(error, `update comment ${existing.id} on pull request #${issueNumber}`),
      }
    }
  }

  try {
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body })
    return { action: 'created', commentId: created.data.id, url: created.data.html_url }
  } catch (error) {
    if (!isGitHubFailure(error)) throw error
    return { action: 'skipped', warning: warningFor(error, `comment on pull request #${issueNumber}`) }
  }
}
