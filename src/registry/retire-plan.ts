// Pure retention planning for a registry repository: which digests stay, which get an end-of-life record,
// which are deleted — and why. No I/O, so dry runs and tests see exactly this.
//
// Order of the rules (the first that applies wins):
//   1. protected: the digest every ring tag (and `latest`) holds now, the digest each ring would roll back to
//      (the same rule as `operation: rollback`), and the platform images of a protected index — never touched;
//   2. a referrer (signature, SBOM, record) that is tagged follows its subject;
//   3. no push time known — kept, since it cannot be ranked;
//   4. the newest `keep` of the rest, by push time — kept (with the platform images of a kept index);
//   5. locked on ACR (writeEnabled or deleteEnabled false, manifest or tag) — kept, never unlocked;
//   6. the others: an end-of-life record (now + `end-of-life`) the first time; with `delete-after-eol`, a digest
//      whose recorded end of life had passed when this run started is deleted, with its referrers.
import type { Change, Gate, Plan, RetireDecision, TargetRef, Transition } from '../core/model.js'
import type { PlanContext } from '../core/target.js'
import type { Descriptor } from './oci.js'
import { short } from './plan.js'
import { effectiveEndOfLife, rollbackTarget, type EndOfLifeRecord, type RingRecord } from './records.js'
import type { Policy, RingPolicy } from '../core/policy.js'
import {
  day,
  days,
  effectiveRetention,
  emptyRetirePlan,
  retentionOf,
  type Retention,
} from '../retention/rules.js'

/** Where a digest's push time came from. OCI has no push time: see README "Retiring registry digests". */
export type PushSource = 'acr' | 'annotation' | 'config' | 'record'

export interface DigestInfo {
  digest: string
  mediaType: string
  size: number
  /** Tags on it, attachment tags (`sha256-<hex>`, `.sig`) excluded. */
  tags: string[]
  /** Platform manifests of an index. */
  children: string[]
  /** Set when this manifest is itself a referrer of another. */
  subject?: string
  /** The best push time known (ISO) and its source; undefined = unknown. */
  pushed?: { at: string; source: PushSource }
  /** ACR locks on the manifest or its tags, in words (`manifest deleteEnabled false`). */
  locks: string[]
  /** Referrers, read for ring heads and digests outside keep (undefined = not read). */
  referrers?: Descriptor[]
  /** Ring records and end-of-life records among the referrers (read with them). */
  records?: RingRecord[]
  endOfLife?: EndOfLifeRecord[]
}

export interface RegistryRetireState {
  registry: string
  repository: string
  /** Ring tags and `latest` as read: tag → digest. A tag absent here does not exist. */
  ringTags: Record<string, string>
  /** Every tagged digest, plus rollback targets that exist untagged. */
  digests: DigestInfo[]
  /** Attachment tags (`sha256-<hex>` fallback index, cosign `.sig`/`.att`/`.sbom`) by the digest they belong to. */
  attachments: Record<string, string[]>
  /** Rollback targets named by ring records that no longer exist. */
  missing: string[]
  /**
   * Referrers indexes (`sha256-<hex>`) of digests that no longer exist, listing only this action's own records:
   * what a delete that stopped after removing its subject left behind.
   */
  leftovers?: Leftover[]
  notes: string[]
}

export interface Leftover {
  /** The deleted digest. */
  digest: string
  /** Its fallback tag. */
  tag: string
  /** The records the index lists. */
  referrers: string[]
}

/** The ring tags and `latest` as the plan saw them; every write re-checks them first (compare-and-swap). */
export type Guard = Record<string, string | null>

export type RegistryRetireWrite =
  | { kind: 'end-of-life'; digest: string; subject: Descriptor; record: EndOfLifeRecord; guard: Guard }
  | {
      kind: 'delete'
      digest: string
      tags: string[]
      /** Referrer digests known at plan time; apply lists them again and deletes whatever is there then. */
      referrers: string[]
      attachmentTags: string[]
      guard: Guard
    }
  | ({ kind: 'leftovers'; guard: Guard } & Leftover)

