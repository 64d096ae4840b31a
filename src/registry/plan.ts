// Pure planning for the registry target: gates and ordered writes from the observed state. No I/O.
import type { Change, Gate, Plan, TargetRef, Transition } from '../core/model.js'
import { ringPolicyGates, type RingVisit } from '../gates/ring.js'
import type { PlanContext } from '../core/target.js'
import type { Descriptor } from './oci.js'
import {
  effectiveEndOfLife,
  effectivePromotion,
  rollbackTarget,
  rolledBack,
  type EndOfLifeRecord,
  type RingRecord,
} from './records.js'

export interface SourceManifest {
  digest: string
  mediaType: string
  size: number
  /** `index` for OCI indexes and Docker manifest lists. */
  kind: 'image' | 'index'
}

export interface RegistryState {
  /** Login server the source is read from. */
  registry: string
  /** Login server the tags move in (= registry unless promoting across registries). */
  targetRegistry: string
  repository: string
  /** The `version` input as given: a tag or a digest. */
  source: string
  /** `from-ring`: the ring whose tag `source` is (promote exactly what it holds). */
  fromRing?: string
  /** The source resolved once, in observe; undefined = not found. */
  resolved?: SourceManifest
  /** Cross-registry: the manifest already exists in the target repository. */
  presentInTarget: boolean
  /**
   * Tags read in the target repository: tag → digest, null = read and absent. A tag missing here was not read
   * (observe reads only the rings it was told about), so a plan that needs it fails the `tags-read` gate.
   */
  tags: Record<string, string | null>
  /** Promotion records by the digest they are attached to (target registry, plus the source for cross copies). */
  records: Record<string, RingRecord[]>
  /**
   * End-of-life records (written by retirement) by the digest they are attached to: the source, and for a
   * rollback the digest it returns to. Read with the records, from the same referrers listing.
   */
  endOfLife: Record<string, EndOfLifeRecord[]>
  /** Manifests of the source, ring heads and rollback targets: digest → facts (undefined = not found). */
  manifests: Record<string, SourceManifest | undefined>
  /** Referrers of the source digest in the source registry that the target lacks (cross-registry only). */
  referrersToCarry: Descriptor[]
  /** How records were found: the referrers API or the tag-schema fallback. */
  referrersVia: 'api' | 'tag'
  /** ACR lock state of the resolved digest; undefined = not ACR (or not probed). */
  acr?: AcrLocks
}

export type RegistryChange =
  | { kind: 'copy'; digest: string; from: string; to: string; referrers: Descriptor[] }
  | { kind: 'tag'; tag: string; digest: string; expected: string | null }
  | { kind: 'record'; record: RingRecord; subject: Descriptor; expect: Record<string, string | null> }
  /** One ACR lock PATCH: the manifest's, or with `tag` that tag's (which holds `digest`). */
  | { kind: 'lock'; digest: string; tag?: string }

export interface LockState {
  writeEnabled: boolean
  deleteEnabled: boolean
}

export interface AcrLocks extends LockState {
  /**
   * The version tag's own lock, read only once the manifest is locked (before that both PATCHes are planned
   * anyway); undefined = not read.
   */
  versionTag?: LockState
}

export function ringTags(ctx: PlanContext): string[] {
  return ctx.ring.tags.length > 0 ? ctx.ring.tags : [ctx.ring.name]
}

/** The tags of every ring in the policy. */
function allRingTags(ctx: PlanContext): string[] {
  return ctx.policy.rings.flatMap((ring) => (ring.tags.length > 0 ? ring.tags : [ring.name]))
}

export function short(digest: string | null | undefined): string {
  if (!digest) return '(none)'
  const [alg, hex] = digest.split(':')
  return hex ? `${alg}:${hex.slice(0, 12)}` : digest
}

function gate(id: string, title: string, status: Gate['status'], details: string): Gate {
  return { id, title, status, details }
}

function isDigest(value: string): boolean {
  return /^sha(256|512):[a-f0-9]+$/.test(value)
}

export function planRegistry(state: RegistryState, ctx: PlanContext, ref: TargetRef): Plan<RegistryChange> {
  const plan = ctx.operation === 'rollback' ? planRollback(state, ctx, ref) : planPromote(state, ctx, ref)
  return { ...plan, tags: [...ctx.ring.tags] }
}

function basePlan(
  state: RegistryState,
  ctx: PlanContext,
  ref: TargetRef,
  digest?: string,
): Plan<RegistryChange> {
  return {
    target: ref,
    operation: ctx.operation,
    ring: ctx.ring.name,
    version: state.source,
    ...(digest ? { digest } : {}),
    imageId: digest
      ? `${state.targetRegistry}/${state.repository}@${digest}`
      : `${state.targetRegistry}/${state.repository}`,
    regions: [],
    gates: [],
    changes: [],
    transitions: [],
    notes: [],
  }
}

