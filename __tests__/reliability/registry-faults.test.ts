// Registry fault matrix: every call a registry promotion makes × every fault, through prepare → execute (the
// code main.ts runs), on two registries, each behind emulator/testbed/fault-proxy.ts (a TLS proxy on loopback
// that injects the faults):
//   - the real docker-registry (distribution 2.8: no referrers API, so records go through the read-modify-write
//     fallback index; it has no fault hook of its own);
//   - the emulator's ACR route (the SDK's real challenge flow: /oauth2/exchange → /oauth2/token, the referrers
//     API, locks through /acr/v1/). The SDK sends its token calls to the registry host, so they pass the proxy too.
// A case passes when the run is promoted after bounded retries (honouring Retry-After), or ends at the deadline
// or with an error naming the step and the registry's code; and the registry, read back with plain HTTP or the
// emulator's state (not the action's client), differs from before exactly in what the run's report says.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TokenCredential } from '@azure/identity'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ACR_AUDIENCE } from '../../emulator/routes/acr.js'
import { actionDefaults } from '../../emulator/runner.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import type { RunResult } from '../../src/core/model.js'
import { readSettings } from '../../src/action/settings.js'
import { execute, prepare } from '../../src/run/promotion.js'
import { FaultProxy, type ProxyFaultSpec, type ProxyLogEntry } from '../../emulator/testbed/fault-proxy.js'
import { digestOf, MT, skipWithoutRegistry, TestRegistry } from '../../emulator/testbed/oci-registry.js'
import { requireTrustedCa } from '../../emulator/testbed/ca-trust.js'
import { writeFigures } from './figures.js'

// Most of a case is waiting (Retry-After, backoff, the deadline), and each case has its own proxy and
// repository: run many at once.
vi.setConfig({ maxConcurrency: 16 })

// Written out rather than imported, so the read-back shares nothing with the action's code.
const RECORD_TYPE = 'application/vnd.azure-image-promote.record.v1+json'
const RECORD_KEY = 'io.github.azure-image-promote.record'
/**
 * The deadline of "slow" cases: long enough to reach the last write on a loaded two-core machine, after the
 * tag writes' read-back settle (1 s) that comes before the locks.
 */
const DEADLINE_MS = 7_000

type FaultKind = '429' | '500' | '503' | 'reset' | 'slow' | 'lost'
const KINDS: FaultKind[] = ['429', '500', '503', 'reset', 'slow']

interface Call {
  name: string
  method: string
  path: RegExp
  /** A write: also try "lost" (the registry applied it, the response never arrived). */
  write?: boolean
  /**
   * Several requests make this call at once (each 401 challenge asks for its own access token), so which later
   * request is the retry of the faulted one cannot be told from the log: the 429 wait is not measured.
   */
  concurrent?: boolean
}

/** Every call promoting 1.0.0 to prod (a record, then tags prod and stable) makes on distribution. */
const DISTRIBUTION_CALLS: Call[] = [
  { name: 'manifest GET (source)', method: 'GET', path: /\/manifests\/1\.0\.0$/ },
  { name: 'referrers API (404 here)', method: 'GET', path: /\/referrers\/sha256:/ },
  { name: 'fallback index GET', method: 'GET', path: /\/manifests\/sha256-/ },
  { name: 'manifest HEAD (tag check)', method: 'HEAD', path: /\/manifests\/(prod|stable)$/ },
  { name: 'blob HEAD', method: 'HEAD', path: /\/blobs\/sha256:/ },
  { name: 'blob upload POST', method: 'POST', path: /\/blobs\/uploads\/$/, write: true },
  { name: 'blob upload PUT', method: 'PUT', path: /\/blobs\/uploads\/[^/]+$/, write: true },
  { name: 'record manifest PUT', method: 'PUT', path: /\/manifests\/sha256:/, write: true },
  { name: 'fallback index PUT', method: 'PUT', path: /\/manifests\/sha256-/, write: true },
  { name: 'tag PUT (prod)', method: 'PUT', path: /\/manifests\/prod$/, write: true },
]

