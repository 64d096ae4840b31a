// The bundled action, run as the runner runs it, against the local Azure emulator.
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../../emulator/runner.js'
import { GITHUB_READ_TOKEN, GITHUB_WRITE_TOKEN } from '../../emulator/routes/github.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { singleImageSubscriptions, type EmulatorSeed, type RegionSeed } from '../../emulator/seed.js'

const SUB = '00000000-0000-0000-0000-000000000001'
const TENANT = '11111111-1111-1111-1111-111111111111'
const CLIENT = '22222222-2222-2222-2222-222222222222'

function seed(): EmulatorSeed {
  const region = (name: string, state: RegionSeed['state'] = 'Completed'): RegionSeed => ({
    name,
    replicas: 1,
    state,
  })
  return {
    identities: [{ tenantId: TENANT, clientId: CLIENT }],
    gallery: { pageSize: 2, pollsBeforeDone: 0, retryAfterSeconds: 1 },
    subscriptions: singleImageSubscriptions(SUB, TENANT, [
      {
        name: '1.1.0',
        tags: {
          'ring.canary.at': '2026-10-01T00:00:00Z',
          'ring.staging.at': '2026-10-02T00:00:00Z',
          'ring.prod.at': '2026-10-03T00:00:00Z',
        },
        regions: [region('eastus'), region('westeurope')],
      },
      {
        name: '1.2.0',
        excludeFromLatest: true,
        regions: [region('East US'), region('West Europe')],
      },
      {
        name: '1.3.0',
        excludeFromLatest: true,
        regions: [region('eastus'), region('westeurope', 'Replicating')],
      },
      // A stray higher version someone published without hiding it.
      { name: '1.10.0', regions: [region('eastus'), region('westeurope')] },
    ]),
  }
}

let emulator: Emulator

async function promote(
  inputs: Record<string, string>,
  extra: {
    env?: Record<string, string>
    event?: { name: string; payload: unknown }
    workspace?: string
  } = {},
): Promise<ActionRun> {
  return runAction({
    event: extra.event,
    ...(extra.workspace ? { workspace: extra.workspace } : {}),
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
      ...inputs,
    },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/github-oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.modules['github-oidc'].state.requestToken,
      GITHUB_API_URL: `${emulator.url}/github-api`,
      ...extra.env,
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
  })!
}

function writes() {
  return emulator.requests.filter((r) => r.method === 'PATCH' || r.method === 'PUT' || r.method === 'DELETE')
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: seed() })
})
afterAll(async () => emulator?.close())
beforeEach(() => emulator.reset())

