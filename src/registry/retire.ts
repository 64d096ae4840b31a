// Retirement for one registry repository: observe every tagged digest (push time, referrers, ACR locks), plan
// with registry-plan.ts, then write end-of-life records and delete digests with their referrers. Every write
// first checks that the ring tags and `latest` still hold what the plan saw, and re-runs finish the job:
// a manifest that is already gone counts as deleted.
import type { ContainerRegistryContentClientOptions } from '@azure/container-registry'
import type { TokenCredential } from '@azure/identity'
import type { Deadline } from '../azure/deadline.js'
import type { CheckableTarget, WriteCheck } from '../core/engine.js'
import { StepError } from '../core/errors.js'
import type { Change, Gate, Plan, TargetRef } from '../core/model.js'
import type { PlanContext, Target } from '../core/target.js'
import type { Policy } from '../core/policy.js'
import { acrManifestProperties, acrTagState } from './acr.js'
import { deleteManifest, RepositoryClient } from './client.js'
import { fallbackTag, MediaTypes, sha256, type Descriptor, type ManifestJson } from './oci.js'
import { short } from './plan.js'
import {
  buildEolArtifact,
  EMPTY_CONFIG,
  EMPTY_DESCRIPTOR,
  isEolDescriptor,
  isRecordDescriptor,
  readReferrerRecords,
  rollbackTarget,
} from './records.js'
import { isAcrHost } from './target.js'
import {
  guardedTags,
  outsideKeep,
  planRegistryRetire,
  protectedDigests,
  tagsOfRing,
  type DigestInfo,
  type Leftover,
  type PushSource,
  type RegistryRetireState,
  type RegistryRetireWrite,
} from './retire-plan.js'

export interface RegistryRetireOptions {
  /** Login server, may include a port. */
  registry: string
  repository: string
  policy: Policy
  /** undefined = anonymous (registries that do not challenge). */
  credential?: TokenCredential
  clientOptions?: ContainerRegistryContentClientOptions
  /** The run's deadline: every request is aborted when it passes. */
  deadline?: Deadline
  log?: (message: string) => void
}

/** Reads in flight at once while observing (tags, manifests): enough to hide latency, polite to the registry. */
const READS_IN_FLIGHT = 8
/** How long the read-back that settles an uncertain write may take, even after the deadline passed. */
const CHECK_MS = 15_000
/** `sha256-<hex>` (referrers fallback index) and cosign's `sha256-<hex>.sig` / `.att` / `.sbom`. */
const ATTACHMENT_TAG = /^sha256-([a-f0-9]{64})(\.[a-z]+)?$/
const IMAGE_CONFIGS: string[] = [
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
]
/** Reproducible builds stamp 1970 (or 1980) into `created`: that says nothing about age. */
const MEANINGFUL_TIME = Date.parse('1980-01-02T00:00:00Z')
const CREATED_ANNOTATION = 'org.opencontainers.image.created'

