// The registry promotion target: retag by digest on the server, records as OCI referrers, tags checked right
// before and read back after each write (registries have no conditional tag write), drift reported.
import type { ContainerRegistryContentClientOptions } from '@azure/container-registry'
import type { TokenCredential } from '@azure/identity'
import type { Deadline } from '../azure/deadline.js'
import type { CheckableTarget, WriteCheck } from '../core/engine.js'
import type { Change, Gate, Operation, Plan, TargetRef } from '../core/model.js'
import type { PlanContext, Target } from '../core/target.js'
import type { RingPolicy } from '../core/policy.js'
import { acrManifestLock, acrTagState } from './acr.js'
import { RepositoryClient } from './client.js'
import { fallbackTag, MediaTypes, sha256, type Descriptor, type Manifest } from './oci.js'
import { copyWithReferrers } from './copy.js'
import {
  isLocked,
  planRegistry,
  short,
  type RegistryChange,
  type RegistryState,
  type SourceManifest,
} from './plan.js'
import {
  buildRecordArtifact,
  effectivePromotion,
  EMPTY_CONFIG,
  EMPTY_DESCRIPTOR,
  readReferrerRecords,
  rollbackTarget,
  type EndOfLifeRecord,
  type RingRecord,
} from './records.js'
import { parseReference, parseRegistry, parseRepository } from './reference.js'

export interface RegistryTargetOptions {
  /** Login server of the source, may include a port (`myregistry.azurecr.io`, `127.0.0.1:5000`). */
  registry: string
  repository: string
  /** Tag or `sha256:` digest; resolved to a digest once, in observe. */
  source: string
  /** `from-ring`: `source` is that ring's tag, and the plan says it promotes what the ring holds. */
  fromRing?: string
  /** Promote into another registry (same repository name): manifest, blobs and referrers are copied first. */
  targetRegistry?: string
  /** undefined = anonymous (registries that do not challenge, or ACR anonymous pull). */
  credential?: TokenCredential
  endpointScheme?: 'https'
  /** The policy's rings: their tags are the only tags observe reads (no tag listing). */
  rings: RingPolicy[]
  /**
   * The ring and operation this run plans for. With `ring`, observe reads only that ring's tags and ring
   * history only when the plan needs it (a rollback, or re-promoting a digest); without it observe reads for
   * every ring in `rings`, and `plan` may be asked for any of them.
   */
  ring?: string
  operation?: Operation
  /** Passed to the SDK clients (TLS, proxy, retry). */
  clientOptions?: ContainerRegistryContentClientOptions
  /** Progress messages. */
  log?: (message: string) => void
  /** The run's deadline (the `timeout` input): every request is aborted when it passes. */
  deadline?: Deadline
  /** How long after a tag write its second read-back waits (default SETTLE_MS; tests shorten it). */
  settleMs?: number
}

/**
 * A registry has no conditional tag write: a tag is re-read right before its PUT (the window is the PUT's own
 * round trip) and read back right after it and once more after this pause, so a writer that lands just after
 * this run is caught as drift instead of being reported as this run's promotion.
 */
export const SETTLE_MS = 1_000

/** How long the read-back that settles an uncertain write may take, even after the deadline passed. */
const CHECK_MS = 15_000

const ACR_HOST = /\.azurecr\.(io|cn|us)$|\.azurecr\.microsoftazure\.de$/i

/** A real ACR whose `/acr/v1/` probe failed still locks: assume the manifest is not locked yet. */
const UNLOCKED = { writeEnabled: true, deleteEnabled: true }

export function isAcrHost(registry: string): boolean {
  return ACR_HOST.test(registry.replace(/:\d+$/, ''))
}

interface SourceSide {
  records: RingRecord[]
  endOfLife: EndOfLifeRecord[]
  via: 'api' | 'tag'
  presentInTarget: boolean
  referrersToCarry: Descriptor[]
  acr?: RegistryState['acr']
}

