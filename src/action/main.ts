// The GitHub edge: read inputs, run the promotion, write outputs, the job summary and the PR comment.
// Everything else is plain code that does not know it runs inside Actions.
import * as core from '@actions/core'
import { messageOf } from '../core/errors.js'
import type { RunResult } from '../core/model.js'
import type { PromotionRecord } from '../core/target.js'
import { Input, Output } from './names.js'
import { actionOutputs } from './outputs.js'
import type { Settings } from '../run/settings.js'
import { readSettings } from './settings.js'
import type { Approver } from '../github/approvals.js'
import type { Octokit } from '../github/octokit.js'
import type { RunLog } from '../run/phases.js'
import type { Prepared } from '../run/promotion.js'
import { runPromotion } from '../run/run.js'
import { policyAnnotations, runAnnotations, type Annotation } from '../report/annotations.js'
import { policyFileUrl } from '../report/links.js'
import { renderSummary } from '../report/summary.js'
import type { CloudName, PolicySource, RunFacts } from '../report/types.js'
import { targetDisplay, targetKey } from '../targets.js'
// The rest (Azure and registry SDKs, Octokit, the PR comment) is loaded with import() when a run gets that far:
// a run that stops on bad input compiles only this module's small graph.

export async function run(): Promise<void> {
  const warnings: string[] = []
  const record = runRecord()
  const { result, settings, prepared } = await runPromotion({
    read: () => readInputs(),
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    record,
    log: ACTION_LOG,
    approvals: (s) =>
      s.githubToken
        ? core.group('Read environment approvals', () => runApprovals(s.githubToken, warnings))
        : Promise.resolve([]),
    azureDebug: core.isDebug(),
  })
  const outputs = writeOutputs(result, settings)
  const facts = runFacts(record, result, settings, prepared)
  await writeSummary(result, settings, outputs, warnings, facts)
  if (settings?.githubToken && settings.commentOnPr && prepared) {
    await core.group('Pull-request comment', () => comment(result, prepared, facts))
  }
  for (const warning of warnings) core.warning(warning)
  report(result, settings)
}

/** The run's log: phases as collapsed groups, the engine's progress as lines, SDK detail under RUNNER_DEBUG. */
const ACTION_LOG: RunLog = {
  info: (message) => core.info(message),
  debug: (message) => core.debug(message),
  group: (title, fn) => core.group(title, fn),
}

function readInputs(): Settings {
  const settings = readSettings((name) => core.getInput(name))
  for (const deprecation of settings.deprecations) core.warning(deprecation)
  if (settings.githubToken) core.setSecret(settings.githubToken)
  return settings
}

/** Who approved this run's environment; a token that cannot read them only costs a warning. */
async function runApprovals(token: string, warnings: string[]): Promise<Approver[]> {
  const runId = Number(process.env.GITHUB_RUN_ID)
  if (!Number.isInteger(runId) || runId <= 0) return []
  const [github, { readApprovals }, octokit] = await Promise.all([
    import('@actions/github'),
    import('../github/approvals.js'),
    octokitFor(token),
  ])
  const { owner, repo } = github.context.repo
  try {
    const read = await readApprovals(octokit, { owner, repo, runId })
    if (read.warning) warnings.push(read.warning)
    if (read.approvers.length > 0) core.info(`Approved by ${read.approvers.map((a) => a.login).join(', ')}`)
    return read.approvers
  } catch (error) {
    warnings.push(`Could not read approvals: ${messageOf(error)}`)
    return []
  }
}

/** One sticky comment per pull request and target, edited in place on every run. Never fails the run. */
async function comment(result: RunResult, prepared: Prepared, facts: RunFacts): Promise<void> {
  try {
    const [github, { findPullRequest }, { upsertStickyComment }, { commentMarker, renderComment }, octokit] =
      await Promise.all([
        import('@actions/github'),
        import('../github/pull-request.js'),
        import('../github/sticky-comment.js'),
        import('../report/comment.js'),
        octokitFor(prepared.settings.githubToken),
      ])
    const context = github.context
    const issueNumber = await findPullRequest(
      octokit,
      { eventName: context.eventName, payload: context.payload, repo: context.repo, sha: context.sha },
      { warn: (message) => core.warning(message) },
    )
    if (!issueNumber) {
      core.info('No pull request for this run: no comment.')
      return
    }
    const key = result.plan?.target.key ?? targetKey(prepared.settings.target)
    const outcome = await upsertStickyComment(octokit, {
      ...context.repo,
      issueNumber,
      marker: commentMarker(key),
      body: (existing) =>
        renderComment(
          result,
          {
            ...facts,
            // A run that failed before it had a plan (no OIDC token, ARM unreachable) still gets its comment.
            target: {
              kind: prepared.settings.target.kind,
              key,
              display: targetDisplay(prepared.settings.target),
            },
            rings: prepared.policy.rings.map((r) => r.name),
            ...(result.ringState ? { ringState: result.ringState } : {}),
            ring: prepared.settings.ring,
            operation: prepared.settings.operation,
            version: versionText(prepared.settings),
          },
          existing,
        ),
    })
    if (outcome.warning) core.warning(outcome.warning)
    else core.info(`Pull request #${issueNumber}: comment ${outcome.action}.`)
  } catch (error) {
    core.warning(`Could not update the pull-request comment: ${messageOf(error)}`)
  }
}

