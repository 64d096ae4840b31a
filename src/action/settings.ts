import semver from 'semver'
import type { AuthMode } from '../azure/credential.js'
import { inputError, UsageError } from '../core/errors.js'
import type { Operation, VersionSpec } from '../core/model.js'
import { SEVERITY_THRESHOLDS, type SeverityThreshold } from '../core/policy.js'
import { DEFAULT_POLICY_PATH, RING_NAME } from '../policy/rules.js'
import { parseReference, parseRegistry, parseRepository } from '../registry/reference.js'
import type { GallerySettings } from '../gallery/settings.js'
import type { RegistrySettings } from '../registry/settings.js'
import type { Settings } from '../run/settings.js'
import { Input } from './names.js'

/** Reads one input, already trimmed; '' when unset (direct `node dist/index.js` runs see no action.yml defaults). */
export type InputReader = (name: string) => string

const GALLERY_INPUTS = [Input.SubscriptionId, Input.ResourceGroup, Input.Gallery, Input.ImageDefinition]
const REGISTRY_INPUTS = [Input.Registry, Input.Repository]
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const TENANT_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}(\.[a-z0-9][a-z0-9-]{0,62})+$/i
const MAX_VERSION_PART = 2_147_483_647

/** Validate every input before any network call; each error names the input, the value and what is expected. */
export function readSettings(get: InputReader): Settings {
  for (const name of Object.values(Input)) {
    const value = get(name)
    // Control characters in an input are never legitimate and would corrupt logs and Markdown.
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
      throw inputError(name, value, 'contains control characters')
    }
  }
  const operation = readOperation(get(Input.Operation))
  const defender = readBoolean(Input.DefenderForCloud, get(Input.DefenderForCloud), false)
  const target = readTarget(get, defender)
  const config = get(Input.Config)
  return {
    target,
    version: readVersion(get(Input.Version), target.kind, operation),
    // Retirement covers every ring of the policy: a ring input is optional (checked against the policy if set).
    ring: operation === 'retire' && !get(Input.Ring) ? '' : readRing(get(Input.Ring)),
    operation,
    dryRun: readBoolean(Input.DryRun, get(Input.DryRun), false),
    config: config || DEFAULT_POLICY_PATH,
    // action.yml's default is this same path: a missing file there means the built-in rings.
    configIsDefault: !config || config === DEFAULT_POLICY_PATH,
    clientId: readClientId(get(Input.ClientId)),
    tenantId: readTenantId(get(Input.TenantId)),
    auth: readAuth(get(Input.Auth), get(Input.TenantId)),
    ...readEnvironment(get),
    authorityHost: get(Input.AuthorityHost),
    armEndpoint: get(Input.ArmEndpoint),
    scanReports: splitList(get(Input.ScanReports)),
    failOnSeverity: readSeverity(get(Input.FailOnSeverity)),
    allowVulnerabilities: splitLines(get(Input.AllowVulnerabilities)),
    ...readDefender(get, defender, target.kind),
    commentOnPr: readBoolean(Input.CommentOnPr, get(Input.CommentOnPr), true),
    githubToken: get(Input.GithubToken),
    timeoutMs: readTimeout(get(Input.Timeout)),
  }
}

