// The registry promotion target: retag by digest on the server, records as OCI referrers, CAS on tags.
import type { ContainerRegistryContentClientOptions } from '@azure/container-registry'
import type { TokenCredential } from '@azure/identity'
import type { Deadline } from '../azure/deadline.js'
import type { WriteCheck } from '../core/engine.js'
import type { Change, Gate, Plan, TargetRef } from '../core/model.js'
import type { PlanContext, Target } from '../core/target.js'
import type { RingPolicy } from '../policy/types.js'
import { RepositoryClient, MediaTypes, sha256, type Descriptor } from './client.js'
import { copyWithReferrers } from './copy.js'
import { planRegistry, short, type RegistryChange, type RegistryState, type SourceManifest } from './plan.js'
import {
  buildRecordArtifact,
  EMPTY_CONFIG,
  EMPTY_DESCRIPTOR,
  isRecordDescriptor,
  recordFromDescriptor,
  recordFromManifest,
  parseRecord,
  type RingRecord,
} from './records.js'
import { parseReference, parseRegistry, parseRepository } from './reference.js'

export interface RegistryTargetOptions {
  /** Login server of the source, may include a port (`myregistry.azurecr.io`, `127.0.0.1:5000`). */
  registry: string
  repository: string
  /** Tag or `sha256:` digest; resolved to a digest once, in observe. */
  source: string
  /** Promote into another registry (same repository name): manifest, blobs and referrers are copied first. */
  targetRegistry?: string
  /** undefined = anonymous (registries that do not challenge, or ACR anonymous pull). */
  credential?: TokenCredential
  endpointScheme?: 'https'
  /**
   * The policy's rings, so observe reads exactly the tags and histories the plan can need.
   * Without it observe reads every tag in the repository.
   */
  rings?: RingPolicy[]
  /** Passed to the SDK clients (TLS, proxy, retry). */
  clientOptions?: ContainerRegistryContentClientOptions
  /** Progress messages. */
  log?: (message: string) => void
  /** The run's deadline (the `timeout` input): every request is aborted when it passes. */
  deadline?: Deadline
}

/** How long the read-back that settles an uncertain write may take, even after the deadline passed. */
const CHECK_MS = 15_000

const ACR_HOST = /\.azurecr\.(io|cn|us)$|\.azurecr\.microsoftazure\.de$/i

export function isAcrHost(registry: string): boolean {
  return ACR_HOST.test(registry.replace(/:\d+$/, ''))
}

