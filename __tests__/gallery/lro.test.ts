// The pieces under the gallery target's writes: the long-running-operation loop (src/azure/lro.ts) on the
// emulator's `Location` monitor, Retry-After parsing, and reuse of the GitHub ID token (src/azure/credential.ts).
import { ComputeManagementClient } from '@azure/arm-compute'
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline'
import { afterEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { resolveCloud } from '../../src/azure/clouds.js'
import { createCredential, reusedUntilExpiry, reuseUntil } from '../../src/azure/credential.js'
import {
  NO_ADVICE_DELAYS_MS,
  noAdvicePolls,
  poll,
  retryAfterMs,
  runLro,
  type ArmSender,
} from '../../src/azure/lro.js'
import { StepError } from '../../src/core/errors.js'
import { CLIENT, galleryEmulator, runInProcess, SUB, TENANT, versionState } from '../reliability/support.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/** The ARM client's pipeline (auth, retries) against the emulator, as createGalleryTarget builds it. */
function armSender(em: Emulator): ArmSender {
  // @actions/core reads the OIDC request URL from the process environment, as on a runner.
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${em.url}/github-oidc/token?api-version=2.0`
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = em.modules['github-oidc'].state.requestToken
  const cloud = resolveCloud('', em.url, em.url)
  const { credential } = createCredential({ clientId: CLIENT, tenantId: TENANT }, cloud)
  const httpClient = createDefaultHttpClient()
  const client = new ComputeManagementClient(credential, SUB, {
    endpoint: em.url,
    credentials: { scopes: [`${em.url}/.default`] },
    httpClient,
  })
  return { pipeline: client.pipeline, httpClient, endpoint: em.url }
}

const VERSION_PATH =
  `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gallery1` +
  '/images/ubuntu-2404/versions/1.1.0?api-version=2025-12-03'

/** Starts a DELETE and returns its `Location` monitor (the emulator also sends Azure-AsyncOperation). */
async function startDelete(arm: ArmSender): Promise<string> {
  const request = createPipelineRequest({ url: arm.endpoint + VERSION_PATH, method: 'DELETE' })
  const response = await arm.pipeline.sendRequest(arm.httpClient, request)
  expect(response.status).toBe(202)
  return response.headers.get('location')!
}

describe('LRO polling through Location', () => {
  it('polls while Azure answers 202 and ends when it answers 200/204', async () => {
    const em = (emulator = await galleryEmulator())
    em.modules.gallery.state.settings.pollsBeforeDone = 2
    const arm = armSender(em)
    const location = await startDelete(arm)
    await poll(arm, { kind: 'location', url: location }, undefined, {
      step: 'Deleting version 1.1.0',
      noAdviceDelaysMs: [5],
    })
    expect(em.requests.filter((r) => r.query.monitor === 'true')).toHaveLength(3)
    expect(versionState(em, '1.1.0')).toBeUndefined()
  })

  it("a failed operation ends with Azure's code and message, naming the step", async () => {
    const em = (emulator = await galleryEmulator())
    em.modules.gallery.queueOperationOutcome({
      status: 'Failed',
      error: { code: 'GalleryImageVersionDeleteFailed', message: 'replica cleanup failed' },
    })
    const arm = armSender(em)
    const location = await startDelete(arm)
    const error = await poll(arm, { kind: 'location', url: location }, undefined, {
      step: 'Deleting version 1.1.0',
      noAdviceDelaysMs: [5],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StepError)
    expect((error as Error).message).toBe(
      'Deleting version 1.1.0 failed (GalleryImageVersionDeleteFailed): replica cleanup failed',
    )
  })
})

describe('LRO DELETE (the retire target deletes a version)', () => {
  it('follows Azure-AsyncOperation until Succeeded, without reading the version again', async () => {
    const em = (emulator = await galleryEmulator())
    em.modules.gallery.state.settings.pollsBeforeDone = 2
    const arm = armSender(em)
    await runLro(
      arm,
      { method: 'DELETE', path: VERSION_PATH },
      { step: 'Deleting version 1.1.0', noAdviceDelaysMs: [5] },
    )
    expect(versionState(em, '1.1.0')).toBeUndefined()
    const gallery = em.requests.filter((r) => r.module === 'gallery')
    expect(gallery.map((r) => r.method)).toEqual(['DELETE', 'GET', 'GET', 'GET'])
    // Every poll went to the operation, none to the version nor to the Location monitor.
    expect(
      gallery.slice(1).every((r) => r.path.includes('/capsOperations/') && r.query.monitor !== 'true'),
    ).toBe(true)
  })

  it("a canceled delete ends with a StepError naming the step and Azure's reason", async () => {
    const em = (emulator = await galleryEmulator())
    em.modules.gallery.queueOperationOutcome({
      status: 'Canceled',
      error: { code: 'OperationPreempted', message: 'a newer operation replaced this one' },
    })
    const error = await runLro(
      armSender(em),
      { method: 'DELETE', path: VERSION_PATH },
      { step: 'Deleting version 1.1.0', noAdviceDelaysMs: [5] },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StepError)
    expect((error as Error).message).toBe(
      'Deleting version 1.1.0 failed (Canceled): the long-running operation was canceled by Azure ' +
        '(OperationPreempted: a newer operation replaced this one)',
    )
    expect(versionState(em, '1.1.0')).toBeDefined()
  })
})

describe('polling without Retry-After (the 2026 recordings send none)', () => {
  /** Recorded: an update takes about 150 s, a delete about 90 s; clients polled about every 60 s. */
  const RECORDED_POLL_INTERVAL_MS = 60_000

  it('notices a recorded update and delete at most one recorded poll interval late, with a stated poll count', () => {
    expect(noAdvicePolls(150_000)).toEqual({ polls: 20, lateMs: 4_750 })
    expect(noAdvicePolls(90_000)).toEqual({ polls: 14, lateMs: 4_750 })
    // Whatever the duration: never later than the last step (10 s), a sixth of the recorded interval.
    for (let duration = 0; duration <= 600_000; duration += 1_250) {
      const { polls, lateMs } = noAdvicePolls(duration)
      expect(lateMs).toBeLessThanOrEqual(Math.min(NO_ADVICE_DELAYS_MS.at(-1)!, RECORDED_POLL_INTERVAL_MS))
      // Bounded: the short start (6 polls up to 14.75 s) plus one poll per 10 s after it.
      expect(polls).toBeLessThanOrEqual(6 + Math.ceil(Math.max(0, duration - 14_750) / 10_000) + 1)
    }
  })

  it('polls a time-true operation no more often than the schedule says, and sees it done', async () => {
    const em = (emulator = await galleryEmulator())
    em.modules.gallery.state.settings.lroDurationsMs = { delete: 1_000 }
    await runLro(armSender(em), { method: 'DELETE', path: VERSION_PATH }, { step: 'Deleting version 1.1.0' })
    expect(versionState(em, '1.1.0')).toBeUndefined()
    const polls = em.requests.filter((r) => r.path.includes('/capsOperations/'))
    // 250, 750, 1750 ms after the DELETE: 3 polls; a slow machine only delays polls, so never more.
    expect(noAdvicePolls(1_000).polls).toBe(3)
    expect(polls.length).toBeGreaterThanOrEqual(1)
    expect(polls.length).toBeLessThanOrEqual(3)
  })
})

describe('Retry-After', () => {
  const now = Date.parse('2026-11-23T12:00:00Z')
  const parse = (value: string) => retryAfterMs(createHttpHeaders({ 'retry-after': value }), now)

  it('reads seconds and HTTP dates', () => {
    expect(parse('3')).toBe(3_000)
    expect(parse('Mon, 23 Nov 2026 12:00:05 GMT')).toBe(5_000)
  })

  it('reads 0 and a past date as now, garbage and absence as no advice', () => {
    expect(parse('0')).toBe(0)
    expect(parse('Mon, 23 Nov 2026 11:59:00 GMT')).toBe(0)
    expect(parse('soon')).toBeUndefined()
    expect(retryAfterMs(createHttpHeaders({}), now)).toBeUndefined()
  })
})

describe('GitHub ID token reuse', () => {
  const jwt = (claims: object) =>
    ['{"alg":"none"}', JSON.stringify(claims), ''].map((p) => Buffer.from(p).toString('base64url')).join('.')

  it('reuses a token until a minute before its exp, and one request serves concurrent callers', async () => {
    let clock = 1_000_000_000_000
    const issued: string[] = []
    const fetch = async () => {
      const token = jwt({ exp: clock / 1000 + 300, n: issued.length })
      issued.push(token)
      return token
    }
    const assertion = reusedUntilExpiry(fetch, () => clock)
    const [a, b] = await Promise.all([assertion(), assertion()])
    expect(a).toBe(b)
    expect(await assertion()).toBe(a)
    clock += 239_000
    expect(await assertion()).toBe(a)
    clock += 1_000
    expect(await assertion()).not.toBe(a)
    expect(issued).toHaveLength(2)
  })

  it('keeps a token without a readable exp for 30 s only, and never keeps a failure', async () => {
    const now = 5_000
    expect(reuseUntil('not-a-jwt', now)).toBe(now + 30_000)
    expect(reuseUntil(jwt({ exp: 'tomorrow' }), now)).toBe(now + 30_000)
    let calls = 0
    const assertion = reusedUntilExpiry(async () => {
      if (++calls === 1) throw new Error('403')
      return 'token'
    })
    await expect(assertion()).rejects.toThrow('403')
    expect(await assertion()).toBe('token')
  })

  it('sends one GitHub OIDC request per run, and one per Entra token when the token is too short-lived to reuse', async () => {
    const em = (emulator = await galleryEmulator())
    const oidc = () => em.requests.filter((r) => r.module === 'github-oidc').length
    const dry = { version: '1.2.0', ring: 'prod', 'dry-run': 'true' }
    expect((await runInProcess(em, dry)).result?.verdict).toBe('planned')
    expect(oidc()).toBe(1)
    // 30 s of validity is inside the one-minute margin: ClientAssertionCredential's second call fetches again.
    em.reset()
    em.modules['github-oidc'].state.ttlSeconds = 30
    expect((await runInProcess(em, dry)).result?.verdict).toBe('planned')
    expect(oidc()).toBe(2)
  })
})
