// The plain data that flows through observe → plan → apply → verify.
// Targets (gallery, registry) produce and consume these; the report layer renders them.
// Nothing here does I/O, so plans can be unit-tested, printed for dry runs and compared.
import type { ParsedReport, ScanSummary } from './evidence.js'

export type Operation = 'promote' | 'rollback' | 'retire'

/** Which version the run asks for (the `version` input, read by the action layer). */
export type VersionSpec =
  | { kind: 'exact'; value: string }
  | { kind: 'range'; value: string }
  | { kind: 'none' }
  /** Registry source: a tag or a digest, validated by the registry target. */
  | { kind: 'reference'; value: string }
  /** `from-ring`: exactly what that ring holds when the run observes (gallery version, registry digest). */
  | { kind: 'ring'; value: string }

export type GateStatus = 'pass' | 'fail' | 'warn' | 'skip'

/** One check made before any write. A single `fail` blocks the whole promotion. */
export interface Gate {
  /** Stable machine id, e.g. `exists`, `replication`, `ring-order`, `scan`. */
  id: string
  /** Short human title for tables. */
  title: string
  status: GateStatus
  /** One line that says why, with the values involved (plain text, escaped by the renderer). */
  details: string
}

/** One write the plan intends. `payload` is the target's own plain data (`Write`), which its `apply` takes. */
export interface Change<Write = unknown> {
  /** Stable id, unique within a plan, e.g. `version:1.2.0`, `tag:prod`. */
  id: string
  /** What is written, e.g. `1.2.0` or `app/web:prod`. */
  resource: string
  /** What changes, in words: `tags ring:prod added; excludeFromLatest true → false`. */
  summary: string
  payload: Write
  /**
   * Group key: consecutive changes with the same key are independent writes, applied at once, each with its
   * own outcome; the run stops after the group if any of them failed. Unset = applied alone, in order.
   */
  concurrent?: string
}

export type ChangeStatus = 'applied' | 'failed' | 'not-attempted'

export interface ChangeOutcome<Write = unknown> {
  change: Change<Write>
  status: ChangeStatus
  /** For failures: the step and the service's error code and message. */
  error?: string
}

/** What the request identifies, for reports and the sticky comment key. */
export interface TargetRef {
  kind: 'gallery' | 'registry'
  /** Stable key for one image definition or repository (used as the comment marker). */
  key: string
  /** Display name: `gallery/definition` or `registry/repository`. */
  display: string
}

/** A row for "before → after" tables (latest per region, tags per ring…). */
export interface Transition {
  subject: string
  before: string
  after: string
}

export interface Plan<Write = unknown> {
  target: TargetRef
  operation: Operation
  ring: string
  /** The version (gallery) or the source reference (registry) after resolution. */
  version: string
  /** Registry: the digest everything is pinned to. */
  digest?: string
  /** Full resource id (gallery) or `<registry>/<repository>@<digest>`. */
  imageId: string
  /** What the ring held before this run, if known. */
  previousVersion?: string
  /** Registry: the tags the ring moves. */
  tags?: string[]
  /** Regions the ring requires (gallery), normalised names. */
  regions: string[]
  gates: Gate[]
  /**
   * Ordered: apply runs them first to last and stops at the first failure (after the whole group, for
   * consecutive changes that share a `concurrent` key).
   */
  changes: Change<Write>[]
  /** Before → after rows that matter to a reviewer (latest per region, tags). */
  transitions: Transition[]
  /** Extra facts for reports (e.g. resolved from range `^1.4`). */
  notes: string[]
  /** Scan evidence the target itself carries (gallery: `scan.*` tags written by the build pipeline). */
  evidence?: ParsedReport[]
  /** Retire: the decision for every version (or digest), newest first. */
  retirement?: RetireDecision[]
  /**
   * Gallery: the version `latest` resolves to in every region of the definition, before the run and once the
   * planned writes are applied (null = no version visible to latest there).
   */
  latest?: { before: Record<string, string | null>; after: Record<string, string | null> }
  /** Range resolution: the candidates tried, highest first, and why each higher one was skipped. */
  candidates?: Candidate[]
  /** Gallery: per-region replication, requirement and `latest` before → after, from the versions read. */
  regionStates?: RegionState[]
  /**
   * What each ring of the policy holds, from the ring records: as read (`before`) and once this plan's writes
   * are in effect (`after`). The run result keeps the one that is true when the run ends.
   */
  rings?: { before: RingHolding[]; after: RingHolding[] }
}

