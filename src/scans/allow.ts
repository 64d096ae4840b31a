// Accepted vulnerabilities: the policy's `scans.allow` and the `allow-vulnerabilities` input.
import { inputError } from '../core/errors.js'
import { DAY_MS } from '../policy/duration.js'
import { DATE, isCalendarDate, VULNERABILITY_ID } from '../policy/rules.js'
import type { Allowance } from '../core/policy.js'

export const ALLOW_INPUT = 'allow-vulnerabilities'
const LINE = /^(\S+)(?:\s+until\s+(\S+))?(?:\s+#\s*(.*))?$/i
const EXPECTED_LINE =
  'expected a vulnerability id, optionally followed by "until YYYY-MM-DD" and "# reason" ' +
  '(e.g. CVE-2024-1234 until 2026-12-31 # not reachable)'

/**
 * Lines of the `allow-vulnerabilities` input: `CVE-2024-1234`, `CVE-2024-1234 until 2026-12-31`, optionally
 * followed by `# reason`. Blank lines and lines starting with `#` are skipped. A bad line is a UsageError that
 * names the input and the line.
 */
export function parseAllowInput(lines: string[]): Allowance[] {
  const allowances: Allowance[] = []
  for (const raw of lines) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const match = LINE.exec(line)
    const id = match?.[1]
    const until = match?.[2]
    if (!match || !id || !VULNERABILITY_ID.test(id)) throw inputError(ALLOW_INPUT, line, EXPECTED_LINE)
    const allowance: Allowance = { id }
    if (until !== undefined) {
      if (!DATE.test(until) || !isCalendarDate(until)) {
        throw inputError(
          ALLOW_INPUT,
          line,
          `expected a date like 2026-12-31 after "until", got ${JSON.stringify(until)}`,
        )
      }
      allowance.until = new Date(`${until}T00:00:00Z`)
    }
    const reason = match[3]?.trim()
    if (reason) allowance.reason = reason
    allowances.push(allowance)
  }
  return allowances
}

/** The policy's allowances, then the input's. Both count; an id may appear in both. */
export function mergeAllowances(policy: Allowance[], input: Allowance[]): Allowance[] {
  return [...policy, ...input]
}

/** An allowance counts through the end of its `until` day (UTC); without `until` it never expires. */
export function isAllowanceActive(allowance: Allowance, now: Date): boolean {
  return !allowance.until || now.getTime() < allowance.until.getTime() + DAY_MS
}

/** Vulnerability ids compare case-insensitively (`cve-2024-1234` allows `CVE-2024-1234`). */
export function sameId(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase()
}
