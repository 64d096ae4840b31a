// Builds the registry retire target. Loaded with import() by targets.ts only for `operation: retire`.
import type { ContainerRegistryContentClientOptions } from '@azure/container-registry'
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline'
import type { TokenCredential } from '@azure/identity'
import type { Deadline } from '../azure/deadline.js'
import { UsageError } from '../core/errors.js'
import { requireRetention } from '../retention/rules.js'
import type { RegistrySettings } from './settings.js'
import type { Policy } from '../core/policy.js'
import { RegistryRetireTarget } from './retire.js'

export interface RegistryRetireSetup {
  target: RegistrySettings
  policy: Policy
  credential: TokenCredential | undefined
  userAgent?: string
  /** The run's deadline: every request, retry wait and long-running-operation poll ends when it passes. */
  deadline?: Deadline
  retryOptions?: PipelineRetryOptions
  /** Registry: SDK client options (TLS for tests); retry and user agent are added from the fields above. */
  clientOptions?: ContainerRegistryContentClientOptions
  log?: (message: string) => void
}

/** A registry may be anonymous (no credential): registries that never challenge are called without one. */
export function createRegistryRetireTarget(options: RegistryRetireSetup): RegistryRetireTarget {
  const { target } = options
  requireRetention(options.policy)
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
  })
}
