// Azure Compute Gallery (ARM, Microsoft.Compute) subset as @azure/arm-compute 25.x calls it:
// galleries, image definitions, image versions (get/list/update/delete) and the capsOperations
// long-running-operation status endpoint. Paths are case-insensitive like ARM; names keep their casing.
import { randomUUID } from 'node:crypto'

import { armDate, armDateOf, authenticateArm, tagError } from '../arm.js'
import { armError, firstHeader, json } from '../http.js'
import { OperationSigner, recordedTiming, type OperationKind } from '../lro.js'
import { isKnownRegion, knownRegions, regionDisplayName, regionKey } from '../regions.js'
import type {
  EmulatorSeed,
  GallerySettings,
  IdentitySeed,
  OperationOutcome,
  ProvisioningState,
  RegionSeed,
  ReplicationState,
  VersionSeed,
} from '../seed.js'
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, RouteModule } from '../types.js'

export const GALLERY_API_VERSION = '2025-12-03'
const VERSION_TYPE = 'Microsoft.Compute/galleries/images/versions'

// ---------------------------------------------------------------------------------------------- state

export interface TargetRegionState {
  /** Display name, e.g. `East US`. */
  name: string
  regionalReplicaCount: number
  storageAccountType: string
  /** Absent unless seeded or sent: real ARM leaves an unset per-region flag out (then the global one applies). */
  excludeFromLatest?: boolean
  encryption?: Record<string, unknown>
}

export interface RegionReplicationState {
  state: ReplicationState
  progress: number
  details: string
  /**
   * Set by `replicateOver`: the region replicates from `startedAt` for `durationMs` (progress rising with time,
   * as Azure reports it) and then shows `end`. Read through `replicationAt`, never directly.
   */
  timeline?: { startedAt: number; durationMs: number; end: ReplicationState; details: string }
}

/** The replication a region shows now: a timeline moves with the clock, like a real copy to a region. */
export function replicationAt(region: RegionReplicationState, now = Date.now()): RegionReplicationState {
  const timeline = region.timeline
  if (!timeline) return region
  const elapsed = now - timeline.startedAt
  if (elapsed >= timeline.durationMs) {
    return { state: timeline.end, progress: defaultProgress(timeline.end), details: timeline.details }
  }
  const progress = Math.min(99, Math.floor((elapsed / timeline.durationMs) * 100))
  return { state: 'Replicating', progress, details: '' }
}

export interface VersionState {
  name: string
  location: string
  tags: Record<string, string>
  publishingProfile: {
    targetRegions: TargetRegionState[]
    replicaCount: number
    excludeFromLatest: boolean
    publishedDate: string
    endOfLifeDate?: string
    storageAccountType: string
  }
  storageProfile: Record<string, unknown>
  safetyProfile: {
    allowDeletionOfReplicatedLocations: boolean
    blockDeletionBeforeEndOfLife: boolean
    policyViolations: { category: string; details?: string }[]
  }
  provisioningState: ProvisioningState
  /** Replication per region, keyed by `regionKey` (`eastus`). */
  replication: Record<string, RegionReplicationState>
  /** Outcome of the next long-running operation on this version. */
  nextOperation?: OperationOutcome
  /** Id of the running operation, if any. */
  pendingOperationId?: string
}

export interface ImageState {
  name: string
  location: string
  tags: Record<string, string>
  osType: string
  osState: string
  hyperVGeneration: string
  architecture?: string
  identifier: { publisher: string; offer: string; sku: string }
  description?: string
  provisioningState: ProvisioningState
  versions: Map<string, VersionState>
}

export interface GalleryResourceState {
  name: string
  location: string
  description?: string
  tags: Record<string, string>
  images: Map<string, ImageState>
}

export interface ResourceGroupState {
  name: string
  location: string
  galleries: Map<string, GalleryResourceState>
}

export interface SubscriptionState {
  id: string
  tenantId?: string
  resourceGroups: Map<string, ResourceGroupState>
}

