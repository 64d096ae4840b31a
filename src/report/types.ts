// What the report renderers take besides the RunResult. Everything here is optional: each field adds one
// fact to the page when the caller has it, and the page reads right without it. Values are untrusted.
import type { Operation, RegionState, RingHolding, TargetRef } from '../core/model.js'
import type { Approver } from '../github/approvals.js'

export type { Approver, RegionState, RingHolding }

/** The Azure clouds the action runs against; each has its own portal. */
export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud'

/** The ring policy file a run read. */
export interface PolicySource {
  /** Path in the repository, e.g. `.github/promotion-policy.yml`. */
  path: string
  /** Git blob SHA of the file as read (`git hash-object`), so a reviewer can tell which policy applied. */
  blobSha?: string
  /** Link to the file at the run's commit (see `policyFileUrl`). */
  url?: string
}

/** What was asked for; used when the run failed before a plan existed. */
export interface RunRequest {
  target?: TargetRef | string
  ring?: string
  version?: string
  operation?: Operation
}

/** Facts about the run shared by the job summary and the pull-request comment. */
export interface RunFacts {
  /** Link to this workflow run (`$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`). */
  runUrl?: string
  /** The cloud of the gallery or registry, for portal links. Gallery runs default to AzureCloud. */
  cloud?: CloudName
  /** ARM id of the Azure Container Registry, for its portal link (the login server alone cannot give it). */
  registryResourceId?: string
  /** Where the rings came from: a file, or `'built-in'` for the built-in rings. Absent: not known, not shown. */
  policy?: PolicySource | 'built-in'
  /** Wall time of the run in milliseconds. */
  durationMs?: number
  /** Per-region replication and `latest`, when the engine reports it; else derived from the plan. */
  regions?: RegionState[]
  /** Used for "eligible in 5h" and similar; defaults to the current time. */
  now?: Date
}

export interface SummaryContext extends RunFacts {
  request?: RunRequest
  /** Inputs worth showing to a reviewer, in display order. Never pass secrets. */
  inputs?: Record<string, string | number | boolean | undefined>
  /** The action's outputs; shown collapsed, since they are also the step's outputs. */
  outputs?: Record<string, string | undefined>
  /** Approvers with their environments and times (from readApprovals); falls back to `result.approvedBy`. */
  approvals?: Approver[]
  /** Things the reviewer should know that did not fail the run (e.g. approvals unreadable). */
  warnings?: string[]
  /** Hard cap in UTF-8 bytes (default SUMMARY_MAX_BYTES). */
  maxBytes?: number
}

export interface CommentContext extends RunFacts {
  /** The policy's rings in order, so rings not reached yet show as such. */
  rings?: string[]
  /** What each ring holds now, read from the ring records; the ladder shows it when given. */
  ringState?: RingHolding[]
  /** Used when the run failed before a plan existed. */
  target?: TargetRef
  ring?: string
  version?: string
  operation?: Operation
  /** Hard cap in characters (default COMMENT_MAX_CHARS). */
  maxChars?: number
}
