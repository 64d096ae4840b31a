// One comment per pull request and target, updated in place on every run.
//
// Whose comment is "ours": the default GITHUB_TOKEN cannot call `GET /user` (403), so the author cannot be
// asked of the API up front. The rule, in order:
//   1. `author` given → only comments by that login (use it for GitHub App tokens: `<app-slug>[bot]`).
//   2. Otherwise comments whose body starts with the marker and whose author is `github-actions[bot]`
//      (what GITHUB_TOKEN posts as), then any other `type: 'Bot'` author (App installation tokens).
//   3. If none matched but a `type: 'User'` comment starts with the marker, the token may be a personal
//      access token: `GET /user` answers for PATs (and fails for GITHUB_TOKEN, which is fine), and a
//      comment by that login is ours.
// A human who pastes the marker into their own comment is never matched (type User, different login), so
// they cannot make the action edit or hide their text, and the action never creates a second comment
// for a target while its own exists. If several of ours exist (a race between two runs), the oldest is
// updated and the rest are left alone.
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
  /** Login the comment must be authored by; see the rules at the top of this file. */
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

/** Comments by the same author as the token, starting with the marker (oldest first). */
async function findOwnComment(
  octokit: Octokit,
  request: StickyCommentRequest,
): Promise<CommentLike | undefined> {
  const candidates: CommentLike[] = []
  const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: request.owner,
    repo: request.repo,
    issue_number: request.issueNumber,
    per_page: 100,
  })
  for await (const page of iterator) {
    for (const comment of page.data as CommentLike[]) {
      if (!startsWithMarker(comment, request.marker)) continue
      // With an explicit author the first match is final: stop paging.
      if (request.author && comment.user?.login === request.author) return comment
      candidates.push(comment)
    }
  }
  if (request.author) return undefined
  const byLogin = (login: string): CommentLike | undefined => candidates.find((c) => c.user?.login === login)
  const ours = byLogin(GITHUB_ACTIONS_BOT) ?? candidates.find((c) => c.user?.type === 'Bot')
  if (ours) return ours
  if (!candidates.some((c) => c.user?.type === 'User')) return undefined
  try {
    const me = await octokit.rest.users.getAuthenticated()
    return byLogin(me.data.login)
  } catch {
    return undefined
  }
}

function warningFor(error: unknown, doing: string): string {
  const status = httpStatus(error)
  const failure = failureText(error)
  if (status === 403 || status === 404) {
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
    existing = await findOwnComment(octokit, request)
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
