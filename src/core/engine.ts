import {
  blocking,
  type Candidate,
  type Change,
  type ChangeOutcome,
  type Gate,
  type Plan,
  type RunResult,
} from './model.js'
import type { ScanSummary } from './evidence.js'
import type { PlanContext, Target } from './target.js'
import { messageOf } from './errors.js'

/** What a read-back says about a write whose request failed: the response may have been lost after it landed. */
export type WriteCheck = 'applied' | 'not-applied' | 'in-progress'

/** Targets that can tell whether one write is in effect (used only after that write's request failed). */
export interface CheckableTarget<Write = unknown> {
  check(change: Change<Write>): Promise<WriteCheck>
}

export interface EngineOptions {
  dryRun: boolean
  /** Progress messages (main.ts routes them to the log). */
  log?: (message: string) => void
}

/**
 * observe → plan → (stop here for dry runs or failed gates) → apply in order, a `concurrent` group at once →
 * verify by reading back. The run layer calls the same steps one by one, as logged phases, with its own gates
 * between plan and apply.
 */
export async function runTarget<S, W>(
  target: Target<S, W>,
  ctx: PlanContext,
  options: EngineOptions,
): Promise<RunResult> {
  const observed = await target.observe()
  const { plan } = await eligiblePlan(target, observed, target.plan(observed, ctx), ctx, NO_OUTSIDE_GATES)
  const early = decide(plan, options.dryRun)
  if (early) return early
  const applied = await applyPlan(target, plan, options.log ?? (() => {}))
  if (applied.error !== undefined) return applied
  return verifyPlan(target, plan, applied.outcomes)
}

/** Gates from outside the target (scans, Defender), evaluated against one plan; `scan` is the scan summary. */
export type OutsideGates = (plan: Plan) => Promise<{ gates: Gate[]; scan?: ScanSummary }>

const NO_OUTSIDE_GATES: OutsideGates = async () => ({ gates: [] })

/** The result of a run that stops before any write (gates failed, dry run, nothing to do); undefined: go on. */
export function decide(plan: Plan, dryRun: boolean): RunResult | undefined {
  const base = { dryRun, plan, verification: [] as Gate[] }
  if (blocking(plan.gates).length > 0) return { ...base, verdict: 'blocked', outcomes: notAttempted(plan) }
  if (dryRun) return { ...base, verdict: 'planned', outcomes: notAttempted(plan) }
  if (plan.changes.length === 0) return { ...base, verdict: 'unchanged', outcomes: [] }
  return undefined
}

/** Applies the plan's changes group by group; a failed group ends the run with a `failed` result. */
export async function applyPlan<S, W>(
  target: Target<S, W>,
  plan: Plan<W>,
  log: (message: string) => void,
): Promise<RunResult & { outcomes: ChangeOutcome<W>[] }> {
  const outcomes = notAttempted(plan)
  const base = { dryRun: false, plan, outcomes, verification: [] as Gate[] }
  for (const group of groups(outcomes)) {
    const errors = await applyGroup(target, group, log)
    if (errors.length > 0) return { ...base, verdict: 'failed', error: errors.join('; ') }
  }
  return { ...base, verdict: 'promoted' }
}

/** Reads back every intended state once every write is done. */
export async function verifyPlan<S, W>(
  target: Target<S, W>,
  plan: Plan<W>,
  outcomes: ChangeOutcome<W>[],
): Promise<RunResult> {
  const base = { dryRun: false, plan, outcomes, verification: [] as Gate[] }
  // Every write is done: a failing read-back must not lose the record of what was written.
  let verification: Gate[]
  try {
    verification = await target.verify(plan)
  } catch (error) {
    const message = `Read-back verification failed: ${messageOf(error)} (all ${outcomes.length} write(s) were applied)`
    return { ...base, verdict: 'failed', error: message }
  }
  const failedChecks = blocking(verification)
  if (failedChecks.length > 0) {
    const error = `Read-back verification failed: ${failedChecks.map((g) => g.details).join('; ')}`
    return { ...base, verdict: 'failed', verification, error }
  }
  return { ...base, verdict: 'promoted', verification }
}

/** Candidates tried before giving up: each costs a read, and a gate that blocks one usually blocks them all. */
const MAX_CANDIDATES = 10

/**
 * The plan to run, its outside gates added: the observed subject's, or, when gates block it and the target chose
 * it among candidates (a range), the plan of the highest candidate that passes every gate. With none eligible,
 * the highest candidate's plan (blocked), listing why each candidate was skipped. `scan` belongs to the plan
 * returned.
 */
