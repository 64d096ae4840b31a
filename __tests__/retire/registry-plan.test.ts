// The pure registry retention planner: ring tags, rollback targets and latest protected; keep by push time;
// ACR locks respected; end of life as a record, deletion only after it passed; referrers and platform images
// consistent with their subject; every decision with its reason.
import { describe, expect, it } from 'vitest'
import type { Plan, RetireDecision } from '../../src/core/model.js'
import type { PlanContext } from '../../src/core/target.js'
import type { Descriptor } from '../../src/registry/oci.js'
import type { RingRecord } from '../../src/registry/records.js'
import type { RetentionPolicy } from '../../src/core/policy.js'
import {
  outsideKeep,
  planRegistryRetire,
  type DigestInfo,
  type RegistryRetireState,
  type RegistryRetireWrite,
} from '../../src/registry/retire-plan.js'
import { EOL_ARTIFACT_TYPE, type EndOfLifeRecord } from '../../src/registry/records.js'
import { policy, RINGS } from '../registry/helpers.js'

const NOW = new Date('2026-11-23T12:00:00Z')
const REF = { kind: 'registry' as const, key: 'registry:reg/team/web', display: 'reg/team/web' }
const d = (c: string) => `sha256:${c.repeat(64)}`
const day = (n: number) => new Date(Date.UTC(2026, 9, n)).toISOString()

const D = {
  u: d('0'), // no push time
  s: d('5'), // a signature tagged sig-1.0.0, subject D1
  e: d('e'), // end of life in the future
  0: d('a'),
  1: d('1'),
  2: d('2'),
  3: d('3'),
  4: d('4'),
  5: d('b'),
  6: d('6'),
  7: d('7'),
  8: d('8'),
  9: d('9'),
}

function info(
  digest: string,
  tags: string[],
  pushedDay: number | undefined,
  extra: Partial<DigestInfo> = {},
) {
  return {
    digest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 500,
    tags,
    children: [],
    locks: [],
    referrers: [],
    records: [],
    endOfLife: [],
    ...(pushedDay !== undefined ? { pushed: { at: day(pushedDay), source: 'config' as const } } : {}),
    ...extra,
  } satisfies DigestInfo
}

function record(
  type: 'promote' | 'rollback',
  ring: string,
  digest: string,
  at: number,
  previous: string | null,
) {
  return {
    version: 1,
    type,
    ring,
    digest,
    tags: [ring],
    at: day(at),
    actor: 'octocat',
    runUrl: '',
    sha: '',
    approvedBy: [],
    previous,
    registry: 'reg',
    repository: 'team/web',
  } satisfies RingRecord
}

function eol(digest: string, at: number, endOfLife: string): EndOfLifeRecord {
  return {
    version: 1,
    type: 'end-of-life',
    digest,
    endOfLife,
    at: day(at),
    actor: '',
    runUrl: '',
    sha: '',
    registry: 'reg',
    repository: 'team/web',
  }
}

const signature: Descriptor = {
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: d('c'),
  size: 300,
  artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
}
const eolDescriptor: Descriptor = {
  mediaType: signature.mediaType,
  digest: d('f'),
  size: 200,
  artifactType: EOL_ARTIFACT_TYPE,
}

/**
 * latest → D9, canary → D8 (replaced D7), prod and stable → D6 (replaced D4); D5 and D3 are the 2 newest of the
 * rest; D2 leaves retention now; D1's end of life passed (a signature refers to it, and is tagged sig-1.0.0);
 * D0 is locked; De's end of life is ahead; Du has no push time.
 */