describe('gallery promotion through the bundled action', () => {
  it('promotes 1.2.0 canary → staging → prod, moving latest only at prod', async () => {
    const canary = await promote({ version: '1.2.0', ring: 'canary' })
    expect(canary.code, canary.everything).toBe(0)
    expect(canary.outputs).toMatchObject({
      promoted: 'true',
      version: '1.2.0',
      ring: 'canary',
      'previous-version': '1.1.0',
      regions: '["eastus","westeurope"]',
      'image-id': `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gallery1/images/ubuntu-2404/versions/1.2.0`,
    })
    expect(version('1.2.0').tags).toMatchObject({
      'ring.canary.by': 'octocat',
      'ring.canary.run': 'https://github.com/octo-org/images/actions/runs/4242',
      'ring.canary.sha': 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    })
    expect(version('1.2.0').publishingProfile.excludeFromLatest).toBe(true)
    expect(canary.summary).toContain('Promoted')

    const staging = await promote({ version: '1.2.0', ring: 'staging' })
    expect(staging.code, staging.everything).toBe(0)

    emulator.reset()
    const prod = await promote({ version: '1.2.0', ring: 'prod' })
    expect(prod.code, prod.everything).toBe(0)
    expect(prod.outputs['previous-version']).toBe('1.1.0')
    // 1.2.0 included first, then the higher versions excluded lowest first. 1.3.0 is hidden by its global
    // flag: its per-region flags are unset, which real ARM returns as absent (not false), so the global flag
    // applies in every region and it needs no write.
    expect(writes().map((r) => r.path.split('/').pop())).toEqual(['1.2.0', '1.10.0'])
    expect(version('1.2.0').publishingProfile.excludeFromLatest).toBe(false)
    expect(version('1.10.0').publishingProfile.excludeFromLatest).toBe(true)
    expect(version('1.10.0').publishingProfile.targetRegions.every((r) => r.excludeFromLatest === true)).toBe(
      true,
    )
    const result = JSON.parse(prod.outputs.result!)
    expect(result.verification.map((g: { status: string }) => g.status)).toEqual(['pass', 'pass'])
  })

  it('is harmless to re-run: the same promotion writes nothing and still reports promoted', async () => {
    const again = await promote({ version: '1.2.0', ring: 'prod' })
    expect(again.code, again.everything).toBe(0)
    expect(again.outputs.promoted).toBe('true')
    expect(writes()).toEqual([])
  })

  it('blocks a version still replicating and writes nothing', async () => {
    const run = await promote({ version: '1.3.0', ring: 'canary' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('West Europe: Replicating')
    expect(run.outputs.promoted).toBe('false')
    expect(writes()).toEqual([])
  })

  it('refuses to skip a ring and names it', async () => {
    const run = await promote({ version: '1.10.0', ring: 'staging' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('1.10.0 has not been promoted to canary')
    expect(writes()).toEqual([])
  })

  it('fails with the version, definition and gallery when the version does not exist', async () => {
    const run = await promote({ version: '9.9.9', ring: 'canary' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      "version 9.9.9 was not found in image definition 'ubuntu-2404' of gallery 'gallery1'",
    )
  })

  it('dry run shows the plan and changes nothing', async () => {
    const run = await promote({ version: '1.10.0', ring: 'canary', 'dry-run': 'true' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs.promoted).toBe('false')
    expect(JSON.parse(run.outputs.result!)).toMatchObject({ verdict: 'planned', dryRun: true })
    expect(run.summary).toMatch(/dry run/i)
    expect(writes()).toEqual([])
  })

  it('rolls prod back to the version it held before and hides the rolled-back one from latest', async () => {
    const run = await promote({ ring: 'prod', operation: 'rollback' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs).toMatchObject({ version: '1.1.0', 'previous-version': '1.2.0', promoted: 'true' })
    expect(version('1.2.0').publishingProfile.excludeFromLatest).toBe(true)
    expect(version('1.2.0').tags['ring.prod.rolledback']).toBeDefined()
    expect(version('1.1.0').publishingProfile.excludeFromLatest).toBe(false)
  })

  it('rejects bad input before any request, naming the input and value', async () => {
    const run = await promote({ version: '1.2', ring: 'Prod!' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`Input 'ring' has an invalid value "Prod!"`)
    expect(emulator.requests).toEqual([])
  })

  it('keeps one sticky pull-request comment per image and records the environment approvers', async () => {
    const github = emulator.modules.github.state
    github.seedApprovals('octo-org', 'images', 4242, [
      { login: 'release-manager', state: 'approved', environments: ['production'] },
    ])
    const event = { name: 'pull_request', payload: { pull_request: { number: 7 } } }
    const inputs = {
      version: '1.10.0',
      ring: 'canary',
      'comment-on-pr': 'true',
      'github-token': GITHUB_WRITE_TOKEN,
    }
    const first = await promote(inputs, { event })
    expect(first.code, first.everything).toBe(0)
    expect(version('1.10.0').tags['ring.canary.approvers']).toBe('release-manager')
    expect(first.summary).toContain('release-manager')
    const second = await promote({ ...inputs, 'dry-run': 'true' }, { event })
    expect(second.code, second.everything).toBe(0)
    const comments = github.commentsOn('octo-org', 'images', 7)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body.startsWith('<!-- azure-image-promote:')).toBe(true)
    expect(comments[0]!.body).toContain('canary')
    expect(comments[0]!.body).toContain('1.10.0')
  })

  it('a token that may not comment costs a warning, never the promotion', async () => {
    const event = { name: 'pull_request', payload: { pull_request: { number: 8 } } }
    const run = await promote(
      { version: '1.10.0', ring: 'canary', 'comment-on-pr': 'true', 'github-token': GITHUB_READ_TOKEN },
      { event },
    )
    expect(run.code, run.everything).toBe(0)
    expect(run.stdout).toMatch(/::warning.*pull-requests: write/)
    expect(emulator.modules.github.state.commentsOn('octo-org', 'images', 8)).toEqual([])
  })
})

describe('gallery scan evidence must name the version (issue 12 §2.10) and the policy source is reported (§2.8)', () => {
  const FIXTURE = join(import.meta.dirname, '../fixtures/scans/trivy-debian-buster.json')
  const POLICY = 'scans:\n  required: true\n'
  let workspace: string

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'aip-binding-'))
    mkdirSync(join(workspace, '.github'))
    mkdirSync(join(workspace, 'reports'))
    writeFileSync(join(workspace, '.github/image-promotion.yml'), POLICY)
    const report = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>
    // As Trivy writes it: the scan of an unrelated container image.
    writeFileSync(join(workspace, 'reports/unrelated.json'), JSON.stringify(report))
    // The same scanner run over the VM image's disk, named after the version.
    writeFileSync(
      join(workspace, 'reports/bound.json'),
      JSON.stringify({ ...report, ArtifactName: 'images/ubuntu-2404-1.10.0.vhd' }),
    )
  })
  afterAll(() => rmSync(workspace, { recursive: true, force: true }))

  const dryRun = (report: string) =>
    promote(
      {
        version: '1.10.0',
        ring: 'canary',
        'dry-run': 'true',
        'scan-reports': report,
        'fail-on-severity': 'none',
      },
      { workspace },
    )

  it('ignores a report that does not name the version, with a warning, and blocks when scans are required', async () => {
    const run = await dryRun('reports/unrelated.json')
    expect(run.code, run.everything).toBe(1)
    const result = JSON.parse(run.outputs.result!) as {
      verdict: string
      gates: { id: string; status: string; details: string }[]
      policy: { source: string; blobSha?: string }
    }
    expect(result.verdict).toBe('blocked')
    const gate = (id: string) => result.gates.find((g) => g.id === id)
    expect(gate('scan')).toMatchObject({ status: 'fail' })
    expect(gate('scan')?.details).toContain('no scan evidence')
    expect(gate('scan-binding')).toMatchObject({ status: 'warn' })
    expect(gate('scan-binding')?.details).toContain('reports/unrelated.json')
    expect(gate('scan-binding')?.details).toContain('does not name version 1.10.0')
    // The policy the run applied: the file and its git blob SHA, in the result output and the summary.
    const sha = createHash('sha1')
      .update(`blob ${Buffer.byteLength(POLICY)}\0${POLICY}`)
      .digest('hex')
    expect(result.policy).toEqual({ source: '.github/image-promotion.yml', blobSha: sha })
    expect(run.summary).toContain('image-promotion.yml')
    expect(run.summary).toContain(sha.slice(0, 7))
    expect(writes()).toEqual([])
  })

  it('counts a report whose scanned artifact name carries the version', async () => {
    const run = await dryRun('reports/bound.json')
    expect(run.code, run.everything).toBe(0)
    const result = JSON.parse(run.outputs.result!) as {
      verdict: string
      gates: { id: string; status: string }[]
    }
    expect(result.verdict).toBe('planned')
    expect(result.gates.find((g) => g.id === 'scan')).toMatchObject({ status: 'pass' })
    expect(result.gates.some((g) => g.id === 'scan-binding')).toBe(false)
  })
})
