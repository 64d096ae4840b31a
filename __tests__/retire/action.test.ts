// Retirement through the bundled action, against the emulator (gallery + Resource Graph).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../../emulator/runner.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { singleImageSubscriptions, type EmulatorSeed, type RegionSeed } from '../../emulator/seed.js'

const SUB = '00000000-0000-0000-0000-000000000001'
const TENANT = '11111111-1111-1111-1111-111111111111'
const CLIENT = '22222222-2222-2222-2222-222222222222'
const DEF = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gallery1/images/ubuntu-2404`
const APP = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute`
const PAST = '2026-01-01T00:00:00Z'

function seed(): EmulatorSeed {
  const regions: RegionSeed[] = [
    { name: 'eastus', replicas: 1, state: 'Completed' },
    { name: 'westeurope', replicas: 1, state: 'Completed' },
  ]
  const v = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    excludeFromLatest: true,
    regions: regions.map((r) => ({ ...r, excludeFromLatest: true })),
    ...extra,
  })
  return {
    identities: [{ tenantId: TENANT, clientId: CLIENT }],
    gallery: { pageSize: 3, pollsBeforeDone: 0, retryAfterSeconds: 1 },
    subscriptions: singleImageSubscriptions(SUB, TENANT, [
      // Past end of life, used by a scale set and a VM: kept.
      v('1.0.0', { endOfLifeDate: PAST }),
      // Past end of life, unused: deleted (only when delete-after-eol).
      v('1.1.0', { endOfLifeDate: PAST }),
      // Outside keep, still visible to latest (per-region flags off): end of life + excluded.
      v('1.2.0', { excludeFromLatest: false, regions }),
      // prod's rollback target, already past end of life: never touched.
      v('1.3.0', { endOfLifeDate: PAST, tags: { 'ring.prod.at': '2026-09-01T00:00:00Z' } }),
      // prod holds it and latest resolves to it.
      v('1.4.0', {
        excludeFromLatest: false,
        regions,
        tags: { 'ring.prod.at': '2026-10-01T00:00:00Z' },
      }),
      v('1.5.0', {
        tags: {
          'ring.canary.at': '2026-10-05T00:00:00Z',
          'ring.staging.at': '2026-10-06T00:00:00Z',
        },
      }),
      v('1.6.0', { tags: { 'ring.canary.at': '2026-10-10T00:00:00Z' } }),
      // Newest, no ring: within keep.
      v('1.7.0'),
    ]),
    resourceGraph: {
      pageSize: 1,
      resources: [
        { id: `${APP}/virtualMachineScaleSets/web`, imageId: `${DEF}/versions/1.0.0` },
        { id: `${APP}/virtualMachines/jump`, imageId: `${DEF}/versions/1.0.0`.toUpperCase() },
        { id: `${APP}/virtualMachines/other`, imageId: `${DEF}/versions/1.4.0` },
      ],
    },
  }
}

const POLICY = (retention: string) => `rings:
  - name: canary
  - name: staging
  - name: prod
    latest: true
${retention}`

let emulator: Emulator
let workspace: string

async function retire(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    workspace,
    inputs: {
      'subscription-id': SUB,
      'resource-group': 'rg-images',
      gallery: 'gallery1',
      'image-definition': 'ubuntu-2404',
      'client-id': CLIENT,
      'tenant-id': TENANT,
      'authority-host': emulator.url,
      'arm-endpoint': emulator.url,
      'comment-on-pr': 'false',
      operation: 'retire',
      config: 'delete.yml',
      ...inputs,
    },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/github-oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.modules['github-oidc'].state.requestToken,
    },
  })
}

function version(name: string) {
  return emulator.modules.gallery.getVersion({
    subscriptionId: SUB,
    resourceGroup: 'rg-images',
    gallery: 'gallery1',
    image: 'ubuntu-2404',
    version: name,
  })
}

function writes() {
  return emulator.requests.filter((r) => ['PATCH', 'PUT', 'DELETE'].includes(r.method))
}

function snapshot(names: string[]): string {
  return JSON.stringify(names.map((name) => version(name)))
}

const PROTECTED = ['1.3.0', '1.4.0', '1.5.0', '1.6.0', '1.7.0']

beforeAll(async () => {
  emulator = await startEmulator({ seed: seed() })
  workspace = mkdtempSync(join(tmpdir(), 'aip-retire-'))
  writeFileSync(
    join(workspace, 'delete.yml'),
    POLICY('retention:\n  keep: 1\n  end-of-life: 30d\n  delete-after-eol: true\n'),
  )
  writeFileSync(join(workspace, 'no-retention.yml'), POLICY(''))
  mkdirSync(join(workspace, '.github'))
})
afterAll(async () => emulator?.close())
beforeEach(() => {
  emulator.reset()
  emulator.modules['resource-graph'].state.queries.length = 0
})

