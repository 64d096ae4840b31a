// Pure planning for a gallery image definition: gates first, then the ordered writes.
import type {
  Candidate,
  Change,
  Gate,
  Plan,
  RegionState,
  RingHolding,
  TargetRef,
  Transition,
} from '../core/model.js'
import { ringPolicyGates } from '../gates/ring.js'
import { scanEvidenceFromTags } from '../scans/tags.js'
import type { PlanContext } from '../core/target.js'
import { promotionTags, ringEntry, ringHistory, rollbackTags, tagKey } from './history.js'
import { allRegions, latestFlagChanges, resolveLatest } from './latest.js'
import type { GalleryVersion } from './versions.js'

/** What observe() read: every version (list, no replication) and the subject read with replication status. */
export interface GalleryState {
  versions: GalleryVersion[]
  subject?: GalleryVersion
  /** Why there is no subject (not found, no match for a range, nothing to roll back to…). */
  missing?: string
  /** For rollback: the version the ring holds now, which the rollback takes it off. */
  rollbackFrom?: GalleryVersion
  /** A range chose the subject: the expression and the lower matching versions, highest first (list items). */
  range?: { expression: string; lower: GalleryVersion[] }
  notes: string[]
}

/** One write to one version: tag edits and, for the `latest` ring, its excludeFromLatest flags. */
export interface VersionWrite {
  version: string
  setTags: Record<string, string>
  removeTags: string[]
  latest?: { exclude: boolean; scope?: string[] }
}

export function planGallery(
  state: GalleryState,
  ctx: PlanContext,
  ref: TargetRef,
  versionId: (name: string) => string,
): Plan<VersionWrite> {
  const ring = ctx.ring
  const subject = state.subject
  const plan: Plan<VersionWrite> = {
    target: ref,
    operation: ctx.operation,
    ring: ring.name,
    version: subject?.name ?? '',
    imageId: subject ? subject.id || versionId(subject.name) : '',
    regions: [],
    gates: [],
    changes: [],
    transitions: [],
    notes: [...state.notes],
  }
  if (!subject) {
    plan.gates.push({
      id: 'exists',
      title: 'Version exists',
      status: 'fail',
      details: state.missing ?? 'not found',
    })
    return plan
  }

  const history = ringHistory(state.versions, ring.name)
  const holderBefore = history[0]?.version
  plan.regions = ring.regions ?? subject.regions.map((r) => r.name)
  plan.gates.push(...versionGates(subject, ctx, plan.regions))
  plan.gates.push(...ringPolicyGates(ctx, subject.name, (name) => ringEntry(subject, name)))

  const writes =
    ctx.operation === 'rollback' ? rollbackWrites(state, ctx) : promoteWrites(state, ctx, holderBefore)
  plan.changes = writes.map((write) => toChange(write))
  plan.previousVersion =
    ctx.operation === 'rollback' ? state.rollbackFrom?.name : previousOf(state, ctx, holderBefore)
  if (ctx.operation === 'promote' && subject.tags[tagKey(ring.name, 'rolledback')]) {
    plan.gates.push({
      id: 'rolled-back',
      title: 'Earlier rollback',
      status: 'warn',
      details: `${subject.name} was rolled back from ${ring.name} at ${subject.tags[tagKey(ring.name, 'rolledback')]}; it is promoted again because it was named explicitly`,
    })
  }
  const latest = latestBeforeAfter(state, ctx, writes)
  plan.transitions = transitions(state, ctx, holderBefore, latest)
  plan.regionStates = regionStates(subject, ctx, plan.regions, latest)
  // The subject may be missing from the list (read separately, just created): its tags count too.
  const versions = state.versions.some((v) => v.name === subject.name)
    ? state.versions
    : [...state.versions, subject]
  plan.rings = {
    before: ringHoldings(versions, ctx),
    after: ringHoldings(applyTagWrites(versions, writes), ctx),
  }
  plan.latest = latestEverywhere(state.versions, writes)
  if (state.range) plan.candidates = candidatesOf(subject, state.range.lower)
  try {
    const tagged = scanEvidenceFromTags(subject.tags, `tags of version ${subject.name}`)
    if (tagged) plan.evidence = [tagged]
  } catch (error) {
    // Malformed evidence is never a pass.
    plan.gates.push({ id: 'scan', title: 'Scan evidence', status: 'fail', details: (error as Error).message })
  }
  return plan
}