const DISTRIBUTION_TAG_PUT = DISTRIBUTION_CALLS.find((c) => c.name === 'tag PUT (prod)')!

/** What ACR adds: the token exchange, the /acr/v1/ probe, the referrers API, the lock (prod locks there). */
const ACR_CALLS: Call[] = [
  { name: 'token exchange (Entra → ACR refresh)', method: 'POST', path: /^\/oauth2\/exchange$/ },
  { name: 'ACR access token', method: 'POST', path: /^\/oauth2\/token$/, concurrent: true },
  { name: 'manifest properties GET (/acr/v1 probe)', method: 'GET', path: /^\/acr\/v1\/.+\/_manifests\// },
  { name: 'referrers API', method: 'GET', path: /\/referrers\/sha256:/ },
  { name: 'tag PUT (prod)', method: 'PUT', path: /\/manifests\/prod$/, write: true },
  { name: 'lock manifest (PATCH)', method: 'PATCH', path: /^\/acr\/v1\/.+\/_manifests\//, write: true },
  { name: 'lock version tag (PATCH)', method: 'PATCH', path: /^\/acr\/v1\/.+\/_tags\//, write: true },
]

function ociError(code: string): unknown {
  return { errors: [{ code, message: `injected ${code}`, detail: null }] }
}

function faultFor(kind: FaultKind, call: Call): ProxyFaultSpec {
  const base = { method: call.method, path: call.path, times: 1 }
  switch (kind) {
    case '429':
      return {
        ...base,
        respond: { status: 429, headers: { 'retry-after': '1' }, body: ociError('TOOMANYREQUESTS') },
      }
    case '500':
      return { ...base, respond: { status: 500, body: ociError('UNKNOWN') } }
    case '503':
      return { ...base, respond: { status: 503, body: ociError('UNAVAILABLE') } }
    case 'reset':
      return { ...base, reset: true }
    case 'slow':
      // Held until the client gives up, or until the run has ended (then the registry still gets it).
      return { ...base, hold: true }
    case 'lost':
      return { ...base, lose: true }
  }
}

// --- running the action in-process ----------------------------------------------------------------------

// One ring with two tags (and a lock on ACR): a record, two tag moves and a lock are several writes, without
// earlier rings to promote first in every case.
function workspace(lock: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'aip-regfaults-'))
  mkdirSync(join(dir, '.github'))
  const policy = ['rings:', '  - name: prod', '    tags: [prod, stable]', ...(lock ? ['    lock: true'] : [])]
  writeFileSync(join(dir, '.github/image-promotion.yml'), `${policy.join('\n')}\n`)
  return dir
}

interface Run {
  result?: RunResult
  error?: string
  ms: number
}

/** One registry repository under test, reached through its own fault proxy. */
interface Subject {
  registry: 'distribution' | 'ACR (emulator)'
  proxy: FaultProxy
  repo: string
  digest: string
  workspace: string
  lock: boolean
  credential?: TokenCredential
  /** The repository's tags, records and locks, read without the action's code. */
  state(): Promise<State>
}

/** prepare → execute, as main.ts does, with a deadline in milliseconds. */
async function promote(subject: Subject, timeoutMs = 60_000): Promise<Run> {
  const inputs: Record<string, string> = {
    ...actionDefaults(),
    registry: subject.proxy.host,
    repository: subject.repo,
    version: '1.0.0',
    ring: 'prod',
    'comment-on-pr': 'false',
  }
  const started = Date.now()
  try {
    const settings = readSettings((name) => (inputs[name] ?? '').trim())
    settings.timeoutMs = timeoutMs
    const prepared = await prepare(settings, subject.workspace)
    const result = await execute(prepared, {
      record: { at: new Date(), actor: 'octocat', runUrl: '', sha: '', approvedBy: [] },
      ...(subject.credential ? { credential: subject.credential } : {}),
    })
    return { result, ms: Date.now() - started }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { error: message, ms: Date.now() - started }
  }
}

function summarise(run: Run): string {
  if (run.error) return `error: ${run.error}`
  const r = run.result!
  if (r.verdict === 'blocked')
    return `blocked: ${JSON.stringify(r.plan?.gates.filter((g) => g.status === 'fail'))}`
  if (r.verdict !== 'failed') return r.verdict
  return `failed [${r.outcomes.map((o) => o.status).join(', ')}]: ${r.error ?? ''}`
}

// --- the registry's state, read independently -----------------------------------------------------------

interface State {
  /** Every tag but the `sha256-…` fallback indexes → digest. */
  tags: Record<string, string>
  /** `<type>:<ring>` of each record on the promoted digest, sorted (duplicates kept). */
  records: string[]
  /** ACR: the manifest's and the version tag's write locks. */
  locks: { manifest: boolean; tag: boolean }
}

function recordKey(annotations: Record<string, string> | undefined): string {
  const raw = annotations?.[RECORD_KEY]
  if (!raw) return '(record without annotation)'
  const r = JSON.parse(raw) as { type: string; ring: string }
  return `${r.type}:${r.ring}`
}

async function distributionState(reg: TestRegistry, repo: string, digest: string): Promise<State> {
  const tags: Record<string, string> = {}
  for (const tag of await reg.tags(repo)) {
    if (!tag.startsWith('sha256-')) tags[tag] = (await reg.tagDigest(repo, tag))!
  }
  const index = await reg.getManifest(repo, digest.replace(':', '-'))
  type Index = { manifests: { artifactType?: string; annotations?: Record<string, string> }[] }
  const manifests = index ? (JSON.parse(index.body.toString()) as Index).manifests : []
  const records = manifests
    .filter((m) => m.artifactType === RECORD_TYPE)
    .map((m) => recordKey(m.annotations))
    .sort()
  return { tags, records, locks: { manifest: false, tag: false } }
}

function acrState(emulator: Emulator, repo: string, digest: string): State {
  const stored = emulator.modules.acr.state.repositories.get(repo)!
  const tags = Object.fromEntries([...stored.tags].map(([name, t]) => [name, t.digest]))
  const records: string[] = []
  for (const m of stored.manifests.values()) {
    const json = JSON.parse(m.content.toString()) as {
      artifactType?: string
      subject?: { digest: string }
      annotations?: Record<string, string>
    }
    if (json.artifactType === RECORD_TYPE && json.subject?.digest === digest)
      records.push(recordKey(json.annotations))
  }
  const locks = {
    manifest: !stored.manifests.get(digest)!.attributes.writeEnabled,
    tag: !stored.tags.get('1.0.0')!.attributes.writeEnabled,
  }
  return { tags, records: records.sort(), locks }
}

/** The plan's change ids that account for each difference between two states. */
function differences(before: State, after: State): string[] {
  const ids = new Set<string>()
  for (const tag of new Set([...Object.keys(before.tags), ...Object.keys(after.tags)]))
    if (before.tags[tag] !== after.tags[tag]) ids.add(`tag:${tag}`)
  const remaining = [...before.records]
  for (const r of after.records) {
    const i = remaining.indexOf(r)
    if (i >= 0) remaining.splice(i, 1)
    else ids.add(`record:${r.split(':')[1]}:${r.split(':')[0]}`)
  }
  if (remaining.length > 0) ids.add('records removed')
  if (before.locks.manifest !== after.locks.manifest) ids.add('lock:manifest')
  if (before.locks.tag !== after.locks.tag) ids.add('lock:tag')
  return [...ids]
}

/** The difference a change id accounts for: the two lock changes are one PATCH each. */
function differenceOf(id: string): string {
  if (id.startsWith('lock:tag:')) return 'lock:tag'
  return id.startsWith('lock:') ? 'lock:manifest' : id
}

function inEffect(id: string, after: State, digest: string): boolean {
  if (id.startsWith('tag:')) return after.tags[id.slice(4)] === digest
  if (id.startsWith('record:')) {
    const [, ring, type] = id.split(':')
    return after.records.includes(`${type}:${ring}`)
  }
  if (id.startsWith('lock:tag:')) return after.locks.tag
  if (id.startsWith('lock:')) return after.locks.manifest
  return false
}

const IN_DOUBT = /may or may not take effect/

/** The report is exact: applied writes are in effect, and every difference is an applied (or in-doubt) write. */
function reportMismatch(run: Run, before: State, after: State, digest: string): string | undefined {
  const outcomes = run.result?.outcomes ?? []
  for (const o of outcomes) {
    if (o.status === 'applied' && !inEffect(o.change.id, after, digest))
      return `${o.change.id} reported applied but not in effect: ${JSON.stringify(after)}`
  }
  const explained = outcomes
    .filter((o) => o.status === 'applied' || (o.status === 'failed' && IN_DOUBT.test(o.error ?? '')))
    .map((o) => differenceOf(o.change.id))
  const unexplained = differences(before, after).filter((id) => !explained.includes(id))
  return unexplained.length > 0 ? `changed but not reported: ${unexplained.join(', ')}` : undefined
}

/** Promoted: both prod tags on the digest, exactly one prod record, and the lock where the ring asks. */
function expectPromoted(state: State, subject: Subject): void {
  expect(state.tags.prod).toBe(subject.digest)
  expect(state.tags.stable).toBe(subject.digest)
  expect(state.records.filter((r) => r === 'promote:prod')).toEqual(['promote:prod'])
  expect(state.locks).toEqual({ manifest: subject.lock, tag: subject.lock })
}

// --- the figures ------------------------------------------------------------------------------------------

interface Row {
  registry: string
  call: string
  fault: string
  outcome: string
  /** Requests the faulted call took until it got a real answer (1 = not retried). */
  attempts: number
  ms: number
  /** "slow": whether the client hung up on the held request (the SDK's token calls cannot be aborted). */
  hungUp?: boolean
}
const rows: Row[] = []
afterAll(() => writeFigures('registry-faults', rows))

/** The faulted request and its retries (same method and path) up to the first real answer. */
function attemptsOf(log: ProxyLogEntry[]): { attempts: ProxyLogEntry[]; waitedMs?: number } {
  const hit = log.findIndex((r) => r.fault !== undefined && r.fault !== 'before')
  if (hit < 0) return { attempts: [] }
  const same = log.filter((r, i) => i >= hit && r.method === log[hit]!.method && r.path === log[hit]!.path)
  const answered = same.findIndex((r) => r.fault === undefined && r.status > 0)
  const attempts = answered < 0 ? same : same.slice(0, answered + 1)
  const retry = attempts[1]
  return {
    attempts,
    ...(retry ? { waitedMs: retry.startedAt.getTime() - attempts[0]!.startedAt.getTime() } : {}),
  }
}

/**
 * One matrix case: inject, run, wait for any held request to land, compare the registry with the report;
 * after a failure, a plain re-run with the same inputs must finish the promotion without duplicating anything.
 */
async function matrixCase(subject: Subject, call: Call, kind: FaultKind): Promise<void> {
  const before = await subject.state()
  const fault = subject.proxy.add(faultFor(kind, call))
  const run = await promote(subject, kind === 'slow' ? DEADLINE_MS : undefined)
  // The run ended without an answer to a held request (none is given before this): it did not wait for one.
  subject.proxy.release()
  await subject.proxy.idle()
  const after = await subject.state()
  const { attempts, waitedMs } = attemptsOf(subject.proxy.requests)
  rows.push({
    registry: subject.registry,
    call: call.name,
    fault: kind,
    outcome: summarise(run),
    attempts: attempts.length,
    ms: run.ms,
    ...(kind === 'slow' ? { hungUp: attempts[0]?.clientLeft === true } : {}),
  })
  expect(fault.hits, 'the fault was injected').toBe(1)
  if (kind === 'slow') {
    expect(summarise(run)).toMatch(/Timed out after 7 seconds while \w+/)
  } else {
    expect(run.result?.verdict, summarise(run)).toBe('promoted')
    expect(attempts.length, 'retried').toBeGreaterThanOrEqual(2)
  }
  if (kind === '429' && !call.concurrent)
    expect(waitedMs, 'waited for Retry-After: 1').toBeGreaterThanOrEqual(900)
  expect(reportMismatch(run, before, after, subject.digest)).toBeUndefined()
  if (run.result?.verdict !== 'promoted') {
    // Unchanged when every write landed after all (a held write the proxy forwarded once the client left).
    const again = await promote(subject)
    expect(['promoted', 'unchanged'], summarise(again)).toContain(again.result?.verdict)
  }
  expectPromoted(await subject.state(), subject)
}

function matrix(calls: Call[]): (readonly [string, Call, FaultKind])[] {
  return calls.flatMap((call) =>
    [...KINDS, ...(call.write ? (['lost'] as const) : [])].map(
      (kind) => [`${call.name} × ${kind}`, call, kind] as const,
    ),
  )
}

/** A case outside the matrix: its faults, what the run must report, and what the re-run must write. */
interface Extra {
  name: string
  faults: (subject: Subject) => ProxyFaultSpec[]
  timeoutMs?: number
  /** Statuses of the failed run's changes, in plan order ([] = failed before any); undefined = promoted. */
  statuses?: string[]
  /** Text the failure must contain (the step and the registry's code). */
  error?: RegExp
  /** Change ids the re-run writes. */
  rerun?: (subject: Subject) => string[]
  /** More to check in the proxy's log. */
  log?: (log: ProxyLogEntry[]) => void
}

/** Inject, run, compare the registry with the report; clear the faults and re-run with the same inputs. */
async function extraCase(subject: Subject, extra: Extra): Promise<void> {
  const before = await subject.state()
  const faults = extra.faults(subject).map((f) => subject.proxy.add(f))
  const run = await promote(subject, extra.timeoutMs)
  await subject.proxy.idle()
  const [call, ...fault] = extra.name.split(': ')
  rows.push({
    registry: subject.registry,
    call: call!,
    fault: fault.join(': '),
    outcome: summarise(run),
    attempts: faults.reduce((n, f) => n + f.hits, 0),
    ms: run.ms,
  })
  expect(
    faults.every((f) => f.hits > 0),
    'every fault was injected',
  ).toBe(true)
  if (!extra.statuses) {
    expect(run.result?.verdict, summarise(run)).toBe('promoted')
  } else {
    expect(run.result?.verdict, summarise(run)).not.toBe('promoted')
    expect(
      (run.result?.outcomes ?? []).map((o) => o.status),
      summarise(run),
    ).toEqual(extra.statuses)
  }
  if (extra.error) expect(run.result?.error ?? run.error).toMatch(extra.error)
  expect(reportMismatch(run, before, await subject.state(), subject.digest)).toBeUndefined()
  extra.log?.(subject.proxy.requests)
  if (extra.rerun) {
    subject.proxy.clear()
    const again = await promote(subject)
    expect(again.result?.verdict, summarise(again)).toBe('promoted')
    expect(again.result?.outcomes.map((o) => o.change.id)).toEqual(extra.rerun(subject))
  }
  expectPromoted(await subject.state(), subject)
}

/** Statuses the registry answered to one method + path, in order. */
function calls(log: ProxyLogEntry[], method: string, path: RegExp): number[] {
  return log.filter((r) => r.method === method && path.test(r.path)).map((r) => r.status)
}

const skip = skipWithoutRegistry()

// --- distribution 2.8 --------------------------------------------------------------------------------------

describe.skipIf(skip)('registry fault matrix: distribution 2.8 behind the fault proxy', () => {
  let reg: TestRegistry
  let ws: string
  let count = 0
  beforeAll(async () => {
    requireTrustedCa()
    reg = await TestRegistry.start()
    ws = workspace(false)
  })
  afterAll(async () => {
    rmSync(ws, { recursive: true, force: true })
    await reg?.stop()
  })

  /** A fresh repository holding 1.0.0 with a signature in its fallback index, behind a fresh proxy. */
  async function subject(): Promise<Subject> {
    const repo = `team/f${++count}`
    const digest = await seedDistribution(reg, repo)
    return {
      registry: 'distribution',
      proxy: await FaultProxy.start(reg.host),
      repo,
      digest,
      workspace: ws,
      lock: false,
      state: () => distributionState(reg, repo, digest),
    }
  }

  it.concurrent.each(matrix(DISTRIBUTION_CALLS))('%s', async (_name, call, kind) => {
    const s = await subject()
    try {
      await matrixCase(s, call, kind)
    } finally {
      await s.proxy.close()
    }
  })

  const extras: Extra[] = [
    {
      // Bounded: 1 + 4 retries, then the step and the registry's code; what was written is reported.
      name: 'tag PUT (prod): 503 on every attempt',
      faults: () => [
        {
          ...DISTRIBUTION_TAG_PUT,
          times: Infinity,
          respond: { status: 503, headers: { 'retry-after': '0' }, body: ociError('UNAVAILABLE') },
        },
      ],
      // The ring's tags are written together: stable lands while prod fails, and each says so.
      statuses: ['applied', 'failed', 'applied'],
      error: /Writing manifest .*team\/\w+:prod failed \(UNAVAILABLE/,
      rerun: () => ['tag:prod'],
    },
    {
      // A failure between two writes of one promotion (several tags): the re-run writes only what is missing.
      name: 'tag PUT (stable): refused (403 DENIED) after record and prod',
      faults: () => [
        {
          method: 'PUT',
          path: /\/manifests\/stable$/,
          times: Infinity,
          respond: { status: 403, body: ociError('DENIED') },
        },
      ],
      statuses: ['applied', 'applied', 'failed'],
      error: /Writing manifest .*team\/\w+:stable failed \(DENIED/,
      rerun: () => ['tag:stable'],
    },
    {
      // A Retry-After past the deadline is not waited out: the run ends at the deadline.
      name: 'manifest GET (source): 429 with Retry-After: 30, deadline 5 s',
      faults: () => [
        {
          ...faultFor('429', DISTRIBUTION_CALLS[0]!),
          respond: { status: 429, headers: { 'retry-after': '30' } },
        },
      ],
      timeoutMs: DEADLINE_MS,
      statuses: [],
      error: /Timed out after 7 seconds while reading manifest .*:1\.0\.0/,
      rerun: () => ['record:prod:promote', 'tag:prod', 'tag:stable'],
    },
  ]
  it.concurrent.each(extras.map((e) => [e.name, e] as const))('%s', async (_name, extra) => {
    const s = await subject()
    try {
      await extraCase(s, extra)
    } finally {
      await s.proxy.close()
    }
  })
})

/** One OCI image tagged 1.0.0 with a signature in its fallback index (as a signing tool leaves it). */
async function seedDistribution(reg: TestRegistry, repo: string): Promise<string> {
  const config = await reg.pushBlob(repo, JSON.stringify({ architecture: 'amd64', os: 'linux', repo }))
  const layer = await reg.pushBlob(repo, `layer of ${repo}`)
  const manifest = {
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    config: { mediaType: MT.ociConfig, ...config },
    layers: [{ mediaType: MT.ociLayer, ...layer }],
  }
  const digest = await reg.putManifest(repo, '1.0.0', manifest, MT.ociManifest)
  const empty = await reg.pushBlob(repo, '{}')
  const signature = signatureOf(digest, JSON.stringify(manifest).length, empty.digest)
  const bytes = Buffer.from(JSON.stringify(signature))
  await reg.putManifest(repo, digestOf(bytes), signature, MT.ociManifest)
  const index = {
    schemaVersion: 2,
    mediaType: MT.ociIndex,
    manifests: [
      { mediaType: MT.ociManifest, digest: digestOf(bytes), size: bytes.length, artifactType: SIGNATURE },
    ],
  }
  await reg.putManifest(repo, digest.replace(':', '-'), index, MT.ociIndex)
  return digest
}

const SIGNATURE = 'application/vnd.dev.cosign.artifact.sig.v1+json'

function signatureOf(subject: string, size: number, empty: string): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    artifactType: SIGNATURE,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty, size: 2 },
    layers: [{ mediaType: 'application/vnd.oci.empty.v1+json', digest: empty, size: 2 }],
    subject: { mediaType: MT.ociManifest, digest: subject, size },
  }
}

