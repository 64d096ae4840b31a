// GitHub REST, the parts the action uses, under the path prefix `/github-api` (run the action with
// `GITHUB_API_URL=<emulator>/github-api`, the way GitHub Enterprise Server serves `/api/v3`):
//
//   GET    /repos/{o}/{r}/issues/{n}/comments          per_page (≤100, default 30), page, real `Link` header
//   POST   /repos/{o}/{r}/issues/{n}/comments          { body } → 201
//   GET    /repos/{o}/{r}/issues/comments/{id}
//   PATCH  /repos/{o}/{r}/issues/comments/{id}         { body }
//   DELETE /repos/{o}/{r}/issues/comments/{id}         → 204
//   GET    /repos/{o}/{r}/commits/{sha}/pulls          seeded per commit
//   GET    /repos/{o}/{r}/actions/runs/{id}/approvals  seeded per run
//   GET    /user                                       403 for installation tokens (like GITHUB_TOKEN)
//
// Tokens come from the state: by default a write token and a read-only token (what pull requests from
// forks get), both acting as `github-actions[bot]`. Writes with the read-only token answer 403
// "Resource not accessible by integration", exactly like GitHub.
import { randomUUID } from 'node:crypto'

import { firstHeader } from '../http.js'
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, RouteModule } from '../types.js'

export const GITHUB_PREFIX = '/github-api'
export const GITHUB_WRITE_TOKEN = 'ghs_emulatorWriteToken0000000000000000000'
export const GITHUB_READ_TOKEN = 'ghs_emulatorReadOnlyToken000000000000000'
const DOCS = 'https://docs.github.com/rest'

export interface GitHubUser {
  login: string
  id: number
  type: 'Bot' | 'User'
}

export const ACTIONS_BOT: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

export interface GitHubTokenSeed {
  token: string
  /** Default `github-actions[bot]`. */
  user?: Partial<GitHubUser>
  /** `kind: 'installation'` (GITHUB_TOKEN, App tokens: no `GET /user`) or `user` (PAT). Default installation. */
  kind?: 'installation' | 'user'
  /** Issues/pull-requests permission. Default `write`. */
  issues?: 'write' | 'read' | 'none'
  /** Actions permission (approvals). Default `read`. */
  actions?: 'read' | 'none'
}

export interface PullSeed {
  number: number
  state?: 'open' | 'closed'
  title?: string
  created_at?: string
  updated_at?: string
  merged_at?: string | null
  head_ref?: string
  base_ref?: string
}

export interface ReviewSeed {
  login: string
  state?: 'approved' | 'rejected' | 'pending'
  environments: string[]
  comment?: string
}

export interface CommentSeed {
  owner: string
  repo: string
  issueNumber: number
  body: string
  user?: Partial<GitHubUser>
  created_at?: string
}

/** `seed.github` in the emulator seed file. Every field is optional. */
export interface GitHubSeed {
  /** Replaces the default tokens when given. */
  tokens?: GitHubTokenSeed[]
  pulls?: Array<{ owner: string; repo: string; sha: string; pulls: PullSeed[] }>
  approvals?: Array<{ owner: string; repo: string; runId: number; reviews: ReviewSeed[] }>
  comments?: CommentSeed[]
}

export interface StoredComment {
  id: number
  owner: string
  repo: string
  issueNumber: number
  body: string
  user: GitHubUser
  created_at: string
  updated_at: string
}

interface TokenInfo {
  user: GitHubUser
  kind: 'installation' | 'user'
  issues: 'write' | 'read' | 'none'
  actions: 'read' | 'none'
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase()
}

export class GitHubState {
  readonly tokens = new Map<string, TokenInfo>()
  readonly comments: StoredComment[] = []
  readonly pullsByCommit = new Map<string, PullSeed[]>()
  readonly approvalsByRun = new Map<string, ReviewSeed[]>()
  /** Every request: method, path (without prefix and query) and the login it acted as. */
  readonly requests: Array<{ method: string; path: string; login?: string; status: number }> = []
  #nextId = 2_000_000_001

