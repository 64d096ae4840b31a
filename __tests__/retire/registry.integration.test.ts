// Registry retirement for real: the bundled action against Debian's docker-registry (distribution 2.8, TLS on
// loopback, no referrers API, so records live in `sha256-<hex>` fallback indexes), then the engine in process
// for races and resumes, then the bundled action against the emulator's ACR route for locks and a failed
// delete. Rings, rollback targets and locked digests must come through untouched.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../../emulator/runner.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { runTarget, type CheckableTarget } from '../../src/core/engine.js'
import type { PlanContext, Target } from '../../src/core/target.js'
import type { Policy } from '../../src/core/policy.js'
import { createRegistryTarget } from '../../src/registry/index.js'
import { createRegistryRetireTarget } from '../../src/registry/create-retire.js'
import type { RegistryRetireTarget } from '../../src/registry/retire.js'
import type { RegistryRetireState, RegistryRetireWrite } from '../../src/registry/retire-plan.js'
import { EOL_ARTIFACT_TYPE } from '../../src/registry/records.js'
import { digestOf, MT, skipWithoutRegistry, TestRegistry } from '../../emulator/testbed/oci-registry.js'
import { context, ring, RINGS } from '../registry/helpers.js'

const skip = skipWithoutRegistry()
const DAY = 86_400_000

interface Retired {
  subject: string
  action: string
  status: string
  tags?: string[]
  reasons: string[]
  error?: string
}

const fallback = (digest: string) => digest.replace(':', '-')

/** An OCI image whose config says when it was built (the push time retirement ranks plain registries by). */
async function image(
  reg: TestRegistry,
  repo: string,
  tag: string | undefined,
  created: string,
): Promise<string> {
  const config = await reg.pushBlob(
    repo,
    JSON.stringify({ architecture: 'amd64', os: 'linux', created, rootfs: { type: 'layers', diff_ids: [] } }),
  )
  const layer = await reg.pushBlob(repo, `layer ${created} ${randomBytes(4).toString('hex')}`)
  const manifest = {
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    config: { mediaType: MT.ociConfig, ...config },
    layers: [{ mediaType: MT.ociLayer, ...layer }],
  }
  const bytes = JSON.stringify(manifest)
  return reg.putManifest(repo, tag ?? digestOf(bytes), manifest, MT.ociManifest)
}

async function multiArch(reg: TestRegistry, repo: string, tag: string, created: string) {
  const children = [await image(reg, repo, undefined, created), await image(reg, repo, undefined, created)]
  const manifests = await Promise.all(
    children.map(async (digest, i) => ({
      mediaType: MT.ociManifest,
      digest,
      size: (await reg.getManifest(repo, digest))!.body.length,
      platform: { architecture: i === 0 ? 'amd64' : 'arm64', os: 'linux' },
    })),
  )
  const digest = await reg.putManifest(
    repo,
    tag,
    { schemaVersion: 2, mediaType: MT.ociIndex, manifests },
    MT.ociIndex,
  )
  return { digest, children }
}

/** A cosign-like signature referring to `subject`, listed in the subject's fallback index as clients must. */
async function signature(reg: TestRegistry, repo: string, subject: string): Promise<string> {
  const empty = await reg.pushBlob(repo, '{}')
  const payload = await reg.pushBlob(
    repo,
    JSON.stringify({ critical: { image: { 'docker-manifest-digest': subject } } }),
  )
  const artifactType = 'application/vnd.dev.cosign.artifact.sig.v1+json'
  const manifest = {
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    artifactType,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', ...empty },
    layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...payload }],
    subject: {
      mediaType: MT.ociManifest,
      digest: subject,
      size: (await reg.getManifest(repo, subject))!.body.length,
    },
  }
  const bytes = Buffer.from(JSON.stringify(manifest))
  const digest = await reg.putManifest(repo, digestOf(bytes), manifest, MT.ociManifest)
  const index = (await reg.getManifest(repo, fallback(subject)))?.body
  const listed = index ? (JSON.parse(index.toString()) as { manifests: unknown[] }).manifests : []
  await reg.putManifest(
    repo,
    fallback(subject),
    {
      schemaVersion: 2,
      mediaType: MT.ociIndex,
      manifests: [...listed, { mediaType: MT.ociManifest, digest, size: bytes.length, artifactType }],
    },
    MT.ociIndex,
  )
  return digest
}

