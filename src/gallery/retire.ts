// Retirement of a gallery image definition's versions, as a Target behind the same engine as promotion:
// observe (list versions + who uses the deletion candidates) → plan (pure, plan.ts) → apply one write per
// version (re-listed first: no write while a ring holder, rollback target or latest moved; idempotent) →
// verify by reading back.
import type { ComputeManagementClient, GalleryImageVersionUpdate } from '@azure/arm-compute'
import type { Deadline } from '../azure/deadline.js'
import { runLro, type ArmSender, type ArmWrite } from '../azure/lro.js'
import { messageOf, StepError } from '../core/errors.js'
import type { Change, Gate, Plan, TargetRef } from '../core/model.js'
import type { PlanContext, Target } from '../core/target.js'
import { ringHistory } from './history.js'
import { allRegions, needsFlag, resolveLatest } from './latest.js'
import { armError } from '../azure/arm-error.js'
import { patchFor, versionPath, wireUpdate } from './arm.js'
import { fromArm, type GalleryVersion } from './versions.js'
import type { GallerySettings } from './settings.js'
import type { Policy } from '../core/policy.js'
import {
  deletionCandidates,
  planRetire,
  RETIRED_TAGS,
  usersText,
  type RetireState,
  type RetireWrite,
} from './retire-plan.js'
import type { UsageLookup } from './usage.js'

export interface GalleryRetireOptions {
  settings: GallerySettings
  policy: Policy
  usage: UsageLookup
  /** Sends the PATCH and DELETE and polls their operations through the same client's pipeline (src/azure/lro.ts). */
  arm: ArmSender
  /**
   * Tests: the wait between polls when Azure gives no Retry-After, and while a delete started elsewhere runs;
   * otherwise the LRO loop's backoff and 2 s.
   */
  updateIntervalInMs?: number
  now?: () => Date
  /** The run's deadline: every request and long-running-operation poll is aborted when it passes. */
  deadline?: Deadline
}

type Versions = ComputeManagementClient['galleryImageVersions']

/** Planned end-of-life dates may be written a little later than planned (clock, rounding). */
const EOL_TOLERANCE_MS = 60_000

export class GalleryRetireTarget implements Target<RetireState, RetireWrite> {
  readonly ref: TargetRef
  readonly definitionId: string
  private readonly api: Versions
  private readonly path: [string, string, string]
  private observed: GalleryVersion[] = []

  constructor(
    client: ComputeManagementClient,
    private readonly options: GalleryRetireOptions,
  ) {
    const s = options.settings
    this.api = client.galleryImageVersions
    this.path = [s.resourceGroup, s.gallery, s.imageDefinition]
    this.definitionId =
      `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}` +
      `/providers/Microsoft.Compute/galleries/${s.gallery}/images/${s.imageDefinition}`
    this.ref = {
      kind: 'gallery',
      key: this.definitionId.toLowerCase(),
      display: `${s.gallery}/${s.imageDefinition}`,
    }
  }

  versionId(name: string): string {
    return `${this.definitionId}/versions/${name}`
  }

  async observe(): Promise<RetireState> {
    const versions = await this.listVersions()
    this.observed = versions
    const now = this.options.now?.() ?? new Date()
    const candidates = deletionCandidates(versions, this.options.policy, now)
    const state: RetireState = { versions, usage: new Map(), notes: [] }
    if (candidates.length === 0) return state
    try {
      const users = await this.options.usage.usersOf(candidates.map((v) => this.versionId(v.name)))
      for (const version of candidates) {
        state.usage.set(version.name, users.get(this.versionId(version.name).toLowerCase()) ?? [])
      }
      state.notes.push(
        `looked up scale sets and virtual machines using ${candidates.length} version(s) with Azure Resource Graph ` +
          '(every subscription this identity can read)',
      )
    } catch (error) {
      state.usageError = messageOf(error)
    }
    return state
  }

  plan(state: RetireState, ctx: PlanContext): Plan<RetireWrite> {
    return planRetire(state, ctx, this.ref, this.definitionId, (name) => this.versionId(name))
  }