export interface VersionRef {
  subscriptionId: string
  resourceGroup: string
  gallery: string
  image: string
  version: string
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled'

export interface OperationState {
  id: string
  kind: OperationKind
  ref: VersionRef
  location: string
  apiVersion: string
  startTime: Date
  endTime?: Date
  status: OperationStatus
  polls: number
  pollsBeforeDone: number
  /** Set in the timed profile: the operation runs this long whatever the polls. */
  durationMs?: number
  outcome: OperationOutcome
  /** The version as it will be once an update succeeds. */
  pending?: VersionState
  previousProvisioningState: ProvisioningState
}

export interface GalleryState {
  subscriptions: Map<string, SubscriptionState>
  operations: Map<string, OperationState>
  /** Runtime-adjustable settings (page size, polls, Retry-After, durations, audiences, throttling). */
  settings: ResolvedGallerySettings
  /** Outcomes for the next operations started on any version (consumed in order). */
  outcomeQueue: OperationOutcome[]
  /** Identities (shared with the entra module) for `deniedActions`. */
  identities: IdentitySeed[]
}

export interface ResolvedGallerySettings {
  pageSize: number
  pollsBeforeDone: number
  throttle: boolean
  /** Whole seconds; 0 or undefined sends no header (Azure never sends 0). */
  retryAfterSeconds?: number
  completeAfterMs?: number
  /** Per kind; an operation with a duration ends by time, not by polls. */
  lroDurationsMs?: Partial<Record<OperationKind, number>>
  audiences?: string[]
}

/** What the emulator counted about long-running operations since start (or `resetLroStats()`). */
export interface LroStats {
  /** Operations started (accepted PATCH and DELETE). */
  operations: number
  /** Periods in which at least one operation ran: a write starting while none runs opens a new round. */
  writeRounds: number
  /** Most operations running at the same time. */
  maxConcurrent: number
  /** Running now. */
  running: number
}

export interface GalleryModule extends RouteModule<GalleryState> {
  readonly name: 'gallery'
  getVersion(ref: VersionRef): VersionState | undefined
  /** The version as the REST API would return it (`expand` adds replicationStatus). */
  versionResource(ref: VersionRef, baseUrl: string, expand?: boolean): Record<string, unknown> | undefined
  /** The next operation started (on any version) ends like this instead of Succeeded. */
  queueOperationOutcome(outcome: OperationOutcome): void
  /** Finish every running operation now with its planned outcome. */
  completeOperations(): void
  setReplication(ref: VersionRef, region: string, state: ReplicationState, progress?: number): void
  /**
   * The region replicates from now for `durationMs` (Replicating, progress rising with time), then shows `end`
   * (Completed by default; Failed with `details` to model a region that never gets the image).
   */
  replicateOver(
    ref: VersionRef,
    region: string,
    durationMs: number,
    end?: { state: ReplicationState; details?: string },
  ): void
  lroStats(): LroStats
  resetLroStats(): void
}

export interface GalleryOptions {
  settings?: GallerySettings
  identities?: IdentitySeed[]
}

// ------------------------------------------------------------------------------------------- seeding

function display(name: string): string {
  return regionDisplayName(name) ?? name
}

function iso(value: string | undefined, fallback: string): string {
  return value ? armDateOf(value) : fallback
}

function defaultProgress(state: ReplicationState): number {
  return state === 'Completed' ? 100 : state === 'Replicating' ? 50 : 0
}

function versionFromSeed(
  seed: VersionSeed,
  imageLocation: string,
  ref: Omit<VersionRef, 'version'>,
): VersionState {
  const location = display(seed.location ?? imageLocation)
  const storageAccountType = seed.storageAccountType ?? 'Standard_LRS'
  const replicaCount = seed.replicaCount ?? 1
  const regions: RegionSeed[] = seed.regions?.length ? seed.regions : [{ name: location }]
  const replication: Record<string, RegionReplicationState> = {}
  const targetRegions = regions.map((region) => {
    const state = region.state ?? 'Completed'
    replication[regionKey(region.name)] = {
      state,
      progress: region.progress ?? defaultProgress(state),
      details: region.details ?? '',
    }
    return {
      name: display(region.name),
      regionalReplicaCount: region.replicas ?? replicaCount,
      storageAccountType: region.storageAccountType ?? storageAccountType,
      ...(region.excludeFromLatest !== undefined ? { excludeFromLatest: region.excludeFromLatest } : {}),
      ...(region.encryption ? { encryption: region.encryption } : {}),
    }
  })
  return {
    name: seed.name,
    location,
    tags: { ...seed.tags },
    publishingProfile: {
      targetRegions,
      replicaCount,
      excludeFromLatest: seed.excludeFromLatest ?? false,
      publishedDate: iso(seed.publishedDate, armDate(new Date())),
      ...(seed.endOfLifeDate ? { endOfLifeDate: iso(seed.endOfLifeDate, seed.endOfLifeDate) } : {}),
      storageAccountType,
    },
    storageProfile: seed.storageProfile ?? {
      source: {
        id: `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/images/${ref.image}-${seed.name}`,
      },
      osDiskImage: { sizeInGB: 30, hostCaching: 'ReadWrite' },
    },
    safetyProfile: {
      allowDeletionOfReplicatedLocations: seed.allowDeletionOfReplicatedLocations ?? false,
      blockDeletionBeforeEndOfLife: seed.blockDeletionBeforeEndOfLife ?? false,
      policyViolations: seed.policyViolations ?? [],
    },
    provisioningState: seed.provisioningState ?? 'Succeeded',
    replication,
    ...(seed.nextOperation ? { nextOperation: seed.nextOperation } : {}),
  }
}

export function galleryStateFromSeed(seed: EmulatorSeed, options: GalleryOptions = {}): GalleryState {
  const settings = { ...seed.gallery, ...options.settings }
  const subscriptions = new Map<string, SubscriptionState>()
  for (const sub of seed.subscriptions ?? []) {
    const subState: SubscriptionState = { id: sub.id, tenantId: sub.tenantId, resourceGroups: new Map() }
    for (const rg of sub.resourceGroups ?? []) {
      const rgLocation = display(rg.location ?? 'eastus')
      const rgState: ResourceGroupState = { name: rg.name, location: rgLocation, galleries: new Map() }
      for (const gallery of rg.galleries ?? []) {
        const galleryLocation = display(gallery.location ?? rgLocation)
        const galleryState: GalleryResourceState = {
          name: gallery.name,
          location: galleryLocation,
          description: gallery.description,
          tags: { ...gallery.tags },
          images: new Map(),
        }
        for (const image of gallery.images ?? []) {
          const imageLocation = display(image.location ?? galleryLocation)
          const imageState: ImageState = {
            name: image.name,
            location: imageLocation,
            tags: { ...image.tags },
            osType: image.osType ?? 'Linux',
            osState: image.osState ?? 'Generalized',
            hyperVGeneration: image.hyperVGeneration ?? 'V2',
            architecture: image.architecture ?? 'x64',
            identifier: image.identifier ?? { publisher: 'contoso', offer: image.name, sku: image.name },
            description: image.description,
            provisioningState: 'Succeeded',
            versions: new Map(),
          }
          const ref = {
            subscriptionId: sub.id,
            resourceGroup: rg.name,
            gallery: gallery.name,
            image: image.name,
          }
          for (const version of image.versions ?? []) {
            imageState.versions.set(version.name.toLowerCase(), versionFromSeed(version, imageLocation, ref))
          }
          galleryState.images.set(image.name.toLowerCase(), imageState)
        }
        rgState.galleries.set(gallery.name.toLowerCase(), galleryState)
      }
      subState.resourceGroups.set(rg.name.toLowerCase(), rgState)
    }
    subscriptions.set(sub.id.toLowerCase(), subState)
  }
  // The timed profile: recorded durations and Retry-After scaled; explicit settings win over it.
  const timed = settings.timeScale !== undefined ? recordedTiming(settings.timeScale) : {}
  return {
    subscriptions,
    operations: new Map(),
    settings: {
      pageSize: settings.pageSize ?? 25,
      pollsBeforeDone: settings.pollsBeforeDone ?? 1,
      retryAfterSeconds: settings.retryAfterSeconds ?? timed.retryAfterSeconds,
      throttle: settings.throttle ?? false,
      completeAfterMs: settings.completeAfterMs,
      lroDurationsMs: settings.lroDurationsMs ?? timed.durationsMs,
      audiences: settings.audiences,
    },
    outcomeQueue: [],
    identities: options.identities ?? seed.identities ?? [],
  }
}

// ----------------------------------------------------------------------------------------- rendering

function versionId(ref: VersionRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/galleries/${ref.gallery}/images/${ref.image}/versions/${ref.version}`
}

function aggregated(states: ReplicationState[]): string {
  if (states.includes('Failed')) return 'Failed'
  if (states.length > 0 && states.every((state) => state === 'Completed')) return 'Completed'
  if (states.length > 0 && states.every((state) => state === 'Unknown')) return 'Unknown'
  return 'InProgress'
}

export function renderVersion(
  ref: VersionRef,
  version: VersionState,
  expand: boolean,
): Record<string, unknown> {
  const profile = version.publishingProfile
  const violations = version.safetyProfile.policyViolations
  const properties: Record<string, unknown> = {
    publishingProfile: {
      targetRegions: profile.targetRegions.map((region) => ({
        name: region.name,
        regionalReplicaCount: region.regionalReplicaCount,
        storageAccountType: region.storageAccountType,
        ...(region.encryption ? { encryption: structuredClone(region.encryption) } : {}),
        ...(region.excludeFromLatest !== undefined ? { excludeFromLatest: region.excludeFromLatest } : {}),
      })),
      replicaCount: profile.replicaCount,
      excludeFromLatest: profile.excludeFromLatest,
      publishedDate: profile.publishedDate,
      ...(profile.endOfLifeDate ? { endOfLifeDate: profile.endOfLifeDate } : {}),
      storageAccountType: profile.storageAccountType,
    },
    storageProfile: structuredClone(version.storageProfile),
    safetyProfile: {
      allowDeletionOfReplicatedLocations: version.safetyProfile.allowDeletionOfReplicatedLocations,
      reportedForPolicyViolation: violations.length > 0,
      ...(violations.length > 0
        ? { policyViolations: violations.map((violation) => ({ ...violation })) }
        : {}),
      blockDeletionBeforeEndOfLife: version.safetyProfile.blockDeletionBeforeEndOfLife,
    },
    provisioningState: version.provisioningState,
  }
  if (expand) {
    const summary = profile.targetRegions.map((region) => {
      const stored = version.replication[regionKey(region.name)]
      const replication: RegionReplicationState = stored
        ? replicationAt(stored)
        : { state: 'Unknown', progress: 0, details: '' }
      // Recorded: the summary names regions by their short name while targetRegions uses display names,
      // and a completed region reports progress 100 with no details.
      return replication.state === 'Completed'
        ? { region: regionKey(region.name), state: replication.state, progress: 100 }
        : {
            region: regionKey(region.name),
            state: replication.state,
            details: replication.details,
            progress: replication.progress,
          }
    })
    properties.replicationStatus = {
      aggregatedState: aggregated(summary.map((entry) => entry.state)),
      summary,
    }
  }
  return {
    id: versionId(ref),
    name: version.name,
    type: VERSION_TYPE,
    // ARM answers `location` with the short name (`eastus2`), unlike targetRegions' display names.
    location: regionKey(version.location),
    tags: { ...version.tags },
    properties,
  }
}

function renderImage(ref: Omit<VersionRef, 'version' | 'image'>, image: ImageState): Record<string, unknown> {
  return {
    id: `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/galleries/${ref.gallery}/images/${image.name}`,
    name: image.name,
    type: 'Microsoft.Compute/galleries/images',
    location: regionKey(image.location),
    tags: { ...image.tags },
    properties: {
      osType: image.osType,
      osState: image.osState,
      hyperVGeneration: image.hyperVGeneration,
      ...(image.architecture ? { architecture: image.architecture } : {}),
      identifier: { ...image.identifier },
      ...(image.description ? { description: image.description } : {}),
      provisioningState: image.provisioningState,
    },
  }
}

function renderGallery(
  subscriptionId: string,
  resourceGroup: string,
  gallery: GalleryResourceState,
): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/galleries/${gallery.name}`,
    name: gallery.name,
    type: 'Microsoft.Compute/galleries',
    location: regionKey(gallery.location),
    tags: { ...gallery.tags },
    properties: {
      ...(gallery.description ? { description: gallery.description } : {}),
      identifier: { uniqueName: `${subscriptionId}-${gallery.name.toUpperCase()}` },
      provisioningState: 'Succeeded',
    },
  }
}