export const LATEST_TAG = 'latest'

export function tagsOfRing(ring: RingPolicy): string[] {
  return ring.tags.length > 0 ? ring.tags : [ring.name]
}

/** Every tag whose digest is protected: each ring's tags and `latest`. */
export function guardedTags(policy: Policy): string[] {
  return [...new Set([...policy.rings.flatMap(tagsOfRing), LATEST_TAG])]
}

/** Why each protected digest must not be touched (digest → reasons). */
export function protectedDigests(state: RegistryRetireState, policy: Policy): Map<string, string[]> {
  const reasons = new Map<string, string[]>()
  const add = (digest: string, reason: string) =>
    reasons.set(digest, [...(reasons.get(digest) ?? []), reason])
  const info = byDigest(state)
  for (const ring of policy.rings) {
    const held = new Map<string, string[]>()
    for (const tag of tagsOfRing(ring)) {
      const digest = state.ringTags[tag]
      if (digest) held.set(digest, [...(held.get(digest) ?? []), tag])
    }
    for (const [digest, tags] of held)
      add(digest, `ring ${ring.name} (${tags.length > 1 ? 'tags' : 'tag'} ${tags.join(', ')})`)
    const head = state.ringTags[tagsOfRing(ring)[0]!]
    const previous = head ? rollbackTarget(info.get(head)?.records ?? [], ring.name) : undefined
    if (previous) add(previous, `rollback target of ${ring.name}`)
  }
  const latest = state.ringTags[LATEST_TAG]
  if (latest && !policy.rings.some((r) => tagsOfRing(r).includes(LATEST_TAG))) add(latest, 'tag latest')
  // An index needs its platform images: protect them too (several levels, for nested indexes).
  for (const digest of reasons.keys()) protectChildren(info, digest, reasons)
  return reasons
}

function protectChildren(
  info: Map<string, DigestInfo>,
  parent: string,
  reasons: Map<string, string[]>,
): void {
  for (const child of info.get(parent)?.children ?? []) {
    if (reasons.has(child)) continue
    reasons.set(child, [`platform image of protected index ${short(parent)}`])
    protectChildren(info, child, reasons)
  }
}

interface Ranked {
  info: DigestInfo
  protection?: string[]
  /** 1-based rank by push time among rankable digests, newest first. */
  rank?: number
}

function newestFirst(a: DigestInfo, b: DigestInfo): number {
  const ta = a.pushed ? Date.parse(a.pushed.at) : -Infinity
  const tb = b.pushed ? Date.parse(b.pushed.at) : -Infinity
  return tb - ta || a.digest.localeCompare(b.digest)
}

function rank(state: RegistryRetireState, policy: Policy): Ranked[] {
  const protection = protectedDigests(state, policy)
  let n = 0
  return [...state.digests].sort(newestFirst).map((info) => {
    const reasons = protection.get(info.digest)
    if (reasons) return { info, protection: reasons }
    if (info.subject || !info.pushed) return { info }
    return { info, rank: ++n }
  })
}

/** Digests outside protection and keep: observe reads their referrers and ACR tag locks. */
export function outsideKeep(state: RegistryRetireState, policy: Policy): DigestInfo[] {
  if (!policy.retention) return []
  const { keep } = effectiveRetention(policy.retention)
  return rank(state, policy)
    .filter((r) => r.rank !== undefined && r.rank > keep)
    .map((r) => r.info)
}

