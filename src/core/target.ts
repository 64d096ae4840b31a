import type { Change, Gate, Operation, Plan, TargetRef } from './model.js'
import type { Policy, RingPolicy } from './policy.js'

/** Who is promoting, written into the promotion record on the artifact (tags / referrer). */
export interface PromotionRecord {
  at: Date
  actor: string
  runUrl: string
  sha: string
  /** Environment approvers of this run, when the token could read them. */
  approvedBy: string[]
}

export interface PlanContext {
  operation: Operation
  ring: RingPolicy
  policy: Policy
  now: Date
  record: PromotionRecord
}

/**
 * A promotion target: one gallery image definition or one registry repository.
 * `observe` and `apply`/`verify` do I/O; `plan` is pure so it can be tested and shown as a dry run.
 */
export interface Target<State, Write = unknown> {
  readonly ref: TargetRef
  /** Read everything the plan needs, in as few requests as possible. */
  observe(): Promise<State>
  /** Decide gates and the ordered writes. Must not do I/O. */
  plan(state: State, ctx: PlanContext): Plan<Write>
  /** Perform one planned write; idempotent, so a re-run after a partial failure finishes the job. */
  apply(change: Change<Write>): Promise<void>
  /** Read back and check that every intended state holds. */
  verify(plan: Plan<Write>): Promise<Gate[]>
  /**
   * When the plan of `state` is blocked and `state` chose its subject among candidates (a version range): the
   * state with the next candidate, highest first; undefined when there is none. Lets the engine promote the
   * highest version that passes every gate instead of the highest that matches.
   */
  fallback?(state: State): Promise<State | undefined>
}
