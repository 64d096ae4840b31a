// The command from the packed package, as a user gets it: `npm pack`, installed into a fresh temp directory, run
// with `npx azure-image-promote` and nothing inherited from this process but the test CA. Against the emulator
// (gallery; environment credentials, managed identity through the emulated IMDS) and Debian's docker-registry.
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ROOT } from '../../emulator/runner.js'
import { installAzureCli } from '../../emulator/testbed/azure-cli.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { singleImageSubscriptions, type EmulatorSeed, type RegionSeed } from '../../emulator/seed.js'
import {
  seed as seedRegistry,
  skipWithoutRegistry,
  TestRegistry,
} from '../../emulator/testbed/oci-registry.js'

const run = promisify(execFile)
const SUB = '00000000-0000-0000-0000-000000000001'
const TENANT = '11111111-1111-1111-1111-111111111111'
const CLIENT = '22222222-2222-2222-2222-222222222222'
const SECRET = 'emulated-secret-value'
const SYSTEM_MI = '33333333-3333-3333-3333-333333333333'
const USER_MI = '44444444-4444-4444-4444-444444444444'

function seed(): EmulatorSeed {
  const region = (name: string, state: RegionSeed['state'] = 'Completed'): RegionSeed => ({
    name,
    replicas: 1,
    state,
  })
  return {
    identities: [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET },
      { tenantId: TENANT, clientId: SYSTEM_MI, managedIdentity: 'system-assigned' },
      { tenantId: TENANT, clientId: USER_MI, managedIdentity: 'user-assigned' },
    ],
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
      { name: '1.2.0', excludeFromLatest: true, regions: [region('eastus'), region('westeurope')] },
      {
        name: '1.3.0',
        excludeFromLatest: true,
        regions: [region('eastus'), region('westeurope', 'Replicating')],
      },
    ]),
  }
}

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

