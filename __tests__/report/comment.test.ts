import { describe, expect, it } from 'vitest'

import type { RunResult } from '../../src/core/model.js'
import {
  COMMENT_MAX_CHARS,
  commentMarker,
  markerKey,
  parseCommentRows,
  renderComment,
} from '../../src/report/comment.js'
import { finding, notAttempted, plan, promoted, scan } from './builders.js'

const runUrl = 'https://github.com/octo-org/octo-repo/actions/runs/42'
const rings = ['canary', 'staging', 'prod']

describe('renderComment', () => {
  it('starts with the marker and shows ring × version × status with a run link', () => {
    const body = renderComment(promoted(), { runUrl, rings, now: new Date('2026-11-23T09:15:00Z') })
    const lines = body.split('\n')
    expect(lines[0]).toBe('<!-- azure-image-promote:sub-1/rg-images/gal/ubuntu-2404 -->')
    expect(lines[1]).toBe('### ✅ Promoted')
    expect(body).toContain('| Ring | Holds now | Since (UTC) | This PR |')
    expect(body).toContain('| canary | — | — | — |')
    expect(body).toContain(
      `| prod | <b><code>1.4.0</code></b> | 2026-11-23 09:15 | [✅ Promoted](${runUrl}) |`,
    )
    expect(body).toContain('| Version exists | ✓ Pass | 1.4.0 is Succeeded |')
    expect(body).toContain(`[Full summary of this run](${runUrl})`)
  })

  it('keeps earlier rings from the previous body and replaces its own row', () => {
    const canary = renderComment(promoted({ plan: plan({ ring: 'canary' }) }), { rings })
    const staging = renderComment(promoted({ plan: plan({ ring: 'staging' }) }), { rings }, canary)
    const stagingAgain = renderComment(
      promoted({ plan: plan({ ring: 'staging', version: '1.5.0' }) }),
      { rings },
      staging,
    )
    expect(parseCommentRows(stagingAgain).map((r) => [r.ring, r.version])).toEqual([
      ['canary', '1.4.0'],
      ['staging', '1.5.0'],
    ])
    expect(stagingAgain).toMatch(/\| canary \| <code>1\.4\.0<\/code> \|/)
    expect(stagingAgain).toMatch(/\| staging \| <b><code>1\.5\.0<\/code><\/b> \|/)
    expect(stagingAgain).toContain('| prod | — | — | — |')
  })

  it('shows a dry run as a plan', () => {
    const p = plan()
    const body = renderComment(
      { verdict: 'planned', dryRun: true, plan: p, outcomes: notAttempted(p), verification: [] },
      { rings },
    )
    expect(body).toContain('| 📝 Dry run: would promote |')
    expect(body.split('\n')[1]).toBe('### 📝 Dry run: would promote')
    expect(body).toContain('Nothing was written')
    expect(body).toContain('<summary>2 planned changes (not written)</summary>')
    expect(body).toContain('- 1.4.0: tags ring:prod added; excludeFromLatest true → false')
  })

  it('shows a registry digest, shortened', () => {
    const p = plan({
      target: { kind: 'registry', key: 'reg/app', display: 'reg.azurecr.io/app' },
      digest: `sha256:${'0123456789ab'.repeat(5)}abcd`,
    })
    expect(renderComment(promoted({ plan: p }), { rings })).toContain(
      `<code title="sha256:${'0123456789ab'.repeat(5)}abcd">sha256:0123456789ab</code>`,
    )
  })

  it('says what was written on failure', () => {
    const p = plan()
    const result: RunResult = {
      verdict: 'failed',
      dryRun: false,
      plan: p,
      outcomes: [
        { change: p.changes[0]!, status: 'applied' },
        { change: p.changes[1]!, status: 'failed', error: '409' },
      ],
      verification: [],
      error: 'Applying 1.3.2 failed: 409',
    }
    const body = renderComment(result)
    expect(body).toContain('- ✓ written: 1.4.0')
    expect(body).toContain('- <b>✗ failed</b>: 1.3.2')
    expect(body).toContain('> <b>Error:</b> Applying 1.3.2 failed: 409')
  })

  it('works without a plan when the target is given', () => {
    const body = renderComment(
      { verdict: 'failed', dryRun: false, outcomes: [], verification: [], error: 'boom' },
      { target: { kind: 'gallery', key: 'k', display: 'g/d' }, ring: 'canary', version: '1.0.0' },
    )
    expect(body.split('\n')[0]).toBe('<!-- azure-image-promote:k -->')
    expect(body).toContain('failed before a plan was made')
    expect(() => renderComment({ verdict: 'failed', dryRun: false, outcomes: [], verification: [] })).toThrow(
      /target/,
    )
  })

  it('stays under 60,000 characters with huge inputs and many rings', () => {
    const long = 'x|<@a>'.repeat(5_000)
    const p = plan({
      gates: Array.from({ length: 500 }, (_, i) => ({
        id: `g${i}`,
        title: `${i}${long}`,
        status: 'fail' as const,
        details: long,
      })),
      notes: [long],
    })
    p.changes = Array.from({ length: 5_000 }, (_, i) => ({
      id: `c${i}`,
      resource: `${i}${long}`,
      summary: long,
      payload: {},
    }))
    let body: string | undefined
    const findings = scan(Array.from({ length: 50_000 }, (_, i) => finding(i)))
    const manyRings = Array.from({ length: 40 }, (_, i) => `ring-${i}-${'r'.repeat(300)}`)
    for (const ring of manyRings) {
      body = renderComment(
        {
          verdict: 'blocked',
          dryRun: false,
          plan: { ...p, ring, version: long },
          outcomes: notAttempted(p),
          verification: [],
          scan: findings,
          error: long,
        },
        { runUrl, rings: manyRings },
        body,
      )
      expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS)
    }
    expect(body!.startsWith(commentMarker(p.target.key))).toBe(true)
    expect(body).toContain('Comment truncated')
    expect(parseCommentRows(body).length).toBe(20)
    expect(body!.match(/<details/g)?.length ?? 0).toBe(body!.match(/<\/details>/g)?.length ?? 0)
  })

  it('neutralises hostile values, including in the embedded rows', () => {
    const hostile = '<script>x</script>|@org/team #5 [a](javascript:alert(1)) -->'
    const p = plan({
      version: hostile,
      ring: hostile,
      target: { kind: 'gallery', key: 'k --> <b>', display: hostile },
    })
    const body = renderComment(promoted({ plan: p }), { runUrl: 'javascript:alert(1)' })
    expect(body.split('\n')[0]).toBe('<!-- azure-image-promote:k______b_ -->')
    expect(body).not.toMatch(/<script/)
    expect(body).not.toMatch(/javascript:/i)
    expect(body).not.toMatch(/@org/)
    expect(body).not.toMatch(/(^|[^&])#5/)
    // Exactly one end-of-comment sequence per HTML comment we wrote (marker and state).
    expect(body.match(/-->/g)).toHaveLength(2)
    const again = renderComment(promoted({ plan: p }), {}, body)
    expect(again).not.toMatch(/<script/)
  })

  it('ignores a forged or broken state block', () => {
    expect(parseCommentRows('<!-- azure-image-promote-state:!!! -->')).toEqual([])
    expect(
      parseCommentRows(
        `<!-- azure-image-promote-state:${Buffer.from('{"rows":[{"ring":1}]}').toString('base64')} -->`,
      ),
    ).toEqual([])
    expect(parseCommentRows(undefined)).toEqual([])
  })
})

describe('markerKey', () => {
  it('keeps ordinary keys and strips what could end the HTML comment', () => {
    expect(markerKey('sub/rg/gallery/def')).toBe('sub/rg/gallery/def')
    expect(markerKey('a-->b')).toBe('a__&b'.replace('&', '_'))
    expect(markerKey('a b\n')).toBe('a_b_')
  })
})
