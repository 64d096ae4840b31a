// The job summary's retention section: every version, its decision and reason, escaped.
import { describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/core/model.js'
import { renderComment } from '../../src/report/comment.js'
import { renderSummary } from '../../src/report/summary.js'
import { retiredEntries } from '../../src/action/outputs.js'

function result(verdict: RunResult['verdict']): RunResult {
  const change = { id: 'delete:1.0.0', resource: '1.0.0', summary: 'delete version', payload: {} }
  return {
    verdict,
    dryRun: verdict === 'planned',
    outcomes: [{ change, status: verdict === 'promoted' ? 'applied' : 'not-attempted' }],
    verification: [],
    plan: {
      target: { kind: 'gallery', key: 'k', display: 'gallery1/ubuntu' },
      operation: 'retire',
      ring: '',
      version: '',
      imageId: '/subscriptions/s/…/images/ubuntu',
      regions: [],
      gates: [],
      changes: [change],
      transitions: [],
      notes: [],
      retirement: [
        { subject: '1.2.0', action: 'keep', reasons: ['ring prod <script>'] },
        {
          subject: '1.1.0',
          action: 'end-of-life',
          reasons: ['in use by 1 scale set'],
          endOfLife: '2026-01-01T00:00:00.000Z',
          usedBy: [
            '/subscriptions/s/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachineScaleSets/web',
          ],
        },
        { subject: '1.0.0', action: 'delete', reasons: ['not in use'], changeId: 'delete:1.0.0' },
      ],
    },
  }
}

describe('retention in the summary and the retired output', () => {
  it('lists every version with decision and reason, escaped', () => {
    const md = renderSummary(result('planned'))
    expect(md).toContain('## 📝 Dry run: would retire')
    expect(md).toContain('### Retention')
    expect(md).toContain('ring prod &lt;script&gt;')
    expect(md).not.toContain('<script>')
    expect(md).toMatch(
      /\| 1\.1\.0 \| End of life \(already set\), kept: in use \| 2026-01-01 \| in use by 1 scale set: rg-app\/web \|/,
    )
    expect(md).toMatch(/\| 1\.0\.0 \| To delete \|.*\| Planned \|/)
    const applied = renderSummary(result('promoted'))
    expect(applied).toContain('## ✅ Retired')
    expect(applied).toMatch(/\| 1\.0\.0 \| Deleted \|.*\| ✓ Written \|/)
  })

  it('the retired output holds the versions leaving retention with their status', () => {
    expect(retiredEntries(result('promoted'))).toEqual([
      expect.objectContaining({
        subject: '1.1.0',
        action: 'end-of-life',
        status: 'unchanged',
        usedBy: [expect.stringContaining('/web')],
      }),
      expect.objectContaining({ subject: '1.0.0', action: 'delete', status: 'applied' }),
    ])
    expect(retiredEntries(result('planned'))[1]).toMatchObject({ status: 'planned' })
    expect(retiredEntries(undefined)).toEqual([])
  })

  it('a registry run lists digests with their tags, and says retirement when it fails', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    const base = result('failed')
    const registry: RunResult = {
      ...base,
      error: 'Applying team/web@sha256:aaaaaaaaaaaa failed: Deleting manifest … (DENIED, HTTP 403)',
      outcomes: [{ ...base.outcomes[0]!, status: 'failed' }],
      plan: {
        ...base.plan!,
        target: { kind: 'registry', key: 'registry:reg/team/web', display: 'reg/team/web' },
        retirement: [
          {
            subject: digest,
            action: 'delete',
            reasons: ['end of life 2026-10-20 passed'],
            tags: ['1.0.0', 'old_<b>'],
            changeId: 'delete:1.0.0',
          },
        ],
      },
    }
    const md = renderSummary(registry)
    expect(md).toContain('## ❌ Retirement failed')
    expect(md).toContain('Applying retention to <code>reg/team/web</code> failed. Nothing was written.')
    expect(md).toContain('| Digest | Tags | Decision | End of life | Reason | Write |')
    expect(md).toContain(
      `| <code title="${digest}">sha256:aaaaaaaaaaaa</code> | 1.0.0, old&#95;&lt;b&gt; | To delete |`,
    )
    expect(md).toContain('finishes the run from where it stopped')
    expect(md).not.toContain('promotion')
    expect(retiredEntries(registry)[0]).toMatchObject({
      subject: digest,
      tags: ['1.0.0', 'old_<b>'],
      status: 'failed',
    })
  })

  it('the sticky comment says retention and leaves the ring ladder as it was', () => {
    const previous = renderComment(
      {
        verdict: 'promoted',
        dryRun: false,
        outcomes: [],
        verification: [],
        plan: {
          ...result('promoted').plan!,
          operation: 'promote',
          ring: 'prod',
          version: '1.2.0',
          retirement: undefined,
        },
      },
      { rings: ['canary', 'prod'], now: new Date('2026-11-01T00:00:00Z') },
    )
    const body = renderComment(result('promoted'), { rings: ['canary', 'prod'] }, previous)
    expect(body.split('\n')[1]).toBe('### ✅ Retired')
    expect(body).toContain('| prod | <code>1.2.0</code> | 2026-11-01 00:00 | ✅ Promoted |')
    expect(body).not.toContain('<b></b>')
  })
})
