// GitHub API fault matrix. The action calls GitHub for its identity (the OIDC token, before any Azure call) and
// for conveniences around the promotion: the run's environment approvals, the pull request of the commit, and
// the sticky comment (list, then create or update). Faults come from the emulator's queue.
//   1. Every GitHub REST call × every fault, through the src/github functions with the limits the action uses
//      (shorter backoff, so the matrix stays quick): reads retry a bounded number of times honouring
//      Retry-After; writes never retry; every failure is a warning; never a second sticky comment. Only the
//      "slow" cases use a short time limit, against a reply held 1.5 s longer than that limit; the other cases
//      keep the action's 20 s limit, so a busy machine cannot turn them into timeouts. The short limit is 1 s,
//      or more on a machine too busy to get a healthy request answered well within 1 s (measured first, under
//      the same number of concurrent requests as the matrix): a limit that expires before the request even
//      reaches the emulator would test nothing.
//   2. The bundled action (main.ts): a GitHub REST call that keeps failing costs a warning and never changes the
//      promotion's verdict, and a re-run leaves exactly one comment; an OIDC token that cannot be had fails the
//      run before any Azure call.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  ACTIONS_BOT,
  GITHUB_PREFIX,
  GITHUB_WRITE_TOKEN,
  type CommentSeed,
  type GitHubSeed,
} from '../../emulator/routes/github.js'
import { startEmulator, type Emulator, type FaultSpec, type RequestLogEntry } from '../../emulator/server.js'
import { readApprovals } from '../../src/github/approvals.js'
import { createOctokit, REQUEST_LIMITS, type Octokit } from '../../src/github/octokit.js'
import { findPullRequest } from '../../src/github/pull-request.js'
import { upsertStickyComment } from '../../src/github/sticky-comment.js'
import { commentMarker } from '../../src/report/comment.js'
import { requireTrustedCa } from '../../emulator/testbed/ca-trust.js'
import { writeFigures } from './figures.js'
import { gallerySeed, runBundled, snapshot, SUB } from './support.js'

vi.setConfig({ maxConcurrency: 12 })

const OWNER = 'octo-org'
const REPO = 'images'
const API = `${GITHUB_PREFIX}/repos/${OWNER}/${REPO}`
const MARKER = '<!-- azure-image-promote:matrix -->'
/** The action's limits, with a short backoff so the matrix stays quick. */
const LIMITS = { ...REQUEST_LIMITS, backoffMs: 100 }
/** For the "slow" cases only: a short time limit (set by hurriedLimit()), against a reply held 1.5 s longer. */
const HURRIED = { ...LIMITS, timeoutMs: 1_000 }

/**
 * The slow cases' time limit: whole seconds, at least 1, and at least 3× the slowest of as many concurrent
 * healthy requests (each on a new client, so with its TLS handshake) as the matrix sends at once.
 */
async function hurriedLimit(baseUrl: string, concurrent: number): Promise<number> {
  const probe = async () => {
    const client = createOctokit(GITHUB_WRITE_TOKEN, { baseUrl, limits: LIMITS })
    const started = performance.now()
    // A commit no case uses: the probe must not show up among a case's requests.
    await client.request('GET /repos/{owner}/{repo}/commits/{sha}/pulls', {
      owner: OWNER,
      repo: REPO,
      sha: 'f'.repeat(40),
    })
    return performance.now() - started
  }
  const slowest = Math.max(...(await Promise.all(Array.from({ length: concurrent }, probe))))
  return Math.max(1_000, Math.ceil((3 * slowest) / 1_000) * 1_000)
}

type FaultKind = '429' | '500' | '503' | 'reset' | 'slow'
const KINDS: FaultKind[] = ['429', '500', '503', 'reset', 'slow']

function fault(kind: FaultKind, method: string, path: RegExp, times = 1): FaultSpec {
  const base = { method, path, times }
  const body = (message: string) => ({ message, documentation_url: 'https://docs.github.com/rest' })
  switch (kind) {
    case '429':
      return {
        ...base,
        respond: { status: 429, headers: { 'retry-after': '1' }, body: body('rate limited') },
      }
    case '500':
      return { ...base, respond: { status: 500, body: body('Server Error') } }
    case '503':
      return { ...base, respond: { status: 503, body: body('Service Unavailable') } }
    case 'reset':
      return { ...base, reset: true }
    case 'slow':
      return { ...base, delayMs: HURRIED.timeoutMs + 1_500 }
  }
}

