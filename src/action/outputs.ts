// Every output of the step, from the run result and the settings. Pure: main.ts sets them with core.setOutput.
import type { RunResult } from '../core/model.js'
import { outcomeWord } from '../report/verdict.js'
import type { Settings } from '../run/settings.js'
import { Output } from './names.js'

/** The outputs by name; with no settings (bad input) or no plan (failed early), the empty values. */
export function actionOutputs(result: RunResult, settings: Settings | undefined): Record<string, string> {
  const plan = result.plan
  // Retirement promotes nothing: `result` and `retired` carry its outcome.
  const promoted =
    settings?.operation !== 'retire' &&
    !result.dryRun &&
    (result.verdict === 'promoted' || result.verdict === 'unchanged')
  const outputs: Record<string, string> = {
    [Output.Promoted]: String(promoted),
    [Output.Version]: plan?.version ?? '',
    [Output.Ring]: settings?.ring ?? '',
    [Output.ImageId]: plan?.imageId ?? '',
    [Output.PreviousVersion]: plan?.previousVersion ?? '',
    [Output.Regions]: JSON.stringify(plan?.regions ?? []),
    [Output.Changed]: String(changed(result)),
    [Output.LatestChanged]: JSON.stringify(latestChanged(result)),
  }
  if (settings?.target.kind === 'gallery' && settings.operation !== 'retire') {
    outputs[Output.LatestByRegion] = JSON.stringify(latestByRegion(result))
  }
  if (settings?.target.kind === 'registry') {
    outputs[Output.Digest] = plan?.digest ?? ''
    outputs[Output.ImageRef] = plan?.imageId ?? ''
    outputs[Output.Tags] = JSON.stringify(plan?.tags ?? [])
  }
  if (settings?.operation === 'retire') {
    outputs[Output.Retired] = JSON.stringify(retiredEntries(result))
  }
  outputs[Output.Result] = JSON.stringify(resultJson(result, settings))
  return outputs
}

/** `changed`: this run wrote something (a no-op re-run is `promoted` but not `changed`). */
function changed(result: RunResult | undefined): boolean {
  return !!result && !result.dryRun && result.outcomes.some((o) => o.status === 'applied')
}

/**
 * `latest-changed`: the regions whose `latest` this run moved, with the version before and after. Only a run
 * whose writes all landed and read back can say so; any other run reports `{}`.
 */
function latestChanged(
  result: RunResult | undefined,
): Record<string, { before: string | null; after: string | null }> {
  const latest = result?.plan?.latest
  if (!latest || result.verdict !== 'promoted') return {}
  return Object.fromEntries(
    Object.entries(latest.after)
      .filter(([region, after]) => latest.before[region] !== after)
      .map(([region, after]) => [region, { before: latest.before[region] ?? null, after }]),
  )
}

/** `latest-by-region`: what `latest` resolves to in each region at the end of the run. */
function latestByRegion(result: RunResult | undefined): Record<string, string | null> {
  const latest = result?.plan?.latest
  if (!latest) return {}
  return result.verdict === 'promoted' ? latest.after : latest.before
}

/** The `result` output: one JSON object a later step can parse. */
function resultJson(result: RunResult, settings: Settings | undefined) {
  const plan = result.plan
  return {
    // `rolled-back` and `retired` for those operations: a later step never reads "promoted" for them.
    verdict: outcomeWord(result.verdict, settings?.operation),
    dryRun: settings?.dryRun ?? false,
    operation: settings?.operation,
    target: plan?.target,
    ring: settings?.ring,
    version: plan?.version,
    digest: plan?.digest,
    imageId: plan?.imageId,
    previousVersion: plan?.previousVersion,
    regions: plan?.regions ?? [],
    gates: plan?.gates ?? [],
    changes: result.outcomes.map((o) => ({
      resource: o.change.resource,
      summary: o.change.summary,
      status: o.status,
      ...(o.error ? { error: o.error } : {}),
    })),
    transitions: plan?.transitions ?? [],
    ...(plan?.candidates ? { candidates: plan.candidates } : {}),
    verification: result.verification,
    scan: result.scan ? { counts: result.scan.counts, blocking: result.scan.blocking.length } : undefined,
    approvedBy: result.approvedBy ?? [],
    error: result.error,
    policy: result.policy,
  }
}

export interface RetiredEntry {
  /** Version name or digest. */
  subject: string
  action: 'end-of-life' | 'delete'
  /** `planned` (dry run or blocked), `applied`, `failed`, `not-attempted`, `unchanged` (already so). */
  status: 'planned' | 'applied' | 'failed' | 'not-attempted' | 'unchanged'
  endOfLife?: string
  reasons: string[]
  /** ARM ids of the scale sets and virtual machines using it (kept because in use). */
  usedBy?: string[]
  /** Registry: the tags on the digest. */
  tags?: string[]
  error?: string
}

/** The `retired` output: every version leaving retention, with the action and what happened to it. */
export function retiredEntries(result: RunResult | undefined): RetiredEntry[] {
  const decisions = result?.plan?.retirement ?? []
  const outcomes = new Map((result?.outcomes ?? []).map((o) => [o.change.id, o]))
  return decisions.flatMap((d): RetiredEntry[] => {
    if (d.action === 'keep') return []
    const outcome = d.changeId ? outcomes.get(d.changeId) : undefined
    let status: RetiredEntry['status'] = 'unchanged'
    if (d.changeId) {
      if (!outcome || outcome.status === 'not-attempted') {
        status = result?.verdict === 'planned' || result?.verdict === 'blocked' ? 'planned' : 'not-attempted'
      } else status = outcome.status
    }
    return [
      {
        subject: d.subject,
        action: d.action,
        status,
        ...(d.endOfLife ? { endOfLife: d.endOfLife } : {}),
        reasons: d.reasons,
        ...(d.usedBy?.length ? { usedBy: d.usedBy } : {}),
        ...(d.tags ? { tags: d.tags } : {}),
        ...(outcome?.error ? { error: outcome.error } : {}),
      },
    ]
  })
}
