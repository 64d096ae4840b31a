// Everything between the GitHub edge (main.ts) and the targets: check inputs and local files first,
// then build the target and run the engine. No GitHub I/O here; who/where comes in as data.
import { ComputeManagementClient } from '@azure/arm-compute'
import type { TokenCredential } from '@azure/identity'
import { resolveCloud, type CloudEndpoints } from './azure/clouds.js'
import { createCredential } from './azure/credential.js'
import { runTarget } from './core/engine.js'
import type { Gate, Plan, RunResult } from './core/model.js'
import type { PromotionRecord, Target } from './core/target.js'
import { GalleryTarget } from './gallery/target.js'
import type { Settings } from './inputs/settings.js'
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
  const ring = ringByName(policy, settings.ring)
  const scanPolicy: ScanPolicy = {
    required: policy.scans.required,
    failOn: settings.failOnSeverity ?? policy.scans.failOn,
    allow: [...policy.scans.allow, ...parseAllowInput(settings.allowVulnerabilities)],
  }
  const reports = settings.scanReports.length > 0 ? await readReports(settings.scanReports, workspace) : []
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
  const { settings, policy, ring, cloud } = prepared
  const credential = options.credential ?? createCredential(settings, cloud).credential
  const target = createTarget(prepared, credential)
  const now = options.now ?? new Date()
  let scan: ScanSummary | undefined
  const extraGates = (plan: Plan): Gate[] => {
    if (prepared.reports.length === 0 && !prepared.scanPolicy.required) return []
    const evaluated = evaluateScans({
      reports: prepared.reports,
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

function createTarget(prepared: Prepared, credential: TokenCredential): Target<unknown> {
  const { settings, ring, cloud } = prepared
  const target = settings.target
  if (target.kind === 'gallery') {
    const client = new ComputeManagementClient(credential, target.subscriptionId, {
      endpoint: cloud.armEndpoint,
      // The client's default scope is the public cloud's; sovereign clouds and the emulator need their own.
      credentials: { scopes: [`${cloud.armEndpoint}/.default`] },
      userAgentOptions: { userAgentPrefix: USER_AGENT },
    })
    return new GalleryTarget(client, {
      settings: target,
      version: settings.version,
      ring,
      operation: settings.operation,
    }) as Target<unknown>
  }
  throw new Error('registry targets are wired in createRegistryTarget')
}