  async apply(change: Change<RetireWrite>): Promise<void> {
    const write = change.payload
    if (write.kind === 'delete') return this.delete(write)
    const current = await this.recheck(`Updating version ${write.version}`, write.version)
    if (!current)
      throw new StepError(`Reading version ${write.version}`, 'NotFound', this.notFound(write.version))
    // The first retirement is recorded once; re-runs keep the original record.
    const setTags = current.tags[RETIRED_TAGS.at] ? {} : write.record
    const patch: GalleryImageVersionUpdate =
      patchFor(current, {
        version: write.version,
        setTags,
        removeTags: [],
        latest: { exclude: true },
      }) ?? {}
    const wanted = write.endOfLife ? new Date(write.endOfLife) : undefined
    if (wanted && (!current.endOfLife || current.endOfLife.getTime() > wanted.getTime())) {
      patch.publishingProfile = { ...patch.publishingProfile, endOfLifeDate: wanted }
    }
    if (!patch.tags && !patch.publishingProfile) return
    // A Failed or Canceled operation throws naming Azure's code; verify() reads the result back.
    await this.write(`Updating version ${write.version}`, {
      method: 'PATCH',
      path: versionPath(this.options.settings, write.version),
      body: wireUpdate(patch),
    })
  }

  /**
   * Compare-and-swap on the protection, as the registry retire does: one list just before each write, and the
   * write only goes ahead while every ring holder, rollback target and latest is what the plan saw (a promotion
   * or rollback that ran meanwhile may have made this version one of them). Returns the version as it is now.
   */
  private async recheck(step: string, version: string): Promise<GalleryVersion | undefined> {
    const versions = await this.listVersions()
    const moved = movedProtection(this.observed, versions, this.options.policy)
    if (moved.length > 0) {
      throw new StepError(
        step,
        'Conflict',
        `${moved.join('; ')} since the plan (a promotion or rollback ran meanwhile); nothing written; re-run to re-plan`,
      )
    }
    return versions.find((v) => v.name === version)
  }

  /** Re-checks everything the plan relied on just before deleting: still there, end of life passed, unused. */
  private async delete(write: Extract<RetireWrite, { kind: 'delete' }>): Promise<void> {
    const step = `Deleting version ${write.version}`
    const current = await this.recheck(step, write.version)
    if (!current) return // already gone: a re-run after a partial failure
    const now = this.options.now?.() ?? new Date()
    if (!current.endOfLife || current.endOfLife.getTime() > now.getTime()) {
      throw new StepError(
        step,
        'EndOfLifeNotReached',
        `end of life of ${write.version} has not passed; not deleted`,
      )
    }
    if (current.provisioningState === 'Deleting') return this.waitGone(write.version, step)
    const users =
      (await this.options.usage.usersOf([write.versionId])).get(write.versionId.toLowerCase()) ?? []
    if (users.length > 0) {
      throw new StepError(
        step,
        'InUse',
        `${write.version} is now ${usersText(users)} (${users.map((u) => u.id).join(', ')}); not deleted`,
      )
    }
    await this.write(step, { method: 'DELETE', path: versionPath(this.options.settings, write.version) })
  }

  /** One long-running write, ended by the run's deadline (requests and the waits between polls). */
  private async write(step: string, write: ArmWrite): Promise<void> {
    const delays = this.options.updateIntervalInMs
    try {
      await runLro(this.options.arm, write, {
        step,
        abortSignal: this.signal,
        ...(delays !== undefined ? { noAdviceDelaysMs: [delays] } : {}),
      })
    } catch (error) {
      throw error instanceof StepError ? error : this.armError(step, error)
    }
  }

  private async waitGone(version: string, step: string): Promise<void> {
    for (let i = 0; i < 30; i++) {
      if (!(await this.getVersion(version))) return
      await new Promise((resolve) => setTimeout(resolve, this.options.updateIntervalInMs ?? 2000))
    }
    throw new StepError(step, 'Deleting', `${version} is still being deleted; re-run to check again`)
  }

