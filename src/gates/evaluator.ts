// The one shape every gate evaluator has, and the gate phase that runs them in order. An evaluator reads the
// plan (and outside evidence, when it has a reader) and returns gates plus what it found, as data: the run
// result carries the scan summary, nothing escapes through a closure.
import type { ParsedReport, ScanSummary } from '../core/evidence.js'
import type { Gate, Plan } from '../core/model.js'

export interface GateInput {
  plan: Plan
  /** Scan evidence so far: the workspace's reports, what the artifact carries, what earlier evaluators found. */
  reports: ParsedReport[]
}

export interface GateFindings {
  gates: Gate[]
  /** Evidence this evaluator read, handed to the evaluators after it (Defender's findings feed the scan gate). */
  reports?: ParsedReport[]
  /** The scan summary, from the evaluator that weighed the scan evidence. */
  scan?: ScanSummary
}

export interface GateEvaluator {
  /** Names the evaluator in the log. */
  readonly id: string
  evaluate(input: GateInput): Promise<GateFindings>
}

export interface GatePhaseResult {
  gates: Gate[]
  scan?: ScanSummary
}

/** Runs the evaluators in order, each seeing the evidence of the ones before it. */
export async function evaluateGates(
  evaluators: readonly GateEvaluator[],
  plan: Plan,
  reports: readonly ParsedReport[],
): Promise<GatePhaseResult> {
  const evidence = [...reports]
  const result: GatePhaseResult = { gates: [] }
  for (const evaluator of evaluators) {
    const found = await evaluator.evaluate({ plan, reports: evidence })
    result.gates.push(...found.gates)
    evidence.push(...(found.reports ?? []))
    if (found.scan) result.scan = found.scan
  }
  return result
}
