// The registry target against a real OCI registry (Debian's distribution 2.8), through runTarget and the
// real @azure/container-registry client. distribution 2.8 has no referrers API, so records and carried
// referrers go through the `sha256-<hex>` tag-schema fallback index here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runTarget } from '../../src/core/engine.js'
import { RepositoryClient } from '../../src/registry/client.js'
import { fallbackTag, MediaTypes, sha256 } from '../../src/registry/oci.js'
import { createRegistryTarget, type RegistryTargetOptions } from '../../src/registry/index.js'
import {
  buildEolArtifact,
  EMPTY_CONFIG,
  EMPTY_DESCRIPTOR,
  readReferrerRecords,
  RECORD_ARTIFACT_TYPE,
} from '../../src/registry/records.js'
import { FaultProxy } from '../../emulator/testbed/fault-proxy.js'
import {
  digestOf,
  MT,
  seed,
  skipWithoutRegistry,
  TestRegistry,
  type Seed,
} from '../../emulator/testbed/oci-registry.js'
import { context, ring, RINGS } from './helpers.js'

const skip = skipWithoutRegistry()

describe.skipIf(skip)('registry target on distribution 2.8', () => {
  let reg: TestRegistry
  let other: TestRegistry
  let n = 0

  beforeAll(async () => {
    ;[reg, other] = await Promise.all([TestRegistry.start(), TestRegistry.start()])
  })
  afterAll(async () => {
    await Promise.all([reg?.stop(), other?.stop()])
  })

  async function fresh(): Promise<{ repo: string; s: Seed }> {
    const repo = `team/app${++n}`
    return { repo, s: await seed(reg, repo) }
  }

  function target(repo: string, source: string, extra: Partial<RegistryTargetOptions> = {}) {
    return createRegistryTarget({
      registry: reg.host,
      repository: repo,
      source,
      rings: RINGS,
      clientOptions: reg.clientOptions,
      ...extra,
    })
  }

  /** As the action runs it: the target knows the ring and the operation, so observe reads only what they need. */
  async function promote(
    repo: string,
    source: string,
    ringName: string,
    extra: Partial<RegistryTargetOptions> = {},
  ) {
    return runTarget(
      target(repo, source, { ring: ringName, operation: 'promote', ...extra }),
      context(ringName),
      { dryRun: false },
    )
  }

  async function fallbackIndex(r: TestRegistry, repo: string, digest: string) {
    const m = await r.getManifest(repo, digest.replace(':', '-'))
    return m
      ? (JSON.parse(m.body.toString()) as { manifests: { digest: string; artifactType?: string }[] })
          .manifests
      : []
  }

  it.each(['oci', 'docker', 'ociIndex', 'dockerList'] as const)(
    'retags a %s manifest on the server, digest preserved',
    async (kind) => {
      const { repo, s } = await fresh()
      const image = s[kind]
      const before = await reg.getManifest(repo, image.digest)
      const result = await promote(repo, image.tag, 'canary')
      expect(result.error).toBeUndefined()
      expect(result.verdict).toBe('promoted')
      expect(result.plan?.digest).toBe(image.digest)
      expect(result.plan?.imageId).toBe(`${reg.host}/${repo}@${image.digest}`)
      expect(await reg.tagDigest(repo, 'canary')).toBe(image.digest)
      const after = await reg.getManifest(repo, 'canary')
      expect(after?.mediaType).toBe(image.mediaType)
      expect(after?.body.equals(before!.body)).toBe(true)
      expect(digestOf(after!.body)).toBe(image.digest)
      expect(result.verification.every((g) => g.status === 'pass')).toBe(true)
      // The record is a referrer in the fallback index of the promoted digest.
      const referrers = await fallbackIndex(reg, repo, image.digest)
      expect(referrers.some((d) => d.artifactType === RECORD_ARTIFACT_TYPE)).toBe(true)
    },
  )

  it('promotes by digest as well as by tag', async () => {
    const { repo, s } = await fresh()
    const result = await promote(repo, s.docker.digest, 'canary')
    expect(result.verdict).toBe('promoted')
    expect(await reg.tagDigest(repo, 'canary')).toBe(s.docker.digest)
  })

  it('is idempotent: a tag already on the digest, with its record, is unchanged', async () => {
    const { repo, s } = await fresh()
    expect((await promote(repo, '1.0.0', 'canary')).verdict).toBe('promoted')
    const tagsBefore = await reg.tags(repo)
    const again = await promote(repo, '1.0.0', 'canary')
    expect(again.verdict).toBe('unchanged')
    expect(again.plan?.changes).toEqual([])
    expect(again.plan?.transitions).toEqual([
      { subject: `${repo}:canary`, before: s.oci.digest, after: s.oci.digest },
    ])
    expect(await reg.tags(repo)).toEqual(tagsBefore)
  })

  it('refuses to skip a ring, naming the missing ring, and writes nothing', async () => {
    const { repo } = await fresh()
    const tagsBefore = await reg.tags(repo)
    const result = await promote(repo, '1.0.0', 'prod')
    expect(result.verdict).toBe('blocked')
    const gate = result.plan?.gates.find((g) => g.id === 'ring-order')
    expect(gate?.status).toBe('fail')
    expect(gate?.details).toContain('promote it to staging before prod')
    expect(await reg.tags(repo)).toEqual(tagsBefore)
  })

  it('promotes canary → staging → prod, moving every tag of the ring, with soak enforced', async () => {
    const { repo, s } = await fresh()
    expect((await promote(repo, '1.0.0', 'canary')).verdict).toBe('promoted')
    const soaking = [ring('canary', null), ring('staging', 'canary', { soakMs: 3_600_000 })]
    const t = () => target(repo, '1.0.0', { rings: soaking })
    const early = await runTarget(t(), context('staging', { rings: soaking }), { dryRun: false })
    expect(early.verdict).toBe('blocked')
    expect(early.plan?.gates.find((g) => g.id === 'soak')?.status).toBe('fail')
    const later = await runTarget(
      t(),
      context('staging', { rings: soaking, now: new Date(Date.now() + 86_400_000 * 400) }),
      {
        dryRun: false,
      },
    )
    expect(later.plan?.gates.find((g) => g.id === 'soak')?.status).toBe('pass')
    expect(later.verdict).toBe('promoted')
    const prod = await promote(repo, '1.0.0', 'prod')
    expect(prod.verdict).toBe('promoted')
    for (const tag of ['canary', 'staging', 'prod', 'stable'])
      expect(await reg.tagDigest(repo, tag)).toBe(s.oci.digest)
  })

  it('blocks promotion in a freeze window', async () => {
    const { repo } = await fresh()
    const frozen = [ring('canary', null, { freeze: [{ from: new Date(0), to: new Date('2100-01-01') }] })]
    const result = await runTarget(
      target(repo, '1.0.0', { rings: frozen }),
      context('canary', { rings: frozen }),
      {
        dryRun: false,
      },
    )
    expect(result.verdict).toBe('blocked')
    expect(result.plan?.gates.find((g) => g.id === 'freeze')?.status).toBe('fail')
    expect(await reg.tagDigest(repo, 'canary')).toBeUndefined()
  })

  it('rolls prod back to the digest it held before, then refuses when there is no earlier one', async () => {
    const { repo, s } = await fresh()
    for (const version of ['1.0.0', '2.0.0']) {
      for (const r of ['canary', 'staging', 'prod'])
        expect((await promote(repo, version, r)).verdict).toBe('promoted')
    }
    expect(await reg.tagDigest(repo, 'prod')).toBe(s.ociV2.digest)

    const rollback = await runTarget(target(repo, '2.0.0'), context('prod', { operation: 'rollback' }), {
      dryRun: false,
    })
    expect(rollback.error).toBeUndefined()
    expect(rollback.verdict).toBe('promoted')
    expect(rollback.plan?.digest).toBe(s.oci.digest)
    expect(rollback.plan?.previousVersion).toBe(s.ociV2.digest)
    expect(await reg.tagDigest(repo, 'prod')).toBe(s.oci.digest)
    expect(await reg.tagDigest(repo, 'stable')).toBe(s.oci.digest)
    expect(await reg.tagDigest(repo, 'staging')).toBe(s.ociV2.digest)

    // The rolled-back digest is marked: promoting it again is explicit (a warning gate), not silent.
    const again = await runTarget(target(repo, '2.0.0'), context('prod'), { dryRun: true })
    expect(again.plan?.gates.find((g) => g.id === 're-promotion')?.status).toBe('warn')

    const second = await runTarget(target(repo, '2.0.0'), context('prod', { operation: 'rollback' }), {
      dryRun: false,
    })
    expect(second.verdict).toBe('blocked')
    expect(second.plan?.gates.find((g) => g.id === 'history')?.details).toContain('no earlier digest')
    expect(await reg.tagDigest(repo, 'prod')).toBe(s.oci.digest)
  })

  it('re-promoting a digest the ring held before records it again, so rollback returns to the one between', async () => {
    const { repo, s } = await fresh()
    for (const version of ['1.0.0', '2.0.0', '1.0.0'])
      expect((await promote(repo, version, 'canary')).verdict).toBe('promoted')
    expect(await reg.tagDigest(repo, 'canary')).toBe(s.oci.digest)
    const rollback = await runTarget(
      target(repo, 'canary', { ring: 'canary', operation: 'rollback' }),
      context('canary', { operation: 'rollback' }),
      { dryRun: false },
    )
    expect(rollback.error).toBeUndefined()
    expect(await reg.tagDigest(repo, 'canary')).toBe(s.ociV2.digest)
  })

  it('a re-run after only the record was written moves the tags without a second record', async () => {
    const { repo, s } = await fresh()
    expect((await promote(repo, '1.0.0', 'canary')).verdict).toBe('promoted')
    const t = target(repo, '2.0.0', { ring: 'canary', operation: 'promote' })
    const first = t.plan(await t.observe(), context('canary'))
    await t.apply(first.changes[0]!)
    const again = await promote(repo, '2.0.0', 'canary')
    expect(again.plan?.changes.map((c) => c.id)).toEqual(['tag:canary'])
    expect(again.verdict).toBe('promoted')
    const records = (await fallbackIndex(reg, repo, s.ociV2.digest)).filter(
      (d) => d.artifactType === RECORD_ARTIFACT_TYPE,
    )
    expect(records).toHaveLength(1)
  })

  it('writes the approvers of a ring that asks for approval into the record', async () => {
    const { repo, s } = await fresh()
    const rings = [ring('canary', null, { requireApproval: true })]
    const result = await runTarget(
      target(repo, '1.0.0', { rings, ring: 'canary', operation: 'promote' }),
      context('canary', { rings }),
      { dryRun: false },
    )
    expect(result.verdict).toBe('promoted')
    expect(result.plan?.gates.find((g) => g.id === 'approval')).toMatchObject({
      status: 'pass',
      details: 'approved by reviewer',
    })
    const records = (await fallbackIndex(reg, repo, s.oci.digest)).filter(
      (d) => d.artifactType === RECORD_ARTIFACT_TYPE,
    ) as { annotations?: Record<string, string> }[]
    const written = JSON.parse(records[0]?.annotations?.['io.github.azure-image-promote.record'] ?? '{}')
    expect(written).toMatchObject({ ring: 'canary', approvedBy: ['reviewer'] })
  })

  it('refuses a tag that moved between plan and apply, leaving it untouched', async () => {
    const { repo, s } = await fresh()
    expect((await promote(repo, '1.0.0', 'canary')).verdict).toBe('promoted')
    const t = target(repo, '2.0.0')
    const plan = t.plan(await t.observe(), context('canary'))
    expect(plan.changes.map((c) => c.id)).toEqual(['record:canary:promote', 'tag:canary'])
    await reg.moveTag(repo, 'canary', s.ociV3.digest)
    const referrersBefore = await fallbackIndex(reg, repo, s.ociV2.digest)
    for (const change of plan.changes) {
      await expect(t.apply(change)).rejects.toThrow(
        `tag canary moved from ${s.oci.digest} to ${s.ociV3.digest} since the plan; re-run to re-plan`,
      )
    }
    expect(await reg.tagDigest(repo, 'canary')).toBe(s.ociV3.digest)
    expect(await fallbackIndex(reg, repo, s.ociV2.digest)).toEqual(referrersBefore)
  })

  it('reports a tag a concurrent writer moves right after the PUT as drift, naming both digests (issue 12 §2.6)', async () => {
    const { repo, s } = await fresh()
    expect((await promote(repo, '1.0.0', 'canary')).verdict).toBe('promoted')
    const proxy = await FaultProxy.start(reg.host)
    try {
      // Another pipeline's PUT of the same tag lands just after this run's (registries have no conditional write).
      proxy.add({
        method: 'PUT',
        // The SDK sends the repository's slash encoded on some calls: match both spellings.
        path: new RegExp(`^/v2/${repo.replace('/', '(?:/|%2F)')}/manifests/canary$`),
        before: () => void setTimeout(() => void reg.moveTag(repo, 'canary', s.ociV3.digest), 100),
      })
      const result = await promote(repo, '2.0.0', 'canary', { registry: proxy.host, settleMs: 600 })
      expect(result.verdict).toBe('failed')
      const failed = result.outcomes.find((o) => o.change.id === 'tag:canary')
      expect(failed?.status).toBe('failed')
      expect(failed?.error).toContain('drift: tag canary was written as ' + s.ociV2.digest)
      expect(failed?.error).toContain(`points at ${s.ociV3.digest}`)
      expect(await reg.tagDigest(repo, 'canary')).toBe(s.ociV3.digest)
      // The check is the request right before the PUT, and the tag is read back twice after it.
      const canary = proxy.requests
        .filter((r) => decodeURIComponent(r.path) === `/v2/${repo}/manifests/canary`)
        .map((r) => r.method)
      const put = canary.indexOf('PUT')
      expect(canary.slice(put - 1, put + 3)).toEqual(['HEAD', 'PUT', 'HEAD', 'HEAD'])
    } finally {
      await proxy.close()
    }
  })

  it('fails the exists gate for a missing tag and writes nothing', async () => {
    const { repo } = await fresh()
    const before = await reg.tags(repo)
    const result = await promote(repo, '9.9.9', 'canary')
    expect(result.verdict).toBe('blocked')
    const gate = result.plan?.gates.find((g) => g.id === 'exists')
    expect(gate?.status).toBe('fail')
    expect(gate?.details).toContain(`${repo}:9.9.9`)
    expect(await reg.tags(repo)).toEqual(before)
  })

  it('fails the exists gate for a missing digest', async () => {
    const { repo } = await fresh()
    const missing = `sha256:${'0'.repeat(64)}`
    const result = await promote(repo, missing, 'canary')
    expect(result.verdict).toBe('blocked')
    expect(result.plan?.gates.find((g) => g.id === 'exists')?.details).toContain(missing)
  })

  it('writes nothing on a dry run', async () => {
    const { repo, s } = await fresh()
    const before = await reg.tags(repo)
    const result = await runTarget(target(repo, '1.0.0'), context('canary'), { dryRun: true })
    expect(result.verdict).toBe('planned')
    expect(result.plan?.transitions).toEqual([
      { subject: `${repo}:canary`, before: '(none)', after: s.oci.digest },
    ])
    expect(await reg.tags(repo)).toEqual(before)
    expect((await fallbackIndex(reg, repo, s.oci.digest)).map((d) => d.digest)).toEqual([s.signature.digest])
  })

  /** What retirement writes when a digest leaves retention: an end-of-life referrer in the fallback index. */
  async function attachEndOfLife(repo: string, digest: string, endOfLife: Date): Promise<void> {
    const client = new RepositoryClient({
      registry: reg.host,
      repository: repo,
      clientOptions: reg.clientOptions,
    })
    const subject = await client.getManifest(digest)
    const at = new Date().toISOString()
    const record = {
      ...{
        version: 1 as const,
        type: 'end-of-life' as const,
        digest,
        endOfLife: endOfLife.toISOString(),
        at,
      },
      ...{ actor: 'retire', runUrl: '', sha: '', registry: reg.host, repository: repo },
    }
    const descriptor = { mediaType: subject!.mediaType, digest, size: subject!.content.length }
    const artifact = buildEolArtifact(record, descriptor)
    await client.uploadBlob(EMPTY_DESCRIPTOR.digest, EMPTY_CONFIG, EMPTY_CONFIG.length)
    await client.uploadBlob(sha256(artifact.blob), artifact.blob, artifact.blob.length)
    await client.putManifest(artifact.descriptor.digest, artifact.manifest, MediaTypes.ociManifest)
    await client.addToFallbackIndex(digest, artifact.descriptor)
  }

  it('reads ring and end-of-life records from the one referrers listing; without annotations, from each artifact', async () => {
    const { repo, s } = await fresh()
    expect((await promote(repo, '1.0.0', 'canary')).verdict).toBe('promoted')
    await attachEndOfLife(repo, s.oci.digest, new Date('2030-01-01T00:00:00Z'))
    const proxy = await FaultProxy.start(reg.host)
    try {
      const read = async () => {
        proxy.requests.length = 0
        const client = new RepositoryClient({
          registry: proxy.host,
          repository: repo,
          clientOptions: reg.clientOptions,
        })
        const found = await readReferrerRecords(client, s.oci.digest)
        return { found, requests: proxy.requests.map((r) => `${r.method} ${r.path.split('/').at(-1)}`) }
      }
      const annotated = await read()
      expect(annotated.found.records.map((r) => `${r.type}:${r.ring}`)).toEqual(['promote:canary'])
      expect(annotated.found.endOfLife.map((e) => e.endOfLife)).toEqual(['2030-01-01T00:00:00.000Z'])
      // The signature, the ring record and the end-of-life record.
      expect(annotated.found.referrers).toHaveLength(3)
      expect(annotated.requests).toEqual([`GET ${s.oci.digest}`, `GET ${fallbackTag(s.oci.digest)}`])

      // A registry that drops annotations from the listing: each record's artifact manifest is read instead.
      const index = (await reg.getManifest(repo, fallbackTag(s.oci.digest)))!
      const stripped = JSON.parse(index.body.toString()) as { manifests: { annotations?: unknown }[] }
      for (const d of stripped.manifests) delete d.annotations
      await reg.putManifest(repo, fallbackTag(s.oci.digest), stripped, MT.ociIndex)
      const bare = await read()
      expect(bare.found.records).toEqual(annotated.found.records)
      expect(bare.found.endOfLife).toEqual(annotated.found.endOfLife)
      expect(bare.requests).toHaveLength(4)
    } finally {
      await proxy.close()
    }
  })

  it('honours an end-of-life record: warns before the date, refuses a promotion or a rollback to it after', async () => {
    const { repo, s } = await fresh()
    const now = Date.now()
    expect((await promote(repo, '1.0.0', 'canary')).verdict).toBe('promoted')
    await attachEndOfLife(repo, s.oci.digest, new Date(now + 86_400_000))
    expect((await promote(repo, '2.0.0', 'canary')).verdict).toBe('promoted')

    const before = await runTarget(
      target(repo, '1.0.0', { ring: 'staging', operation: 'promote' }),
      context('staging'),
      { dryRun: false },
    )
    expect(before.verdict, before.error).toBe('promoted')
    expect(before.plan?.gates.find((g) => g.id === 'end-of-life')).toMatchObject({ status: 'warn' })

    const later = new Date(now + 2 * 86_400_000)
    const tags = await reg.tags(repo)
    const promoteLater = await runTarget(
      target(repo, '1.0.0', { ring: 'prod', operation: 'promote' }),
      context('prod', { now: later }),
      { dryRun: false },
    )
    expect(promoteLater.verdict).toBe('blocked')
    expect(promoteLater.plan?.gates.find((g) => g.id === 'end-of-life')?.details).toContain(
      `reached its end-of-life date ${new Date(now + 86_400_000).toISOString()}`,
    )
    // canary holds 2.0.0, which replaced 1.0.0: rolling back would return to the retired digest.
    const rollback = await runTarget(
      target(repo, '2.0.0', { ring: 'canary', operation: 'rollback' }),
      context('canary', { operation: 'rollback', now: later }),
      { dryRun: false },
    )
    expect(rollback.verdict).toBe('blocked')
    expect(rollback.plan?.version).toBe(s.oci.digest)
    expect(rollback.plan?.gates.find((g) => g.id === 'end-of-life')?.status).toBe('fail')
    expect(await reg.tags(repo)).toEqual(tags)
    expect(await reg.tagDigest(repo, 'canary')).toBe(s.ociV2.digest)
  })

  it('warns and does not lock on a registry that is not ACR', async () => {
    const { repo } = await fresh()
    const locking = [ring('canary', null, { lock: true })]
    const result = await runTarget(
      target(repo, '1.0.0', { rings: locking }),
      context('canary', { rings: locking }),
      {
        dryRun: false,
      },
    )
    expect(result.verdict).toBe('promoted')
    expect(result.plan?.gates.find((g) => g.id === 'lock')?.status).toBe('warn')
  })

  it.each(['oci', 'ociIndex'] as const)(
    'promotes a %s into a second registry with blobs and referrers carried',
    async (kind) => {
      const { repo, s } = await fresh()
      const image = s[kind]
      const result = await promote(repo, image.tag, 'canary', { targetRegistry: other.host })
      expect(result.error).toBeUndefined()
      expect(result.verdict).toBe('promoted')
      expect(result.plan?.imageId).toBe(`${other.host}/${repo}@${image.digest}`)
      expect(await other.tagDigest(repo, 'canary')).toBe(image.digest)
      expect(await other.tagDigest(repo, image.tag)).toBe(image.digest)
      const copied = await other.getManifest(repo, image.digest)
      expect(copied?.body.equals((await reg.getManifest(repo, image.digest))!.body)).toBe(true)
      // Every blob is really there: pull each platform's config and layers.
      const manifests =
        kind === 'ociIndex'
          ? (JSON.parse(copied!.body.toString()) as { manifests: { digest: string }[] }).manifests.map(
              (m) => m.digest,
            )
          : [image.digest]
      for (const d of manifests) {
        const m = JSON.parse((await other.getManifest(repo, d))!.body.toString()) as {
          config: { digest: string }
          layers: { digest: string }[]
        }
        for (const b of [m.config, ...m.layers]) {
          const blob = await other.request('GET', `/v2/${repo}/blobs/${b.digest}`)
          expect(blob.status).toBe(200)
          expect(digestOf(blob.body)).toBe(b.digest)
        }
      }
      const referrers = await fallbackIndex(other, repo, image.digest)
      expect(referrers.some((d) => d.artifactType === RECORD_ARTIFACT_TYPE)).toBe(true)
      if (kind === 'oci') {
        expect(result.plan?.notes.join(' ')).toContain(s.signature.artifactType)
        expect(referrers.map((d) => d.digest)).toContain(s.signature.digest)
        expect(
          (await other.getManifest(repo, s.signature.digest))?.body.equals(
            (await reg.getManifest(repo, s.signature.digest))!.body,
          ),
        ).toBe(true)
      }
      // Nothing was written to the source registry's tags.
      expect(await reg.tagDigest(repo, 'canary')).toBeUndefined()
      // The next ring in the target registry sees the carried canary record.
      const staging = await promote(repo, image.tag, 'staging', { targetRegistry: other.host })
      expect(staging.verdict).toBe('promoted')
    },
  )
})
