// Everything between the GitHub edge (main.ts) and the targets: check inputs and local files first,
// then build the target and run the engine. No GitHub I/O here; who/where comes in as data.
import type { TokenCredential } from '@azure/identity'
import { CLOUD_INPUTS, resolveCloud, type CloudEndpoints } from '../azure/clouds.js'
import { createCredential } from '../azure/credential.js'
import { Deadline, RETRY_OPTIONS } from '../azure/deadline.js'
import { runTarget } from '../core/engine.js'
import { UsageError } from '../core/errors.js'
import { policyOrigin, type Gate, type Plan, type RunResult } from '../core/model.js'
import type { PromotionRecord } from '../core/target.js'
import type { Settings } from './settings.js'
import { loadPolicy, ringByName } from '../policy/load.js'
import type { Policy, RingPolicy, ScanPolicy } from '../core/policy.js'
import { parseAllowInput } from '../scans/allow.js'
import type { DefenderEvidence } from '../scans/defender.js'
import { bindToVersion } from '../scans/binding.js'
import { evaluateScans } from '../scans/gate.js'
import type { ParsedReport, ScanSummary } from '../core/evidence.js'
import { createTarget, scanSubjectOf } from '../targets.js'

const USER_AGENT = 'azure-image-promote'

/** Everything read and validated locally, before the first network call. */
export interface Prepared {
  settings: Settings
  policy: Policy
  ring: RingPolicy
  cloud: CloudEndpoints & { customAuthority: boolean }
  scanPolicy: ScanPolicy
  reports: ParsedReport[]
  /** Where the policy came from, when a person should know (no checkout): shown as warnings. */
  warnings: string[]
}

export async function prepare(settings: Settings, workspace: string): Promise<Prepared> {
  const cloud = resolveCloud(settings.environment, settings.authorityHost, settings.armEndpoint, {
    ...CLOUD_INPUTS,
    environment: settings.environmentInput,
  })
  const { policy, warnings } = await loadPolicy(
    settings.configIsDefault ? undefined : settings.config,
    workspace,
  )
  // Retirement spans every ring (a ring input is optional: any ring stands in for the context) and has no scans.
  const retire = settings.operation === 'retire'
  const ring = retire && !settings.ring ? policy.rings[0]! : ringByName(policy, settings.ring)
  if (settings.version.kind === 'ring') checkFromRing(policy, settings.version.value)
  const scanPolicy: ScanPolicy = {
    required: policy.scans.required && !retire,
    failOn: settings.failOnSeverity ?? policy.scans.failOn,
    allow: [...policy.scans.allow, ...parseAllowInput(settings.allowVulnerabilities)],
  }
  // Loaded only when there are reports to read: the glob matcher is most of the scan code.
  const reports =
    settings.scanReports.length > 0 && !retire
      ? await (await import('../scans/read.js')).readReports(settings.scanReports, workspace)
      : []
  return { settings, policy, ring, cloud, scanPolicy, reports, warnings }
}

/** `from-ring` must name a ring of the policy: its record (gallery) or first tag (registry) says what it holds. */
function checkFromRing(policy: Policy, name: string): void {
  if (policy.rings.some((r) => r.name === name)) return
  throw new UsageError(
    `Input 'from-ring' has an invalid value ${JSON.stringify(name)}: expected one of the rings in ${policy.source}: ` +
      `${policy.rings.map((r) => r.name).join(', ')}.`,
  )
}

export interface ExecuteOptions {
  record: PromotionRecord
  now?: Date
  log?: (message: string) => void
  /** Tests inject a credential; the action builds one from the inputs. */
  credential?: TokenCredential
}

export async function execute(prepared: Prepared, options: ExecuteOptions): Promise<RunResult> {
  const credential = options.credential ?? credentialFor(prepared)
  // One deadline for the whole run: every request, retry wait, token request and LRO poll listens to it.
  const deadline = new Deadline(prepared.settings.timeoutMs)
  try {
    return await executeWithin(prepared, options, credential && deadline.bind(credential), deadline)
  } finally {
    deadline.dispose()
  }
}

