import { blocking, type ChangeOutcome, type Gate, type Plan, type RunResult } from './model.js'
import type { PlanContext, Target } from './target.js'

export interface EngineOptions {
  dryRun: boolean
  /** Gates that do not depend on the target's state, such as scan reports, evaluated against the plan's subject. */
  extraGates?: (plan: Plan) => Gate[]
  /** Progress messages (main.ts routes them to the log). */
  log?: (message: string) => void
}

/** observe → plan → (stop here for dry runs or failed gates) → apply in order → verify by reading back. */
export async function runTarget<S>(
  target: Target<S>,
  ctx: PlanContext,
  options: EngineOptions,
): Promise<RunResult> {
  const log = options.log ?? (() => {})
  const state = await target.observe()
  const plan = target.plan(state, ctx)
  if (options.extraGates) plan.gates.push(...options.extraGates(plan))

  const base = { dryRun: options.dryRun, plan, verification: [] as Gate[] }
  if (blocking(plan.gates).length > 0) return { ...base, verdict: 'blocked', outcomes: notAttempted(plan) }
  if (options.dryRun) return { ...base, verdict: 'planned', outcomes: notAttempted(plan) }
  if (plan.changes.length === 0) return { ...base, verdict: 'unchanged', outcomes: [] }

  const outcomes = notAttempted(plan)
  for (const outcome of outcomes) {
    log(`Applying ${outcome.change.resource}: ${outcome.change.summary}`)
    try {
      await target.apply(outcome.change)
      outcome.status = 'applied'
    } catch (error) {
      outcome.status = 'failed'
      outcome.error = messageOf(error)
      return {
        ...base,
        verdict: 'failed',
        outcomes,
        error: `Applying ${outcome.change.resource} failed: ${outcome.error}`,
      }
    }
  }

  const verification = await target.verify(plan)
  const failedChecks = blocking(verification)
  if (failedChecks.length > 0) {
    const error = `Read-back verification failed: ${failedChecks.map((g) => g.details).join('; ')}`
    return { ...base, verdict: 'failed', outcomes, verification, error }
  }
  return { ...base, verdict: 'promoted', outcomes, verification }
}

function notAttempted(plan: Plan): ChangeOutcome[] {
  return plan.changes.map((change) => ({ change, status: 'not-attempted' as const }))
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
