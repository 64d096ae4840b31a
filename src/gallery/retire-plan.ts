// Pure retention planning for a gallery image definition: which versions stay, which get an end-of-life date
// and are hidden from `latest`, which are deleted — and why. No I/O, so dry runs and tests see exactly this.
//
// Order of the rules (the first that applies wins):
//   1. protected: what any ring holds now, the version each ring would roll back to, and what `latest`
//      resolves to in any region — never touched;
//   2. a version being deleted or busy with another operation — left alone this run;
//   3. the newest `keep` of the rest, by version number — kept;
//   4. the others: end-of-life date = now + `end-of-life` (an earlier date already set is kept) and excluded
//      from `latest` globally and in every region; with `delete-after-eol`, a version whose end-of-life date
//      had already passed when this run started, and that no scale set or virtual machine uses, is deleted.
import type { Change, Gate, Plan, RetireDecision, TargetRef, Transition } from '../core/model.js'
import type { PlanContext } from '../core/target.js'
import {
  day,
  days,
  effectiveRetention,
  emptyRetirePlan,
  retentionOf,
  type Retention,
} from '../retention/rules.js'
import { ringHistory } from './history.js'
import { allRegions, needsFlag, resolveLatest } from './latest.js'
import { compareVersions, type GalleryVersion } from './versions.js'
import type { Policy } from '../core/policy.js'
import type { VmUser } from './usage.js'

/** Tags recording the retirement on the version itself (the promotion record's neighbours). */
export const RETIRED_TAGS = { at: 'retired.at', by: 'retired.by', run: 'retired.run' } as const

export interface RetireState {
  versions: GalleryVersion[]
  /** Users of each version looked up (key: version name); versions not looked up are absent. */
  usage: Map<string, VmUser[]>
  /** Why the in-use lookup failed, when it did (then nothing is deleted and the run is blocked). */
  usageError?: string
  notes: string[]
}

export type RetireWrite =
  | {
      kind: 'end-of-life'
      version: string
      /** ISO date to set, when the version has none or a later one. */
      endOfLife?: string
      /** Exclude from latest, globally and in every region. */
      exclude: boolean
      /** Who retired it and when (`retired.*` tags), written only if the version has no record yet. */
      record: Record<string, string>
    }
  | { kind: 'delete'; version: string; versionId: string }

/** Why each protected version must not be touched (version name → reasons). */
export function protectedVersions(versions: GalleryVersion[], policy: Policy): Map<string, string[]> {
  const reasons = new Map<string, string[]>()
  const add = (name: string, reason: string) => reasons.set(name, [...(reasons.get(name) ?? []), reason])
  for (const ring of policy.rings) {
    const [current, previous] = ringHistory(versions, ring.name)
    if (current) add(current.version.name, `ring ${ring.name}`)
    if (previous) add(previous.version.name, `rollback target of ${ring.name}`)
  }
  const latest = resolveLatest(versions, allRegions(versions))
  const byVersion = new Map<string, string[]>()
  for (const [region, name] of latest) {
    if (name) byVersion.set(name, [...(byVersion.get(name) ?? []), region])
  }
  for (const [name, regions] of byVersion) add(name, `latest in ${regions.join(', ')}`)
  return reasons
}

const BUSY = ['Updating', 'Creating', 'Deleting', 'Migrating']

interface Ranked {
  version: GalleryVersion
  protection?: string[]
  /** 1-based rank among unprotected versions, newest first; undefined for protected or busy ones. */
  rank?: number
}

function rank(versions: GalleryVersion[], policy: Policy): Ranked[] {
  const protection = protectedVersions(versions, policy)
  let n = 0
  return [...versions]
    .sort((a, b) => compareVersions(b, a))
    .map((version) => {
      const reasons = protection.get(version.name)
      if (reasons) return { version, protection: reasons }
      if (BUSY.includes(version.provisioningState)) return { version }
      return { version, rank: ++n }
    })
}

/**
 * Versions that would be deleted if nobody uses them: outside protection and keep, end of life passed.
 * observe() looks up the users of exactly these.
 */
export function deletionCandidates(versions: GalleryVersion[], policy: Policy, now: Date): GalleryVersion[] {
  if (!policy.retention?.deleteAfterEol) return []
  const { keep } = effectiveRetention(policy.retention)
  return rank(versions, policy)
    .filter((r) => r.rank !== undefined && r.rank > keep && eolPassed(r.version, now))
    .map((r) => r.version)
}

