// Microsoft Defender for Cloud as a gate evaluator: its `defender` gate, and its findings as a report for the
// scan gate after it. The Resource Graph client is loaded with import() on first use, so a run that does not
// ask Defender never loads it.
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline'
import type { TokenCredential } from '@azure/identity'
import type { Deadline } from '../azure/deadline.js'
import type { GateEvaluator } from './evaluator.js'

export interface DefenderGateOptions {
  credential: TokenCredential
  armEndpoint: string
  userAgent: string
  retryOptions: PipelineRetryOptions
  deadline: Deadline
  subscriptionId?: string
  registry: string
  repository: string
}

export function defenderGate(options: DefenderGateOptions): GateEvaluator {
  const { registry, repository, ...client } = options
  const lookup = import('../scans/defender.js').then(({ createDefenderForCloud }) =>
    createDefenderForCloud(client),
  )
  // A rejected import is awaited in evaluate(); this keeps it from also reporting as unhandled before that.
  lookup.catch(() => {})
  return {
    id: 'defender',
    // Dry runs ask Defender too: it is a read, and the plan should show what would block.
    evaluate: async ({ plan }) => {
      const found = await (await lookup).evidence({ registry, repository, digest: plan.digest ?? '' })
      return { gates: [found.gate], ...(found.report ? { reports: [found.report] } : {}) }
    },
  }
}
