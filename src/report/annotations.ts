// The log side of a run, as data: which annotations to emit and whether the step fails. The action edge
// (main.ts) emits them with core.notice/warning/error and sets the exit code without `setFailed`, which
// would add one more error annotation repeating every failed gate.
import type { Operation, RunResult } from '../core/model.js'
import { errorAdvice, gateAdvice } from './advice.js'
import type { RunRequest } from './types.js'
import { plainHeadline } from './verdict.js'

export interface Annotation {
  level: 'notice' | 'warning' | 'error'
  title?: string
  message: string
  /** Repository-relative file, for annotations shown on the PR diff. */
  file?: string
  line?: number
  col?: number
}

export interface RunAnnotations {
  annotations: Annotation[]
  /** Whether the step fails (exit code 1). */
  failed: boolean
}

function withAdvice(text: string, advice: string | undefined): string {
  return advice ? `${text}\n${advice}` : text
}

/** One annotation per failed gate, one per warning gate, the verdict as a notice or the error once. */
export function runAnnotations(
  result: RunResult,
  request: RunRequest = {},
  now: Date = new Date(),
): RunAnnotations {
  const gates = result.plan?.gates ?? []
  const annotations: Annotation[] = []
  for (const gate of gates.filter((g) => g.status === 'fail')) {
    annotations.push({
      level: 'error',
      title: `Gate failed: ${gate.title}`,
      message: withAdvice(gate.details, gateAdvice(gate, now)),
    })
  }
  for (const gate of gates.filter((g) => g.status === 'warn')) {
    annotations.push({
      level: 'warning',
      title: gate.title,
      message: withAdvice(gate.details, gateAdvice(gate, now)),
    })
  }
  const sentence = plainHeadline(result, request)
  switch (result.verdict) {
    case 'failed':
      annotations.push({
        level: 'error',
        title: sentence,
        message: withAdvice(result.error ?? sentence, result.error ? errorAdvice(result.error) : undefined),
      })
      return { annotations, failed: true }
    case 'blocked':
      // The gates above say why; a blocked run with no failed gate still says so once.
      if (annotations.every((a) => a.level !== 'error'))
        annotations.push({ level: 'error', message: sentence })
      return { annotations, failed: true }
    default:
      annotations.push({
        level: 'notice',
        title: operationTitle(request.operation ?? result.plan?.operation),
        message: sentence,
      })
      return { annotations, failed: false }
  }
}

function operationTitle(operation: Operation | undefined): string {
  return operation === 'retire' ? 'Retention' : operation === 'rollback' ? 'Rollback' : 'Promotion'
}

/**
 * Policy file problems (`PolicyError.problems`) as annotations on the file, at the line the YAML parser
 * named (`at line 3, column 5` or `(line 3)`); problems without a position annotate the file itself.
 */
export function policyAnnotations(file: string, problems: readonly string[]): Annotation[] {
  return problems.map((problem) => {
    const at = /\bline (\d+)(?:, column (\d+))?/.exec(problem)
    return {
      level: 'error' as const,
      title: 'Promotion policy',
      message: problem,
      file,
      ...(at?.[1] ? { line: Number(at[1]) } : {}),
      ...(at?.[2] ? { col: Number(at[2]) } : {}),
    }
  })
}