  async verify(plan: Plan<RetireWrite>): Promise<Gate[]> {
    const versions = await this.listVersions()
    const byName = new Map(versions.map((v) => [v.name, v]))
    const problems: string[] = []
    for (const change of plan.changes) {
      const write = change.payload
      const version = byName.get(write.version)
      if (write.kind === 'delete') {
        if (version)
          problems.push(`${write.version} still exists (provisioningState ${version.provisioningState})`)
        continue
      }
      if (!version) {
        problems.push(`${write.version} is gone, expected it with an end-of-life date`)
        continue
      }
      if (write.endOfLife) {
        const wanted = new Date(write.endOfLife).getTime()
        if (!version.endOfLife || version.endOfLife.getTime() > wanted + EOL_TOLERANCE_MS) {
          problems.push(
            `${write.version} has end of life ${version.endOfLife?.toISOString() ?? 'unset'}, expected ${write.endOfLife}`,
          )
        }
      }
      if (needsFlag(version, true)) problems.push(`${write.version} is not excluded from latest everywhere`)
    }
    const gates: Gate[] = [
      problems.length === 0
        ? {
            id: 'verify-retired',
            title: 'Retired versions',
            status: 'pass',
            details: `${plan.changes.length} change(s) read back as intended`,
          }
        : { id: 'verify-retired', title: 'Retired versions', status: 'fail', details: problems.join('; ') },
    ]

    // Nothing a ring, a rollback or latest relies on moved.
    const moved = movedProtection(this.observed, versions, this.options.policy)
    gates.push(
      moved.length === 0
        ? {
            id: 'verify-protected',
            title: 'Rings and latest',
            status: 'pass',
            details: 'every ring, rollback target and latest is as before',
          }
        : { id: 'verify-protected', title: 'Rings and latest', status: 'fail', details: moved.join('; ') },
    )
    return gates
  }

  private get signal(): AbortSignal | undefined {
    return this.options.deadline?.signal
  }

  /** A timeout naming the step once the deadline has passed, else the ARM error. */
  private armError(step: string, error: unknown): Error {
    return this.options.deadline?.timedOut(step) ?? armError(step, error)
  }

  private async listVersions(): Promise<GalleryVersion[]> {
    const [rg, gallery, image] = this.path
    const versions: GalleryVersion[] = []
    try {
      for await (const version of this.api.listByGalleryImage(rg, gallery, image, {
        abortSignal: this.signal,
      }))
        versions.push(fromArm(version))
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) {
        const s = this.options.settings
        throw new StepError(
          'Listing image versions',
          (error as { code?: string }).code,
          `image definition '${s.imageDefinition}' was not found in gallery '${s.gallery}' (resource group '${s.resourceGroup}')`,
        )
      }
      throw this.armError('Listing image versions', error)
    }
    return versions
  }

  private async getVersion(name: string): Promise<GalleryVersion | undefined> {
    const [rg, gallery, image] = this.path
    try {
      return fromArm(await this.api.get(rg, gallery, image, name, { abortSignal: this.signal }))
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined
      throw this.armError(`Reading version ${name}`, error)
    }
  }

  private notFound(version: string): string {
    const s = this.options.settings
    return `version ${version} was not found in image definition '${s.imageDefinition}' of gallery '${s.gallery}'`
  }
}

/**
 * What a ring (its holder and rollback target) or latest (per region the observed versions target) relies on
 * and moved between two listings, in words: `prod: 2.0.0 → 1.2.0, 2.0.0`. Empty when nothing moved.
 */
export function movedProtection(before: GalleryVersion[], after: GalleryVersion[], policy: Policy): string[] {
  const moved: string[] = []
  for (const ring of policy.rings) {
    const holders = (versions: GalleryVersion[]) =>
      ringHistory(versions, ring.name)
        .slice(0, 2)
        .map((h) => h.version.name)
    const was = holders(before)
    const is = holders(after)
    if (was.join() !== is.join())
      moved.push(`${ring.name}: ${was.join(', ') || 'none'} → ${is.join(', ') || 'none'}`)
  }
  const regions = allRegions(before)
  const latestBefore = resolveLatest(before, regions)
  const latestAfter = resolveLatest(after, regions)
  for (const region of regions) {
    if (latestBefore.get(region) !== latestAfter.get(region)) {
      moved.push(
        `latest in ${region}: ${latestBefore.get(region) ?? 'none'} → ${latestAfter.get(region) ?? 'none'}`,
      )
    }
  }
  return moved
}
