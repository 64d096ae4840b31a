// The emulator against recorded real Azure traffic (__tests__/fixtures/azure/recorded/): seeded from the recorded
// GET bodies, it must answer them back unchanged, and its writes, operations and refusals must have the recorded
// statuses, headers and bodies. Raw HTTPS, so nothing between the wire and the assertions normalises anything.
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

import { recordedTiming } from '../../emulator/lro.js'
import {
  EOL_VERSION_PATH,
  IMAGE_PATH,
  loadRecordedSession,
  recordedGallerySeed,
  recordedGet,
} from '../../emulator/recorded.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import type { GallerySettings } from '../../emulator/seed.js'
import { requireTrustedCa } from '../../emulator/testbed/ca-trust.js'
import { API_VERSION, CLIENT, TENANT, call } from './helpers.js'

const RECORDED = path.join(import.meta.dirname, '..', 'fixtures', 'azure', 'recorded')

const python = await loadRecordedSession(path.join(RECORDED, 'sdk_python_galleries_2022.json'))
const cli = await loadRecordedSession(path.join(RECORDED, 'image_version_end_of_life_date.json'))

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function start(gallery: GallerySettings = {}): Promise<{ em: Emulator; token: string }> {
  requireTrustedCa()
  emulator = await startEmulator({
    seed: recordedGallerySeed({ python, cli }, { tenantId: TENANT, clientId: CLIENT }),
    gallery,
  })
  const token = emulator.auth.issue('entra', {
    aud: emulator.url,
    tid: TENANT,
    appid: CLIENT,
    oid: '33333333-3333-3333-3333-333333333333',
  })
  return { em: emulator, token }
}

const url = (em: Emulator, resource: string, query = '') =>
  `${em.url}${resource}?api-version=${API_VERSION}${query}`
const properties = (body: unknown) => (body as { properties: Record<string, unknown> }).properties

describe('GET answers the recorded bodies back', () => {
  it('2022 version: display-name target region, short-name location, no per-region flag, 7-digit date', async () => {
    const { em, token } = await start()
    const recorded = recordedGet(python, `${IMAGE_PATH}/versions/1.0.0`)
    const response = await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), { token })
    expect(response.status).toBe(200)
    const body = response.body as Record<string, unknown>
    expect(body.location).toBe('eastus2')
    expect(properties(body).publishingProfile).toEqual(properties(recorded).publishingProfile)
    expect(properties(body).storageProfile).toEqual(properties(recorded).storageProfile)
    expect(properties(body).safetyProfile).toMatchObject(properties(recorded).safetyProfile as object)
  })

  it('2026 version: end-of-life date with +00:00 and the safety flags as recorded', async () => {
    const { em, token } = await start()
    const recorded = recordedGet(cli, EOL_VERSION_PATH)
    const response = await call(url(em, `${IMAGE_PATH}/versions/1.1.1`), { token })
    expect(properties(response.body).publishingProfile).toEqual(properties(recorded).publishingProfile)
    expect(properties(response.body).safetyProfile).toEqual(properties(recorded).safetyProfile)
  })

  it('replication summary: short region names, a completed region has progress 100 and no details', async () => {
    const { em, token } = await start()
    const response = await call(url(em, `${IMAGE_PATH}/versions/1.0.0`, '&$expand=ReplicationStatus'), {
      token,
    })
    const profile = properties(response.body).publishingProfile as { targetRegions: { name: string }[] }
    expect(profile.targetRegions.map((region) => region.name)).toEqual(['East US 2'])
    expect(properties(response.body).replicationStatus).toEqual({
      aggregatedState: 'Completed',
      summary: [{ region: 'eastus2', state: 'Completed', progress: 100 }],
    })
  })
})

