// The `github` route module itself: response shapes, Link headers, permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { GITHUB_READ_TOKEN, GITHUB_WRITE_TOKEN } from '../../emulator/routes/github.js'
import { apiBaseUrl, createOctokit } from '../../src/github/octokit.js'
import { startGithubHarness, type GithubHarness } from './harness.js'

describe('emulator github routes', () => {
  let h: GithubHarness
  beforeAll(async () => {
    h = await startGithubHarness()
    for (let i = 0; i < 65; i++)
      h.module.state.addComment({ owner: 'o', repo: 'r', issueNumber: 1, body: `c${i}` })
  })
  afterAll(async () => {
    await h.close()
  })

  it('pages comments with a real Link header', async () => {
    const octokit = h.octokit(GITHUB_READ_TOKEN)
    const page1 = await octokit.rest.issues.listComments({
      owner: 'o',
      repo: 'r',
      issue_number: 1,
      per_page: 30,
    })
    expect(page1.data).toHaveLength(30)
    const link = page1.headers.link ?? ''
    expect(link).toContain(`<${h.apiUrl}/repos/o/r/issues/1/comments?per_page=30&page=2>; rel="next"`)
    expect(link).toContain('page=3>; rel="last"')
    const page3 = await octokit.rest.issues.listComments({
      owner: 'o',
      repo: 'r',
      issue_number: 1,
      per_page: 30,
      page: 3,
    })
    expect(page3.data.map((c) => c.body)).toEqual(['c60', 'c61', 'c62', 'c63', 'c64'])
    expect(page3.headers.link).toContain('rel="prev"')
    expect(page3.headers.link).toContain('rel="first"')
    expect(page3.headers.link).not.toContain('rel="next"')
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: 'o',
      repo: 'r',
      issue_number: 1,
      per_page: 100,
    })
    expect(all).toHaveLength(65)
  })

  it('answers with GitHub comment shapes', async () => {
    const octokit = h.octokit(GITHUB_WRITE_TOKEN)
    const created = await octokit.rest.issues.createComment({
      owner: 'o',
      repo: 'r',
      issue_number: 2,
      body: 'hello',
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      body: 'hello',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: expect.stringMatching(/^https:\/\/github\.com\/o\/r\/pull\/2#issuecomment-\d+$/),
    })
    expect(typeof created.data.node_id).toBe('string')
    expect(created.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const updated = await octokit.rest.issues.updateComment({
      owner: 'o',
      repo: 'r',
      comment_id: created.data.id,
      body: 'bye',
    })
    expect(updated.data).toMatchObject({ id: created.data.id, body: 'bye' })
  })

  it('refuses writes with the read-only token like GitHub does', async () => {
    const octokit = h.octokit(GITHUB_READ_TOKEN)
    const error = await octokit.rest.issues
      .createComment({ owner: 'o', repo: 'r', issue_number: 2, body: 'x' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration', status: '403' } },
    })
  })

  it('answers 403 on GET /user for installation tokens', async () => {
    const error = await h
      .octokit(GITHUB_WRITE_TOKEN)
      .rest.users.getAuthenticated()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 403 })
  })
})

describe('createOctokit', () => {
  it('takes the API URL from GITHUB_API_URL (GitHub Enterprise Server)', () => {
    expect(apiBaseUrl({ GITHUB_API_URL: 'https://ghes.example.com/api/v3/' })).toBe(
      'https://ghes.example.com/api/v3',
    )
    expect(apiBaseUrl({})).toBe('https://api.github.com')
    const previous = process.env.GITHUB_API_URL
    process.env.GITHUB_API_URL = 'https://ghes.example.com/api/v3'
    try {
      const octokit = createOctokit('t')
      const { url } = octokit.request.endpoint('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })
      expect(url).toBe('https://ghes.example.com/api/v3/repos/o/r')
    } finally {
      if (previous === undefined) delete process.env.GITHUB_API_URL
      else process.env.GITHUB_API_URL = previous
    }
  })

  it('requires a token', () => {
    expect(() => createOctokit('')).toThrow(/token/)
  })
})
