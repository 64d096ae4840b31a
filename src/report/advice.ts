// What to do about a failure, in one line, next to the failure itself (never repeated elsewhere).
// The gate and error texts come from the engine and from Azure; the patterns here are the ones those
// messages use (src/gallery/plan.ts, src/gates/ring.ts, ARM's AuthorizationFailed, registry DENIED).
import type { Gate } from '../core/model.js'

/** Still replicating is a matter of time; Failed needs an action; too few replicas needs more. */
function replicationAdvice(details: string): string | undefined {
  if (/:\s*Failed\b/.test(details)) {
    return 'Replication failed: re-replicate the version (update its target regions to retry), then re-run.'
  }
  if (/:\s*(Replicating|InProgress|Queued|Unknown)\b/i.test(details)) {
    return 'Still replicating: nothing is wrong, re-run this job once replication completes.'
  }
  if (/replicas, ring .* needs \d+/.test(details)) {
    return 'Too few replicas: raise the replica count in those regions, then re-run.'
  }
  if (/is not a target region/.test(details)) {
    return 'Add the missing regions to the version’s target regions (or change the ring’s regions), then re-run.'
  }
  return undefined
}

function soakAdvice(details: string, now: Date): string | undefined {
  const m = /eligible at (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(details)
  if (!m?.[1]) return undefined
  const at = new Date(m[1])
  if (Number.isNaN(at.getTime())) return undefined
  const when = `${m[1].slice(0, 16).replace('T', ' ')} UTC`
  const wait = at.getTime() - now.getTime()
  return wait > 0
    ? `Soaking: eligible at ${when} (in ${humanDuration(wait)}); re-run then.`
    : `Eligible since ${when}: re-run now.`
}

/** The action to take for a failed gate, or undefined when the details already say it. */
export function gateAdvice(gate: Gate, now: Date = new Date()): string | undefined {
  if (gate.status !== 'fail' && gate.status !== 'warn') return undefined
  if (gate.id === 'replication') return replicationAdvice(gate.details)
  if (gate.id === 'ring-order' || gate.id === 'soak') return soakAdvice(gate.details, now)
  return errorAdvice(gate.details)
}

/**
 * The missing permission for an authorization error, naming the role to grant; undefined for other errors.
 * ARM says `does not have authorization to perform action '<action>' over scope '<scope>'`.
 */
export function errorAdvice(error: string): string | undefined {
  const arm = /does not have authorization to perform action '([^']+)'/i.exec(error)
  if (arm?.[1]) {
    const action = arm[1]
    const role = /^Microsoft\.ContainerRegistry\//i.test(action)
      ? action.includes('delete')
        ? 'AcrDelete'
        : 'AcrPush'
      : 'a role with this action (the custom role in the README, or Contributor)'
    // The scope is in the error right above; the advice names only what to grant.
    return `Missing permission ${action}: grant the workflow’s identity ${role} on that scope, then re-run.`
  }
  if (/\bAuthorizationFailed\b/.test(error)) {
    return 'Missing permission: grant the workflow’s identity the custom role in the README (or Contributor) on the image definition, then re-run.'
  }
  if (/\bDENIED\b|HTTP 403\b|\bunauthorized\b/i.test(error)) {
    return /delet/i.test(error)
      ? 'Missing permission: grant the workflow’s identity AcrDelete on the registry, then re-run.'
      : 'Missing permission: grant the workflow’s identity AcrPush on the registry, then re-run.'
  }
  return undefined
}

/** `2d 3h`, `5h 10m`, `12m`: the two largest units. */
export function humanDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`
  return `${m}m`
}

/** Run wall time: `48s`, `3m 12s`, `1h 4m`. */
export function runDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`
  return humanDuration(ms)
}
