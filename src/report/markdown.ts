// Safe Markdown building for job summaries and pull-request comments.
//
// Every value that comes from outside the action's own code (Azure tags and names, registry data, scan
// reports, workflow inputs, error messages) is untrusted: it may contain Markdown syntax, raw HTML,
// table delimiters, mentions that would notify people, issue references, or `javascript:` links.
//
// The rule in this module: a plain `string` is untrusted and gets escaped when it is rendered; a `Safe`
// holds Markdown the action wrote itself. `markup` is a tagged template that escapes every interpolated
// string, so `markup\`Version ${version} is in ${ring}\`` can never inject markup. Escaping uses HTML
// character references, which mean the same thing in Markdown text, in inline HTML (`<code>`, `<summary>`)
// and inside GFM table cells, so one escaper works in all three places.

/** Markdown written by the action itself; rendered as is. Build it with `markup`, `safe` or the helpers below. */
export class Safe {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** Untrusted text (`string`), numbers, or Markdown the action wrote (`Safe`). */
export type Fragment = string | number | Safe

/** Mark a literal the action wrote as Markdown. Never pass untrusted values here. */
export function safe(trusted: string): Safe {
  return new Safe(trusted)
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '*': '&#42;',
  _: '&#95;',
  '#': '&#35;',
  '\\': '&#92;',
  '~': '&#126;',
  $: '&#36;',
}

const ZWSP = '&#8203;'

// Bidirectional overrides and isolates ("Trojan Source"), and other invisible format characters.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g

/**
 * Escape untrusted text for Markdown, inline HTML and GFM table cells.
 *
 * - Markdown and HTML metacharacters become character references, so nothing is parsed as markup.
 * - `@name` and `@org/team` get a zero-width space after the `@`: GitHub's mention filter runs on the
 *   rendered text (after character references are decoded), so escaping `@` as `&#64;` would still notify.
 * - `#123` and `GH-123` issue references get a zero-width space after `#` / `GH-`, for the same reason.
 * - `javascript:`, `vbscript:` and `data:` lose their colon, and `://` / `www.` get a zero-width space,
 *   so untrusted values never become links (GitHub autolinks bare URLs).
 * - Newlines become `<br>` (`multiline: true`, for table cells and paragraphs) or a space (default).
 */
export function escapeText(value: unknown, options: { multiline?: boolean } = {}): string {
  let text = String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
  text = text.replace(/[&<>"|`[\]*_#\\~$]/g, (c) => ENTITIES[c] ?? c)
  // After the first pass, `#` is `&#35;`; break mentions and references in the rendered text.
  text = text
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
    .replace(/&#35;(?=\d)/g, `&#35;${ZWSP}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/\b(javascript|vbscript|data|file)\s*:/gi, '$1&#58;')
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
  // Newlines never survive (they become `<br>` or a space), so only the very start of the value could open
  // a block (a list item, a thematic break or a setext underline). Ordered-list numbers (`1.`) are left
  // alone: versions start that way, and a stray nested list is cosmetic, not an injection.
  text = text.replace(/^(\s*)([-+=])/, (_m, sp: string, mark: string) => `${sp}&#${mark.charCodeAt(0)};`)
  return options.multiline ? text.replace(/\n/g, '<br>') : text.replace(/\n+/g, ' ')
}

/** Longest untrusted value rendered inline (before escaping); longer values end with `…`. */
export const MAX_INLINE_CHARS = 1000

/**
 * Render a fragment: untrusted strings are clipped to `max` characters (default MAX_INLINE_CHARS) and
 * escaped, numbers formatted, `Safe` kept as is.
 */
export function render(fragment: Fragment, options: { multiline?: boolean; max?: number } = {}): string {
  if (fragment instanceof Safe) return fragment.value
  if (typeof fragment === 'number') return escapeText(formatNumber(fragment))
  return escapeText(clip(fragment, options.max ?? MAX_INLINE_CHARS), options)
}

/** Tagged template (not named `md`: prettier would reformat it as embedded Markdown): literal parts are the action's Markdown, interpolated strings are escaped. */
export function markup(strings: TemplateStringsArray, ...values: Fragment[]): Safe {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '')
  })
  return new Safe(out)
}

/** Join fragments (escaping untrusted ones) with a separator the action chose. */
export function join(fragments: Fragment[], separator = ', '): Safe {
  return new Safe(fragments.map((f) => render(f)).join(separator))
}

/** Untrusted text shown as code: `<code>` with escaped content (a Markdown code span could be broken out of). */
export function code(value: string): Safe {
  return new Safe(`<code>${escapeText(clip(value, MAX_CELL_CHARS))}</code>`)
}

export function bold(value: Fragment): Safe {
  return new Safe(`<b>${render(value)}</b>`)
}

/**
 * A link, only for URLs of the http(s) scheme; anything else renders as plain escaped text.
 * Parentheses, spaces and angle brackets in the URL are percent-encoded so it cannot end the link early.
 */
export function link(text: Fragment, url: string | undefined): Safe {
  const href = safeUrl(url)
  if (!href) return new Safe(render(text))
  return new Safe(`[${render(text)}](${href})`)
}

/** The URL normalised and percent-encoded for a Markdown link destination, or undefined when not http(s). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined
  if (parsed.username || parsed.password) return undefined
  return parsed.href.replace(
    /[()<>\s"'`|[\]*_]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  )
}

/** Longest untrusted value shown in one cell, before escaping. */
export const MAX_CELL_CHARS = 300

/** Shorten text to `max` characters (code points), ending with `…` when cut. */
export function clip(value: string, max: number): string {
  // UTF-16 length is at least the number of code points: a quick exit for the common case.
  if (value.length <= max) return value
  const keep = Math.max(0, max - 1)
  let index = 0
  let count = 0
  let cut = 0
  for (const char of value) {
    if (count === keep) cut = index
    if (count === max) return `${value.slice(0, cut)}…`
    index += char.length
    count++
  }
  return value
}

export type Align = 'left' | 'center' | 'right'

/**
 * A GFM table. Untrusted string cells are clipped to `MAX_CELL_CHARS` and escaped (newlines become `<br>`);
 * `Safe` cells are used as is. Rows shorter than the header are padded.
 */
export function table(headers: Fragment[], rows: Fragment[][], align: Align[] = []): Safe {
  const cell = (f: Fragment): string => {
    const text = typeof f === 'string' ? render(clip(f, MAX_CELL_CHARS), { multiline: true }) : render(f)
    return text
  }
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  const rule = headers.map((_, i) => {
    const a = align[i]
    return a === 'center' ? ':---:' : a === 'right' ? '---:' : '---'
  })
  const out = [line(headers.map(cell)), line(rule)]
  for (const row of rows) {
    const cells = headers.map((_, i) => cell(row[i] ?? ''))
    out.push(line(cells))
  }
  return new Safe(out.join('\n'))
}

/** A collapsible block. The blank lines around the body let GitHub render Markdown inside it. */
export function details(summary: Fragment, body: Fragment, options: { open?: boolean } = {}): Safe {
  const open = options.open ? ' open' : ''
  return new Safe(`<details${open}>\n<summary>${render(summary)}</summary>\n\n${render(body)}\n\n</details>`)
}

/** A bulleted list of fragments. */
export function bullets(items: Fragment[]): Safe {
  return new Safe(items.map((item) => `- ${render(item)}`).join('\n'))
}

/** Keep the first `max` items; `more` is how many were left out. */
export function capList<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  if (items.length <= max) return { shown: [...items], more: 0 }
  return { shown: items.slice(0, Math.max(0, max)), more: items.length - Math.max(0, max) }
}

