import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { GITHUB_WRITE_TOKEN } from '../../emulator/routes/github.js'
import { choosePullRequest, findPullRequest, pullRequestFromPayload } from '../../src/github/pull-request.js'
import { startGithubHarness, type GithubHarness } from './harness.js'

const repo = { owner: 'octo-org', repo: 'octo-repo' }
const sha = 'a'.repeat(40)

describe('pullRequestFromPayload', () => {
  it('reads pull_request and pull_request_review events', () => {
    expect(pullRequestFromPayload('pull_request', { pull_request: { number: 5 } })).toBe(5)
    expect(pullRequestFromPayload('pull_request_review', { pull_request: { number: 6 } })).toBe(6)
  })

  it('reads issue_comment only on pull requests', () => {
    expect(
      pullRequestFromPayload('issue_comment', { issue: { number: 7, pull_request: { url: 'x' } } }),
    ).toBe(7)
    expect(pullRequestFromPayload('issue_comment', { issue: { number: 8 } })).toBeUndefined()
  })

  it('has nothing for push and workflow_dispatch', () => {
    expect(pullRequestFromPayload('push', { head_commit: {} })).toBeUndefined()
    expect(pullRequestFromPayload('workflow_dispatch', {})).toBeUndefined()
  })
})

describe('choosePullRequest', () => {
  it('prefers an open pull request, else the most recent', () => {
    expect(
      choosePullRequest([
        { number: 1, state: 'closed', updated_at: '2026-05-01T00:00:00Z' },
        { number: 2, state: 'open', updated_at: '2026-01-01T00:00:00Z' },
      ]),
    ).toBe(2)
    expect(
      choosePullRequest([
        { number: 3, state: 'closed', merged_at: '2026-02-01T00:00:00Z', updated_at: '2026-02-01T00:00:00Z' },
        { number: 4, state: 'closed', merged_at: '2026-03-01T00:00:00Z', updated_at: '2026-03-01T00:00:00Z' },
      ]),
    ).toBe(4)
    expect(choosePullRequest([])).toBeUndefined()
  })
})

describe('findPullRequest against the emulator', () => {
  let h: GithubHarness
  beforeAll(async () => {
    h = await startGithubHarness({
      pulls: [
        {
          ...repo,
          sha,
          pulls: [
            {
              number: 41,
              state: 'closed',
              merged_at: '2026-10-01T00:00:00Z',
              updated_at: '2026-10-01T00:00:00Z',
            },
            { number: 42, state: 'open', updated_at: '2026-09-01T00:00:00Z' },
          ],
        },
        {
          ...repo,
          sha: 'b'.repeat(40),
          pulls: [{ number: 50, state: 'closed', merged_at: '2026-10-02T00:00:00Z' }],
        },
      ],
    })
  })
  afterAll(async () => {
    await h.close()
  })

  it('finds the open PR of the commit for a push event', async () => {
    const pr = await findPullRequest(h.octokit(GITHUB_WRITE_TOKEN), {
      eventName: 'push',
      payload: {},
      repo,
      sha,
    })
    expect(pr).toBe(42)
    expect(h.module.state.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/repos/octo-org/octo-repo/commits/${sha}/pulls`,
    })
  })

  it('falls back to the merged PR for workflow_dispatch and release', async () => {
    const octokit = h.octokit(GITHUB_WRITE_TOKEN)
    for (const eventName of ['workflow_dispatch', 'release']) {
      expect(await findPullRequest(octokit, { eventName, payload: {}, repo, sha: 'b'.repeat(40) })).toBe(50)
    }
  })

  it('returns undefined when the commit has no PR', async () => {
    const pr = await findPullRequest(h.octokit(GITHUB_WRITE_TOKEN), {
      eventName: 'push',
      payload: {},
      repo,
      sha: 'c'.repeat(40),
    })
    expect(pr).toBeUndefined()
  })

  it('uses the payload without calling the API for pull_request events', async () => {
    const before = h.module.state.requests.length
    const pr = await findPullRequest(h.octokit(GITHUB_WRITE_TOKEN), {
      eventName: 'pull_request',
      payload: { pull_request: { number: 9 } },
      repo,
      sha,
    })
    expect(pr).toBe(9)
    expect(h.module.state.requests.length).toBe(before)
  })

  it('warns instead of throwing when the lookup is refused', async () => {
    const warnings: string[] = []
    const pr = await findPullRequest(
      h.octokit('ghs_bad'),
      { eventName: 'push', payload: {}, repo, sha },
      { warn: (m) => warnings.push(m) },
    )
    expect(pr).toBeUndefined()
    expect(warnings[0]).toContain('HTTP 401')
  })
})