function eolPassed(version: GalleryVersion, now: Date): boolean {
  return !!version.endOfLife && version.endOfLife.getTime() <= now.getTime()
}

export function planRetire(
  state: RetireState,
  ctx: PlanContext,
  ref: TargetRef,
  definitionId: string,
  versionId: (name: string) => string,
): Plan<RetireWrite> {
  const plan = emptyRetirePlan<RetireWrite>(ref, definitionId, state.notes)
  const policy = ctx.policy
  const retention = retentionOf(policy, plan)
  if (!retention) return plan
  const now = ctx.now
  const newEol = new Date(now.getTime() + retention.endOfLifeMs)

  const ranked = rank(state.versions, policy)
  const writes: RetireWrite[] = []
  const deletes: RetireWrite[] = []
  const inUse: string[] = []
  const busy: string[] = []
  let lookedUp = 0

  for (const { version, protection, rank: position } of ranked) {
    const decision: RetireDecision = { subject: version.name, action: 'keep', reasons: [] }
    if (version.endOfLife) decision.endOfLife = version.endOfLife.toISOString()
    plan.retirement!.push(decision)
    if (protection) {
      decision.reasons.push(...protection)
      if (version.endOfLife) decision.reasons.push(`end of life already set (${day(version.endOfLife)})`)
      continue
    }
    if (position === undefined) {
      decision.reasons.push(`provisioningState is ${version.provisioningState}; re-run once it settles`)
      busy.push(`${version.name} (${version.provisioningState})`)
      continue
    }
    if (position <= retention.keep) {
      decision.reasons.push(`within keep (${position} of ${retention.keep})`)
      continue
    }
    decision.reasons.push(`outside keep (${retention.keep} newest kept)`)

    if (retention.deleteAfterEol && eolPassed(version, now)) {
      const users = state.usage.get(version.name)
      if (state.usageError || !users) {
        decision.reasons.push(
          state.usageError ? 'in-use lookup failed' : 'in-use not looked up; re-run to delete it',
        )
      } else {
        lookedUp++
        if (users.length === 0) {
          decision.action = 'delete'
          decision.reasons.push(`end of life ${day(version.endOfLife!)} passed`, 'not in use')
          const write: RetireWrite = {
            kind: 'delete',
            version: version.name,
            versionId: versionId(version.name),
          }
          decision.changeId = changeId(write)
          deletes.push(write)
          continue
        }
        decision.usedBy = users.map((u) => u.id)
        decision.reasons.push(`end of life ${day(version.endOfLife!)} passed`, usersText(users))
        inUse.push(`${version.name}: ${usersText(users)} (${users.map((u) => u.name).join(', ')})`)
      }
    }

    // End of life and exclusion from latest (also for versions kept only because they are in use).
    decision.action = 'end-of-life'
    const setEol = !version.endOfLife || version.endOfLife.getTime() > newEol.getTime()
    const exclude = needsFlag(version, true)
    if (setEol) {
      decision.endOfLife = newEol.toISOString()
      decision.reasons.push(`end of life set to ${day(newEol)}`)
    } else {
      decision.reasons.push(`end of life already ${day(version.endOfLife!)}`)
    }
    decision.reasons.push(exclude ? 'excluded from latest' : 'already excluded from latest')
    if (setEol || exclude) {
      const write: RetireWrite = {
        kind: 'end-of-life',
        version: version.name,
        ...(setEol ? { endOfLife: newEol.toISOString() } : {}),
        exclude,
        record: recordTags(ctx),
      }
      decision.changeId = changeId(write)
      writes.push(write)
    }
  }

  plan.gates.push(retentionGate(policy, retention, ranked))
  if (retention.deleteAfterEol) plan.gates.push(usageGate(state, lookedUp, inUse))
  if (busy.length > 0) {
    plan.gates.push({
      id: 'busy',
      title: 'Operations in progress',
      status: 'warn',
      details: `left alone this run: ${busy.join(', ')}`,
    })
  }
  // Hide first (oldest first), then delete (oldest first): a failure part-way leaves fewer visible versions.
  const oldestFirst = (a: RetireWrite, b: RetireWrite) =>
    compareVersions(versionOf(state, a.version), versionOf(state, b.version))
  plan.changes = [...writes.sort(oldestFirst), ...deletes.sort(oldestFirst)].map(toChange)
  plan.transitions = transitions(state.versions, [...writes, ...deletes])
  return plan
}

