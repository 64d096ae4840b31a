// Who and where, for the promotion record written on the artifact, from the CI system the CLI runs in:
// Azure Pipelines and GitLab CI set documented variables; at a terminal it is the local user and no run.
import type { PromotionRecord } from '../core/target.js'

/** The record of one CLI run; pure over `env` so each CI system's variables are tested as they are set. */
export function cliRecord(env: NodeJS.ProcessEnv, at: Date = new Date()): PromotionRecord {
  const where = azurePipelines(env) ??
    gitlab(env) ?? { actor: env.USER ?? env.USERNAME ?? '', runUrl: '', sha: '' }
  return { at, ...where, approvedBy: [] }
}

type Where = Pick<PromotionRecord, 'actor' | 'runUrl' | 'sha'>

/** Predefined variables of Azure Pipelines (TF_BUILD=True on every agent). */
function azurePipelines(env: NodeJS.ProcessEnv): Where | undefined {
  if (env.TF_BUILD?.toLowerCase() !== 'true') return undefined
  const collection = env.SYSTEM_COLLECTIONURI ?? ''
  const project = env.SYSTEM_TEAMPROJECT ?? ''
  const build = env.BUILD_BUILDID ?? ''
  const runUrl =
    collection && project && build
      ? `${collection.replace(/\/?$/, '/')}${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(build)}`
      : ''
  return {
    actor: env.BUILD_REQUESTEDFOREMAIL || env.BUILD_REQUESTEDFOR || '',
    runUrl,
    sha: env.BUILD_SOURCEVERSION ?? '',
  }
}

/** Predefined variables of GitLab CI (GITLAB_CI=true in every job). */
function gitlab(env: NodeJS.ProcessEnv): Where | undefined {
  if (env.GITLAB_CI !== 'true') return undefined
  return {
    actor: env.GITLAB_USER_LOGIN ?? '',
    runUrl: env.CI_PIPELINE_URL ?? '',
    sha: env.CI_COMMIT_SHA ?? '',
  }
}