/** Tag moves, check-then-write: the change records what the tag held when observed. */
function tagChanges(
  state: RegistryState,
  tags: string[],
  digest: string,
  plan: Plan,
): { changes: Change<RegistryChange>[]; unreadable: string[] } {
  const changes: Change<RegistryChange>[] = []
  const unreadable: string[] = []
  for (const tag of tags) {
    const before = state.tags[tag]
    if (before === undefined) {
      unreadable.push(tag)
      continue
    }
    plan.transitions.push({
      subject: `${state.repository}:${tag}`,
      before: before ?? '(none)',
      after: digest,
    })
    if (before === digest) continue
    const payload: RegistryChange = { kind: 'tag', tag, digest, expected: before }
    changes.push({
      id: `tag:${tag}`,
      resource: `${state.targetRegistry}/${state.repository}:${tag}`,
      summary: `${short(before)} → ${short(digest)}`,
      payload,
      // Independent checked writes of one digest under different names: written at once.
      concurrent: 'tags',
    })
  }
  return { changes, unreadable }
}

/**
 * Retirement's end-of-life record, honoured as the gallery's `endOfLifeDate`: past → refused, future → a
 * warning. The date stays after the promotion (see effectiveEndOfLife).
 */
function endOfLifeGate(state: RegistryState, ctx: PlanContext, digest: string, verb: string): Gate {
  const eol = effectiveEndOfLife(state.endOfLife[digest] ?? [])
  const title = 'End of life'
  if (!eol) return gate('end-of-life', title, 'pass', `no end-of-life record on ${short(digest)}`)
  const date = eol.toISOString()
  if (eol.getTime() <= ctx.now.getTime()) {
    return gate(
      'end-of-life',
      title,
      'fail',
      `${short(digest)} reached its end-of-life date ${date} (recorded by retirement); not ${verb}.`,
    )
  }
  return gate(
    'end-of-life',
    title,
    'warn',
    `${short(digest)} has the end-of-life date ${date} (recorded by retirement); it stays after this run.`,
  )
}

/** Tags observe did not read (it was told about other rings): no value to check against, so no write. */
function unreadGate(unreadable: string[]): Gate {
  return gate(
    'tags-read',
    'Tags read',
    'fail',
    `Tag(s) ${unreadable.join(', ')} were not read before planning, so what they hold is unknown.`,
  )
}

/** A digest's ring visits as the shared ring gates see them, from the records attached to it. */
function visitOf(records: RingRecord[]): (ring: string) => RingVisit | undefined {
  return (ring) => {
    const current = effectivePromotion(records, ring)
    if (current) return { at: new Date(current.at) }
    const back = rolledBack(records, ring)
    if (!back) return undefined
    const promoted = latestFor(
      records.filter((r) => r.type === 'promote'),
      ring,
    )
    return { at: new Date(promoted?.at ?? back.at), rolledBackAt: new Date(back.at) }
  }
}

function expectations(changes: Change<RegistryChange>[]): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const c of changes) {
    const p = c.payload
    if (p.kind === 'tag') out[p.tag] = p.expected
  }
  return out
}

function latestFor(records: RingRecord[], ring: string): RingRecord | undefined {
  return records
    .filter((r) => r.ring === ring)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .at(-1)
}

function recordChange(
  state: RegistryState,
  ctx: PlanContext,
  record: RingRecord,
  subject: SourceManifest,
  expect: Record<string, string | null>,
): Change<RegistryChange> {
  const payload: RegistryChange = {
    kind: 'record',
    record,
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    expect,
  }
  return {
    id: `record:${record.ring}:${record.type}`,
    resource: `${state.targetRegistry}/${state.repository}@${short(record.digest)}`,
    summary: `${record.type} record for ring '${ctx.ring.name}' (OCI referrer ${state.referrersVia === 'api' ? 'via referrers API' : 'with tag-schema fallback index'})`,
    payload,
  }
}

function newRecord(
  state: RegistryState,
  ctx: PlanContext,
  type: RingRecord['type'],
  digest: string,
  tags: string[],
  previous: string | null,
): RingRecord {
  return {
    version: 1,
    type,
    ring: ctx.ring.name,
    digest,
    tags,
    at: ctx.record.at.toISOString(),
    actor: ctx.record.actor,
    runUrl: ctx.record.runUrl,
    sha: ctx.record.sha,
    approvedBy: ctx.record.approvedBy,
    previous,
    registry: state.targetRegistry,
    repository: state.repository,
  }
}

