// The gallery target's requests against the emulator, through prepare → execute as main.ts runs them: one GitHub
// OIDC token per run, the first write built from observe's read, a re-read (without $expand) only before writes
// that follow another write, the PATCH's operation polled on Retry-After with no GET of the version afterwards.
import { afterEach, describe, expect, it } from 'vitest'
import type { Emulator, RequestLogEntry } from '../../emulator/server.js'
import { galleryKind } from '../../scripts/bench/gallery.js'
import { galleryEmulator, gallerySeed, runInProcess } from '../reliability/support.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/** Seeded as the reliability tests are, with the LRO settings of the case. */
async function start(lro: { pollsBeforeDone: number; retryAfterSeconds: number }): Promise<Emulator> {
  const seed = gallerySeed()
  seed.gallery = { ...seed.gallery, ...lro, completeAfterMs: undefined }
  emulator = await galleryEmulator(seed)
  return emulator
}

const kinds = (log: RequestLogEntry[]) => log.map((r) => galleryKind(r))
const end = (r: RequestLogEntry) => r.startedAt.getTime() + r.durationMs

describe('gallery target requests', () => {
  it('promotes to a ring without latest with 1 OIDC token, 1 GET, 1 PATCH and 1 poll', async () => {
    const em = await start({ pollsBeforeDone: 0, retryAfterSeconds: 0 })
    const run = await runInProcess(em, { version: '1.3.0', ring: 'staging' })
    expect(run.result?.verdict, run.error ?? run.result?.error).toBe('promoted')
    const counts = Object.fromEntries(['oidc', 'get', 'patch', 'poll'].map((k) => [k, 0]))
    for (const kind of kinds(em.requests)) if (kind in counts) counts[kind]!++
    expect(counts).toEqual({ oidc: 1, get: 1, patch: 1, poll: 1 })
    // The one GET is observe's read of the subject (it carries replication); the PATCH went out without another.
    const log = em.requests
    const get = log.find((r) => galleryKind(r) === 'get')!
    expect(get.query.$expand).toBe('ReplicationStatus')
    // The terminal poll ends the write: the next request is verification's list, not a GET of the version.
    const poll = log.findIndex((r) => galleryKind(r) === 'poll')
    expect(galleryKind(log[poll + 1]!)).toBe('list')
  })

  it('on the latest ring re-reads only the versions written after another write, without $expand', async () => {
    const em = await start({ pollsBeforeDone: 0, retryAfterSeconds: 0 })
    const run = await runInProcess(em, { version: '1.2.0', ring: 'prod' })
    expect(run.result?.verdict, run.error ?? run.result?.error).toBe('promoted')
    const writes = run.result!.outcomes.map((o) => o.change.resource)
    expect(writes).toEqual(['1.2.0', '1.3.0', '1.10.0'])
    const log = em.requests
    const patches = log.filter((r) => r.method === 'PATCH').map((r) => r.path.split('/').at(-1))
    expect(patches).toEqual(writes)
    // Between each PATCH's terminal poll and the next PATCH: exactly one plain GET of that next version.
    for (let i = 1; i < writes.length; i++) {
      const from = log.findIndex((r) => r.method === 'PATCH' && r.path.endsWith(`/${writes[i - 1]}`))
      const to = log.findIndex((r) => r.method === 'PATCH' && r.path.endsWith(`/${writes[i]}`))
      const between = log.slice(from + 1, to)
      expect(kinds(between)).toEqual(['poll', 'get'])
      expect(between[1]!.path.endsWith(`/versions/${writes[i]}`)).toBe(true)
      expect(between[1]!.query.$expand).toBeUndefined()
    }
    expect(log.filter((r) => galleryKind(r) === 'oidc')).toHaveLength(1)
  })

  it('waits Retry-After before every poll and stops at the terminal one', async () => {
    const em = await start({ pollsBeforeDone: 1, retryAfterSeconds: 1 })
    const run = await runInProcess(em, { version: '1.3.0', ring: 'staging' })
    expect(run.result?.verdict, run.error ?? run.result?.error).toBe('promoted')
    const log = em.requests
    const patch = log.find((r) => r.method === 'PATCH')!
    const polls = log.filter((r) => galleryKind(r) === 'poll')
    expect(polls).toHaveLength(2)
    // Lower bounds only: the client slept at least what Azure asked for, counted from the response it read.
    expect(polls[0]!.startedAt.getTime() - end(patch)).toBeGreaterThanOrEqual(990)
    expect(polls[1]!.startedAt.getTime() - end(polls[0]!)).toBeGreaterThanOrEqual(990)
    expect(galleryKind(log[log.indexOf(polls[1]!) + 1]!)).toBe('list')
  })

  it('with Retry-After: 0 polls at once after the write, then on the short backoff until the operation ends', async () => {
    const em = await start({ pollsBeforeDone: 2, retryAfterSeconds: 0 })
    const run = await runInProcess(em, { version: '1.3.0', ring: 'staging' })
    expect(run.result?.verdict, run.error ?? run.result?.error).toBe('promoted')
    const polls = em.requests.filter((r) => galleryKind(r) === 'poll')
    expect(polls).toHaveLength(3)
    // A poll's zero is no advice (src/azure/lro.ts: no busy loop): 250 ms, then 375 ms.
    expect(polls[1]!.startedAt.getTime() - end(polls[0]!)).toBeGreaterThanOrEqual(245)
    expect(polls[2]!.startedAt.getTime() - end(polls[1]!)).toBeGreaterThanOrEqual(370)
  })

  it('does not follow an operation URL outside ARM (the poll would carry the ARM token)', async () => {
    const em = await start({ pollsBeforeDone: 0, retryAfterSeconds: 0 })
    em.faults.add({
      method: 'PATCH',
      path: /\/versions\/1\.3\.0$/,
      respond: {
        status: 200,
        headers: { 'azure-asyncoperation': 'https://example.invalid/operations/1' },
        body: {},
      },
    })
    const run = await runInProcess(em, { version: '1.3.0', ring: 'staging' })
    expect(run.result?.error).toContain('Updating version 1.3.0 failed (UnexpectedOperationUrl)')
    expect(em.requests.filter((r) => galleryKind(r) === 'poll')).toEqual([])
  })
})
