// Builds the gallery retire target. Loaded with import() by targets.ts only for `operation: retire`, so a
// promotion never compiles the Resource Graph client.
import { ComputeManagementClient } from '@azure/arm-compute'
import { ResourceGraphClient } from '@azure/arm-resourcegraph'
import { createDefaultHttpClient, type PipelineRetryOptions } from '@azure/core-rest-pipeline'
import type { TokenCredential } from '@azure/identity'
import type { Deadline } from '../azure/deadline.js'
import { UsageError } from '../core/errors.js'
import { requireRetention } from '../retention/rules.js'
import type { GallerySettings } from './settings.js'
import type { Policy } from '../core/policy.js'
import { GalleryRetireTarget } from './retire.js'
import { ResourceGraphUsage, type UsageLookup } from './usage.js'

export interface GalleryRetireSetup {
  target: GallerySettings
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
}

/** The retire target of one image definition; checks the policy's retention and the credential first. */
export function createGalleryRetireTarget(options: GalleryRetireSetup): GalleryRetireTarget {
  const { target, credential, armEndpoint, deadline } = options
  requireRetention(options.policy)
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
  })
}