function planPromote(state: RegistryState, ctx: PlanContext, ref: TargetRef): Plan<RegistryChange> {
  const source = state.resolved
  const plan = basePlan(state, ctx, ref, source?.digest)
  const display = `${state.registry}/${state.repository}${isDigest(state.source) ? '@' : ':'}${state.source}`
  if (!source) {
    const why = state.fromRing
      ? `ring ${state.fromRing} holds nothing: ${display} was not found.`
      : `${display} was not found.`
    plan.gates.push(gate('exists', 'Source exists', 'fail', why))
    return plan
  }
  const digest = source.digest
  plan.gates.push(
    gate('exists', 'Source exists', 'pass', `${display} resolves to ${digest} (${source.mediaType}).`),
  )
  if (state.fromRing) plan.notes.unshift(`promoting what ${state.fromRing} holds: ${digest}`)
  else if (!isDigest(state.source))
    plan.notes.push(`Resolved tag '${state.source}' to ${digest} once; every write uses the digest.`)

  plan.gates.push(endOfLifeGate(state, ctx, digest, 'promoted'))
  const records = state.records[digest] ?? []
  plan.gates.push(...ringPolicyGates(ctx, short(digest), visitOf(records)))

  const back = rolledBack(records, ctx.ring.name)
  if (back) {
    plan.gates.push(
      gate(
        're-promotion',
        'Re-promotion',
        'warn',
        `${short(digest)} was rolled back from ring '${ctx.ring.name}' at ${back.at}; this run promotes it again explicitly.`,
      ),
    )
  }

  // Cross-registry: copy manifest, blobs and referrers first.
  if (state.targetRegistry !== state.registry) {
    if (!state.presentInTarget || state.referrersToCarry.length > 0) {
      const payload: RegistryChange = {
        kind: 'copy',
        digest,
        from: state.registry,
        to: state.targetRegistry,
        referrers: state.referrersToCarry,
      }
      plan.changes.push({
        id: `copy:${digest}`,
        resource: `${state.targetRegistry}/${state.repository}@${short(digest)}`,
        summary: `copy from ${state.registry}${state.presentInTarget ? ' (referrers only)' : ' (manifest, blobs and referrers)'}`,
        payload,
      })
    }
    const carried = state.referrersToCarry.map((d) => d.artifactType ?? d.mediaType)
    plan.notes.push(
      carried.length > 0
        ? `Referrers carried to ${state.targetRegistry}: ${carried.length} (${[...new Set(carried)].join(', ')}).`
        : `No referrers to carry to ${state.targetRegistry}.`,
    )
  }

  const tags = ringTags(ctx)
  // Cross-registry with a tag source: the version tag is created in the target too.
  const versionTag =
    !isDigest(state.source) && state.targetRegistry !== state.registry ? state.source : undefined
  const wanted = versionTag && !tags.includes(versionTag) ? [versionTag, ...tags] : tags
  const { changes, unreadable } = tagChanges(state, wanted, digest, plan)
  if (versionTag) {
    const held = state.tags[versionTag]
    if (held && held !== digest) {
      plan.gates.push(
        gate(
          'version-tag',
          'Version tag',
          'fail',
          `Tag '${versionTag}' in ${state.targetRegistry} already points at ${held}, not ${digest}.`,
        ),
      )
    }
  }
  if (unreadable.length > 0) plan.gates.push(unreadGate(unreadable))

  const primary = tags[0] as string
  const holder = state.tags[primary] ?? null
  if (holder) plan.previousVersion = holder
  // A record is needed unless this digest's promotion to the ring is already recorded and nothing was
  // promoted to the ring after it (then this run only finishes an interrupted one).
  const effective = effectivePromotion(records, ctx.ring.name)
  // The holder's records are read only when this question arises; unread, a new record is the safe answer.
  const holderRecords = holder && holder !== digest ? state.records[holder] : []
  const holderRecord = holderRecords && latestFor(holderRecords, ctx.ring.name)
  const needRecord =
    !effective ||
    !holderRecords ||
    (holderRecord !== undefined && Date.parse(holderRecord.at) > Date.parse(effective.at))
  if (needRecord) {
    const previous = holder === digest ? null : holder
    const record = newRecord(state, ctx, 'promote', digest, tags, previous)
    // The record goes first, after checking every tag is still where the plan saw it: a re-run after a
    // partial failure then still knows what the ring held before.
    plan.changes.push(recordChange(state, ctx, record, source, expectations(changes)))
  }
  plan.changes.push(...changes)

  lockPlan(state, ctx, plan, digest, isDigest(state.source) ? undefined : state.source)
  return plan
}