// ------------------------------------------------------------------------------------------- module

const RESOURCE_PATH =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.compute\/galleries\/([^/]+)(?:\/images(?:\/([^/]+)(?:\/versions(?:\/([^/]+))?)?)?)?\/?$/i
const OPERATION_PATH =
  /^\/subscriptions\/([^/]+)\/providers\/microsoft\.compute\/locations\/([^/]+)\/capsoperations\/([^/]+)\/?$/i

interface Bucket {
  tokens: number
  updatedAt: number
}

interface RequestScope {
  requestId: string
  headers: Record<string, string>
  claims: Record<string, unknown>
  apiVersion: string
}

export function createGalleryModule(seed: EmulatorSeed, options: GalleryOptions = {}): GalleryModule {
  const state = galleryStateFromSeed(seed, options)
  const buckets = new Map<string, { reads: Bucket; writes: Bucket }>()
  const signer = new OperationSigner()
  const stats = { operations: 0, writeRounds: 0, maxConcurrent: 0 }

  const lookup = (ref: VersionRef) => {
    const sub = state.subscriptions.get(ref.subscriptionId.toLowerCase())
    const rg = sub?.resourceGroups.get(ref.resourceGroup.toLowerCase())
    const gallery = rg?.galleries.get(ref.gallery.toLowerCase())
    const image = gallery?.images.get(ref.image.toLowerCase())
    const version = image?.versions.get(ref.version.toLowerCase())
    return { sub, rg, gallery, image, version }
  }

  /** Canonical-cased reference for a located version. */
  const canonical = (ref: VersionRef): VersionRef => {
    const { sub, rg, gallery, image, version } = lookup(ref)
    return {
      subscriptionId: sub?.id ?? ref.subscriptionId,
      resourceGroup: rg?.name ?? ref.resourceGroup,
      gallery: gallery?.name ?? ref.gallery,
      image: image?.name ?? ref.image,
      version: version?.name ?? ref.version,
    }
  }

  const finish = (operation: OperationState): void => {
    if (operation.status !== 'InProgress') return
    operation.status = operation.outcome.status
    operation.endTime = new Date()
    const { image, version } = lookup(operation.ref)
    if (!image || !version || version.pendingOperationId !== operation.id) return
    delete version.pendingOperationId
    if (operation.status === 'Succeeded') {
      if (operation.kind === 'delete') {
        image.versions.delete(version.name.toLowerCase())
        return
      }
      const next = operation.pending ?? version
      const replication: Record<string, RegionReplicationState> = {}
      for (const region of next.publishingProfile.targetRegions) {
        const key = regionKey(region.name)
        replication[key] = version.replication[key] ?? { state: 'Completed', progress: 100, details: '' }
      }
      Object.assign(
        version,
        structuredClone({ ...next, pendingOperationId: undefined, nextOperation: undefined }),
        {
          provisioningState: 'Succeeded',
          replication,
        },
      )
      delete version.pendingOperationId
      delete version.nextOperation
    } else if (operation.status === 'Failed') {
      version.provisioningState = 'Failed'
    } else {
      version.provisioningState = operation.previousProvisioningState
    }
  }

  /** Ends an operation whose time is up (its duration, else `completeAfterMs`); polls do the rest. */
  const maybeTimeout = (operation: OperationState): void => {
    const after = operation.durationMs ?? state.settings.completeAfterMs
    if (
      after !== undefined &&
      operation.status === 'InProgress' &&
      Date.now() - operation.startTime.getTime() >= after
    ) {
      finish(operation)
    }
  }

  const running = (): OperationState[] => {
    const all = [...state.operations.values()].filter((operation) => operation.status === 'InProgress')
    for (const operation of all) maybeTimeout(operation)
    return all.filter((operation) => operation.status === 'InProgress')
  }

  const startOperation = (
    kind: OperationState['kind'],
    ref: VersionRef,
    version: VersionState,
    apiVersion: string,
    pending?: VersionState,
  ): OperationState => {
    const outcome = version.nextOperation ?? state.outcomeQueue.shift() ?? { status: 'Succeeded' as const }
    delete version.nextOperation
    const concurrent = running().length
    if (concurrent === 0) stats.writeRounds += 1
    stats.operations += 1
    stats.maxConcurrent = Math.max(stats.maxConcurrent, concurrent + 1)
    const durationMs = state.settings.lroDurationsMs?.[kind]
    const operation: OperationState = {
      id: randomUUID(),
      kind,
      ref: canonical(ref),
      location: regionKey(version.location),
      apiVersion,
      startTime: new Date(),
      status: 'InProgress',
      polls: 0,
      pollsBeforeDone: outcome.polls ?? state.settings.pollsBeforeDone,
      ...(durationMs !== undefined ? { durationMs } : {}),
      outcome,
      pending,
      previousProvisioningState: version.provisioningState,
    }
    state.operations.set(operation.id, operation)
    version.pendingOperationId = operation.id
    version.provisioningState = kind === 'delete' ? 'Deleting' : 'Updating'
    return operation
  }

  const operationUrl = (baseUrl: string, operation: OperationState, monitor = false): string =>
    `${baseUrl}/subscriptions/${operation.ref.subscriptionId}/providers/Microsoft.Compute/locations/${operation.location}/capsOperations/${operation.id}?api-version=${operation.apiVersion}${monitor ? '&monitor=true' : ''}&${signer.query(operation.id, operation.startTime)}`

  /** Recorded Retry-After (60 s in 2022, none in 2026); never 0, which Azure does not send. */
  const retryAfter = (): Record<string, string> => {
    const seconds = state.settings.retryAfterSeconds
    return seconds !== undefined && seconds > 0 ? { 'retry-after': String(seconds) } : {}
  }

  const takeToken = (key: string, kind: 'reads' | 'writes'): { remaining: number; retryAfter?: number } => {
    const capacity = kind === 'reads' ? 250 : 200
    const refill = kind === 'reads' ? 25 : 10
    let entry = buckets.get(key)
    if (!entry) {
      entry = {
        reads: { tokens: 250, updatedAt: Date.now() },
        writes: { tokens: 200, updatedAt: Date.now() },
      }
      buckets.set(key, entry)
    }
    const bucket = entry[kind]
    const now = Date.now()
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * refill)
    bucket.updatedAt = now
    if (bucket.tokens < 1) {
      if (state.settings.throttle)
        return { remaining: 0, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / refill)) }
      return { remaining: 0 }
    }
    bucket.tokens -= 1
    return { remaining: Math.floor(bucket.tokens) }
  }

  const authorize = (
    scope: RequestScope,
    action: string,
    resourceScope: string,
  ): EmulatorResponse | undefined => {
    const appId = String(scope.claims.appid ?? '')
    const tenant = String(scope.claims.tid ?? '')
    const identity = state.identities.find(
      (candidate) =>
        candidate.clientId.toLowerCase() === appId.toLowerCase() &&
        candidate.tenantId.toLowerCase() === tenant.toLowerCase(),
    )
    const denied = identity?.deniedActions?.some((entry) => entry.toLowerCase() === action.toLowerCase())
    if (!denied) return undefined
    return armError(
      403,
      'AuthorizationFailed',
      `The client '${appId}' with object id '${String(scope.claims.oid ?? '')}' does not have authorization to perform action '${action}' over scope '${resourceScope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      scope.headers,
    )
  }

  const module: GalleryModule = {
    name: 'gallery',
    state,
    getVersion: (ref) => lookup(ref).version,
    versionResource(ref, _baseUrl, expand = false) {
      const { version } = lookup(ref)
      return version ? renderVersion(canonical(ref), version, expand) : undefined
    },
    queueOperationOutcome(outcome) {
      state.outcomeQueue.push(outcome)
    },
    completeOperations() {
      for (const operation of state.operations.values()) finish(operation)
    },
    lroStats() {
      return { ...stats, running: running().length }
    },
    resetLroStats() {
      stats.operations = 0
      stats.writeRounds = 0
      stats.maxConcurrent = 0
    },
    setReplication(ref, region, replicationState, progress) {
      const { version } = lookup(ref)
      if (!version) throw new Error(`No version ${versionId(ref)}`)
      version.replication[regionKey(region)] = {
        state: replicationState,
        progress: progress ?? defaultProgress(replicationState),
        details: '',
      }
    },
    replicateOver(ref, region, durationMs, end = { state: 'Completed' }) {
      const { version } = lookup(ref)
      if (!version) throw new Error(`No version ${versionId(ref)}`)
      version.replication[regionKey(region)] = {
        state: 'Replicating',
        progress: 0,
        details: '',
        timeline: { startedAt: Date.now(), durationMs, end: end.state, details: end.details ?? '' },
      }
    },
    handle(req, ctx) {
      const path = req.url.pathname
      const resourceMatch = path.match(RESOURCE_PATH)
      const operationMatch = resourceMatch ? null : path.match(OPERATION_PATH)
      if (!resourceMatch && !operationMatch) return undefined

      const requestId = randomUUID()
      const isRead = req.method === 'GET' || req.method === 'HEAD'
      const headers: Record<string, string> = {
        'x-ms-request-id': requestId,
        'x-ms-correlation-request-id':
          firstHeader(req.headers['x-ms-correlation-request-id']) ?? randomUUID(),
        'cache-control': 'no-cache',
        expires: '-1',
        pragma: 'no-cache',
      }
      const clientRequestId = firstHeader(req.headers['x-ms-client-request-id'])
      if (clientRequestId) headers['x-ms-client-request-id'] = clientRequestId
      const match = (resourceMatch ?? operationMatch) as RegExpMatchArray
      const subscriptionId = decodeURIComponent(match[1] ?? '')
      const sub = state.subscriptions.get(subscriptionId.toLowerCase())

      const withHeaders = (response: EmulatorResponse, remaining?: number): EmulatorResponse => {
        const merged = { ...headers, ...response.headers }
        if (remaining !== undefined) {
          merged[
            isRead
              ? 'x-ms-ratelimit-remaining-subscription-reads'
              : 'x-ms-ratelimit-remaining-subscription-writes'
          ] = String(remaining)
        }
        return { ...response, headers: merged }
      }

      const auth = authenticateArm(req, ctx, {
        tenantHint: sub?.tenantId,
        audiences: state.settings.audiences,
      })
      if ('status' in auth) return withHeaders(auth, isRead ? 249 : 199)
      const bucketKey = `${subscriptionId.toLowerCase()}|${String(auth.claims.oid ?? '')}`
      const budget = takeToken(bucketKey, isRead ? 'reads' : 'writes')
      if (budget.retryAfter !== undefined) {
        return withHeaders(
          armError(
            429,
            'TooManyRequests',
            `The request is being throttled as the limit has been reached for operation type - ${isRead ? 'Read' : 'Write'}_ObservationWindow_00:05:00. For more information, see - https://aka.ms/srpthrottlinglimits`,
            { 'retry-after': String(budget.retryAfter) },
          ),
          budget.remaining,
        )
      }
      const respond = (response: EmulatorResponse): EmulatorResponse =>
        withHeaders(response, budget.remaining)

      const apiVersion = req.url.searchParams.get('api-version')
      if (!apiVersion) {
        return respond(
          armError(
            400,
            'MissingApiVersionParameter',
            'The api-version query parameter (?api-version=) is required for all requests.',
          ),
        )
      }
      if (!sub)
        return respond(
          armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`),
        )
      if (sub.tenantId && String(auth.claims.tid ?? '').toLowerCase() !== sub.tenantId.toLowerCase()) {
        return respond(
          armError(
            401,
            'InvalidAuthenticationTokenTenant',
            `The access token is from the wrong issuer '${String(auth.claims.iss ?? '')}'. It must match the tenant '${ctx.baseUrl}/${sub.tenantId}/' associated with this subscription. Please use the authority (URL) '${ctx.baseUrl}/${sub.tenantId}' to get the token.`,
            {
              'www-authenticate': `Bearer authorization_uri="${ctx.baseUrl}/${sub.tenantId}", error="invalid_token", error_description="The access token is from the wrong issuer."`,
            },
          ),
        )
      }
      const scope: RequestScope = { requestId, headers, claims: auth.claims, apiVersion }

      if (operationMatch) {
        const id = decodeURIComponent(operationMatch[3] ?? '')
        const denied = authorize(scope, 'Microsoft.Compute/locations/capsOperations/read', path)
        if (denied) return respond(denied)
        if (req.method !== 'GET') return respond(methodNotAllowed(req))
        const operation = state.operations.get(id)
        if (!operation || operation.ref.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) {
          return respond(armError(404, 'NotFound', `The operation '${id}' could not be found.`))
        }
        // The URL as issued, signature included: a client that drops or re-encodes t/c/s/h gets nothing.
        if (!signer.verify(operation.id, req.url.searchParams)) {
          return respond(
            armError(
              404,
              'NotFound',
              `The operation '${id}' could not be found: its signed query parameters (t, c, s, h) are missing or altered.`,
            ),
          )
        }
        maybeTimeout(operation)
        if (operation.status === 'InProgress' && operation.durationMs === undefined) {
          operation.polls += 1
          if (operation.polls > operation.pollsBeforeDone) finish(operation)
        }
        if (req.url.searchParams.get('monitor') === 'true') {
          if (operation.status === 'InProgress') {
            return respond({
              status: 202,
              headers: { ...retryAfter(), location: operationUrl(ctx.baseUrl, operation, true) },
            })
          }
          if (operation.status === 'Succeeded')
            return respond({ status: operation.kind === 'delete' ? 204 : 200 })
          return respond(
            armError(
              400,
              operation.outcome.error?.code ?? 'OperationFailed',
              operation.outcome.error?.message ?? 'Failed.',
            ),
          )
        }
        return respond(
          json(200, operationBody(operation), operation.status === 'InProgress' ? retryAfter() : {}),
        )
      }

      const rgName = decodeURIComponent(match[2] ?? '')
      const galleryName = decodeURIComponent(match[3] ?? '')
      const imageName = match[4] === undefined ? undefined : decodeURIComponent(match[4])
      const versionName = match[5] === undefined ? undefined : decodeURIComponent(match[5])
      const versionsSegment = /\/versions(\/[^/]*)?\/?$/i.test(path) && imageName !== undefined
      const imagesSegment = /\/images(\/[^/]*)?\/?$/i.test(path) && !versionsSegment

      const rg = sub.resourceGroups.get(rgName.toLowerCase())
      if (!rg)
        return respond(
          armError(404, 'ResourceGroupNotFound', `Resource group '${rgName}' could not be found.`),
        )
      const gallery = rg.galleries.get(galleryName.toLowerCase())
      const notFound = (resource: string): EmulatorResponse =>
        armError(
          404,
          'ResourceNotFound',
          `The Resource '${resource}' under resource group '${rg.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        )
      const parentNotFound = (parent: string): EmulatorResponse =>
        armError(
          404,
          'ParentResourceNotFound',
          `Can not perform requested operation on nested resource. Parent resource '${parent}' not found.`,
        )

      // /galleries/{g}
      if (!imagesSegment && !versionsSegment) {
        const denied = authorize(scope, 'Microsoft.Compute/galleries/read', path)
        if (denied) return respond(denied)
        if (req.method !== 'GET') return respond(methodNotAllowed(req))
        if (!gallery) return respond(notFound(`Microsoft.Compute/galleries/${galleryName}`))
        return respond(json(200, renderGallery(sub.id, rg.name, gallery)))
      }

      // /galleries/{g}/images[/{img}]
      if (imagesSegment) {
        const denied = authorize(scope, 'Microsoft.Compute/galleries/images/read', path)
        if (denied) return respond(denied)
        if (req.method !== 'GET') return respond(methodNotAllowed(req))
        if (!gallery) return respond(parentNotFound(galleryName))
        const ref = { subscriptionId: sub.id, resourceGroup: rg.name, gallery: gallery.name }
        if (imageName === undefined) {
          return respond(
            json(200, { value: [...gallery.images.values()].map((image) => renderImage(ref, image)) }),
          )
        }
        const image = gallery.images.get(imageName.toLowerCase())
        if (!image)
          return respond(notFound(`Microsoft.Compute/galleries/${gallery.name}/images/${imageName}`))
        return respond(json(200, renderImage(ref, image)))
      }

      // /galleries/{g}/images/{img}/versions[/{v}]
      const image = gallery?.images.get((imageName ?? '').toLowerCase())
      if (!gallery || !image)
        return respond(parentNotFound(`${gallery?.name ?? galleryName}/${imageName ?? ''}`))
      const baseRef = {
        subscriptionId: sub.id,
        resourceGroup: rg.name,
        gallery: gallery.name,
        image: image.name,
      }
      if (versionName === undefined) {
        const denied = authorize(scope, 'Microsoft.Compute/galleries/images/versions/read', path)
        if (denied) return respond(denied)
        if (req.method !== 'GET') return respond(methodNotAllowed(req))
        // As for a GET of one version: operations finish on their own, whatever is read.
        for (const listed of image.versions.values()) {
          const running = listed.pendingOperationId && state.operations.get(listed.pendingOperationId)
          if (running) maybeTimeout(running)
        }
        return respond(listVersions(req, ctx, image, baseRef, state.settings.pageSize, apiVersion))
      }
      const ref: VersionRef = { ...baseRef, version: versionName }
      const version = image.versions.get(versionName.toLowerCase())
      const resourceName = `Microsoft.Compute/galleries/${gallery.name}/images/${image.name}/versions/${versionName}`
      const action =
        req.method === 'GET'
          ? 'read'
          : req.method === 'DELETE'
            ? 'delete'
            : req.method === 'PATCH' || req.method === 'PUT'
              ? 'write'
              : undefined
      if (!action) return respond(methodNotAllowed(req))
      const denied = authorize(scope, `Microsoft.Compute/galleries/images/versions/${action}`, path)
      if (denied) return respond(denied)
      if (!version) return respond(notFound(resourceName))
      const canonicalRef = { ...ref, version: version.name }

      if (req.method === 'GET') {
        const expand = (req.url.searchParams.get('$expand') ?? '')
          .split(',')
          .some((entry) => entry.trim().toLowerCase() === 'replicationstatus')
        if (version.pendingOperationId) {
          const running = state.operations.get(version.pendingOperationId)
          if (running) maybeTimeout(running)
        }
        return respond(json(200, renderVersion(canonicalRef, version, expand)))
      }

      if (version.pendingOperationId) {
        const pending = state.operations.get(version.pendingOperationId)
        if (pending) maybeTimeout(pending)
      }
      if (
        version.pendingOperationId ||
        ['Updating', 'Deleting', 'Creating'].includes(version.provisioningState)
      ) {
        const verb = req.method === 'DELETE' ? 'Delete' : 'Update'
        return respond(
          armError(
            409,
            'OperationNotAllowed',
            `Operation '${verb}' is not allowed on Gallery Image Version '${version.name}' since another operation is in progress (provisioningState '${version.provisioningState}'). Please retry after the current operation completes.`,
          ),
        )
      }

      if (req.method === 'DELETE') {
        const eol = version.publishingProfile.endOfLifeDate
        if (
          version.safetyProfile.blockDeletionBeforeEndOfLife &&
          eol &&
          new Date(eol).getTime() > Date.now()
        ) {
          return respond(
            armError(
              409,
              'OperationNotAllowed',
              `Gallery Image Version '${version.name}' cannot be deleted before its end-of-life date '${eol}' because safetyProfile.blockDeletionBeforeEndOfLife is true.`,
            ),
          )
        }
        const operation = startOperation('delete', canonicalRef, version, apiVersion)
        return respond({
          status: 202,
          headers: {
            'azure-asyncoperation': operationUrl(ctx.baseUrl, operation),
            location: operationUrl(ctx.baseUrl, operation, true),
            ...retryAfter(),
          },
        })
      }

      if (req.method === 'PUT') {
        return respond(
          armError(
            405,
            'MethodNotAllowed',
            'The emulator does not implement creating gallery image versions (PUT).',
          ),
        )
      }

      // PATCH
      let patch: unknown
      try {
        patch = req.json()
      } catch (error) {
        return respond(
          armError(
            400,
            'InvalidRequestContent',
            `The request content was invalid and could not be deserialized: '${(error as Error).message}'.`,
          ),
        )
      }
      const result = applyPatch(version, patch)
      if ('error' in result) return respond(result.error)
      const operation = startOperation('update', canonicalRef, version, apiVersion, result.next)
      return respond(
        json(200, renderVersion(canonicalRef, { ...result.next, provisioningState: 'Updating' }, false), {
          'azure-asyncoperation': operationUrl(ctx.baseUrl, operation),
          ...retryAfter(),
        }),
      )
    },
  }
  return module
}