describe('writes and operations as recorded', () => {
  it('PATCH: 200, Azure-AsyncOperation with signed query, no Location, whole resource Updating', async () => {
    const { em, token } = await start()
    const recorded = python.interactions.find(
      (entry) => entry.method === 'PATCH' && entry.path.includes('/versions/'),
    )!
    const response = await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), {
      token,
      method: 'PATCH',
      body: { tags: { ring: 'canary' } },
    })
    expect(response.status).toBe(recorded.status)
    expect(response.headers.get('location')).toBeNull()
    expect(response.headers.get('retry-after')).toBeNull()
    const operation = new URL(response.headers.get('azure-asyncoperation')!)
    expect([...operation.searchParams.keys()]).toEqual(['api-version', 't', 'c', 's', 'h'])
    expect(operation.pathname).toMatch(
      /\/providers\/Microsoft\.Compute\/locations\/eastus2\/capsOperations\/[0-9a-f-]+$/,
    )
    expect(properties(response.body).provisioningState).toBe('Updating')
    expect(Object.keys(properties(response.body)).sort()).toEqual(
      Object.keys(properties(recorded.body)).sort(),
    )

    // During the operation a GET sees Updating; the status bodies have the recorded keys and +00:00 dates.
    expect(
      properties((await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), { token })).body).provisioningState,
    ).toBe('Updating')
    const running = await call(operation.href, { token })
    expect(Object.keys(running.body as object)).toEqual(['startTime', 'status', 'name'])
    expect(running.body).toMatchObject({ status: 'InProgress' })
    const done = await call(operation.href, { token })
    expect(Object.keys(done.body as object)).toEqual(['startTime', 'endTime', 'status', 'name'])
    expect(done.body).toMatchObject({ status: 'Succeeded' })
    for (const date of [
      (done.body as { startTime: string }).startTime,
      (done.body as { endTime: string }).endTime,
    ]) {
      expect(date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{7})?\+00:00$/)
    }
  })

  it('refuses a poll whose signed parameters were dropped or altered', async () => {
    const { em, token } = await start()
    const patch = await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), {
      token,
      method: 'PATCH',
      body: { tags: {} },
    })
    const operation = new URL(patch.headers.get('azure-asyncoperation')!)
    const bare = `${operation.origin}${operation.pathname}?api-version=${API_VERSION}`
    expect((await call(bare, { token })).status).toBe(404)
    const altered = new URL(operation.href)
    altered.searchParams.set('s', 'forged')
    expect((await call(altered.href, { token })).status).toBe(404)
    expect((await call(operation.href, { token })).status).toBe(200)
  })

  it('DELETE: 202 with Azure-AsyncOperation and Location, Retry-After as configured (recorded 60)', async () => {
    const { em, token } = await start({ retryAfterSeconds: 60 })
    const recorded = python.interactions.find((entry) => entry.method === 'DELETE')!
    const response = await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), { token, method: 'DELETE' })
    expect(response.status).toBe(recorded.status)
    expect(response.headers.get('azure-asyncoperation')).toContain('/capsOperations/')
    expect(response.headers.get('location')).toContain('monitor=true')
    expect(response.headers.get('retry-after')).toBe(recorded.headers?.['Retry-After'])
  })

  it('a PATCH that sends a per-region flag sets it; one that leaves it out leaves it absent', async () => {
    const { em, token } = await start({ pollsBeforeDone: 0 })
    // The region as recorded (zone-redundant storage may not change), with or without the flag.
    const asRecorded = { name: 'East US 2', regionalReplicaCount: 2, storageAccountType: 'Standard_ZRS' }
    const write = async (region: Record<string, unknown>) => {
      const patch = await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), {
        token,
        method: 'PATCH',
        body: { properties: { publishingProfile: { targetRegions: [{ ...asRecorded, ...region }] } } },
      })
      expect(patch.status).toBe(200)
      await call(patch.headers.get('azure-asyncoperation')!, { token })
      const read = await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), { token })
      return (properties(read.body).publishingProfile as { targetRegions: Record<string, unknown>[] })
        .targetRegions[0]!
    }
    expect(await write({ excludeFromLatest: true })).toMatchObject({ excludeFromLatest: true })
    expect(await write({})).not.toHaveProperty('excludeFromLatest')
  })
})

