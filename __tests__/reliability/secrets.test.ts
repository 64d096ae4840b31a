// Secrets and injection, through the bundled action with every output a user can see: stdout/stderr (the log),
// GITHUB_OUTPUT, the job summary and the sticky PR comment. Values coming from Azure (version tags, policy
// violation details), from the run context (actor) and from approvals are hostile; tokens are the ones the
// emulator issued (Entra, GitHub OIDC, ACR) plus the emulator's GitHub tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GITHUB_READ_TOKEN, GITHUB_WRITE_TOKEN } from '../../emulator/routes/github.js'
import type { Emulator } from '../../emulator/server.js'
import { startEmulator } from '../../emulator/server.js'
import { writeFigures } from './figures.js'
import { gallerySeed, runBundled } from './support.js'

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[click](javascript:alert(3))',
  '| cell | break |',
  '<!-- azure-image-promote:hijack -->',
  '@everyone ![x](https://evil.example/x.png)',
]
const HOSTILE_TEXT = HOSTILE.join(' ')

let emulator: Emulator
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

beforeAll(async () => {
  const seed = gallerySeed({ tags: { '1.3.0': { owner: HOSTILE_TEXT, 'ring.canary.by': HOSTILE[0]! } } })
  // 1.3.0 is reported for a policy violation whose details are attacker-controlled text.
  const versions = seed.subscriptions![0]!.resourceGroups![0]!.galleries![0]!.images![0]!.versions!
  const v130 = versions.find((v) => v.name === '1.3.0')! as { policyViolations?: unknown }
  v130.policyViolations = [{ category: 'ImageFlaggedUnsafe', details: HOSTILE_TEXT }]
  seed.github = {
    pulls: [{ owner: 'octo-org', repo: 'images', sha: SHA, pulls: [{ number: 7, title: HOSTILE[1] }] }],
    approvals: [
      {
        owner: 'octo-org',
        repo: 'images',
        runId: 4242,
        reviews: [{ login: 'rev<b>iewer', environments: ['prod'], comment: HOSTILE[2] }],
      },
    ],
  }
  emulator = await startEmulator({ seed })
})
afterAll(async () => emulator?.close())

function runWithGithub(inputs: Record<string, string>) {
  return runBundled(
    emulator,
    { 'github-token': GITHUB_WRITE_TOKEN, 'comment-on-pr': 'true', ...inputs },
    {
      GITHUB_API_URL: `${emulator.url}/github-api`,
      GITHUB_ACTOR: 'octo<img src=x onerror=alert(9)>cat',
      GITHUB_SHA: SHA,
    },
  )
}

/** Raw HTML/Markdown that must never survive into rendered output. */
const RAW = [/<script/i, /<img/i, /\]\(javascript:/i, /<!-- azure-image-promote:hijack/]

describe('secrets and hostile values (bundled action, full run)', () => {
  const rows: { run: string; tokensScanned: number; bytesScanned: number; leaks: number; rawHtml: number }[] =
    []
  afterAll(() => writeFigures('secrets', rows))

  it.each([
    ['promoted (1.2.0 → canary, PR comment)', { version: '1.2.0', ring: 'canary' }],
    ['blocked (1.3.0: hostile policy violation)', { version: '1.3.0', ring: 'staging' }],
    ['failed (403 on write)', { version: '1.10.0', ring: 'canary' }],
  ])('%s: no token in any output, hostile values escaped', async (name, inputs) => {
    if (name.startsWith('failed'))
      emulator.faults.add({
        method: 'PATCH',
        path: /versions\//,
        times: Infinity,
        respond: { status: 403, body: { error: { code: 'AuthorizationFailed', message: HOSTILE_TEXT } } },
      })
    const run = await runWithGithub(inputs)
    emulator.faults.clear()
    const comments = emulator.modules.github.state.comments.map((c) => c.body).join('\n')
    // `::add-mask::<value>` is how a secret is registered with the runner, which then masks it everywhere and
    // never shows the command itself: those lines are the only place a token may appear.
    const masked = run.everything.split('\n').filter((line) => line.startsWith('::add-mask::'))
    const everything = [
      ...run.everything.split('\n').filter((line) => !line.startsWith('::add-mask::')),
      comments,
    ].join('\n')
    const tokens = [
      ...emulator.auth.issued,
      GITHUB_WRITE_TOKEN,
      GITHUB_READ_TOKEN,
      emulator.modules['github-oidc'].state.requestToken,
    ]
    expect(emulator.auth.issued.length).toBeGreaterThan(0)
    const leaks = tokens.filter((t) => everything.includes(t))
    expect(leaks).toEqual([])
    // The GitHub token and the OIDC assertion are registered as secrets.
    expect(masked.some((line) => line.includes(GITHUB_WRITE_TOKEN))).toBe(true)
    // Rendered Markdown (summary, comment) carries no raw HTML or links from hostile values.
    const rendered = [run.summary, comments].join('\n')
    const raw = RAW.filter((re) => re.test(rendered))
    expect(raw.map(String)).toEqual([])
    expect(comments.length).toBeGreaterThan(0)
    // The hostile text did reach the outputs (escaped), so the check above is not vacuous.
    if (name.startsWith('blocked')) expect(rendered).toMatch(/ImageFlaggedUnsafe[\s\S]*alert\(1\)/)
    if (name.startsWith('failed')) expect(rendered).toContain('AuthorizationFailed')
    expect(everything).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
    rows.push({
      run: name,
      tokensScanned: tokens.length,
      bytesScanned: everything.length,
      leaks: leaks.length,
      rawHtml: raw.length,
    })
  })
})