interface Row {
  part: string
  call: string
  fault: string
  outcome: string
  attempts: number
  comments?: number
}
const rows: Row[] = []
afterAll(() => writeFigures('github-faults', rows))

/** The requests a case made to one method + path (the faulted one and its retries). */
function requestsTo(emulator: Emulator, method: string, path: RegExp): RequestLogEntry[] {
  return emulator.requests.filter((r) => r.method === method && path.test(r.path))
}

/** A delayed request is still being served after the client gave up: wait until the emulator has logged it. */
async function landed(emulator: Emulator, method: string, path: RegExp): Promise<void> {
  // The client gave up after the time limit; the reply is due 1.5 s later, give it 5 s more on a busy machine.
  const until = performance.now() + 1_500 + 5_000
  while (performance.now() < until && !requestsTo(emulator, method, path).some((r) => r.fault === 'delay'))
    await new Promise((r) => setTimeout(r, 50))
}

// --- 1. every call × every fault, in-process ----------------------------------------------------------------

/** Each case gets its own commit, pull request and run, so cases can share one emulator and run at once. */
interface Slot {
  sha: string
  pr: number
  runId: number
}
const slots: Slot[] = []
function slot(): Slot {
  const i = slots.length
  const s = { sha: (i + 1).toString(16).padStart(40, 'a'), pr: 100 + i, runId: 5_000 + i }
  slots.push(s)
  return s
}

interface Call {
  name: string
  method: string
  /** `commentId`: our comment on the PR, when the call needs one. */
  path: (s: Slot, commentId?: number) => RegExp
  read: boolean
  /** A comment of ours on the PR before the run. */
  existing?: boolean
  act(octokit: Octokit, s: Slot): Promise<{ ok: boolean; warning?: string }>
}

const upsert = (octokit: Octokit, s: Slot, body: string) =>
  upsertStickyComment(octokit, { owner: OWNER, repo: REPO, issueNumber: s.pr, marker: MARKER, body })

const CALLS: Call[] = [
  {
    name: 'run approvals (GET)',
    method: 'GET',
    path: (s) => new RegExp(`^${API}/actions/runs/${s.runId}/approvals$`),
    read: true,
    async act(octokit, s) {
      const r = await readApprovals(octokit, { owner: OWNER, repo: REPO, runId: s.runId })
      return { ok: r.approvers.length === 1, ...(r.warning ? { warning: r.warning } : {}) }
    },
  },
  {
    name: 'PR by commit (GET)',
    method: 'GET',
    path: (s) => new RegExp(`^${API}/commits/${s.sha}/pulls$`),
    read: true,
    async act(octokit, s) {
      let warning: string | undefined
      const context = { eventName: 'push', payload: {}, repo: { owner: OWNER, repo: REPO }, sha: s.sha }
      const pr = await findPullRequest(octokit, context, { warn: (m) => (warning = m) })
      return { ok: pr === s.pr, ...(warning ? { warning } : {}) }
    },
  },
  {
    name: 'list comments (GET)',
    method: 'GET',
    path: (s) => new RegExp(`^${API}/issues/${s.pr}/comments$`),
    read: true,
    existing: true,
    async act(octokit, s) {
      const r = await upsert(octokit, s, `${MARKER}\nrun 1`)
      return { ok: r.action === 'updated', ...(r.warning ? { warning: r.warning } : {}) }
    },
  },
  {
    name: 'create comment (POST)',
    method: 'POST',
    path: (s) => new RegExp(`^${API}/issues/${s.pr}/comments$`),
    read: false,
    async act(octokit, s) {
      const r = await upsert(octokit, s, `${MARKER}\nrun 1`)
      return { ok: r.action === 'created', ...(r.warning ? { warning: r.warning } : {}) }
    },
  },
  {
    name: 'update comment (PATCH)',
    method: 'PATCH',
    path: (_s, commentId) => new RegExp(`^${API}/issues/comments/${commentId}$`),
    read: false,
    existing: true,
    async act(octokit, s) {
      const r = await upsert(octokit, s, `${MARKER}\nrun 1`)
      return { ok: r.action === 'updated', ...(r.warning ? { warning: r.warning } : {}) }
    },
  },
]

