// The GitHub edge: read inputs, run the promotion, write outputs, the job summary and the PR comment.
// Everything else is plain code that does not know it runs inside Actions.
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { messageOf } from '../core/errors.js'
import { log } from './log.js'
import { policyOrigin, type PolicyOrigin, type RunResult } from '../core/model.js'
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
import { evidenceStatement } from '../report/evidence.js'
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
        ? log.group('Read environment approvals', () => runApprovals(s.githubToken, warnings))
        : Promise.resolve([]),
    azureDebug: core.isDebug(),
  })
  if (prepared) warnings.unshift(...prepared.warnings)
  const evidence = await writeEvidence(result, settings, prepared, record)
  const outputs = writeOutputs(result, settings, evidence)
  const facts = runFacts(record, result, settings, prepared)
  await writeSummary(result, settings, outputs, warnings, facts)
  if (settings?.githubToken && settings.commentOnPr && prepared) {
    await log.group('Pull-request comment', () => comment(result, prepared, facts))
  }
  for (const warning of warnings) log.warning(warning)
  report(result, settings)
}

/** The run's log: phases as collapsed groups, the engine's progress as lines, SDK detail under RUNNER_DEBUG. */
const ACTION_LOG: RunLog = {
  info: (message) => log.info(message),
  debug: (message) => log.debug(message),
  group: (title, fn) => log.group(title, fn),
}

function readInputs(): Settings {
  const settings = readSettings((name) => core.getInput(name))
  for (const deprecation of settings.deprecations) log.warning(deprecation)
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
    if (read.approvers.length > 0) log.info(`Approved by ${read.approvers.map((a) => a.login).join(', ')}`)
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
      { warn: (message) => log.warning(message) },
    )
    if (!issueNumber) {
      log.info('No pull request for this run: no comment.')
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
    if (outcome.warning) log.warning(outcome.warning)
    else log.info(`Pull request #${issueNumber}: comment ${outcome.action}.`)
  } catch (error) {
    log.warning(`Could not update the pull-request comment: ${messageOf(error)}`)
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

/**
 * The evidence file of this run (every run, failed and dry ones included) under $RUNNER_TEMP; its path, or ''
 * when it could not be written (a warning then, never a failed run).
 */
async function writeEvidence(
  result: RunResult,
  settings: Settings | undefined,
  prepared: Prepared | undefined,
  record: PromotionRecord,
): Promise<string> {
  const env = process.env
  const file = join(
    env.RUNNER_TEMP || tmpdir(),
    `image-promote-evidence-${env.GITHUB_RUN_ID || 'local'}-${randomUUID().slice(0, 8)}.json`,
  )
  const statement = evidenceStatement({
    result,
    ...(settings
      ? {
          target: {
            kind: settings.target.kind,
            key: targetKey(settings.target),
            display: targetDisplay(settings.target),
          },
        }
      : {}),
    inputs: givenInputs(),
    ...(prepared ? { policy: { source: prepared.policy.source, digest: prepared.policy.digest } } : {}),
    run: { actor: record.actor, runUrl: record.runUrl, sha: record.sha },
    startedAt: record.at,
    finishedAt: new Date(),
    action: { repository: env.GITHUB_ACTION_REPOSITORY, ref: env.GITHUB_ACTION_REF },
  })
  try {
    await writeFile(file, `${JSON.stringify(statement, null, 2)}\n`, { mode: 0o600 })
    return file
  } catch (error) {
    log.warning(`Could not write the evidence file ${file}: ${messageOf(error)}`)
    return ''
  }
}

/** Every input the step was given, the token left out: the evidence records what was asked, never a secret. */
function givenInputs(): Record<string, string> {
  const given: Record<string, string> = {}
  for (const name of Object.values(Input)) {
    if (name === Input.GithubToken) continue
    const value = core.getInput(name)
    if (value) given[name] = value
  }
  return given
}

/** Sets every output; returns them for the job summary. */
function writeOutputs(
  result: RunResult,
  settings: Settings | undefined,
  evidenceFile: string,
): Record<string, string> {
  const outputs = { ...actionOutputs(result, settings), [Output.EvidenceFile]: evidenceFile }
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
    ...(prepared ? { policy: policySourceOf(policyOrigin(prepared.policy), record) } : {}),
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
    log.warning(`Could not write the job summary: ${messageOf(error)}`)
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

/** The policy file with its blob SHA, linked at the run's commit; the built-in rings say so. */
function policySourceOf(origin: PolicyOrigin, record: PromotionRecord): PolicySource | 'built-in' {
  const { source, blobSha } = origin
  if (!blobSha) return 'built-in'
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com'
  const repository = process.env.GITHUB_REPOSITORY
  const relative = !source.startsWith('/')
  return {
    path: source,
    blobSha,
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
    else log.setFailed(result.error)
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
  if (a.level === 'error') log.error(a.message, properties)
  else if (a.level === 'warning') log.warning(a.message, properties)
  else log.notice(a.message, properties)
}
