// Builds the gallery target. Loaded with import() by targets.ts, so runs that stop earlier (bad input) or
// promote a registry image never compile the ARM client.
import { ComputeManagementClient } from '@azure/arm-compute'
import type { TokenCredential } from '@azure/core-auth'
import { createDefaultHttpClient, type PipelineRetryOptions } from '@azure/core-rest-pipeline'
import type { Deadline } from '../azure/deadline.js'
import { GalleryTarget, type GalleryRequest } from './target.js'

export interface GalleryTargetSetup {
  credential: TokenCredential
  subscriptionId: string
  armEndpoint: string
  userAgent: string
  retryOptions: PipelineRetryOptions
  deadline: Deadline
  log?: (message: string) => void
}

export function createGalleryTarget(setup: GalleryTargetSetup, request: GalleryRequest): GalleryTarget {
  // One HTTP client for the SDK's reads and the action's own PATCH and polls: one connection to ARM.
  const httpClient = createDefaultHttpClient()
  const client = new ComputeManagementClient(setup.credential, setup.subscriptionId, {
    endpoint: setup.armEndpoint,
    // The client's default scope is the public cloud's; sovereign clouds and the emulator need their own.
    credentials: { scopes: [`${setup.armEndpoint}/.default`] },
    userAgentOptions: { userAgentPrefix: setup.userAgent },
    retryOptions: setup.retryOptions,
    httpClient,
  })
  return new GalleryTarget(client, request, {
    arm: { pipeline: client.pipeline, httpClient, endpoint: setup.armEndpoint },
    deadline: setup.deadline,
    ...(setup.log ? { log: setup.log } : {}),
  })
}
