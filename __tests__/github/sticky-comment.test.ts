import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { GITHUB_READ_TOKEN, GITHUB_WRITE_TOKEN } from '../../emulator/routes/github.js'
import type { Plan, RunResult } from '../../src/core/model.js'
import { upsertStickyComment } from '../../src/github/sticky-comment.js'
import { commentMarker, renderComment } from '../../src/report/comment.js'
import { startGithubHarness, type GithubHarness } from './harness.js'

const owner = 'octo-org'
const repo = 'octo-repo'

function result(ring: string, version: string, key = 'sub/rg/gallery/ubuntu'): RunResult {
  const plan: Plan = {
    target: { kind: 'gallery', key, display: key.split('/').slice(-2).join('/') },
    operation: 'promote',
    ring,
    version,
    imageId: `/subscriptions/s/.../versions/${version}`,
    regions: ['eastus'],
    gates: [{ id: 'exists', title: 'Version exists', status: 'pass', details: 'found' }],
    changes: [],
    transitions: [],
    notes: [],
  }
  return { verdict: 'promoted', dryRun: false, plan, outcomes: [], verification: [] }
}

function ours(h: GithubHarness, issue: number, marker: string) {
  return h.module.state.commentsOn(owner, repo, issue).filter((c) => c.body.startsWith(marker))
}

