// Format detection by content: SARIF first (it is the most specific envelope), then Trivy, then Grype.
import { messageOf, UsageError } from '../../core/errors.js'
import type { ParsedReport } from '../../core/evidence.js'
import { grypeParser } from './grype.js'
import type { ReportParser } from './parser.js'
import { sarifParser } from './sarif.js'
import { trivyParser } from './trivy.js'

export type { ReportParser } from './parser.js'
export { grypeParser, sarifParser, trivyParser }

export const PARSERS: readonly ReportParser[] = [sarifParser, trivyParser, grypeParser]

/** The parser whose `detect` accepts the content, if any. */
export function detectFormat(json: unknown): ReportParser | undefined {
  return PARSERS.find((parser) => parser.detect(json))
}

/** Parse one report's JSON text. `path` names the file in errors and in the findings. */
export function parseReport(text: string, path: string): ParsedReport {
  let json: unknown
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    // Only where: the parser's own message quotes the text around the error, and a file that is not a report
    // (a secret, a key) must not end up in the summary or the `result` output.
    const at = /position (\d+)/.exec(messageOf(error))?.[1]
    throw new UsageError(`${path}: the scan report is not valid JSON${at ? ` (at character ${at})` : ''}.`)
  }
  const parser = detectFormat(json)
  if (!parser) {
    throw new UsageError(
      `${path}: unknown scan report format; expected Trivy JSON (SchemaVersion 2), Grype JSON or SARIF 2.1.0.`,
    )
  }
  return parser.parse(json, path)
}