/** One version a range matched, as range resolution judged it. */
export interface Candidate {
  version: string
  /** `chosen`: the highest that passes every gate; `skipped`: a gate failed; `untried`: lower than the chosen. */
  verdict: 'chosen' | 'skipped' | 'untried'
  /** For `skipped`: each failed gate, `Title: details`. */
  reasons: string[]
}

/** One region of a gallery image version, before and after the run. */
export interface RegionState {
  /** Normalised name (`eastus`) or display name (`East US`). */
  region: string
  /** Replication state from the version's replication status: `Completed`, `Replicating`, `Failed`… */
  state?: string
  /** Replication progress in percent, when the state is not `Completed`. */
  progress?: number
  /** Replica count in the region. */
  replicas?: number
  /** Whether the ring requires this region. */
  required: boolean
  /** Replicas the ring requires per region, when it sets a minimum. */
  requiredReplicas?: number
  /** The version `latest` resolves to in this region before the run and after it. */
  latestBefore?: string
  latestAfter?: string
}

/** What one ring holds now, read from the ring records (gallery tags or registry referrers). */
export interface RingHolding {
  ring: string
  /** Version (gallery) or source tag (registry); absent when the ring holds nothing. */
  version?: string
  digest?: string
  /** ISO time the ring took this version. */
  since?: string
}

/** What retirement decided for one version (gallery) or digest (registry), and why. */
export interface RetireDecision {
  /** Version name or digest. */
  subject: string
  /** `keep`: untouched; `end-of-life`: end-of-life date and exclusion from latest; `delete`: removed. */
  action: 'keep' | 'end-of-life' | 'delete'
  /** Why, in words: `ring prod`, `rollback target of prod`, `in use by 2 scale sets`, `within keep (2 of 5)`. */
  reasons: string[]
  /** The end-of-life date the version has (or will have) after this run, ISO. */
  endOfLife?: string
  /** Id of the change that carries the decision; none when nothing needs writing. */
  changeId?: string
  /** Scale sets and virtual machines found using the version (ARM ids). */
  usedBy?: string[]
  /** Registry: the tags on the digest (deleting the digest removes them). */
  tags?: string[]
}

export type Verdict = 'promoted' | 'unchanged' | 'planned' | 'blocked' | 'failed'

export interface RunResult {
  verdict: Verdict
  dryRun: boolean
  plan?: Plan
  outcomes: ChangeOutcome[]
  /** Read-back checks after apply. */
  verification: Gate[]
  /** Set when verdict is `failed`: what went wrong, naming the step. */
  error?: string
  /** Scan evidence, when reports were given or required. */
  scan?: ScanSummary
  /** Environment approvers of this run, when readable (their logins; `approvals` has the details). */
  approvedBy?: string[]
  /** The policy the run applied, so every report can say which rules held. */
  policy?: PolicyOrigin
  /** The environment approvals read once at the start of the run, with environments and times. */
  approvals?: Approver[]
  /** Set when verdict is `failed`: the phase of the run that failed (`validate`, `observe`, `apply`…). */
  phase?: string
  /** What each ring holds when the run ends, from the ring records (the PR comment's ladder). */
  ringState?: RingHolding[]
  /** Set when the policy file was refused: its path and each problem, for annotations on its lines. */
  policyProblems?: { file: string; problems: string[] }
}

/** One person who approved the run's environment (GitHub environment protection rules). */
export interface Approver {
  login: string
  /** Environment names this person approved (merged over their reviews). */
  environments: string[]
  comment?: string
  /** ISO time of the review, when the API gives one. */
  at?: string
}

/** Where a run's policy came from: a file path with its git blob SHA, or `built-in defaults` (no SHA). */
export interface PolicyOrigin {
  source: string
  blobSha?: string
}

export function policyOrigin(policy: PolicyOrigin): PolicyOrigin {
  return { source: policy.source, ...(policy.blobSha ? { blobSha: policy.blobSha } : {}) }
}

export function blocking(gates: Gate[]): Gate[] {
  return gates.filter((g) => g.status === 'fail')
}
