// The pure retention planner: protection, keep, end of life, deletion, and the reasons given.
import { describe, expect, it } from 'vitest'
import type { RetireDecision } from '../../src/core/model.js'
import type { PlanContext } from '../../src/core/target.js'
import type { GalleryVersion } from '../../src/gallery/versions.js'
import type { RetentionPolicy } from '../../src/core/policy.js'
import {
  deletionCandidates,
  planRetire,
  type RetireState,
  type RetireWrite,
} from '../../src/gallery/retire-plan.js'
import { usageQuery, type VmUser } from '../../src/gallery/usage.js'
import { parseUsageQuery } from '../../emulator/routes/resource-graph.js'
import { context, DEFAULT_RINGS, version } from '../gallery/builders.js'

const NOW = new Date('2026-11-23T12:00:00Z')
const DAY = 86_400_000
const REF = { kind: 'gallery' as const, key: 'def', display: 'g/i' }
const DEF = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i'

function ctx(retention: RetentionPolicy | undefined): PlanContext {
  const c = context(DEFAULT_RINGS[0]!, { now: NOW })
  return { ...c, operation: 'retire', policy: { ...c.policy, retention, source: '.github/policy.yml' } }
}

const at = (day: number) => `2026-10-${String(day).padStart(2, '0')}T00:00:00Z`

/** 1.0.0 … 1.9.0, all hidden but prod's; prod: 1.3.0 → 1.5.0 (1.4.0 was rolled back), canary 1.9.0. */
function versions(): GalleryVersion[] {
  const hidden = { exclude: true }
  return [
    version('1.0.0', { ...hidden, endOfLife: new Date(NOW.getTime() - DAY) }),
    version('1.1.0', { ...hidden, endOfLife: new Date(NOW.getTime() - DAY) }),
    version('1.2.0', hidden),
    version('1.3.0', { ...hidden, tags: { 'ring.prod.at': at(1) } }),
    version('1.4.0', { ...hidden, tags: { 'ring.prod.at': at(2), 'ring.prod.rolledback': at(3) } }),
    version('1.5.0', { tags: { 'ring.canary.at': at(4), 'ring.prod.at': at(5) } }),
    version('1.6.0', hidden),
    version('1.7.0', hidden),
    version('1.8.0', hidden),
    version('1.9.0', { ...hidden, tags: { 'ring.canary.at': at(9) } }),
  ]
}

function plan(state: Partial<RetireState>, retention: RetentionPolicy | undefined) {
  return planRetire(
    { versions: versions(), usage: new Map(), notes: [], ...state },
    ctx(retention),
    REF,
    DEF,
    (name) => `${DEF}/versions/${name}`,
  )
}

function decision(decisions: RetireDecision[] | undefined, name: string): RetireDecision {
  return decisions!.find((d) => d.subject === name)!
}