function state(): RegistryRetireState {
  return {
    registry: 'reg',
    repository: 'team/web',
    ringTags: { latest: D[9], canary: D[8], prod: D[6], stable: D[6] },
    digests: [
      info(D[9], ['9.0.0', 'latest'], 9),
      info(D[8], ['8.0.0', 'canary'], 8, { records: [record('promote', 'canary', D[8], 10, D[7])] }),
      info(D[7], ['7.0.0'], 7),
      info(D[6], ['6.0.0', 'prod', 'stable'], 6, { records: [record('promote', 'prod', D[6], 11, D[4])] }),
      info(D[5], ['5.0.0'], 5),
      info(D[4], ['4.0.0'], 4),
      info(D[3], ['3.0.0'], 3),
      info(D[2], ['2.0.0'], 2),
      info(D[1], ['1.0.0'], 1, {
        referrers: [signature, eolDescriptor],
        endOfLife: [eol(D[1], 1, '2026-10-20T00:00:00.000Z')],
      }),
      info(D.e, ['0.8.0'], 0, { endOfLife: [eol(D.e, 2, '2026-12-01T00:00:00.000Z')] }),
      info(D[0], ['0.9.0'], -1, { locks: ['manifest deleteEnabled false'] }),
      info(D.u, ['0.1.0'], undefined),
      info(D.s, ['sig-1.0.0'], undefined, { subject: D[1] }),
    ],
    attachments: { [D[1]]: [`sha256-${'1'.repeat(64)}`] },
    missing: [],
    notes: [],
  }
}

function ctx(retention: RetentionPolicy | undefined): PlanContext {
  return {
    operation: 'retire',
    ring: RINGS[0]!,
    policy: { ...policy(RINGS), source: '.github/image-promotion.yml', ...(retention ? { retention } : {}) },
    now: NOW,
    record: {
      at: NOW,
      actor: 'octocat',
      runUrl: 'https://github.com/o/r/actions/runs/1',
      sha: 'abc',
      approvedBy: [],
    },
  }
}

const KEEP_2 = { keep: 2, endOfLifeMs: 30 * 86_400_000, deleteAfterEol: true }

function decision(plan: Plan, digest: string): RetireDecision {
  const found = plan.retirement!.find((x) => x.subject === digest)
  if (!found) throw new Error(`no decision for ${digest}`)
  return found
}

