// Markdown → HTML as GitHub renders it (GFM, raw HTML allowed then sanitised with GitHub's allowlist), styled
// with github-markdown-css, measured in a real headless Chromium. Used by the layout test and by
// `npm run screenshots`.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** Flags for a quiet, offline, sandbox-free headless run (CI runs as root in a container). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM)
}

/** GitHub-flavoured Markdown to sanitised HTML, the way github.com treats a job summary or a comment. */
export async function gfmToHtml(markdown: string): Promise<string> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeSanitize, defaultSchema)
    .use(rehypeStringify)
    .process(markdown)
  return String(file)
}

const css = readFileSync(
  createRequire(import.meta.url).resolve('github-markdown-css/github-markdown-light.css'),
  'utf8',
)

/** A page like GitHub's: the Markdown body in a column `width` px wide, 16 px padding as on github.com. */
export function page(html: string, width: number): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; }
#column { width: ${width}px; box-sizing: border-box; padding: 16px; }
</style></head><body><div id="column"><article class="markdown-body" id="body">${html}</article></div></body></html>`
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
}

export interface Layout {
  /** Rendered height of the Markdown body, px. */
  height: number
  /** How far the widest element sticks out of the column, px (0 = fits). */
  overflow: number
  /** The first text a reader meets. */
  firstText: string
}

// Runs in the page (a string, so the Node-side type check needs no DOM library).
const MEASURE = `(() => {
  const body = document.getElementById('body')
  const column = document.getElementById('column')
  const right = column.getBoundingClientRect().right
  let over = 0
  for (const el of Array.from(body.querySelectorAll('*'))) {
    // Past the column's right edge, or scrolling sideways inside it (github-markdown-css makes wide
    // tables scroll): either way the reader does not see the right-hand side.
    over = Math.max(over, el.getBoundingClientRect().right - right)
    if (el.clientWidth > 0) over = Math.max(over, el.scrollWidth - el.clientWidth)
  }
  return {
    height: Math.ceil(column.getBoundingClientRect().height),
    overflow: Math.max(0, Math.ceil(over - 1)),
    firstText: (body.innerText || '').trim().split('\\n')[0] || '',
  }
})()`

export async function measure(
  browser: Browser,
  markdown: string,
  width: number,
): Promise<{ layout: Layout; page: Page }> {
  const tab = await browser.newPage({ viewport: { width, height: 900 } })
  await tab.setContent(page(await gfmToHtml(markdown), width), { waitUntil: 'load' })
  const layout = (await tab.evaluate(MEASURE)) as Layout
  return { layout, page: tab }
}