export class RegistryRetireTarget
  implements Target<RegistryRetireState, RegistryRetireWrite>, CheckableTarget<RegistryRetireWrite>
{
  readonly ref: TargetRef
  private readonly repo: RepositoryClient
  private readonly log: (message: string) => void
  private acr = false
  private observed: RegistryRetireState | undefined

  constructor(private readonly options: RegistryRetireOptions) {
    this.repo = new RepositoryClient({
      registry: options.registry,
      repository: options.repository,
      ...(options.credential ? { credential: options.credential } : {}),
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
      ...(options.deadline ? { deadline: options.deadline } : {}),
    })
    this.log = options.log ?? (() => {})
    this.ref = {
      kind: 'registry',
      key: `registry:${options.registry}/${options.repository}`,
      display: `${options.registry}/${options.repository}`,
    }
  }

  async observe(): Promise<RegistryRetireState> {
    const { versionTags, attachments, byDigest, ringTags } = await this.readTags()
    this.acr = await this.isAcr(byDigest.keys().next().value)
    const described = await inParallel([...byDigest], ([digest, tags]) => this.describe(digest, tags))
    const state: RegistryRetireState = {
      registry: this.options.registry,
      repository: this.options.repository,
      ringTags,
      digests: described.filter((d): d is DigestInfo => d !== undefined),
      attachments,
      missing: [],
      notes: [],
    }
    this.log(`Read ${versionTags.length} tag(s) on ${state.digests.length} digest(s)`)
    await this.complete(state)
    this.observed = state
    return state
  }

  plan(state: RegistryRetireState, ctx: PlanContext): Plan<RegistryRetireWrite> {
    return planRegistryRetire(state, ctx, this.ref)
  }

  async apply(change: Change<RegistryRetireWrite>): Promise<void> {
    const write = change.payload
    await this.checkGuard(write)
    if (write.kind === 'end-of-life') await this.writeEndOfLife(write)
    else if (write.kind === 'delete') await this.delete(write)
    else await this.removeLeftovers(write)
  }

  /** After a failed write: is it in effect anyway (a response lost after the registry applied it)? */
  async check(change: Change<RegistryRetireWrite>): Promise<WriteCheck> {
    const write = change.payload
    this.repo.graceSignal = AbortSignal.timeout(CHECK_MS)
    try {
      return (await this.problemsAfter(write)).length === 0 ? 'applied' : 'not-applied'
    } finally {
      this.repo.graceSignal = undefined
    }
  }

  async verify(plan: Plan<RegistryRetireWrite>): Promise<Gate[]> {
    const problems: string[] = []
    for (const change of plan.changes) problems.push(...(await this.problemsAfter(change.payload)))
    return [
      gate(
        'verify-retired',
        'Retired digests',
        problems,
        `${plan.changes.length} change(s) read back as intended`,
      ),
      gate(
        'verify-protected',
        'Rings and rollback targets',
        await this.movedProtection(),
        'every ring tag, latest and rollback target is as before',
      ),
    ]
  }

  /** What a read-back finds wrong after one write. */
  private async problemsAfter(write: RegistryRetireWrite): Promise<string[]> {
    if (write.kind === 'end-of-life')
      return (await this.hasEndOfLife(write)) ? [] : [`no end-of-life record found on ${write.digest}`]
    if (write.kind === 'delete' && (await this.repo.resolve(write.digest)))
      return [`${write.digest} still exists`]
    const index = await this.repo.getManifest(fallbackTag(write.digest))
    return (index?.json.manifests?.length ?? 0) > 0
      ? [`the referrers index ${fallbackTag(write.digest)} of deleted ${short(write.digest)} is left`]
      : []
  }

  // ------------------------------------------------------------------------------------------ observe

  /** Fallback indexes of digests that are gone, listing only this action's records (a delete cut short). */
  private async leftovers(state: RegistryRetireState): Promise<Leftover[]> {
    const found: Leftover[] = []
    for (const [digest, tags] of Object.entries(state.attachments)) {
      const tag = tags.find((t) => t === fallbackTag(digest))
      if (!tag || state.digests.some((d) => d.digest === digest) || (await this.repo.resolve(digest)))
        continue
      const listed = (await this.repo.getManifest(tag))?.json.manifests ?? []
      if (listed.length === 0 || !listed.every((d) => isRecordDescriptor(d) || isEolDescriptor(d))) continue
      found.push({ digest, tag, referrers: listed.map((d) => d.digest) })
    }
    return found
  }

  /** Every tag resolved to its digest (eight at a time), attachment tags set aside, ring tags picked out. */
  private async readTags() {
    const { versionTags, attachments } = splitTags(await this.repo.listTags())
    const resolved = await inParallel(
      versionTags,
      async (tag) => [tag, (await this.repo.resolve(tag))?.digest] as const,
    )
    const byDigest = new Map<string, string[]>()
    for (const [tag, digest] of resolved)
      if (digest) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag])
    const ringTags: Record<string, string> = {}
    for (const tag of guardedTags(this.options.policy)) {
      const digest = resolved.find(([t]) => t === tag)?.[1]
      if (digest) ringTags[tag] = digest
    }
    return { versionTags, attachments, byDigest, ringTags }
  }

  /** ACR by its host name, or because it answers ACR's own API for a digest it has (the emulator, custom domains). */
  private async isAcr(digest: string | undefined): Promise<boolean> {
    if (isAcrHost(this.options.registry)) return true
    return digest !== undefined && (await acrManifestProperties(this.repo, digest)) !== undefined
  }

  /** What planning needs beyond the manifests: leftovers, rollback targets, record times, referrers, tag locks. */
  private async complete(state: RegistryRetireState): Promise<void> {
    state.leftovers = await this.leftovers(state)
    await this.addRollbackTargets(state)
    for (const info of state.digests.filter((d) => !d.pushed && !d.subject)) {
      await this.readReferrers(info)
      info.pushed = recordTime(info)
    }
    for (const info of outsideKeep(state, this.options.policy)) {
      await this.readReferrers(info)
      if (this.acr) info.locks.push(...(await this.tagLocks(info.tags)))
    }
    state.notes.push(...this.notes(state))
  }

  /** One digest: its manifest, push time and (on ACR) the manifest's lock. undefined when it is gone. */
  private async describe(digest: string, tags: string[]): Promise<DigestInfo | undefined> {
    const manifest = await this.repo.getManifest(digest)
    if (!manifest) return undefined
    const { json } = manifest
    const isIndex = manifest.mediaType === MediaTypes.ociIndex || manifest.mediaType === MediaTypes.dockerList
    const info: DigestInfo = {
      digest,
      mediaType: manifest.mediaType,
      size: manifest.content.length,
      tags: [...tags].sort(),
      children: isIndex ? (json.manifests ?? []).map((d) => d.digest) : [],
      ...(json.subject ? { subject: json.subject.digest } : {}),
      locks: [],
    }
    if (this.acr) {
      const acr = await acrManifestProperties(this.repo, digest)
      if (acr?.createdOn) info.pushed = { at: acr.createdOn.toISOString(), source: 'acr' }
      if (acr && !acr.writeEnabled) info.locks.push('manifest writeEnabled false')
      if (acr && !acr.deleteEnabled) info.locks.push('manifest deleteEnabled false')
    }
    info.pushed ??= await this.builtAt(json)
    return info
  }

  /** OCI has no push time: the `created` annotation, else the image config's `created` (first platform of an index). */
  private async builtAt(json: ManifestJson): Promise<DigestInfo['pushed']> {
    const annotated = json.annotations?.[CREATED_ANNOTATION]
    if (meaningful(annotated)) return { at: new Date(annotated).toISOString(), source: 'annotation' }
    let image: ManifestJson | undefined = json
    if (json.manifests) {
      const platform = json.manifests.find((d) => d.platform?.os !== 'unknown')
      image = platform ? (await this.repo.getManifest(platform.digest))?.json : undefined
    }
    const config = image?.config
    if (!config || !IMAGE_CONFIGS.includes(config.mediaType)) return undefined
    let created: unknown
    try {
      created = (
        JSON.parse((await this.repo.getBlob(config.digest)).toString('utf8')) as { created?: unknown }
      ).created
    } catch (error) {
      if (error instanceof SyntaxError) return undefined
      throw error
    }
    return meaningful(created) ? { at: new Date(created).toISOString(), source: 'config' } : undefined
  }

  /** Each ring's rollback target, from the records on the digest its first tag holds: described even untagged. */
  private async addRollbackTargets(state: RegistryRetireState): Promise<void> {
    for (const ring of this.options.policy.rings) {
      const head = state.digests.find((d) => d.digest === state.ringTags[tagsOfRing(ring)[0]!])
      if (!head) continue
      await this.readReferrers(head)
      const previous = rollbackTarget(head.records ?? [], ring.name)
      if (!previous || state.digests.some((d) => d.digest === previous) || state.missing.includes(previous))
        continue
      const untagged = await this.describe(previous, [])
      if (untagged) state.digests.push(untagged)
      else state.missing.push(previous)
    }
  }

  /** Referrers, with the ring and end-of-life records among them (whose digest must be this one). */
  private async readReferrers(info: DigestInfo): Promise<void> {
    if (info.referrers) return
    const found = await readReferrerRecords(this.repo, info.digest)
    info.referrers = found.referrers
    info.records = found.records
    info.endOfLife = found.endOfLife
  }

  private async tagLocks(tags: string[]): Promise<string[]> {
    const locks: string[] = []
    for (const tag of tags) {
      const state = await acrTagState(this.repo, tag)
      if (state && !state.writeEnabled) locks.push(`tag ${tag} writeEnabled false`)
      if (state && !state.deleteEnabled) locks.push(`tag ${tag} deleteEnabled false`)
    }
    return locks
  }

  private notes(state: RegistryRetireState): string[] {
    const count = (source: PushSource) => state.digests.filter((d) => d.pushed?.source === source).length
    const sources = [
      ['ACR createdOn', count('acr')],
      [`the ${CREATED_ANNOTATION} annotation`, count('annotation')],
      ["the image config's created", count('config')],
      ['the first ring record', count('record')],
    ].filter(([, n]) => Number(n) > 0)
    const notes = [
      `push time (for keep) from ${sources.map(([what, n]) => `${what}: ${n}`).join(', ') || 'nowhere'}`,
      'platform images of a deleted index are left to the registry (garbage collection, or ACR untagged-manifest retention)',
    ]
    for (const digest of state.missing) notes.push(`rollback target ${digest} no longer exists`)
    return notes
  }

  // -------------------------------------------------------------------------------------------- apply

  /** Compare-and-swap on the protection: every ring tag and `latest` must still hold what the plan saw. */
  private async checkGuard(write: RegistryRetireWrite): Promise<void> {
    for (const [tag, expected] of Object.entries(write.guard)) {
      const now = (await this.repo.resolve(tag))?.digest ?? null
      if (now === expected) continue
      throw new StepError(
        `${write.kind === 'delete' ? 'Deleting' : 'Recording end of life of'} ${this.repo.display(write.digest)}`,
        'Conflict',
        `tag ${tag} moved from ${expected ?? '(none)'} to ${now ?? '(none)'} since the plan (a promotion or rollback ran meanwhile); nothing written; re-run to re-plan`,
      )
    }
  }

  private async writeEndOfLife(write: Extract<RegistryRetireWrite, { kind: 'end-of-life' }>): Promise<void> {
    if (!(await this.repo.resolve(write.digest))) {
      throw new StepError(
        `Recording end of life of ${this.repo.display(write.digest)}`,
        'NotFound',
        'the digest no longer exists',
      )
    }
    const artifact = buildEolArtifact(write.record, write.subject)
    await this.repo.uploadBlob(EMPTY_DESCRIPTOR.digest, EMPTY_CONFIG, EMPTY_CONFIG.length)
    await this.repo.uploadBlob(sha256(artifact.blob), artifact.blob, artifact.blob.length)
    const put = await this.repo.putManifest(
      artifact.descriptor.digest,
      artifact.manifest,
      MediaTypes.ociManifest,
    )
    if (!put.subjectProcessed) await this.repo.addToFallbackIndex(write.digest, artifact.descriptor)
  }

  /**
   * Referrers (signatures, SBOMs, ring records) and attachment tags first, then the subject, then its end-of-life
   * records and its referrers index. Until the subject goes, it and its end-of-life record are still there, so a
   * re-run after a failure deletes it again instead of starting a new grace period; what a failure after that
   * leaves (records and index of a digest that is gone) observe finds as leftovers.
   */
  private async delete(write: Extract<RegistryRetireWrite, { kind: 'delete' }>): Promise<void> {
    const step = `Deleting ${this.repo.display(write.digest)}`
    if (this.acr) {
      const manifest = await acrManifestProperties(this.repo, write.digest)
      const locks = [
        ...(manifest && !manifest.writeEnabled ? ['manifest writeEnabled false'] : []),
        ...(manifest && !manifest.deleteEnabled ? ['manifest deleteEnabled false'] : []),
        ...(await this.tagLocks(write.tags)),
      ]
      if (locks.length > 0)
        throw new StepError(
          step,
          'Locked',
          `it is now locked on ACR (${locks.join(', ')}); not deleted, not unlocked`,
        )
    }
    const spare = new Set(Object.values(write.guard).filter((d): d is string => d !== null))
    const { manifests } = await this.repo.referrers(write.digest)
    const listed = new Map(manifests.map((d) => [d.digest, d]))
    const all = [...new Set([...listed.keys(), ...write.referrers])]
    const eol = all.filter((digest) => {
      const d = listed.get(digest)
      return d !== undefined && isEolDescriptor(d)
    })
    for (const digest of all.filter((d) => !eol.includes(d)))
      await this.deleteReferrer(digest, write.digest, listed.get(digest), spare, 0)
    const index = fallbackTag(write.digest)
    for (const tag of write.attachmentTags.filter((t) => t !== index)) await this.deleteAttachment(tag, spare)
    await deleteManifest(this.repo, write.digest)
    for (const digest of eol) await this.deleteReferrer(digest, write.digest, listed.get(digest), spare, 0)
    await this.deleteAttachment(index, spare)
  }

  private async removeLeftovers(write: Extract<RegistryRetireWrite, { kind: 'leftovers' }>): Promise<void> {
    if (await this.repo.resolve(write.digest)) {
      throw new StepError(
        `Removing the records of ${this.repo.display(write.digest)}`,
        'Conflict',
        'the digest exists again since the plan; nothing removed; re-run to re-plan',
      )
    }
    const spare = new Set(Object.values(write.guard).filter((d): d is string => d !== null))
    // Our own records have no referrers: depth 2 skips looking for any.
    for (const digest of write.referrers) await this.deleteReferrer(digest, write.digest, undefined, spare, 2)
    await this.deleteAttachment(write.tag, spare)
  }

  /** A referrer goes only if it really names this subject; its own referrers (a signed SBOM) go first. */
  private async deleteReferrer(
    digest: string,
    subject: string,
    descriptor: Descriptor | undefined,
    spare: Set<string>,
    depth: number,
  ): Promise<void> {
    const manifest = await this.repo.getManifest(digest)
    if (!manifest) return // already deleted
    if (manifest.json.subject?.digest !== subject || spare.has(digest)) {
      this.log(
        `Not deleting ${digest}: listed as a referrer of ${subject}, but its subject is ${manifest.json.subject?.digest ?? 'none'}`,
      )
      return
    }
    // Our own records have no referrers of their own: skip the look-up.
    const ours = descriptor && (isRecordDescriptor(descriptor) || isEolDescriptor(descriptor))
    if (!ours && depth < 2) {
      for (const d of (await this.repo.referrers(digest)).manifests)
        await this.deleteReferrer(d.digest, digest, d, spare, depth + 1)
      await this.deleteAttachment(fallbackTag(digest), spare)
    }
    await deleteManifest(this.repo, digest)
  }

  /**
   * An attachment tag's manifest (fallback index, cosign signature), deleted by digest. An empty index is left:
   * its bytes, and so its digest, can be shared by another subject's tag, which the delete would remove too.
   */
  private async deleteAttachment(tag: string, spare: Set<string>): Promise<void> {
    const manifest = await this.repo.getManifest(tag)
    if (!manifest || spare.has(manifest.digest)) return
    if (manifest.json.manifests?.length === 0) {
      this.log(`Leaving ${this.repo.display(tag)}: an empty index may be shared with another tag`)
      return
    }
    await deleteManifest(this.repo, manifest.digest)
  }

  private async hasEndOfLife(write: Extract<RegistryRetireWrite, { kind: 'end-of-life' }>): Promise<boolean> {
    const info = { digest: write.digest } as DigestInfo
    await this.readReferrers(info)
    return (info.endOfLife ?? []).some((e) => e.at === write.record.at)
  }

  /** Ring tags and `latest` as observed, and every protected digest still there. */
  private async movedProtection(): Promise<string[]> {
    const observed = this.observed
    if (!observed) return []
    const moved: string[] = []
    for (const tag of guardedTags(this.options.policy)) {
      const before = observed.ringTags[tag] ?? null
      const now = (await this.repo.resolve(tag))?.digest ?? null
      if (now !== before) moved.push(`tag ${tag}: ${short(before)} → ${short(now)}`)
    }
    for (const [digest, reasons] of protectedDigests(observed, this.options.policy)) {
      if (!observed.digests.some((d) => d.digest === digest)) continue
      if (!(await this.repo.resolve(digest))) moved.push(`${digest} (${reasons.join(', ')}) is gone`)
    }
    return moved
  }
}

