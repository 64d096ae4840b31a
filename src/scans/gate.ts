// The scan gate: reports + scan policy (+ the image's digest) → gates `scan`, `scan-digest`, `scan-allowances`.
import type { Gate } from '../core/model.js'
import type { Allowance, ScanPolicy, SeverityThreshold } from '../core/policy.js'
import { isAllowanceActive, sameId } from './allow.js'
import { digestsIn, SEVERITY_RANK, THRESHOLD_RANK } from './severity.js'
import type { Finding, FindingSeverity, ParsedReport, ScanSummary } from '../core/evidence.js'
import { byCodeUnit } from '../core/order.js'

export interface ScanGateInput {
  reports: ParsedReport[]
  /** `failOn` already overridden by the `fail-on-severity` input when set; `allow` already merged with the input. */
  policy: ScanPolicy
  now: Date
  /**
   * The promoted image's digest (`sha256:…`, or `repo@sha256:…`). Pass the config digest too, when known, to
   * accept reports that only name it (Trivy `Metadata.ImageID` of a scanned tarball). Undefined: no binding.
   */
  subjectDigest?: string | readonly string[]
}

export interface ScanGateResult {
  gates: Gate[]
  summary: ScanSummary
}

/** IDs named in gate details before "and N more". */
export const SHOWN_IDS = 5
/** Reports named in the digest gate's details before "and N more reports". */
export const SHOWN_REPORTS = 3

/**
 * Whether a finding blocks at this threshold (before allowances).
 * `unknown` severity (Trivy UNKNOWN, SARIF level `none`, an unrecognised word) blocks only at threshold `low`:
 * at `low` every finding is meant to block and an unrated one cannot be shown to be below it; at higher
 * thresholds an unrated finding is more often noise (unassessed, disputed) than a hidden critical, and
 * blocking on it would make `high` unusable with scanners that emit many unrated records. It is still counted.
 */
export function blocks(severity: FindingSeverity, threshold: SeverityThreshold): boolean {
  if (threshold === 'none') return false
  if (severity === 'unknown') return threshold === 'low'
  return SEVERITY_RANK[severity] >= THRESHOLD_RANK[threshold]
}

export function evaluateScans(input: ScanGateInput): ScanGateResult {
  const { reports, policy, now } = input
  const threshold = policy.failOn
  const active = policy.allow.filter((a) => isAllowanceActive(a, now))
  const expired = policy.allow.filter((a) => !isAllowanceActive(a, now))

  const counts: Record<FindingSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 }
  const blocking: Finding[] = []
  const allowed: ScanSummary['allowed'] = []
  for (const finding of reports.flatMap((r) => r.findings)) {
    counts[finding.severity]++
    if (!blocks(finding.severity, threshold)) continue
    const allowance = active.find((a) => sameId(a.id, finding.id))
    if (allowance) allowed.push({ finding, allowance })
    else blocking.push(finding)
  }

  const summary: ScanSummary = {
    threshold,
    reports: reports.map((r) => ({
      path: r.path,
      format: r.format,
      subjectDigests: r.subjectDigests,
      findings: r.findings.length,
    })),
    counts,
    blocking,
    allowed,
    expired,
  }

  const gates: Gate[] = [scanGate(reports, policy, counts, blocking, allowed)]
  const digestGate = subjectGate(reports, input.subjectDigest)
  if (digestGate) gates.push(digestGate)
  const allowanceGate = allowancesGate(policy.allow, expired, allowed)
  if (allowanceGate) gates.push(allowanceGate)
  return { gates, summary }
}

function scanGate(
  reports: ParsedReport[],
  policy: ScanPolicy,
  counts: Record<FindingSeverity, number>,
  blocking: Finding[],
  allowed: ScanSummary['allowed'],
): Gate {
  const title = 'Vulnerability scan'
  const threshold = policy.failOn
  if (reports.length === 0) {
    return policy.required
      ? {
          id: 'scan',
          title,
          status: 'fail',
          details: 'no scan evidence: the policy requires a scan report (scans.required) and none was given',
        }
      : {
          id: 'scan',
          title,
          status: 'skip',
          details: 'no scan reports given; the policy does not require one',
        }
  }
  const found = `${plural(reports.length, 'report')} (${countsText(counts)})`
  if (threshold === 'none') {
    return { id: 'scan', title, status: 'pass', details: `threshold none: nothing blocks; ${found}` }
  }
  if (blocking.length > 0) {
    return {
      id: 'scan',
      title,
      status: 'fail',
      details:
        `${plural(blocking.length, 'finding')} at or above ${threshold} not allowed: ` +
        `${idList(blocking)}; ${found}`,
    }
  }
  const allowedText = allowed.length > 0 ? `, ${allowed.length} allowed` : ''
  return {
    id: 'scan',
    title,
    status: 'pass',
    details: `no finding at or above ${threshold}${allowedText}; ${found}`,
  }
}

