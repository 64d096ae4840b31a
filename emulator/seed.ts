// The emulator's seed: plain JSON describing identities, the Actions OIDC endpoint and the Compute
// Gallery contents. Documented in emulator/README.md. `github`, `acr` and `resourceGraph` belong to their route modules.
import { readFile } from 'node:fs/promises'

import type { AcrSeed } from './routes/acr.js'
import type { GitHubSeed } from './routes/github.js'
import type { ResourceGraphSeed } from './routes/resource-graph.js'

export interface EmulatorSeed {
  identities?: IdentitySeed[]
  githubOidc?: GithubOidcSeed
  subscriptions?: SubscriptionSeed[]
  gallery?: GallerySettings
  /** Owned by emulator/routes/github.ts. */
  github?: GitHubSeed
  /** Owned by emulator/routes/acr.ts. */
  acr?: AcrSeed
  /** Owned by emulator/routes/resource-graph.ts. */
  resourceGraph?: ResourceGraphSeed
}

export interface IdentitySeed {
  tenantId: string
  clientId: string
  /** Service principal object id (default: derived from clientId). */
  objectId?: string
  displayName?: string
  /** Federated credentials; default `[{}]` = any issuer/subject, audience `api://AzureADTokenExchange`. `[]` = none. */
  federatedCredentials?: FederatedCredentialSeed[]
  /** Enables `client_secret` on the token endpoint (EnvironmentCredential / ClientSecretCredential path). */
  clientSecret?: string
  /**
   * A managed identity of the emulated machine, served by the IMDS route (routes/imds.ts): `system-assigned` answers a
   * request without a selector, `user-assigned` one that names its client_id or object_id.
   */
  managedIdentity?: 'system-assigned' | 'user-assigned'
  /** ARM actions refused with 403 AuthorizationFailed, e.g. `Microsoft.Compute/galleries/images/versions/write`. */
  deniedActions?: string[]
}

export interface FederatedCredentialSeed {
  name?: string
  /** Must equal the assertion's `iss` when set. */
  issuer?: string
  /** Must equal the assertion's `sub` when set. */
  subject?: string
  /** Accepted assertion audiences (default `['api://AzureADTokenExchange']`). */
  audiences?: string[]
}

export interface GithubOidcSeed {
  /** Value of ACTIONS_ID_TOKEN_REQUEST_TOKEN (default: random per start). */
  requestToken?: string
  /** `iss` of the ID tokens (default `https://token.actions.githubusercontent.com`). */
  issuer?: string
  /** Extra/overriding claims (sub, repository, ref, environment, …). */
  claims?: Record<string, unknown>
  /** ID token lifetime (default 300 s). */
  ttlSeconds?: number
}

export interface SubscriptionSeed {
  id: string
  /** Tenant that owns the subscription; tokens from other tenants get 401. Default: not checked. */
  tenantId?: string
  displayName?: string
  resourceGroups?: ResourceGroupSeed[]
}

export interface ResourceGroupSeed {
  name: string
  location?: string
  galleries?: GallerySeed[]
}

export interface GallerySeed {
  name: string
  location?: string
  description?: string
  tags?: Record<string, string>
  images?: ImageSeed[]
}

export interface ImageSeed {
  name: string
  location?: string
  osType?: 'Linux' | 'Windows'
  osState?: 'Generalized' | 'Specialized'
  hyperVGeneration?: 'V1' | 'V2'
  architecture?: 'x64' | 'Arm64'
  identifier?: { publisher: string; offer: string; sku: string }
  description?: string
  tags?: Record<string, string>
  versions?: VersionSeed[]
}

export type ReplicationState = 'Unknown' | 'Replicating' | 'Completed' | 'Failed'
export type ProvisioningState = 'Creating' | 'Updating' | 'Failed' | 'Succeeded' | 'Deleting' | 'Migrating'

export interface VersionSeed {
  name: string
  /** Source region (default: the image's location). */
  location?: string
  regions?: RegionSeed[]
  /** Global `publishingProfile.excludeFromLatest` (default false). */
  excludeFromLatest?: boolean
  provisioningState?: ProvisioningState
  publishedDate?: string
  endOfLifeDate?: string
  tags?: Record<string, string>
  /** Default storage type (default `Standard_LRS`). */
  storageAccountType?: string
  /** Default `publishingProfile.replicaCount` (default 1). */
  replicaCount?: number
  policyViolations?: { category: string; details?: string }[]
  allowDeletionOfReplicatedLocations?: boolean
  blockDeletionBeforeEndOfLife?: boolean
  storageProfile?: Record<string, unknown>
  /** Outcome of the next long-running operation on this version (default Succeeded). */
  nextOperation?: OperationOutcome
}

export interface RegionSeed {
  /** `eastus` or `East US`. */
  name: string
  /** regionalReplicaCount (default: the version's replicaCount). */
  replicas?: number
  /** Replication state (default Completed). */
  state?: ReplicationState
  progress?: number
  details?: string
  storageAccountType?: string
  excludeFromLatest?: boolean
  encryption?: Record<string, unknown>
}

export interface OperationOutcome {
  status: 'Succeeded' | 'Failed' | 'Canceled'
  error?: { code: string; message: string }
  /** InProgress polls before the outcome (default: the gallery setting). */
  polls?: number
}

export interface GallerySettings {
  /** Items per page of `versions` lists (default 25). */
  pageSize?: number
  /** Polls answering InProgress before an operation finishes (default 1). */
  pollsBeforeDone?: number
  /**
   * `Retry-After` seconds on LRO responses. Default: none, as in the 2026 recordings (2022 sent 60). 0 also sends
   * none: Azure never advises 0.
   */
  retryAfterSeconds?: number
  /** Also finish operations this long after they start even if nobody polls (default: only by polls). */
  completeAfterMs?: number
  /**
   * Time-true profile: operations run for the recorded durations (update 150 s, delete 90 s, create 480 s) times
   * this factor, and Retry-After is the recorded 60 s times it (left out under 1 s). E.g. `1 / 600`: update 250 ms.
   * Default: unset, operations end by poll count (`pollsBeforeDone`), which keeps the tests fast.
   */
  timeScale?: number
  /** Explicit durations per kind (ms), winning over `timeScale`; an operation with a duration ignores polls. */
  lroDurationsMs?: Partial<Record<'create' | 'update' | 'delete', number>>
  /** Accepted token audiences (default: the emulator URL, with or without trailing slash). */
  audiences?: string[]
  /** Enforce the ARM per-subscription token buckets with 429 + Retry-After (default false: only headers). */
  throttle?: boolean
}

export async function loadSeed(file: string): Promise<EmulatorSeed> {
  const text = await readFile(file, 'utf8')
  try {
    return JSON.parse(text) as EmulatorSeed
  } catch (error) {
    throw new Error(`Invalid seed JSON in ${file}: ${(error as Error).message}`)
  }
}

/**
 * The one-image shape the tests and the benchmark share: subscription → resource group `rg-images` (East US) →
 * gallery `gallery1` → image definition `ubuntu-2404`, holding `versions`.
 */
export function singleImageSubscriptions(
  subscriptionId: string,
  tenantId: string,
  versions: VersionSeed[],
): SubscriptionSeed[] {
  return [
    {
      id: subscriptionId,
      tenantId,
      resourceGroups: [
        {
          name: 'rg-images',
          location: 'eastus',
          galleries: [{ name: 'gallery1', location: 'eastus', images: [{ name: 'ubuntu-2404', versions }] }],
        },
      ],
    },
  ]
}
