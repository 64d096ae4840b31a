// SARIF 2.1.0 (Trivy `--format sarif`, Grype `-o sarif`, and other scanners that GitHub code scanning reads).
// Severity, first match wins:
//   1. the rule's `properties["security-severity"]` (a CVSS score: ≥9 critical, ≥7 high, ≥4 medium, >0 low),
//      then the same property on the result;
//   2. a severity word in the rule's `properties.tags` (critical, high, medium, low, and moderate/negligible…);
//   3. the result's `level` (else the rule's defaultConfiguration.level, else SARIF's default `warning`):
//      error → high, warning → medium, note → low, none → unknown.
// Note Grype's SARIF puts the CVSS base score in security-severity, so a finding Grype's JSON calls Low can be
// high here (grype-image.sarif: CVE-1999-0001 is Low in JSON, 8.2 → high in SARIF).
// Finding ids: a rule id that starts with a CVE or GHSA id (Grype: `CVE-1999-0001-package-1`) is cut to that id,
// so allowances match; other rule ids are kept whole. Package and versions are read from the message / rule
// help text lines `Package:`, `Installed Version:` / `Version:`, `Fixed Version:` / `Fix Version:` when present.
// Results of kind pass, notApplicable and informational are not findings. Suppressions are not honoured:
// accepted risks go through allowances so they expire and show in the summary.
// The image: any `sha256:` digest in `runs[].properties` (Trivy: imageID, repoDigests), in artifact location
// URIs of results, and in `runs[].artifacts[].location.uri`.
import { digestsIn, severityFromCvss, severityFromTags } from '../severity.js'
import type { Finding, FindingSeverity } from '../../core/evidence.js'
import {
  asArray,
  isObject,
  malformed,
  optionalString,
  parseTime,
  uniqueStrings,
  type JsonObject,
  type ReportParser,
} from './parser.js'

const VULN_ID_PREFIX = /^(CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})(?=$|[^0-9A-Za-z])/i
const NOT_FINDINGS = new Set(['pass', 'notApplicable', 'informational'])
const LEVELS: Record<string, FindingSeverity> = {
  error: 'high',
  warning: 'medium',
  note: 'low',
  none: 'unknown',
}