const CASES = CALLS.flatMap((call) =>
  KINDS.map((kind) => ({ name: `${call.name} × ${kind}`, call, kind, slot: slot() })),
)

/** Every case's commit → PR, run approvals and (where the call needs one) our earlier comment. */
function matrixSeed(): GitHubSeed {
  return {
    pulls: CASES.map((c) => ({ owner: OWNER, repo: REPO, sha: c.slot.sha, pulls: [{ number: c.slot.pr }] })),
    approvals: CASES.map((c) => ({
      owner: OWNER,
      repo: REPO,
      runId: c.slot.runId,
      reviews: [{ login: 'reviewer', environments: ['prod'] }],
    })),
    comments: CASES.filter((c) => c.call.existing).map((c): CommentSeed => ({
      owner: OWNER,
      repo: REPO,
      issueNumber: c.slot.pr,
      body: `${MARKER}\nrun 0`,
    })),
  }
}

describe('GitHub REST fault matrix (src/github, the action limits; a short time limit for the slow replies)', () => {
  let emulator: Emulator
  let octokit: Octokit
  let hurried: Octokit
  beforeAll(async () => {
    requireTrustedCa()
    emulator = await startEmulator({ seed: { github: matrixSeed() } })
    const baseUrl = `${emulator.url}${GITHUB_PREFIX}`
    octokit = createOctokit(GITHUB_WRITE_TOKEN, { baseUrl, limits: LIMITS })
    HURRIED.timeoutMs = await hurriedLimit(baseUrl, CASES.length)
    hurried = createOctokit(GITHUB_WRITE_TOKEN, { baseUrl, limits: HURRIED })
  })
  afterAll(async () => emulator?.close())

  const ours = (s: Slot) =>
    emulator.modules.github.state.commentsOn(OWNER, REPO, s.pr).filter((c) => c.body.startsWith(MARKER))

  it.concurrent.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, { call, kind, slot: s }) => {
    const path = call.path(s, ours(s)[0]?.id)
    const injected = emulator.faults.add(fault(kind, call.method, path))
    const outcome = await call.act(kind === 'slow' ? hurried : octokit, s)
    // The emulator logs a delayed request when it is done with it, after the client gave up.
    if (kind === 'slow') await landed(emulator, call.method, path)
    const sent = requestsTo(emulator, call.method, path)
    const row: Row = {
      part: 'src/github',
      call: call.name,
      fault: kind,
      outcome: outcome.warning ? `warning: ${outcome.warning}` : outcome.ok ? 'ok' : 'not ok',
      attempts: sent.length,
    }
    rows.push(row)
    expect(injected.hits, 'the fault was injected').toBe(1)
    if (call.read && kind !== 'slow') {
      // Retried once, after Retry-After for a 429, and then it worked.
      expect(outcome, JSON.stringify(outcome)).toEqual({ ok: true })
      expect(sent.length).toBe(2)
      if (kind === '429')
        expect(sent[1]!.startedAt.getTime() - sent[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(900)
    } else {
      // A write (never retried) or a read GitHub does not answer in time: a warning naming what failed.
      expect(outcome.ok).toBe(false)
      expect(outcome.warning).toMatch(
        kind === 'slow'
          ? new RegExp(
              `^Could not .+ \\(GitHub did not answer (GET|POST|PATCH) .+ within ${HURRIED.timeoutMs / 1_000} s\\)`,
            )
          : /^Could not .+ \((HTTP 5\d\d|HTTP 429|network error): .+\)/,
      )
      expect(sent.length).toBe(1)
    }
    // The sticky comment: whatever happened, a later run leaves exactly one comment of ours, with its body.
    if (call.name.includes('comment')) {
      const again = await upsert(octokit, s, `${MARKER}\nrun 2`)
      expect(again.warning).toBeUndefined()
      expect(ours(s).map((c) => c.body)).toEqual([`${MARKER}\nrun 2`])
      row.comments = ours(s).length
    }
  })

  it('a read that keeps failing stops after 3 attempts and creates nothing', async () => {
    const s = slot()
    const path = new RegExp(`^${API}/issues/${s.pr}/comments$`)
    emulator.faults.add(fault('503', 'GET', path, Infinity))
    const r = await upsert(octokit, s, `${MARKER}\nrun 1`)
    const sent = requestsTo(emulator, 'GET', path)
    rows.push({
      part: 'src/github',
      call: 'list comments',
      fault: '503 forever',
      outcome: r.warning!,
      attempts: sent.length,
    })
    expect(sent.length).toBe(LIMITS.attempts)
    expect(r).toMatchObject({ action: 'skipped', warning: expect.stringMatching(/HTTP 503/) })
    // Not knowing whether our comment exists, it must not create one: that is how duplicates start.
    expect(requestsTo(emulator, 'POST', path)).toEqual([])
  })

  it('a Retry-After longer than the limit is not waited for', async () => {
    const s = slot()
    const path = new RegExp(`^${API}/commits/${s.sha}/pulls$`)
    emulator.faults.add({
      method: 'GET',
      path,
      respond: { status: 403, headers: { 'retry-after': '60' }, body: { message: 'secondary rate limit' } },
    })
    let warning = ''
    const context = { eventName: 'push', payload: {}, repo: { owner: OWNER, repo: REPO }, sha: s.sha }
    expect(await findPullRequest(octokit, context, { warn: (m) => (warning = m) })).toBeUndefined()
    rows.push({
      part: 'src/github',
      call: 'PR by commit',
      fault: '403 Retry-After: 60',
      outcome: warning,
      attempts: 1,
    })
    expect(warning).toContain('HTTP 403: secondary rate limit')
    expect(requestsTo(emulator, 'GET', path)).toHaveLength(1)
  })
})

