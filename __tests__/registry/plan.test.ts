// Pure planning and input validation, no registry.
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.js'
import type { TargetRef } from '../../src/core/model.js'
import {
  isValidDigest,
  isValidRepository,
  isValidTag,
  parseReference,
  parseRegistry,
  parseRepository,
  planRegistry,
  type RegistryChange,
  type RegistryState,
} from '../../src/registry/index.js'
import type { EndOfLifeRecord, RingRecord } from '../../src/registry/records.js'
import { context, ring, RINGS } from './helpers.js'

const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`
const C = `sha256:${'c'.repeat(64)}`
const REF: TargetRef = { kind: 'registry', key: 'registry:r.io/app', display: 'r.io/app' }
const OCI = 'application/vnd.oci.image.manifest.v1+json'

function manifest(digest: string) {
  return { digest, mediaType: OCI, size: 400, kind: 'image' as const }
}

function record(digest: string, ringName: string, at: string, extra: Partial<RingRecord> = {}): RingRecord {
  return {
    version: 1,
    type: 'promote',
    ring: ringName,
    digest,
    tags: [ringName],
    at,
    actor: 'a',
    runUrl: '',
    sha: '',
    approvedBy: [],
    previous: null,
    registry: 'r.io',
    repository: 'app',
    ...extra,
  }
}

/** What retirement attaches to a digest leaving retention. */
function endOfLife(digest: string, date: string): EndOfLifeRecord {
  return {
    version: 1,
    type: 'end-of-life',
    digest,
    endOfLife: date,
    at: '2026-10-01T00:00:00.000Z',
    actor: 'retire-bot',
    runUrl: '',
    sha: '',
    registry: 'r.io',
    repository: 'app',
  }
}

/** Every ring tag of RINGS read and absent (null); a tag missing from `tags` was not read. */
const ABSENT = { canary: null, staging: null, prod: null, stable: null }

function state(extra: Partial<RegistryState> = {}): RegistryState {
  return {
    registry: 'r.io',
    targetRegistry: 'r.io',
    repository: 'app',
    source: '1.0.0',
    resolved: manifest(A),
    presentInTarget: true,
    tags: ABSENT,
    records: {},
    endOfLife: {},
    manifests: { [A]: manifest(A) },
    referrersToCarry: [],
    referrersVia: 'tag',
    ...extra,
  }
}

const gate = (plan: ReturnType<typeof planRegistry>, id: string) => plan.gates.find((g) => g.id === id)

describe('planRegistry (promote)', () => {
  it('fails the exists gate and plans nothing when the source is missing', () => {
    const plan = planRegistry(state({ resolved: undefined, source: '9.9.9' }), context('canary'), REF)
    expect(gate(plan, 'exists')).toMatchObject({ status: 'fail' })
    expect(gate(plan, 'exists')?.details).toContain('r.io/app:9.9.9')
    expect(plan.changes).toEqual([])
  })

  it('plans the record first, then a checked tag move recording the old digest', () => {
    const plan = planRegistry(state({ tags: { canary: B } }), context('canary'), REF)
    expect(plan.digest).toBe(A)
    expect(plan.imageId).toBe(`r.io/app@${A}`)
    expect(plan.previousVersion).toBe(B)
    expect(plan.changes.map((c) => c.id)).toEqual(['record:canary:promote', 'tag:canary'])
    const tag = plan.changes[1]?.payload as RegistryChange
    expect(tag).toEqual({ kind: 'tag', tag: 'canary', digest: A, expected: B })
    const rec = plan.changes[0]?.payload as Extract<RegistryChange, { kind: 'record' }>
    expect(rec.record.previous).toBe(B)
    expect(rec.expect).toEqual({ canary: B })
    expect(plan.transitions).toEqual([{ subject: 'app:canary', before: B, after: A }])
  })

  it('plans nothing when the tags are on the digest and the record exists', () => {
    const s = state({
      tags: { canary: A },
      records: { [A]: [record(A, 'canary', '2026-01-01T00:00:00Z')] },
    })
    expect(planRegistry(s, context('canary'), REF).changes).toEqual([])
  })

  it('re-records when another digest was promoted to the ring after this one', () => {
    const s = state({
      tags: { canary: B },
      records: {
        [A]: [record(A, 'canary', '2026-01-01T00:00:00Z')],
        [B]: [record(B, 'canary', '2026-02-01T00:00:00Z')],
      },
    })
    expect(planRegistry(s, context('canary'), REF).changes.map((c) => c.id)).toEqual([
      'record:canary:promote',
      'tag:canary',
    ])
  })

  it('refuses to skip a ring, naming it', () => {
    const plan = planRegistry(state(), context('staging'), REF)
    expect(gate(plan, 'ring-order')?.status).toBe('fail')
    expect(gate(plan, 'ring-order')?.details).toBe(
      `${A.slice(0, 19)} has not been promoted to canary; promote it to canary before staging (skipping a ring is refused)`,
    )
  })

  it('counts a rolled-back record as missing', () => {
    const s = state({
      records: {
        [A]: [
          record(A, 'canary', '2026-01-01T00:00:00Z'),
          record(A, 'canary', '2026-01-02T00:00:00Z', { type: 'rollback', previous: B }),
        ],
      },
    })
    const plan = planRegistry(s, context('staging'), REF)
    expect(gate(plan, 'ring-order')).toMatchObject({
      status: 'fail',
      details: `${A.slice(0, 19)} was rolled back from canary at 2026-01-02T00:00:00Z; promote it to canary again first`,
    })
  })

  it('enforces soak time from the prerequisite record', () => {
    const rings = [ring('canary', null), ring('staging', 'canary', { soakMs: 3_600_000 })]
    const s = state({ records: { [A]: [record(A, 'canary', '2026-03-01T00:00:00Z')] } })
    const early = planRegistry(s, context('staging', { rings, now: new Date('2026-03-01T00:30:00Z') }), REF)
    expect(gate(early, 'soak')).toMatchObject({ status: 'fail' })
    expect(gate(early, 'soak')?.details).toBe(
      `${A.slice(0, 19)} has been in canary for 30m; staging needs 1h (eligible at 2026-03-01T01:00:00Z)`,
    )
    const late = planRegistry(s, context('staging', { rings, now: new Date('2026-03-01T02:00:00Z') }), REF)
    expect(gate(late, 'soak')?.status).toBe('pass')
  })

  it('fails in a freeze window', () => {
    const rings = [
      ring('canary', null, { freeze: [{ from: new Date('2026-12-20'), to: new Date('2027-01-02') }] }),
    ]
    const plan = planRegistry(state(), context('canary', { rings, now: new Date('2026-12-24') }), REF)
    expect(gate(plan, 'freeze')?.status).toBe('fail')
  })

  it('asks for approval evidence on a ring with require-approval: warns without approvers, passes with them', () => {
    const rings = [ring('canary', null, { requireApproval: true })]
    const approved = context('canary', { rings })
    const unapproved = { ...approved, record: { ...approved.record, approvedBy: [] } }
    expect(gate(planRegistry(state(), unapproved, REF), 'approval')).toMatchObject({
      status: 'warn',
      details: expect.stringContaining('ring canary asks for approval evidence'),
    })
    const plan = planRegistry(state(), approved, REF)
    expect(gate(plan, 'approval')).toMatchObject({ status: 'pass', details: 'approved by reviewer' })
    const rec = plan.changes[0]?.payload as Extract<RegistryChange, { kind: 'record' }>
    expect(rec.record.approvedBy).toEqual(['reviewer'])
    // Without the policy asking, there is no approval gate at all.
    expect(gate(planRegistry(state(), context('canary'), REF), 'approval')).toBeUndefined()
  })

  it('writes a new record when the records of the digest holding the ring were not read', () => {
    const s = state({ tags: { canary: B }, records: { [A]: [record(A, 'canary', '2026-01-01T00:00:00Z')] } })
    expect(planRegistry(s, context('canary'), REF).changes.map((c) => c.id)).toEqual([
      'record:canary:promote',
      'tag:canary',
    ])
  })

  it('moves every tag of the ring', () => {
    const s = state({ records: { [A]: [record(A, 'staging', '2026-01-01T00:00:00Z')] } })
    const plan = planRegistry(s, context('prod', { rings: RINGS }), REF)
    expect(plan.changes.map((c) => c.id)).toEqual(['record:prod:promote', 'tag:prod', 'tag:stable'])
  })

  it('refuses to plan over a tag it could not read', () => {
    const plan = planRegistry(state({ tags: { prod: null, stable: null } }), context('canary'), REF)
    expect(gate(plan, 'tags-read')).toMatchObject({
      status: 'fail',
      details: 'Tag(s) canary were not read before planning, so what they hold is unknown.',
    })
  })

  it('warns about lock on a registry that is not ACR, and plans a lock on ACR', () => {
    const rings = [ring('canary', null, { lock: true })]
    const plain = planRegistry(state(), context('canary', { rings }), REF)
    expect(gate(plain, 'lock')?.status).toBe('warn')
    const onAcr = planRegistry(
      state({ acr: { writeEnabled: true, deleteEnabled: true } }),
      context('canary', { rings }),
      REF,
    )
    expect(onAcr.changes.slice(-2).map((c) => [c.id, c.payload])).toEqual([
      [`lock:${A}`, { kind: 'lock', digest: A }],
      ['lock:tag:1.0.0', { kind: 'lock', digest: A, tag: '1.0.0' }],
    ])
  })

  it('plans only the lock that is still missing: the version tag after a run stopped between the two', () => {
    const rings = [ring('canary', null, { lock: true })]
    const locked = { writeEnabled: false, deleteEnabled: false }
    const lockIds = (acr: RegistryState['acr']) =>
      planRegistry(state({ ...(acr ? { acr } : {}) }), context('canary', { rings }), REF)
        .changes.map((c) => c.id)
        .filter((id) => id.startsWith('lock:'))
    expect(lockIds({ ...locked, versionTag: { writeEnabled: true, deleteEnabled: true } })).toEqual([
      'lock:tag:1.0.0',
    ])
    // Write-locked only (someone else's half lock) still gets both attributes.
    expect(lockIds({ ...locked, versionTag: { writeEnabled: false, deleteEnabled: true } })).toEqual([
      'lock:tag:1.0.0',
    ])
    expect(lockIds({ ...locked, versionTag: locked })).toEqual([])
  })

  it('copies first and creates the version tag when promoting across registries', () => {
    const s = state({
      targetRegistry: 'prod.io',
      presentInTarget: false,
      tags: { ...ABSENT, '1.0.0': null },
      referrersToCarry: [
        {
          mediaType: OCI,
          digest: C,
          size: 10,
          artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
        },
      ],
    })
    const plan = planRegistry(s, context('canary'), REF)
    expect(plan.changes.map((c) => c.id)).toEqual([
      `copy:${A}`,
      'record:canary:promote',
      'tag:1.0.0',
      'tag:canary',
    ])
    expect(plan.notes.join(' ')).toContain('application/vnd.dev.cosign.artifact.sig.v1+json')
    expect(plan.imageId).toBe(`prod.io/app@${A}`)
  })
})

describe('planRegistry: end of life recorded by retirement', () => {
  const now = new Date('2026-11-15T00:00:00Z')
  const promote = (records: EndOfLifeRecord[]) =>
    planRegistry(state({ endOfLife: { [A]: records } }), context('canary', { now }), REF)

  it('refuses a digest whose end-of-life date has passed, naming the date', () => {
    const plan = promote([endOfLife(A, '2026-11-01T00:00:00.000Z')])
    expect(gate(plan, 'end-of-life')).toEqual({
      id: 'end-of-life',
      title: 'End of life',
      status: 'fail',
      details: `sha256:aaaaaaaaaaaa reached its end-of-life date 2026-11-01T00:00:00.000Z (recorded by retirement); not promoted.`,
    })
  })

  it('warns about a future date, which the promotion does not cancel; the earliest of several counts', () => {
    const plan = promote([endOfLife(A, '2026-12-31T00:00:00.000Z'), endOfLife(A, '2026-12-01T00:00:00.000Z')])
    expect(gate(plan, 'end-of-life')).toMatchObject({
      status: 'warn',
      details: `sha256:aaaaaaaaaaaa has the end-of-life date 2026-12-01T00:00:00.000Z (recorded by retirement); it stays after this run.`,
    })
    expect(plan.changes.map((c) => c.id)).toEqual(['record:canary:promote', 'tag:canary'])
  })

  it('passes without a record', () => {
    expect(gate(promote([]), 'end-of-life')).toMatchObject({ status: 'pass' })
  })

  it('refuses to roll back to a digest whose end of life has passed', () => {
    const s = state({
      tags: { prod: B, stable: B },
      records: {
        [A]: [record(A, 'prod', '2026-01-01T00:00:00Z')],
        [B]: [record(B, 'prod', '2026-02-01T00:00:00Z', { previous: A })],
      },
      endOfLife: { [A]: [endOfLife(A, '2026-11-01T00:00:00.000Z')] },
      manifests: { [A]: manifest(A), [B]: manifest(B) },
    })
    const plan = planRegistry(s, context('prod', { operation: 'rollback', now }), REF)
    expect(gate(plan, 'end-of-life')).toMatchObject({
      status: 'fail',
      details: expect.stringContaining('reached its end-of-life date 2026-11-01T00:00:00.000Z') as string,
    })
    expect(gate(plan, 'end-of-life')?.details).toContain('not rolled back to')
  })
})

describe('planRegistry (rollback)', () => {
  const history = {
    [A]: [record(A, 'prod', '2026-01-01T00:00:00Z', { previous: null })],
    [B]: [record(B, 'prod', '2026-02-01T00:00:00Z', { previous: A })],
  }

  it('moves the ring back to the digest it held before and marks the rolled-back one', () => {
    const s = state({
      tags: { prod: B, stable: B },
      records: history,
      manifests: { [A]: manifest(A), [B]: manifest(B) },
    })
    const plan = planRegistry(s, context('prod', { operation: 'rollback' }), REF)
    expect(plan.digest).toBe(A)
    expect(plan.previousVersion).toBe(B)
    expect(plan.changes.map((c) => c.id)).toEqual(['record:prod:rollback', 'tag:prod', 'tag:stable'])
    const rec = plan.changes[0]?.payload as Extract<RegistryChange, { kind: 'record' }>
    expect(rec.record).toMatchObject({ type: 'rollback', digest: B, previous: A })
  })

  it('refuses when the ring has no earlier digest', () => {
    const s = state({ tags: { prod: A, stable: A }, records: history })
    const plan = planRegistry(s, context('prod', { operation: 'rollback' }), REF)
    expect(gate(plan, 'history')?.status).toBe('fail')
    expect(plan.changes).toEqual([])
  })

  it('refuses when the ring tag was set outside the action', () => {
    const s = state({ tags: { prod: C, stable: C }, records: history })
    const plan = planRegistry(s, context('prod', { operation: 'rollback' }), REF)
    expect(gate(plan, 'history')?.details).toContain('no promotion record')
  })

  it('finishes an interrupted rollback instead of going further back', () => {
    const s = state({
      tags: { prod: B, stable: A },
      records: {
        ...history,
        [B]: [
          ...(history[B] ?? []),
          record(B, 'prod', '2026-03-01T00:00:00Z', { type: 'rollback', previous: A }),
        ],
      },
      manifests: { [A]: manifest(A), [B]: manifest(B) },
    })
    const plan = planRegistry(s, context('prod', { operation: 'rollback' }), REF)
    expect(plan.changes.map((c) => c.id)).toEqual(['tag:prod'])
  })

  it('applies the freeze and approval gates to a rollback, not ring order or soak', () => {
    const rings = [ring('prod', null, { requireApproval: true, tags: ['prod', 'stable'] })]
    const s = state({
      tags: { prod: B, stable: B },
      records: history,
      manifests: { [A]: manifest(A), [B]: manifest(B) },
    })
    const ctx = context('prod', { operation: 'rollback', rings })
    const plan = planRegistry(s, { ...ctx, record: { ...ctx.record, approvedBy: [] } }, REF)
    expect(plan.gates.map((g) => [g.id, g.status])).toEqual([
      ['freeze', 'pass'],
      ['approval', 'warn'],
      ['history', 'pass'],
      ['exists', 'pass'],
      ['end-of-life', 'pass'],
    ])
  })

  it('allows rollback in a freeze window, with a warning', () => {
    const rings = [ring('prod', null, { freeze: [{ from: new Date(0), to: new Date('2100-01-01') }] })]
    const s = state({
      tags: { prod: B },
      records: history,
      manifests: { [A]: manifest(A), [B]: manifest(B) },
    })
    const plan = planRegistry(s, context('prod', { operation: 'rollback', rings }), REF)
    expect(gate(plan, 'freeze')?.status).toBe('warn')
    expect(plan.gates.every((g) => g.status !== 'fail')).toBe(true)
  })
})

describe('input validation', () => {
  it('accepts tags and digests', () => {
    expect(parseReference('1.4.2')).toEqual({ kind: 'tag', tag: '1.4.2' })
    expect(parseReference(A)).toEqual({ kind: 'digest', digest: A })
    expect(isValidTag('v1_2-rc.1')).toBe(true)
    expect(isValidTag('.hidden')).toBe(false)
    expect(isValidTag('x'.repeat(129))).toBe(false)
    expect(isValidDigest(A)).toBe(true)
    expect(isValidDigest('sha256:ABC')).toBe(false)
  })

  it('names the input and the value in errors', () => {
    expect(() => parseReference('sha256:xyz')).toThrow(UsageError)
    expect(() => parseReference('sha256:xyz')).toThrow(/Input 'version' has an invalid value "sha256:xyz"/)
    expect(() => parseReference('app:1.0')).toThrow(/Input 'version'.*"app:1.0"/)
    expect(() => parseRepository('Team/App')).toThrow(/Input 'repository' has an invalid value "Team\/App"/)
    expect(() => parseRegistry('https://r.azurecr.io')).toThrow(/Input 'registry' has an invalid value/)
  })

  it('validates repositories and registries', () => {
    expect(isValidRepository('team/app-web')).toBe(true)
    expect(isValidRepository('team//app')).toBe(false)
    expect(isValidRepository('a--b/c__d.e')).toBe(true)
    expect(parseRegistry('MyReg.azurecr.io')).toBe('myreg.azurecr.io')
    expect(parseRegistry('127.0.0.1:5000')).toBe('127.0.0.1:5000')
    expect(() => parseRegistry('host:99999')).toThrow(UsageError)
  })
})