export async function eligiblePlan<S, W>(
  target: Target<S, W>,
  observed: S,
  planned: Plan<W>,
  ctx: PlanContext,
  outside: OutsideGates,
): Promise<{ plan: Plan<W>; scan?: ScanSummary }> {
  const skipped: Candidate[] = []
  let state: S | undefined = observed
  let first: { plan: Plan<W>; scan?: ScanSummary } | undefined
  while (state !== undefined) {
    const plan: Plan<W> = first ? target.plan(state, ctx) : planned
    const found = await outside(plan)
    plan.gates.push(...found.gates)
    const judged = { plan, ...(found.scan ? { scan: found.scan } : {}) }
    first ??= judged
    const failed = blocking(plan.gates)
    if (failed.length === 0) {
      return skipped.length > 0 ? { ...judged, plan: withCandidates(plan, skipped, 'chosen') } : judged
    }
    if (!target.fallback) return judged
    skipped.push({
      version: plan.version,
      verdict: 'skipped',
      reasons: failed.map((g) => `${g.title}: ${g.details}`),
    })
    state = skipped.length < MAX_CANDIDATES ? await target.fallback(state) : undefined
  }
  return skipped.length > 1 ? { ...first!, plan: withCandidates(first!.plan, skipped, 'none') } : first!
}

function withCandidates<W>(plan: Plan<W>, skipped: Candidate[], outcome: 'chosen' | 'none'): Plan<W> {
  const candidates: Candidate[] = [...skipped]
  if (outcome === 'chosen') candidates.push({ version: plan.version, verdict: 'chosen', reasons: [] })
  const notes = skipped.map((c) => `skipped ${c.version}: ${c.reasons.join('; ')}`)
  const head =
    outcome === 'chosen'
      ? `${plan.version} is the highest eligible version; higher versions skipped:`
      : `no candidate passes every gate (${skipped.length} tried, highest first):`
  return {
    ...plan,
    candidates: mergeCandidates(plan.candidates, candidates),
    notes: [...plan.notes, head, ...notes],
  }
}

/** The target's own candidate list (untried lower ones included) updated with what the engine decided. */
function mergeCandidates(listed: Candidate[] | undefined, decided: Candidate[]): Candidate[] {
  const rest = (listed ?? []).filter((c) => !decided.some((d) => d.version === c.version))
  return [...decided, ...rest]
}

/** Consecutive outcomes whose changes share a `concurrent` key form one group; every other change is alone. */
function groups<W>(outcomes: ChangeOutcome<W>[]): ChangeOutcome<W>[][] {
  const result: ChangeOutcome<W>[][] = []
  for (const outcome of outcomes) {
    const key = outcome.change.concurrent
    const last = result.at(-1)
    if (key !== undefined && last?.[0]?.change.concurrent === key) last.push(outcome)
    else result.push([outcome])
  }
  return result
}

/**
 * Applies every change of a group at once and waits for all of them, so each outcome is exact. Returns one
 * message per failed change, in plan order (none = all applied).
 */
async function applyGroup<S, W>(
  target: Target<S, W>,
  group: ChangeOutcome<W>[],
  log: (message: string) => void,
): Promise<string[]> {
  for (const { change } of group) log(`Applying ${change.resource}: ${change.summary}`)
  const settled = await Promise.allSettled(group.map((o) => target.apply(o.change)))
  const errors: string[] = []
  // One read-back at a time: a target's check may set up state for itself (a grace signal) while it runs.
  for (const [i, result] of settled.entries()) {
    const outcome = group[i]!
    if (result.status === 'fulfilled') {
      outcome.status = 'applied'
      continue
    }
    await recordFailure(target, outcome, result.reason)
    errors.push(`Applying ${outcome.change.resource} failed: ${outcome.error}`)
  }
  return errors
}

/** The report must say exactly what changed: a write whose response was lost may still have landed. */
async function recordFailure<S, W>(
  target: Target<S, W>,
  outcome: ChangeOutcome<W>,
  error: unknown,
): Promise<void> {
  let landed = await settle(target, outcome.change)
  // A request cut off by the deadline may still be in flight: not seeing it yet proves nothing.
  if (landed === 'not-applied' && isTimeout(error)) landed = 'unknown'
  outcome.status = landed === 'applied' ? 'applied' : 'failed'
  outcome.error = messageOf(error) + (landed ? LANDED[landed] : '')
}

const LANDED: Record<WriteCheck | 'unknown', string> = {
  applied: ' (a read-back shows the write took effect anyway)',
  'not-applied': ' (a read-back shows it was not written)',
  'in-progress': ' (Azure accepted the write and is still applying it; a re-run finishes or confirms it)',
  unknown:
    ' (the write may or may not take effect: it was cut off, or could not be read back; a re-run reconciles it)',
}

function isTimeout(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'TimedOutError'
}

/** undefined when the target cannot check; `unknown` when the check itself failed. */
async function settle<S, W>(
  target: Target<S, W>,
  change: Change<W>,
): Promise<WriteCheck | 'unknown' | undefined> {
  const checkable = target as Partial<CheckableTarget<W>>
  if (typeof checkable.check !== 'function') return undefined
  try {
    return await checkable.check(change)
  } catch {
    return 'unknown'
  }
}

function notAttempted<W>(plan: Plan<W>): ChangeOutcome<W>[] {
  return plan.changes.map((change) => ({ change, status: 'not-attempted' as const }))
}