function readTarget(get: InputReader, defender: boolean): GallerySettings | RegistrySettings {
  const registrySet = REGISTRY_INPUTS.filter((name) => get(name))
  // With a registry target, subscription-id may scope the Defender for Cloud query instead.
  const gallerySet = GALLERY_INPUTS.filter(
    (name) => get(name) && !(defender && registrySet.length > 0 && name === Input.SubscriptionId),
  )
  if (gallerySet.length > 0 && registrySet.length > 0) {
    throw new UsageError(
      `Inputs ${list(gallerySet)} (a gallery image definition) and ${list(registrySet)} (a registry repository) ` +
        'were both set; one step promotes one target: set either subscription-id, resource-group, gallery and ' +
        'image-definition, or registry and repository.',
    )
  }
  if (registrySet.length > 0) return readRegistryTarget(get)
  if (gallerySet.length === 0) {
    throw new UsageError(
      'No target given: set subscription-id, resource-group, gallery and image-definition for a Compute Gallery ' +
        'image, or registry and repository for a container image.',
    )
  }
  const missing = GALLERY_INPUTS.filter((name) => !get(name))
  if (missing.length > 0) {
    throw new UsageError(
      `Input ${list(missing)} is required with ${list(gallerySet)}: a gallery target needs all four.`,
    )
  }
  return {
    kind: 'gallery',
    subscriptionId: match(
      Input.SubscriptionId,
      get(Input.SubscriptionId),
      UUID,
      'expected a subscription GUID',
    ),
    resourceGroup: match(
      Input.ResourceGroup,
      get(Input.ResourceGroup),
      /^[-\w.()]{0,89}[-\w()]$/u,
      'expected a resource group name (1-90 letters, digits, -, _, ., (, ), not ending in a period)',
    ),
    gallery: match(
      Input.Gallery,
      get(Input.Gallery),
      /^[A-Za-z0-9](?:[A-Za-z0-9._]{0,78}[A-Za-z0-9])?$/,
      'expected a gallery name (1-80 letters, digits, periods and underscores, not starting or ending with a period)',
    ),
    imageDefinition: match(
      Input.ImageDefinition,
      get(Input.ImageDefinition),
      /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$/,
      'expected an image definition name (1-80 letters, digits, periods, hyphens and underscores)',
    ),
  }
}

function readRegistryTarget(get: InputReader): RegistrySettings {
  if (!get(Input.Registry) || !get(Input.Repository)) {
    const missing = REGISTRY_INPUTS.filter((name) => !get(name))
    throw new UsageError(
      `Input ${list(missing)} is required: a registry target needs both registry and repository.`,
    )
  }
  return {
    kind: 'registry',
    registry: parseRegistry(get(Input.Registry), Input.Registry),
    repository: parseRepository(get(Input.Repository), Input.Repository),
    targetRegistry: get(Input.TargetRegistry)
      ? parseRegistry(get(Input.TargetRegistry), Input.TargetRegistry)
      : '',
  }
}

/** Defender for Cloud scans container images in ACR only; a gallery image version has no such record. */
function readDefender(
  get: InputReader,
  enabled: boolean,
  kind: 'gallery' | 'registry',
): Pick<Settings, 'defenderForCloud'> {
  if (!enabled) return {}
  if (kind === 'gallery') {
    throw inputError(
      Input.DefenderForCloud,
      get(Input.DefenderForCloud),
      'Defender for Cloud scans container images in Azure Container Registry only and has no scan record for ' +
        'Compute Gallery image versions; for a gallery target use scan-reports or scan.* tags on the version',
    )
  }
  const subscription = get(Input.SubscriptionId)
  if (!subscription) return { defenderForCloud: {} }
  return {
    defenderForCloud: {
      subscriptionId: match(
        Input.SubscriptionId,
        subscription,
        UUID,
        'expected a subscription GUID (it scopes the defender-for-cloud query)',
      ),
    },
  }
}

function readVersion(value: string, kind: 'gallery' | 'registry', operation: Operation): VersionSpec {
  if (operation === 'retire') {
    if (!value) return { kind: 'none' }
    throw inputError(
      Input.Version,
      value,
      "operation 'retire' takes no version: it applies the policy's retention to every version",
    )
  }
  if (!value) {
    if (operation === 'rollback') return { kind: 'none' }
    throw new UsageError(`Input 'version' is required for operation '${operation}'.`)
  }
  if (kind === 'registry') {
    parseReference(value, Input.Version)
    return { kind: 'reference', value }
  }
  if (/^\d+\.\d+\.\d+$/.test(value)) {
    if (
      value
        .split('.')
        .some((part) => Number(part) > MAX_VERSION_PART || (part.length > 1 && part.startsWith('0')))
    ) {
      throw inputError(
        Input.Version,
        value,
        'gallery version parts are integers from 0 to 2147483647 without leading zeros',
      )
    }
    return { kind: 'exact', value }
  }
  // Only plain numeric ranges: gallery versions have no pre-release or build parts.
  if (value.length <= 100 && /^[\d.xX*^~<>=|\s-]+$/.test(value) && semver.validRange(value) !== null) {
    return { kind: 'range', value }
  }
  throw inputError(
    Input.Version,
    value,
    'expected a gallery version MAJOR.MINOR.PATCH (e.g. 1.4.2) or a semver range (e.g. 1.4.x, ^1.4, >=1.2.0 <2.0.0)',
  )
}