describe('planRetire', () => {
  it('protects ring holders, rollback targets and latest, keeps the newest, retires the rest', () => {
    const p = plan({}, { keep: 2, endOfLifeMs: 30 * DAY, deleteAfterEol: false })
    const d = (name: string) => decision(p.retirement, name)
    expect(p.retirement!.map((x) => x.subject)).toEqual([
      '1.9.0',
      '1.8.0',
      '1.7.0',
      '1.6.0',
      '1.5.0',
      '1.4.0',
      '1.3.0',
      '1.2.0',
      '1.1.0',
      '1.0.0',
    ])
    expect(d('1.5.0')).toMatchObject({ action: 'keep' })
    expect(d('1.5.0').reasons).toEqual([
      'rollback target of canary',
      'ring prod',
      'latest in eastus, westeurope',
    ])
    expect(d('1.3.0').reasons).toEqual(['rollback target of prod'])
    expect(d('1.9.0').reasons).toEqual(['ring canary'])
    expect(d('1.8.0')).toMatchObject({ action: 'keep', reasons: ['within keep (1 of 2)'] })
    expect(d('1.7.0')).toMatchObject({ action: 'keep', reasons: ['within keep (2 of 2)'] })
    // 1.4.0 was rolled back from prod: not a rollback target, so it leaves retention.
    for (const name of ['1.6.0', '1.4.0', '1.2.0']) {
      expect(d(name)).toMatchObject({ action: 'end-of-life', endOfLife: '2026-12-23T12:00:00.000Z' })
      expect(d(name).reasons).toContain('end of life set to 2026-12-23')
    }
    // An earlier end-of-life date is kept, not pushed later; the flags are already right, so no write.
    expect(d('1.0.0')).toMatchObject({ action: 'end-of-life', endOfLife: '2026-11-22T12:00:00.000Z' })
    expect(d('1.0.0').changeId).toBeUndefined()
    expect(p.changes.map((c) => c.id)).toEqual([
      'end-of-life:1.2.0',
      'end-of-life:1.4.0',
      'end-of-life:1.6.0',
    ])
    const write = p.changes[0]!.payload as RetireWrite
    expect(write).toMatchObject({
      kind: 'end-of-life',
      exclude: false,
      endOfLife: '2026-12-23T12:00:00.000Z',
    })
    expect(p.gates.map((g) => [g.id, g.status])).toEqual([['retention', 'pass']])
    // Latest does not move.
    for (const row of p.transitions.filter((t) => t.subject.startsWith('latest')))
      expect(row.after).toBe(row.before)
  })

  it('excludes a retired version still visible to latest, in every region', () => {
    const list = versions()
    list[2] = version('1.2.0', { regionExclude: false, exclude: true })
    list[2]!.regions[0]!.excludeFromLatest = undefined
    const p = planRetire(
      { versions: list, usage: new Map(), notes: [] },
      ctx({ keep: 2, deleteAfterEol: false }),
      REF,
      DEF,
      (n) => n,
    )
    expect((p.changes[0]!.payload as RetireWrite & { exclude: boolean }).exclude).toBe(true)
    expect(p.changes[0]!.summary).toContain('exclude from latest in all regions')
    expect(p.notes).toContain('retention.end-of-life is not set: 30d is used')
  })

  it('deletes only past end of life and unused; keeps in-use versions and names their users', () => {
    const users: VmUser[] = [
      {
        id: '/subscriptions/s/resourceGroups/app/providers/Microsoft.Compute/virtualMachineScaleSets/web',
        name: 'web',
        kind: 'scale set',
        imageId: 'x',
      },
      {
        id: '/subscriptions/s/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/vm1',
        name: 'vm1',
        kind: 'virtual machine',
        imageId: 'x',
      },
    ]
    const usage = new Map([
      ['1.0.0', []],
      ['1.1.0', users],
    ])
    const p = plan({ usage }, { keep: 2, deleteAfterEol: true })
    expect(decision(p.retirement, '1.0.0')).toMatchObject({ action: 'delete', changeId: 'delete:1.0.0' })
    const kept = decision(p.retirement, '1.1.0')
    expect(kept.action).toBe('end-of-life')
    expect(kept.reasons).toContain('in use by 1 scale set and 1 virtual machine')
    expect(kept.usedBy).toEqual(users.map((u) => u.id))
    // Hide first, delete last.
    expect(p.changes.map((c) => c.id).at(-1)).toBe('delete:1.0.0')
    expect(p.gates.find((g) => g.id === 'in-use')).toMatchObject({ status: 'warn' })
    expect(p.gates.find((g) => g.id === 'in-use')!.details).toContain(
      '1.1.0: in use by 1 scale set and 1 virtual machine (web, vm1)',
    )
    expect(p.transitions[0]).toEqual({ subject: 'versions', before: '10', after: '9' })
  })

  it('fails closed when the in-use lookup failed: nothing is deleted and the run is blocked', () => {
    const p = plan(
      { usageError: 'Resource Graph failed (AuthorizationFailed): no' },
      { keep: 2, deleteAfterEol: true },
    )
    expect(p.changes.some((c) => c.id.startsWith('delete:'))).toBe(false)
    expect(p.gates.find((g) => g.id === 'in-use')).toMatchObject({ status: 'fail' })
  })

  it('never deletes a version whose users were not looked up', () => {
    const p = plan({ usage: new Map() }, { keep: 2, deleteAfterEol: true })
    expect(p.changes.some((c) => c.id.startsWith('delete:'))).toBe(false)
    expect(decision(p.retirement, '1.0.0').reasons).toContain('in-use not looked up; re-run to delete it')
  })

  it('leaves busy versions alone and says so', () => {
    const list = versions()
    list[2] = version('1.2.0', { state: 'Updating', exclude: true })
    const p = planRetire(
      { versions: list, usage: new Map(), notes: [] },
      ctx({ keep: 0, deleteAfterEol: false }),
      REF,
      DEF,
      (n) => n,
    )
    expect(p.changes.some((c) => c.resource === '1.2.0')).toBe(false)
    expect(p.gates.find((g) => g.id === 'busy')).toMatchObject({ status: 'warn' })
  })

  it('blocks without a retention section', () => {
    const p = plan({}, undefined)
    expect(p.gates).toEqual([expect.objectContaining({ id: 'retention', status: 'fail' })])
    expect(p.changes).toEqual([])
  })

  it('asks about exactly the deletion candidates', () => {
    const c = ctx({ keep: 2, deleteAfterEol: true })
    expect(deletionCandidates(versions(), c.policy, NOW).map((v) => v.name)).toEqual(['1.1.0', '1.0.0'])
    expect(deletionCandidates(versions(), ctx({ keep: 2, deleteAfterEol: false }).policy, NOW)).toEqual([])
  })
})

describe('usageQuery', () => {
  it('is one query for every id, understood by the emulator', () => {
    const ids = [`${DEF}/versions/1.0.0`, `${DEF}/versions/1.1.0`]
    const query = usageQuery(ids)
    expect(query).toContain("type =~ 'microsoft.compute/virtualmachinescalesets'")
    expect(parseUsageQuery(query)).toMatchObject({
      imageIds: ids.map((id) => id.toLowerCase()),
      projection: ['id', 'name', 'type', 'imageId'],
    })
  })
})