async function exists(reg: TestRegistry, repo: string, reference: string): Promise<boolean> {
  return (await reg.getManifest(repo, reference)) !== undefined
}

async function referrerTypes(reg: TestRegistry, repo: string, digest: string): Promise<string[]> {
  const index = await reg.getManifest(repo, fallback(digest))
  if (!index) return []
  return (JSON.parse(index.body.toString()) as { manifests: { artifactType?: string }[] }).manifests.map(
    (m) => m.artifactType ?? '',
  )
}

async function promote(reg: TestRegistry, repo: string, source: string, ringName: string): Promise<void> {
  const target = createRegistryTarget({
    registry: reg.host,
    repository: repo,
    source,
    rings: RINGS,
    clientOptions: reg.clientOptions,
  })
  const result = await runTarget(target, context(ringName), { dryRun: false })
  expect(result.verdict, result.error).toBe('promoted')
}

describe.skipIf(skip)('registry retirement on distribution 2.8 through the bundled action', () => {
  const repo = 'team/web'
  let reg: TestRegistry
  let workspace: string
  const v: Record<string, string> = {}
  let multi: { digest: string; children: string[] }
  let sig: string

  beforeAll(async () => {
    reg = await TestRegistry.start()
    multi = await multiArch(reg, repo, 'multi-0', '2025-12-31T00:00:00Z')
    for (const n of [1, 2, 3, 4, 5, 6]) v[n] = await image(reg, repo, `${n}.0.0`, `2026-01-0${n}T00:00:00Z`)
    sig = await signature(reg, repo, v[1]!)
    // prod and staging: 2.0.0 then 3.0.0 (so 2.0.0 is their rollback target); canary: then 5.0.0 (rollback: 3.0.0).
    for (const version of ['2.0.0', '3.0.0'])
      for (const r of ['canary', 'staging', 'prod']) await promote(reg, repo, version, r)
    await promote(reg, repo, '5.0.0', 'canary')
    workspace = mkdtempSync(join(tmpdir(), 'aip-retire-registry-'))
    // end-of-life 0d: a digest leaving retention is recorded now and deleted by the next run.
    writeFileSync(
      join(workspace, 'retire.yml'),
      [
        'rings:',
        '  - name: canary',
        '  - name: staging',
        '  - name: prod',
        '    tags: [prod, stable]',
        'retention:',
        '  keep: 1',
        '  end-of-life: 0d',
        '  delete-after-eol: true',
        '',
      ].join('\n'),
    )
  })
  afterAll(async () => reg?.stop())

  const retire = (inputs: Record<string, string> = {}): Promise<ActionRun> =>
    runAction({
      workspace,
      inputs: {
        registry: reg.host,
        repository: repo,
        operation: 'retire',
        config: 'retire.yml',
        'comment-on-pr': 'false',
        ...inputs,
      },
    })

  const ringTags = async () =>
    Object.fromEntries(
      await Promise.all(
        ['canary', 'staging', 'prod', 'stable'].map(async (t) => [t, await reg.tagDigest(repo, t)]),
      ),
    )

  it('dry run: shows every digest with its decision and why, writes nothing', async () => {
    const tags = await reg.tags(repo)
    const run = await retire({ 'dry-run': 'true' })
    expect(run.code, run.everything).toBe(0)
    const result = JSON.parse(run.outputs.result!)
    expect(result).toMatchObject({ verdict: 'planned', dryRun: true, operation: 'retire' })
    expect(run.outputs.promoted).toBe('false')
    const retired = JSON.parse(run.outputs.retired!) as Retired[]
    expect(retired.map((r) => [r.subject, r.action, r.status, r.tags])).toEqual([
      [v[4], 'end-of-life', 'planned', ['4.0.0']],
      [v[1], 'end-of-life', 'planned', ['1.0.0']],
      [multi.digest, 'end-of-life', 'planned', ['multi-0']],
    ])
    expect(run.summary).toMatch(/^## \S+ Dry run: would retire$/m)
    expect(run.summary).toContain('| Digest | Tags | Decision |')
    for (const reason of [
      'ring canary (tag canary)',
      'rollback target of canary; ring staging (tag staging); ring prod (tags prod, stable)',
      'rollback target of staging; rollback target of prod',
      'within keep (1 of 1)',
      'end of life set to',
    ])
      expect(run.summary).toContain(reason)
    expect(run.summary).toContain("push time (for keep) from the image config's created: 7")
    expect(await reg.tags(repo)).toEqual(tags)
    expect(await referrerTypes(reg, repo, v[4]!)).toEqual([])
  })

  it('first run records end of life on exactly the digests leaving retention', async () => {
    const before = await ringTags()
    const run = await retire()
    expect(run.code, run.everything).toBe(0)
    expect(JSON.parse(run.outputs.result!).verdict).toBe('retired')
    const retired = JSON.parse(run.outputs.retired!) as Retired[]
    expect(retired.map((r) => [r.subject, r.status])).toEqual([
      [v[4], 'applied'],
      [v[1], 'applied'],
      [multi.digest, 'applied'],
    ])
    for (const digest of [v[4]!, v[1]!, multi.digest])
      expect(await referrerTypes(reg, repo, digest)).toContain(EOL_ARTIFACT_TYPE)
    for (const digest of [v[2]!, v[3]!, v[5]!, v[6]!])
      expect(await referrerTypes(reg, repo, digest)).not.toContain(EOL_ARTIFACT_TYPE)
    expect(await ringTags()).toEqual(before)
    expect(run.summary).toMatch(/^## \S+ Retired$/m)
  })

  it('next run deletes them with their referrers; rings, rollback targets and the rest stay', async () => {
    const before = await ringTags()
    const keptReferrers = await Promise.all([v[2]!, v[3]!, v[5]!].map((d) => referrerTypes(reg, repo, d)))
    const run = await retire()
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs.promoted).toBe('false')
    const result = JSON.parse(run.outputs.result!)
    expect(result.verdict).toBe('retired')
    expect(result.verification.map((g: { status: string }) => g.status)).toEqual(['pass', 'pass'])
    const retired = JSON.parse(run.outputs.retired!) as Retired[]
    expect(retired.map((r) => [r.subject, r.action, r.status])).toEqual([
      [v[4], 'delete', 'applied'],
      [v[1], 'delete', 'applied'],
      [multi.digest, 'delete', 'applied'],
    ])
    // Gone, with their tags, referrers and fallback indexes.
    for (const digest of [v[4]!, v[1]!, multi.digest, sig])
      expect(await exists(reg, repo, digest)).toBe(false)
    for (const digest of [v[4]!, v[1]!, multi.digest])
      expect(await exists(reg, repo, fallback(digest))).toBe(false)
    const tags = await reg.tags(repo)
    for (const tag of ['4.0.0', '1.0.0', 'multi-0']) expect(tags).not.toContain(tag)
    // Untouched: every ring digest, both rollback targets, the newest, and their records.
    for (const digest of [v[2]!, v[3]!, v[5]!, v[6]!]) expect(await exists(reg, repo, digest)).toBe(true)
    expect(await ringTags()).toEqual(before)
    expect(await Promise.all([v[2]!, v[3]!, v[5]!].map((d) => referrerTypes(reg, repo, d)))).toEqual(
      keptReferrers,
    )
    // Platform images of the deleted index are left to the registry's garbage collection.
    for (const child of multi.children) expect(await exists(reg, repo, child)).toBe(true)
    expect(run.summary).toMatch(/\| Deleted \|/)
  })

  it('a re-run finds nothing to do', async () => {
    const tags = await reg.tags(repo)
    const run = await retire()
    expect(run.code, run.everything).toBe(0)
    expect(JSON.parse(run.outputs.result!)).toMatchObject({ verdict: 'unchanged', changes: [] })
    expect(JSON.parse(run.outputs.retired!)).toEqual([])
    expect(run.summary).toMatch(/^## \S+ Nothing to retire$/m)
    expect(await reg.tags(repo)).toEqual(tags)
  })

  it('refuses target-registry before any request', async () => {
    const run = await retire({ 'target-registry': 'other.example.com' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain("Input 'target-registry' is set")
  })
})

describe.skipIf(skip)('registry retirement in process: races and resumes', () => {
  let reg: TestRegistry
  let n = 0
  beforeAll(async () => {
    reg = await TestRegistry.start()
  })
  afterAll(async () => reg?.stop())

  const policy: Policy = {
    rings: [ring('canary', null)],
    scans: { required: false, failOn: 'none', allow: [] },
    retention: { keep: 0, endOfLifeMs: 30 * DAY, deleteAfterEol: true },
    source: 'retire.yml',
  }
  const ctx = (now: Date): PlanContext => ({
    operation: 'retire',
    ring: policy.rings[0]!,
    policy,
    now,
    record: { at: now, actor: 'octocat', runUrl: '', sha: '', approvedBy: [] },
  })
  const target = (repo: string) =>
    createRegistryRetireTarget({
      target: { kind: 'registry', registry: reg.host, repository: repo, targetRegistry: '' },
      policy,
      credential: undefined,
      clientOptions: reg.clientOptions,
    })

  /** r1…r3 leave retention (end of life recorded now); canary holds r4. */
  async function seeded() {
    const repo = `team/race${++n}`
    const r: string[] = []
    for (const i of [1, 2, 3, 4]) r.push(await image(reg, repo, `${i}.0.0`, `2026-02-0${i}T00:00:00Z`))
    await reg.moveTag(repo, 'canary', r[3]!)
    const recorded = await runTarget(target(repo), ctx(new Date()), { dryRun: false })
    expect(recorded.plan!.changes.map((c) => c.id)).toEqual(r.slice(0, 3).map((d) => `end-of-life:${d}`))
    expect(recorded.verdict, recorded.error).toBe('promoted')
    return { repo, r }
  }

  it('never deletes a digest a ring took meanwhile; the re-run finishes the rest', async () => {
    const { repo, r } = await seeded()
    const later = new Date(Date.now() + 40 * DAY)
    const real = target(repo) as RegistryRetireTarget
    let applying = 0
    // A promotion lands between two deletes: canary moves onto the digest the next delete is about.
    const raced: Target<RegistryRetireState, RegistryRetireWrite> & CheckableTarget<RegistryRetireWrite> = {
      ref: real.ref,
      observe: () => real.observe(),
      plan: (state, c) => real.plan(state as RegistryRetireState, c),
      verify: (p) => real.verify(p),
      check: (change) => real.check(change),
      apply: async (change) => {
        if (++applying === 2) await reg.moveTag(repo, 'canary', r[1]!)
        return real.apply(change)
      },
    }
    const failed = await runTarget(raced, ctx(later), { dryRun: false })
    expect(failed.verdict).toBe('failed')
    expect(failed.outcomes.map((o) => [o.change.id, o.status])).toEqual([
      [`delete:${r[0]}`, 'applied'],
      [`delete:${r[1]}`, 'failed'],
      [`delete:${r[2]}`, 'not-attempted'],
    ])
    expect(failed.error).toContain(`(Conflict): tag canary moved from ${r[3]} to ${r[1]} since the plan`)
    expect(failed.error).toContain('a read-back shows it was not written')
    expect(await exists(reg, repo, r[0]!)).toBe(false)
    expect(await exists(reg, repo, r[1]!)).toBe(true)

    const rerun = await runTarget(target(repo), ctx(later), { dryRun: false })
    expect(rerun.verdict, rerun.error).toBe('promoted')
    const decisions = Object.fromEntries(rerun.plan!.retirement!.map((d) => [d.subject, d]))
    expect(decisions[r[1]!]!.reasons).toEqual(['ring canary (tag canary)'])
    expect(rerun.outcomes.map((o) => o.change.id)).toEqual([`end-of-life:${r[3]}`, `delete:${r[2]}`])
    expect(await exists(reg, repo, r[2]!)).toBe(false)
    expect(await exists(reg, repo, r[1]!)).toBe(true)
    expect(await reg.tagDigest(repo, 'canary')).toBe(r[1])
  })

  it('finishes a delete that stopped after its referrers, and a repeated delete is a success', async () => {
    const { repo, r } = await seeded()
    const signed = await signature(reg, repo, r[0]!)
    // As if a run died right after deleting the referrers: signature gone, fallback index still listing it.
    expect((await reg.request('DELETE', `/v2/${repo}/manifests/${signed}`)).status).toBe(202)
    const t = target(repo)
    const later = new Date(Date.now() + 40 * DAY)
    const plan = t.plan(await t.observe(), ctx(later))
    const first = plan.changes.find((c) => c.id === `delete:${r[0]}`)!
    await t.apply(first)
    await t.apply(first)
    expect(await exists(reg, repo, r[0]!)).toBe(false)
    expect(await exists(reg, repo, fallback(r[0]!))).toBe(false)
    expect(await t.verify({ ...plan, changes: [first] })).toEqual([
      expect.objectContaining({ id: 'verify-retired', status: 'pass' }),
      expect.objectContaining({ id: 'verify-protected', status: 'pass' }),
    ])
  })

  it('removes the records a delete cut short after its subject left behind', async () => {
    const { repo, r } = await seeded()
    // As if a run died right after deleting the manifest: its end-of-life record and referrers index remain.
    expect(await referrerTypes(reg, repo, r[0]!)).toEqual([EOL_ARTIFACT_TYPE])
    expect((await reg.request('DELETE', `/v2/${repo}/manifests/${r[0]}`)).status).toBe(202)
    const record = (
      JSON.parse((await reg.getManifest(repo, fallback(r[0]!)))!.body.toString()) as {
        manifests: { digest: string }[]
      }
    ).manifests[0]!.digest
    const result = await runTarget(target(repo), ctx(new Date()), { dryRun: false })
    expect(result.verdict, result.error).toBe('promoted')
    expect(result.outcomes.map((o) => [o.change.id, o.status])).toEqual([[`leftovers:${r[0]}`, 'applied']])
    expect(await exists(reg, repo, fallback(r[0]!))).toBe(false)
    expect(await exists(reg, repo, record)).toBe(false)
    expect(result.verification.every((g) => g.status === 'pass')).toBe(true)
  })
})

describe('registry retirement on ACR (emulator) through the bundled action', () => {
  const repo = 'team/web'
  let emulator: Emulator
  let workspace: string
  const a: string[] = []
  let sig: string

  function push(tag: string, createdTime: string): string {
    const acr = emulator.modules.acr
    const config = acr.putBlob(
      repo,
      JSON.stringify({ architecture: 'amd64', os: 'linux', created: createdTime }),
    )
    const layer = acr.putBlob(repo, `layer ${tag}`)
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      config: { mediaType: MT.ociConfig, digest: config, size: 1 },
      layers: [{ mediaType: MT.ociLayer, digest: layer, size: 1 }],
    })
    const digest = acr.putManifest(repo, manifest, MT.ociManifest, tag)
    // ACR's own push time (createdTime) is what retirement ranks by here.
    stored().manifests.get(digest)!.createdTime = createdTime
    return digest
  }
  const stored = () => emulator.modules.acr.state.repositories.get(repo)!

  beforeAll(async () => {
    emulator = await startEmulator({ seed: { acr: { requireAuth: false } } })
    for (const i of [0, 1, 2, 3, 4, 5]) a.push(push(`${i}.0.0`, `2026-03-0${i + 1}T00:00:00.000Z`))
    const newest = stored().manifests.get(a[5]!)!
    emulator.modules.acr.putManifest(repo, newest.content, newest.mediaType, 'canary')
    // Locked as `az acr repository update --delete-enabled false` / `--write-enabled false` would.
    stored().manifests.get(a[3]!)!.attributes.deleteEnabled = false
    stored().tags.get('2.0.0')!.attributes.writeEnabled = false
    sig = emulator.modules.acr.putManifest(
      repo,
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MT.ociManifest,
        artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
        config: {
          mediaType: 'application/vnd.oci.empty.v1+json',
          digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
          size: 2,
        },
        layers: [],
        subject: { mediaType: MT.ociManifest, digest: a[1], size: 1 },
      }),
      MT.ociManifest,
    )
    workspace = mkdtempSync(join(tmpdir(), 'aip-retire-acr-'))
    writeFileSync(
      join(workspace, 'retire.yml'),
      [
        'rings:',
        '  - name: canary',
        'retention:',
        '  keep: 1',
        '  end-of-life: 0d',
        '  delete-after-eol: true',
        '',
      ].join('\n'),
    )
  })
  afterAll(async () => emulator?.close())

  const retire = (): Promise<ActionRun> =>
    runAction({
      workspace,
      inputs: {
        registry: new URL(emulator.url).host,
        repository: repo,
        operation: 'retire',
        config: 'retire.yml',
        'comment-on-pr': 'false',
      },
    })

  it('keeps locked digests (never unlocks), and a re-run finishes a failed delete', async () => {
    const recorded = await retire()
    expect(recorded.code, recorded.everything).toBe(0)
    const decisions = JSON.parse(recorded.outputs.result!) as {
      gates: { id: string; status: string; details: string }[]
    }
    expect(decisions.gates.find((g) => g.id === 'locks')).toMatchObject({ status: 'warn' })
    expect(recorded.summary).toContain(
      'outside keep, but locked on ACR (manifest deleteEnabled false); not unlocked',
    )
    expect(recorded.summary).toContain(
      'outside keep, but locked on ACR (tag 2.0.0 writeEnabled false); not unlocked',
    )
    expect(recorded.summary).toContain('push time (for keep) from ACR createdOn: 6')
    expect((JSON.parse(recorded.outputs.retired!) as Retired[]).map((r) => [r.subject, r.status])).toEqual([
      [a[1], 'applied'],
      [a[0], 'applied'],
    ])

    // The second delete (1.0.0's manifest, after its signature) is refused once, as a lost permission would.
    emulator.reset()
    emulator.faults.add({
      method: 'DELETE',
      path: new RegExp(`/manifests/${a[1]!}$`),
      respond: { status: 403, body: { errors: [{ code: 'DENIED', message: 'stopped by the test' }] } },
    })
    const failed = await retire()
    expect(failed.code).toBe(1)
    const result = JSON.parse(failed.outputs.result!)
    expect(result.verdict).toBe('failed')
    expect(result.changes.map((c: { status: string }) => c.status)).toEqual(['applied', 'failed'])
    expect(result.error).toContain(
      `Deleting manifest ${new URL(emulator.url).host}/${repo}@${a[1]} failed (DENIED, HTTP 403): stopped by the test`,
    )
    expect(failed.summary).toMatch(/^## \S+ Retirement failed$/m)
    expect(stored().manifests.has(a[0]!)).toBe(false)
    expect(stored().manifests.has(sig)).toBe(false)
    expect(stored().manifests.has(a[1]!)).toBe(true)

    const finished = await retire()
    expect(finished.code, finished.everything).toBe(0)
    expect(JSON.parse(finished.outputs.result!).changes).toEqual([
      expect.objectContaining({ status: 'applied', resource: expect.stringContaining('(1.0.0)') }),
    ])
    expect(stored().manifests.has(a[1]!)).toBe(false)
    // Locked, ring and kept digests are all still there, and still locked: nothing was PATCHed.
    for (const digest of [a[2]!, a[3]!, a[4]!, a[5]!]) expect(stored().manifests.has(digest)).toBe(true)
    expect(stored().manifests.get(a[3]!)!.attributes.deleteEnabled).toBe(false)
    expect(stored().tags.get('2.0.0')!.attributes.writeEnabled).toBe(false)
    expect(stored().tags.get('canary')!.digest).toBe(a[5])
    expect(emulator.requests.filter((r) => r.method === 'PATCH')).toEqual([])
  })
})
