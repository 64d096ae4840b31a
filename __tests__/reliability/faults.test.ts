// Fault matrix: every call the gallery promotion makes × every fault, through prepare → execute (the code
// main.ts runs), against the emulator. A case passes when the run either succeeds after retrying (honouring
// Retry-After, within the bounded attempts) or fails with a message naming the step and Azure's code, and the
// gallery's state afterwards is exactly what the run's report says changed.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Emulator, FaultSpec } from '../../emulator/server.js'
import { writeFigures } from './figures.js'
import {
  changedVersions,
  galleryEmulator,
  latest,
  reportMatchesState,
  runInProcess,
  snapshot,
  SUB,
  TENANT,
  versionState,
  type InProcessRun,
} from './support.js'

const PROMOTE = { version: '1.2.0', ring: 'prod' }
const DEADLINE_MS = 1_500
/** The 'slow' fault's delay: past the deadline, so the run gives up on the request before it arrives. */
const SLOW_MS = DEADLINE_MS + 700
/** How long the seed's operations take on their own (support.ts: completeAfterMs). */
const OP_MS = 300

/** Each call the action makes for a gallery promotion, as the emulator sees it. */
const CALLS: { name: string; method: string; path: RegExp }[] = [
  { name: 'GitHub OIDC token', method: 'GET', path: /^\/github-oidc\/token$/ },
  { name: 'Entra token', method: 'POST', path: new RegExp(`^/${TENANT}/oauth2/v2.0/token$`) },
  { name: 'ARM list versions', method: 'GET', path: /\/images\/ubuntu-2404\/versions$/ },
  { name: 'ARM get version', method: 'GET', path: /\/versions\/1\.2\.0$/ },
  { name: 'ARM PATCH version', method: 'PATCH', path: /\/versions\/1\.3\.0$/ },
  { name: 'LRO poll', method: 'GET', path: /\/capsOperations\// },
]

type FaultKind = '429' | '500' | '503' | 'reset' | 'slow'

function fault(kind: FaultKind, call: (typeof CALLS)[number]): FaultSpec {
  const base = { method: call.method, path: call.path, times: 1 }
  const error = (code: string) => ({ error: { code, message: `injected ${code}` } })
  switch (kind) {
    case '429':
      return {
        ...base,
        respond: { status: 429, headers: { 'retry-after': '1' }, body: error('TooManyRequests') },
      }
    case '500':
      return { ...base, respond: { status: 500, body: error('InternalServerError') } }
    case '503':
      return { ...base, respond: { status: 503, body: error('ServiceUnavailable') } }
    case 'reset':
      return { ...base, reset: true }
    case 'slow':
      return { ...base, delayMs: SLOW_MS }
  }
}

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

interface Row {
  call: string
  fault: string
  outcome: string
  ms: number
}
const rows: Row[] = []

function summarise(run: InProcessRun): string {
  if (run.error) return `error: ${run.error}`
  const r = run.result!
  return r.verdict === 'promoted' ? 'promoted' : `${r.verdict}: ${r.error ?? ''}`
}

const CLEAN_LATEST = { eastus: '1.2.0', westeurope: '1.2.0' }

/** After any failure, a plain re-run with the same inputs must finish the promotion. */
async function rerunCompletes(em: Emulator): Promise<void> {
  const again = await runInProcess(em, PROMOTE)
  expect(again.result?.verdict, summarise(again)).toBe('promoted')
  expect(latest(em)).toEqual(CLEAN_LATEST)
}

describe('fault matrix (gallery promotion to the latest ring: 3 PATCHes, 3 LROs)', () => {
  for (const call of CALLS) {
    for (const kind of ['429', '500', '503', 'reset', 'slow'] as FaultKind[]) {
      it(`${call.name} × ${kind}`, async () => {
        emulator = await galleryEmulator()
        const before = snapshot(emulator)
        const injected = emulator.faults.add(fault(kind, call))
        const run = await runInProcess(emulator, PROMOTE, kind === 'slow' ? DEADLINE_MS : 60_000)
        rows.push({ call: call.name, fault: kind, outcome: summarise(run), ms: run.ms })
        expect(injected.hits, 'the fault was injected').toBe(1)
        if (kind === 'slow') {
          // Bounded by the deadline (plus one short read-back of an interrupted write).
          expect(run.ms).toBeLessThan(DEADLINE_MS + 1_000)
          expect(summarise(run)).toMatch(/Timed out after 1.5 seconds while (reading|listing|updating) /)
          // A write cut off by the deadline is reported as in doubt or as landed, never as "not written".
          if (call.method === 'PATCH' || call.name === 'LRO poll')
            expect(summarise(run)).toMatch(/may or may not take effect|still applying it|took effect anyway/)
          // Let the delayed request reach the emulator and its operation finish before judging the state: it
          // was sent before the run ended, so it lands at most SLOW_MS later, and its operation takes OP_MS.
          await new Promise((r) => setTimeout(r, SLOW_MS + OP_MS))
        } else {
          expect(run.result?.verdict, summarise(run)).toBe('promoted')
          expect(latest(emulator)).toEqual(CLEAN_LATEST)
        }
        if (kind === '429' && call.name === 'GitHub OIDC token') {
          // @actions/core does not expose the response headers: the assertion callback backs off 0.5 s, 1 s.
          expect(
            emulator.requests.filter((r) => r.path === '/github-oidc/token').length,
          ).toBeGreaterThanOrEqual(2)
        } else if (kind === '429') {
          // The retry waited for Retry-After (1 s).
          const log = emulator.requests
          const hit = log.findIndex((r) => r.fault === 'respond')
          const retry = log
            .slice(hit + 1)
            .find((r) => r.method === log[hit]!.method && r.path === log[hit]!.path)
          expect(retry, 'retried').toBeDefined()
          expect(retry!.startedAt.getTime() - log[hit]!.startedAt.getTime()).toBeGreaterThanOrEqual(900)
        }
        const check = reportMatchesState(emulator, run, before)
        expect(check.ok, check.why).toBe(true)
        if (run.result?.verdict !== 'promoted') await rerunCompletes(emulator)
      })
    }
  }

  it('retries are bounded: a call that always answers 503 fails after 5 attempts, naming step and code', async () => {
    emulator = await galleryEmulator()
    const before = snapshot(emulator)
    const injected = emulator.faults.add({
      method: 'PATCH',
      path: /\/versions\/1\.3\.0$/,
      times: Infinity,
      respond: {
        status: 503,
        headers: { 'retry-after': '0' },
        body: { error: { code: 'ServiceUnavailable', message: 'down' } },
      },
    })
    const run = await runInProcess(emulator, PROMOTE)
    rows.push({ call: 'ARM PATCH version', fault: '503 forever', outcome: summarise(run), ms: run.ms })
    expect(injected.hits).toBe(5)
    expect(run.result?.error).toContain('Updating version 1.3.0 failed (ServiceUnavailable)')
    expect(run.result?.outcomes.map((o) => o.status)).toEqual(['applied', 'failed', 'not-attempted'])
    expect(reportMatchesState(emulator, run, before).ok).toBe(true)
    // latest never left {before, after}: 1.2.0 included, 1.10.0 still visible above it.
    expect(latest(emulator)).toEqual({ eastus: '1.10.0', westeurope: '1.10.0' })
    emulator.faults.clear()
    await rerunCompletes(emulator)
  })

  it.each([
    [
      'Failed',
      { status: 'Failed', error: { code: 'GalleryImageVersionUpdateFailed', message: 'disk copy failed' } },
    ],
    ['Canceled', { status: 'Canceled' }],
  ] as const)(
    'LRO ends %s: the step and Azure code are named, nothing else is written',
    async (status, outcome) => {
      emulator = await galleryEmulator()
      const before = snapshot(emulator)
      emulator.modules.gallery.queueOperationOutcome(outcome as never)
      const run = await runInProcess(emulator, PROMOTE)
      rows.push({ call: 'LRO', fault: status, outcome: summarise(run), ms: run.ms })
      expect(run.result?.verdict).toBe('failed')
      expect(run.result?.error).toContain(
        status === 'Failed'
          ? 'Updating version 1.2.0 failed (GalleryImageVersionUpdateFailed)'
          : 'Updating version 1.2.0 failed (Canceled)',
      )
      expect(run.result?.outcomes.map((o) => o.status)).toEqual(['failed', 'not-attempted', 'not-attempted'])
      expect(changedVersions(before, snapshot(emulator))).toEqual([])
      expect(versionState(emulator, '1.2.0').provisioningState).toBe(
        status === 'Failed' ? 'Failed' : 'Succeeded',
      )
      if (status === 'Canceled') {
        await rerunCompletes(emulator)
      } else {
        // Azure leaves a version whose update failed in provisioningState Failed: the re-run refuses it by name.
        const again = await runInProcess(emulator, PROMOTE)
        expect(again.result?.verdict).toBe('blocked')
        expect(JSON.stringify(again.result?.plan?.gates)).toContain('provisioningState is Failed')
      }
    },
  )

  it('replication Failed in one region blocks before any write, naming the region', async () => {
    emulator = await galleryEmulator()
    emulator.modules.gallery.setReplication(
      {
        subscriptionId: SUB,
        resourceGroup: 'rg-images',
        gallery: 'gallery1',
        image: 'ubuntu-2404',
        version: '1.2.0',
      },
      'westeurope',
      'Failed',
    )
    const before = snapshot(emulator)
    const run = await runInProcess(emulator, PROMOTE)
    rows.push({ call: 'replication', fault: 'Failed in westeurope', outcome: summarise(run), ms: run.ms })
    expect(run.result?.verdict).toBe('blocked')
    expect(JSON.stringify(run.result?.plan?.gates)).toContain('West Europe: Failed')
    expect(emulator.requests.filter((r) => r.method === 'PATCH')).toEqual([])
    expect(changedVersions(before, snapshot(emulator))).toEqual([])
  })

  it('a token that expires mid-run fails the next write with ExpiredAuthenticationToken; the report is exact', async () => {
    emulator = await galleryEmulator()
    const em = emulator
    const before = snapshot(em)
    // Expire every Entra token the moment the second PATCH arrives (before the emulator checks it).
    let patches = 0
    const trigger = new (class extends RegExp {
      override test(path: string): boolean {
        if (!path.includes('?') && ++patches === 2) em.auth.expire('entra')
        return false
      }
    })('')
    em.faults.add({ method: 'PATCH', path: trigger, times: Infinity, delayMs: 0 })
    const run = await runInProcess(em, PROMOTE)
    rows.push({ call: 'Entra token', fault: 'expired mid-run', outcome: summarise(run), ms: run.ms })
    expect(run.result?.error).toMatch(/Updating version 1\.3\.0 failed \(ExpiredAuthenticationToken\)/)
    expect(run.result?.outcomes.map((o) => o.status)).toEqual(['applied', 'failed', 'not-attempted'])
    const check = reportMatchesState(em, run, before)
    expect(check.ok, check.why).toBe(true)
    em.faults.clear()
    await rerunCompletes(em)
  })
})

afterAll(() => {
  writeFigures('faults', rows)
})