// --- 2. the bundled action ----------------------------------------------------------------------------------

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' // GITHUB_SHA of the local runner
const RUN_ID = 4242 // GITHUB_RUN_ID of the local runner
const PROMOTE = {
  version: '1.3.0',
  ring: 'staging',
  'comment-on-pr': 'true',
  'github-token': GITHUB_WRITE_TOKEN,
}
const GALLERY_KEY =
  `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gallery1/images/ubuntu-2404`.toLowerCase()

interface Bundled {
  code: number
  verdict: string
  error?: string
  warnings: string[]
}

async function bundledEmulator(existingComment: boolean): Promise<Emulator> {
  const seed = gallerySeed()
  seed.github = {
    pulls: [{ owner: OWNER, repo: REPO, sha: SHA, pulls: [{ number: 7 }] }],
    approvals: [
      { owner: OWNER, repo: REPO, runId: RUN_ID, reviews: [{ login: 'reviewer', environments: ['prod'] }] },
    ],
    comments: existingComment
      ? [{ owner: OWNER, repo: REPO, issueNumber: 7, body: `${commentMarker(GALLERY_KEY)}\nearlier run` }]
      : [],
  }
  return startEmulator({ seed })
}

async function runAction(emulator: Emulator): Promise<Bundled> {
  const run = await runBundled(emulator, PROMOTE, { GITHUB_API_URL: `${emulator.url}${GITHUB_PREFIX}` })
  const result = JSON.parse(run.outputs.result ?? '{}') as { verdict?: string; error?: string }
  return {
    code: run.code,
    verdict: result.verdict ?? '(none)',
    ...(result.error ? { error: result.error } : {}),
    warnings: run.stdout.split('\n').filter((l) => l.startsWith('::warning')),
  }
}

const stickyComments = (emulator: Emulator) =>
  emulator.modules.github.state
    .commentsOn(OWNER, REPO, 7)
    .filter((c) => c.user.login === ACTIONS_BOT.login && c.body.startsWith(commentMarker(GALLERY_KEY)))