export function createRegistryTarget(
  options: RegistryTargetOptions,
): Target<RegistryState, RegistryChange> & CheckableTarget<RegistryChange> {
  const registry = parseRegistry(options.registry, 'registry')
  const targetRegistry = options.targetRegistry
    ? parseRegistry(options.targetRegistry, 'target-registry')
    : registry
  const repository = parseRepository(options.repository)
  const reference = parseReference(options.source, 'version')
  const source = reference.kind === 'tag' ? reference.tag : reference.digest
  const cross = targetRegistry !== registry
  const log = options.log ?? (() => {})
  const settleMs = options.settleMs ?? SETTLE_MS
  const focus = focusRings(options)
  const mayLock = focus.some((r) => r.lock)

  const client = (host: string) =>
    new RepositoryClient({
      registry: host,
      repository,
      ...(options.credential ? { credential: options.credential } : {}),
      ...(options.endpointScheme ? { scheme: options.endpointScheme } : {}),
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
      ...(options.deadline ? { deadline: options.deadline } : {}),
    })
  const src = client(registry)
  const dst = cross ? client(targetRegistry) : src

  // Manifest bytes observe read, by digest: a tag write PUTs them instead of reading them again.
  const held = new Map<string, Manifest>()

  const ref: TargetRef = {
    kind: 'registry',
    key: `registry:${targetRegistry}/${repository}`,
    display: `${targetRegistry}/${repository}`,
  }

  async function facts(repo: RepositoryClient, reference: string): Promise<SourceManifest | undefined> {
    const m = await repo.getManifest(reference)
    if (!m) return undefined
    held.set(m.digest, m)
    const kind =
      m.mediaType === MediaTypes.ociIndex || m.mediaType === MediaTypes.dockerList ? 'index' : 'image'
    return { digest: m.digest, mediaType: m.mediaType, size: m.content.length, kind }
  }

  /** Every tag of the rings in focus (and the version tag of a cross-registry copy): HEADs, 404 = absent. */
  async function readTags(): Promise<Record<string, string | null>> {
    const names = new Set(focus.flatMap((ring) => ringTagNames(ring)))
    if (cross && reference.kind === 'tag') names.add(source)
    const read = await Promise.all(
      [...names].map(async (tag) => [tag, (await dst.resolve(tag))?.digest ?? null] as const),
    )
    return Object.fromEntries(read)
  }

  /**
   * The manifest's lock, and once that is locked the version tag's (a run stopped between the two PATCHes).
   * Before that both PATCHes are planned anyway, so the tag is not read.
   */
  async function probeLock(digest: string): Promise<RegistryState['acr']> {
    const manifest =
      (await acrManifestLock(dst, digest)) ?? (isAcrHost(targetRegistry) ? UNLOCKED : undefined)
    if (!manifest || !isLocked(manifest) || reference.kind !== 'tag') return manifest
    return { ...manifest, versionTag: (await acrTagState(dst, source)) ?? UNLOCKED }
  }

  /** The source digest's records, and for a cross-registry promotion what the target already has. */
  async function observeSource(digest: string): Promise<SourceSide> {
    if (!cross) {
      const [found, acr] = await Promise.all([
        readReferrerRecords(dst, digest),
        mayLock ? probeLock(digest) : undefined,
      ])
      return { ...found, presentInTarget: true, referrersToCarry: [], acr }
    }
    const [present, fromSource] = await Promise.all([
      dst.resolve(digest).then((r) => r !== undefined),
      readReferrerRecords(src, digest),
    ])
    const [inTarget, acr] = await Promise.all([
      present ? readReferrerRecords(dst, digest) : undefined,
      mayLock && (present || isAcrHost(targetRegistry)) ? probeLock(digest) : undefined,
    ])
    const have = new Set(inTarget?.referrers.map((d) => d.digest) ?? [])
    return {
      records: dedupe(
        [...fromSource.records, ...(inTarget?.records ?? [])],
        (r) => `${r.type}|${r.ring}|${r.at}`,
      ),
      // Retirement in either registry counts: the image is the same.
      endOfLife: dedupe(
        [...fromSource.endOfLife, ...(inTarget?.endOfLife ?? [])],
        (e) => `${e.at}|${e.endOfLife}`,
      ),
      via: inTarget?.via ?? fromSource.via,
      presentInTarget: present,
      referrersToCarry: fromSource.referrers.filter((d) => !have.has(d.digest)),
      acr,
    }
  }

  /**
   * Ring history, only where the plan can need it: for a rollback the records and manifest of what the ring's
   * first tag holds and the manifest it returns to; for a promotion of a digest already recorded in the ring,
   * the records of the digest that holds the ring now (was it promoted after?).
   */
  async function readHistory(
    tags: RegistryState['tags'],
    { records, endOfLife, manifests }: Pick<RegistryState, 'records' | 'endOfLife' | 'manifests'>,
    digest: string | undefined,
  ): Promise<void> {
    const rollback = options.operation !== 'promote'
    const heads = new Set<string>()
    for (const ring of focus) {
      const head = tags[ringTagNames(ring)[0]!]
      if (!head) continue
      const recorded = digest !== undefined && effectivePromotion(records[digest] ?? [], ring.name)
      if (rollback || (recorded && head !== digest)) heads.add(head)
    }
    await Promise.all(
      [...heads].map(async (head) => {
        const needFacts = rollback && !(head in manifests)
        const [found, m] = await Promise.all([
          head in records ? undefined : readReferrerRecords(dst, head),
          needFacts ? facts(dst, head) : undefined,
        ])
        if (found) records[head] = found.records
        if (found) endOfLife[head] = found.endOfLife
        if (needFacts) manifests[head] = m
      }),
    )
    if (!rollback) return
    const restore = new Set<string>()
    for (const ring of focus) {
      const head = tags[ringTagNames(ring)[0]!]
      const previous = head ? rollbackTarget(records[head] ?? [], ring.name) : undefined
      if (previous && !(previous in manifests)) restore.add(previous)
    }
    // What a rollback returns to passes the end-of-life gate too: its records come with its manifest.
    await Promise.all(
      [...restore].map(async (d) => {
        const [m, found] = await Promise.all([facts(dst, d), readReferrerRecords(dst, d)])
        manifests[d] = m
        records[d] ??= found.records
        endOfLife[d] = found.endOfLife
      }),
    )
  }

  /** The record write's tag check: every tag it expects, all at once (each tag is checked again before its PUT). */
  async function checkTags(expect: Record<string, string | null>): Promise<void> {
    await Promise.all(
      Object.entries(expect).map(([tag, expected]) => checkTag(dst, tag, expected, undefined)),
    )
  }

  async function writeRecord(p: Extract<RegistryChange, { kind: 'record' }>): Promise<void> {
    const artifact = buildRecordArtifact(p.record, p.subject)
    // The tag checks go right before the first write others can see (the record manifest); the
    // record's blobs (invisible until a manifest names them) upload alongside, and so does the read of the
    // fallback index this write extends when the registry is known to lack the referrers API. If a tag
    // moved, the unreferenced record blob is left for the registry's garbage collection.
    const fallbackKnown = dst.referrersApi === false
    const [, , , index] = await allSettledOrThrow([
      checkTags(p.expect),
      dst.uploadBlob(EMPTY_DESCRIPTOR.digest, EMPTY_CONFIG, EMPTY_CONFIG.length),
      // Always new (the record carries its time), so no existence check first.
      dst.uploadBlob(sha256(artifact.blob), artifact.blob, artifact.blob.length, { fresh: true }),
      fallbackKnown ? dst.getManifest(fallbackTag(p.subject.digest)) : Promise.resolve(undefined),
    ] as const)
    const layer = artifact.descriptor
    const put = await dst.putManifest(layer.digest, artifact.manifest, MediaTypes.ociManifest)
    if (!put.subjectProcessed) {
      await dst.addToFallbackIndex(p.subject.digest, layer, fallbackKnown ? { current: index } : undefined)
    }
  }

  /**
   * A tag write: re-read the tag right before the PUT (it must still hold what the plan saw), PUT the held
   * bytes, then read it back at once and after a settle: a concurrent writer's digest there is drift.
   */
  async function writeTag(p: Extract<RegistryChange, { kind: 'tag' }>): Promise<void> {
    const current = await checkTag(dst, p.tag, p.expected, p.digest)
    if (current === p.digest) return
    const manifest = held.get(p.digest) ?? (await dst.getManifest(p.digest))
    if (!manifest) throw new Error(`${dst.display(p.digest)} no longer exists`)
    const written = await dst.setManifest(manifest.content, manifest.mediaType, p.tag)
    if (written !== p.digest) {
      throw new Error(
        `Tag '${p.tag}' was written as ${written}, not ${p.digest}: the registry changed the manifest`,
      )
    }
    await readBack(p.tag, p.digest, 0)
    await readBack(p.tag, p.digest, settleMs)
  }

  /** After `waitMs`, the tag must still hold `digest`; another digest there is drift (a concurrent writer). */
  async function readBack(tag: string, digest: string, waitMs: number): Promise<void> {
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs))
    // A read that fails says nothing about the tag: verification reads it again; only a seen digest counts.
    const now = await dst.resolve(tag).then(
      (r) => r?.digest ?? null,
      () => undefined,
    )
    if (now === undefined || now === digest) return
    throw new Error(
      `drift: tag ${tag} was written as ${digest} and ${waitMs > 0 ? `${waitMs} ms later ` : 'right after '}` +
        `points at ${now ?? '(nothing)'}: another writer moved it at the same time; the ring holds ${now ?? 'nothing'}, not this promotion; re-run to re-plan`,
    )
  }

  /** One lock PATCH: the manifest's, or the version tag's. */
  async function lock(p: Extract<RegistryChange, { kind: 'lock' }>): Promise<void> {
    const properties = { canWrite: false, canDelete: false }
    const { tag } = p
    if (!tag) {
      await dst.acrCall(`Locking ${dst.display(p.digest)}`, (acr, abortSignal) =>
        acr.getArtifact(repository, p.digest).updateManifestProperties({ ...properties, abortSignal }),
      )
      return
    }
    await dst.acrCall(`Locking ${dst.display(tag)}`, (acr, abortSignal) =>
      acr.getArtifact(repository, tag).updateTagProperties(tag, { ...properties, abortSignal }),
    )
  }

  async function verifyChange(change: Change<RegistryChange>): Promise<Gate | undefined> {
    const p = change.payload
    switch (p.kind) {
      case 'tag': {
        const now = await dst.resolve(p.tag)
        const ok = now?.digest === p.digest
        return {
          id: `verify:tag:${p.tag}`,
          title: `Tag ${p.tag}`,
          status: ok ? 'pass' : 'fail',
          details: ok
            ? `${dst.display(p.tag)} → ${p.digest}`
            : `${dst.display(p.tag)} points at ${now?.digest ?? '(nothing)'}, expected ${p.digest}`,
        }
      }
      case 'record': {
        const { records } = await readReferrerRecords(dst, p.record.digest)
        const ok = records.some(
          (r) => r.ring === p.record.ring && r.type === p.record.type && r.at === p.record.at,
        )
        return {
          id: `verify:record:${p.record.ring}`,
          title: 'Promotion record',
          status: ok ? 'pass' : 'fail',
          details: ok
            ? `${p.record.type} record for ring '${p.record.ring}' found on ${short(p.record.digest)}`
            : `${p.record.type} record for ring '${p.record.ring}' not found among the referrers of ${p.record.digest}`,
        }
      }
      case 'copy': {
        const ok = (await dst.resolve(p.digest)) !== undefined
        return {
          id: 'verify:copy',
          title: 'Copied',
          status: ok ? 'pass' : 'fail',
          details: ok
            ? `${dst.display(p.digest)} exists`
            : `${dst.display(p.digest)} is missing after the copy`,
        }
      }
      case 'lock': {
        const what = p.tag ? `tag '${p.tag}'` : `manifest ${short(p.digest)}`
        const state = p.tag ? await acrTagState(dst, p.tag) : await acrManifestLock(dst, p.digest)
        const ok = state !== undefined && isLocked(state)
        return {
          id: p.tag ? `verify:lock:tag:${p.tag}` : 'verify:lock',
          title: 'Locked',
          status: ok ? 'pass' : 'fail',
          details: ok ? `${what} is write- and delete-locked` : `${what} is not locked`,
        }
      }
    }
  }

  return {
    ref,

    async observe(): Promise<RegistryState> {
      held.clear()
      // The ring tags do not depend on the source, so they are read alongside it and its records.
      const resolving = facts(src, source)
      const [resolved, tags, side] = await Promise.all([
        resolving,
        readTags(),
        resolving.then((r) => (r ? observeSource(r.digest) : undefined)),
      ])
      log(
        resolved
          ? `Resolved ${src.display(source)} to ${resolved.digest}`
          : `${src.display(source)} not found`,
      )
      const history = {
        records: {} as RegistryState['records'],
        endOfLife: {} as RegistryState['endOfLife'],
        manifests: {} as RegistryState['manifests'],
      }
      if (resolved && side) {
        history.records[resolved.digest] = side.records
        history.endOfLife[resolved.digest] = side.endOfLife
        history.manifests[resolved.digest] = resolved
      }
      await readHistory(tags, history, resolved?.digest)
      return {
        registry,
        targetRegistry,
        repository,
        source,
        ...(options.fromRing ? { fromRing: options.fromRing } : {}),
        ...(resolved ? { resolved } : {}),
        presentInTarget: side?.presentInTarget ?? !cross,
        tags,
        ...history,
        referrersToCarry: side?.referrersToCarry ?? [],
        referrersVia: side?.via ?? 'tag',
        ...(side?.acr ? { acr: side.acr } : {}),
      }
    },

    plan(state: RegistryState, ctx: PlanContext): Plan<RegistryChange> {
      return planRegistry(state, ctx, ref)
    },

    async apply(change: Change<RegistryChange>): Promise<void> {
      const p = change.payload
      switch (p.kind) {
        case 'copy':
          await copyWithReferrers(src, dst, p.digest, log)
          return
        case 'record':
          return writeRecord(p)
        case 'tag':
          return writeTag(p)
        case 'lock':
          return lock(p)
      }
    },

    /** After a failed write: read back whether it is in effect anyway (a response lost after the write). */
    async check(change: Change<RegistryChange>): Promise<WriteCheck> {
      const clients = [...new Set([src, dst])]
      for (const c of clients) c.graceSignal = AbortSignal.timeout(CHECK_MS)
      try {
        const [gate] = await this.verify({ changes: [change] } as Plan<RegistryChange>)
        if (!gate) return 'not-applied'
        return gate.status === 'pass' ? 'applied' : 'not-applied'
      } finally {
        for (const c of clients) c.graceSignal = undefined
      }
    },

    /** Every read-back at once: they do not depend on each other. */
    async verify(plan: Plan<RegistryChange>): Promise<Gate[]> {
      const gates = await Promise.all(plan.changes.map((c) => verifyChange(c)))
      return gates.filter((g): g is Gate => g !== undefined)
    },
  }
}

