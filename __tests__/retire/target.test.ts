// The retire target in process against the emulator: failures reported precisely, re-runs finish the job,
// and a version that gains a user between plan and delete is not deleted.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { ClientAssertionCredential } from '@azure/identity'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { singleImageSubscriptions, type EmulatorSeed, type RegionSeed } from '../../emulator/seed.js'
import { runTarget } from '../../src/core/engine.js'
import type { PlanContext } from '../../src/core/target.js'
import type { Policy } from '../../src/core/policy.js'
import { readSettings } from '../../src/action/settings.js'
import { execute, prepare } from '../../src/run/promotion.js'
import { createGalleryRetireTarget } from '../../src/gallery/create-retire.js'
import type { UsageLookup } from '../../src/gallery/usage.js'
import { DEFAULT_RINGS } from '../gallery/builders.js'
import { muteWorkflowCommands } from '../emulator/helpers.js'

const SUB = '00000000-0000-0000-0000-000000000001'
const TENANT = '11111111-1111-1111-1111-111111111111'
const CLIENT = '22222222-2222-2222-2222-222222222222'
const PAST = '2026-01-01T00:00:00Z'
const DEF = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gallery1/images/ubuntu-2404`

function seed(): EmulatorSeed {
  const regions: RegionSeed[] = [{ name: 'eastus', replicas: 1, state: 'Completed', excludeFromLatest: true }]
  return {
    identities: [{ tenantId: TENANT, clientId: CLIENT }],
    gallery: { pageSize: 10, pollsBeforeDone: 1 },
    subscriptions: singleImageSubscriptions(SUB, TENANT, [
      { name: '1.0.0', excludeFromLatest: true, endOfLifeDate: PAST, regions },
      { name: '1.1.0', excludeFromLatest: true, endOfLifeDate: PAST, regions },
      { name: '1.2.0', excludeFromLatest: true, endOfLifeDate: PAST, regions },
      {
        name: '2.0.0',
        regions: [{ name: 'eastus', replicas: 1, state: 'Completed' }],
        tags: { 'ring.prod.at': '2026-10-01T00:00:00Z' },
      },
    ]),
  }
}

const policy: Policy = {
  rings: DEFAULT_RINGS,
  scans: { required: false, failOn: 'high', allow: [] },
  retention: { keep: 0, deleteAfterEol: true },
  source: 'policy.yml',
}

let emulator: Emulator
let credential: ClientAssertionCredential
let unmute: () => void
const saved = { ...process.env }

function ctx(): PlanContext {
  const now = new Date()
  return {
    operation: 'retire',
    ring: DEFAULT_RINGS[0]!,
    policy,
    now,
    record: { at: now, actor: 'octocat', runUrl: '', sha: '', approvedBy: [] },
  }
}

function target(usage?: UsageLookup) {
  return createGalleryRetireTarget({
    target: {
      kind: 'gallery',
      subscriptionId: SUB,
      resourceGroup: 'rg-images',
      gallery: 'gallery1',
      imageDefinition: 'ubuntu-2404',
    },
    policy,
    credential,
    armEndpoint: emulator.url,
    usage,
    updateIntervalInMs: 5,
  })
}

function exists(name: string): boolean {
  return !!emulator.modules.gallery.getVersion({
    subscriptionId: SUB,
    resourceGroup: 'rg-images',
    gallery: 'gallery1',
    image: 'ubuntu-2404',
    version: name,
  })
}

beforeAll(async () => {
  unmute = muteWorkflowCommands()
  emulator = await startEmulator({ seed: seed() })
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${emulator.url}/github-oidc/token?api-version=2.0`
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emulator.modules['github-oidc'].state.requestToken
  credential = new ClientAssertionCredential(
    TENANT,
    CLIENT,
    () => core.getIDToken('api://AzureADTokenExchange'),
    {
      authorityHost: emulator.url,
      disableInstanceDiscovery: true,
    },
  )
})
afterAll(async () => {
  unmute?.()
  process.env = saved
  await emulator?.close()
})

