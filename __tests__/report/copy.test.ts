// Every copy bug seen in real runs (issue 18), each pinned, plus the one verdict table read in every
// operation × verdict × dry-run combination.
import { describe, expect, it } from 'vitest'
import type { Operation, RunResult, Verdict } from '../../src/core/model.js'
import { gateAdvice, errorAdvice } from '../../src/report/advice.js'
import { policyAnnotations, runAnnotations } from '../../src/report/annotations.js'
import { renderComment } from '../../src/report/comment.js'
import { gateCounts } from '../../src/report/gates.js'
import { portalResourceUrl } from '../../src/report/links.js'
import { prose } from '../../src/report/markdown.js'
import { renderSummary } from '../../src/report/summary.js'
import { headline, outcomeWord, plainHeadline, verdictTitle } from '../../src/report/verdict.js'
import { applied, notAttempted, plan, promoted } from './builders.js'

const rollbackPlan = () => plan({ operation: 'rollback', version: '1.3.2', previousVersion: '1.4.0' })

describe('copy bugs of issue 18', () => {
  it('bad input: no "the ring" / "the target" placeholders', () => {
    const md = renderSummary({
      verdict: 'failed',
      dryRun: false,
      outcomes: [],
      verification: [],
      error: "Input 'ring' is empty",
    })
    expect(md).not.toMatch(/the ring|the target|the requested version/)
    expect(md).toContain('The run failed before a plan was made. Nothing was written.')
  })

  it('bad input: the comment names no "unknown" ring and adds no ladder row for it', () => {
    const body = renderComment(
      {
        verdict: 'failed',
        dryRun: false,
        outcomes: [],
        verification: [],
        error: "Input 'ring' is 'production'",
      },
      { target: { kind: 'gallery', key: 'k', display: 'gal/img' }, rings: ['canary', 'prod'] },
    )
    expect(body).not.toContain('unknown')
    expect(body).toContain('The run for <code>gal/img</code> failed before a plan was made.')
    const ladderRings = [...body.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1])
    expect(ladderRings).toEqual(['Ring', '---', 'canary', 'prod'])
  })

  it('a dry run that a gate blocked does not say "run again with dry-run: false to apply it"', () => {
    const p = plan()
    p.gates.push({ id: 'scan', title: 'Vulnerability scan', status: 'fail', details: '2 blocking' })
    const md = renderSummary({
      verdict: 'blocked',
      dryRun: true,
      plan: p,
      outcomes: notAttempted(p),
      verification: [],
    })
    expect(md).not.toMatch(/dry-run: false|to apply/)
    expect(md.split('\n')[0]).toBe('## ⛔ Blocked (dry run)')
    expect(md).toContain('would be blocked: 1 gate failed (Vulnerability scan). Nothing was written.')
  })

  it('a blocked rollback names the ring, not "Version prod"', () => {
    const p = plan({ operation: 'rollback', version: 'prod', ring: 'prod', previousVersion: undefined })
    p.gates.push({ id: 'target', title: 'Rollback target', status: 'fail', details: 'no earlier version' })
    const md = renderSummary({ verdict: 'blocked', dryRun: false, plan: p, outcomes: [], verification: [] })
    expect(md).not.toContain('Version <code>prod</code>')
    expect(md).toContain(
      'Ring <b>prod</b> on <code>gal/ubuntu-2404</code> was not rolled back: 1 gate failed (Rollback target).',
    )
  })

  it('"1 warning", not "1 warnings"', () => {
    expect(gateCounts([{ id: 'f', title: 'Freeze', status: 'warn', details: '' }])).toBe(
      '0 passed, 0 failed, 1 warning',
    )
    const md = renderSummary(promoted(), { warnings: ['approvals unreadable'] })
    expect(md).toContain('### ⚠ 1 warning')
  })

  it('backticks in warnings render as code, escaped', () => {
    const md = renderSummary(promoted(), {
      warnings: ['give the job `environment:` and `actions: read` <b>'],
    })
    expect(md).toContain('- give the job <code>environment:</code> and <code>actions: read</code> &lt;b&gt;')
    expect(prose('one ` tick').value).toBe('one &#96; tick')
  })

  it('the retire headline says "deleted" after it deleted, "to delete" before', () => {
    const change = { id: 'd', resource: '1.0.0', summary: 'delete version', payload: {} }
    const p = plan({
      operation: 'retire',
      ring: '',
      version: '',
      changes: [change],
      transitions: [],
      regions: [],
      retirement: [{ subject: '1.0.0', action: 'delete', reasons: ['old'], changeId: 'd' }],
    })
    const done = headline({
      verdict: 'promoted',
      dryRun: false,
      plan: p,
      outcomes: applied(p),
      verification: [],
    }).value
    expect(done).toContain('1 deleted')
    expect(done).not.toContain('to delete')
    const planned = headline({
      verdict: 'planned',
      dryRun: true,
      plan: p,
      outcomes: notAttempted(p),
      verification: [],
    }).value
    expect(planned).toContain('1 to delete')
  })

  it('the registry digest appears in full only in titles', () => {
    const digest = `sha256:${'ab'.repeat(32)}`
    const md = renderSummary(
      promoted({
        plan: plan({
          digest,
          target: { kind: 'registry', key: 'r', display: 'reg/app' },
          gates: [
            { id: 'exists', title: 'Source exists', status: 'pass', details: `app:1.4.0 is ${digest}` },
          ],
        }),
      }),
    )
    for (const hit of md.split(digest).slice(0, -1)) expect(hit.endsWith('title="')).toBe(true)
  })

  it('the retired output is not shown as raw JSON', () => {
    const retired = JSON.stringify([{ subject: '1.0.0', action: 'delete', status: 'applied' }])
    const md = renderSummary(promoted(), { outputs: { retired } })
    expect(md).toContain('<summary>Outputs (1)</summary>')
    expect(md).not.toContain('### Outputs')
  })
})

