// What one run is asked to do, read and checked from the action inputs by action/settings.ts. The run layer
// defines it so that it never imports the GitHub edge.
import type { AuthMode } from '../azure/credential.js'
import type { Operation, VersionSpec } from '../core/model.js'
import type { SeverityThreshold } from '../core/policy.js'
import type { GallerySettings } from '../gallery/settings.js'
import type { RegistrySettings } from '../registry/settings.js'

export interface Settings {
  target: GallerySettings | RegistrySettings
  version: VersionSpec
  ring: string
  operation: Operation
  dryRun: boolean
  config: string
  configIsDefault: boolean
  clientId: string
  tenantId: string
  /** How to sign in to Azure: `auto` (OIDC, Azure CLI, environment) or `managed-identity`. */
  auth: AuthMode
  /** The Azure cloud, from azure-environment (or its deprecated alias environment). */
  environment: string
  /** The input the cloud was read from, so that an error names the one the user set. */
  environmentInput: string
  authorityHost: string
  armEndpoint: string
  scanReports: string[]
  failOnSeverity?: SeverityThreshold
  allowVulnerabilities: string[]
  /**
   * Registry only: gate on Microsoft Defender for Cloud's vulnerability assessment of the promoted digest
   * (Resource Graph). `subscriptionId` scopes the query; without it the query runs at tenant scope.
   */
  defenderForCloud?: { subscriptionId?: string }
  commentOnPr: boolean
  githubToken: string
  /** Bound on the whole run, retries and long-running operations included. */
  timeoutMs: number
  /** Deprecated inputs the step used, one warning each (main.ts logs them). */
  deprecations: string[]
}
