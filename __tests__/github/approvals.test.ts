import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { GITHUB_WRITE_TOKEN } from '../../emulator/routes/github.js'
import { parseApprovals, readApprovals } from '../../src/github/approvals.js'
import { startGithubHarness, type GithubHarness } from './harness.js'

const repo = { owner: 'octo-org', repo: 'octo-repo' }

describe('readApprovals against the emulator', () => {
  let h: GithubHarness
  beforeAll(async () => {
    h = await startGithubHarness({
      approvals: [
        {
          ...repo,
          runId: 1234,
          reviews: [
            { login: 'alice', environments: ['staging'], comment: 'LGTM' },
            { login: 'bob', environments: ['production'] },
            { login: 'alice', environments: ['production'] },
            { login: 'carol', state: 'rejected', environments: ['production'] },
          ],
        },
      ],
    })
    h.module.state.addToken({ token: 'ghs_noActions', actions: 'none' })
  })
  afterAll(async () => {
    await h.close()
  })

  it('lists approvers with their environments', async () => {
    const result = await readApprovals(h.octokit(GITHUB_WRITE_TOKEN), { ...repo, runId: 1234 })
    expect(result.warning).toBeUndefined()
    expect(result.approvers).toEqual([
      { login: 'alice', environments: ['staging', 'production'], comment: 'LGTM' },
      { login: 'bob', environments: ['production'] },
    ])
    expect(result.rejectedBy).toEqual(['carol'])
    expect(Date.parse(result.readAt)).not.toBeNaN()
  })

  it('returns no approvers and a warning on 403', async () => {
    const result = await readApprovals(h.octokit('ghs_noActions'), { ...repo, runId: 1234 })
    expect(result.approvers).toEqual([])
    expect(result.warning).toContain('HTTP 403')
    expect(result.warning).toContain('actions: read')
  })

  it('returns no approvers and a warning on 404', async () => {
    const result = await readApprovals(h.octokit(GITHUB_WRITE_TOKEN), { ...repo, runId: 999 })
    expect(result.approvers).toEqual([])
    expect(result.warning).toContain('HTTP 404')
  })
})

describe('parseApprovals', () => {
  it('tolerates odd shapes and keeps a time when one is given', () => {
    expect(parseApprovals(null)).toEqual({ approvers: [], rejectedBy: [] })
    const parsed = parseApprovals([
      { state: 'approved', user: null, environments: [] },
      { state: 'pending', user: { login: 'x' }, environments: [{ name: 'prod' }] },
      {
        state: 'approved',
        user: { login: 'y' },
        environments: [{ name: 'prod' }, {}],
        submitted_at: '2026-11-01T10:00:00Z',
      },
    ])
    expect(parsed.approvers).toEqual([{ login: 'y', environments: ['prod'], at: '2026-11-01T10:00:00Z' }])
  })
})