describe('operation: retire on a gallery image definition (bundled action)', () => {
  it('dry run shows every decision and why, writes nothing', async () => {
    const run = await retire({ 'dry-run': 'true' })
    expect(run.code, run.everything).toBe(0)
    expect(JSON.parse(run.outputs.result!)).toMatchObject({
      verdict: 'planned',
      dryRun: true,
      operation: 'retire',
    })
    const retired = JSON.parse(run.outputs.retired!) as { subject: string; action: string; status: string }[]
    expect(retired.map((r) => [r.subject, r.action, r.status])).toEqual([
      ['1.2.0', 'end-of-life', 'planned'],
      ['1.1.0', 'delete', 'planned'],
      ['1.0.0', 'end-of-life', 'unchanged'],
    ])
    expect(writes()).toEqual([])
    // One query for both candidates, paged (page size 1, two users of 1.0.0).
    const queries = emulator.modules['resource-graph'].state.queries
    expect(queries).toHaveLength(2)
    expect(queries[0]!.query).toContain(`${DEF}/versions/1.0.0`.toLowerCase())
    expect(queries[0]!.query).toContain(`${DEF}/versions/1.1.0`.toLowerCase())
    expect(queries[1]!.options).toHaveProperty('$skipToken')
    expect(run.summary).toContain('### Retention')
    expect(run.summary).toContain('in use by 1 scale set and 1 virtual machine')
    expect(run.summary).toContain('rollback target of prod')
    expect(run.summary).toMatch(/ring prod; latest in eastus, westeurope/)
    expect(run.summary).toContain('within keep (1 of 1)')
  })

  it('blocks and deletes nothing when the in-use lookup fails', async () => {
    emulator.modules['resource-graph'].state.failNext = {
      status: 403,
      code: 'AuthorizationFailed',
      message:
        'The client does not have authorization to perform action Microsoft.ResourceGraph/resources/read.',
      times: 1,
    }
    const run = await retire()
    expect(run.code).toBe(1)
    // One annotation for the failed gate, titled with it; no second one repeating it.
    expect(run.stdout).toContain('::error title=Gate failed%3A In use::')
    expect(run.stdout.match(/::error /g)).toHaveLength(1)
    expect(run.summary).toMatch(/^## \S+ Retirement blocked$/m)
    expect(run.stdout).toContain('AuthorizationFailed')
    expect(run.stdout).toContain('no version is deleted without knowing whether it is in use')
    expect(writes()).toEqual([])
  })

  it('sets end of life, hides, deletes only what is allowed, and never touches rings, rollback or latest', async () => {
    const before = snapshot(PROTECTED)
    const inUse = JSON.stringify(version('1.0.0'))
    const started = Date.now()
    const run = await retire()
    expect(run.code, run.everything).toBe(0)
    expect(version('1.1.0')).toBeUndefined()
    const hidden = version('1.2.0')!
    expect(hidden.publishingProfile.excludeFromLatest).toBe(true)
    expect(hidden.publishingProfile.targetRegions.every((r) => r.excludeFromLatest)).toBe(true)
    const eol = new Date(hidden.publishingProfile.endOfLifeDate!).getTime()
    expect(eol).toBeGreaterThan(started + 29 * 86_400_000)
    expect(eol).toBeLessThan(Date.now() + 31 * 86_400_000)
    expect(hidden.tags).toMatchObject({
      'retired.by': 'octocat',
      'retired.run': 'https://github.com/octo-org/images/actions/runs/4242',
    })
    expect(snapshot(PROTECTED)).toBe(before)
    expect(JSON.stringify(version('1.0.0'))).toBe(inUse)
    expect(writes().map((r) => `${r.method} ${r.path.split('/').pop()}`)).toEqual([
      'PATCH 1.2.0',
      'DELETE 1.1.0',
    ])
    const result = JSON.parse(run.outputs.result!)
    expect(result.verdict).toBe('retired')
    // Retirement promotes nothing: `promoted` stays false, `result` and `retired` carry the outcome.
    expect(run.outputs.promoted).toBe('false')
    expect(run.stdout).toContain('::group::Apply retention to gallery1/ubuntu-2404')
    expect(result.verification.map((g: { status: string }) => g.status)).toEqual(['pass', 'pass'])
    const retired = JSON.parse(run.outputs.retired!) as { subject: string; status: string }[]
    expect(retired.map((r) => [r.subject, r.status])).toEqual([
      ['1.2.0', 'applied'],
      ['1.1.0', 'applied'],
      ['1.0.0', 'unchanged'],
    ])
    expect(run.summary).toMatch(/^## \S+ Retired$/m)
  })

  it('is harmless to re-run', async () => {
    const run = await retire()
    expect(run.code, run.everything).toBe(0)
    expect(JSON.parse(run.outputs.result!).verdict).toBe('unchanged')
    expect(writes()).toEqual([])
  })

  it('without a retention section fails naming the policy file and the section', async () => {
    const run = await retire({ config: 'no-retention.yml' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain("Operation 'retire' needs a 'retention:' section")
    expect(run.stdout).toContain('no-retention.yml')
    expect(emulator.requests).toEqual([])
  })

  it('refuses a version input, and a registry target without retention, before any request', async () => {
    const withVersion = await retire({ version: '1.2.0' })
    expect(withVersion.code).toBe(1)
    expect(withVersion.stdout).toContain("operation 'retire' takes no version")
    const registry = await runAction({
      workspace,
      inputs: {
        registry: new URL(emulator.url).host,
        repository: 'app/web',
        operation: 'retire',
        config: 'no-retention.yml',
      },
    })
    expect(registry.code).toBe(1)
    expect(registry.stdout).toContain("Operation 'retire' needs a 'retention:' section")
    expect(emulator.requests).toEqual([])
  })
})