function ringTagNames(ring: RingPolicy): string[] {
  return ring.tags.length > 0 ? ring.tags : [ring.name]
}

/** The rings observe reads for: the run's ring when named, else every ring of the policy. */
function focusRings(options: RegistryTargetOptions): RingPolicy[] {
  if (!options.ring) return options.rings
  const ring = options.rings.find((r) => r.name === options.ring)
  if (!ring) {
    const known = options.rings.map((r) => r.name).join(', ')
    throw new Error(`Ring '${options.ring}' is not in the policy's rings (${known}).`)
  }
  return [ring]
}

/**
 * Waits for every promise, then throws the first failure in list order (so a moved-tag refusal is
 * what the report names, and no request of this step is still in flight when it fails).
 */
async function allSettledOrThrow<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>
}): Promise<T> {
  const settled = await Promise.allSettled(promises)
  const failed = settled.find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T
}

/**
 * Check-then-write, not compare-and-swap (registries have none): the tag must still hold what the plan saw
 * (or already hold the new digest).
 * Returns the digest it holds now.
 */
async function checkTag(
  repo: RepositoryClient,
  tag: string,
  expected: string | null,
  wanted: string | undefined,
): Promise<string | null> {
  const current = (await repo.resolve(tag))?.digest ?? null
  if (current === expected || (wanted !== undefined && current === wanted)) return current
  throw new Error(
    `tag ${tag} moved from ${expected ?? '(none)'} to ${current ?? '(none)'} since the plan; re-run to re-plan`,
  )
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const k = key(item)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