describe('planRegistryRetire', () => {
  it('protects ring tags, rollback targets and latest; keeps the newest; records end of life; deletes after it', () => {
    const plan = planRegistryRetire(state(), ctx(KEEP_2), REF)
    const of = (digest: string) => decision(plan, digest)
    expect(of(D[9])).toMatchObject({ action: 'keep', reasons: ['tag latest'], tags: ['9.0.0', 'latest'] })
    expect(of(D[8]).reasons).toEqual(['ring canary (tag canary)'])
    expect(of(D[7]).reasons).toEqual(['rollback target of canary'])
    expect(of(D[6]).reasons).toEqual(['ring prod (tags prod, stable)'])
    expect(of(D[4]).reasons).toEqual(['rollback target of prod'])
    expect(of(D[5]).reasons).toEqual(['within keep (1 of 2)'])
    expect(of(D[3]).reasons).toEqual(['within keep (2 of 2)'])
    expect(of(D[2])).toMatchObject({
      action: 'end-of-life',
      endOfLife: '2026-12-23T12:00:00.000Z',
      changeId: `end-of-life:${D[2]}`,
      reasons: ['outside keep (2 newest kept)', 'end of life set to 2026-12-23 (recorded on the digest)'],
    })
    expect(of(D[1])).toMatchObject({
      action: 'delete',
      endOfLife: '2026-10-20T00:00:00.000Z',
      changeId: `delete:${D[1]}`,
      reasons: [
        'outside keep (2 newest kept)',
        'end of life 2026-10-20 passed',
        'deleted with 2 referrer(s)',
      ],
    })
    expect(of(D.s)).toMatchObject({
      action: 'delete',
      changeId: `delete:${D[1]}`,
      reasons: [`referrer of sha256:${'1'.repeat(12)}, deleted with it`],
    })
    expect(of(D.e)).toMatchObject({
      action: 'end-of-life',
      reasons: expect.arrayContaining(['end of life already 2026-12-01']),
    })
    expect(of(D.e).changeId).toBeUndefined()
    expect(of(D[0])).toMatchObject({
      action: 'keep',
      reasons: ['outside keep, but locked on ACR (manifest deleteEnabled false); not unlocked'],
    })
    expect(of(D.u).reasons[0]).toMatch(/^push time unknown/)

    // Newest first, unknown push times last; every digest listed.
    expect(plan.retirement!.map((x) => x.subject)).toEqual([
      D[9],
      D[8],
      D[7],
      D[6],
      D[5],
      D[4],
      D[3],
      D[2],
      D[1],
      D.e,
      D[0],
      D.u,
      D.s,
    ])
    expect(plan.changes.map((c) => c.id)).toEqual([`end-of-life:${D[2]}`, `delete:${D[1]}`])
    const remove = plan.changes[1]!.payload as RegistryRetireWrite
    expect(remove).toEqual({
      kind: 'delete',
      digest: D[1],
      tags: ['1.0.0'],
      referrers: [signature.digest, eolDescriptor.digest, D.s],
      attachmentTags: [`sha256-${'1'.repeat(64)}`],
      guard: { canary: D[8], staging: null, prod: D[6], stable: D[6], latest: D[9] },
    })
    const record = plan.changes[0]!.payload as Extract<RegistryRetireWrite, { kind: 'end-of-life' }>
    expect(record.record).toMatchObject({
      type: 'end-of-life',
      digest: D[2],
      endOfLife: '2026-12-23T12:00:00.000Z',
      at: NOW.toISOString(),
      actor: 'octocat',
    })
    expect(record.subject).toEqual({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: D[2],
      size: 500,
    })
    expect(plan.changes[1]!.resource).toBe(`team/web@sha256:${'1'.repeat(12)} (1.0.0)`)

    expect(plan.gates.map((g) => [g.id, g.status])).toEqual([
      ['retention', 'pass'],
      ['push-time', 'warn'],
      ['locks', 'warn'],
    ])
    expect(plan.gates[0]!.details).toContain('5 digest(s) protected')
    expect(plan.transitions.slice(0, 2)).toEqual([
      { subject: 'tagged digests', before: '13', after: '11' },
      { subject: 'tags', before: '17', after: '15' },
    ])
    // Retirement never moves a ring tag.
    for (const row of plan.transitions.slice(2)) expect(row.after).toBe(row.before)
    expect(plan.transitions.slice(2).map((t) => t.subject)).toEqual([
      'team/web:canary',
      'team/web:prod',
      'team/web:stable',
      'team/web:latest',
    ])
  })

  it('with delete-after-eol off, deletes nothing and says why', () => {
    const plan = planRegistryRetire(state(), ctx({ ...KEEP_2, deleteAfterEol: false }), REF)
    expect(plan.changes.map((c) => c.id)).toEqual([`end-of-life:${D[2]}`])
    expect(decision(plan, D[1])).toMatchObject({
      action: 'end-of-life',
      reasons: ['outside keep (2 newest kept)', 'end of life 2026-10-20 passed; delete-after-eol is off'],
    })
    expect(decision(plan, D.s).reasons).toEqual([`referrer of sha256:${'1'.repeat(12)}, which stays`])
    expect(plan.retirement!.some((x) => x.action === 'delete')).toBe(false)
  })

  it('names exactly the digests whose referrers and tag locks observe must read', () => {
    expect(outsideKeep(state(), ctx(KEEP_2).policy).map((i) => i.digest)).toEqual([D[2], D[1], D.e, D[0]])
    expect(outsideKeep(state(), ctx(undefined).policy)).toEqual([])
  })

  it('keeps the end-of-life date of a digest promoted after it was recorded: a promotion does not cancel it', () => {
    const s = state()
    const d1 = s.digests.find((x) => x.digest === D[1])!
    d1.records = [record('promote', 'canary', D[1], 5, null)]
    const plan = planRegistryRetire(s, ctx(KEEP_2), REF)
    expect(decision(plan, D[1])).toMatchObject({
      action: 'delete',
      endOfLife: '2026-10-20T00:00:00.000Z',
    })
    expect(plan.changes.map((c) => c.id)).toEqual([`end-of-life:${D[2]}`, `delete:${D[1]}`])
  })

  it('protects what an unfinished rollback restores, not what the promotion replaced', () => {
    const s = state()
    const d6 = s.digests.find((x) => x.digest === D[6])!
    d6.records = [record('promote', 'prod', D[6], 11, D[4]), record('rollback', 'prod', D[6], 12, D[2])]
    const plan = planRegistryRetire(s, ctx(KEEP_2), REF)
    expect(decision(plan, D[2]).reasons).toEqual(['rollback target of prod'])
    expect(decision(plan, D[4]).reasons).toEqual(['within keep (2 of 2)'])
  })

  it('keeps a digest whose referrers were not read', () => {
    const s = state()
    delete s.digests.find((x) => x.digest === D[2])!.referrers
    const plan = planRegistryRetire(s, ctx(KEEP_2), REF)
    expect(decision(plan, D[2])).toMatchObject({ action: 'keep' })
    expect(decision(plan, D[2]).reasons).toContain('referrers not read; re-run to retire it')
  })

  it('removes the records a delete cut short left behind, after everything else', () => {
    const s = state()
    const gone = d('d')
    s.leftovers = [{ digest: gone, tag: `sha256-${'d'.repeat(64)}`, referrers: [eolDescriptor.digest] }]
    const plan = planRegistryRetire(s, ctx(KEEP_2), REF)
    expect(plan.changes.map((c) => c.id).at(-1)).toBe(`leftovers:${gone}`)
    expect(plan.changes.at(-1)!.summary).toBe(
      `remove the 1 record(s) and the referrers index sha256-${'d'.repeat(64)} left by the deleted digest`,
    )
    expect(decision(plan, gone)).toMatchObject({ action: 'delete', changeId: `leftovers:${gone}`, tags: [] })
  })

  it('blocks without a retention section', () => {
    const plan = planRegistryRetire(state(), ctx(undefined), REF)
    expect(plan.gates).toEqual([expect.objectContaining({ id: 'retention', status: 'fail' })])
    expect(plan.changes).toEqual([])
  })
})

