import { describe, expect, it } from 'vitest'

import type { RunResult } from '../../src/core/model.js'
import { renderSummary, SUMMARY_MAX_BYTES } from '../../src/report/summary.js'
import { finding, notAttempted, plan, promoted, scan } from './builders.js'

const runUrl = 'https://github.com/octo-org/octo-repo/actions/runs/42'

function lines(md: string): string[] {
  return md.split('\n')
}

describe('renderSummary', () => {
  it('promoted: verdict, sentence, gates, before → after, changes, approvers, outputs', () => {
    const md = renderSummary(promoted({ approvedBy: ['alice'] }), {
      runUrl,
      outputs: { promoted: 'true', version: '1.4.0', ring: 'prod' },
      approvals: [{ login: 'alice', environments: ['production'], at: '2026-11-23T09:00:00Z' }],
    })
    const l = lines(md)
    expect(l[0]).toBe('## ✅ Promoted')
    expect(l[2]).toBe(
      'Version <code>1.4.0</code> of <code>gal/ubuntu-2404</code> is now in ring <b>prod</b>, replacing <code>1.3.2</code>.',
    )
    // Passing gates and the read-back check fold into one line.
    expect(md).toContain('<summary>✓ 3 gates passed · read-back verified (1 check)</summary>')
    expect(md).toContain('| Version exists | ✓ Pass | 1.4.0 is Succeeded |')
    expect(md).toContain('| eastus | — | yes | <code>1.3.2</code> → <b><code>1.4.0</code></b> |')
    expect(md).toContain('<summary>2 changes written</summary>')
    expect(md).toContain('| 1.4.0 | tags ring:prod added; excludeFromLatest true → false | ✓ Written |')
    // Approvers with their time, in the facts; no empty "Approved at" column.
    expect(md).toContain(
      '<th align="left">Approved by</th><td><code>alice</code> (2026-11-23 09:00 UTC)</td>',
    )
    expect(md).not.toContain('Approved at')
    expect(md).toContain('<summary>Outputs (3)</summary>')
    expect(md).toContain(`<a href="${runUrl}">Workflow run</a>`)
    expect(md).not.toMatch(/dry run/i)
  })

  it('rollback reads as a rollback', () => {
    const p = plan({ operation: 'rollback', version: '1.3.2', previousVersion: '1.4.0' })
    const md = renderSummary(promoted({ plan: p }))
    expect(lines(md)[0]).toBe('## ✅ Rolled back')
    expect(md).toContain(
      'Ring <b>prod</b> on <code>gal/ubuntu-2404</code> is rolled back to version <code>1.3.2</code> (was <code>1.4.0</code>).',
    )
  })

  it('unchanged: already in ring, nothing written', () => {
    const p = plan({ changes: [], transitions: [] })
    const md = renderSummary({ verdict: 'unchanged', dryRun: false, plan: p, outcomes: [], verification: [] })
    expect(lines(md)[0]).toBe('## ☑️ Already in ring')
    expect(md).toContain('was already in ring <b>prod</b>; nothing was written.')
    expect(md).not.toContain('### Changes')
  })

  it('dry run: marked as a plan everywhere', () => {
    const p = plan()
    const md = renderSummary({
      verdict: 'planned',
      dryRun: true,
      plan: p,
      outcomes: notAttempted(p),
      verification: [],
    })
    const l = lines(md)
    expect(l[0]).toBe('## 📝 Dry run: would promote')
    expect(l[2]).toContain('Dry run: promoting version')
    expect(l[2]).toContain('would make 2 changes. Nothing was written; run without `dry-run` to apply.')
    expect(md).toContain('### Planned changes (dry run, not written)')
    expect(md).toContain('| Planned |')
    expect(md).not.toContain('| ✓ Written |')
  })

  it('blocked: names the failing gates, lists blocking findings, nothing written', () => {
    const p = plan()
    p.gates.push({
      id: 'scan',
      title: 'Vulnerability scan',
      status: 'fail',
      details: '2 blocking findings at or above high',
    })
    const result: RunResult = {
      verdict: 'blocked',
      dryRun: false,
      plan: p,
      outcomes: notAttempted(p),
      verification: [],
      scan: scan([finding(0), finding(1)], {
        allowed: [
          {
            finding: finding(2, { severity: 'high' }),
            allowance: { id: 'CVE-2026-10002', until: new Date('2026-12-31'), reason: 'not reachable' },
          },
        ],
        expired: [{ id: 'CVE-2025-1', until: new Date('2026-01-31'), reason: 'old' }],
      }),
    }
    const md = renderSummary(result)
    expect(lines(md)[0]).toBe('## ⛔ Blocked')
    expect(md).toContain('1 gate failed (Vulnerability scan). Nothing was written.')
    expect(md).toContain('### Gates (1 failed)')
    expect(md).toContain('| Vulnerability scan | <b>✗ Fail</b> | 2 blocking findings at or above high |')
    expect(md).toContain('<summary>2 changes not written (blocked)</summary>')
    expect(md).toContain('### Vulnerability scan: 2 blocking · 1 critical, 1 high, 2 medium, 1 low')
    expect(md).toContain('| CVE-2026-10000 | Critical | pkg-0 | 1.0.0 | 1.0.1 | reports/trivy.json |')
    expect(md).toContain('| CVE-2026-10002 | High | pkg-2 | 2026-12-31 | not reachable |')
    expect(md).toContain('<b>Expired allowances: 1</b> (ignored; the findings they covered count again)')
    expect(md).toContain('| CVE-2025-1 | 2026-01-31 | old |')
  })

  it('failed partway: says exactly what was written and what was not', () => {
    const p = plan()
    p.changes.push({ id: 'version:1.2.0', resource: '1.2.0', summary: 'tags ring:prod removed', payload: {} })
    const [c1, c2, c3] = p.changes
    const result: RunResult = {
      verdict: 'failed',
      dryRun: false,
      plan: p,
      outcomes: [
        { change: c1!, status: 'applied' },
        { change: c2!, status: 'failed', error: 'PATCH 1.3.2: 409 Conflict (OperationNotAllowed)' },
        { change: c3!, status: 'not-attempted' },
      ],
      verification: [],
      error: 'Applying 1.3.2 failed: PATCH 1.3.2: 409 Conflict (OperationNotAllowed)',
    }
    const md = renderSummary(result)
    expect(lines(md)[0]).toBe('## ❌ Failed')
    expect(md).toContain('failed partway: 1 of 3 changes were written; a re-run finishes the rest.')
    expect(md).toContain(
      '> <b>Error:</b> Applying 1.3.2 failed: PATCH 1.3.2: 409 Conflict (OperationNotAllowed)',
    )
    // The error is shown once: the failed write's own error is part of it.
    expect(md.split('409 Conflict')).toHaveLength(2)
    expect(md).toContain('| 1.4.0 | tags ring:prod added; excludeFromLatest true → false | ✓ Written |')
    expect(md).toContain(
      '| 1.3.2 | tags ring:prod removed; excludeFromLatest false → true | <b>✗ Failed</b> |',
    )
    expect(md).toContain('| 1.2.0 | tags ring:prod removed | <b>Not written</b> |')
    expect(md).toContain('re-running after fixing the cause')
  })

  it('failed at read-back: all written but not verified', () => {
    const result = promoted({
      verdict: 'failed',
      verification: [
        { id: 'read-back', title: 'Read back', status: 'fail', details: 'westeurope still excluded' },
      ],
      error: 'Read-back verification failed: westeurope still excluded',
    })
    const md = renderSummary(result)
    expect(md).toContain('all 2 changes were written, but reading them back did not show the intended state.')
    expect(md).toContain('| Read back | <b>✗ Fail</b> | westeurope still excluded |')
  })

  it('failed before a plan: uses the request and says nothing was written', () => {
    const md = renderSummary(
      {
        verdict: 'failed',
        dryRun: false,
        outcomes: [],
        verification: [],
        error: 'Sign-in failed (AADSTS70021)',
      },
      {
        request: { target: 'gal/ubuntu', ring: 'canary', version: '2.0.0' },
        inputs: { ring: 'canary', 'dry-run': false },
      },
    )
    expect(lines(md)[0]).toBe('## ❌ Failed')
    expect(md).toContain(
      'Promoting version <code>2.0.0</code> to ring <b>canary</b> on <code>gal/ubuntu</code> failed before a plan was made. Nothing was written.',
    )
    expect(md).toContain('Sign-in failed (AADSTS70021)')
    expect(md).toContain('<summary>Inputs (2)</summary>')
    expect(md).toContain('| dry-run | <code>false</code> |')
  })

  it('shows the registry digest', () => {
    const p = plan({
      target: { kind: 'registry', key: 'reg/app', display: 'reg.azurecr.io/app' },
      digest: 'sha256:' + 'cd'.repeat(32),
    })
    const md = renderSummary(promoted({ plan: p }))
    // 12 hex characters in text, the full digest in the title.
    expect(md).toContain(`<code title="sha256:${'cd'.repeat(32)}">sha256:${'cd'.repeat(6)}</code>`)
    expect(md.split('cd'.repeat(32))).toHaveLength(2)
  })
})

