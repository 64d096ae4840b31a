// The Compute Gallery adapter: observe with the fewest reads, apply one PATCH per version, verify by re-reading.
import type { ComputeManagementClient } from '@azure/arm-compute'
import semver from 'semver'
import type { Deadline } from '../azure/deadline.js'
import { runLro, type ArmSender } from '../azure/lro.js'
import { StepError } from '../core/errors.js'
import { armError, codeOf, statusOf } from '../azure/arm-error.js'
import type { WriteCheck } from '../core/engine.js'
import type { Change, Gate, Operation, Plan, TargetRef, VersionSpec } from '../core/model.js'
import type { PlanContext, Target } from '../core/target.js'
import type { GallerySettings } from './settings.js'
import type { RingPolicy } from '../core/policy.js'
import { ringHistory, tagKey } from './history.js'
import { resolveLatest } from './latest.js'
import { planGallery, type GalleryState, type VersionWrite } from './plan.js'
import { compareVersions, fromArm, type GalleryVersion } from './versions.js'
import { patchFor, sortedTags, versionPath, wireUpdate } from './arm.js'
import { describeWait, retryAfterMs, waitForReplication, type ReplicationRead } from './replication-wait.js'

export interface GalleryRequest {
  settings: GallerySettings
  version: VersionSpec
  ring: RingPolicy
  operation: Operation
  /** `wait-for-replication` in ms (0 = judge replication as first read). */
  waitForReplicationMs?: number
}

type Versions = ComputeManagementClient['galleryImageVersions']

export interface GalleryTargetOptions {
  /** Sends the PATCH and polls its operation through the same client's pipeline (src/azure/lro.ts). */
  arm: ArmSender
  /** The run's deadline: every request and LRO poll is aborted when it passes. */
  deadline?: Deadline
  /** Progress lines (the replication wait's per-region progress). */
  log?: (message: string) => void
}

/** How long the read that settles an uncertain write may take, even after the deadline passed. */
const CONFIRM_MS = 15_000

export class GalleryTarget implements Target<GalleryState, VersionWrite> {
  readonly ref: TargetRef
  private readonly api: Versions
  private readonly path: [string, string, string]
  /** Versions as observe() read them: later writes re-read and refuse if another run changed them since. */
  private observed = new Map<string, GalleryVersion>()
  /** Set once a PATCH went out: from then on time has passed since observe, so writes re-read first. */
  private wrote = false

  constructor(
    client: ComputeManagementClient,
    private readonly request: GalleryRequest,
    private readonly options: GalleryTargetOptions,
  ) {
    const s = request.settings
    this.api = client.galleryImageVersions
    this.path = [s.resourceGroup, s.gallery, s.imageDefinition]
    const definitionId =
      `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}` +
      `/providers/Microsoft.Compute/galleries/${s.gallery}/images/${s.imageDefinition}`
    this.ref = {
      kind: 'gallery',
      key: definitionId.toLowerCase(),
      display: `${s.gallery}/${s.imageDefinition}`,
    }
  }

  versionId(name: string): string {
    const s = this.request.settings
    return (
      `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Compute` +
      `/galleries/${s.gallery}/images/${s.imageDefinition}/versions/${name}`
    )
  }

  async observe(): Promise<GalleryState> {
    const state = await this.waitForReplication(await this.read())
    this.observed = new Map(state.versions.map((v) => [v.name, v]))
    if (state.subject) this.observed.set(state.subject.name, state.subject)
    return state
  }

  /** With `wait-for-replication`, the subject as it is once replicated (or the wait ended): the gates judge that. */
  private async waitForReplication(state: GalleryState): Promise<GalleryState> {
    const waitMs = this.request.waitForReplicationMs ?? 0
    if (!state.subject || waitMs <= 0 || this.request.operation !== 'promote') return state
    const ring = this.request.ring
    const name = state.subject.name
    const result = await waitForReplication(state.subject, () => this.readReplication(name), {
      required: ring.regions,
      ...(ring.minReplicas ? { minReplicas: ring.minReplicas } : {}),
      waitMs,
      signal: this.options.deadline?.signal,
      log: this.options.log ?? (() => {}),
    })
    if (result.outcome === 'gone') {
      return { versions: state.versions, notes: [...state.notes], missing: this.notFound(name) }
    }
    return { ...state, subject: result.version, notes: [...state.notes, describeWait(result)] }
  }

