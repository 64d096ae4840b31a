// `npm run screenshots`: the job summary and PR comment of every scenario in __tests__/visual/scenarios.ts,
// rendered as GitHub renders Markdown and photographed in headless Chromium, into docs/images/.
// Summaries at GitHub's job-summary width (1,000 px), comments in the 780 px conversation column.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { renderComment } from '../src/report/comment.js'
import { renderSummary } from '../src/report/summary.js'
import { CHROMIUM, chromiumAvailable, launch, measure } from '../__tests__/visual/browser.js'
import { scenarios } from '../__tests__/visual/scenarios.js'

const out = join(import.meta.dirname, '..', 'docs', 'images')

async function main(): Promise<void> {
  if (!chromiumAvailable())
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH).`)
  mkdirSync(out, { recursive: true })
  const browser = await launch()
  try {
    for (const s of scenarios()) {
      const previous = s.previousComment
        ? renderComment(s.previousComment.result, s.previousComment.context)
        : undefined
      const shots: [string, string, number][] = [
        [`summary-${s.name}.png`, renderSummary(s.result, s.summary), 1000],
        [`comment-${s.name}.png`, renderComment(s.result, s.comment, previous), 780],
      ]
      for (const [file, markdown, width] of shots) {
        const { layout, page } = await measure(browser, markdown, width)
        await page.locator('#column').screenshot({ path: join(out, file) })
        await page.close()
        console.log(
          `${file}: ${width}×${layout.height} px${layout.overflow > 0 ? `, overflows by ${layout.overflow} px` : ''}`,
        )
      }
    }
  } finally {
    await browser.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
