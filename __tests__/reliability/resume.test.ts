// Partial failure and resume. A promotion that needs several writes is stopped after N of them (N = 0 … all-1):
// the failed run's report says exactly what was written, a re-run with the same inputs finishes without
// repeating or undoing anything, and `latest` only ever resolves to what it was before or to the promoted version.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { runTarget } from '../../src/core/engine.js'
import type { Change } from '../../src/core/model.js'
import type { Target } from '../../src/core/target.js'
import { createRegistryTarget } from '../../src/registry/index.js'
import { RECORD_ARTIFACT_TYPE } from '../../src/registry/records.js'
import { seed, skipWithoutRegistry, TestRegistry } from '../../emulator/testbed/oci-registry.js'
import { context, RINGS } from '../registry/helpers.js'
import { writeFigures } from './figures.js'
import { galleryEmulator, inEffect, latest, runBundled, snapshot, changedVersions } from './support.js'
import type { VersionWrite } from '../../src/gallery/plan.js'

const rows: { target: string; stoppedAfter: number; failedRun: string; rerun: string; latestSeen: string }[] =
  []
afterAll(() => writeFigures('resume', rows))

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

interface ChangeRow {
  resource: string
  status: string
  error?: string
}

describe('gallery: stopped between writes, through the bundled action', () => {
  // Promoting 1.2.0 to prod (the latest ring) writes 1.2.0 (record + include), then excludes 1.3.0 and 1.10.0.
  it.each([0, 1, 2])('stopped after %i of 3 writes: exact report, clean resume', async (n) => {
    emulator = await galleryEmulator()
    const em = emulator
    const before = snapshot(em)
    const latestBefore = latest(em)
    const seen: Record<string, string | undefined>[] = [latestBefore]
    // Every PATCH that arrives records `latest` as it stands; from the (n+1)th on, the write is refused
    // (a hard 403: no retry), which stops the run between write n and write n+1 like a killed process.
    let patches = 0
    const gate = new (class extends RegExp {
      override test(path: string): boolean {
        if (path.includes('?')) return false
        seen.push(latest(em))
        return ++patches > n
      }
    })('')
    em.faults.add({
      method: 'PATCH',
      path: gate,
      times: Infinity,
      respond: {
        status: 403,
        body: { error: { code: 'AuthorizationFailed', message: 'stopped by the test' } },
      },
    })
    const failed = await runBundled(em, { version: '1.2.0', ring: 'prod' })
    expect(failed.code).toBe(1)
    const result = JSON.parse(failed.outputs.result!) as {
      verdict: string
      changes: ChangeRow[]
      error: string
    }
    expect(result.verdict).toBe('failed')
    expect(result.error).toContain('AuthorizationFailed')
    const statuses = result.changes.map((c) => c.status)
    expect(statuses).toEqual(
      ['applied', 'applied', 'applied'].map((s, i) => (i < n ? s : i === n ? 'failed' : 'not-attempted')),
    )
    // Exactly the applied writes changed the gallery.
    const changed = changedVersions(before, snapshot(em))
    expect(changed).toEqual(result.changes.filter((c) => c.status === 'applied').map((c) => c.resource))

    em.faults.clear()
    em.reset()
    const rerun = await runBundled(em, { version: '1.2.0', ring: 'prod' })
    expect(rerun.code, rerun.everything).toBe(0)
    const again = JSON.parse(rerun.outputs.result!) as { verdict: string; changes: ChangeRow[] }
    // Only the writes not done before: nothing repeated, nothing undone.
    expect(again.changes.map((c) => c.resource)).toEqual(result.changes.slice(n).map((c) => c.resource))
    expect(em.requests.filter((r) => r.method === 'PATCH').length).toBe(3 - n)
    const latestAfter = latest(em)
    expect(latestAfter).toEqual({ eastus: '1.2.0', westeurope: '1.2.0' })
    seen.push(latestAfter)
    // latest only ever resolved to what it was before (the stray 1.10.0) or to the promoted version.
    for (const state of seen)
      for (const [region, version] of Object.entries(state))
        expect([latestBefore[region], '1.2.0']).toContain(version)
    rows.push({
      target: 'gallery (prod, 3 writes)',
      stoppedAfter: n,
      failedRun: statuses.join(','),
      rerun: `${again.verdict}, ${again.changes.length} write(s)`,
      latestSeen: [...new Set(seen.flatMap((s) => Object.values(s)))].join(' → '),
    })
  })

  it('a re-run after a completed promotion writes nothing', async () => {
    emulator = await galleryEmulator()
    expect((await runBundled(emulator, { version: '1.2.0', ring: 'prod' })).code).toBe(0)
    emulator.reset()
    const again = await runBundled(emulator, { version: '1.2.0', ring: 'prod' })
    expect(again.code).toBe(0)
    expect(JSON.parse(again.outputs.result!).verdict).toBe('unchanged')
    expect(emulator.requests.filter((r) => r.method === 'PATCH')).toEqual([])
    for (const name of ['1.2.0', '1.3.0', '1.10.0'])
      expect(inEffect(emulator, { version: name, setTags: {}, removeTags: [] } as VersionWrite)).toBe(true)
  })
})