  /** One read of the version with its replication, and the Retry-After of the answer if any. */
  private async readReplication(name: string): Promise<ReplicationRead> {
    const [rg, gallery, image] = this.path
    let retryAfter: string | undefined
    try {
      const version = await this.api.get(rg, gallery, image, name, {
        expand: 'ReplicationStatus',
        abortSignal: this.options.deadline?.signal,
        onResponse: (response) => {
          retryAfter = response.headers.get('retry-after')
        },
      })
      const after = retryAfterMs(retryAfter)
      return { version: fromArm(version), ...(after !== undefined ? { retryAfterMs: after } : {}) }
    } catch (error) {
      if (statusOf(error) === 404) return { version: undefined }
      throw this.armError(`Waiting for replication of version ${name}`, error)
    }
  }

  private async read(): Promise<GalleryState> {
    const { version, operation, ring } = this.request
    // An exact version can be read in parallel with the list; everything else needs the list first.
    if (version.kind === 'exact' && operation === 'promote') {
      const [versions, subject] = await Promise.all([this.listVersions(), this.getVersion(version.value)])
      return subject
        ? { versions, subject, notes: [] }
        : { versions, notes: [], missing: this.notFound(version.value) }
    }
    const versions = await this.listVersions()
    if (operation === 'rollback') return this.observeRollback(versions, ring.name)
    if (version.kind === 'ring') return this.observeFromRing(versions, version.value)
    return this.observeRange(versions, version.kind === 'range' ? version.value : '*', ring.name)
  }

  private async observeRange(versions: GalleryVersion[], range: string, ring: string): Promise<GalleryState> {
    // A version rolled back from this ring is only promoted again when named exactly, never through a range.
    const candidates = versions
      .filter((v) => semver.satisfies(v.name, range) && !v.tags[tagKey(ring, 'rolledback')])
      .sort(compareVersions)
    if (candidates.length === 0) {
      return { versions, notes: [], missing: `no version of ${this.ref.display} matches '${range}'` }
    }
    return this.rangeCandidate(versions, range, candidates.reverse())
  }

  /** The highest of `candidates` (highest first) read with its replication; the rest stay for `fallback`. */
  private async rangeCandidate(
    versions: GalleryVersion[],
    expression: string,
    candidates: GalleryVersion[],
  ): Promise<GalleryState> {
    const [pick, ...lower] = candidates as [GalleryVersion, ...GalleryVersion[]]
    const subject = await this.getVersion(pick.name)
    const notes = [`version range '${expression}' resolved to ${pick.name}`]
    const range = { expression, lower }
    return subject
      ? { versions, subject, notes, range }
      : { versions, notes, range, missing: this.notFound(pick.name) }
  }

  /** Range resolution: the next lower matching version when every gate did not pass for this one. */
  async fallback(state: GalleryState): Promise<GalleryState | undefined> {
    if (!state.range || state.range.lower.length === 0) return undefined
    const next = await this.rangeCandidate(state.versions, state.range.expression, state.range.lower)
    if (next.subject) this.observed.set(next.subject.name, next.subject)
    return next
  }

  /** `from-ring`: the version that ring's record says it holds now, read with its replication. */
  private async observeFromRing(versions: GalleryVersion[], from: string): Promise<GalleryState> {
    const holder = ringHistory(versions, from)[0]?.version
    if (!holder) {
      return { versions, notes: [], missing: `ring ${from} holds no version of ${this.ref.display}` }
    }
    const subject = await this.getVersion(holder.name)
    const notes = [`promoting what ${from} holds: ${holder.name}`]
    return subject ? { versions, subject, notes } : { versions, notes, missing: this.notFound(holder.name) }
  }

