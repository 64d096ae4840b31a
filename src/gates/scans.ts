// The scan gate as an evaluator: every report the run has (workspace, artifact tags, Defender) against the
// scan policy, bound to the plan's digest. No reports and no requirement: no gate at all.
import type { ScanPolicy } from '../core/policy.js'
import { evaluateScans } from '../scans/gate.js'
import type { GateEvaluator } from './evaluator.js'

export function scanGate(policy: ScanPolicy, now: Date): GateEvaluator {
  return {
    id: 'scan',
    evaluate: async ({ plan, reports }) => {
      if (reports.length === 0 && !policy.required) return { gates: [] }
      const { gates, summary } = evaluateScans({ reports, policy, now, subjectDigest: plan.digest })
      return { gates, scan: summary }
    },
  }
}