async function executeWithin(
  prepared: Prepared,
  options: ExecuteOptions,
  credential: TokenCredential | undefined,
  deadline: Deadline,
): Promise<RunResult> {
  const { settings, policy, ring } = prepared
  const target = await createTarget({
    settings: settings.target,
    operation: settings.operation,
    version: settings.version,
    ring,
    policy,
    armEndpoint: prepared.cloud.armEndpoint,
    credential,
    deadline,
    userAgent: USER_AGENT,
    retryOptions: RETRY_OPTIONS,
    ...(options.log ? { log: options.log } : {}),
    waitForReplicationMs: settings.waitForReplicationMs,
  })
  const now = options.now ?? new Date()
  // By the plan's subject: range resolution may evaluate several candidates before it settles on one.
  const scans = new Map<string, ScanSummary>()
  const defender = defenderFor(prepared, credential, deadline)
  const extraGates = async (plan: Plan): Promise<Gate[]> => {
    // Dry runs ask Defender too: it is a read, and the plan should show what would block.
    const fromDefender = defender ? await defender(plan.digest ?? '') : undefined
    // A gallery version has no digest: a workspace report counts only if it names the version.
    const binding =
      scanSubjectOf(settings.target) === 'version' && plan.version
        ? bindToVersion(prepared.reports, { version: plan.version, imageId: plan.imageId })
        : { bound: prepared.reports, gate: undefined }
    // Reports from the workspace, evidence the artifact carries (gallery `scan.*` tags) and Defender's findings.
    const reports = [
      ...binding.bound,
      ...(plan.evidence ?? []),
      ...(fromDefender?.report ? [fromDefender.report] : []),
    ]
    const own = [...(binding.gate ? [binding.gate] : []), ...(fromDefender ? [fromDefender.gate] : [])]
    if (reports.length === 0 && !prepared.scanPolicy.required) return own
    const evaluated = evaluateScans({
      reports,
      policy: prepared.scanPolicy,
      now,
      subjectDigest: plan.digest,
    })
    scans.set(plan.version, evaluated.summary)
    return [...evaluated.gates, ...own]
  }
  const result = await runTarget(
    target,
    { operation: settings.operation, ring, policy, now, record: options.record },
    { dryRun: settings.dryRun, extraGates, log: options.log },
  )
  const scan = result.plan ? scans.get(result.plan.version) : undefined
  return { ...result, scan, approvedBy: options.record.approvedBy, policy: policyOrigin(policy) }
}

/** The Defender for Cloud lookup for the promoted digest, when asked for; checks the credential before any call. */
function defenderFor(
  prepared: Prepared,
  credential: TokenCredential | undefined,
  deadline: Deadline,
): ((digest: string) => Promise<DefenderEvidence>) | undefined {
  const { settings, cloud } = prepared
  const target = settings.target
  if (!settings.defenderForCloud || target.kind !== 'registry') return undefined
  if (!credential) {
    throw new UsageError(
      "Input 'defender-for-cloud' needs an Azure credential to query Defender for Cloud through Resource Graph, " +
        'and none was found: set client-id and tenant-id (OIDC; the job needs `permissions: id-token: write`), ' +
        'or run azure/login earlier in the job, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.',
    )
  }
  const { subscriptionId } = settings.defenderForCloud
  // Loaded with import() on first use: Resource Graph's client is only needed for this lookup.
  const lookup = import('../scans/defender.js').then(({ createDefenderForCloud }) =>
    createDefenderForCloud({
      credential,
      armEndpoint: cloud.armEndpoint,
      userAgent: USER_AGENT,
      retryOptions: RETRY_OPTIONS,
      deadline,
      ...(subscriptionId ? { subscriptionId } : {}),
    }),
  )
  return async (digest) =>
    (await lookup).evidence({ registry: target.registry, repository: target.repository, digest })
}

/**
 * Gallery targets always need Azure. A registry may be anonymous or not challenge at all (any OCI registry),
 * so with no credential configured it is used without one; ACR then answers 401 and the error says so.
 */
function credentialFor(prepared: Prepared): TokenCredential | undefined {
  const { settings, cloud } = prepared
  const explicit = settings.clientId || settings.tenantId || settings.auth === 'managed-identity'
  if (settings.target.kind === 'registry' && !explicit) {
    try {
      return createCredential(settings, cloud).credential
    } catch (error) {
      if (error instanceof UsageError) return undefined
      throw error
    }
  }
  return createCredential(settings, cloud).credential
}
