// Compute Gallery emulation, driven by the real @azure/arm-compute client over HTTPS with a
// ClientAssertionCredential (GitHub OIDC → Entra), plus raw REST checks against the spec fixtures.
import * as core from '@actions/core'
import { ComputeManagementClient, type GalleryImageVersion } from '@azure/arm-compute'
import { ClientAssertionCredential } from '@azure/identity'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { startEmulator, type Emulator } from '../../emulator/server.js'
import { requireTrustedCa } from '../../emulator/testbed/ca-trust.js'
import {
  API_VERSION,
  CLIENT,
  GALLERY,
  IMAGE,
  RG,
  SUBSCRIPTION,
  TENANT,
  call,
  demoSeed,
  fixture,
  muteWorkflowCommands,
  shapeDiff,
} from './helpers.js'

const savedEnv = { ...process.env }
const FAST = { updateIntervalInMs: 5 }

let emulator: Emulator
let credential: ClientAssertionCredential
let client: ComputeManagementClient
let token: string
let unmute: (() => void) | undefined

const versionsPath = (): string =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${IMAGE}/versions`
const versionUrl = (version: string, query = `api-version=${API_VERSION}`): string =>
  `${emulator.url}${versionsPath()}/${version}?${query}`
const ref = (version: string) => ({
  subscriptionId: SUBSCRIPTION,
  resourceGroup: RG,
  gallery: GALLERY,
  image: IMAGE,
  version,
})

beforeAll(async () => {
  requireTrustedCa()
  unmute = muteWorkflowCommands()

  const seed = demoSeed()
  seed.githubOidc = { ...seed.githubOidc, requestToken: 'gallery-test' }
  // Extra versions so listing spans several pages.
  const image = seed.subscriptions?.[0]?.resourceGroups?.[0]?.galleries?.[0]?.images?.[0]
  for (const name of ['0.9.0', '0.9.1', '0.9.2']) {
    image?.versions?.push({ name, regions: [{ name: 'eastus' }], tags: { old: 'yes' } })
  }
  image?.versions?.push({
    name: '2.0.0',
    regions: [
      { name: 'eastus', storageAccountType: 'Premium_LRS' },
      { name: 'westeurope', storageAccountType: 'Premium_LRS' },
    ],
    storageAccountType: 'Premium_LRS',
    policyViolations: [{ category: 'ImageFlaggedUnsafe', details: 'flagged in a test' }],
    endOfLifeDate: '2030-01-01T00:00:00Z',
  })
  emulator = await startEmulator({ seed, gallery: { pageSize: 3 } })
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${emulator.url}/github-oidc/token?api-version=2.0`
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'gallery-test'
  credential = new ClientAssertionCredential(
    TENANT,
    CLIENT,
    () => core.getIDToken('api://AzureADTokenExchange'),
    {
      authorityHost: emulator.url,
      disableInstanceDiscovery: true,
    },
  )
  client = new ComputeManagementClient(credential, SUBSCRIPTION, {
    endpoint: emulator.url,
    credentials: { scopes: [`${emulator.url}/.default`] },
  })
  token = (await credential.getToken(`${emulator.url}/.default`)).token
})

afterAll(async () => {
  unmute?.()
  process.env = savedEnv
  await emulator?.close()
})

beforeEach(() => {
  emulator.reset()
  emulator.faults.clear()
})

