// Binding workspace scan reports to a gallery image version. A VM image version has no digest, so a report
// counts as evidence for it only if it names the version: its ARM ID, or the version string as a whole token,
// in what the report says it scanned (Trivy `ArtifactName`, Grype `source.target`, SARIF
// `runs[].properties.imageName`), e.g. `trivy vm --output … ubuntu-1.2.0.vhd` or the version's resource ID.
// Any other report is ignored with a warning: a report of an unrelated container must not pass as the scan of
// VM image 1.2.0. When scans are required and no report is left, the scan gate fails for lack of evidence.
import type { Gate } from '../core/model.js'
import type { ParsedReport } from '../core/evidence.js'

export interface VersionSubject {
  /** The version string, e.g. `1.2.0`. */
  version: string
  /** The version's ARM resource ID. */
  imageId?: string
}

export interface VersionBinding {
  bound: ParsedReport[]
  /** A `warn` gate naming the ignored reports; undefined when every report names the version. */
  gate?: Gate
}

/** SHOWN reports named in the gate before "and N more". */
const SHOWN = 3

export function bindToVersion(reports: ParsedReport[], subject: VersionSubject): VersionBinding {
  const bound = reports.filter((r) => namesVersion(r, subject))
  const ignored = reports.filter((r) => !bound.includes(r))
  if (ignored.length === 0) return { bound }
  const names = ignored.slice(0, SHOWN).map((r) => `${r.path} (${scannedText(r)})`)
  const more = ignored.length > SHOWN ? ` and ${ignored.length - SHOWN} more` : ''
  return {
    bound,
    gate: {
      id: 'scan-binding',
      title: 'Scan report binding',
      status: 'warn',
      details:
        `ignored ${names.join(', ')}${more}: the report does not name version ${subject.version} ` +
        '(its ARM ID or the version in the scanned artifact name)',
    },
  }
}

/** Whether the report names the version: its ARM ID, or the version as a whole token of the artifact name. */
export function namesVersion(report: ParsedReport, subject: VersionSubject): boolean {
  const id = subject.imageId?.toLowerCase()
  const token = versionToken(subject.version)
  return (report.artifactNames ?? []).some(
    (name) => (id !== undefined && name.toLowerCase().includes(id)) || token.test(name),
  )
}

/** `1.2.0` in `ubuntu-1.2.0.vhd` or `images/1.2.0`, not in `11.2.0` or `1.2.0.1`. */
function versionToken(version: string): RegExp {
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![0-9.])${escaped}(?![0-9]|\\.[0-9])`)
}

function scannedText(report: ParsedReport): string {
  const names = report.artifactNames ?? []
  return names.length > 0
    ? `scanned ${names.map((n) => JSON.stringify(clip(n))).join(', ')}`
    : 'names no artifact'
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