const skip = skipWithoutRegistry()

/** The target, stopped (like a killed process) before its (n+1)th write. */
function stopAfter<S>(target: Target<S>, n: number): Target<S> {
  let writes = 0
  return {
    ref: target.ref,
    observe: () => target.observe(),
    plan: (state, ctx) => target.plan(state, ctx),
    verify: (plan) => target.verify(plan),
    apply: async (change: Change) => {
      // Counted when a write starts: the writes of a concurrent group start together.
      if (writes++ >= n) throw new Error('process killed by the test')
      await target.apply(change)
    },
  }
}

describe.skipIf(skip)('registry (distribution 2.8): stopped between writes', () => {
  let reg: TestRegistry
  let count = 0
  afterAll(async () => reg?.stop())

  // prod moves two tags (prod, stable) and writes one record: record → prod → stable.
  it.each([0, 1, 2])('stopped after %i of 3 writes: exact report, clean resume', async (n) => {
    reg ??= await TestRegistry.start()
    const repo = `team/resume${++count}`
    const s = await seed(reg, repo)
    const make = () =>
      createRegistryTarget({
        registry: reg.host,
        repository: repo,
        source: '1.0.0',
        rings: RINGS,
        clientOptions: reg.clientOptions,
      })
    for (const ringName of ['canary', 'staging'])
      expect((await runTarget(make(), context(ringName), { dryRun: false })).verdict).toBe('promoted')
    const tagsBefore = {
      prod: await reg.tagDigest(repo, 'prod'),
      stable: await reg.tagDigest(repo, 'stable'),
    }

    const failed = await runTarget(stopAfter(make(), n), context('prod'), { dryRun: false })
    expect(failed.verdict).toBe('failed')
    const statuses = failed.outcomes.map((o) => o.status)
    // The two tags are one concurrent group: a stop inside it fails each tag write from there on.
    const expected = [
      ['failed', 'not-attempted', 'not-attempted'],
      ['applied', 'failed', 'failed'],
      ['applied', 'applied', 'failed'],
    ]
    expect(statuses).toEqual(expected[n])
    const kinds = failed.outcomes.map((o) => o.change.id)
    expect(kinds).toEqual(['record:prod:promote', 'tag:prod', 'tag:stable'])
    // The registry holds exactly what the report says.
    const recordsOf = async () =>
      ((await reg.getManifest(repo, s.oci.digest.replace(':', '-'))) &&
        (
          JSON.parse((await reg.getManifest(repo, s.oci.digest.replace(':', '-')))!.body.toString()) as {
            manifests: { artifactType?: string; annotations?: Record<string, string> }[]
          }
        ).manifests.filter((d) =>
          d.artifactType === RECORD_ARTIFACT_TYPE &&
          d.annotations?.['io.github.azure-image-promote.ring'] !== undefined
            ? JSON.parse(d.annotations['io.github.azure-image-promote.record'] ?? '{}').ring === 'prod'
            : false,
        ).length) ||
      0
    expect(await recordsOf()).toBe(n >= 1 ? 1 : 0)
    expect(await reg.tagDigest(repo, 'prod')).toBe(n >= 2 ? s.oci.digest : tagsBefore.prod)
    expect(await reg.tagDigest(repo, 'stable')).toBe(tagsBefore.stable)

    const rerun = await runTarget(make(), context('prod'), { dryRun: false })
    expect(rerun.verdict, rerun.error).toBe('promoted')
    expect(rerun.outcomes.map((o) => o.change.id)).toEqual(kinds.slice(n))
    expect(await recordsOf()).toBe(1)
    expect(await reg.tagDigest(repo, 'prod')).toBe(s.oci.digest)
    expect(await reg.tagDigest(repo, 'stable')).toBe(s.oci.digest)
    rows.push({
      target: 'registry (prod: record + 2 tags)',
      stoppedAfter: n,
      failedRun: statuses.join(','),
      rerun: `${rerun.verdict}, ${rerun.outcomes.length} write(s)`,
      latestSeen: 'n/a',
    })
  })
})