function subjectGate(
  reports: ParsedReport[],
  subject: string | readonly string[] | undefined,
): Gate | undefined {
  if (subject === undefined || reports.length === 0) return undefined
  const given = (typeof subject === 'string' ? [subject] : [...subject]).filter((s) => s.trim())
  if (given.length === 0) return undefined
  const wanted = new Set(
    given.flatMap((s) => (digestsIn(s).length > 0 ? digestsIn(s) : [s.trim().toLowerCase()])),
  )
  const shownWanted = [...wanted].join(' or ')
  const title = 'Scan subject digest'
  const named = reports.filter((r) => r.subjectDigests.length > 0)
  const mismatched = named.filter((r) => !r.subjectDigests.some((d) => wanted.has(d.toLowerCase())))
  if (mismatched.length > 0) {
    const which = mismatched
      .slice(0, SHOWN_REPORTS)
      .map((r) => `${r.path} names ${r.subjectDigests.join(', ')}`)
      .join('; ')
    const more =
      mismatched.length > SHOWN_REPORTS ? ` and ${mismatched.length - SHOWN_REPORTS} more reports` : ''
    return {
      id: 'scan-digest',
      title,
      status: 'fail',
      details: `scanned a different image: ${which}${more}; promoting ${shownWanted}`,
    }
  }
  const unnamed = reports.filter((r) => r.subjectDigests.length === 0)
  if (unnamed.length > 0) {
    const matched = named.length > 0 ? `; ${named.map((r) => r.path).join(', ')} match` : ''
    return {
      id: 'scan-digest',
      title,
      status: 'warn',
      details: `cannot bind ${unnamed.map((r) => r.path).join(', ')} to ${shownWanted}: no image digest in the report${matched}`,
    }
  }
  return {
    id: 'scan-digest',
    title,
    status: 'pass',
    details: `${named.length === 1 ? 'the report names' : `all ${named.length} reports name`} ${shownWanted}`,
  }
}

function allowancesGate(
  all: Allowance[],
  expired: Allowance[],
  allowed: ScanSummary['allowed'],
): Gate | undefined {
  if (all.length === 0) return undefined
  const title = 'Scan allowances'
  const used =
    allowed.length > 0 ? `${plural(allowed.length, 'finding')} allowed` : 'no finding needed an allowance'
  if (expired.length > 0) {
    const shown = expired
      .slice(0, SHOWN_IDS)
      .map((a) => `${a.id} (until ${a.until?.toISOString().slice(0, 10)})`)
    const more = expired.length > SHOWN_IDS ? ` and ${expired.length - SHOWN_IDS} more` : ''
    return {
      id: 'scan-allowances',
      title,
      status: 'warn',
      details: `${plural(expired.length, 'expired allowance')} ignored: ${shown.join(', ')}${more}; ${used}`,
    }
  }
  return { id: 'scan-allowances', title, status: 'pass', details: used }
}

/** Distinct IDs (case-insensitive, first spelling kept), worst first: `CVE-1 (critical), CVE-2 (high) and 3 more`. */
function idList(findings: Finding[]): string {
  const distinct = new Map<string, { id: string; severity: FindingSeverity }>()
  for (const f of findings) {
    const seen = distinct.get(f.id.toUpperCase())
    if (!seen) distinct.set(f.id.toUpperCase(), { id: f.id, severity: f.severity })
    else if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[seen.severity]) seen.severity = f.severity
  }
  const ids = [...distinct.values()].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || byCodeUnit(a.id, b.id),
  )
  const shown = ids.slice(0, SHOWN_IDS).map((x) => `${x.id} (${x.severity})`)
  const more = ids.length > SHOWN_IDS ? ` and ${ids.length - SHOWN_IDS} more` : ''
  return `${shown.join(', ')}${more}`
}

function countsText(counts: Record<FindingSeverity, number>): string {
  const parts = (Object.keys(SEVERITY_RANK) as FindingSeverity[])
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
  return parts.length > 0 ? parts.join(', ') : 'no findings'
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
