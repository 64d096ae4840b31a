// Everything between the GitHub edge (main.ts) and the targets: check inputs and local files first,
// then build the target and run the engine. No GitHub I/O here; who/where comes in as data.
import { ComputeManagementClient } from '@azure/arm-compute'
import type { TokenCredential } from '@azure/identity'
import { resolveCloud, type CloudEndpoints } from './azure/clouds.js'
import { createCredential } from './azure/credential.js'
import { Deadline, RETRY_OPTIONS } from './azure/deadline.js'
import { runTarget } from './core/engine.js'
import { UsageError } from './core/errors.js'
import type { Gate, Plan, RunResult } from './core/model.js'
import type { PromotionRecord, Target } from './core/target.js'
import { GalleryTarget } from './gallery/target.js'
import { createRetireTarget } from './retire/index.js'
import type { Settings } from './inputs/settings.js'
import { createRegistryTarget } from './registry/index.js'
import { loadPolicy, ringByName } from './policy/load.js'
import type { Policy, RingPolicy, ScanPolicy } from './policy/types.js'
import { parseAllowInput } from './scans/allow.js'
import { evaluateScans } from './scans/gate.js'
import { readReports } from './scans/read.js'
import type { ParsedReport, ScanSummary } from './scans/types.js'

const USER_AGENT = 'azure-image-promote'

/** Everything read and validated locally, before the first network call. */
export interface Prepared {
  settings: Settings
  policy: Policy
  ring: RingPolicy
  cloud: CloudEndpoints & { customAuthority: boolean }
  scanPolicy: ScanPolicy
  reports: ParsedReport[]
}

export async function prepare(settings: Settings, workspace: string): Promise<Prepared> {
  const cloud = resolveCloud(settings.environment, settings.authorityHost, settings.armEndpoint)
  const policy = await loadPolicy(settings.configIsDefault ? undefined : settings.config, workspace)
  // Retirement spans every ring (a ring input is optional: any ring stands in for the context) and has no scans.
  const retire = settings.operation === 'retire'
  const ring = retire && !settings.ring ? policy.rings[0]! : ringByName(policy, settings.ring)
  const scanPolicy: ScanPolicy = {
    required: policy.scans.required && !retire,
    failOn: settings.failOnSeverity ?? policy.scans.failOn,
    allow: [...policy.scans.allow, ...parseAllowInput(settings.allowVulnerabilities)],
  }
  const reports =
    settings.scanReports.length > 0 && !retire ? await readReports(settings.scanReports, workspace) : []
  return { settings, policy, ring, cloud, scanPolicy, reports }
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
  const target = createTarget(prepared, credential, options.log, deadline)
  const now = options.now ?? new Date()
  let scan: ScanSummary | undefined
  const extraGates = (plan: Plan): Gate[] => {
    // Reports from the workspace plus evidence the artifact carries (gallery `scan.*` tags).
    const reports = [...prepared.reports, ...(plan.evidence ?? [])]
    if (reports.length === 0 && !prepared.scanPolicy.required) return []
    const evaluated = evaluateScans({
      reports,
      policy: prepared.scanPolicy,
      now,
      subjectDigest: plan.digest,
    })
    scan = evaluated.summary
    return evaluated.gates
  }
  const result = await runTarget(
    target,
    { operation: settings.operation, ring, policy, now, record: options.record },
    { dryRun: settings.dryRun, extraGates, log: options.log },
  )
  return { ...result, scan, approvedBy: options.record.approvedBy }
}

/**
 * Gallery targets always need Azure. A registry may be anonymous or not challenge at all (any OCI registry),
 * so with no credential configured it is used without one; ACR then answers 401 and the error says so.
 */
function credentialFor(prepared: Prepared): TokenCredential | undefined {
  const { settings, cloud } = prepared
  const explicit = settings.clientId || settings.tenantId
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

function createTarget(
  prepared: Prepared,
  credential: TokenCredential | undefined,
  log: ((message: string) => void) | undefined,
  deadline: Deadline,
): Target<unknown> {
  const { settings, ring, cloud } = prepared
  const target = settings.target
  if (settings.operation === 'retire') {
    const { policy } = prepared
    return createRetireTarget({
      target,
      policy,
      credential,
      armEndpoint: cloud.armEndpoint,
      userAgent: USER_AGENT,
    })
  }
  if (target.kind === 'gallery') {
    if (!credential) throw new UsageError('A gallery promotion needs an Azure credential.')
    const client = new ComputeManagementClient(credential, target.subscriptionId, {
      endpoint: cloud.armEndpoint,
      // The client's default scope is the public cloud's; sovereign clouds and the emulator need their own.
      credentials: { scopes: [`${cloud.armEndpoint}/.default`] },
      userAgentOptions: { userAgentPrefix: USER_AGENT },
      retryOptions: RETRY_OPTIONS,
    })
    return new GalleryTarget(
      client,
      { settings: target, version: settings.version, ring, operation: settings.operation },
      { deadline },
    ) as Target<unknown>
  }
  return createRegistryTarget({
    registry: target.registry,
    repository: target.repository,
    // A rollback without a version starts from what the ring's first tag points at now.
    source: prepared.settings.version.kind === 'reference' ? prepared.settings.version.value : ring.tags[0]!,
    targetRegistry: target.targetRegistry || undefined,
    credential,
    rings: prepared.policy.rings,
    log,
    deadline,
    clientOptions: { retryOptions: RETRY_OPTIONS, userAgentOptions: { userAgentPrefix: USER_AGENT } },
  }) as Target<unknown>
}
