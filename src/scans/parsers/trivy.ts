// Trivy JSON (`trivy image --format json`), SchemaVersion 2.
// Results[].Vulnerabilities[] (absent when a target has none): VulnerabilityID, Severity, PkgName,
// InstalledVersion, FixedVersion, Title. The image: Metadata.RepoDigests (`alpine@sha256:…`, manifest digests)
// and Metadata.ImageID (the config digest). Misconfigurations and secrets are not part of this gate.
import { digestsIn, severityFromWord } from '../severity.js'
import type { Finding } from '../../core/evidence.js'
import {
  asArray,
  isObject,
  malformed,
  optionalString,
  parseTime,
  uniqueStrings,
  type ReportParser,
} from './parser.js'

export const trivyParser: ReportParser = {
  format: 'trivy',
  detect(json) {
    return (
      isObject(json) &&
      typeof json.SchemaVersion === 'number' &&
      (Array.isArray(json.Results) || 'ArtifactName' in json || 'ArtifactType' in json)
    )
  },
  parse(json, path) {
    if (!isObject(json)) throw malformed(path, 'Trivy', '(top level)', 'expected an object')
    if (json.SchemaVersion !== 2) {
      throw malformed(path, 'Trivy', 'SchemaVersion', `expected 2, got ${JSON.stringify(json.SchemaVersion)}`)
    }
    if (json.Results !== undefined && json.Results !== null && !Array.isArray(json.Results)) {
      throw malformed(path, 'Trivy', 'Results', 'expected a list')
    }
    const findings: Finding[] = []
    asArray(json.Results).forEach((result, r) => {
      if (!isObject(result)) throw malformed(path, 'Trivy', `Results[${r}]`, 'expected an object')
      const vulns = result.Vulnerabilities
      if (vulns === undefined || vulns === null) return
      if (!Array.isArray(vulns))
        throw malformed(path, 'Trivy', `Results[${r}].Vulnerabilities`, 'expected a list')
      vulns.forEach((v, i) => {
        const at = `Results[${r}].Vulnerabilities[${i}]`
        if (!isObject(v)) throw malformed(path, 'Trivy', at, 'expected an object')
        const id = optionalString(v.VulnerabilityID)
        if (!id) throw malformed(path, 'Trivy', `${at}.VulnerabilityID`, 'expected a vulnerability id')
        const finding: Finding = { id, severity: severityFromWord(v.Severity), source: path }
        const pkg = optionalString(v.PkgName)
        if (pkg) finding.package = pkg
        const installed = optionalString(v.InstalledVersion)
        if (installed) finding.installedVersion = installed
        const fixed = optionalString(v.FixedVersion)
        if (fixed) finding.fixedVersion = fixed
        const title = optionalString(v.Title)
        if (title) finding.title = title
        findings.push(finding)
      })
    })

    const metadata = isObject(json.Metadata) ? json.Metadata : {}
    const subjectDigests = uniqueStrings([
      ...asArray(metadata.RepoDigests).flatMap(digestsIn),
      ...digestsIn(metadata.ImageID),
    ])
    const version = isObject(json.Trivy) ? optionalString(json.Trivy.Version) : undefined
    const report = {
      path,
      format: 'trivy' as const,
      subjectDigests,
      artifactNames: typeof json.ArtifactName === 'string' ? [json.ArtifactName] : [],
      findings,
      tool: `Trivy${version ? ` ${version}` : ''}`,
    }
    const at = parseTime(json.CreatedAt)
    return at ? { ...report, scannedAt: at } : report
  },
}