export function planRegistryRetire(
  state: RegistryRetireState,
  ctx: PlanContext,
  ref: TargetRef,
): Plan<RegistryRetireWrite> {
  const plan = emptyRetirePlan<RegistryRetireWrite>(ref, `${state.registry}/${state.repository}`, state.notes)
  const retention = retentionOf(ctx.policy, plan)
  if (!retention) return plan
  const ranked = rank(state, ctx.policy)
  const decisions = new Map<string, RetireDecision>()
  const outside: DigestInfo[] = []
  const locked: DigestInfo[] = []
  for (const r of ranked) {
    const decision: RetireDecision = {
      subject: r.info.digest,
      action: 'keep',
      reasons: [],
      tags: r.info.tags,
    }
    decisions.set(r.info.digest, decision)
    if (r.protection) decision.reasons.push(...r.protection)
    else if (r.info.subject)
      continue // decided with its subject, below
    else if (!r.info.pushed) decision.reasons.push(UNKNOWN_TIME)
    else if (r.rank! <= retention.keep) decision.reasons.push(`within keep (${r.rank} of ${retention.keep})`)
    else if (r.info.locks.length > 0) {
      decision.reasons.push(`outside keep, but locked on ACR (${r.info.locks.join(', ')}); not unlocked`)
      locked.push(r.info)
    } else outside.push(r.info)
  }
  const leaving = outside.filter((info) => !keptIndexNeeds(state, outside, info, decisions))

  let writes: RegistryRetireWrite[] = []
  const guard = guardOf(state, ctx.policy)
  for (const info of leaving) {
    const decision = decisions.get(info.digest)!
    decision.reasons.push(`outside keep (${retention.keep} newest kept)`)
    const write = decideOutside(state, ctx, retention, info, decision, guard)
    if (write) writes.push(write)
  }
  writes = spareNeededPlatformImages(state, writes, decisions)
  followSubjects(state, decisions, writes)

  plan.retirement = ranked.map((r) => decisions.get(r.info.digest)!)
  for (const leftover of state.leftovers ?? []) {
    const write: RegistryRetireWrite = { kind: 'leftovers', guard, ...leftover }
    writes.push(write)
    plan.retirement.push({
      subject: leftover.digest,
      action: 'delete',
      reasons: ['deleted by an earlier run that stopped before removing its records; they go now'],
      tags: [],
      changeId: changeId(write),
    })
  }
  plan.gates.push(...gates(ctx.policy, retention, ranked, locked))
  plan.changes = ordered(state, writes).map((w) => toChange(state, w))
  plan.transitions = transitions(state, ctx.policy, plan.retirement)
  return plan
}

const UNKNOWN_TIME = 'push time unknown (no ACR createdOn, created annotation or config, or record); kept'

/** A platform image of an index that stays (kept, protected or locked) stays with it, and says so. */
function keptIndexNeeds(
  state: RegistryRetireState,
  outside: DigestInfo[],
  info: DigestInfo,
  decisions: Map<string, RetireDecision>,
): boolean {
  const parent = parents(state, info.digest).find((p) => !outside.includes(p))
  if (parent) decisions.get(info.digest)!.reasons.push(`platform image of kept index ${short(parent.digest)}`)
  return parent !== undefined
}

/**
 * A platform image is deleted only together with every index that lists it: one whose index only gets an
 * end-of-life record is kept (until the index goes), so no index is ever left pointing at nothing.
 */
function spareNeededPlatformImages(
  state: RegistryRetireState,
  writes: RegistryRetireWrite[],
  decisions: Map<string, RetireDecision>,
): RegistryRetireWrite[] {
  let remaining = writes
  for (;;) {
    const deleted = new Set(remaining.filter((w) => w.kind === 'delete').map((w) => w.digest))
    const spared = remaining.find(
      (w) => w.kind === 'delete' && parents(state, w.digest).some((p) => !deleted.has(p.digest)),
    )
    if (!spared) return remaining
    const decision = decisions.get(spared.digest)!
    const parent = parents(state, spared.digest).find((p) => !deleted.has(p.digest))!
    decision.action = 'end-of-life'
    delete decision.changeId
    decision.reasons.splice(
      -1,
      1,
      `platform image of ${short(parent.digest)}, which is not deleted; kept until it is`,
    )
    remaining = remaining.filter((w) => w !== spared)
  }
}

function parents(state: RegistryRetireState, digest: string): DigestInfo[] {
  return state.digests.filter((d) => d.children.includes(digest))
}

