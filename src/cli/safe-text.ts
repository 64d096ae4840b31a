// What the CLI prints passes through here. Values in it come from Azure, registries and files (untrusted), and
// the CI systems the CLI runs in read commands out of the log: Azure Pipelines acts on `##vso[…]` and `##[…]`
// anywhere in a line, GitHub Actions on `::command::` at the start of one. A value must never become one.

const ZERO_WIDTH_SPACE = '\u200b'
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

/** Plain text (log lines, the Markdown summary): no control characters, no CI logging command. */
export function safeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/##(vso)?\[/gi, (found) => `#${ZERO_WIDTH_SPACE}${found.slice(1)}`)
    .replace(/^(\s*)::/gm, `$1:${ZERO_WIDTH_SPACE}:`)
}

/** JSON for stdout: the same value when parsed, but `[` after `##` written as `\u005b` so no agent reads a command. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/##(vso)?\[/gi, (found) => `${found.slice(0, -1)}\\u005b`)
}