describe('REST shapes match the spec fixtures', () => {
  // The fixtures' examples carry per-resource extras (encryption, data disks, validations) that our seed
  // does not have; real responses add `type`, `tags`, the global `excludeFromLatest` and `endOfLifeDate`.
  // Recorded real traffic (../shared/fixtures/azure/recorded/) leaves out what the spec examples show as
  // defaults: an unset per-region `excludeFromLatest`, and `details` of a completed region.
  const shape = {
    optional: [
      'encryption',
      'dataDiskImages',
      'validationsProfile',
      'policyViolations',
      'details',
      'excludeFromLatest',
    ],
    extra: ['type', 'tags', 'excludeFromLatest', 'endOfLifeDate', 'architecture'],
  }

  it('GET version with $expand=ReplicationStatus', async () => {
    const response = await call(versionUrl('1.2.0', `api-version=${API_VERSION}&$expand=replicationstatus`), {
      token,
    })
    expect(response.status).toBe(200)
    const expected = fixture('GalleryImageVersion_Get_WithReplicationStatus.json').responses['200']?.body
    expect(shapeDiff(response.body, expected, shape)).toEqual([])
    const body = response.body as {
      id: string
      type: string
      location: string
      properties: Record<string, never>
    }
    expect(body.id).toBe(`${versionsPath()}/1.2.0`)
    expect(body.type).toBe('Microsoft.Compute/galleries/images/versions')
    expect(body.location).toBe('eastus')
    expect(body.properties.replicationStatus).toEqual({
      aggregatedState: 'Completed',
      summary: [
        { region: 'eastus', state: 'Completed', progress: 100 },
        { region: 'westeurope', state: 'Completed', progress: 100 },
      ],
    })
    for (const header of ['x-ms-request-id', 'x-ms-ratelimit-remaining-subscription-reads']) {
      expect(response.headers.get(header)).toBeTruthy()
    }
  })

  it('GET version without expand has no replicationStatus; policy violations are reported', async () => {
    const plain = await call(versionUrl('1.3.0'), { token })
    expect((plain.body as { properties: object }).properties).not.toHaveProperty('replicationStatus')
    const flagged = await call(versionUrl('2.0.0'), { token })
    expect((flagged.body as { properties: { safetyProfile: unknown } }).properties.safetyProfile).toEqual({
      allowDeletionOfReplicatedLocations: false,
      reportedForPolicyViolation: true,
      policyViolations: [{ category: 'ImageFlaggedUnsafe', details: 'flagged in a test' }],
      blockDeletionBeforeEndOfLife: false,
    })
  })

  it('list: items shaped like the fixture, no replicationStatus, nextLink paging', async () => {
    const response = await call(`${emulator.url}${versionsPath()}?api-version=${API_VERSION}`, { token })
    const expected = fixture('GalleryImageVersion_ListByGalleryImage.json').responses['200']?.body
    expect(shapeDiff(response.body, expected, shape)).toEqual([])
    const body = response.body as { value: { properties: object }[]; nextLink: string }
    expect(body.value).toHaveLength(3)
    for (const item of body.value) expect(item.properties).not.toHaveProperty('replicationStatus')
    expect(body.nextLink.startsWith(`${emulator.url}${versionsPath()}?`)).toBe(true)
  })

  it('GET image definition', async () => {
    const response = await call(
      `${emulator.url}/subscriptions/${SUBSCRIPTION}/resourcegroups/${RG}/providers/microsoft.compute/galleries/${GALLERY}/images/${IMAGE.toUpperCase()}?api-version=${API_VERSION}`,
      { token },
    )
    expect(response.status).toBe(200)
    const expected = fixture('GalleryImage_Get.json').responses['200']?.body
    expect(shapeDiff(response.body, expected, shape)).toEqual([])
    expect((response.body as { name: string }).name).toBe(IMAGE)
  })

  it('PATCH answers 200 Updating with Azure-AsyncOperation, like the Update fixture', async () => {
    const response = await call(versionUrl('1.1.0'), {
      token,
      method: 'PATCH',
      body: { tags: { ring: 'prod', promoted: 'yes' } },
    })
    expect(response.status).toBe(200)
    const expected = fixture('GalleryImageVersion_Update.json').responses['200']?.body
    expect(
      shapeDiff(response.body, expected, { ...shape, extra: [...shape.extra, 'id', 'safetyProfile'] }),
    ).toEqual([])
    expect(
      (response.body as { properties: { provisioningState: string } }).properties.provisioningState,
    ).toBe('Updating')
    const operation = response.headers.get('azure-asyncoperation') ?? ''
    expect(operation).toMatch(
      new RegExp(
        `^${emulator.url.replace(/\./g, '\\.')}/subscriptions/${SUBSCRIPTION}/providers/Microsoft\\.Compute/locations/eastus/capsOperations/[0-9a-f-]+\\?api-version=${API_VERSION}&t=\\d+&c=[^&]+&s=[^&]+&h=[^&]+$`,
      ),
    )
    expect(response.headers.get('x-ms-ratelimit-remaining-subscription-writes')).toBeTruthy()

    // Until the operation finishes: Updating with the old values; a second PATCH conflicts.
    const during = (await call(versionUrl('1.1.0'), { token })).body as {
      tags: object
      properties: { provisioningState: string }
    }
    expect(during.properties.provisioningState).toBe('Updating')
    expect(during.tags).toEqual({
      'ring.canary.at': '2026-09-15T09:00:00Z',
      'ring.staging.at': '2026-09-17T09:00:00Z',
      'ring.prod.at': '2026-09-21T09:00:00Z',
      'ring.prod.by': 'release-bot',
    })
    const conflict = await call(versionUrl('1.1.0'), { token, method: 'PATCH', body: { tags: {} } })
    expect(conflict.status).toBe(409)
    expect(conflict.body).toMatchObject({ error: { code: 'OperationNotAllowed' } })

    expect((await call(operation, { token })).body).toMatchObject({ status: 'InProgress' })
    const done = (await call(operation, { token })).body as Record<string, unknown>
    expect(done).toMatchObject({ status: 'Succeeded', name: operation.split('/').pop()?.split('?')[0] })
    expect(Object.keys(done).sort()).toEqual(['endTime', 'name', 'startTime', 'status'])
    const after = (await call(versionUrl('1.1.0'), { token })).body as {
      tags: object
      properties: { provisioningState: string }
    }
    expect(after.properties.provisioningState).toBe('Succeeded')
    expect(after.tags).toEqual({ ring: 'prod', promoted: 'yes' })
  })

  it('errors: auth, api-version, unknown resources', async () => {
    const noToken = await call(versionUrl('1.2.0'))
    expect(noToken.status).toBe(401)
    expect(noToken.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } })
    expect(noToken.headers.get('www-authenticate')).toMatch(
      /^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/1{8}-/,
    )
    expect((await call(versionUrl('1.2.0'), { token: 'garbage' })).status).toBe(401)

    const noVersion = await call(`${emulator.url}${versionsPath()}/1.2.0`, { token })
    expect(noVersion.status).toBe(400)
    expect(noVersion.body).toMatchObject({ error: { code: 'MissingApiVersionParameter' } })

    const missing = await call(versionUrl('9.9.9'), { token })
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({
      error: {
        code: 'ResourceNotFound',
        message: `The Resource 'Microsoft.Compute/galleries/${GALLERY}/images/${IMAGE}/versions/9.9.9' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      },
    })
    const noImage = await call(versionUrl('1.2.0').replace(IMAGE, 'nope'), { token })
    expect(noImage.body).toEqual({
      error: {
        code: 'ParentResourceNotFound',
        message: `Can not perform requested operation on nested resource. Parent resource '${GALLERY}/nope' not found.`,
      },
    })
    const unknownRoute = await call(`${emulator.url}/nothing/here`)
    expect(unknownRoute.status).toBe(404)
    expect(unknownRoute.body).toMatchObject({ error: { code: 'NotFound' } })
  })
})

describe('@azure/arm-compute against the emulator', () => {
  it('get with expand: ReplicationStatus (flattened models)', async () => {
    const version = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.3.0', {
      expand: 'ReplicationStatus',
    })
    expect(version.provisioningState).toBe('Succeeded')
    expect(version.publishingProfile?.excludeFromLatest).toBe(true)
    expect(version.replicationStatus?.aggregatedState).toBe('InProgress')
    expect(version.replicationStatus?.summary).toEqual([
      { region: 'eastus', state: 'Completed', progress: 100 },
      { region: 'westeurope', state: 'Replicating', details: '', progress: 42 },
    ])
    const plain = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.3.0')
    expect(plain.replicationStatus).toBeUndefined()
    const eol = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '2.0.0')
    expect(eol.publishingProfile?.endOfLifeDate).toEqual(new Date('2030-01-01T00:00:00Z'))
  })

  it('lists across several pages', async () => {
    const names: string[] = []
    for await (const version of client.galleryImageVersions.listByGalleryImage(RG, GALLERY, IMAGE)) {
      names.push(version.name ?? '')
    }
    expect(names).toEqual(['1.0.0', '1.1.0', '1.2.0', '1.3.0', '0.9.0', '0.9.1', '0.9.2', '2.0.0'])
    const pages = emulator.requests.filter(
      (entry) => entry.module === 'gallery' && entry.path.endsWith('/versions'),
    )
    expect(pages).toHaveLength(3)
    expect(
      pages.slice(1).every((entry) => entry.query.$skiptoken && entry.query['api-version'] === API_VERSION),
    ).toBe(true)
  })

  it('update: awaits the poller, then reads the change back', async () => {
    const current = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.3.0')
    const targetRegions = (current.publishingProfile?.targetRegions ?? []).map((region) => ({
      ...region,
      name: region.name === 'West Europe' ? 'westeurope' : region.name,
      excludeFromLatest: region.name === 'West Europe',
    }))
    const poller = client.galleryImageVersions.update(
      RG,
      GALLERY,
      IMAGE,
      '1.3.0',
      { tags: { ring: 'canary' }, publishingProfile: { excludeFromLatest: false, targetRegions } },
      FAST,
    )
    await poller.submitted()
    expect(emulator.modules.gallery.getVersion(ref('1.3.0'))?.provisioningState).toBe('Updating')
    expect(emulator.modules.gallery.getVersion(ref('1.3.0'))?.publishingProfile.excludeFromLatest).toBe(true)
    const result: GalleryImageVersion = await poller
    expect(result.provisioningState).toBe('Succeeded')
    expect(result.publishingProfile?.excludeFromLatest).toBe(false)

    const after = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.3.0', {
      expand: 'ReplicationStatus',
    })
    expect(after.tags).toEqual({ ring: 'canary' })
    expect(after.publishingProfile?.targetRegions).toEqual([
      {
        name: 'East US',
        regionalReplicaCount: 1,
        storageAccountType: 'Standard_LRS',
        excludeFromLatest: false,
      },
      {
        name: 'West Europe',
        regionalReplicaCount: 1,
        storageAccountType: 'Standard_LRS',
        excludeFromLatest: true,
      },
    ])
    // Replication of an existing region is not reset by an update.
    expect(after.replicationStatus?.summary?.[1]).toMatchObject({
      region: 'westeurope',
      state: 'Replicating',
    })

    const calls = emulator.requests.map(
      (entry) => `${entry.method} ${entry.path.split('/').slice(-2).join('/')}`,
    )
    expect(calls).toContain('PATCH versions/1.3.0')
    expect(calls.some((entry) => entry.startsWith('GET capsOperations/'))).toBe(true)
  })

  it('retries a 429 with Retry-After', async () => {
    const fault = emulator.faults.add({
      method: 'GET',
      path: /\/versions\/1\.2\.0$/i,
      respond: {
        status: 429,
        headers: { 'retry-after': '0' },
        body: { error: { code: 'TooManyRequests', message: 'The request is being throttled.' } },
      },
      times: 2,
    })
    const version = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.2.0')
    expect(version.name).toBe('1.2.0')
    expect(fault.hits).toBe(2)
    const statuses = emulator.requests
      .filter((entry) => entry.path.endsWith('/1.2.0'))
      .map((entry) => entry.status)
    expect(statuses).toEqual([429, 429, 200])
  })

  it('a failed operation surfaces its error code and leaves the old values', async () => {
    emulator.modules.gallery.queueOperationOutcome({
      status: 'Failed',
      error: { code: 'GalleryImageVersionUpdateFailed', message: 'Replication to West Europe failed.' },
    })
    const before = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.0.0')
    const poller = client.galleryImageVersions.update(
      RG,
      GALLERY,
      IMAGE,
      '1.0.0',
      {
        tags: { ring: 'gone' },
        publishingProfile: { excludeFromLatest: !before.publishingProfile?.excludeFromLatest },
      },
      FAST,
    )
    await expect(poller).rejects.toThrow(/GalleryImageVersionUpdateFailed/)
    const after = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.0.0')
    expect(after.provisioningState).toBe('Failed')
    expect(after.tags).toEqual(before.tags)
    expect(after.publishingProfile?.excludeFromLatest).toBe(before.publishingProfile?.excludeFromLatest)
  })

  it('refuses to change a region storage type and to drop a replicated region', async () => {
    const regions = [
      { name: 'eastus', storageAccountType: 'Standard_ZRS' as const },
      { name: 'westeurope', storageAccountType: 'Standard_LRS' as const },
    ]
    await expect(
      client.galleryImageVersions.update(
        RG,
        GALLERY,
        IMAGE,
        '1.2.0',
        { publishingProfile: { targetRegions: regions } },
        FAST,
      ),
    ).rejects.toMatchObject({ code: 'PropertyChangeNotAllowed', statusCode: 409 })
    await expect(
      client.galleryImageVersions.update(
        RG,
        GALLERY,
        IMAGE,
        '1.2.0',
        { publishingProfile: { targetRegions: [{ name: 'East US' }] } },
        FAST,
      ),
    ).rejects.toMatchObject({ code: 'OperationNotAllowed', statusCode: 409 })
  })

  it('a client without the emulator scope gets InvalidAuthenticationTokenAudience', async () => {
    const wrongScope = new ComputeManagementClient(credential, SUBSCRIPTION, { endpoint: emulator.url })
    await expect(wrongScope.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.2.0')).rejects.toMatchObject({
      code: 'InvalidAuthenticationTokenAudience',
      statusCode: 401,
    })
  })

  it('deletes a version as a long-running operation', async () => {
    await client.galleryImageVersions.delete(RG, GALLERY, IMAGE, '0.9.0', FAST)
    await expect(client.galleryImageVersions.get(RG, GALLERY, IMAGE, '0.9.0')).rejects.toMatchObject({
      code: 'ResourceNotFound',
      statusCode: 404,
    })
  })

  it('reads the image definition', async () => {
    const image = await client.galleryImages.get(RG, GALLERY, IMAGE)
    expect(image).toMatchObject({ name: IMAGE, osType: 'Linux', location: 'eastus' })
  })

  it('a reset fault destroys the socket and the SDK retries', async () => {
    emulator.faults.add({ method: 'GET', path: /\/versions\/1\.1\.0$/i, reset: true })
    const version = await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.1.0')
    expect(version.name).toBe('1.1.0')
    expect(emulator.requests.filter((entry) => entry.fault === 'reset')).toHaveLength(1)
  })

  it('latency is injected per request', async () => {
    emulator.latencyMs = 150
    try {
      const started = Date.now()
      await client.galleryImageVersions.get(RG, GALLERY, IMAGE, '1.1.0')
      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
      expect(emulator.requests.at(-1)?.durationMs).toBeGreaterThanOrEqual(140)
    } finally {
      emulator.latencyMs = 0
    }
  })
})