function decideOutside(
  state: RegistryRetireState,
  ctx: PlanContext,
  retention: Retention,
  info: DigestInfo,
  decision: RetireDecision,
  guard: Guard,
): RegistryRetireWrite | undefined {
  if (!info.referrers) {
    decision.reasons.push('referrers not read; re-run to retire it')
    return undefined
  }
  decision.action = 'end-of-life'
  const eol = effectiveEndOfLife(info.endOfLife ?? [])
  if (!eol) {
    const endOfLife = new Date(ctx.now.getTime() + retention.endOfLifeMs).toISOString()
    decision.endOfLife = endOfLife
    decision.reasons.push(`end of life set to ${endOfLife.slice(0, 10)} (recorded on the digest)`)
    const write: RegistryRetireWrite = {
      kind: 'end-of-life',
      digest: info.digest,
      subject: { mediaType: info.mediaType, digest: info.digest, size: info.size },
      record: eolRecord(state, ctx, info.digest, endOfLife),
      guard,
    }
    decision.changeId = changeId(write)
    return write
  }
  decision.endOfLife = eol.toISOString()
  if (eol.getTime() > ctx.now.getTime()) {
    decision.reasons.push(`end of life already ${day(eol)}`)
    return undefined
  }
  if (!retention.deleteAfterEol) {
    decision.reasons.push(`end of life ${day(eol)} passed; delete-after-eol is off`)
    return undefined
  }
  decision.action = 'delete'
  const referrers = (info.referrers ?? []).map((d) => d.digest)
  decision.reasons.push(`end of life ${day(eol)} passed`, `deleted with ${referrers.length} referrer(s)`)
  const write: RegistryRetireWrite = {
    kind: 'delete',
    digest: info.digest,
    tags: info.tags,
    referrers,
    attachmentTags: state.attachments[info.digest] ?? [],
    guard,
  }
  decision.changeId = changeId(write)
  return write
}

/** Tagged referrers go with their subject: deleted with it (by its change), else kept. */
function followSubjects(
  state: RegistryRetireState,
  decisions: Map<string, RetireDecision>,
  writes: RegistryRetireWrite[],
): void {
  for (const info of state.digests) {
    const decision = decisions.get(info.digest)!
    if (!info.subject || decision.reasons.length > 0) continue
    const subject = writes.find((w) => w.kind === 'delete' && w.digest === info.subject)
    if (subject?.kind === 'delete') {
      decision.action = 'delete'
      decision.changeId = changeId(subject)
      decision.reasons.push(`referrer of ${short(info.subject)}, deleted with it`)
      if (!subject.referrers.includes(info.digest)) subject.referrers.push(info.digest)
    } else {
      decision.reasons.push(`referrer of ${short(info.subject)}, which stays`)
    }
  }
}

function guardOf(state: RegistryRetireState, policy: Policy): Guard {
  return Object.fromEntries(guardedTags(policy).map((tag) => [tag, state.ringTags[tag] ?? null]))
}

function eolRecord(
  state: RegistryRetireState,
  ctx: PlanContext,
  digest: string,
  endOfLife: string,
): EndOfLifeRecord {
  return {
    version: 1,
    type: 'end-of-life',
    digest,
    endOfLife,
    at: ctx.record.at.toISOString(),
    actor: ctx.record.actor,
    runUrl: ctx.record.runUrl,
    sha: ctx.record.sha,
    registry: state.registry,
    repository: state.repository,
  }
}