describe('one verdict table', () => {
  const operations: Operation[] = ['promote', 'rollback', 'retire']
  const verdicts: Verdict[] = ['promoted', 'unchanged', 'planned', 'blocked', 'failed']
  it('never says "promoted" for a rollback or a retirement', () => {
    for (const operation of operations.slice(1)) {
      for (const verdict of verdicts) {
        for (const dryRun of [false, true]) {
          const p =
            operation === 'rollback'
              ? rollbackPlan()
              : plan({ operation, ring: '', version: '', retirement: [] })
          const result: RunResult = { verdict, dryRun, plan: p, outcomes: notAttempted(p), verification: [] }
          const words = [
            verdictTitle(result, operation),
            plainHeadline(result),
            outcomeWord(verdict, operation),
          ]
          for (const w of words) expect(w).not.toMatch(/promot/i)
        }
      }
    }
    expect(outcomeWord('promoted', 'rollback')).toBe('rolled-back')
    expect(outcomeWord('promoted', 'retire')).toBe('retired')
  })
})

describe('actionable failures', () => {
  const replication = (details: string) => ({
    id: 'replication',
    title: 'Replication',
    status: 'fail' as const,
    details,
  })
  it('still replicating vs replication Failed', () => {
    expect(gateAdvice(replication('West US 3: Replicating 40%'))).toMatch(/^Still replicating/)
    expect(gateAdvice(replication('West US 3: Failed (quota)'))).toMatch(/^Replication failed: re-replicate/)
  })
  it('AuthorizationFailed names the missing permission and the role', () => {
    const advice = errorAdvice(
      "(AuthorizationFailed) The client 'x' does not have authorization to perform action 'Microsoft.Compute/galleries/images/versions/write' over scope '/subscriptions/s'",
    )
    expect(advice).toContain('Microsoft.Compute/galleries/images/versions/write')
    expect(advice).toContain('custom role in the README')
    expect(
      errorAdvice(
        "does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/push/write'",
      ),
    ).toContain('AcrPush')
  })
  it('a soak gate says when the version becomes eligible', () => {
    const gate = {
      id: 'soak',
      title: 'Soak',
      status: 'fail' as const,
      details: '1.4.0 has been in staging for 20h; prod needs 48h (eligible at 2026-12-04T22:00:00.000Z)',
    }
    expect(gateAdvice(gate, new Date('2026-12-03T18:00:00Z'))).toBe(
      'Soaking: eligible at 2026-12-04 22:00 UTC (in 1d 4h); re-run then.',
    )
  })
})