function lockPlan(
  state: RegistryState,
  ctx: PlanContext,
  plan: Plan,
  digest: string,
  versionTag?: string,
): void {
  if (!ctx.ring.lock) return
  if (!state.acr) {
    plan.gates.push(
      gate(
        'lock',
        'Lock',
        'warn',
        `Ring '${ctx.ring.name}' asks to lock, but ${state.targetRegistry} is not Azure Container Registry; not locked.`,
      ),
    )
    return
  }
  const resource = `${state.targetRegistry}/${state.repository}`
  // Two PATCHes, two changes: each has its own outcome, so a refused tag lock after the manifest's is reported
  // as exactly that, and a re-run plans only what is still unlocked.
  if (!isLocked(state.acr)) {
    const payload: RegistryChange = { kind: 'lock', digest }
    plan.changes.push({
      id: `lock:${digest}`,
      resource: `${resource}@${short(digest)}`,
      summary: 'writeEnabled/deleteEnabled → false on the manifest',
      payload,
    })
  }
  // Ring tags must move, so they are never locked; the version tag is. "Ring tags" means every ring's, not only
  // this ring's: `version: staging` promoted to a locking prod must leave `staging` free to move next time.
  if (versionTag && allRingTags(ctx).includes(versionTag)) {
    plan.notes.push(
      `'${versionTag}' is a ring tag: the manifest is locked, the tag is not (the ring must be able to move it).`,
    )
    return
  }
  const tag = versionTag
  if (!tag || (state.acr.versionTag && isLocked(state.acr.versionTag))) return
  const payload: RegistryChange = { kind: 'lock', digest, tag }
  plan.changes.push({
    id: `lock:tag:${tag}`,
    resource: `${resource}:${tag}`,
    summary: `writeEnabled/deleteEnabled → false on tag '${tag}'`,
    payload,
  })
}

export function isLocked(lock: LockState): boolean {
  return !lock.writeEnabled && !lock.deleteEnabled
}

function planRollback(state: RegistryState, ctx: PlanContext, ref: TargetRef): Plan<RegistryChange> {
  const tags = ringTags(ctx)
  const primary = tags[0] as string
  const current = state.tags[primary]
  const currentRecords = current ? (state.records[current] ?? []) : []
  // An interrupted rollback (record written, tags not all moved) is finished rather than repeated.
  const unfinished = rolledBack(currentRecords, ctx.ring.name)
  const previous = rollbackTarget(currentRecords, ctx.ring.name)
  const plan = basePlan(state, ctx, ref, previous ?? undefined)
  // Freeze (a warning only) and approval evidence; ring order and soak do not apply to a rollback.
  plan.gates.push(...ringPolicyGates(ctx, short(current), visitOf(currentRecords)))

  if (current === undefined) {
    plan.gates.push(unreadGate([primary]))
    return plan
  }
  if (!current) {
    plan.gates.push(
      gate(
        'history',
        'Ring history',
        'fail',
        `Cannot roll back ring '${ctx.ring.name}': tag '${primary}' does not exist in ${state.targetRegistry}/${state.repository}.`,
      ),
    )
    return plan
  }
  plan.previousVersion = current
  if (!previous) {
    const why = effectivePromotion(currentRecords, ctx.ring.name)
      ? 'its promotion record names no earlier digest (it was the first in this ring)'
      : 'there is no promotion record for this ring on it (it was tagged outside this action)'
    plan.gates.push(
      gate(
        'history',
        'Ring history',
        'fail',
        `Cannot roll back ring '${ctx.ring.name}' from ${short(current)}: ${why}.`,
      ),
    )
    return plan
  }
  plan.version = previous
  plan.gates.push(
    gate(
      'history',
      'Ring history',
      'pass',
      `Ring '${ctx.ring.name}' held ${previous} before ${short(current)}.`,
    ),
  )
  const restore = state.manifests[previous]
  if (!restore) {
    plan.gates.push(
      gate(
        'exists',
        'Rollback target exists',
        'fail',
        `${state.targetRegistry}/${state.repository}@${previous} no longer exists.`,
      ),
    )
    return plan
  }
  plan.gates.push(
    gate('exists', 'Rollback target exists', 'pass', `${previous} (${restore.mediaType}) exists.`),
    endOfLifeGate(state, ctx, previous, 'rolled back to'),
  )
  const { changes, unreadable } = tagChanges(state, tags, previous, plan)
  if (unreadable.length > 0) plan.gates.push(unreadGate(unreadable))
  const currentManifest = state.manifests[current]
  if (!unfinished && currentManifest) {
    const record = newRecord(state, ctx, 'rollback', current, tags, previous)
    plan.changes.push(recordChange(state, ctx, record, currentManifest, expectations(changes)))
  }
  plan.changes.push(...changes)
  plan.notes.push(
    `Rolling ring '${ctx.ring.name}' back from ${current} to ${previous}; ${short(current)} is marked rolled back, so promoting it again is an explicit new promotion.`,
  )
  return plan
}

export type { Transition }