function gates(policy: Policy, retention: Retention, ranked: Ranked[], locked: DigestInfo[]): Gate[] {
  const protectedCount = ranked.filter((r) => r.protection).length
  const result: Gate[] = [
    {
      id: 'retention',
      title: 'Retention policy',
      status: 'pass',
      details:
        `${policy.source}: ${protectedCount} digest(s) protected by ring tags, rollback targets and latest; ` +
        `keep ${retention.keep} newest of the rest by push time; end of life ${days(retention.endOfLifeMs)} ` +
        `after leaving retention; delete after end of life: ${retention.deleteAfterEol ? 'yes' : 'no'}`,
    },
  ]
  const unknown = ranked.filter((r) => !r.protection && !r.info.subject && !r.info.pushed)
  if (unknown.length > 0) {
    result.push({
      id: 'push-time',
      title: 'Push time',
      status: 'warn',
      details: `kept because their push time is unknown: ${unknown.map((r) => short(r.info.digest)).join(', ')}`,
    })
  }
  if (locked.length > 0) {
    result.push({
      id: 'locks',
      title: 'ACR locks',
      status: 'warn',
      details: `outside retention but locked, kept and not unlocked: ${locked.map((i) => `${short(i.digest)} (${i.locks.join(', ')})`).join('; ')}`,
    })
  }
  return result
}

/** End-of-life records first, then deletes (an index before its platform images), then leftovers; oldest first. */
function ordered(state: RegistryRetireState, writes: RegistryRetireWrite[]): RegistryRetireWrite[] {
  const info = byDigest(state)
  const deleted = new Set(writes.filter((w) => w.kind === 'delete').map((w) => w.digest))
  const isChildOfDeleted = (digest: string) =>
    state.digests.some((d) => deleted.has(d.digest) && d.children.includes(digest))
  const key = (w: RegistryRetireWrite): [number, number, number] => [
    w.kind === 'end-of-life' ? 0 : w.kind === 'delete' ? 1 : 2,
    w.kind === 'delete' && isChildOfDeleted(w.digest) ? 1 : 0,
    Date.parse(info.get(w.digest)?.pushed?.at ?? '') || 0,
  ]
  return [...writes].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)]
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2]
  })
}

export function changeId(write: RegistryRetireWrite): string {
  return `${write.kind}:${write.digest}`
}

function toChange(state: RegistryRetireState, write: RegistryRetireWrite): Change<RegistryRetireWrite> {
  const tags = write.kind === 'delete' ? write.tags : (byDigest(state).get(write.digest)?.tags ?? [])
  const resource = `${state.repository}@${short(write.digest)}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`
  return { id: changeId(write), resource, summary: summaryOf(write), payload: write }
}

function summaryOf(write: RegistryRetireWrite): string {
  switch (write.kind) {
    case 'end-of-life':
      return `record end of life ${write.record.endOfLife.slice(0, 10)} (referrer artifact)`
    case 'delete':
      return (
        `delete the manifest and its ${write.tags.length} tag(s), ${write.referrers.length} referrer(s)` +
        (write.attachmentTags.length > 0 ? ` and ${write.attachmentTags.length} attachment tag(s)` : '')
      )
    case 'leftovers':
      return `remove the ${write.referrers.length} record(s) and the referrers index ${write.tag} left by the deleted digest`
  }
}

/** Digests and tags before → after, and every ring tag (retirement must not move any). */
function transitions(state: RegistryRetireState, policy: Policy, decisions: RetireDecision[]): Transition[] {
  const tagged = state.digests.filter((d) => d.tags.length > 0)
  const gone = new Set(decisions.filter((d) => d.action === 'delete').map((d) => d.subject))
  const tags = (list: DigestInfo[]) => list.reduce((n, d) => n + d.tags.length, 0)
  const left = tagged.filter((d) => !gone.has(d.digest))
  const rows: Transition[] = [
    { subject: 'tagged digests', before: String(tagged.length), after: String(left.length) },
    { subject: 'tags', before: String(tags(tagged)), after: String(tags(left)) },
  ]
  for (const tag of guardedTags(policy)) {
    const digest = state.ringTags[tag]
    if (digest) rows.push({ subject: `${state.repository}:${tag}`, before: digest, after: digest })
  }
  return rows
}

function byDigest(state: RegistryRetireState): Map<string, DigestInfo> {
  return new Map(state.digests.map((d) => [d.digest, d]))
}