function splitTags(listed: string[]): { versionTags: string[]; attachments: Record<string, string[]> } {
  const versionTags: string[] = []
  const attachments: Record<string, string[]> = {}
  for (const tag of listed) {
    const match = ATTACHMENT_TAG.exec(tag)
    if (!match) versionTags.push(tag)
    else (attachments[`sha256:${match[1]}`] ??= []).push(tag)
  }
  return { versionTags, attachments }
}

function meaningful(value: unknown): value is string {
  return typeof value === 'string' && Date.parse(value) >= MEANINGFUL_TIME
}

/** The time of the first ring record on the digest: it was pushed before that. */
function recordTime(info: DigestInfo): DigestInfo['pushed'] {
  const times = (info.records ?? []).map((r) => Date.parse(r.at)).filter((t) => t >= MEANINGFUL_TIME)
  return times.length > 0 ? { at: new Date(Math.min(...times)).toISOString(), source: 'record' } : undefined
}

function gate(id: string, title: string, problems: string[], ok: string): Gate {
  return problems.length === 0
    ? { id, title, status: 'pass', details: ok }
    : { id, title, status: 'fail', details: problems.join('; ') }
}

/** `fn` over every item with at most READS_IN_FLIGHT running at once; results in input order. */
async function inParallel<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, items.length) }, worker))
  return results
}