describe('renderSummary with hostile values', () => {
  const hostile =
    'x<script>alert(1)</script>|y `code` @org/team #123 [click](javascript:alert(1)) **b**\nline2 <img src=x onerror=alert(1)> https://evil.example'

  function hostileResult(): RunResult {
    const p = plan({
      version: hostile,
      target: { kind: 'gallery', key: 'k', display: hostile },
      gates: [{ id: 'g', title: hostile, status: 'fail', details: hostile }],
      transitions: [{ subject: hostile, before: hostile, after: hostile }],
      notes: [hostile],
      regions: [hostile],
    })
    p.changes = [{ id: 'c', resource: hostile, summary: hostile, payload: {} }]
    return {
      verdict: 'failed',
      dryRun: false,
      plan: p,
      outcomes: [{ change: p.changes[0]!, status: 'failed', error: hostile }],
      verification: [],
      error: hostile,
      approvedBy: ['@org/team'],
      scan: scan([finding(0, { id: hostile, package: hostile, source: hostile })], {
        allowed: [{ finding: finding(1, { id: hostile }), allowance: { id: hostile, reason: hostile } }],
        expired: [{ id: hostile, reason: hostile }],
      }),
    }
  }

  it('neutralises HTML, links, mentions, references and table breaks', () => {
    const md = renderSummary(hostileResult(), {
      outputs: { version: hostile },
      inputs: { version: hostile },
      warnings: [hostile],
      runUrl: 'javascript:alert(1)',
    })
    expect(md).not.toMatch(/<script/i)
    expect(md).not.toMatch(/<img/i)
    expect(md).not.toMatch(/\]\(javascript:/i)
    expect(md).not.toMatch(/javascript:/i)
    expect(md).not.toMatch(/@org/)
    expect(md).toContain('@&#8203;org/team')
    expect(md).not.toMatch(/(^|[^&])#123/)
    expect(md).toContain('&#35;&#8203;123')
    expect(md).not.toContain('`code`')
    expect(md).not.toContain('**b**')
    expect(md).not.toContain('https://evil')
    // Every table row keeps its column count: no raw `|` from values, no raw newline inside a row.
    const rows = md.split('\n').filter((l) => l.startsWith('| '))
    expect(rows.length).toBeGreaterThan(10)
    for (const row of rows) expect(row.endsWith(' |')).toBe(true)
    const gateRow = rows.find((r) => r.includes('<b>✗ Fail</b>'))!
    expect(gateRow.split(' | ')).toHaveLength(3)
    expect(md).toContain('line2')
    expect(md).not.toMatch(/\nline2/)
  })
})

describe('renderSummary size', () => {
  it('stays under 1 MiB with 50,000 findings and says how many were left out', () => {
    const findings = Array.from({ length: 50_000 }, (_, i) => finding(i, { title: 'x'.repeat(200) }))
    const p = plan()
    p.gates.push({
      id: 'scan',
      title: 'Vulnerability scan',
      status: 'fail',
      details: '50,000 blocking findings',
    })
    const md = renderSummary({
      verdict: 'blocked',
      dryRun: false,
      plan: p,
      outcomes: notAttempted(p),
      verification: [],
      scan: scan(findings, {
        allowed: findings
          .slice(0, 5000)
          .map((f) => ({ finding: f, allowance: { id: f.id, reason: 'r'.repeat(500) } })),
        expired: findings.slice(0, 3000).map((f) => ({ id: f.id })),
      }),
    })
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    expect(md).toContain('and 49,900 more blocking findings')
    expect(md).toContain('and 4,950 more allowed findings')
    expect(md).toContain('and 2,950 more expired allowances')
    expect(md).toContain('### Vulnerability scan: 50,000 blocking')
    expect(md.match(/<details/g)!.length).toBe(md.match(/<\/details>/g)!.length)
  })

  it('hard-caps the worst case of every section full of long hostile values, with a note', () => {
    const wide = '|'.repeat(5_000)
    const p = plan({
      gates: Array.from({ length: 60 }, (_, i) => ({
        id: `g${i}`,
        title: wide,
        status: 'warn' as const,
        details: wide,
      })),
      transitions: Array.from({ length: 200 }, () => ({ subject: wide, before: wide, after: wide })),
      notes: Array.from({ length: 60 }, () => wide),
    })
    p.changes = Array.from({ length: 200 }, (_, i) => ({
      id: `c${i}`,
      resource: wide,
      summary: wide,
      payload: {},
    }))
    const md = renderSummary(
      {
        verdict: 'planned',
        dryRun: true,
        plan: p,
        outcomes: notAttempted(p),
        verification: [],
        error: 'e'.repeat(3_000_000),
      },
      { inputs: { a: 'b' } },
    )
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES)
    expect(md).toContain('<b>Summary truncated</b>')
    expect(md.startsWith('## 📝 Dry run: would promote')).toBe(true)
    expect(md.match(/<details/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0)
  })

  it('respects a smaller cap and keeps <details> balanced', () => {
    const findings = Array.from({ length: 500 }, (_, i) => finding(i))
    const p = plan()
    const md = renderSummary(
      {
        verdict: 'blocked',
        dryRun: false,
        plan: p,
        outcomes: notAttempted(p),
        verification: [],
        scan: scan(findings),
      },
      { maxBytes: 6000 },
    )
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(6000)
    expect(md).toContain('Summary truncated')
    expect(md.match(/<details/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0)
  })
})