/** One GitHub REST call that keeps failing, through main.ts. */
const PERSISTENT: {
  call: string
  fault: FaultSpec
  existing?: boolean
  warning: RegExp
  /** Our comments on the PR after the faulty run. */
  comments: number
}[] = [
  {
    call: 'run approvals (GET) × 503',
    fault: fault('503', 'GET', new RegExp(`^${API}/actions/runs/${RUN_ID}/approvals$`), Infinity),
    warning: /Could not read the approvals of run 4242 \(HTTP 503/,
    comments: 1,
  },
  {
    call: 'PR by commit (GET) × reset',
    fault: fault('reset', 'GET', new RegExp(`^${API}/commits/${SHA}/pulls$`), Infinity),
    warning: /Could not look up the pull request for commit \w+ \(network error/,
    comments: 0,
  },
  {
    call: 'list comments (GET) × 429',
    fault: fault('429', 'GET', new RegExp(`^${API}/issues/7/comments$`), Infinity),
    existing: true,
    warning: /Could not read the comments of pull request #7 \(HTTP 429/,
    comments: 1,
  },
  {
    call: 'create comment (POST) × 500',
    fault: fault('500', 'POST', new RegExp(`^${API}/issues/7/comments$`), Infinity),
    warning: /Could not comment on pull request #7 \(HTTP 500/,
    comments: 0,
  },
  {
    call: 'update comment (PATCH) × reset',
    fault: fault('reset', 'PATCH', new RegExp(`^${API}/issues/comments/\\d+$`), Infinity),
    existing: true,
    warning: /Could not update comment \d+ on pull request #7 \(network error/,
    comments: 1,
  },
]

describe('the bundled action: GitHub faults never change the promotion', () => {
  beforeAll(() => requireTrustedCa())

  it.concurrent.each(PERSISTENT.map((p) => [p.call, p] as const))(
    '%s: a warning, the same verdict, and one comment after a re-run',
    async (_name, p) => {
      const emulator = await bundledEmulator(p.existing ?? false)
      try {
        const injected = emulator.faults.add(p.fault)
        const run = await runAction(emulator)
        const comments = stickyComments(emulator).length
        rows.push({
          part: 'bundled action',
          call: p.call.split(' × ')[0]!,
          fault: `${p.call.split(' × ')[1]!} (every attempt)`,
          outcome: `exit ${run.code}, ${run.verdict}; ${run.warnings.join(' ')}`,
          attempts: injected.hits,
          comments,
        })
        expect(run.code, JSON.stringify(run)).toBe(0)
        expect(run.verdict).toBe('promoted')
        expect(
          run.warnings.some((w) => p.warning.test(w)),
          run.warnings.join('\n'),
        ).toBe(true)
        expect(comments).toBe(p.comments)
        // A re-run after the fault: the promotion is done, and the one comment says so.
        emulator.faults.clear()
        const again = await runAction(emulator)
        expect(again.code).toBe(0)
        expect(again.verdict).toBe('unchanged')
        expect(again.warnings).toEqual([])
        const after = stickyComments(emulator)
        expect(after).toHaveLength(1)
        expect(after[0]!.body).toContain('1.3.0')
      } finally {
        await emulator.close()
      }
    },
  )

  it.concurrent.each([
    ['500', fault('500', 'GET', /^\/github-oidc\/token$/, Infinity)],
    ['reset', fault('reset', 'GET', /^\/github-oidc\/token$/, Infinity)],
  ] as const)('OIDC token × %s on every attempt: the run fails before any Azure call', async (kind, spec) => {
    const emulator = await bundledEmulator(false)
    try {
      const injected = emulator.faults.add(spec)
      const before = snapshot(emulator)
      const run = await runAction(emulator)
      const azure = emulator.requests.filter((r) => r.module === 'gallery' || r.module === 'entra')
      rows.push({
        part: 'bundled action',
        call: 'GitHub OIDC token',
        fault: `${kind} (every attempt)`,
        outcome: `exit ${run.code}, ${run.verdict}: ${run.error}`,
        attempts: injected.hits,
        comments: stickyComments(emulator).length,
      })
      expect(run.code).toBe(1)
      expect(run.verdict).toBe('failed')
      expect(run.error).toMatch(/GitHub OIDC token failed after 3 attempts/)
      // The whole reason on one line, with the status and the permission hint (not cut at a line break).
      if (kind === '500') expect(run.error).toMatch(/Error Code ?: 500.*id-token: write/)
      expect(azure.map((r) => r.path)).toEqual([])
      expect(snapshot(emulator)).toEqual(before)
      // The pull request still hears about it.
      expect(stickyComments(emulator).map((c) => /failed/i.test(c.body))).toEqual([true])
    } finally {
      await emulator.close()
    }
  })
})