describe('upsertStickyComment against the emulator', () => {
  let h: GithubHarness
  beforeAll(async () => {
    h = await startGithubHarness()
  })
  afterAll(async () => {
    await h.close()
  })

  it('creates on the first run and edits the same comment on the second', async () => {
    const octokit = h.octokit(GITHUB_WRITE_TOKEN)
    const key = 'sub/rg/gallery/ubuntu'
    const marker = commentMarker(key)
    const rings = ['canary', 'staging', 'prod']

    const first = await upsertStickyComment(octokit, {
      owner,
      repo,
      issueNumber: 7,
      marker,
      body: (existing) => renderComment(result('canary', '1.2.0'), { rings }, existing),
    })
    expect(first.action).toBe('created')
    expect(first.warning).toBeUndefined()
    expect(first.url).toMatch(/#issuecomment-\d+$/)

    const second = await upsertStickyComment(octokit, {
      owner,
      repo,
      issueNumber: 7,
      marker,
      body: (existing) => renderComment(result('staging', '1.2.0'), { rings }, existing),
    })
    expect(second.action).toBe('updated')
    expect(second.commentId).toBe(first.commentId)

    const comments = ours(h, 7, marker)
    expect(comments).toHaveLength(1)
    const body = comments[0]!.body
    expect(body.split('\n')[0]).toBe(marker)
    // Both rings are in the table: the canary row survived the staging job.
    expect(body).toMatch(/\| canary \| <b><code>1\.2\.0<\/code><\/b> \| [^|]+ \| ✅ Promoted \|/)
    expect(body).toMatch(/\| staging \| <b><code>1\.2\.0<\/code><\/b> \| [^|]+ \| ✅ Promoted \|/)
    expect(body).toMatch(/\| prod \| — \| — \| — \|/)
    expect(comments[0]!.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' })

    const same = await upsertStickyComment(octokit, { owner, repo, issueNumber: 7, marker, body })
    expect(same.action).toBe('unchanged')
  })

  it('gives another target key its own comment', async () => {
    const octokit = h.octokit(GITHUB_WRITE_TOKEN)
    const a = commentMarker('sub/rg/gallery/a')
    const b = commentMarker('sub/rg/gallery/b')
    await upsertStickyComment(octokit, {
      owner,
      repo,
      issueNumber: 8,
      marker: a,
      body: renderComment(result('canary', '1.0.0', 'sub/rg/gallery/a')),
    })
    const rb = await upsertStickyComment(octokit, {
      owner,
      repo,
      issueNumber: 8,
      marker: b,
      body: renderComment(result('canary', '2.0.0', 'sub/rg/gallery/b')),
    })
    expect(rb.action).toBe('created')
    await upsertStickyComment(octokit, {
      owner,
      repo,
      issueNumber: 8,
      marker: a,
      body: renderComment(result('staging', '1.0.0', 'sub/rg/gallery/a')),
    })
    expect(ours(h, 8, a)).toHaveLength(1)
    expect(ours(h, 8, b)).toHaveLength(1)
    expect(h.module.state.commentsOn(owner, repo, 8)).toHaveLength(2)
  })

  it('finds its comment past the first page of 100', async () => {
    const marker = commentMarker('sub/rg/gallery/paged')
    const state = h.module.state
    for (let i = 0; i < 140; i++) {
      state.addComment({
        owner,
        repo,
        issueNumber: 9,
        body: `chatter ${i}`,
        user: { login: 'dev', type: 'User' },
      })
    }
    const mine = state.addComment({ owner, repo, issueNumber: 9, body: `${marker}\nold body` })
    for (let i = 0; i < 30; i++) {
      state.addComment({
        owner,
        repo,
        issueNumber: 9,
        body: `more ${i}`,
        user: { login: 'dev', type: 'User' },
      })
    }
    const before = state.requests.length
    const res = await upsertStickyComment(h.octokit(GITHUB_WRITE_TOKEN), {
      owner,
      repo,
      issueNumber: 9,
      marker,
      body: `${marker}\nnew body`,
    })
    expect(res).toMatchObject({ action: 'updated', commentId: mine.id })
    expect(ours(h, 9, marker)).toHaveLength(1)
    expect(mine.body).toBe(`${marker}\nnew body`)
    const lists = state.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/comments'))
    expect(lists.length).toBe(2)
  })

  it('ignores a human comment that quotes the marker', async () => {
    const marker = commentMarker('sub/rg/gallery/quoted')
    const human = h.module.state.addComment({
      owner,
      repo,
      issueNumber: 10,
      body: `${marker}\nI copied this`,
      user: { login: 'mallory', type: 'User', id: 666 },
    })
    const res = await upsertStickyComment(h.octokit(GITHUB_WRITE_TOKEN), {
      owner,
      repo,
      issueNumber: 10,
      marker,
      body: `${marker}\nreal`,
    })
    expect(res.action).toBe('created')
    expect(human.body).toBe(`${marker}\nI copied this`)
    // The next run updates the bot's comment, still not the human's.
    const again = await upsertStickyComment(h.octokit(GITHUB_WRITE_TOKEN), {
      owner,
      repo,
      issueNumber: 10,
      marker,
      body: `${marker}\nreal 2`,
    })
    expect(again).toMatchObject({ action: 'updated', commentId: res.commentId })
    expect(h.module.state.commentsOn(owner, repo, 10)).toHaveLength(2)
  })

  it('returns a warning, not an error, with a read-only token (403)', async () => {
    const marker = commentMarker('sub/rg/gallery/fork')
    const res = await upsertStickyComment(h.octokit(GITHUB_READ_TOKEN), {
      owner,
      repo,
      issueNumber: 11,
      marker,
      body: `${marker}\nbody`,
    })
    expect(res.action).toBe('skipped')
    expect(res.warning).toContain('HTTP 403')
    expect(res.warning).toContain('Resource not accessible by integration')
    expect(res.warning).toContain('permissions: pull-requests: write')
    expect(h.module.state.commentsOn(owner, repo, 11)).toHaveLength(0)
  })

  it('warns on 403 when updating an existing comment and does not create a duplicate', async () => {
    const marker = commentMarker('sub/rg/gallery/ro-update')
    h.module.state.addComment({ owner, repo, issueNumber: 12, body: `${marker}\nold` })
    const res = await upsertStickyComment(h.octokit(GITHUB_READ_TOKEN), {
      owner,
      repo,
      issueNumber: 12,
      marker,
      body: `${marker}\nnew`,
    })
    expect(res.action).toBe('skipped')
    expect(res.warning).toContain('pull-requests: write')
    expect(h.module.state.commentsOn(owner, repo, 12)).toHaveLength(1)
  })

  it('warns on bad credentials (401)', async () => {
    const marker = commentMarker('x')
    const res = await upsertStickyComment(h.octokit('ghs_unknown'), {
      owner,
      repo,
      issueNumber: 13,
      marker,
      body: `${marker}\n`,
    })
    expect(res.warning).toContain('HTTP 401')
  })

  it('matches an explicit author (GitHub App token) and only that author', async () => {
    const appToken = 'ghs_appToken'
    h.module.state.addToken({ token: appToken, user: { login: 'promoter[bot]', id: 99, type: 'Bot' } })
    const marker = commentMarker('sub/rg/gallery/app')
    h.module.state.addComment({ owner, repo, issueNumber: 14, body: `${marker}\nby actions bot` })
    const res = await upsertStickyComment(h.octokit(appToken), {
      owner,
      repo,
      issueNumber: 14,
      marker,
      author: 'promoter[bot]',
      body: `${marker}\nby app`,
    })
    expect(res.action).toBe('created')
    const res2 = await upsertStickyComment(h.octokit(appToken), {
      owner,
      repo,
      issueNumber: 14,
      marker,
      author: 'promoter[bot]',
      body: `${marker}\nby app 2`,
    })
    expect(res2).toMatchObject({ action: 'updated', commentId: res.commentId })
  })

  it('recognises its own comments with a personal access token via GET /user', async () => {
    const pat = 'ghp_personalToken'
    h.module.state.addToken({ token: pat, user: { login: 'release-bot-user', id: 77, type: 'User' } })
    const marker = commentMarker('sub/rg/gallery/pat')
    const first = await upsertStickyComment(h.octokit(pat), {
      owner,
      repo,
      issueNumber: 15,
      marker,
      body: `${marker}\n1`,
    })
    const second = await upsertStickyComment(h.octokit(pat), {
      owner,
      repo,
      issueNumber: 15,
      marker,
      body: `${marker}\n2`,
    })
    expect(first.action).toBe('created')
    expect(second).toMatchObject({ action: 'updated', commentId: first.commentId })
    expect(ours(h, 15, marker)).toHaveLength(1)
  })

  it('refuses a body that does not start with the marker', async () => {
    await expect(
      upsertStickyComment(h.octokit(GITHUB_WRITE_TOKEN), {
        owner,
        repo,
        issueNumber: 16,
        marker: commentMarker('k'),
        body: 'no marker',
      }),
    ).rejects.toThrow(/marker/)
  })
})