export function createRegistryTarget(
  options: RegistryTargetOptions,
): Target<RegistryState> & { check(change: Change): Promise<WriteCheck> } {
  const registry = parseRegistry(options.registry, 'registry')
  const targetRegistry = options.targetRegistry
    ? parseRegistry(options.targetRegistry, 'target-registry')
    : registry
  const repository = parseRepository(options.repository)
  const reference = parseReference(options.source, 'version')
  const source = reference.kind === 'tag' ? reference.tag : reference.digest
  const cross = targetRegistry !== registry
  const log = options.log ?? (() => {})

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

  const ref: TargetRef = {
    kind: 'registry',
    key: `registry:${targetRegistry}/${repository}`,
    display: `${targetRegistry}/${repository}`,
  }

  async function readRecords(
    repo: RepositoryClient,
    digest: string,
  ): Promise<{ via: 'api' | 'tag'; records: RingRecord[]; others: Descriptor[] }> {
    const { via, manifests } = await repo.referrers(digest)
    const records: RingRecord[] = []
    const others: Descriptor[] = []
    for (const d of manifests) {
      if (!isRecordDescriptor(d)) {
        others.push(d)
        continue
      }
      let record = recordFromDescriptor(d)
      if (!record) {
        // The index did not carry annotations: read the artifact (manifest annotation, else its blob).
        const m = await repo.getManifest(d.digest)
        record = m ? recordFromManifest(m.json) : undefined
        const layer = m?.json.layers?.[0]
        if (!record && layer) record = parseRecord((await repo.getBlob(layer.digest)).toString('utf8'))
      }
      if (record && record.digest === digest) records.push(record)
      others.push(d)
    }
    return { via, records, others }
  }

  async function facts(repo: RepositoryClient, reference: string): Promise<SourceManifest | undefined> {
    const m = await repo.getManifest(reference)
    if (!m) return undefined
    const kind =
      m.mediaType === MediaTypes.ociIndex || m.mediaType === MediaTypes.dockerList ? 'index' : 'image'
    return { digest: m.digest, mediaType: m.mediaType, size: m.content.length, kind }
  }

  return {
    ref,

    async observe(): Promise<RegistryState> {
      const resolved = await facts(src, source)
      log(
        resolved
          ? `Resolved ${src.display(source)} to ${resolved.digest}`
          : `${src.display(source)} not found`,
      )
      const listed = (await dst.listTags()).filter((t) => !/^sha(256|512)-[a-f0-9]+$/.test(t))
      const wanted = new Set<string>()
      if (options.rings) {
        for (const ring of options.rings)
          for (const t of ring.tags.length > 0 ? ring.tags : [ring.name]) wanted.add(t)
        if (cross && reference.kind === 'tag') wanted.add(source)
      } else {
        for (const t of listed) wanted.add(t)
      }
      const tags: Record<string, string> = {}
      for (const tag of wanted) {
        if (!listed.includes(tag)) continue
        const r = await dst.resolve(tag)
        if (r) tags[tag] = r.digest
      }

      const records: Record<string, RingRecord[]> = {}
      const manifests: Record<string, SourceManifest | undefined> = {}
      let referrersVia: 'api' | 'tag' = 'tag'
      let referrersToCarry: Descriptor[] = []
      let presentInTarget = !cross
      if (resolved) {
        manifests[resolved.digest] = resolved
        if (cross) {
          presentInTarget = (await dst.resolve(resolved.digest)) !== undefined
          const fromSource = await readRecords(src, resolved.digest)
          const inTarget = presentInTarget ? await readRecords(dst, resolved.digest) : undefined
          const have = new Set(inTarget?.others.map((d) => d.digest) ?? [])
          referrersToCarry = fromSource.others.filter((d) => !have.has(d.digest))
          records[resolved.digest] = dedupe([...fromSource.records, ...(inTarget?.records ?? [])])
          referrersVia = inTarget?.via ?? fromSource.via
        } else {
          const found = await readRecords(dst, resolved.digest)
          records[resolved.digest] = found.records
          referrersVia = found.via
        }
      }
      // Ring history: what each ring's first tag holds now, its records, and the digest those name as previous.
      const ringHeads = new Set<string>()
      for (const ring of options.rings ?? []) {
        const head = tags[ring.tags[0] ?? ring.name]
        if (head) ringHeads.add(head)
      }
      if (!options.rings) for (const d of Object.values(tags)) ringHeads.add(d)
      for (const head of ringHeads) {
        if (!records[head]) records[head] = (await readRecords(dst, head)).records
        if (!(head in manifests)) manifests[head] = await facts(dst, head)
        for (const r of records[head] ?? []) {
          if (r.previous && !(r.previous in manifests)) manifests[r.previous] = await facts(dst, r.previous)
        }
      }

      let acr: RegistryState['acr']
      const mayLock = !options.rings || options.rings.some((r) => r.lock)
      if (resolved && mayLock && (presentInTarget || isAcrHost(targetRegistry))) {
        acr = await dst.probeAcr(resolved.digest)
        if (!acr && isAcrHost(targetRegistry)) acr = { writeEnabled: true, deleteEnabled: true }
      }

      return {
        registry,
        targetRegistry,
        repository,
        source,
        ...(resolved ? { resolved } : {}),
        presentInTarget,
        tags,
        listed,
        records,
        manifests,
        referrersToCarry,
        referrersVia,
        ...(acr ? { acr } : {}),
      }
    },

    plan(state: RegistryState, ctx: PlanContext): Plan {
      return planRegistry(state, ctx, ref)
    },

    async apply(change: Change): Promise<void> {
      const p = change.payload as RegistryChange
      switch (p.kind) {
        case 'copy': {
          await copyWithReferrers(src, dst, p.digest, log)
          return
        }
        case 'record': {
          for (const [tag, expected] of Object.entries(p.expect))
            await checkTag(dst, tag, expected, undefined)
          await writeRecord(dst, p.record, p.subject)
          return
        }
        case 'tag': {
          const current = await checkTag(dst, p.tag, p.expected, p.digest)
          if (current === p.digest) return
          const manifest = await dst.getManifest(p.digest)
          if (!manifest) throw new Error(`${dst.display(p.digest)} no longer exists`)
          const written = await dst.setManifest(manifest.content, manifest.mediaType, p.tag)
          if (written !== p.digest) {
            throw new Error(
              `Tag '${p.tag}' was written as ${written}, not ${p.digest}: the registry changed the manifest`,
            )
          }
          return
        }
        case 'lock': {
          const acr = dst.acr()
          const abortSignal = dst.abortSignal
          try {
            await acr
              .getArtifact(repository, p.digest)
              .updateManifestProperties({ canWrite: false, canDelete: false, abortSignal })
          } catch (error) {
            throw dst.fail(`Locking ${dst.display(p.digest)}`, error)
          }
          if (p.tag) {
            try {
              await acr
                .getArtifact(repository, p.tag)
                .updateTagProperties(p.tag, { canWrite: false, canDelete: false, abortSignal })
            } catch (error) {
              throw dst.fail(`Locking ${dst.display(p.tag)}`, error)
            }
          }
          return
        }
      }
    },

    /** After a failed write: read back whether it is in effect anyway (a response lost after the write). */
    async check(change: Change): Promise<WriteCheck> {
      const clients = [...new Set([src, dst])]
      for (const c of clients) c.graceSignal = AbortSignal.timeout(CHECK_MS)
      try {
        const [gate] = await this.verify({ changes: [change] } as Plan)
        if (!gate) return 'not-applied'
        if (gate.status === 'pass') return 'applied'
        // A lock is two writes (manifest, then version tag): the verify gate only sees the manifest.
        return 'not-applied'
      } finally {
        for (const c of clients) c.graceSignal = undefined
      }
    },

    async verify(plan: Plan): Promise<Gate[]> {
      const gates: Gate[] = []
      for (const c of plan.changes) {
        const p = c.payload as RegistryChange
        if (p.kind === 'tag') {
          const now = await dst.resolve(p.tag)
          const ok = now?.digest === p.digest
          gates.push({
            id: `verify:tag:${p.tag}`,
            title: `Tag ${p.tag}`,
            status: ok ? 'pass' : 'fail',
            details: ok
              ? `${dst.display(p.tag)} → ${p.digest}`
              : `${dst.display(p.tag)} points at ${now?.digest ?? '(nothing)'}, expected ${p.digest}`,
          })
        } else if (p.kind === 'record') {
          const { records } = await readRecords(dst, p.record.digest)
          const ok = records.some(
            (r) => r.ring === p.record.ring && r.type === p.record.type && r.at === p.record.at,
          )
          gates.push({
            id: `verify:record:${p.record.ring}`,
            title: 'Promotion record',
            status: ok ? 'pass' : 'fail',
            details: ok
              ? `${p.record.type} record for ring '${p.record.ring}' found on ${short(p.record.digest)}`
              : `${p.record.type} record for ring '${p.record.ring}' not found among the referrers of ${p.record.digest}`,
          })
        } else if (p.kind === 'copy') {
          const ok = (await dst.resolve(p.digest)) !== undefined
          gates.push({
            id: 'verify:copy',
            title: 'Copied',
            status: ok ? 'pass' : 'fail',
            details: ok
              ? `${dst.display(p.digest)} exists`
              : `${dst.display(p.digest)} is missing after the copy`,
          })
        } else if (p.kind === 'lock') {
          const state = await dst.probeAcr(p.digest)
          const ok = state !== undefined && !state.writeEnabled && !state.deleteEnabled
          gates.push({
            id: 'verify:lock',
            title: 'Locked',
            status: ok ? 'pass' : 'fail',
            details: ok
              ? `${short(p.digest)} is write- and delete-locked`
              : `${short(p.digest)} is not locked`,
          })
        }
      }
      return gates
    },
  }
}

/**
 * Compare-and-swap on a tag: it must still hold what the plan saw (or already hold the new digest).
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

async function writeRecord(repo: RepositoryClient, record: RingRecord, subject: Descriptor): Promise<void> {
  const artifact = buildRecordArtifact(record, subject)
  await repo.uploadBlob(EMPTY_DESCRIPTOR.digest, EMPTY_CONFIG, EMPTY_CONFIG.length)
  const layer = artifact.descriptor
  await repo.uploadBlob(sha256(artifact.blob), artifact.blob, artifact.blob.length)
  const put = await repo.putManifest(layer.digest, artifact.manifest, MediaTypes.ociManifest)
  if (!put.subjectProcessed) await repo.addToFallbackIndex(subject.digest, artifact.descriptor)
}

function dedupe(records: RingRecord[]): RingRecord[] {
  const seen = new Set<string>()
  return records.filter((r) => {
    const key = `${r.type}|${r.ring}|${r.at}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