// --- ACR: the emulator's route ------------------------------------------------------------------------------

describe('registry fault matrix: ACR (emulator route behind the fault proxy; prod locks)', () => {
  let emulator: Emulator
  let ws: string
  let credential: TokenCredential
  let count = 0
  beforeAll(async () => {
    requireTrustedCa()
    // One emulator for every case (each has its own repository and proxy): its token signing key is costly.
    emulator = await startEmulator({ seed: { acr: { requireAuth: true } } })
    ws = workspace(true)
    // The Entra leg (OIDC → Entra token) has its own matrix in faults.test.ts; here the emulator issues the
    // Entra token, and everything after it is the SDK's real ACR challenge flow through the proxy.
    credential = {
      getToken: async () => ({
        token: emulator.auth.issue('entra', { aud: ACR_AUDIENCE, oid: 'sp-object-id', tid: 'tenant' }),
        expiresOnTimestamp: Date.now() + 3_600_000,
      }),
    }
  })
  afterAll(async () => {
    rmSync(ws, { recursive: true, force: true })
    await emulator?.close()
  })

  async function subject(): Promise<Subject> {
    const repo = `team/acr${++count}`
    const digest = seedAcr(emulator, repo)
    return {
      registry: 'ACR (emulator)',
      proxy: await FaultProxy.start(new URL(emulator.url).host),
      repo,
      digest,
      workspace: ws,
      lock: true,
      credential,
      state: async () => acrState(emulator, repo, digest),
    }
  }

  it.concurrent.each(matrix(ACR_CALLS))('%s', async (_name, call, kind) => {
    const s = await subject()
    try {
      await matrixCase(s, call, kind)
    } finally {
      await s.proxy.close()
    }
  })

  const denied = (path: RegExp): ProxyFaultSpec => ({
    method: 'PATCH',
    path,
    times: Infinity,
    respond: { status: 403, body: ociError('DENIED') },
  })
  const expire = (...kinds: ('acr-access' | 'acr-refresh')[]): ProxyFaultSpec[] => [
    // The moment the prod tag PUT arrives, before the registry checks its token.
    {
      method: 'PUT',
      path: /\/manifests\/prod$/,
      before: () => kinds.forEach((k) => emulator.auth.expire(k)),
    },
  ]
  const extras: Extra[] = [
    {
      // A lock after the retag fails: tags moved and recorded, not locked; the re-run only locks.
      name: 'lock manifest (PATCH): refused (403 DENIED) after record, prod and stable',
      faults: () => [denied(/^\/acr\/v1\/.+\/_manifests\//)],
      statuses: ['applied', 'applied', 'applied', 'failed', 'not-attempted'],
      error: /Locking .*team\/acr\d+@sha256:\w+ failed \(DENIED|HTTP 403/,
      rerun: (s) => [`lock:${s.digest}`, 'lock:tag:1.0.0'],
    },
    {
      // The second PATCH of a lock is refused: the manifest lock is reported applied, the tag's failed; the
      // re-run reads the tag's own lock and writes only that one.
      name: 'lock version tag (PATCH): refused (403 DENIED) after the manifest lock',
      faults: () => [denied(/^\/acr\/v1\/.+\/_tags\//)],
      statuses: ['applied', 'applied', 'applied', 'applied', 'failed'],
      error: /Locking .*team\/acr\d+:1\.0\.0 failed \(DENIED/,
      rerun: () => ['lock:tag:1.0.0'],
    },
  ]
  it.concurrent.each(extras.map((e) => [e.name, e] as const))('%s', async (_name, extra) => {
    const s = await subject()
    try {
      await extraCase(s, extra)
    } finally {
      await s.proxy.close()
    }
  })
  // Expiring tokens is global to the emulator: these two run alone, after the concurrent cases.
  const expiries: Extra[] = [
    {
      // The SDK answers the 401 (invalid_token) challenge with a new access token from its refresh token.
      name: 'ACR access token: expires mid-run (before the prod tag PUT)',
      faults: () => expire('acr-access'),
      log: (log) => expect(calls(log, 'PUT', /\/manifests\/prod$/)).toEqual([401, 201]),
    },
    {
      // The SDK would reuse its rejected refresh token until its `exp`: the client renews its auth once.
      name: 'ACR refresh and access tokens: rejected mid-run (before the prod tag PUT)',
      faults: () => expire('acr-access', 'acr-refresh'),
      log: (log) => {
        // The refresh token is refused once per tag write in flight with it (prod, and stable when it was not
        // already through); both retry once on the one renewed client, which exchanges the Entra token again:
        // no loop. (The lock's own client makes its first exchange later, hence at least one.)
        const after = log.slice(log.findIndex((r) => r.fault === 'before'))
        const refused = calls(after, 'POST', /^\/oauth2\/token$/).filter((status) => status === 401)
        expect(refused.length).toBeGreaterThanOrEqual(1)
        expect(refused.length).toBeLessThanOrEqual(2)
        expect(calls(after, 'POST', /^\/oauth2\/exchange$/)).toContain(200)
      },
    },
    {
      // The lock calls go through the ACR client, which has its own tokens: renewed once after a 401 too.
      name: 'ACR refresh and access tokens: rejected mid-run (before the version-tag lock PATCH)',
      faults: () => [
        {
          method: 'PATCH',
          path: /^\/acr\/v1\/.+\/_tags\//,
          before: () => ['acr-access', 'acr-refresh'].forEach((k) => emulator.auth.expire(k)),
        },
      ],
      log: (log) => {
        const after = log.slice(log.findIndex((r) => r.fault === 'before'))
        // Refused with the expired access token; the renewed client's first request is challenged; then done.
        expect(calls(after, 'PATCH', /^\/acr\/v1\/.+\/_tags\//)).toEqual([401, 401, 200])
        expect(calls(after, 'POST', /^\/oauth2\/token$/).filter((status) => status === 401)).toEqual([401])
        expect(calls(after, 'POST', /^\/oauth2\/exchange$/)).toContain(200)
      },
    },
  ]
  it.each(expiries.map((e) => [e.name, e] as const))('%s', async (_name, extra) => {
    const s = await subject()
    try {
      await extraCase(s, extra)
    } finally {
      await s.proxy.close()
    }
  })
})

/** 1.0.0 with a signature referrer, straight into the emulator's store. */
function seedAcr(emulator: Emulator, repo: string): string {
  const acr = emulator.modules.acr
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', repo })
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    config: { mediaType: MT.ociConfig, digest: acr.putBlob(repo, config), size: config.length },
    layers: [{ mediaType: MT.ociLayer, digest: acr.putBlob(repo, 'layer bytes'), size: 11 }],
  })
  const digest = acr.putManifest(repo, manifest, MT.ociManifest, '1.0.0')
  const signature = signatureOf(digest, manifest.length, acr.putBlob(repo, '{}'))
  acr.putManifest(repo, JSON.stringify(signature), MT.ociManifest)
  return digest
}