  private async observeRollback(versions: GalleryVersion[], ring: string): Promise<GalleryState> {
    const [current, previous] = ringHistory(versions, ring)
    const asked = this.request.version
    if (!current)
      return { versions, notes: [], missing: `ring ${ring} holds no version of ${this.ref.display}` }
    if (asked.kind === 'exact' && asked.value !== current.version.name) {
      return {
        versions,
        notes: [],
        missing: `ring ${ring} holds ${current.version.name}, not ${asked.value}; nothing was rolled back`,
      }
    }
    if (!previous) {
      return {
        versions,
        notes: [],
        rollbackFrom: current.version,
        missing: `ring ${ring} has no earlier version to return to (it only ever held ${current.version.name})`,
      }
    }
    const subject = await this.getVersion(previous.version.name)
    const notes = [`rolling ${ring} back from ${current.version.name} to ${previous.version.name}`]
    return subject
      ? { versions, subject, rollbackFrom: current.version, notes }
      : { versions, notes, missing: this.notFound(previous.version.name) }
  }

  plan(state: GalleryState, ctx: PlanContext): Plan<VersionWrite> {
    return planGallery(state, ctx, this.ref, (name) => this.versionId(name))
  }

  /**
   * Builds the PATCH from the freshest read of the version: tag edits merge with what is there and a write that
   * is already in effect is skipped (patchFor returns nothing), so a re-run repeats nothing. Refuses when another
   * run changed this ring's record or the latest flags of the version since observe.
   */
  async apply(change: Change<VersionWrite>): Promise<void> {
    const write = change.payload
    const step = `Updating version ${write.version}`
    const current = await this.current(write.version)
    const patch = patchFor(current, write)
    if (!patch) return
    const before = this.observed.get(write.version)
    const drift = before && before !== current ? driftOf(before, current, this.request.ring.name) : undefined
    if (drift) {
      throw new StepError(
        step,
        'Conflict',
        `${drift} changed since this run read it (another promotion of ${this.ref.display}?); nothing was written to it; re-run to re-plan`,
      )
    }
    if (current.provisioningState === 'Updating') {
      throw new StepError(
        step,
        'OperationNotAllowed',
        'another operation on this version is still running; re-run when it has finished',
      )
    }
    this.wrote = true
    try {
      // Done when the operation reports Succeeded: no GET of the version afterwards, verify() re-lists anyway.
      await runLro(
        this.options.arm,
        { method: 'PATCH', path: versionPath(this.request.settings, write.version), body: wireUpdate(patch) },
        { step, abortSignal: this.options.deadline?.signal },
      )
    } catch (error) {
      throw error instanceof StepError ? error : this.armError(step, error)
    }
  }

  /**
   * The version as a write should see it. Gallery resources have no ETag, so a write cannot be made conditional;
   * re-reading only narrows the window for a lost update, and only when time has passed since the last read:
   * before the first write, observe's read is a moment old, so it is used as is; every later write follows a
   * long-running operation and re-reads (without `$expand`: the PATCH needs tags and flags, not replication).
   */
  private async current(name: string): Promise<GalleryVersion> {
    const observed = this.observed.get(name)
    const version = !this.wrote && observed ? observed : await this.getVersion(name, false)
    if (!version) throw new StepError(`Reading version ${name}`, 'NotFound', this.notFound(name))
    return version
  }

  /**
   * After a failed write: did it land anyway (a response lost after Azure applied it)? One read with its own
   * short limit, so it also works after the deadline passed.
   */
  async check(change: Change<VersionWrite>): Promise<WriteCheck> {
    const write = change.payload
    const [rg, gallery, image] = this.path
    const version = fromArm(
      await this.api.get(rg, gallery, image, write.version, {
        expand: 'ReplicationStatus',
        abortSignal: AbortSignal.timeout(CONFIRM_MS),
      }),
    )
    if (!patchFor(version, write)) return 'applied'
    if (version.provisioningState === 'Updating') return 'in-progress'
    return 'not-applied'
  }

