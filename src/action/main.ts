// The GitHub edge: read inputs, run the promotion, write outputs, the job summary and the PR comment.
// Everything else is plain code that does not know it runs inside Actions.
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { messageOf, UsageError } from '../core/errors.js'
import { log } from './log.js'
import { policyOrigin, type PolicyOrigin, type RunResult } from '../core/model.js'
import type { PromotionRecord } from '../core/target.js'
import { Input, Output } from './names.js'
import { actionOutputs } from './outputs.js'
import type { Settings } from '../run/settings.js'
import { readSettings } from './settings.js'
import type { Approver } from '../github/approvals.js'
import type { Octokit } from '../github/octokit.js'
import type { Prepared } from '../run/promotion.js'
import { policyAnnotations, runAnnotations, type Annotation } from '../report/annotations.js'
import { policyFileUrl } from '../report/links.js'
import { evidenceStatement } from '../report/evidence.js'
import { renderSummary } from '../report/summary.js'
import type { CloudName, PolicySource } from '../report/types.js'
import { targetDisplay, targetKey } from '../targets.js'
// The rest (Azure and registry SDKs, Octokit, the PR comment) is loaded with import() when a run gets that far:
// a run that stops on bad input compiles only this module's small graph.

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const record = runRecord()
  let settings: Settings | undefined
  let prepared: Prepared | undefined
  let result: RunResult | undefined
  let failure: string | undefined
  let approvals: Approver[] = []
  const warnings: string[] = []
  let octokit: Octokit | undefined
  let failureAnnotations: Annotation[] = []
  try {
    settings = readSettings((name) => core.getInput(name))
    for (const deprecation of settings.deprecations) log.warning(deprecation)
    if (settings.githubToken) core.setSecret(settings.githubToken)
    const { execute, prepare } = await import('../run/promotion.js')
    prepared = await prepare(settings, workspace)
    warnings.push(...prepared.warnings)
    octokit = settings.githubToken
      ? (await import('../github/octokit.js')).createOctokit(settings.githubToken)
      : undefined
    if (octokit) {
      approvals = await log.group('Read environment approvals', () => runApprovals(octokit!, warnings))
      record.approvedBy = approvals.map((a) => a.login)
    }
    const s = settings
    const p = prepared
    result = await log.group(`${stepTitle(s)}${s.dryRun ? ' (dry run)' : ''}`, () =>
      execute(p, { record, log: (message) => log.info(message) }),
    )
  } catch (error) {
    failure = messageOf(error)
    if (!(error instanceof UsageError) && error instanceof Error && error.stack) log.debug(error.stack)
    // Policy problems go on the policy file's lines, so they show on the pull request's diff.
    if (
      error instanceof UsageError &&
      'file' in error &&
      'problems' in error &&
      Array.isArray(error.problems)
    ) {
      failureAnnotations = policyAnnotations(String(error.file), error.problems as string[])
    }
  } finally {
    // A run that failed after the policy was read still says which policy it read.
    if (!result && failure && prepared)
      result = { ...failedResult(failure), policy: policyOrigin(prepared.policy) }
    const evidence = await writeEvidence(result, settings, prepared, record, failure)
    const outputs = writeOutputs(result, settings, failure, evidence)
    await writeSummary(
      result,
      settings,
      record,
      outputs,
      failure,
      approvals,
      warnings,
      prepared ? policyOrigin(prepared.policy) : undefined,
    )
    if (octokit && settings?.commentOnPr && prepared) {
      await log.group('Pull-request comment', () => comment(octokit!, result, prepared!, record, failure))
    }
  }
  for (const warning of warnings) log.warning(warning)
  report(result, failure, failureAnnotations, settings)
}

/** The log group of the run: what it does, in words. */
function stepTitle(settings: Settings): string {
  if (settings.operation === 'retire') return `Apply retention to ${targetDisplay(settings.target)}`
  return `${settings.operation === 'rollback' ? 'Roll back' : 'Promote to'} ${settings.ring}`
}