function methodNotAllowed(req: EmulatorRequest): EmulatorResponse {
  return armError(
    405,
    'MethodNotAllowed',
    `The requested resource does not support http method '${req.method}' in the emulator.`,
  )
}

function operationBody(operation: OperationState): Record<string, unknown> {
  return {
    startTime: armDate(operation.startTime),
    ...(operation.endTime ? { endTime: armDate(operation.endTime) } : {}),
    status: operation.status,
    ...(operation.status === 'Failed' || operation.status === 'Canceled'
      ? {
          error: operation.outcome.error ?? {
            code: operation.status === 'Failed' ? 'InternalOperationError' : 'OperationCanceled',
            message:
              operation.status === 'Failed'
                ? 'The gallery operation failed.'
                : 'The gallery operation was canceled.',
          },
        }
      : {}),
    name: operation.id,
  }
}

function listVersions(
  req: EmulatorRequest,
  ctx: EmulatorContext,
  image: ImageState,
  ref: Omit<VersionRef, 'version'>,
  pageSize: number,
  apiVersion: string,
): EmulatorResponse {
  const token = req.url.searchParams.get('$skiptoken')
  let offset = 0
  if (token) {
    const decoded = Number(
      Buffer.from(token, 'base64url')
        .toString('utf8')
        .replace(/^offset:/, ''),
    )
    if (!Number.isInteger(decoded) || decoded < 0) {
      return armError(400, 'InvalidSkipToken', `The skip token '${token}' is invalid.`)
    }
    offset = decoded
  }
  const all = [...image.versions.values()]
  const size = Math.max(1, pageSize)
  const page = all.slice(offset, offset + size)
  const body: Record<string, unknown> = {
    value: page.map((version) => renderVersion({ ...ref, version: version.name }, version, false)),
  }
  if (offset + size < all.length) {
    const skip = Buffer.from(`offset:${offset + size}`).toString('base64url')
    body.nextLink = `${ctx.baseUrl}/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/galleries/${ref.gallery}/images/${ref.image}/versions?api-version=${encodeURIComponent(apiVersion)}&$skiptoken=${skip}`
  }
  return json(200, body)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function invalid(message: string, target?: string): { error: EmulatorResponse } {
  return { error: armError(400, 'InvalidParameter', message, {}, target ? { target } : {}) }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/** Validate a PATCH body and compute the version as it will be once the operation succeeds. */
export function applyPatch(
  current: VersionState,
  patch: unknown,
): { next: VersionState } | { error: EmulatorResponse } {
  if (!isRecord(patch)) return invalid('The request body must be a JSON object.')
  const next = structuredClone({
    ...current,
    pendingOperationId: undefined,
    nextOperation: undefined,
  }) as VersionState
  delete next.pendingOperationId
  delete next.nextOperation

  if ('tags' in patch && patch.tags !== undefined) {
    if (patch.tags !== null && !isRecord(patch.tags)) return invalid('tags must be an object.', 'tags')
    next.tags = Object.fromEntries(
      Object.entries(patch.tags ?? {}).map(([key, value]) => [key, String(value)]),
    )
    const refused = tagError(next.tags)
    if (refused) return { error: refused }
  }
  const properties = patch.properties
  if (properties === undefined || properties === null) return { next }
  if (!isRecord(properties)) return invalid('properties must be an object.', 'properties')

  const safety = properties.safetyProfile
  if (isRecord(safety)) {
    if (typeof safety.allowDeletionOfReplicatedLocations === 'boolean') {
      next.safetyProfile.allowDeletionOfReplicatedLocations = safety.allowDeletionOfReplicatedLocations
    }
    if (typeof safety.blockDeletionBeforeEndOfLife === 'boolean') {
      next.safetyProfile.blockDeletionBeforeEndOfLife = safety.blockDeletionBeforeEndOfLife
    }
  }

  const profile = properties.publishingProfile
  if (profile === undefined || profile === null) return { next }
  if (!isRecord(profile))
    return invalid('publishingProfile must be an object.', 'properties.publishingProfile')
  const target = 'galleryImageVersion.properties.publishingProfile'

  if ('excludeFromLatest' in profile && profile.excludeFromLatest !== undefined) {
    if (typeof profile.excludeFromLatest !== 'boolean') {
      return invalid('excludeFromLatest must be a boolean.', `${target}.excludeFromLatest`)
    }
    next.publishingProfile.excludeFromLatest = profile.excludeFromLatest
  }
  if ('endOfLifeDate' in profile && profile.endOfLifeDate !== undefined) {
    if (profile.endOfLifeDate === null) {
      delete next.publishingProfile.endOfLifeDate
    } else {
      const date = new Date(String(profile.endOfLifeDate))
      if (Number.isNaN(date.getTime())) {
        return invalid(
          `The value '${String(profile.endOfLifeDate)}' of endOfLifeDate is not a valid date.`,
          `${target}.endOfLifeDate`,
        )
      }
      next.publishingProfile.endOfLifeDate = armDate(date)
    }
  }
  if ('replicaCount' in profile && profile.replicaCount !== undefined) {
    const count = profile.replicaCount
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100) {
      return invalid('replicaCount must be an integer between 1 and 100.', `${target}.replicaCount`)
    }
    next.publishingProfile.replicaCount = count
  }
  if ('storageAccountType' in profile && profile.storageAccountType !== undefined) {
    if (profile.storageAccountType !== current.publishingProfile.storageAccountType) {
      return {
        error: armError(
          409,
          'PropertyChangeNotAllowed',
          `Changing property '${target}.storageAccountType' is not allowed.`,
          {},
          { target: `${target}.storageAccountType` },
        ),
      }
    }
  }

  if ('targetRegions' in profile && profile.targetRegions !== undefined) {
    if (!Array.isArray(profile.targetRegions))
      return invalid('targetRegions must be a list.', `${target}.targetRegions`)
    const seen = new Set<string>()
    const regions: TargetRegionState[] = []
    for (const entry of profile.targetRegions as unknown[]) {
      if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name.trim() === '') {
        return invalid('Each target region needs a name.', `${target}.targetRegions`)
      }
      if (!isKnownRegion(entry.name)) {
        return {
          error: armError(
            400,
            'LocationNotAvailableForResourceType',
            `The provided location '${entry.name}' is not available for resource type '${VERSION_TYPE}'. List of available regions for the resource type is '${knownRegions.join(',')}'.`,
          ),
        }
      }
      const key = regionKey(entry.name)
      if (seen.has(key))
        return invalid(
          `The region '${entry.name}' is listed more than once in targetRegions.`,
          `${target}.targetRegions`,
        )
      seen.add(key)
      const existing = current.publishingProfile.targetRegions.find(
        (region) => regionKey(region.name) === key,
      )
      const replicas = entry.regionalReplicaCount ?? next.publishingProfile.replicaCount
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1 || replicas > 100) {
        return invalid(
          'regionalReplicaCount must be an integer between 1 and 100.',
          `${target}.targetRegions.regionalReplicaCount`,
        )
      }
      const storage =
        typeof entry.storageAccountType === 'string'
          ? entry.storageAccountType
          : next.publishingProfile.storageAccountType
      if (existing && existing.storageAccountType !== storage) {
        return {
          error: armError(
            409,
            'PropertyChangeNotAllowed',
            `Changing property '${target}.targetRegions.storageAccountType' is not allowed (region '${existing.name}': '${existing.storageAccountType}' → '${storage}').`,
            {},
            { target: `${target}.targetRegions.storageAccountType` },
          ),
        }
      }
      const encryption = isRecord(entry.encryption) ? entry.encryption : undefined
      if (existing && !sameJson(existing.encryption, encryption)) {
        return {
          error: armError(
            409,
            'PropertyChangeNotAllowed',
            `Changing property '${target}.targetRegions.encryption' is not allowed (region '${existing.name}').`,
            {},
            { target: `${target}.targetRegions.encryption` },
          ),
        }
      }
      if (entry.excludeFromLatest !== undefined && typeof entry.excludeFromLatest !== 'boolean') {
        return invalid('excludeFromLatest must be a boolean.', `${target}.targetRegions.excludeFromLatest`)
      }
      regions.push({
        name: display(entry.name),
        regionalReplicaCount: replicas,
        storageAccountType: storage,
        // Sent: set. Not sent: absent, as ARM stores it (the global flag then applies in that region).
        ...(typeof entry.excludeFromLatest === 'boolean'
          ? { excludeFromLatest: entry.excludeFromLatest }
          : {}),
        ...(encryption ? { encryption } : {}),
      })
    }
    if (!seen.has(regionKey(current.location))) {
      return invalid(
        `Gallery image version publishing profile regions '${regions.map((region) => regionKey(region.name)).join(',')}' must contain the location of image version '${regionKey(current.location)}'.`,
        `${target}.targetRegions`,
      )
    }
    const removed = current.publishingProfile.targetRegions.filter(
      (region) => !seen.has(regionKey(region.name)),
    )
    if (removed.length > 0 && !next.safetyProfile.allowDeletionOfReplicatedLocations) {
      return {
        error: armError(
          409,
          'OperationNotAllowed',
          `Removing replicated regions (${removed.map((region) => `'${region.name}'`).join(', ')}) from Gallery Image Version '${current.name}' is not allowed because safetyProfile.allowDeletionOfReplicatedLocations is false.`,
        ),
      }
    }
    next.publishingProfile.targetRegions = regions
  }
  return { next }
}
