// A semver range promotes the highest ELIGIBLE version: `^1` into prod when 1.10.0 and 1.3.0 have not passed
// staging yet picks 1.2.0, which has, and the summary says which higher versions were skipped and why.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { galleryEmulator, runBundled, versionState } from '../reliability/support.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await galleryEmulator()
})
afterAll(async () => emulator?.close())
beforeEach(() => emulator.reset())

describe('a version range resolves to the highest eligible version', () => {
  it('dry run: shows every candidate, the skipped ones with the gate that failed, and writes nothing', async () => {
    const run = await runBundled(emulator, { version: '^1', ring: 'prod', 'dry-run': 'true' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs.version).toBe('1.2.0')
    const result = JSON.parse(run.outputs.result!) as { verdict: string; candidates: unknown[] }
    expect(result.verdict).toBe('planned')
    expect(result.candidates).toEqual([
      { version: '1.10.0', verdict: 'skipped', reasons: [expect.stringContaining('staging')] },
      { version: '1.3.0', verdict: 'skipped', reasons: [expect.stringContaining('staging')] },
      { version: '1.2.0', verdict: 'chosen', reasons: [] },
      { version: '1.1.0', verdict: 'untried', reasons: [] },
    ])
    expect(run.summary).toContain('1.2.0 is the highest eligible version; higher versions skipped:')
    expect(run.summary).toMatch(/skipped 1\.10\.0: [^\n]*staging/)
    expect(run.summary).toMatch(/skipped 1\.3\.0: [^\n]*staging/)
    expect(emulator.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0)
  })

  it('promotes 1.2.0 into prod, not the higher 1.3.0 that is blocked', async () => {
    const run = await runBundled(emulator, { version: '^1', ring: 'prod' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs).toMatchObject({ promoted: 'true', version: '1.2.0' })
    expect(versionState(emulator, '1.2.0').tags['ring.prod.at']).toBeDefined()
    expect(versionState(emulator, '1.3.0').tags['ring.prod.at']).toBeUndefined()
    expect(versionState(emulator, '1.10.0').tags['ring.prod.at']).toBeUndefined()
  })

  it('when no candidate passes, blocks on the highest and says why each candidate was skipped', async () => {
    const run = await runBundled(emulator, { version: '>=1.3.0', ring: 'prod' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.version).toBe('1.10.0')
    expect(run.summary).toContain('no candidate passes every gate (2 tried, highest first):')
    expect(run.summary).toMatch(/skipped 1\.3\.0: /)
    expect(emulator.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0)
  })
})
