// The job summary's retention section: every version, its decision and reason, escaped.
import { describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/core/model.js'
import { renderSummary } from '../../src/report/summary.js'
import { retiredEntries } from '../../src/retire/index.js'

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
    expect(md).toContain('## Planned (dry run)')
    expect(md).toContain('### Retention')
    expect(md).toContain('ring prod &lt;script&gt;')
    expect(md).not.toContain('<script>')
    expect(md).toMatch(
      /\| 1\.1\.0 \| End of life \(already set\), kept: in use \| 2026-01-01 \| in use by 1 scale set: rg-app\/web \|/,
    )
    expect(md).toMatch(/\| 1\.0\.0 \| To delete \|.*\| Planned \|/)
    const applied = renderSummary(result('promoted'))
    expect(applied).toContain('## Retired')
    expect(applied).toMatch(/\| 1\.0\.0 \| Deleted \|.*\| Applied \|/)
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
})