export const sarifParser: ReportParser = {
  format: 'sarif',
  detect(json) {
    if (!isObject(json) || !Array.isArray(json.runs)) return false
    const version = typeof json.version === 'string' ? json.version : ''
    const schema = typeof json.$schema === 'string' ? json.$schema : ''
    return version.startsWith('2.') || /sarif/i.test(schema)
  },
  parse(json, path) {
    if (!isObject(json) || !Array.isArray(json.runs))
      throw malformed(path, 'SARIF', 'runs', 'expected a list')
    if (typeof json.version !== 'string' || !json.version.startsWith('2.1')) {
      throw malformed(path, 'SARIF', 'version', `expected 2.1.0, got ${JSON.stringify(json.version ?? null)}`)
    }
    const findings: Finding[] = []
    const digests: string[] = []
    const tools: string[] = []
    const artifactNames: string[] = []
    let scannedAt: Date | undefined

    json.runs.forEach((run, r) => {
      if (!isObject(run)) throw malformed(path, 'SARIF', `runs[${r}]`, 'expected an object')
      const imageName = isObject(run.properties) ? optionalString(run.properties.imageName) : undefined
      if (imageName) artifactNames.push(imageName)
      const tool = isObject(run.tool) ? run.tool : {}
      const driver = isObject(tool.driver) ? tool.driver : {}
      const driverRules = asArray(driver.rules).filter(isObject)
      const byId = new Map<string, JsonObject>()
      for (const rule of [
        ...driverRules,
        ...asArray(tool.extensions).filter(isObject).flatMap(extensionRules),
      ]) {
        if (typeof rule.id === 'string' && !byId.has(rule.id)) byId.set(rule.id, rule)
      }
      const name = optionalString(driver.name)
      if (name) tools.push(`${name}${optionalString(driver.version) ? ` ${String(driver.version)}` : ''}`)
      for (const invocation of asArray(run.invocations).filter(isObject)) {
        scannedAt ??= parseTime(invocation.endTimeUtc) ?? parseTime(invocation.startTimeUtc)
      }
      digests.push(...stringsIn(run.properties, 0).flatMap(digestsIn))
      for (const artifact of asArray(run.artifacts).filter(isObject)) {
        if (isObject(artifact.location)) digests.push(...digestsIn(artifact.location.uri))
      }

      asArray(run.results).forEach((result, i) => {
        const at = `runs[${r}].results[${i}]`
        if (!isObject(result)) throw malformed(path, 'SARIF', at, 'expected an object')
        if (typeof result.kind === 'string' && NOT_FINDINGS.has(result.kind)) return
        const ref = isObject(result.rule) ? result.rule : {}
        const ruleId = optionalString(result.ruleId) ?? optionalString(ref.id)
        const index = typeof result.ruleIndex === 'number' ? result.ruleIndex : ref.index
        const indexed = typeof index === 'number' ? driverRules[index] : undefined
        const rule = (ruleId ? byId.get(ruleId) : undefined) ?? indexed ?? {}
        const id = ruleId ?? optionalString(rule.id)
        if (!id) throw malformed(path, 'SARIF', `${at}.ruleId`, 'expected a rule id')

        const finding: Finding = { id: vulnerabilityId(id), severity: severityOf(result, rule), source: path }
        const message = isObject(result.message) ? optionalString(result.message.text) : undefined
        const help = isObject(rule.help) ? optionalString(rule.help.text) : undefined
        const pkg = line(message, 'Package') ?? line(help, 'Package')
        if (pkg) finding.package = pkg
        const installed =
          line(message, 'Installed Version') ?? line(help, 'Installed Version') ?? line(help, 'Version')
        if (installed) finding.installedVersion = installed
        const fixed =
          line(message, 'Fixed Version') ?? line(help, 'Fixed Version') ?? line(help, 'Fix Version')
        if (fixed) finding.fixedVersion = fixed
        const title = isObject(rule.shortDescription) ? optionalString(rule.shortDescription.text) : undefined
        if (title) finding.title = title
        findings.push(finding)

        for (const location of asArray(result.locations).filter(isObject)) {
          const physical = isObject(location.physicalLocation) ? location.physicalLocation : {}
          if (isObject(physical.artifactLocation)) digests.push(...digestsIn(physical.artifactLocation.uri))
        }
      })
    })

    const report = {
      path,
      format: 'sarif' as const,
      subjectDigests: uniqueStrings(digests),
      artifactNames: uniqueStrings(artifactNames),
      findings,
    }
    const withTool = tools.length > 0 ? { ...report, tool: uniqueStrings(tools).join(', ') } : report
    return scannedAt ? { ...withTool, scannedAt } : withTool
  },
}

function extensionRules(extension: JsonObject): JsonObject[] {
  return asArray(extension.rules).filter(isObject)
}

function severityOf(result: JsonObject, rule: JsonObject): FindingSeverity {
  const ruleProps = isObject(rule.properties) ? rule.properties : {}
  const resultProps = isObject(result.properties) ? result.properties : {}
  const fromScore =
    severityFromCvss(ruleProps['security-severity']) ?? severityFromCvss(resultProps['security-severity'])
  if (fromScore) return fromScore
  const fromTags = severityFromTags(ruleProps.tags)
  if (fromTags) return fromTags
  const defaults = isObject(rule.defaultConfiguration) ? rule.defaultConfiguration : {}
  const level =
    typeof result.level === 'string'
      ? result.level
      : typeof defaults.level === 'string'
        ? defaults.level
        : 'warning'
  return LEVELS[level] ?? 'unknown'
}

/** `CVE-1999-0001-package-1` → `CVE-1999-0001`; other ids unchanged. */
export function vulnerabilityId(ruleId: string): string {
  return VULN_ID_PREFIX.exec(ruleId)?.[1] ?? ruleId
}

/** The value of a `Key: value` line in a text, if present and not empty. */
function line(text: string | undefined, key: string): string | undefined {
  if (!text) return undefined
  const match = new RegExp(`^${key}: *(.*)$`, 'm').exec(text)
  return optionalString(match?.[1])
}

/** Strings anywhere in a small JSON value (run properties), depth-limited. */
function stringsIn(value: unknown, depth: number): string[] {
  if (depth > 4) return []
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap((v) => stringsIn(v, depth + 1))
  if (isObject(value)) return Object.values(value).flatMap((v) => stringsIn(v, depth + 1))
  return []
}