let emulator: Emulator
/** The fresh directory the packed package is installed in; also the working directory of every run. */
let app: string

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run package` first')
  const packs = mkdtempSync(join(tmpdir(), 'aip-pack-'))
  await run('npm', ['pack', '--silent', '--pack-destination', packs], { cwd: ROOT })
  const tarball = join(
    packs,
    readdirSync(packs).find((file) => file.endsWith('.tgz'))!,
  )
  app = mkdtempSync(join(tmpdir(), 'aip-npx-'))
  writeFileSync(join(app, 'package.json'), '{ "private": true }\n')
  // --prefer-offline: the dependencies come from the npm cache `npm ci` filled; the bundle needs none of them.
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--omit=optional',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
    ],
    { cwd: app },
  )
  emulator = await startEmulator({ seed: seed() })
}, 180_000)
afterAll(async () => emulator?.close())
beforeEach(() => emulator.reset())

/** `npx azure-image-promote …` in the install directory, with an environment built from nothing. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawn('npx', ['--no-install', 'azure-image-promote', ...args], {
    cwd: app,
    env: {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: app,
      ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
      ...env,
    },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done) => child.on('close', (code) => done({ code: code ?? -1, stdout, stderr })))
}

const galleryFlags = (version: string, ring: string): string[] => [
  '--subscription-id',
  SUB,
  '--resource-group',
  'rg-images',
  '--gallery',
  'gallery1',
  '--image-definition',
  'ubuntu-2404',
  '--version',
  version,
  '--ring',
  ring,
  '--authority-host',
  emulator.url,
  '--arm-endpoint',
  emulator.url,
]

const secretEnv = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: SECRET }
const imdsEnv = () => ({ AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.url })

function tagsOf(version: string): Record<string, string> {
  return emulator.modules.gallery.getVersion({
    subscriptionId: SUB,
    resourceGroup: 'rg-images',
    gallery: 'gallery1',
    image: 'ubuntu-2404',
    version,
  })!.tags
}

const writes = () => emulator.requests.filter((r) => ['PATCH', 'PUT', 'DELETE'].includes(r.method))

describe('the packed azure-image-promote command', () => {
  it('prints its usage', async () => {
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: azure-image-promote --ring <ring>')
  })

  it('promotes a gallery version into canary with environment credentials, outputs as JSON, GitLab run recorded', async () => {
    const result = await cli([...galleryFlags('1.2.0', 'canary'), '--json', '--summary-file', 'summary.md'], {
      ...secretEnv,
      GITLAB_CI: 'true',
      GITLAB_USER_LOGIN: 'release-bot',
      CI_PIPELINE_URL: 'https://gitlab.example.com/images/-/pipelines/77',
      CI_COMMIT_SHA: 'b'.repeat(40),
    })
    expect(result.code, result.stderr).toBe(0)
    const outputs = JSON.parse(result.stdout) as Record<string, unknown>
    expect(outputs).toMatchObject({
      promoted: 'true',
      version: '1.2.0',
      ring: 'canary',
      'previous-version': '1.1.0',
      regions: ['eastus', 'westeurope'],
      result: { verdict: 'promoted', ring: 'canary' },
    })
    expect(tagsOf('1.2.0')).toMatchObject({
      'ring.canary.by': 'release-bot',
      'ring.canary.run': 'https://gitlab.example.com/images/-/pipelines/77',
      'ring.canary.sha': 'b'.repeat(40),
    })
    expect(readFileSync(join(app, 'summary.md'), 'utf8')).toMatch(/^## .*Promoted$/m)
    expect(emulator.modules.entra.state.tokenRequests.map((r) => r.method)).toContain('client_secret')
  })

  it('promotes into staging as the system-assigned managed identity through the emulated IMDS', async () => {
    const result = await cli([...galleryFlags('1.2.0', 'staging'), '--auth', 'managed-identity'], imdsEnv())
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^## .*Promoted$/m)
    expect(tagsOf('1.2.0')['ring.staging.at']).toBeTruthy()
    const asked = emulator.modules.imds.state.tokenRequests
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.every((r) => r.clientId === undefined && r.error === undefined)).toBe(true)
    expect(asked[0]!.resource?.replace(/\/$/, '')).toBe(emulator.url)
    expect(emulator.requests.filter((r) => r.module === 'entra')).toEqual([])
  })

  it('asks IMDS for the user-assigned identity named by --client-id, and fails with exit 2 for an unknown one', async () => {
    const planned = await cli(
      [...galleryFlags('1.2.0', 'prod'), '--auth', 'managed-identity', '--client-id', USER_MI, '--dry-run'],
      imdsEnv(),
    )
    expect(planned.code, planned.stderr).toBe(0)
    expect(emulator.modules.imds.state.tokenRequests.map((r) => r.clientId)).toContain(USER_MI)
    expect(writes()).toEqual([])

    const unknown = '55555555-5555-5555-5555-555555555555'
    const refused = await cli(
      [...galleryFlags('1.2.0', 'prod'), '--auth', 'managed-identity', '--client-id', unknown],
      imdsEnv(),
    )
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('Identity not found')
    expect(writes()).toEqual([])
  })

  it('promotes into prod through the Azure CLI session, as inside AzureCLI@2 with a federated connection', async () => {
    const azDir = mkdtempSync(join(tmpdir(), 'aip-az-'))
    const calls = installAzureCli(azDir)
    const result = await cli([...galleryFlags('1.2.0', 'prod'), '--json'], {
      PATH: `${azDir}:${dirname(process.execPath)}:/usr/bin:/bin`,
      AZ_STAND_IN_AUTHORITY: emulator.url,
      AZ_STAND_IN_TENANT: TENANT,
      AZ_STAND_IN_CLIENT: CLIENT,
      AZ_STAND_IN_SECRET: SECRET,
      TF_BUILD: 'True',
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
      SYSTEM_TEAMPROJECT: 'images',
      BUILD_BUILDID: '812',
      BUILD_REQUESTEDFOR: 'Ana Lima',
      BUILD_SOURCEVERSION: 'e'.repeat(40),
    })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ promoted: 'true', ring: 'prod' })
    const asked = readFileSync(calls, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[])
    expect(asked[0]!.slice(0, 4)).toEqual(['account', 'get-access-token', '--output', 'json'])
    expect(asked[0]![asked[0]!.indexOf('--resource') + 1]).toBe(emulator.url)
    expect(tagsOf('1.2.0')).toMatchObject({
      'ring.prod.by': 'Ana Lima',
      'ring.prod.run': 'https://dev.azure.com/contoso/images/_build/results?buildId=812',
    })
  })

  it('exits 1 when a gate blocks (a region still replicating) and writes nothing', async () => {
    const result = await cli(galleryFlags('1.3.0', 'canary'), secretEnv)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/Gate failed: Replication: .*West Europe/)
    expect(result.stdout).toMatch(/^## .*Blocked$/m)
    expect(writes()).toEqual([])
  })

  it('exits 2 on bad input before any network call, naming the input and the value', async () => {
    const result = await cli([...galleryFlags('1.2.0', 'Prod!'), '--json'], secretEnv)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`Input 'ring' has an invalid value "Prod!"`)
    expect(JSON.parse(result.stdout)).toMatchObject({ promoted: 'false', result: { verdict: 'failed' } })
    expect(emulator.requests).toEqual([])

    const unknownFlag = await cli(['--ring', 'canary', '--comment-on-pr', 'false'])
    expect(unknownFlag.code).toBe(2)
    expect(unknownFlag.stderr).toContain('--comment-on-pr is a GitHub Actions input')
  })
})

describe.skipIf(skipWithoutRegistry())('the packed command on a real registry', () => {
  let reg: TestRegistry
  const repo = 'team/cli'
  beforeAll(async () => {
    reg = await TestRegistry.start()
  })
  afterAll(async () => reg?.stop())

  it('promotes a container image into canary by tag, anonymous registry, no Azure credential', async () => {
    const images = await seedRegistry(reg, repo)
    const result = await cli([
      '--registry',
      reg.host,
      '--repository',
      repo,
      '--version',
      images.oci.tag,
      '--ring',
      'canary',
      '--json',
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      promoted: 'true',
      digest: images.oci.digest,
      tags: ['canary'],
    })
    expect(await reg.tagDigest(repo, 'canary')).toBe(images.oci.digest)
  })
})