function versionOf(state: RetireState, name: string): GalleryVersion {
  return state.versions.find((v) => v.name === name)!
}

function retentionGate(policy: Policy, retention: Retention, ranked: Ranked[]): Gate {
  const protectedCount = ranked.filter((r) => r.protection).length
  return {
    id: 'retention',
    title: 'Retention policy',
    status: 'pass',
    details:
      `${policy.source}: ${protectedCount} version(s) protected by rings, rollback targets and latest; ` +
      `keep ${retention.keep} newest of the rest; end of life ${days(retention.endOfLifeMs)} from now; ` +
      `delete after end of life: ${retention.deleteAfterEol ? 'yes' : 'no'}`,
  }
}

function usageGate(state: RetireState, lookedUp: number, inUse: string[]): Gate {
  if (state.usageError) {
    return {
      id: 'in-use',
      title: 'In use',
      status: 'fail',
      details: `${state.usageError}; no version is deleted without knowing whether it is in use`,
    }
  }
  if (inUse.length > 0) {
    return {
      id: 'in-use',
      title: 'In use',
      status: 'warn',
      details: `kept because still in use: ${inUse.join('; ')}`,
    }
  }
  return {
    id: 'in-use',
    title: 'In use',
    status: 'pass',
    details:
      lookedUp === 0
        ? 'no version is due for deletion'
        : `none of the ${lookedUp} version(s) due for deletion is used by a scale set or virtual machine`,
  }
}

/** The `retired.*` tags for this run (values clipped to ARM's 256 characters). */
export function recordTags(ctx: PlanContext): Record<string, string> {
  const tags: Record<string, string> = { [RETIRED_TAGS.at]: ctx.record.at.toISOString() }
  if (ctx.record.actor) tags[RETIRED_TAGS.by] = ctx.record.actor.slice(0, 256)
  if (ctx.record.runUrl) tags[RETIRED_TAGS.run] = ctx.record.runUrl.slice(0, 256)
  return tags
}

export function usersText(users: VmUser[]): string {
  const sets = users.filter((u) => u.kind === 'scale set').length
  const vms = users.length - sets
  const parts: string[] = []
  if (sets > 0) parts.push(`${sets} scale set${sets > 1 ? 's' : ''}`)
  if (vms > 0) parts.push(`${vms} virtual machine${vms > 1 ? 's' : ''}`)
  return `in use by ${parts.join(' and ')}`
}

export function changeId(write: RetireWrite): string {
  return `${write.kind}:${write.version}`
}

function toChange(write: RetireWrite): Change<RetireWrite> {
  let summary: string
  if (write.kind === 'delete') {
    summary = 'delete version (end of life passed, not in use)'
  } else {
    const parts: string[] = []
    if (write.endOfLife) parts.push(`set end of life ${day(new Date(write.endOfLife))}`)
    if (write.exclude) parts.push('exclude from latest in all regions')
    parts.push(`record ${RETIRED_TAGS.at}`)
    summary = parts.join('; ')
  }
  return { id: changeId(write), resource: write.version, summary, payload: write }
}

/** `latest` per region before → after (retirement must not move it) and the number of versions. */
function transitions(versions: GalleryVersion[], writes: RetireWrite[]): Transition[] {
  const after = versionsAfter(versions, writes)
  const rows: Transition[] = [
    { subject: 'versions', before: String(versions.length), after: String(after.length) },
  ]
  const regions = allRegions(versions)
  const before = resolveLatest(versions, regions)
  const later = resolveLatest(after, regions)
  for (const region of regions) {
    rows.push({
      subject: `latest in ${region}`,
      before: before.get(region) ?? '(none)',
      after: later.get(region) ?? '(none)',
    })
  }
  return rows
}

/** The versions as they will be once the writes are applied. */
export function versionsAfter(versions: GalleryVersion[], writes: RetireWrite[]): GalleryVersion[] {
  const deleted = new Set(writes.filter((w) => w.kind === 'delete').map((w) => w.version))
  return versions
    .filter((v) => !deleted.has(v.name))
    .map((version) => {
      const write = writes.find((w) => w.version === version.name && w.kind === 'end-of-life')
      if (!write || write.kind !== 'end-of-life' || !write.exclude) return version
      return {
        ...version,
        excludeFromLatest: true,
        regions: version.regions.map((r) => ({ ...r, excludeFromLatest: true })),
      }
    })
}
