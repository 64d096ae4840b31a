// Scan evidence. Blocking findings in full (they are why a run stopped); everything else folded.
import type { Allowance } from '../core/policy.js'
import type { Finding, FindingSeverity, ScanSummary } from '../core/evidence.js'
import type { RunResult } from '../core/model.js'
import {
  andMore,
  bold,
  capList,
  cappedInline,
  details,
  digestCode,
  formatNumber,
  markup,
  Safe,
  table,
  type Fragment,
} from './markdown.js'

const SEVERITIES: FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'unknown']
const LIMITS = { reports: 20, blocking: 100, allowed: 50, expired: 50 }

function title(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

function day(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return 'no expiry'
  return date.toISOString().slice(0, 10)
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (s: FindingSeverity): number => SEVERITIES.indexOf(s)
  return [...findings].sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id))
}

/** `2 critical, 1 high, 3 medium`: the severities that have findings, or `no findings`. */
export function severityCounts(scan: ScanSummary): string {
  const parts = SEVERITIES.filter((s) => (scan.counts[s] ?? 0) > 0).map(
    (s) => `${formatNumber(scan.counts[s] ?? 0)} ${s}`,
  )
  return parts.length > 0 ? parts.join(', ') : 'no findings'
}

function reportsTable(scan: ScanSummary): string {
  if (scan.reports.length === 0) return '<b>No scan reports were read.</b>'
  const { shown, more } = capList(scan.reports, LIMITS.reports)
  const out = table(
    ['Report', 'Format', 'Scanned digest', 'Findings'],
    shown.map((r) => [
      r.path,
      r.format,
      r.subjectDigests.length > 0 ? cappedInline(r.subjectDigests.map(digestCode), 3) : 'not named',
      formatNumber(r.findings),
    ]),
    ['left', 'left', 'left', 'right'],
  ).value
  return more > 0 ? `${out}\n\n${andMore(more, 'reports')}` : out
}

function blockingTable(scan: ScanSummary): string {
  const { shown, more } = capList(sortFindings(scan.blocking), LIMITS.blocking)
  const rows = shown.map((f): Fragment[] => [
    f.id,
    title(f.severity),
    f.package ?? '',
    f.installedVersion ?? '',
    f.fixedVersion ?? '',
    f.source,
  ])
  const out = table(['ID', 'Severity', 'Package', 'Installed', 'Fixed in', 'Report'], rows).value
  return more > 0 ? `${out}\n\n${andMore(more, 'blocking findings (see the scan reports)')}` : out
}

function allowedTable(scan: ScanSummary): string {
  const { shown, more } = capList(scan.allowed, LIMITS.allowed)
  const out = table(
    ['ID', 'Severity', 'Package', 'Allowed until', 'Reason'],
    shown.map((a) => [
      a.finding.id,
      title(a.finding.severity),
      a.finding.package ?? '',
      day(a.allowance.until),
      a.allowance.reason ?? '',
    ]),
  ).value
  return more > 0 ? `${out}\n\n${andMore(more, 'allowed findings')}` : out
}

function expiredTable(scan: ScanSummary): string {
  const { shown, more } = capList(scan.expired, LIMITS.expired)
  const out = table(
    ['ID', 'Expired', 'Reason'],
    shown.map((a: Allowance) => [a.id, day(a.until), a.reason ?? '']),
  ).value
  return more > 0 ? `${out}\n\n${andMore(more, 'expired allowances')}` : out
}

function gateLine(scan: ScanSummary): string {
  return scan.threshold === 'none'
    ? 'Scan gate off (`fail-on-severity: none`): findings are reported only.'
    : markup`The scan gate blocks findings of severity ${bold(scan.threshold)} and above that are not allowed.`
        .value
}

export function scanSection(scan: ScanSummary, result: RunResult): Safe {
  const blocking = scan.blocking.length
  const head = `### Vulnerability scan: ${formatNumber(blocking)} blocking · ${severityCounts(scan)}`
  const evidence: string[] = [gateLine(scan), reportsTable(scan)]
  if (scan.allowed.length > 0)
    evidence.push(`<b>Allowed findings: ${formatNumber(scan.allowed.length)}</b>\n\n${allowedTable(scan)}`)
  if (scan.expired.length > 0) {
    evidence.push(
      `<b>Expired allowances: ${formatNumber(scan.expired.length)}</b> (ignored; the findings they covered count again)\n\n${expiredTable(scan)}`,
    )
  }
  const parts = [head]
  if (blocking > 0) {
    const table = blockingTable(scan)
    parts.push(
      blocking > 10 && result.verdict !== 'blocked'
        ? details(`${formatNumber(blocking)} blocking findings`, new Safe(table)).value
        : table,
    )
  }
  parts.push(details('Reports, threshold and allowances', new Safe(evidence.join('\n\n'))).value)
  return new Safe(parts.join('\n\n'))
}
