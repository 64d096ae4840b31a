// Scan evidence after parsing, shared by the parsers, the gate and the report renderer.
import type { Allowance, Severity, SeverityThreshold } from './policy.js'

export type FindingSeverity = Severity | 'unknown'

export interface Finding {
  /** CVE-…, GHSA-…, or the scanner's rule id. */
  id: string
  severity: FindingSeverity
  package?: string
  installedVersion?: string
  fixedVersion?: string
  title?: string
  /** Report file the finding came from (workspace-relative). */
  source: string
}

export type ReportFormat = 'trivy' | 'grype' | 'sarif' | 'defender' | 'tags'

export interface ParsedReport {
  path: string
  format: ReportFormat
  /**
   * Digests the report names as the scanned image (empty when it names none), lowercase `sha256:<hex>`.
   * May include the image config digest (Trivy `Metadata.ImageID`, Grype `imageID`) beside manifest digests.
   */
  subjectDigests: string[]
  /**
   * What the report says it scanned, as written (Trivy `ArtifactName`, Grype `source.target`, SARIF
   * `runs[].properties.imageName`): how a report is bound to a gallery version, which has no digest.
   */
  artifactNames?: string[]
  findings: Finding[]
  /** Scanner name and version when the report says (e.g. `Trivy dev`, `grype 0.74.0`). */
  tool?: string
  /** When the scan ran, when the report says. */
  scannedAt?: Date
}

export interface ScanSummary {
  threshold: SeverityThreshold
  reports: Array<Pick<ParsedReport, 'path' | 'format' | 'subjectDigests'> & { findings: number }>
  counts: Record<FindingSeverity, number>
  /** At or above the threshold and not allowed. */
  blocking: Finding[]
  allowed: Array<{ finding: Finding; allowance: Allowance }>
  /** Allowances past their date: ignored, reported. */
  expired: Allowance[]
}
