// The summary and the comment as a person sees them: rendered by a GitHub-flavoured Markdown renderer with
// GitHub's sanitisation, laid out by a real Chromium, measured. Chromium is Debian's `chromium` package
// (.ci/run installs it); without it the test is skipped locally and fails in CI.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderComment } from '../../src/report/comment.js'
import { renderSummary } from '../../src/report/summary.js'
import { verdictTitle } from '../../src/report/verdict.js'
import { CHROMIUM, chromiumAvailable, launch, measure } from './browser.js'
import { scenarios, type Scenario } from './scenarios.js'

const available = chromiumAvailable()
if (!available && process.env.CI) {
  throw new Error(
    `CI is set but ${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).`,
  )
}
if (!available) {
  console.warn(
    `Layout tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`,
  )
}

function commentOf(s: Scenario): string {
  const previous = s.previousComment
    ? renderComment(s.previousComment.result, s.previousComment.context)
    : undefined
  return renderComment(s.result, s.comment, previous)
}

describe.skipIf(!available)('rendered in Chromium as GitHub renders Markdown', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  for (const s of scenarios()) {
    const operation = s.result.plan?.operation ?? 'promote'
    const title = verdictTitle(s.result, operation)

    it(`${s.name}: summary starts with the verdict${s.success ? ' and fits 900 px at 1,000 px wide' : ''}`, async () => {
      const { layout, page } = await measure(browser, renderSummary(s.result, s.summary), 1000)
      await page.close()
      expect(layout.firstText).toContain(title)
      expect(layout.firstText.indexOf(title)).toBeLessThanOrEqual(3)
      expect(layout.overflow).toBe(0)
      if (s.success) expect(layout.height).toBeLessThanOrEqual(900)
    }, 30_000)

    it(`${s.name}: comment starts with the verdict and fits a 780 px column`, async () => {
      const { layout, page } = await measure(browser, commentOf(s), 780)
      await page.close()
      expect(layout.firstText).toContain(title)
      expect(layout.firstText.indexOf(title)).toBeLessThanOrEqual(3)
      expect(layout.overflow).toBe(0)
    }, 30_000)
  }
})

describe.skipIf(!available)('the measurement itself', () => {
  it('sees a table wider than the column, and a tall page', async () => {
    const browser = await launch()
    try {
      const wide = `| a | b |\n| --- | --- |\n| ${'x'.repeat(400)} | y |`
      const { layout, page } = await measure(browser, `## Title\n\n${wide}\n\n${'line\n\n'.repeat(60)}`, 780)
      await page.close()
      expect(layout.overflow).toBeGreaterThan(100)
      expect(layout.height).toBeGreaterThan(900)
      expect(layout.firstText).toBe('Title')
    } finally {
      await browser.close()
    }
  }, 30_000)
})