  constructor(seed: GitHubSeed = {}) {
    const tokens = seed.tokens ?? [
      { token: GITHUB_WRITE_TOKEN, issues: 'write' as const },
      { token: GITHUB_READ_TOKEN, issues: 'read' as const },
    ]
    for (const t of tokens) this.addToken(t)
    for (const p of seed.pulls ?? []) this.seedPulls(p.owner, p.repo, p.sha, p.pulls)
    for (const a of seed.approvals ?? []) this.seedApprovals(a.owner, a.repo, a.runId, a.reviews)
    for (const c of seed.comments ?? []) this.addComment(c)
  }

  addToken(seed: GitHubTokenSeed): void {
    const user: GitHubUser = { ...ACTIONS_BOT, ...seed.user }
    this.tokens.set(seed.token, {
      user,
      kind: seed.kind ?? (user.type === 'User' ? 'user' : 'installation'),
      issues: seed.issues ?? 'write',
      actions: seed.actions ?? 'read',
    })
  }

  seedPulls(owner: string, repo: string, sha: string, pulls: PullSeed[]): void {
    this.pullsByCommit.set(`${repoKey(owner, repo)}@${sha.toLowerCase()}`, pulls)
  }

  seedApprovals(owner: string, repo: string, runId: number, reviews: ReviewSeed[]): void {
    this.approvalsByRun.set(`${repoKey(owner, repo)}#${runId}`, reviews)
  }

  addComment(seed: CommentSeed): StoredComment {
    const at = seed.created_at ?? isoNow()
    const comment: StoredComment = {
      id: this.#nextId++,
      owner: seed.owner,
      repo: seed.repo,
      issueNumber: seed.issueNumber,
      body: seed.body,
      user: { ...ACTIONS_BOT, ...seed.user },
      created_at: at,
      updated_at: at,
    }
    this.comments.push(comment)
    return comment
  }

  commentsOn(owner: string, repo: string, issueNumber: number): StoredComment[] {
    const key = repoKey(owner, repo)
    return this.comments.filter((c) => repoKey(c.owner, c.repo) === key && c.issueNumber === issueNumber)
  }
}

function error(status: number, message: string, extra: Record<string, unknown> = {}): EmulatorResponse {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } }
}

const forbidden = (): EmulatorResponse => error(403, 'Resource not accessible by integration')
const notFound = (): EmulatorResponse => error(404, 'Not Found')

function userJson(user: GitHubUser, baseUrl: string): Record<string, unknown> {
  const slug = encodeURIComponent(user.login)
  return {
    login: user.login,
    id: user.id,
    node_id: `${user.type === 'Bot' ? 'BOT' : 'U'}_kgDO${Buffer.from(String(user.id)).toString('base64url')}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: `${baseUrl}${GITHUB_PREFIX}/users/${slug}`,
    html_url: `https://github.com/${user.type === 'Bot' ? 'apps/' + slug.replace(/%5Bbot%5D$/i, '') : slug}`,
    type: user.type,
    site_admin: false,
  }
}

