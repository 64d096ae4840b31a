// Cold start: `node dist/index.js` against `node -e 0`.
//
// - Time to first request: spawn instant in this process → arrival of the child's first request in the
//   emulator's request log (same clock: both are epoch milliseconds taken in this process). That includes the
//   TCP + TLS handshake on loopback (a few ms), so it slightly overstates the time to the first connect. No
//   hook is loaded into the child, so nothing changes what is measured.
// - Fail fast: a whole run with an invalid input (it must send no request), spawn → exit.
// - Peak memory: GNU time's maximum RSS of the child (whole run), or a preload's maxRSS at exit without it.
import { startEmulator } from '../../emulator/server.js'
import { DIST, measureAction, spawnMeasured, type Measured } from './action.js'
import { gallerySeed, SUB } from './gallery.js'
import { hasGnuTime, median, mib, ms } from './util.js'

export interface ColdStartResult {
  runs: number
  peakFrom: 'gnu-time' | 'preload'
  baseline: { wallMs: number; maxRssKiB: number }
  firstRequest: { ms: number; maxRssKiB: number; wallMs: number }
  failFast: { wallMs: number; maxRssKiB: number; requests: number }
}

export async function coldStart(runs: number, dist = DIST): Promise<ColdStartResult> {
  const emulator = await startEmulator({
    seed: gallerySeed({ versions: 50, strays: 2, pageSize: 25, pollsBeforeDone: 0, retryAfterSeconds: 0 }),
  })
  const inputs = {
    'subscription-id': SUB,
    'resource-group': 'rg-images',
    gallery: 'gallery1',
    'image-definition': 'ubuntu-2404',
    'client-id': '22222222-2222-2222-2222-222222222222',
    'tenant-id': '11111111-1111-1111-1111-111111111111',
    'authority-host': emulator.url,
    'arm-endpoint': emulator.url,
    'comment-on-pr': 'false',
  }
  const env = {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/github-oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.modules['github-oidc'].state.requestToken,
  }
  const baseline: Measured[] = []
  const first: { ms: number; run: Measured }[] = []
  const failFast: Measured[] = []
  let failFastRequests = 0
  try {
    // One unmeasured round first: disk cache and the emulator's first TLS handshake.
    for (let i = -1; i < runs; i++) {
      const b = await spawnMeasured(['-e', '0'], { PATH: '/usr/bin:/bin' }, process.cwd())

      emulator.reset()
      const dry = await measureAction(
        { ...inputs, version: '1.2.0', ring: 'prod', 'dry-run': 'true' },
        env,
        dist,
      )
      const arrival = emulator.requests[0]?.startedAt.getTime()
      if (dry.code !== 0 || arrival === undefined)
        throw new Error(`cold-start dry run failed:\n${dry.stdout}`)

      emulator.reset()
      const bad = await measureAction({ ...inputs, version: '1.2', ring: 'Prod!' }, env, dist)
      if (bad.code !== 1) throw new Error(`the bad-input run exited ${bad.code}, expected 1`)
      if (i < 0) continue
      failFastRequests += emulator.requests.length
      baseline.push(b)
      first.push({ ms: arrival - dry.spawnedAt, run: dry })
      failFast.push(bad)
    }
  } finally {
    await emulator.close()
  }
  return {
    runs,
    peakFrom: hasGnuTime ? 'gnu-time' : 'preload',
    baseline: {
      wallMs: median(baseline.map((r) => r.wallMs)),
      maxRssKiB: median(baseline.map((r) => r.maxRssKiB)),
    },
    firstRequest: {
      ms: median(first.map((r) => r.ms)),
      maxRssKiB: median(first.map((r) => r.run.maxRssKiB)),
      wallMs: median(first.map((r) => r.run.wallMs)),
    },
    failFast: {
      wallMs: median(failFast.map((r) => r.wallMs)),
      maxRssKiB: median(failFast.map((r) => r.maxRssKiB)),
      requests: failFastRequests,
    },
  }
}

/** `--only coldstart`: the three cold-start rows, printed. */
export async function printColdStartOnly(runs: number, dist = DIST): Promise<void> {
  const cs = await coldStart(runs, dist)
  const over = (wallMs: number, kib: number) =>
    `${ms(wallMs - cs.baseline.wallMs)}, ${((kib - cs.baseline.maxRssKiB) / 1024).toFixed(1)} MiB over node -e 0`
  console.log(
    `\nnode -e 0: ${ms(cs.baseline.wallMs)}, ${mib(cs.baseline.maxRssKiB)}\n` +
      `gallery dry run, spawn → first request: ${ms(cs.firstRequest.ms)} (${over(cs.firstRequest.ms, cs.firstRequest.maxRssKiB)})\n` +
      `bad input, spawn → exit: ${ms(cs.failFast.wallMs)} (${over(cs.failFast.wallMs, cs.failFast.maxRssKiB)}); ` +
      `${cs.failFast.requests} requests sent\n(medians of ${runs} runs)`,
  )
}