/** The subject and the lower versions the range matched; the engine marks the ones it skipped. */
function candidatesOf(subject: GalleryVersion, lower: GalleryVersion[]): Candidate[] {
  return [
    { version: subject.name, verdict: 'chosen', reasons: [] },
    ...lower.map((v): Candidate => ({ version: v.name, verdict: 'untried', reasons: [] })),
  ]
}

function versionGates(subject: GalleryVersion, ctx: PlanContext, required: string[]): Gate[] {
  const gates: Gate[] = [
    { id: 'exists', title: 'Version exists', status: 'pass', details: `${subject.name} found` },
    subject.provisioningState === 'Succeeded'
      ? {
          id: 'provisioning',
          title: 'Provisioning',
          status: 'pass',
          details: 'provisioningState is Succeeded',
        }
      : {
          id: 'provisioning',
          title: 'Provisioning',
          status: 'fail',
          details: `provisioningState is ${subject.provisioningState}, expected Succeeded`,
        },
  ]
  if (subject.endOfLife && subject.endOfLife.getTime() <= ctx.now.getTime()) {
    gates.push({
      id: 'end-of-life',
      title: 'End of life',
      status: 'fail',
      details: `${subject.name} reached its end-of-life date ${subject.endOfLife.toISOString()}`,
    })
  } else {
    const details = subject.endOfLife
      ? `end of life ${subject.endOfLife.toISOString()}`
      : 'no end-of-life date'
    gates.push({ id: 'end-of-life', title: 'End of life', status: 'pass', details })
  }
  gates.push(
    subject.policyViolations
      ? {
          id: 'policy-violation',
          title: 'Policy violation',
          status: 'fail',
          details: `reported for policy violation: ${subject.policyViolations.join('; ') || 'no category given'}`,
        }
      : { id: 'policy-violation', title: 'Policy violation', status: 'pass', details: 'not reported' },
  )
  gates.push(replicationGate(subject, ctx, required))
  return gates
}

function replicationGate(subject: GalleryVersion, ctx: PlanContext, required: string[]): Gate {
  const problems: string[] = []
  const done: string[] = []
  for (const name of required) {
    const region = subject.regions.find((r) => r.name === name)
    if (!region) {
      problems.push(`${name} is not a target region of ${subject.name}`)
      continue
    }
    const state = region.replication?.state ?? 'Unknown'
    if (state !== 'Completed') {
      const progress = region.replication?.progress !== undefined ? ` ${region.replication.progress}%` : ''
      const details = region.replication?.details ? ` (${region.replication.details})` : ''
      problems.push(`${region.displayName}: ${state}${progress}${details}`)
    } else if (ctx.ring.minReplicas && region.replicas < ctx.ring.minReplicas) {
      problems.push(
        `${region.displayName}: ${region.replicas} replicas, ring ${ctx.ring.name} needs ${ctx.ring.minReplicas}`,
      )
    } else {
      done.push(`${region.displayName} (${region.replicas})`)
    }
  }
  if (problems.length > 0) {
    return { id: 'replication', title: 'Replication', status: 'fail', details: problems.join('; ') }
  }
  if (required.length === 0) {
    return {
      id: 'replication',
      title: 'Replication',
      status: 'fail',
      details: `${subject.name} has no target regions`,
    }
  }
  return {
    id: 'replication',
    title: 'Replication',
    status: 'pass',
    details: `Completed in ${done.join(', ')}`,
  }
}

