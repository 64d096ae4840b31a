// `wait-for-replication`: a publish → promote job waits for Azure's copy to the ring's regions before the gates
// decide, instead of failing at once while replication is still running.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { readSettings } from '../../src/action/settings.js'
import { execute, prepare } from '../../src/run/promotion.js'
import { waitForReplication, type ReplicationRead } from '../../src/gallery/replication-wait.js'
import type { GalleryVersion } from '../../src/gallery/versions.js'
import { actionDefaults } from '../../emulator/runner.js'
import { GALLERY_INPUTS, SUB, galleryEmulator, runBundled } from '../reliability/support.js'

let emulator: Emulator
const ref = (version: string) => ({
  subscriptionId: SUB,
  resourceGroup: 'rg-images',
  gallery: 'gallery1',
  image: 'ubuntu-2404',
  version,
})
const versionReads = () =>
  emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/versions/1.3.0'))

beforeAll(async () => {
  emulator = await galleryEmulator()
})
afterAll(async () => emulator?.close())
beforeEach(() => {
  emulator.reset()
  for (const region of ['eastus', 'westeurope'])
    emulator.modules.gallery.setReplication(ref('1.3.0'), region, 'Completed')
})

describe('wait-for-replication through the bundled action', () => {
  it('waits while westeurope is still replicating 1.3.0, logs each region, then promotes to staging', async () => {
    // Long enough that the bundle's start-up under load does not outlast it.
    emulator.modules.gallery.replicateOver(ref('1.3.0'), 'westeurope', 5_000)
    const run = await runBundled(emulator, {
      version: '1.3.0',
      ring: 'staging',
      'wait-for-replication': '2',
    })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs.promoted).toBe('true')
    expect(run.stdout).toMatch(
      /Replication of 1\.3\.0 after 0 s: eastus Completed 100%, westeurope Replicating \d+%/,
    )
    expect(run.stdout).toMatch(
      /Replication of 1\.3\.0 after \d+ s: eastus Completed 100%, westeurope Completed 100%/,
    )
    expect(versionReads().length).toBeGreaterThan(1)
    expect(run.summary).toContain('waited')
    expect(emulator.modules.gallery.getVersion(ref('1.3.0'))!.tags['ring.staging.at']).toBeDefined()
  })

  it('stops waiting at once when a region fails, and the replication gate fails naming it', async () => {
    emulator.modules.gallery.replicateOver(ref('1.3.0'), 'westeurope', 300, {
      state: 'Failed',
      details: 'disk copy failed',
    })
    const started = Date.now()
    const run = await runBundled(emulator, {
      version: '1.3.0',
      ring: 'staging',
      'wait-for-replication': '30',
      timeout: '60',
    })
    // The wait allowed 30 minutes; a Failed region ends it on the next read.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(run.code).not.toBe(0)
    expect(run.outputs.promoted).toBe('false')
    expect(run.stdout).toContain('westeurope Failed 0% (disk copy failed)')
    expect(run.summary).toMatch(/Replication[^\n]*West Europe: Failed/)
    expect(emulator.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0)
  })

  it('refuses a wait as long as the timeout, naming both inputs, before any request', async () => {
    const run = await runBundled(emulator, {
      version: '1.3.0',
      ring: 'staging',
      'wait-for-replication': '30',
      timeout: '30',
    })
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain(
      "Input 'wait-for-replication' (30 minutes) must be shorter than input 'timeout' (30 minutes)",
    )
    expect(emulator.requests).toHaveLength(0)
  })
})

describe('wait-for-replication in process', () => {
  it('when the wait runs out first, the replication gate judges the last read and blocks', async () => {
    emulator.modules.gallery.setReplication(ref('1.3.0'), 'westeurope', 'Replicating', 40)
    const inputs: Record<string, string> = {
      ...actionDefaults(),
      ...GALLERY_INPUTS,
      'authority-host': emulator.url,
      'arm-endpoint': emulator.url,
      version: '1.3.0',
      ring: 'staging',
    }
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${emulator.url}/github-oidc/token?api-version=2.0`
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emulator.modules['github-oidc'].state.requestToken
    const settings = readSettings((name) => (inputs[name] ?? '').trim())
    // Whole minutes are the input's unit; a test waits 2.5 s.
    settings.waitForReplicationMs = 2_500
    const lines: string[] = []
    const result = await execute(await prepare(settings, process.cwd()), {
      record: { at: new Date(), actor: 'octocat', runUrl: '', sha: '', approvedBy: [] },
      log: { info: (line) => lines.push(line), debug: () => {}, group: (_title, fn) => fn() },
    })
    expect(result.verdict).toBe('blocked')
    const gate = result.plan!.gates.find((g) => g.id === 'replication')!
    expect(gate).toMatchObject({ status: 'fail' })
    expect(gate.details).toContain('West Europe: Replicating 40%')
    expect(result.plan!.notes.join('\n')).toMatch(
      /waited \d s for replication of 1\.3\.0; still not complete/,
    )
    expect(lines.filter((l) => l.startsWith('Replication of 1.3.0')).length).toBeGreaterThanOrEqual(2)
  })
})

describe('wait-for-replication input', () => {
  it('is refused for a registry target, which has no regions to replicate to', () => {
    const inputs: Record<string, string> = {
      registry: 'registry.example.com',
      repository: 'app/web',
      version: 'v1',
      ring: 'canary',
      'wait-for-replication': '5',
    }
    expect(() => readSettings((name) => inputs[name] ?? '')).toThrow(
      /Input 'wait-for-replication' .*"5".*only a gallery image replicates/,
    )
  })
})

describe('the wait loop', () => {
  const version = (state: string): GalleryVersion => ({
    name: '2.0.0',
    parts: [2, 0, 0],
    id: '',
    tags: {},
    provisioningState: 'Succeeded',
    excludeFromLatest: false,
    regions: [{ name: 'eastus', displayName: 'East US', replicas: 1, replication: { state, details: '' } }],
    targetRegions: [],
  })

  it('asks again only after the Retry-After the service sent, not on its own shorter backoff', async () => {
    const reads: number[] = []
    const answers: ReplicationRead[] = [
      { version: version('Replicating'), retryAfterMs: 1_200 },
      { version: version('Completed') },
    ]
    const result = await waitForReplication(
      version('Replicating'),
      async () => {
        reads.push(Date.now())
        return answers.shift()!
      },
      { required: ['eastus'], waitMs: 10_000, log: () => {}, firstDelayMs: 10 },
    )
    expect(result).toMatchObject({ outcome: 'ready', reads: 2 })
    expect(reads[1]! - reads[0]!).toBeGreaterThanOrEqual(1_190)
  })

  it('does not wait for what waiting cannot change: too few replicas for the ring', async () => {
    const result = await waitForReplication(
      version('Completed'),
      () => Promise.reject(new Error('no read')),
      {
        required: ['eastus'],
        minReplicas: 3,
        waitMs: 10_000,
        log: () => {},
      },
    )
    expect(result).toMatchObject({ outcome: 'stuck', reads: 0 })
  })
})
