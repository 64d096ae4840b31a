import { describe, expect, it } from 'vitest'
import type { TargetRef } from '../../src/core/model.js'
import { resolveLatest } from '../../src/gallery/latest.js'
import { applyFlags, planGallery, type GalleryState, type VersionWrite } from '../../src/gallery/plan.js'
import { context, DEFAULT_RINGS, passed, ring, version } from './builders.js'

const ref: TargetRef = { kind: 'gallery', key: 'k', display: 'g/i' }
const id = (name: string) => `/versions/${name}`
const [canary, staging, prod] = DEFAULT_RINGS as [
  (typeof DEFAULT_RINGS)[0],
  (typeof DEFAULT_RINGS)[0],
  (typeof DEFAULT_RINGS)[0],
]

function state(
  subjectName: string,
  versions: ReturnType<typeof version>[],
  extra: Partial<GalleryState> = {},
): GalleryState {
  return { versions, subject: versions.find((v) => v.name === subjectName), notes: [], ...extra }
}

const gate = (plan: ReturnType<typeof planGallery>, gateId: string) => plan.gates.find((g) => g.id === gateId)

describe('gallery planning: gates', () => {
  it('passes every gate for a replicated version entering the first ring and plans one tag write', () => {
    const plan = planGallery(state('1.2.0', [version('1.2.0')]), context(canary), ref, id)
    expect(plan.gates.filter((g) => g.status !== 'pass')).toEqual([])
    expect(plan.changes).toHaveLength(1)
    const write = plan.changes[0]!.payload as VersionWrite
    expect(write.setTags).toMatchObject({
      'ring.canary.at': '2026-11-23T12:00:00.000Z',
      'ring.canary.by': 'octocat',
      'ring.canary.run': 'https://github.com/o/r/actions/runs/1',
      'ring.canary.sha': 'abc123',
    })
    expect(write.latest).toBeUndefined()
    expect(plan.regions).toEqual(['eastus', 'westeurope'])
  })

  it('fails the exists gate with the reason and plans nothing when the version is missing', () => {
    const plan = planGallery(
      {
        versions: [],
        notes: [],
        missing: "version 9.9.9 was not found in image definition 'i' of gallery 'g'",
      },
      context(canary),
      ref,
      id,
    )
    expect(plan.gates).toEqual([
      expect.objectContaining({ id: 'exists', status: 'fail', details: expect.stringContaining('9.9.9') }),
    ])
    expect(plan.changes).toEqual([])
  })

  it('names each region that is not replicated, with state and progress', () => {
    const v = version('1.3.0', { replication: { westeurope: 'Replicating' } })
    v.regions[1]!.replication = { state: 'Replicating', details: 'copying', progress: 40 }
    const plan = planGallery(state('1.3.0', [v]), context(canary), ref, id)
    expect(gate(plan, 'replication')).toMatchObject({
      status: 'fail',
      details: 'westeurope: Replicating 40% (copying)',
    })
  })

  it('checks only the ring regions and the minimum replica count', () => {
    const v = version('1.3.0', { replication: { westeurope: 'Failed' }, replicas: 1 })
    const plan = planGallery(
      state('1.3.0', [v]),
      context(ring('canary', { regions: ['eastus'], minReplicas: 2 })),
      ref,
      id,
    )
    expect(gate(plan, 'replication')).toMatchObject({
      status: 'fail',
      details: 'eastus: 1 replicas, ring canary needs 2',
    })
    const ok = planGallery(state('1.3.0', [v]), context(ring('canary', { regions: ['eastus'] })), ref, id)
    expect(gate(ok, 'replication')?.status).toBe('pass')
  })

  it('refuses a ring region the version is not replicated to', () => {
    const plan = planGallery(
      state('1.3.0', [version('1.3.0')]),
      context(ring('canary', { regions: ['japaneast'] })),
      ref,
      id,
    )
    expect(gate(plan, 'replication')?.details).toBe('japaneast is not a target region of 1.3.0')
  })

  it('blocks past end of life, policy violations and unfinished provisioning', () => {
    const v = version('1.0.0', {
      endOfLife: new Date('2026-01-01T00:00:00Z'),
      violations: ['ImageFlaggedUnsafe: flagged'],
      state: 'Updating',
    })
    const plan = planGallery(state('1.0.0', [v]), context(canary), ref, id)
    expect(gate(plan, 'end-of-life')).toMatchObject({
      status: 'fail',
      details: expect.stringContaining('2026-01-01'),
    })
    expect(gate(plan, 'policy-violation')).toMatchObject({
      status: 'fail',
      details: expect.stringContaining('ImageFlaggedUnsafe'),
    })
    expect(gate(plan, 'provisioning')).toMatchObject({
      status: 'fail',
      details: 'provisioningState is Updating, expected Succeeded',
    })
  })

  it('refuses to skip a ring, naming the missing one', () => {
    const plan = planGallery(state('1.2.0', [version('1.2.0')]), context(prod), ref, id)
    expect(gate(plan, 'ring-order')).toMatchObject({
      status: 'fail',
      details:
        '1.2.0 has not been promoted to staging; promote it to staging before prod (skipping a ring is refused)',
    })
  })

  it('enforces soak time from the previous ring record and freeze windows', () => {
    const soaking = ring('staging', { after: 'canary', soakMs: 24 * 3600_000 })
    const v = version('1.2.0', { tags: passed('canary', '2026-11-23T06:00:00Z') })
    const plan = planGallery(state('1.2.0', [v]), context(soaking), ref, id)
    expect(gate(plan, 'soak')).toMatchObject({
      status: 'fail',
      details: '1.2.0 has been in canary for 6h; staging needs 1d (eligible at 2026-11-24T06:00:00Z)',
    })
    const later = planGallery(
      state('1.2.0', [v]),
      context(soaking, { now: new Date('2026-11-24T07:00:00Z') }),
      ref,
      id,
    )
    expect(gate(later, 'soak')?.status).toBe('pass')
    const frozen = ring('canary', {
      freeze: [{ from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') }],
    })
    expect(gate(planGallery(state('1.2.0', [v]), context(frozen), ref, id), 'freeze')).toMatchObject({
      status: 'fail',
      details: 'canary is frozen from 2026-11-20T00:00:00Z to 2026-11-30T00:00:00Z',
    })
  })
})

describe('approval evidence', () => {
  it('warns when the ring asks for approval and nobody approved; passes with approvers', () => {
    const strict = ring('canary', { requireApproval: true })
    const none = planGallery(state('1.2.0', [version('1.2.0')]), context(strict), ref, id)
    expect(gate(none, 'approval')).toMatchObject({
      status: 'warn',
      details: expect.stringContaining('asks for approval evidence'),
    })
    const ctx = context(strict)
    ctx.record.approvedBy = ['release-manager']
    const approved = planGallery(state('1.2.0', [version('1.2.0')]), ctx, ref, id)
    expect(gate(approved, 'approval')).toMatchObject({
      status: 'pass',
      details: 'approved by release-manager',
    })
    expect((approved.changes[0]!.payload as VersionWrite).setTags['ring.canary.approvers']).toBe(
      'release-manager',
    )
  })
})

describe('gallery planning: writes', () => {
  it('writes nothing when the version already holds the ring', () => {
    const v = version('1.2.0', { tags: passed('canary', '2026-11-22T00:00:00Z') })
    const plan = planGallery(state('1.2.0', [v]), context(canary), ref, id)
    expect(plan.changes).toEqual([])
    expect(plan.previousVersion).toBe('1.2.0')
  })

  it('on the latest ring includes the version first, then excludes every higher version lowest first', () => {
    const versions = [
      version('1.0.0', { tags: passed('prod', '2026-11-01T00:00:00Z') }),
      version('1.2.0', { exclude: true, tags: passed('staging', '2026-11-20T00:00:00Z') }),
      version('1.10.0'),
      version('1.3.0'),
      version('1.4.0', { exclude: true }),
    ]
    const plan = planGallery(state('1.2.0', versions), context(prod), ref, id)
    expect(plan.changes.map((c) => c.resource)).toEqual(['1.2.0', '1.3.0', '1.10.0'])
    const first = plan.changes[0]!.payload as VersionWrite
    expect(first.latest).toEqual({ exclude: false, scope: undefined })
    expect(first.setTags['ring.prod.at']).toBeDefined()
    expect(plan.previousVersion).toBe('1.0.0')
    expect(plan.transitions).toContainEqual({ subject: 'latest in eastus', before: '1.10.0', after: '1.2.0' })
  })

  it('never lets latest point at a version outside the ring between two writes', () => {
    const versions = [
      version('2.0.0', { tags: passed('prod', '2026-11-01T00:00:00Z') }),
      version('2.1.0'),
      version('2.3.0', { exclude: true, tags: passed('staging', '2026-11-20T00:00:00Z') }),
      version('2.4.0'),
      version('2.7.0'),
      version('3.0.0'),
    ]
    const plan = planGallery(state('2.3.0', versions), context(prod), ref, id)
    const writes = plan.changes.map((c) => c.payload as VersionWrite)
    const before = resolveLatest(versions, ['eastus']).get('eastus')
    for (let step = 0; step <= writes.length; step++) {
      const latest = resolveLatest(applyFlags(versions, writes.slice(0, step)), ['eastus']).get('eastus')
      expect([before, '2.3.0']).toContain(latest)
    }
    expect(resolveLatest(applyFlags(versions, writes), ['eastus']).get('eastus')).toBe('2.3.0')
  })

  it('flips only the per-region flags of latest-regions', () => {
    const prodEast = ring('prod', { after: 'staging', latest: true, latestRegions: ['eastus'] })
    const versions = [version('1.2.0', { tags: passed('staging', '2026-11-20T00:00:00Z') }), version('1.3.0')]
    const plan = planGallery(state('1.2.0', versions), context(prodEast), ref, id)
    const writes = plan.changes.map((c) => c.payload as VersionWrite)
    expect(writes[1]).toMatchObject({ version: '1.3.0', latest: { exclude: true, scope: ['eastus'] } })
    const after = resolveLatest(applyFlags(versions, writes), ['eastus', 'westeurope'])
    expect(after.get('eastus')).toBe('1.2.0')
    expect(after.get('westeurope')).toBe('1.3.0')
  })

  it('rolls the latest ring back: restores the previous holder, excludes and marks the rolled-back one', () => {
    const versions = [
      version('1.1.0', { tags: { ...passed('prod', '2026-11-01T00:00:00Z') }, exclude: false }),
      version('1.2.0', { tags: { ...passed('prod', '2026-11-10T00:00:00Z') } }),
    ]
    versions[0]!.regions.forEach((r) => (r.excludeFromLatest = true))
    versions[0]!.excludeFromLatest = true
    const st = state('1.1.0', versions, { rollbackFrom: versions[1] })
    const plan = planGallery(st, context(prod, { operation: 'rollback' }), ref, id)
    expect(plan.gates.filter((g) => g.status === 'fail')).toEqual([])
    expect(plan.version).toBe('1.1.0')
    expect(plan.previousVersion).toBe('1.2.0')
    const writes = plan.changes.map((c) => c.payload as VersionWrite)
    expect(writes.map((w) => w.version)).toEqual(['1.1.0', '1.2.0'])
    expect(writes[0]!.latest).toEqual({ exclude: false, scope: undefined })
    expect(writes[1]).toMatchObject({
      latest: { exclude: true },
      setTags: { 'ring.prod.rolledback': expect.any(String) },
    })
  })

  it('rolls a non-latest ring back with one tag write on the current holder', () => {
    const versions = [
      version('1.1.0', { tags: passed('canary', '2026-11-01T00:00:00Z') }),
      version('1.2.0', { tags: passed('canary', '2026-11-10T00:00:00Z') }),
    ]
    const plan = planGallery(
      state('1.1.0', versions, { rollbackFrom: versions[1] }),
      context(canary, { operation: 'rollback' }),
      ref,
      id,
    )
    expect(plan.changes.map((c) => c.resource)).toEqual(['1.2.0'])
    expect(plan.gates.find((g) => g.id === 'ring-order')).toBeUndefined()
  })

  it('warns when a rolled-back version is promoted again by name', () => {
    const v = version('1.2.0', {
      tags: { ...passed('canary', '2026-11-10T00:00:00Z'), 'ring.canary.rolledback': '2026-11-11T00:00:00Z' },
    })
    const plan = planGallery(state('1.2.0', [v]), context(canary), ref, id)
    expect(gate(plan, 'rolled-back')?.status).toBe('warn')
    expect((plan.changes[0]!.payload as VersionWrite).removeTags).toContain('ring.canary.rolledback')
  })

  it('plans the staging tags only and keeps canary history intact', () => {
    const v = version('1.2.0', { tags: passed('canary', '2026-11-10T00:00:00Z') })
    const plan = planGallery(state('1.2.0', [v]), context(staging), ref, id)
    const write = plan.changes[0]!.payload as VersionWrite
    expect(Object.keys(write.setTags).every((k) => k.startsWith('ring.staging.'))).toBe(true)
  })
})