describe('platform images of an index', () => {
  const INDEX = 'application/vnd.oci.image.index.v1+json'
  const base = (digests: DigestInfo[], ringTags: Record<string, string> = {}): RegistryRetireState => ({
    registry: 'reg',
    repository: 'team/web',
    ringTags,
    digests,
    attachments: {},
    missing: [],
    notes: [],
  })
  const passed = (digest: string) => ({ endOfLife: [eol(digest, 1, '2026-11-01T00:00:00.000Z')] })

  it('a protected index protects its platform images, however old', () => {
    const s = base(
      [
        info(D[9], ['prod'], 9, { mediaType: INDEX, children: [D[1]] }),
        info(D[1], ['1.0.0-amd64'], 1, passed(D[1])),
      ],
      { prod: D[9] },
    )
    const plan = planRegistryRetire(s, ctx({ ...KEEP_2, keep: 0 }), REF)
    expect(decision(plan, D[1]).reasons).toEqual([
      `platform image of protected index sha256:${'9'.repeat(12)}`,
    ])
    expect(plan.changes).toEqual([])
  })

  it('a kept index keeps its platform images', () => {
    const s = base([
      info(D[9], ['9'], 9, { mediaType: INDEX, children: [D[1]] }),
      info(D[1], ['1-amd64'], 1, passed(D[1])),
    ])
    const plan = planRegistryRetire(s, ctx({ ...KEEP_2, keep: 1 }), REF)
    expect(decision(plan, D[1])).toMatchObject({
      action: 'keep',
      reasons: [`platform image of kept index sha256:${'9'.repeat(12)}`],
    })
  })

  it('a platform image is deleted only with its index, and after it', () => {
    const index = info(D[2], ['2'], 2, {
      mediaType: INDEX,
      children: [D[1]],
      endOfLife: [eol(D[2], 1, '2027-01-01T00:00:00.000Z')],
    })
    const child = info(D[1], ['1-amd64'], 1, passed(D[1]))
    const spared = planRegistryRetire(base([index, child]), ctx({ ...KEEP_2, keep: 0 }), REF)
    expect(spared.changes).toEqual([])
    expect(decision(spared, D[1])).toMatchObject({ action: 'end-of-life' })
    expect(decision(spared, D[1]).reasons.at(-1)).toBe(
      `platform image of sha256:${'2'.repeat(12)}, which is not deleted; kept until it is`,
    )

    const both = planRegistryRetire(
      base([{ ...index, ...passed(D[2]) }, child]),
      ctx({ ...KEEP_2, keep: 0 }),
      REF,
    )
    expect(both.changes.map((c) => c.id)).toEqual([`delete:${D[2]}`, `delete:${D[1]}`])
  })
})