describe('ARM tag limits', () => {
  const patchTags = async (tags: Record<string, string>) => {
    const { em, token } = await start()
    return call(url(em, `${IMAGE_PATH}/versions/1.0.0`), { token, method: 'PATCH', body: { tags } })
  }
  const code = (body: unknown) => (body as { error: { code: string } }).error.code

  it('refuses more than 50 tags, naming the count', async () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x']))
    const response = await patchTags(tags)
    expect(response.status).toBe(400)
    expect(code(response.body)).toBe('InvalidTagCount')
    expect(JSON.stringify(response.body)).toContain("'51'")
    await emulator?.close()
    emulator = undefined
    expect((await patchTags(Object.fromEntries(Object.entries(tags).slice(0, 50)))).status).toBe(200)
  })

  it('refuses a value over 256 characters and a name with a reserved character', async () => {
    const long = await patchTags({ approvers: 'a'.repeat(257) })
    expect([long.status, code(long.body)]).toEqual([400, 'InvalidTagValueLength'])
    await emulator?.close()
    emulator = undefined
    const reserved = await patchTags({ 'ring/prod': 'x' })
    expect([reserved.status, code(reserved.body)]).toEqual([400, 'InvalidTagNameCharacters'])
    expect(JSON.stringify(reserved.body)).toContain('ring/prod')
  })
})

describe('time-true operations', () => {
  it('recorded durations scaled: an update stays Updating for 150 s × scale, whatever the polls', async () => {
    const scale = 1 / 1000
    expect(recordedTiming(scale)).toEqual({ durationsMs: { create: 480, update: 150, delete: 90 } })
    // 1/100 for the live check: an update of 1.5 s leaves room for the polls on a busy machine.
    const { em, token } = await start({ timeScale: 1 / 100 })
    const started = Date.now()
    const patch = await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), {
      token,
      method: 'PATCH',
      body: { tags: {} },
    })
    const operation = patch.headers.get('azure-asyncoperation')!
    for (let i = 0; i < 3; i++)
      expect((await call(operation, { token })).body).toMatchObject({ status: 'InProgress' })
    expect(
      properties((await call(url(em, `${IMAGE_PATH}/versions/1.0.0`), { token })).body).provisioningState,
    ).toBe('Updating')
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_600 - (Date.now() - started))))
    expect((await call(operation, { token })).body).toMatchObject({ status: 'Succeeded' })
  })

  it('Retry-After is the recorded 60 s scaled, and left out under one second (never 0)', () => {
    expect(recordedTiming(1 / 60).retryAfterSeconds).toBe(1)
    expect(recordedTiming(1 / 600)).not.toHaveProperty('retryAfterSeconds')
  })

  it('counts write rounds and concurrent operations', async () => {
    const { em, token } = await start({ lroDurationsMs: { update: 100 } })
    const patch = (version: string) =>
      call(url(em, `${IMAGE_PATH}/versions/${version}`), {
        token,
        method: 'PATCH',
        body: { tags: { r: '1' } },
      })
    // Round 1: two writes in parallel; round 2: one write after both ended.
    await Promise.all([patch('1.0.0'), patch('1.1.1')])
    expect(em.modules.gallery.lroStats()).toEqual({
      operations: 2,
      writeRounds: 1,
      maxConcurrent: 2,
      running: 2,
    })
    await new Promise((resolve) => setTimeout(resolve, 120))
    await patch('1.0.0')
    expect(em.modules.gallery.lroStats()).toMatchObject({ operations: 3, writeRounds: 2, maxConcurrent: 2 })
    em.modules.gallery.resetLroStats()
    expect(em.modules.gallery.lroStats()).toMatchObject({ operations: 0, writeRounds: 0, maxConcurrent: 0 })
  })
})