function readOperation(value: string): Operation {
  if (!value) return 'promote'
  if (value === 'promote' || value === 'rollback' || value === 'retire') return value
  throw inputError(
    Input.Operation,
    value,
    "expected 'promote' or 'rollback' (or 'retire' to apply the policy's retention)",
  )
}

function readRing(value: string): string {
  if (!value) throw new UsageError(`Input 'ring' is required: name the ring to promote into (e.g. canary).`)
  return match(
    Input.Ring,
    value,
    RING_NAME,
    'expected a ring name: lowercase letters, digits and hyphens, up to 40',
  )
}

function readClientId(value: string): string {
  return value ? match(Input.ClientId, value, UUID, 'expected the application (client) ID, a GUID') : ''
}

/** `managed-identity` signs in as the machine: a tenant-id (OIDC's other half) would be silently ignored. */
function readAuth(value: string, tenantId: string): AuthMode {
  if (!value || value === 'auto') return 'auto'
  if (value !== 'managed-identity') {
    throw inputError(Input.Auth, value, "expected 'auto' or 'managed-identity'")
  }
  if (tenantId) {
    throw inputError(
      Input.TenantId,
      tenantId,
      "is for OIDC federation and is not used with auth 'managed-identity' (the identity's tenant is the machine's); " +
        'remove it, and set client-id only to pick a user-assigned identity',
    )
  }
  return value
}

function readTenantId(value: string): string {
  if (!value) return ''
  if (UUID.test(value) || TENANT_DOMAIN.test(value)) return value
  throw inputError(Input.TenantId, value, 'expected the directory (tenant) ID, a GUID or a domain')
}

/**
 * azure-environment, or the deprecated `environment` (it read as the GitHub deployment environment). Using
 * the alias adds a deprecation naming the new input; setting both to different clouds is an error.
 */
function readEnvironment(
  get: InputReader,
): Pick<Settings, 'environment' | 'environmentInput' | 'deprecations'> {
  const current = get(Input.AzureEnvironment)
  const alias = get(Input.Environment)
  if (!alias) return { environment: current, environmentInput: Input.AzureEnvironment, deprecations: [] }
  const deprecation =
    `Input '${Input.Environment}' is deprecated and will be removed: use '${Input.AzureEnvironment}' ` +
    `(the Azure cloud) instead.`
  if (current && current.toLowerCase() !== alias.toLowerCase()) {
    throw new UsageError(
      `Inputs '${Input.AzureEnvironment}' (${JSON.stringify(current)}) and '${Input.Environment}' ` +
        `(${JSON.stringify(alias)}, deprecated) name different clouds: set only '${Input.AzureEnvironment}'.`,
    )
  }
  if (current)
    return { environment: current, environmentInput: Input.AzureEnvironment, deprecations: [deprecation] }
  return { environment: alias, environmentInput: Input.Environment, deprecations: [deprecation] }
}

/** Minutes, 1 to 360 (GitHub's job limit); default 30. */
function readTimeout(value: string): number {
  if (!value) return 30 * 60_000
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 360) {
    throw inputError(Input.Timeout, value, 'expected whole minutes from 1 to 360')
  }
  return Number(value) * 60_000
}

function readSeverity(value: string): SeverityThreshold | undefined {
  if (!value) return undefined
  const lower = value.toLowerCase()
  const found = SEVERITY_THRESHOLDS.find((s) => s === lower)
  if (!found)
    throw inputError(Input.FailOnSeverity, value, `expected one of ${SEVERITY_THRESHOLDS.join(', ')}`)
  return found
}

/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts; '' means the default. */
function readBoolean(name: string, value: string, fallback: boolean): boolean {
  if (!value) return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw inputError(name, value, "expected 'true' or 'false'")
}

function match(name: string, value: string, pattern: RegExp, expected: string): string {
  if (!pattern.test(value)) throw inputError(name, value, expected)
  return value
}

export function splitLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
}

/** Newline- or comma-separated list. */
export function splitList(value: string): string[] {
  return splitLines(value).flatMap((line) =>
    line
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
}

function list(names: string[]): string {
  return names.map((n) => `'${n}'`).join(', ')
}
