// One descriptor per target kind: how it names itself, and how it builds its promote/rollback and retire
// targets. Everything else (the run, the reports, the outputs) asks the descriptor instead of switching on the
// kind. Each target's SDK is loaded with import() once a run needs it, so a run compiles only the path it takes.
// A new target kind = a new folder under src/ + one entry here + its inputs in action.yml + an emulator route.
import type { TokenCredential } from '@azure/identity'
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline'
import type { Deadline } from './azure/deadline.js'
import { UsageError } from './core/errors.js'
import type { Operation, VersionSpec } from './core/model.js'
import type { Target } from './core/target.js'
import type { GallerySettings } from './gallery/settings.js'
import type { Policy, RingPolicy } from './core/policy.js'
import type { RegistrySettings } from './registry/settings.js'

export type TargetSettings = GallerySettings | RegistrySettings

/** What building a target needs, read and checked before any network call. */
export interface TargetRequest<S extends TargetSettings> {
  settings: S
  operation: Operation
  version: VersionSpec
  ring: RingPolicy
  policy: Policy
  armEndpoint: string
  credential: TokenCredential | undefined
  deadline: Deadline
  /** The user agent prefix and retry policy of every request. */
  userAgent: string
  retryOptions: PipelineRetryOptions
  log?: (message: string) => void
  /** Gallery: how long to wait for the version's replication before the gates decide (0 = no wait). */
  waitForReplicationMs?: number
}

export interface TargetKind<S extends TargetSettings> {
  /** `gallery/definition` or `registry/repository`, as reports and log groups show the target. */
  display(settings: S): string
  /** The stable key of the target (the PR comment marker) when the run has no plan that names it. */
  key(settings: S): string
  /** The target of `promote` and `rollback`. */
  create(request: TargetRequest<S>): Promise<Target<unknown>>
  /** The target of `retire`; checks the policy's retention before anything else. */
  createRetire(request: TargetRequest<S>): Promise<Target<unknown>>
  /**
   * How a workspace scan report is tied to what is promoted: by the image `digest` it names (registry), or by
   * naming the `version` (gallery versions have no digest; see scans/binding.ts).
   */
  scanSubject: 'digest' | 'version'
}

const gallery: TargetKind<GallerySettings> = {
  scanSubject: 'version',
  display: (s) => `${s.gallery}/${s.imageDefinition}`,
  key: (s) =>
    `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Compute/galleries/${s.gallery}/images/${s.imageDefinition}`.toLowerCase(),
  async create({
    settings,
    credential,
    armEndpoint,
    deadline,
    version,
    ring,
    operation,
    userAgent,
    retryOptions,
    log,
    waitForReplicationMs,
  }) {
    if (!credential) throw new UsageError('A gallery promotion needs an Azure credential.')
    // Everything is checked: ask for the ARM token the first read needs now, so its round trips (GitHub OIDC,
    // Entra) overlap compiling the ARM client. The client's own request for it joins this one (credential.ts).
    void credential.getToken(`${armEndpoint}/.default`, { enableCae: true }).catch(() => undefined)
    const { createGalleryTarget } = await import('./gallery/index.js')
    return createGalleryTarget(
      {
        credential,
        subscriptionId: settings.subscriptionId,
        armEndpoint,
        userAgent,
        retryOptions,
        deadline,
        ...(log ? { log } : {}),
      },
      { settings, version, ring, operation, waitForReplicationMs: waitForReplicationMs ?? 0 },
    )
  },
  async createRetire({ settings, policy, credential, armEndpoint, deadline, userAgent, retryOptions }) {
    const { createGalleryRetireTarget } = await import('./gallery/create-retire.js')
    return createGalleryRetireTarget({
      target: settings,
      policy,
      credential,
      armEndpoint,
      userAgent,
      retryOptions,
      deadline,
    })
  },
}

const registry: TargetKind<RegistrySettings> = {
  scanSubject: 'digest',
  display: (s) => `${s.targetRegistry || s.registry}/${s.repository}`,
  key: (s) => `registry:${s.targetRegistry || s.registry}/${s.repository}`,
  async create({
    settings,
    credential,
    deadline,
    version,
    ring,
    policy,
    operation,
    log,
    userAgent,
    retryOptions,
  }) {
    const { createRegistryTarget } = await import('./registry/index.js')
    return createRegistryTarget({
      registry: settings.registry,
      repository: settings.repository,
      source: registrySource(version, ring, policy),
      ...(version.kind === 'ring' ? { fromRing: version.value } : {}),
      targetRegistry: settings.targetRegistry || undefined,
      credential,
      rings: policy.rings,
      ring: ring.name,
      operation,
      ...(log ? { log } : {}),
      deadline,
      clientOptions: { retryOptions, userAgentOptions: { userAgentPrefix: userAgent } },
    })
  },
  async createRetire({ settings, policy, credential, deadline, log, userAgent, retryOptions }) {
    const { createRegistryRetireTarget } = await import('./registry/create-retire.js')
    return createRegistryRetireTarget({
      target: settings,
      policy,
      credential,
      userAgent,
      retryOptions,
      deadline,
      ...(log ? { log } : {}),
    })
  },
}

/**
 * The registry reference observe resolves: the `version` input; for `from-ring`, that ring's first tag (what
 * deployments of the ring pull); for a rollback without a version, the ring's own first tag.
 */
function registrySource(version: VersionSpec, ring: RingPolicy, policy: Policy): string {
  if (version.kind === 'reference') return version.value
  if (version.kind !== 'ring') return ring.tags[0] ?? ring.name
  const from = policy.rings.find((r) => r.name === version.value)
  if (!from)
    throw new UsageError(`Input 'from-ring' names ring '${version.value}', which the policy does not define.`)
  return from.tags[0] ?? from.name
}

const KINDS: { [K in TargetSettings['kind']]: TargetKind<Extract<TargetSettings, { kind: K }>> } = {
  gallery,
  registry,
}

/** The descriptor of the settings' kind (the one place the kind is looked up). */
function kindOf<S extends TargetSettings>(settings: S): TargetKind<S> {
  return KINDS[settings.kind] as unknown as TargetKind<S>
}

export function targetDisplay(settings: TargetSettings): string {
  return kindOf(settings).display(settings)
}

export function targetKey(settings: TargetSettings): string {
  return kindOf(settings).key(settings)
}

export function scanSubjectOf(settings: TargetSettings): 'digest' | 'version' {
  return kindOf(settings).scanSubject
}

/** The target the operation runs against. */
export function createTarget<S extends TargetSettings>(request: TargetRequest<S>): Promise<Target<unknown>> {
  const kind = kindOf(request.settings)
  return request.operation === 'retire' ? kind.createRetire(request) : kind.create(request)
}
