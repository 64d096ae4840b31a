// Scan evidence for Compute Gallery image versions, which have no native scan record: the build pipeline
// writes the scan result as tags on the image version.
//
//   scan.critical   number of open critical findings (whole number, 0-100000)
//   scan.high       number of open high findings
//   scan.medium     number of open medium findings
//   scan.low        number of open low findings
//   scan.tool       scanner name and version, e.g. `trivy 0.58.1` (optional, shown in reports)
//   scan.at         when the scan ran, ISO 8601, e.g. `2026-11-20T10:00:00Z` (optional)
//
// Tag names match case-insensitively (Azure tag names are case-insensitive). The tags count as evidence when
// at least one scan.<severity> key is present; severities not written count as 0, so write every severity
// your threshold covers. Each count becomes that many synthetic findings (`tags:critical#1`, …) so the gate
// treats them like any report; allowances cannot name real vulnerability ids here.
import { UsageError } from '../core/errors.js'
import { SEVERITIES } from '../core/policy.js'
import type { Finding, ParsedReport } from '../core/evidence.js'

export const MAX_TAG_COUNT = 100_000

/** ParsedReport of format `tags`, or undefined when the tags hold no scan counts. */
export function scanEvidenceFromTags(
  tags: Record<string, string>,
  source = 'image version tags',
): ParsedReport | undefined {
  const lookup = new Map(
    Object.entries(tags).map(([k, v]) => [k.toLowerCase(), { key: k, value: String(v).trim() }]),
  )
  const findings: Finding[] = []
  let present = false
  for (const severity of SEVERITIES) {
    const tag = lookup.get(`scan.${severity}`)
    if (!tag) continue
    present = true
    const count = /^\d{1,6}$/.test(tag.value) ? Number(tag.value) : Number.NaN
    if (!(count <= MAX_TAG_COUNT)) {
      throw new UsageError(
        `${source}: tag ${tag.key} has an invalid value ${JSON.stringify(tag.value.slice(0, 40))}: ` +
          `expected a whole number of findings (0-${MAX_TAG_COUNT}).`,
      )
    }
    for (let i = 1; i <= count; i++) {
      findings.push({ id: `tags:${severity}#${i}`, severity, title: `counted in tag ${tag.key}`, source })
    }
  }
  if (!present) return undefined

  const report: ParsedReport = { path: source, format: 'tags', subjectDigests: [], findings }
  const tool = lookup.get('scan.tool')?.value
  if (tool) report.tool = tool.slice(0, 100)
  const at = lookup.get('scan.at')
  if (at?.value) {
    const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/i.test(at.value)
      ? new Date(at.value)
      : undefined
    if (!date || Number.isNaN(date.getTime())) {
      throw new UsageError(
        `${source}: tag ${at.key} has an invalid value ${JSON.stringify(at.value.slice(0, 40))}: ` +
          'expected an ISO 8601 time like 2026-11-20T10:00:00Z.',
      )
    }
    report.scannedAt = date
  }
  return report
}
