// One run with one error channel: every phase's error becomes a `failed` result that names the phase, so the
// edge always has a result to write outputs, the summary and the comment from. Kept small and free of SDKs:
// the edge imports it statically, and a run that stops on bad input loads nothing more.
import { messageOf, UsageError } from '../core/errors.js'
import { policyOrigin, type Approver, type RunResult } from '../core/model.js'
import type { PromotionRecord } from '../core/target.js'
import { Phases, type RunLog } from './phases.js'
import type { Prepared } from './promotion.js'
import type { Settings } from './settings.js'

export interface RunRequest {
  /** Reads and checks the inputs (the edge's readSettings); throws a UsageError naming the input. */
  read: () => Settings
  workspace: string
  record: PromotionRecord
  log: RunLog
  /** Reads the environment approvals once, after the inputs are valid; never throws. */
  approvals?: (settings: Settings) => Promise<Approver[]>
  /** Route the Azure SDK's own log (requests, retries, token acquisition) to `log.debug`. */
  azureDebug?: boolean
}

/** The result, always; and the request as far as it was read, for the report. */
export interface Run {
  result: RunResult
  settings?: Settings
  prepared?: Prepared
}

export async function runPromotion(request: RunRequest): Promise<Run> {
  const phases = new Phases(request.log, 'Read inputs and policy')
  const run: Partial<Run> = {}
  try {
    const { settings, prepared } = await phases.run('validate', async () => {
      run.settings = request.read()
      const { prepare } = await import('./promotion.js')
      return { settings: run.settings, prepared: await prepare(run.settings, request.workspace) }
    })
    run.prepared = prepared
    phases.title = (await import('./promotion.js')).runTitle(settings)
    if (request.azureDebug) (await import('../azure/logging.js')).routeAzureLogs(request.log.debug)
    const approvals = request.approvals ? await request.approvals(settings) : []
    const { execute } = await import('./promotion.js')
    const result = await execute(prepared, { record: request.record, log: request.log, approvals, phases })
    return { ...run, result }
  } catch (error) {
    if (!(error instanceof UsageError) && error instanceof Error && error.stack)
      request.log.debug(error.stack)
    const result = failedResult(error, phases.failed, run.settings)
    // A run that failed after the policy was read still says which policy it read.
    return {
      ...run,
      result: run.prepared ? { ...result, policy: policyOrigin(run.prepared.policy) } : result,
    }
  }
}

/** A run that threw: no plan, nothing written by this run, the error and where it happened. */
function failedResult(error: unknown, phase: string | undefined, settings: Settings | undefined): RunResult {
  return {
    verdict: 'failed',
    dryRun: settings?.dryRun ?? false,
    outcomes: [],
    verification: [],
    error: messageOf(error),
    ...(phase ? { phase } : {}),
    ...policyProblemsOf(error),
  }
}

/** Policy file problems go on the file's lines, so they show on the pull request's diff. */
function policyProblemsOf(error: unknown): Pick<RunResult, 'policyProblems'> {
  if (!(error instanceof UsageError) || !('file' in error) || !('problems' in error)) return {}
  if (!Array.isArray(error.problems)) return {}
  return { policyProblems: { file: String(error.file), problems: error.problems.map(String) } }
}
