import { describe, expect, it } from 'vitest'

import {
  andMore,
  capList,
  capSize,
  code,
  details,
  escapeText,
  link,
  markup,
  safeUrl,
  table,
} from '../../src/report/markdown.js'

describe('escapeText', () => {
  it('escapes HTML and Markdown metacharacters', () => {
    expect(escapeText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(escapeText('a|b`c`*d*_e_ [x] ~s~ \\ $m$ &')).toBe(
      'a&#124;b&#96;c&#96;&#42;d&#42;&#95;e&#95; &#91;x&#93; &#126;s&#126; &#92; &#36;m&#36; &amp;',
    )
  })

  it('breaks mentions, team mentions and issue references', () => {
    expect(escapeText('ping @octocat and @org/team')).toBe('ping @&#8203;octocat and @&#8203;org/team')
    expect(escapeText('fixes #123 and GH-45')).toBe('fixes &#35;&#8203;123 and GH-&#8203;45')
    expect(escapeText('a@b.com')).toBe('a@&#8203;b.com')
  })

  it('neutralises links of any scheme and bare URLs', () => {
    expect(escapeText('[x](javascript:alert(1))')).toBe('&#91;x&#93;(javascript&#58;alert(1))')
    expect(escapeText('JavaScript :x')).toBe('JavaScript&#58;x')
    expect(escapeText('see https://evil.example and www.evil.example')).toBe(
      'see https:&#8203;//evil.example and www&#8203;.evil.example',
    )
  })

  it('turns newlines into a space or <br>, drops control and bidi characters', () => {
    expect(escapeText('a\nb\r\nc')).toBe('a b c')
    expect(escapeText('a\nb', { multiline: true })).toBe('a<br>b')
    expect(escapeText('a\u202eb\u0007c')).toBe('abc')
  })

  it('keeps a leading list marker from starting a block', () => {
    expect(escapeText('- item')).toBe('&#45; item')
    expect(escapeText('1.2.0')).toBe('1.2.0')
  })
})

describe('helpers', () => {
  it('markup escapes interpolations but not literals', () => {
    expect(markup`**${'<b>'}** ${code('`x`')}`.value).toBe('**&lt;b&gt;** <code>&#96;x&#96;</code>')
  })

  it('table escapes cells, keeps rows on one line and pads short rows', () => {
    expect(table(['A', 'B'], [['x|y', 'l1\nl2'], ['only']]).value).toBe(
      ['| A | B |', '| --- | --- |', '| x&#124;y | l1<br>l2 |', '| only |  |'].join('\n'),
    )
  })

  it('link accepts http(s) only and encodes what could end it', () => {
    expect(link('run', 'https://example.com/a(b)').value).toBe('[run](https://example.com/a%28b%29)')
    expect(link('run', 'javascript:alert(1)').value).toBe('run')
    expect(safeUrl('https://user:pw@example.com')).toBeUndefined()
    expect(safeUrl('not a url')).toBeUndefined()
  })

  it('details leaves blank lines so Markdown renders inside', () => {
    expect(details('S <x>', markup`body`).value).toBe(
      '<details>\n<summary>S &lt;x&gt;</summary>\n\nbody\n\n</details>',
    )
  })

  it('caps lists with "and N more"', () => {
    expect(capList([1, 2, 3, 4], 2)).toEqual({ shown: [1, 2], more: 2 })
    expect(andMore(12_345, 'findings')).toBe('and 12,345 more findings')
    expect(andMore(0)).toBe('')
  })

  it('capSize cuts at a line, closes details and appends the note', () => {
    const text = `intro\n<details>\n<summary>s</summary>\n\n${'row\n'.repeat(1000)}</details>\n`
    const { text: out, truncated } = capSize(text, 500, 'NOTE')
    expect(truncated).toBe(true)
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(500)
    expect(out).toMatch(/<\/details>\n\n\nNOTE\n$/)
    expect(capSize('short', 500, 'NOTE')).toEqual({ text: 'short', truncated: false })
  })

  it('capSize never splits a multi-byte character', () => {
    const { text } = capSize('é'.repeat(1000), 301, 'N')
    expect(text).not.toContain('\uFFFD')
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(301)
  })
})

describe('clip', () => {
  it('cuts on code points and marks the cut', async () => {
    const { clip } = await import('../../src/report/markdown.js')
    expect(clip('abc', 3)).toBe('abc')
    expect(clip('abcd', 3)).toBe('ab…')
    expect(clip('😀😀😀😀', 3)).toBe('😀😀…')
    expect(clip('😀😀😀', 3)).toBe('😀😀😀')
  })
})