describe('GalleryRetireTarget', () => {
  it('does not delete a version that gained a user after the plan', async () => {
    let calls = 0
    const racing: UsageLookup = {
      async usersOf(ids) {
        calls++
        const user = {
          id: `/subscriptions/${SUB}/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/late`,
          name: 'late',
          kind: 'virtual machine' as const,
          imageId: ids[0]!.toLowerCase(),
        }
        return new Map(ids.map((id) => [id.toLowerCase(), calls === 1 ? [] : [user]]))
      },
    }
    const result = await runTarget(target(racing), ctx(), { dryRun: false })
    expect(result.verdict).toBe('failed')
    expect(result.error).toContain(
      'Deleting version 1.0.0 failed (InUse): 1.0.0 is now in use by 1 virtual machine',
    )
    expect(exists('1.0.0')).toBe(true)
    expect(result.outcomes.map((o) => o.status)).toEqual(['failed', 'not-attempted', 'not-attempted'])
  })

  // The registry retire always re-checked its ring tags before each write; the gallery retire now does too.
  it('writes nothing when a ring holder moved after the plan (a promotion ran meanwhile)', async () => {
    const ref = {
      subscriptionId: SUB,
      resourceGroup: 'rg-images',
      gallery: 'gallery1',
      image: 'ubuntu-2404',
      version: '1.0.0',
    }
    const promotingMeanwhile: UsageLookup = {
      // Called by observe() after it listed the versions: a promotion of 1.0.0 into canary lands now.
      async usersOf(ids) {
        emulator.modules.gallery.getVersion(ref)!.tags['ring.canary.at'] = new Date().toISOString()
        return new Map(ids.map((id) => [id.toLowerCase(), []]))
      },
    }
    try {
      const result = await runTarget(target(promotingMeanwhile), ctx(), { dryRun: false })
      expect(result.verdict).toBe('failed')
      expect(result.error).toContain(
        'Deleting version 1.0.0 failed (Conflict): canary: none → 1.0.0 since the plan (a promotion or rollback ran meanwhile); nothing written',
      )
      expect(exists('1.0.0')).toBe(true)
      expect(result.outcomes.map((o) => o.status)).toEqual(['failed', 'not-attempted', 'not-attempted'])
    } finally {
      delete emulator.modules.gallery.getVersion(ref)!.tags['ring.canary.at']
    }
  })

  it('reports a failed delete operation precisely, and a re-run finishes the job', async () => {
    emulator.modules.gallery.queueOperationOutcome({
      status: 'Failed',
      error: { code: 'ReplicationJobsNotCompleted', message: 'Replication jobs are still running.' },
    })
    const failed = await runTarget(target(), ctx(), { dryRun: false })
    expect(failed.verdict).toBe('failed')
    expect(failed.error).toContain('Deleting version 1.0.0 failed')
    expect(failed.error).toContain('Replication jobs are still running')
    expect(exists('1.0.0')).toBe(true)

    const again = await runTarget(target(), ctx(), { dryRun: false })
    expect(again.verdict, again.error).toBe('promoted')
    expect(again.plan!.changes.map((c) => c.id)).toEqual(['delete:1.0.0', 'delete:1.1.0', 'delete:1.2.0'])
    expect(['1.0.0', '1.1.0', '1.2.0'].map(exists)).toEqual([false, false, false])
    expect(exists('2.0.0')).toBe(true)
    expect(again.verification.map((g) => g.status)).toEqual(['pass', 'pass'])
    // One Resource Graph query for all candidates in observe, then one re-check right before each delete.
    const queries = emulator.modules['resource-graph'].state.queries.slice(-4).map((q) => q.query)
    expect(
      ['1.0.0', '1.1.0', '1.2.0'].every((v) => queries[0]!.includes(`${DEF}/versions/${v}`.toLowerCase())),
    ).toBe(true)
    expect(queries.slice(1).map((q) => q.match(/versions\/([\d.]+)/)![1])).toEqual([
      '1.0.0',
      '1.1.0',
      '1.2.0',
    ])
  })

  it('ends at the run deadline, naming the step (prepare → execute, as the action runs it)', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'aip-retire-deadline-'))
    writeFileSync(
      join(workspace, 'retire.yml'),
      'rings:\n  - name: canary\n  - name: prod\nretention:\n  keep: 0\n  delete-after-eol: true\n',
    )
    const inputs: Record<string, string> = {
      'subscription-id': SUB,
      'resource-group': 'rg-images',
      gallery: 'gallery1',
      'image-definition': 'ubuntu-2404',
      operation: 'retire',
      config: 'retire.yml',
      'client-id': CLIENT,
      'tenant-id': TENANT,
      'authority-host': emulator.url,
      'arm-endpoint': emulator.url,
    }
    const settings = readSettings((name) => inputs[name] ?? '')
    settings.timeoutMs = 1000
    const prepared = await prepare(settings, workspace)
    // The version listing hangs past the deadline.
    emulator.reset()
    emulator.faults.add({ method: 'GET', path: /\/versions$/, delayMs: 3000 })
    await expect(
      execute(prepared, {
        record: { at: new Date(), actor: '', runUrl: '', sha: '', approvedBy: [] },
        credential,
      }),
    ).rejects.toThrow('Timed out after 1 second while listing image versions')
    expect(emulator.requests.filter((r) => ['PATCH', 'PUT', 'DELETE'].includes(r.method))).toEqual([])
  })
})