/** One Octokit per run, for the approvals and the comment; loaded with import() only when a token is set. */
let octokit: Promise<Octokit> | undefined
function octokitFor(token: string): Promise<Octokit> {
  octokit ??= import('../github/octokit.js').then(({ createOctokit }) => createOctokit(token))
  return octokit
}

/** Who and where, recorded on the artifact with the promotion. */
function runRecord(): PromotionRecord {
  const env = process.env
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : ''
  return { at: new Date(), actor: env.GITHUB_ACTOR ?? '', runUrl, sha: env.GITHUB_SHA ?? '', approvedBy: [] }
}

/** Sets every output; returns them for the job summary. */
function writeOutputs(result: RunResult, settings: Settings | undefined): Record<string, string> {
  const outputs = actionOutputs(result, settings)
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  return outputs
}

/** Facts shared by the job summary and the PR comment: run link, cloud, policy, wall time, regions. */
function runFacts(
  record: PromotionRecord,
  result: RunResult,
  settings?: Settings,
  prepared?: Prepared,
): RunFacts {
  return {
    runUrl: record.runUrl || undefined,
    ...(result.plan?.regionStates ? { regions: result.plan.regionStates } : {}),
    durationMs: Date.now() - record.at.getTime(),
    ...(settings ? { cloud: cloudName(settings.environment) } : {}),
    ...(prepared ? { policy: policySourceOf(prepared.policy.source, record) } : {}),
  }
}

async function writeSummary(
  result: RunResult,
  settings: Settings | undefined,
  outputs: Record<string, string>,
  warnings: string[],
  facts: RunFacts,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const markdown = renderSummary(result, {
    ...facts,
    request: settings
      ? {
          target: targetDisplay(settings.target),
          ring: settings.ring,
          operation: settings.operation,
          version: versionText(settings),
        }
      : { version: core.getInput(Input.Version) },
    outputs: Object.fromEntries(Object.entries(outputs).filter(([name]) => name !== Output.Result)),
    approvals: result.approvals ?? [],
    warnings,
  })
  try {
    await core.summary.addRaw(markdown).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
}

function versionText(settings: Settings): string | undefined {
  return settings.version.kind === 'none' ? undefined : settings.version.value
}

const CLOUDS: Record<string, CloudName> = {
  azurecloud: 'AzureCloud',
  azureusgovernment: 'AzureUSGovernment',
  azurechinacloud: 'AzureChinaCloud',
}

function cloudName(environment: string): CloudName {
  return CLOUDS[(environment || 'AzureCloud').toLowerCase()] ?? 'AzureCloud'
}

/** The policy file linked at the run's commit; the built-in rings say so. */
function policySourceOf(source: string, record: PromotionRecord): PolicySource | 'built-in' {
  if (source === 'built-in defaults') return 'built-in'
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com'
  const repository = process.env.GITHUB_REPOSITORY
  const relative = !source.startsWith('/')
  return {
    path: source,
    ...(repository && record.sha && relative
      ? { url: policyFileUrl(server, repository, record.sha, source) }
      : {}),
  }
}

/**
 * The run in the log: one annotation per failed gate, the verdict as a notice on success, the error once.
 * The step fails through the exit code, not `setFailed`, which would repeat the failed gates in one more
 * annotation.
 */
function report(result: RunResult, settings: Settings | undefined): void {
  if (result.error !== undefined && !result.plan) {
    const annotations = result.policyProblems
      ? policyAnnotations(result.policyProblems.file, result.policyProblems.problems)
      : []
    for (const a of annotations) emit(a)
    if (annotations.length > 0) process.exitCode = core.ExitCode.Failure
    else core.setFailed(result.error)
    return
  }
  const request = settings
    ? { ring: settings.ring, operation: settings.operation, target: targetDisplay(settings.target) }
    : {}
  const { annotations, failed } = runAnnotations(result, request)
  for (const a of annotations) emit(a)
  if (failed) process.exitCode = core.ExitCode.Failure
}

function emit(a: Annotation): void {
  const properties = {
    ...(a.title ? { title: a.title } : {}),
    ...(a.file ? { file: a.file } : {}),
    ...(a.line ? { startLine: a.line } : {}),
    ...(a.col ? { startColumn: a.col } : {}),
  }
  if (a.level === 'error') core.error(a.message, properties)
  else if (a.level === 'warning') core.warning(a.message, properties)
  else core.notice(a.message, properties)
}
