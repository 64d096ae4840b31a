// The bundled action against recorded real Azure bodies: the emulator is seeded with the version and image
// definition GETs Microsoft recorded (2022 SDK session, 2026 CLI session) and answers with their shapes — display
// names in targetRegions, short names in `location` and the replication summary, absent per-region flags, `+00:00`
// dates, signed operation URLs, no Retry-After. The action must read them right: regions matched across both
// spellings, an absent per-region flag taken as "the global flag applies", the operation URL passed back untouched.
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import {
  IMAGE_PATH,
  RECORDED_SUBSCRIPTION,
  loadRecordedSession,
  recordedGallerySeed,
} from '../../emulator/recorded.js'
import { runAction, type ActionRun } from '../../emulator/runner.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { CLIENT, TENANT } from './helpers.js'

const RECORDED = path.join(import.meta.dirname, '..', 'fixtures', 'azure', 'recorded')

let emulator: Emulator

beforeAll(async () => {
  const python = await loadRecordedSession(path.join(RECORDED, 'sdk_python_galleries_2022.json'))
  const cli = await loadRecordedSession(path.join(RECORDED, 'image_version_end_of_life_date.json'))
  const seed = recordedGallerySeed({ python, cli }, { tenantId: TENANT, clientId: CLIENT })
  // Operations answer InProgress once, then end, as the recorded ones did (only faster).
  emulator = await startEmulator({ seed, gallery: { pollsBeforeDone: 1 } })
})
afterAll(async () => emulator?.close())
beforeEach(() => emulator.reset())

function promote(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: {
      'subscription-id': RECORDED_SUBSCRIPTION,
      'resource-group': 'rgname',
      gallery: 'galleryname4a232cfa',
      'image-definition': 'imagex4a232cfa',
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
    },
  })
}

const version = (name: string) =>
  emulator.modules.gallery.getVersion({
    subscriptionId: RECORDED_SUBSCRIPTION,
    resourceGroup: 'rgname',
    gallery: 'galleryname4a232cfa',
    image: 'imagex4a232cfa',
    version: name,
  })!

const polls = () => emulator.requests.filter((r) => r.path.includes('/capsOperations/'))

describe('the bundled action on recorded Azure bodies', () => {
  it('promotes the recorded 1.0.0 to canary: region read across spellings, signed poll passed back', async () => {
    const run = await promote({ version: '1.0.0', ring: 'canary' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs).toMatchObject({
      promoted: 'true',
      version: '1.0.0',
      ring: 'canary',
      regions: '["eastus2"]',
    })
    expect(run.outputs['image-id']).toBe(`${IMAGE_PATH}/versions/1.0.0`)
    expect(version('1.0.0').tags['ring.canary.by']).toBe('octocat')
    // Every poll carried the signature it was given (the emulator answers 404 otherwise).
    expect(polls().length).toBeGreaterThan(0)
    expect(polls().every((r) => r.status === 200 && ['t', 'c', 's', 'h'].every((k) => r.query[k]))).toBe(true)
  })

  it('at prod, hides the recorded stray 1.1.1 (end of life kept as recorded) and leaves 1.0.0 latest', async () => {
    expect((await promote({ version: '1.0.0', ring: 'staging' })).code).toBe(0)
    emulator.reset()
    const run = await promote({ version: '1.0.0', ring: 'prod' })
    expect(run.code, run.everything).toBe(0)
    const result = JSON.parse(run.outputs.result!) as { verdict: string }
    expect(result.verdict).toBe('promoted')
    // 1.1.1 (published 2026 with no flag set, end of life 2026-12-31T12:59:59+00:00) is higher: it is hidden.
    const stray = version('1.1.1')
    expect(stray.publishingProfile.excludeFromLatest).toBe(true)
    expect(stray.publishingProfile.endOfLifeDate).toBe('2026-12-31T12:59:59+00:00')
    const subject = version('1.0.0')
    expect(subject.publishingProfile.excludeFromLatest).toBe(false)
    expect(subject.publishingProfile.targetRegions.map((r) => r.excludeFromLatest ?? false)).toEqual([false])
    expect(polls().every((r) => r.status === 200)).toBe(true)
  })
})