/** "and 1,234 more" (empty string when nothing was left out). */
export function andMore(more: number, noun = ''): string {
  if (more <= 0) return ''
  return `and ${formatNumber(more)} more${noun ? ` ${noun}` : ''}`
}

/** Items joined with commas and capped: `a, b, c and 4 more`. */
export function cappedInline(items: readonly Fragment[], max: number): Safe {
  const { shown, more } = capList(items, max)
  const text = join(shown).value
  return new Safe(more > 0 ? `${text} ${andMore(more)}` : text)
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n)
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : pluralForm}`
}

export interface CapResult {
  text: string
  truncated: boolean
}

/**
 * Hard cap on size, as a last resort after the renderers' own per-section caps.
 * Cuts at a line boundary so no character reference or tag is split, closes any `<details>` left open,
 * and appends `note`. `measure` is the unit of the limit: UTF-8 bytes (job summary) or characters (comments).
 */
export function capSize(
  text: string,
  limit: number,
  note: string,
  measure: 'bytes' | 'chars' = 'bytes',
): CapResult {
  const size = (s: string): number => (measure === 'bytes' ? Buffer.byteLength(s, 'utf8') : s.length)
  if (size(text) <= limit) return { text, truncated: false }
  const tail = `\n\n${note}\n`
  // Room for the closing tags we may have to add as well.
  const budget = limit - size(tail) - 64
  let cut = budget <= 0 ? '' : sliceTo(text, budget, measure)
  const lastNewline = cut.lastIndexOf('\n')
  if (lastNewline > 0) cut = cut.slice(0, lastNewline)
  const opened = (cut.match(/<details[\s>]/g) ?? []).length
  const closed = (cut.match(/<\/details>/g) ?? []).length
  let closing = ''
  // Closing tags cost 11 characters each; drop more content if many are open.
  const need = Math.max(0, opened - closed)
  if (need > 0) {
    closing = '\n\n' + '</details>\n'.repeat(need)
    while (size(cut) + size(closing) + size(tail) > limit && cut.length > 0) {
      const nl = cut.lastIndexOf('\n', cut.length - 2)
      cut = nl > 0 ? cut.slice(0, nl) : ''
    }
  }
  return { text: `${cut}${closing}${tail}`, truncated: true }
}

function sliceTo(text: string, limit: number, measure: 'bytes' | 'chars'): string {
  if (measure === 'chars') return text.slice(0, limit)
  const buf = Buffer.from(text, 'utf8')
  if (buf.length <= limit) return text
  // Decode and drop a trailing partial character, if the cut fell inside one.
  return buf
    .subarray(0, limit)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
}

const DIGEST_RE = /\b(sha256|sha512):([0-9a-f]{12})[0-9a-f]{20,}/gi

/** A digest as `<code>` of its first 12 hex characters; the full digest is the element's `title`. */
export function digestCode(digest: string): Safe {
  const m = /^(sha256|sha512):([0-9a-f]{12})[0-9a-f]+$/i.exec(digest)
  if (!m) return code(digest)
  return new Safe(`<code title="${escapeText(digest)}">${m[1]}:${m[2]}</code>`)
}

/**
 * Untrusted running text (gate details, errors, warnings): escaped, long digests shortened (full in `title`),
 * and `backtick` spans shown as code, as the action's own messages write them. The escaped text keeps hex
 * digits and `:` as they are, and backticks as `&#96;`, so both rewrites work on escaped text and add only
 * markup the action writes.
 */
export function prose(text: string, options: { multiline?: boolean; max?: number } = {}): Safe {
  const pieces = render(text, options).split('&#96;')
  let out = ''
  pieces.forEach((piece, i) => {
    const opened = i % 2 === 1
    if (opened && i < pieces.length - 1) out += `<code>${piece.replace(DIGEST_RE, '$1:$2…')}</code>`
    else out += (opened ? '&#96;' : '') + shortenDigests(piece)
  })
  return new Safe(out)
}

function shortenDigests(escaped: string): string {
  return escaped.replace(
    DIGEST_RE,
    (full, algo: string, head: string) => `<code title="${full}">${algo}:${head}</code>`,
  )
}

/** An HTML link (for HTML blocks, where Markdown links are not parsed); plain text when the URL is not http(s). */
export function htmlLink(text: Fragment, url: string | undefined): Safe {
  const href = safeUrl(url)
  if (!href) return new Safe(render(text))
  return new Safe(`<a href="${href.replace(/&/g, '&amp;')}">${render(text)}</a>`)
}
