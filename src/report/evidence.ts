// The evidence file: one JSON document per run (promoted, blocked, failed or dry) shaped as an in-toto
// Statement v1, so `actions/attest` can sign it and an auditor can tell what was decided on which facts.
// Pure: action/main.ts writes it under $RUNNER_TEMP. Values are copied as data, never interpreted.
import { createHash } from 'node:crypto'
import type { RunResult, TargetRef } from '../core/model.js'

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
/** Versioned with the document's shape (docs/evidence.md describes it). */
export const EVIDENCE_PREDICATE_TYPE =
  'https://github.com/your-org/azure-image-promote/blob/main/docs/evidence.md#v1'

export interface EvidenceInput {
  result: RunResult
  /** The target as the request named it, for the subject of a run that failed before it had a plan. */
  target?: Pick<TargetRef, 'kind' | 'key' | 'display'>
  /** The step's inputs as given, secrets left out by the caller. */
  inputs: Record<string, string>
  policy?: { source: string; digest?: string }
  run: { actor: string; runUrl: string; sha: string }
  startedAt: Date
  finishedAt: Date
  /** The action itself: `GITHUB_ACTION_REPOSITORY` and `GITHUB_ACTION_REF` as the runner sets them. */
  action: { repository?: string; ref?: string }
}

export interface ResourceDescriptor {
  name: string
  digest: { sha256: string }
}

/**
 * The subject: a registry image by its manifest digest; a gallery version by its ARM ID, with the SHA-256 of
 * that ID in lowercase (ARM IDs are case-insensitive) as the digest of its identity, since a gallery version
 * has no content digest; a run without a plan by its target key.
 */
export function evidenceSubject(input: EvidenceInput): ResourceDescriptor {
  const plan = input.result.plan
  if (plan?.digest?.startsWith('sha256:')) {
    return { name: plan.imageId.replace(/@sha256:[0-9a-f]+$/, ''), digest: { sha256: plan.digest.slice(7) } }
  }
  const name = plan?.imageId || input.target?.key || 'unknown'
  return { name, digest: { sha256: sha256(name.toLowerCase()) } }
}

export function evidenceStatement(input: EvidenceInput) {
  const { result } = input
  const plan = result.plan
  return {
    _type: STATEMENT_TYPE,
    subject: [evidenceSubject(input)],
    predicateType: EVIDENCE_PREDICATE_TYPE,
    predicate: {
      action: input.action,
      run: {
        ...input.run,
        startedAt: input.startedAt.toISOString(),
        finishedAt: input.finishedAt.toISOString(),
      },
      inputs: input.inputs,
      policy: input.policy ?? null,
      verdict: result.verdict,
      dryRun: result.dryRun,
      error: result.error ?? null,
      target: plan?.target ?? input.target ?? null,
      observed: plan
        ? {
            version: plan.version,
            digest: plan.digest ?? null,
            imageId: plan.imageId,
            previousVersion: plan.previousVersion ?? null,
            regions: plan.regions,
            transitions: plan.transitions,
            latest: plan.latest ?? null,
            candidates: plan.candidates ?? [],
            notes: plan.notes,
          }
        : null,
      gates: plan?.gates ?? [],
      scan: result.scan
        ? {
            threshold: result.scan.threshold,
            counts: result.scan.counts,
            blocking: result.scan.blocking.length,
            allowed: result.scan.allowed.length,
            reports: result.scan.reports,
          }
        : null,
      plan: (plan?.changes ?? []).map((c) => ({ id: c.id, resource: c.resource, summary: c.summary })),
      writes: result.outcomes.map((o) => ({
        id: o.change.id,
        resource: o.change.resource,
        status: o.status,
        ...(o.error ? { error: o.error } : {}),
      })),
      readBack: result.verification,
      approvers: result.approvedBy ?? [],
    },
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