/** Who approved this run's environment; a token that cannot read them only costs a warning. */
async function runApprovals(octokit: Octokit, warnings: string[]): Promise<Approver[]> {
  const runId = Number(process.env.GITHUB_RUN_ID)
  if (!Number.isInteger(runId) || runId <= 0) return []
  const [github, { readApprovals }] = await Promise.all([
    import('@actions/github'),
    import('../github/approvals.js'),
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
async function comment(
  octokit: Octokit,
  result: RunResult | undefined,
  prepared: Prepared,
  record: PromotionRecord,
  failure: string | undefined,
): Promise<void> {
  try {
    const [github, { findPullRequest }, { upsertStickyComment }, { commentMarker, renderComment }] =
      await Promise.all([
        import('@actions/github'),
        import('../github/pull-request.js'),
        import('../github/sticky-comment.js'),
        import('../report/comment.js'),
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
    const shown = result ?? failedResult(failure)
    const key = result?.plan?.target.key ?? targetKey(prepared.settings.target)
    const outcome = await upsertStickyComment(octokit, {
      ...context.repo,
      issueNumber,
      marker: commentMarker(key),
      body: (existing) =>
        renderComment(
          shown,
          {
            runUrl: record.runUrl || undefined,
            // A run that failed before it had a plan (no OIDC token, ARM unreachable) still gets its comment.
            target: {
              kind: prepared.settings.target.kind,
              key,
              display: targetDisplay(prepared.settings.target),
            },
            rings: prepared.policy.rings.map((r) => r.name),
            ring: prepared.settings.ring,
            operation: prepared.settings.operation,
            version: versionText(prepared.settings),
            policy: policySourceOf(policyOrigin(prepared.policy), record),
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

function failedResult(failure: string | undefined): RunResult {
  return { verdict: 'failed', dryRun: false, outcomes: [], verification: [], error: failure }
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
  result: RunResult | undefined,
  settings: Settings | undefined,
  prepared: Prepared | undefined,
  record: PromotionRecord,
  failure: string | undefined,
): Promise<string> {
  const env = process.env
  const file = join(
    env.RUNNER_TEMP || tmpdir(),
    `image-promote-evidence-${env.GITHUB_RUN_ID || 'local'}-${randomUUID().slice(0, 8)}.json`,
  )
  const statement = evidenceStatement({
    result: result ?? failedResult(failure),
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
    ...(failure ? { failure } : {}),
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
  result: RunResult | undefined,
  settings: Settings | undefined,
  failure: string | undefined,
  evidenceFile: string,
): Record<string, string> {
  const outputs = { ...actionOutputs(result, settings, failure), [Output.EvidenceFile]: evidenceFile }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  return outputs
}

async function writeSummary(
  result: RunResult | undefined,
  settings: Settings | undefined,
  record: PromotionRecord,
  outputs: Record<string, string>,
  failure: string | undefined,
  approvals: Approver[],
  warnings: string[],
  policySource: PolicyOrigin | undefined,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const shown: RunResult = result ?? failedResult(failure)
  const markdown = renderSummary(failure && result ? { ...shown, error: failure } : shown, {
    runUrl: record.runUrl || undefined,
    request: settings
      ? {
          target: targetDisplay(settings.target),
          ring: settings.ring,
          operation: settings.operation,
          version: versionText(settings),
        }
      : { version: core.getInput(Input.Version) },
    outputs: Object.fromEntries(Object.entries(outputs).filter(([name]) => name !== Output.Result)),
    approvals,
    warnings,
    durationMs: Date.now() - record.at.getTime(),
    ...(settings ? { cloud: cloudName(settings.environment) } : {}),
    ...(policySource ? { policy: policySourceOf(policySource, record) } : {}),
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
function report(
  result: RunResult | undefined,
  failure: string | undefined,
  failureAnnotations: Annotation[],
  settings: Settings | undefined,
): void {
  if (failure) {
    for (const a of failureAnnotations) emit(a)
    if (failureAnnotations.length > 0) process.exitCode = core.ExitCode.Failure
    else log.setFailed(failure)
    return
  }
  if (!result) return
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