function promoteWrites(
  state: GalleryState,
  ctx: PlanContext,
  holder: GalleryVersion | undefined,
): VersionWrite[] {
  const subject = state.subject!
  const writes = new Map<string, VersionWrite>()
  // A version that already holds the ring keeps its record: re-running the same promotion writes nothing.
  if (holder?.name !== subject.name) {
    const tags = promotionTags(ctx.ring.name, ctx.record)
    writes.set(subject.name, { version: subject.name, setTags: tags.set, removeTags: tags.remove })
  }
  return withLatestFlags(writes, state.versions, subject, ctx)
}

function rollbackWrites(state: GalleryState, ctx: PlanContext): VersionWrite[] {
  const from = state.rollbackFrom!
  const mark = rollbackTags(ctx.ring.name, ctx.record.at)
  const fromWrite: VersionWrite = { version: from.name, setTags: mark.set, removeTags: mark.remove }
  const ordered = withLatestFlags(new Map([[from.name, fromWrite]]), state.versions, state.subject!, ctx)
  // On the latest ring the rolled-back version is excluded even when it sits below the version restored.
  if (ctx.ring.latest) fromWrite.latest ??= { exclude: true, scope: scopeOf(ctx) }
  return ordered
}

/** Adds the latest-ring flag writes in their safe order; tag writes of the same version share one PATCH. */
function withLatestFlags(
  tagWrites: Map<string, VersionWrite>,
  versions: GalleryVersion[],
  holder: GalleryVersion,
  ctx: PlanContext,
): VersionWrite[] {
  if (!ctx.ring.latest) return [...tagWrites.values()]
  const scope = scopeOf(ctx)
  const ordered: VersionWrite[] = []
  // The holder's own write goes first: its ring record and its inclusion land together.
  const holderWrite = tagWrites.get(holder.name)
  if (holderWrite) ordered.push(holderWrite)
  for (const flag of latestFlagChanges(versions, holder, scope)) {
    const write = tagWrites.get(flag.version.name) ?? blankWrite(flag.version.name)
    write.latest = { exclude: flag.exclude, scope }
    if (!ordered.includes(write)) ordered.push(write)
  }
  for (const write of tagWrites.values()) if (!ordered.includes(write)) ordered.push(write)
  return ordered
}

function blankWrite(version: string): VersionWrite {
  return { version, setTags: {}, removeTags: [] }
}

function scopeOf(ctx: PlanContext): string[] | undefined {
  return ctx.ring.latestRegions
}

function previousOf(
  state: GalleryState,
  ctx: PlanContext,
  holder: GalleryVersion | undefined,
): string | undefined {
  if (holder) return holder.name
  if (!ctx.ring.latest) return undefined
  // No history yet on the latest ring: what `latest` resolved to is what deployments were getting.
  const regions = ctx.ring.latestRegions ?? state.subject!.regions.map((r) => r.name)
  const resolved = resolveLatest(state.versions, regions)
  return [...resolved.values()].find((name) => name !== undefined)
}

function toChange(write: VersionWrite): Change<VersionWrite> {
  const parts: string[] = []
  const recorded = Object.keys(write.setTags)
  if (recorded.length > 0) parts.push(`set tags ${recorded.join(', ')}`)
  const removed = write.removeTags
  if (removed.length > 0 && recorded.length === 0) parts.push(`remove tags ${removed.join(', ')}`)
  if (write.latest) {
    const where = write.latest.scope ? `in ${write.latest.scope.join(', ')}` : 'in all regions'
    parts.push(`${write.latest.exclude ? 'exclude from' : 'include in'} latest ${where}`)
  }
  return {
    id: `version:${write.version}`,
    resource: write.version,
    summary: parts.join('; '),
    payload: write,
  }
}

/** What `latest` resolves to per region before and after the writes (only on the latest ring). */
interface LatestChange {
  regions: string[]
  before: Map<string, string | undefined>
  after: Map<string, string | undefined>
}