  async verify(plan: Plan<VersionWrite>): Promise<Gate[]> {
    const versions = await this.listVersions()
    const ring = this.request.ring
    const holder = ringHistory(versions, ring.name)[0]?.version.name
    const gates: Gate[] = [
      holder === plan.version
        ? {
            id: 'verify-ring',
            title: 'Ring record',
            status: 'pass',
            details: `${ring.name} holds ${plan.version}`,
          }
        : {
            id: 'verify-ring',
            title: 'Ring record',
            status: 'fail',
            details: `${ring.name} holds ${holder ?? 'nothing'} after the writes, expected ${plan.version}`,
          },
    ]
    if (!ring.latest) return gates
    const subject = versions.find((v) => v.name === plan.version)
    const regions = (ring.latestRegions ?? subject?.regions.map((r) => r.name) ?? []).filter((r) =>
      subject?.regions.some((s) => s.name === r),
    )
    const latest = resolveLatest(versions, regions)
    const wrong = regions.filter((r) => latest.get(r) !== plan.version)
    gates.push(
      wrong.length === 0
        ? {
            id: 'verify-latest',
            title: 'Latest',
            status: 'pass',
            details: `latest is ${plan.version} in ${regions.join(', ')}`,
          }
        : {
            id: 'verify-latest',
            title: 'Latest',
            status: 'fail',
            details: wrong
              .map((r) => `latest in ${r} is ${latest.get(r) ?? 'nothing'}, expected ${plan.version}`)
              .join('; '),
          },
    )
    return gates
  }

  private async listVersions(): Promise<GalleryVersion[]> {
    const [rg, gallery, image] = this.path
    const versions: GalleryVersion[] = []
    try {
      const abortSignal = this.options.deadline?.signal
      for await (const version of this.api.listByGalleryImage(rg, gallery, image, { abortSignal }))
        versions.push(fromArm(version))
    } catch (error) {
      if (statusOf(error) === 404 && !this.options.deadline?.expired) {
        const s = this.request.settings
        throw new StepError(
          'Listing image versions',
          codeOf(error),
          `image definition '${s.imageDefinition}' was not found in gallery '${s.gallery}' (resource group '${s.resourceGroup}')`,
        )
      }
      throw this.armError('Listing image versions', error)
    }
    return versions
  }

  /** One version; with `$expand=ReplicationStatus` only where replication is judged (observe). */
  private async getVersion(name: string, replication = true): Promise<GalleryVersion | undefined> {
    const [rg, gallery, image] = this.path
    try {
      return fromArm(
        await this.api.get(rg, gallery, image, name, {
          ...(replication ? { expand: 'ReplicationStatus' as const } : {}),
          abortSignal: this.options.deadline?.signal,
        }),
      )
    } catch (error) {
      if (statusOf(error) === 404) return undefined
      throw this.armError(`Reading version ${name}`, error)
    }
  }

  private armError(step: string, error: unknown): Error {
    return this.options.deadline?.timedOut(step) ?? armError(step, error)
  }

  private notFound(version: string): string {
    const s = this.request.settings
    return `version ${version} was not found in image definition '${s.imageDefinition}' of gallery '${s.gallery}'`
  }
}

/**
 * What changed on a version between observe and the re-read just before writing it, considering only what
 * this run could overwrite: this ring's record tags and the latest flags. undefined = nothing.
 */
export function driftOf(before: GalleryVersion, now: GalleryVersion, ring: string): string | undefined {
  const prefix = `ring.${ring}.`
  const ringTags = (v: GalleryVersion) =>
    JSON.stringify(
      sortedTags(Object.fromEntries(Object.entries(v.tags).filter(([k]) => k.startsWith(prefix)))),
    )
  if (ringTags(before) !== ringTags(now)) return `its ${prefix}* record tags`
  const flags = (v: GalleryVersion) =>
    JSON.stringify([v.excludeFromLatest, v.regions.map((r) => [r.name, r.excludeFromLatest ?? null])])
  if (flags(before) !== flags(now)) return 'its excludeFromLatest flags'
  return undefined
}
