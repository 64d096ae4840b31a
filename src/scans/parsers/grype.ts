// Grype JSON (`grype -o json`): matches[].vulnerability.{id, severity, fix.{state, versions}},
// matches[].artifact.{name, version}. The image: source.target.manifestDigest, source.target.repoDigests
// (`name@sha256:…`) and source.target.imageID (the config digest); directory and file scans name none.
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

export const grypeParser: ReportParser = {
  format: 'grype',
  detect(json) {
    return (
      isObject(json) &&
      Array.isArray(json.matches) &&
      (isObject(json.source) || (isObject(json.descriptor) && json.descriptor.name === 'grype'))
    )
  },
  parse(json, path) {
    if (!isObject(json) || !Array.isArray(json.matches))
      throw malformed(path, 'Grype', 'matches', 'expected a list')
    const findings = json.matches.map((match, i): Finding => {
      const at = `matches[${i}]`
      if (!isObject(match) || !isObject(match.vulnerability)) {
        throw malformed(path, 'Grype', `${at}.vulnerability`, 'expected an object')
      }
      const v = match.vulnerability
      const id = optionalString(v.id)
      if (!id) throw malformed(path, 'Grype', `${at}.vulnerability.id`, 'expected a vulnerability id')
      const finding: Finding = { id, severity: severityFromWord(v.severity), source: path }
      const artifact = isObject(match.artifact) ? match.artifact : {}
      const pkg = optionalString(artifact.name)
      if (pkg) finding.package = pkg
      const installed = optionalString(artifact.version)
      if (installed) finding.installedVersion = installed
      const fix = isObject(v.fix) ? v.fix : {}
      const versions = asArray(fix.versions).filter(
        (x): x is string => typeof x === 'string' && x.trim() !== '',
      )
      if (versions.length > 0 && fix.state !== 'wont-fix') finding.fixedVersion = versions.join(', ')
      const title = optionalString(v.description)
      if (title) finding.title = title
      return finding
    })

    const source = isObject(json.source) ? json.source : {}
    const target = isObject(source.target) ? source.target : {}
    const subjectDigests = uniqueStrings([
      ...digestsIn(target.manifestDigest),
      ...asArray(target.repoDigests).flatMap(digestsIn),
      ...digestsIn(target.imageID),
    ])
    const descriptor = isObject(json.descriptor) ? json.descriptor : {}
    const version = optionalString(descriptor.version)
    const tool = `grype${version && version !== '[not provided]' ? ` ${version}` : ''}`
    const artifactNames = [
      ...(typeof source.target === 'string' ? [source.target] : []),
      ...(typeof target.userInput === 'string' ? [target.userInput] : []),
      ...(typeof source.name === 'string' ? [source.name] : []),
    ]
    const report = { path, format: 'grype' as const, subjectDigests, artifactNames, findings, tool }
    const at = parseTime(descriptor.timestamp)
    return at ? { ...report, scannedAt: at } : report
  },
}
