// One place for the public names of inputs and outputs (action.yml is checked against these in tests).
import { CLOUD_INPUTS } from '../azure/clouds.js'

export const Input = {
  SubscriptionId: 'subscription-id',
  ResourceGroup: 'resource-group',
  Gallery: 'gallery',
  ImageDefinition: 'image-definition',
  Registry: 'registry',
  Repository: 'repository',
  TargetRegistry: 'target-registry',
  Version: 'version',
  Ring: 'ring',
  Operation: 'operation',
  DryRun: 'dry-run',
  Config: 'config',
  ClientId: 'client-id',
  TenantId: 'tenant-id',
  /** `auto` (default) or `managed-identity` (self-hosted runners and agents on Azure VMs). */
  Auth: 'auth',
  AzureEnvironment: CLOUD_INPUTS.environment,
  /** Deprecated alias of azure-environment (it read as the GitHub deployment environment). */
  Environment: 'environment',
  AuthorityHost: CLOUD_INPUTS.authorityHost,
  ArmEndpoint: CLOUD_INPUTS.armEndpoint,
  ScanReports: 'scan-reports',
  FailOnSeverity: 'fail-on-severity',
  AllowVulnerabilities: 'allow-vulnerabilities',
  DefenderForCloud: 'defender-for-cloud',
  Timeout: 'timeout',
  CommentOnPr: 'comment-on-pr',
  GithubToken: 'github-token',
} as const

export const Output = {
  Promoted: 'promoted',
  Version: 'version',
  Ring: 'ring',
  ImageId: 'image-id',
  PreviousVersion: 'previous-version',
  Regions: 'regions',
  Digest: 'digest',
  ImageRef: 'image-ref',
  Tags: 'tags',
  Result: 'result',
  Retired: 'retired',
} as const

export type InputName = (typeof Input)[keyof typeof Input]
export type OutputName = (typeof Output)[keyof typeof Output]
