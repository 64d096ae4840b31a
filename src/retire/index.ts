// Entry points used by promotion.ts (build the retire target) and main.ts (the `retired` output).
import { ComputeManagementClient } from '@azure/arm-compute'
import { ResourceGraphClient } from '@azure/arm-resourcegraph'
import type { ContainerRegistryContentClientOptions } from '@azure/container-registry'
import { createDefaultHttpClient, type PipelineRetryOptions } from '@azure/core-rest-pipeline'
import type { TokenCredential } from '@azure/identity'
import type { Deadline } from '../azure/deadline.js'
import { UsageError } from '../core/errors.js'
import type { RunResult } from '../core/model.js'
import type { Target } from '../core/target.js'
import type { GallerySettings, RegistrySettings } from '../inputs/settings.js'
import { DEFAULT_POLICY_SOURCE } from '../policy/defaults.js'
import type { Policy } from '../policy/types.js'
import { RegistryRetireTarget } from './registry-target.js'
import { GalleryRetireTarget } from './target.js'
import { ResourceGraphUsage, type UsageLookup } from './usage.js'

export { GalleryRetireTarget } from './target.js'
export { RegistryRetireTarget } from './registry-target.js'
export { planRegistryRetire, type RegistryRetireState, type RegistryRetireWrite } from './registry-plan.js'
export {
  planRetire,
  protectedVersions,
  deletionCandidates,
  type RetireState,
  type RetireWrite,
} from './plan.js'
export { ResourceGraphUsage, usageQuery, type UsageLookup, type VmUser } from './usage.js'

export interface RetireTargetOptions {
  target: GallerySettings | RegistrySettings
  policy: Policy
  credential: TokenCredential | undefined
  armEndpoint: string
  userAgent?: string
  /** Tests: replace the Resource Graph lookup. */
  usage?: UsageLookup
  updateIntervalInMs?: number
  /** The run's deadline: every request, retry wait and long-running-operation poll ends when it passes. */
  deadline?: Deadline
  retryOptions?: PipelineRetryOptions
  /** Registry: SDK client options (TLS for tests); retry and user agent are added from the fields above. */
  clientOptions?: ContainerRegistryContentClientOptions
  log?: (message: string) => void
}

/** Checks what retirement needs before any network call, then builds the target. */
export function createRetireTarget(options: RetireTargetOptions): Target<unknown> {
  const { target, policy } = options
  if (!policy.retention) {
    const where =
      policy.source === DEFAULT_POLICY_SOURCE
        ? 'no policy file was found, and the built-in defaults have no retention'
        : `the policy file ${policy.source} has no 'retention:' section`
    throw new UsageError(
      `Operation 'retire' needs a 'retention:' section in the policy file (config input), but ${where}. ` +
        'Add for example: retention: { keep: 5, end-of-life: 30d, delete-after-eol: false }.',
    )
  }
  return target.kind === 'registry' ? registryTarget(options, target) : galleryTarget(options, target)
}

function galleryTarget(options: RetireTargetOptions, target: GallerySettings): Target<unknown> {
  const { credential, armEndpoint, deadline } = options
  if (!credential) throw new UsageError('Retiring gallery image versions needs an Azure credential.')
  const common = {
    endpoint: armEndpoint,
    // The clients' default scope is the public cloud's; sovereign clouds and the emulator need their own.
    credentials: { scopes: [`${armEndpoint}/.default`] },
    ...(options.userAgent ? { userAgentOptions: { userAgentPrefix: options.userAgent } } : {}),
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
  }
  // One HTTP client for the SDK's reads and the action's own PATCH, DELETE and polls: one connection to ARM.
  const httpClient = createDefaultHttpClient()
  const compute = new ComputeManagementClient(credential, target.subscriptionId, { ...common, httpClient })
  const usage =
    options.usage ?? new ResourceGraphUsage(new ResourceGraphClient(credential, common), deadline?.signal)
  return new GalleryRetireTarget(compute, {
    settings: target,
    policy: options.policy,
    usage,
    arm: { pipeline: compute.pipeline, httpClient, endpoint: armEndpoint },
    updateIntervalInMs: options.updateIntervalInMs,
    ...(deadline ? { deadline } : {}),
  }) as Target<unknown>
}

/** A registry may be anonymous (no credential): registries that never challenge are called without one. */
function registryTarget(options: RetireTargetOptions, target: RegistrySettings): Target<unknown> {
  if (target.targetRegistry) {
    throw new UsageError(
      `Input 'target-registry' is set (${JSON.stringify(target.targetRegistry)}), but operation 'retire' applies ` +
        "retention to one repository: set 'registry' to the registry to clean up and leave target-registry empty.",
    )
  }
  return new RegistryRetireTarget({
    registry: target.registry,
    repository: target.repository,
    policy: options.policy,
    ...(options.credential ? { credential: options.credential } : {}),
    clientOptions: {
      ...options.clientOptions,
      ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
      ...(options.userAgent ? { userAgentOptions: { userAgentPrefix: options.userAgent } } : {}),
    },
    ...(options.deadline ? { deadline: options.deadline } : {}),
    ...(options.log ? { log: options.log } : {}),
  }) as Target<unknown>
}

export interface RetiredEntry {
  /** Version name or digest. */
  subject: string
  action: 'end-of-life' | 'delete'
  /** `planned` (dry run or blocked), `applied`, `failed`, `not-attempted`, `unchanged` (already so). */
  status: 'planned' | 'applied' | 'failed' | 'not-attempted' | 'unchanged'
  endOfLife?: string
  reasons: string[]
  /** ARM ids of the scale sets and virtual machines using it (kept because in use). */
  usedBy?: string[]
  /** Registry: the tags on the digest. */
  tags?: string[]
  error?: string
}

/** The `retired` output: every version leaving retention, with the action and what happened to it. */
export function retiredEntries(result: RunResult | undefined): RetiredEntry[] {
  const decisions = result?.plan?.retirement ?? []
  const outcomes = new Map((result?.outcomes ?? []).map((o) => [o.change.id, o]))
  return decisions.flatMap((d): RetiredEntry[] => {
    if (d.action === 'keep') return []
    const outcome = d.changeId ? outcomes.get(d.changeId) : undefined
    let status: RetiredEntry['status'] = 'unchanged'
    if (d.changeId) {
      if (!outcome || outcome.status === 'not-attempted') {
        status = result?.verdict === 'planned' || result?.verdict === 'blocked' ? 'planned' : 'not-attempted'
      } else status = outcome.status
    }
    return [
      {
        subject: d.subject,
        action: d.action,
        status,
        ...(d.endOfLife ? { endOfLife: d.endOfLife } : {}),
        reasons: d.reasons,
        ...(d.usedBy?.length ? { usedBy: d.usedBy } : {}),
        ...(d.tags ? { tags: d.tags } : {}),
        ...(outcome?.error ? { error: outcome.error } : {}),
      },
    ]
  })
}
