// Two runs promoting different versions of one image definition into the same ring at the same time.
// Gallery versions have no ETag/If-Match, so the action cannot lock; what it guarantees instead:
//  - every write re-reads its version and refuses (Conflict) if this ring's record or the latest flags changed
//    since the run observed them;
//  - the ring's holder is decided by the promotion time recorded on the versions, never by write order:
//    the run that started later holds the ring, whatever the interleaving;
//  - the read-back verification fails a run whose result another run changed: nothing is reported promoted
//    that does not hold at the end, except a run that finished before the other one wrote (serial order).
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { actionDefaults } from '../../emulator/runner.js'
import type { RunResult } from '../../src/core/model.js'
import { readSettings } from '../../src/action/settings.js'
import { execute, prepare } from '../../src/run/promotion.js'
import { writeFigures } from './figures.js'
import { GALLERY_INPUTS, gallerySeed, latest, versionState } from './support.js'
import { startEmulator } from '../../emulator/server.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})
const rows: {
  ring: string
  staggerMs: number
  first: string
  second: string
  holder: string
  latest: string
}[] = []
afterAll(() => writeFigures('concurrency', rows))

async function run(
  em: Emulator,
  version: string,
  ring: string,
  at: Date,
  delayMs: number,
): Promise<RunResult | string> {
  await new Promise((r) => setTimeout(r, delayMs))
  const all: Record<string, string> = {
    ...actionDefaults(),
    ...GALLERY_INPUTS,
    'authority-host': em.url,
    'arm-endpoint': em.url,
    version,
    ring,
  }
  try {
    const prepared = await prepare(
      readSettings((n) => (all[n] ?? '').trim()),
      process.cwd(),
    )
    return await execute(prepared, {
      record: { at, actor: `run-${version}`, runUrl: '', sha: '', approvedBy: [] },
    })
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

function holder(em: Emulator, ring: string, versions: string[]): string | undefined {
  let best: { name: string; at: number } | undefined
  for (const name of versions) {
    const t = versionState(em, name).tags
    const at = Date.parse(t[`ring.${ring}.at`] ?? '')
    if (Number.isNaN(at) || t[`ring.${ring}.rolledback`]) continue
    if (!best || at > best.at) best = { name, at }
  }
  return best?.name
}

const verdict = (r: RunResult | string) =>
  typeof r === 'string' ? `error: ${r}` : r.verdict + (r.error ? `: ${r.error}` : '')

describe('two concurrent promotions into one ring', () => {
  // staging: 1.3.0 and 1.10.0 both passed canary. prod (the latest ring): 1.2.0 and 1.3.0 both passed staging.
  const seed = (ring: string) =>
    gallerySeed({
      tags:
        ring === 'prod'
          ? { '1.3.0': { 'ring.staging.at': '2026-10-13T00:00:00Z' } }
          : { '1.10.0': { 'ring.canary.at': '2026-10-12T00:00:00Z' } },
    })

  for (const ring of ['staging', 'prod']) {
    it.each([0, 3, 15, 40])(`${ring}, second run starts %i ms later`, async (stagger) => {
      emulator = await startEmulator({ seed: seed(ring) })
      const em = emulator
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${em.url}/github-oidc/token?api-version=2.0`
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = em.modules['github-oidc'].state.requestToken
      const [a, b] = ring === 'prod' ? ['1.2.0', '1.3.0'] : ['1.10.0', '1.3.0']
      const t0 = Date.now()
      const [first, second] = await Promise.all([
        run(em, a, ring, new Date(t0), 0),
        run(em, b, ring, new Date(t0 + 1), stagger),
      ])
      const versions = ['1.1.0', '1.2.0', '1.3.0', '1.10.0']
      const held = holder(em, ring, versions)
      const latestNow = latest(em)
      rows.push({
        ring,
        staggerMs: stagger,
        first: `${a}: ${verdict(first)}`,
        second: `${b}: ${verdict(second)}`,
        holder: held ?? '(none)',
        latest: JSON.stringify(latestNow),
      })
      // Deterministic: the later promotion holds the ring, whatever the interleaving of the writes.
      if (typeof second !== 'string' && second.verdict !== 'failed') expect(held).toBe(b)
      // No silent lost update: a run reported promoted either still holds the ring, or finished before the
      // other run wrote (then its record stays in the ring's history as the previous holder).
      for (const [version, result] of [
        [a, first],
        [b, second],
      ] as const) {
        if (typeof result === 'string' || result.verdict !== 'promoted') continue
        const tags = versionState(em, version).tags
        expect(tags[`ring.${ring}.at`], `${version} keeps its ${ring} record`).toBeDefined()
      }
      // On the latest ring: either latest agrees with the holder everywhere, or a run reported the conflict.
      if (ring === 'prod') {
        const consistent = Object.values(latestNow).every((v) => v === held)
        const reported = [first, second].some((r) => typeof r === 'string' || r.verdict === 'failed')
        expect(consistent || reported, `latest ${JSON.stringify(latestNow)} vs holder ${held}`).toBe(true)
        // Whatever happened, re-running the later promotion converges.
        const again = await run(em, b, ring, new Date(), 0)
        expect(verdict(again)).toMatch(/^(promoted|unchanged)/)
        expect(Object.values(latest(em)).every((v) => v === b)).toBe(true)
      }
    })
  }
})