function commentJson(c: StoredComment, baseUrl: string): Record<string, unknown> {
  const api = `${baseUrl}${GITHUB_PREFIX}/repos/${c.owner}/${c.repo}`
  return {
    id: c.id,
    node_id: `IC_kwDO${Buffer.from(String(c.id)).toString('base64url')}`,
    url: `${api}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${api}/issues/${c.issueNumber}`,
    body: c.body,
    user: userJson(c.user, baseUrl),
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
    performed_via_github_app:
      c.user.type === 'Bot'
        ? { id: 15368, slug: c.user.login.replace(/\[bot\]$/, ''), name: 'GitHub Actions' }
        : null,
    reactions: {
      url: `${api}/issues/comments/${c.id}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
  }
}

function pullJson(
  p: PullSeed,
  owner: string,
  repo: string,
  sha: string,
  baseUrl: string,
): Record<string, unknown> {
  const created = p.created_at ?? '2026-01-01T00:00:00Z'
  return {
    url: `${baseUrl}${GITHUB_PREFIX}/repos/${owner}/${repo}/pulls/${p.number}`,
    id: 100_000 + p.number,
    node_id: `PR_kwDO${Buffer.from(String(p.number)).toString('base64url')}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${p.number}`,
    number: p.number,
    state: p.state ?? 'open',
    locked: false,
    title: p.title ?? `Pull request ${p.number}`,
    user: userJson({ login: 'octocat', id: 583231, type: 'User' }, baseUrl),
    created_at: created,
    updated_at: p.updated_at ?? created,
    closed_at: p.state === 'closed' ? (p.merged_at ?? p.updated_at ?? created) : null,
    merged_at: p.merged_at ?? null,
    draft: false,
    head: { label: `${owner}:${p.head_ref ?? 'feature'}`, ref: p.head_ref ?? 'feature', sha },
    base: { label: `${owner}:${p.base_ref ?? 'main'}`, ref: p.base_ref ?? 'main', sha: '0'.repeat(40) },
  }
}

function readBody(req: EmulatorRequest): { body?: string; error?: EmulatorResponse } {
  let data: unknown
  try {
    data = req.json()
  } catch {
    return { error: error(400, 'Problems parsing JSON') }
  }
  const body = (data as { body?: unknown } | null)?.body
  if (typeof body !== 'string') {
    return {
      error: error(422, 'Invalid request.\n\nNo subschema in "anyOf" matched.\n"body" wasn\'t supplied.'),
    }
  }
  if (body.length > 65_536) {
    return {
      error: error(422, 'Validation Failed', {
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
      }),
    }
  }
  return { body }
}

function linkHeader(url: URL, page: number, perPage: number, lastPage: number): string | undefined {
  if (lastPage <= 1) return undefined
  const at = (p: number): string => {
    const u = new URL(url.href)
    u.searchParams.set('per_page', String(perPage))
    u.searchParams.set('page', String(p))
    return `<${u.href}>`
  }
  const links: string[] = []
  if (page > 1) links.push(`${at(Math.min(page - 1, lastPage))}; rel="prev"`)
  if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`)
  if (page > 1) links.push(`${at(1)}; rel="first"`)
  return links.join(', ')
}

function intParam(value: string | null, fallback: number): number {
  const n = value === null ? NaN : Number.parseInt(value, 10)
  return Number.isFinite(n) && n > 0 ? n : fallback
}

function route(
  state: GitHubState,
  req: EmulatorRequest,
  ctx: EmulatorContext,
  path: string,
): EmulatorResponse {
  const authorization = firstHeader(req.headers.authorization) ?? ''
  const token = /^(?:token|bearer)\s+(.+)$/i.exec(authorization.trim())?.[1]
  const caller = token ? state.tokens.get(token) : undefined
  if (token && !caller) return error(401, 'Bad credentials')
  if (!caller) return error(401, 'Requires authentication')

  const method = req.method.toUpperCase()
  let m: RegExpExecArray | null

  if (path === '/user' && method === 'GET') {
    return caller.kind === 'user' ? { status: 200, body: userJson(caller.user, ctx.baseUrl) } : forbidden()
  }

  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
    const [, owner = '', repo = '', num = ''] = m
    const issueNumber = Number(num)
    if (caller.issues === 'none') return forbidden()
    if (method === 'GET') {
      const perPage = Math.min(intParam(req.url.searchParams.get('per_page'), 30), 100)
      const page = intParam(req.url.searchParams.get('page'), 1)
      const all = state.commentsOn(owner, repo, issueNumber)
      const lastPage = Math.max(1, Math.ceil(all.length / perPage))
      const slice = all.slice((page - 1) * perPage, page * perPage)
      const link = linkHeader(req.url, page, perPage, lastPage)
      return {
        status: 200,
        headers: link ? { link } : {},
        body: slice.map((c) => commentJson(c, ctx.baseUrl)),
      }
    }
    if (method === 'POST') {
      if (caller.issues !== 'write') return forbidden()
      const { body, error: bad } = readBody(req)
      if (bad || body === undefined) return bad ?? error(422, 'Validation Failed')
      const created = state.addComment({ owner, repo, issueNumber, body, user: caller.user })
      const json = commentJson(created, ctx.baseUrl)
      return { status: 201, headers: { location: String(json.url) }, body: json }
    }
    return error(404, 'Not Found')
  }

  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path))) {
    const [, owner = '', repo = '', idText = ''] = m
    if (caller.issues === 'none') return forbidden()
    const comment = state.comments.find(
      (c) => c.id === Number(idText) && repoKey(c.owner, c.repo) === repoKey(owner, repo),
    )
    if (method === 'GET')
      return comment ? { status: 200, body: commentJson(comment, ctx.baseUrl) } : notFound()
    if (method === 'PATCH' || method === 'DELETE') {
      if (caller.issues !== 'write') return forbidden()
      if (!comment) return notFound()
      // An installation token may only edit its own comments; a person with write access may edit any.
      if (caller.kind === 'installation' && comment.user.login !== caller.user.login) return forbidden()
      if (method === 'DELETE') {
        state.comments.splice(state.comments.indexOf(comment), 1)
        return { status: 204 }
      }
      const { body, error: bad } = readBody(req)
      if (bad || body === undefined) return bad ?? error(422, 'Validation Failed')
      comment.body = body
      comment.updated_at = isoNow()
      return { status: 200, body: commentJson(comment, ctx.baseUrl) }
    }
    return notFound()
  }

  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/pulls$/.exec(path)) && method === 'GET') {
    const [, owner = '', repo = '', sha = ''] = m
    if (caller.issues === 'none') return forbidden()
    const pulls = state.pullsByCommit.get(`${repoKey(owner, repo)}@${sha.toLowerCase()}`)
    if (!pulls && !/^[0-9a-f]{7,40}$/i.test(sha)) {
      return error(422, `No commit found for SHA: ${sha}`)
    }
    return { status: 200, body: (pulls ?? []).map((p) => pullJson(p, owner, repo, sha, ctx.baseUrl)) }
  }

  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/approvals$/.exec(path)) && method === 'GET') {
    const [, owner = '', repo = '', runId = ''] = m
    if (caller.actions !== 'read') return forbidden()
    const reviews = state.approvalsByRun.get(`${repoKey(owner, repo)}#${runId}`)
    if (!reviews) return notFound()
    return {
      status: 200,
      body: reviews.map((r, i) => ({
        state: r.state ?? 'approved',
        comment: r.comment ?? '',
        environments: r.environments.map((name, j) => ({
          id: 161_088_068 + i * 10 + j,
          node_id: `EN_kwDO${Buffer.from(name).toString('base64url')}`,
          name,
          url: `${ctx.baseUrl}${GITHUB_PREFIX}/repos/${owner}/${repo}/environments/${encodeURIComponent(name)}`,
          html_url: `https://github.com/${owner}/${repo}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
        })),
        user: userJson({ login: r.login, id: 1_000 + i, type: 'User' }, ctx.baseUrl),
      })),
    }
  }

  return notFound()
}

export interface GithubModule extends RouteModule<GitHubState> {
  readonly name: 'github'
}

/** The `github` route module. `seed` is `seed.github` from the emulator seed (see GitHubSeed). */
export function createGithubModule(seed: GitHubSeed = {}): GithubModule {
  const state = new GitHubState(seed)
  return {
    name: 'github',
    state,
    handle(req, ctx) {
      const pathname = req.url.pathname
      if (pathname !== GITHUB_PREFIX && !pathname.startsWith(`${GITHUB_PREFIX}/`)) return undefined
      const path = pathname.slice(GITHUB_PREFIX.length).replace(/\/+$/, '') || '/'
      const response = route(state, req, ctx, path)
      const token = /^(?:token|bearer)\s+(.+)$/i.exec(
        (firstHeader(req.headers.authorization) ?? '').trim(),
      )?.[1]
      const login = token ? state.tokens.get(token)?.user.login : undefined
      state.requests.push({
        method: req.method.toUpperCase(),
        path,
        status: response.status,
        ...(login ? { login } : {}),
      })
      response.headers = {
        'x-github-request-id': randomUUID().toUpperCase(),
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-resource': 'core',
        ...response.headers,
      }
      return response
    },
  }
}