describe('links, comment ladder and log annotations', () => {
  it('portal links follow the cloud', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g'
    expect(portalResourceUrl(id)).toBe(`https://portal.azure.com/#resource${id}`)
    expect(portalResourceUrl(id, 'AzureUSGovernment')).toMatch(/^https:\/\/portal\.azure\.us\//)
    expect(portalResourceUrl(id, 'AzureChinaCloud')).toMatch(/^https:\/\/portal\.azure\.cn\//)
    expect(portalResourceUrl('not-an-id')).toBeUndefined()
  })

  it('a dry run never overwrites a real result in the ladder', () => {
    const real = renderComment(promoted(), { rings: ['prod'] })
    const p = plan()
    const dry = renderComment(
      { verdict: 'planned', dryRun: true, plan: p, outcomes: notAttempted(p), verification: [] },
      { rings: ['prod'] },
      real,
    )
    expect(dry).toMatch(/\| prod \| <b><code>1\.4\.0<\/code><\/b> \| [^|]+ \| ✅ Promoted \|/)
  })

  it('the ladder shows what each ring holds from the ring records', () => {
    const body = renderComment(promoted({ plan: plan({ ring: 'canary' }) }), {
      rings: ['canary', 'staging', 'prod'],
      ringState: [
        { ring: 'canary', version: '1.4.0', since: '2026-12-01T10:00:00Z' },
        { ring: 'staging', version: '1.2.0', since: '2026-11-20T10:00:00Z' },
        { ring: 'prod', version: '1.2.0', since: '2026-11-10T10:00:00Z' },
      ],
    })
    expect(body).toContain('| staging | <code>1.2.0</code> | 2026-11-20 10:00 | — |')
    expect(body).not.toContain('Not yet')
  })

  it('one annotation per failed gate, a notice on success, policy errors on their line', () => {
    const p = plan()
    p.gates.push(
      { id: 'scan', title: 'Scan', status: 'fail', details: '2 blocking' },
      { id: 'freeze', title: 'Freeze', status: 'fail', details: 'frozen' },
    )
    const blocked = runAnnotations({
      verdict: 'blocked',
      dryRun: false,
      plan: p,
      outcomes: [],
      verification: [],
    })
    expect(blocked.failed).toBe(true)
    expect(blocked.annotations.map((a) => a.title)).toEqual(['Gate failed: Scan', 'Gate failed: Freeze'])
    const ok = runAnnotations(promoted())
    expect(ok).toEqual({
      failed: false,
      annotations: [
        {
          level: 'notice',
          title: 'Promotion',
          message: 'Version 1.4.0 of gal/ubuntu-2404 is now in ring prod, replacing 1.3.2.',
        },
      ],
    })
    expect(
      policyAnnotations('.github/policy.yml', [
        'invalid YAML: Map keys must be unique at line 3, column 5',
        'rings: required',
      ]),
    ).toEqual([
      {
        level: 'error',
        title: 'Promotion policy',
        message: 'invalid YAML: Map keys must be unique at line 3, column 5',
        file: '.github/policy.yml',
        line: 3,
        col: 5,
      },
      { level: 'error', title: 'Promotion policy', message: 'rings: required', file: '.github/policy.yml' },
    ])
  })
})