function latestBeforeAfter(state: GalleryState, ctx: PlanContext, writes: VersionWrite[]): LatestChange {
  if (!ctx.ring.latest) return { regions: [], before: new Map(), after: new Map() }
  const regions = ctx.ring.latestRegions ?? allRegions(state.versions)
  return {
    regions,
    before: resolveLatest(state.versions, regions),
    after: resolveLatest(applyFlags(state.versions, writes), regions),
  }
}

function transitions(
  state: GalleryState,
  ctx: PlanContext,
  holder: GalleryVersion | undefined,
  latest: LatestChange,
): Transition[] {
  const rows: Transition[] = [
    { subject: `ring ${ctx.ring.name}`, before: holder?.name ?? '(none)', after: state.subject!.name },
  ]
  for (const region of latest.regions) {
    rows.push({
      subject: `latest in ${region}`,
      before: latest.before.get(region) ?? '(none)',
      after: latest.after.get(region) ?? '(none)',
    })
  }
  return rows
}

/** `latest` in every region of the definition, before and after the writes: deployers re-image on a change. */
function latestEverywhere(versions: GalleryVersion[], writes: VersionWrite[]): NonNullable<Plan['latest']> {
  const regions = allRegions(versions)
  const record = (resolved: Map<string, string | undefined>) =>
    Object.fromEntries(regions.map((r) => [r, resolved.get(r) ?? null]))
  return {
    before: record(resolveLatest(versions, regions)),
    after: record(resolveLatest(applyFlags(versions, writes), regions)),
  }
}

/**
 * One row per region the ring requires or whose `latest` it moves: the subject's replication there (as read
 * with its replication status), the replicas against the ring's minimum, and `latest` before → after.
 */
function regionStates(
  subject: GalleryVersion,
  ctx: PlanContext,
  required: string[],
  latest: LatestChange,
): RegionState[] {
  const names = [...new Set([...required, ...latest.regions])]
  return names.map((name): RegionState => {
    const region = subject.regions.find((r) => r.name === name)
    const replication = region?.replication
    return {
      region: region?.displayName ?? name,
      required: required.includes(name),
      ...(replication ? { state: replication.state } : {}),
      ...(replication?.progress !== undefined && replication.state !== 'Completed'
        ? { progress: replication.progress }
        : {}),
      ...(region ? { replicas: region.replicas } : {}),
      ...(ctx.ring.minReplicas ? { requiredReplicas: ctx.ring.minReplicas } : {}),
      ...(latest.regions.includes(name)
        ? {
            latestBefore: latest.before.get(name) ?? '(none)',
            latestAfter: latest.after.get(name) ?? '(none)',
          }
        : {}),
    }
  })
}

/** What each ring of the policy holds according to the versions' ring tags. */
function ringHoldings(versions: GalleryVersion[], ctx: PlanContext): RingHolding[] {
  return ctx.policy.rings.map(({ name }): RingHolding => {
    const holder = ringHistory(versions, name)[0]
    return holder
      ? { ring: name, version: holder.version.name, since: holder.entry.at.toISOString() }
      : { ring: name }
  })
}

/** The versions with the writes' tag edits in effect, so the ring records after the run can be read off them. */
function applyTagWrites(versions: GalleryVersion[], writes: VersionWrite[]): GalleryVersion[] {
  return versions.map((version) => {
    const write = writes.find((w) => w.version === version.name)
    if (!write) return version
    const tags = { ...version.tags, ...write.setTags }
    for (const key of write.removeTags) delete tags[key]
    return { ...version, tags }
  })
}

/** The versions as they will be once the writes are applied (for before → after tables and verification). */
export function applyFlags(versions: GalleryVersion[], writes: VersionWrite[]): GalleryVersion[] {
  return versions.map((version) => {
    const latest = writes.find((w) => w.version === version.name)?.latest
    if (!latest) return version
    return {
      ...version,
      excludeFromLatest: latest.scope ? version.excludeFromLatest : latest.exclude,
      regions: version.regions.map((r) =>
        !latest.scope || latest.scope.includes(r.name) ? { ...r, excludeFromLatest: latest.exclude } : r,
      ),
    }
  })
}
