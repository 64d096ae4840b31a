// Everything between the GitHub edge (main.ts) and the targets: check inputs and local files first,
// then build the target and run the engine. No GitHub I/O here; who/where comes in as data.
import type { TokenCredential } from '@azure/identity'
import { CLOUD_INPUTS, resolveCloud, type CloudEndpoints } from '../azure/clouds.js'
import { createCredential } from '../azure/credential.js'
import { Deadline, RETRY_OPTIONS } from '../azure/deadline.js'
import { applyPlan, decide, eligiblePlan, verifyPlan, type OutsideGates } from '../core/engine.js'
import { UsageError } from '../core/errors.js'
import { policyOrigin, type Approver, type Plan, type RunResult } from '../core/model.js'
import type { PromotionRecord } from '../core/target.js'
import type { Settings } from './settings.js'
import { loadPolicy, ringByName } from '../policy/load.js'
import type { Policy, RingPolicy, ScanPolicy } from '../core/policy.js'
import { parseAllowInput } from '../scans/allow.js'
import type { ParsedReport } from '../core/evidence.js'
import { defenderGate } from '../gates/defender.js'
import { evaluateGates, type GateEvaluator } from '../gates/evaluator.js'
import { scanGate } from '../gates/scans.js'
import { bindToVersion } from '../scans/binding.js'
import { createTarget, scanSubjectOf, targetDisplay } from '../targets.js'
import { Phases, SILENT_LOG, type RunLog } from './phases.js'

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
  /** The log groups of the phases and the engine's progress; silent when not given. */
  log?: RunLog
  /** Tests inject a credential; the action builds one from the inputs. */
  credential?: TokenCredential
  /** The environment approvals the edge read; carried in the result, their logins in the record. */
  approvals?: Approver[]
  /** Records which phase failed; runPromotion passes its own so a thrown error keeps its phase. */
  phases?: Phases
}

/** observe → plan → gate → apply → verify, each a logged phase. Throws on an error no result can carry. */
export async function execute(prepared: Prepared, options: ExecuteOptions): Promise<RunResult> {
  // One deadline for the whole run: every request, retry wait, token request and LRO poll listens to it.
  const deadline = new Deadline(prepared.settings.timeoutMs)
  try {
    return await executeWithin(prepared, options, deadline)
  } finally {
    deadline.dispose()
  }
}

async function executeWithin(
  prepared: Prepared,
  options: ExecuteOptions,
  deadline: Deadline,
): Promise<RunResult> {
  const { settings, policy, ring } = prepared
  const log = options.log ?? SILENT_LOG
  const phases = options.phases ?? new Phases(log, runTitle(settings))
  const approvals = options.approvals ?? []
  const record: PromotionRecord = { ...options.record, approvedBy: approvals.map((a) => a.login) }
  const now = options.now ?? new Date()
  const { target, evaluators, state } = await phases.run('observe', async () => {
    const unbound = options.credential ?? credentialFor(prepared)
    const credential = unbound && deadline.bind(unbound)
    // Built before the first request, so a Defender request without a credential fails before any network call.
    const evaluators = gateEvaluators(prepared, now, credential, deadline)
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
      log: (message) => log.info(message),
      waitForReplicationMs: settings.waitForReplicationMs,
    })
    return { target, evaluators, state: await target.observe() }
  })
  const ctx = { operation: settings.operation, ring, policy, now, record }
  const planned = await phases.run('plan', () => target.plan(state, ctx))
  // A range may try lower candidates here: each is planned and gated until one passes every gate.
  const { plan, scan } = await phases.run('gate', () =>
    eligiblePlan(target, state, planned, ctx, outsideGates(prepared, evaluators)),
  )
  const finish = (result: RunResult): RunResult => ({
    ...result,
    ...(scan ? { scan } : {}),
    approvedBy: record.approvedBy,
    ...(approvals.length > 0 ? { approvals } : {}),
    ...ringStateOf(result),
    policy: policyOrigin(policy),
  })
  const early = decide(plan, settings.dryRun)
  if (early) return finish(early)
  const applied = await phases.run('apply', () => applyPlan(target, plan, (m) => log.info(m)))
  if (applied.error !== undefined) return finish({ ...applied, phase: 'apply' })
  const verified = await phases.run('verify', () => verifyPlan(target, plan, applied.outcomes))
  return finish(verified.error !== undefined ? { ...verified, phase: 'verify' } : verified)
}

/**
 * What each ring holds when the run ends: the records after the plan's writes once they all landed, else the
 * records as read (a run that failed part-way is shown as it was; the next run reads the truth again).
 */
function ringStateOf(result: RunResult): Pick<RunResult, 'ringState'> {
  const rings = result.plan?.rings
  if (!rings) return {}
  const landed = !result.dryRun && (result.verdict === 'promoted' || result.verdict === 'unchanged')
  return { ringState: landed ? rings.after : rings.before }
}

/**
 * The gate phase for one plan: the evaluators over the workspace's reports and the evidence the artifact
 * carries. A gallery version has no digest, so a workspace report counts only if it names the version.
 */
function outsideGates(prepared: Prepared, evaluators: GateEvaluator[]): OutsideGates {
  return async (plan: Plan) => {
    const binding =
      scanSubjectOf(prepared.settings.target) === 'version' && plan.version
        ? bindToVersion(prepared.reports, { version: plan.version, imageId: plan.imageId })
        : { bound: prepared.reports, gate: undefined }
    const found = await evaluateGates(evaluators, plan, [...binding.bound, ...(plan.evidence ?? [])])
    return { ...found, gates: [...found.gates, ...(binding.gate ? [binding.gate] : [])] }
  }
}

/** The outside gates, in order: Defender first, so its findings join the scan gate's evidence. */
function gateEvaluators(
  prepared: Prepared,
  now: Date,
  credential: TokenCredential | undefined,
  deadline: Deadline,
): GateEvaluator[] {
  const defender = defenderFor(prepared, credential, deadline)
  return [...(defender ? [defender] : []), scanGate(prepared.scanPolicy, now)]
}

/** The Defender for Cloud gate for the promoted digest, when asked for; checks the credential before any call. */
function defenderFor(
  prepared: Prepared,
  credential: TokenCredential | undefined,
  deadline: Deadline,
): GateEvaluator | undefined {
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
  return defenderGate({
    credential,
    armEndpoint: cloud.armEndpoint,
    userAgent: USER_AGENT,
    retryOptions: RETRY_OPTIONS,
    deadline,
    registry: target.registry,
    repository: target.repository,
    ...(subscriptionId ? { subscriptionId } : {}),
  })
}

/** What a run does, in words: the title of its log groups. */
export function runTitle(settings: Settings): string {
  const what =
    settings.operation === 'retire'
      ? `Apply retention to ${targetDisplay(settings.target)}`
      : `${settings.operation === 'rollback' ? 'Roll back' : 'Promote to'} ${settings.ring}`
  return `${what}${settings.dryRun ? ' (dry run)' : ''}`
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
