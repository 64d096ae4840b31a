// Parses and validates policy YAML. Imported by load.ts only when a policy file exists (see there).
// YAML is parsed with the core schema (1.2), unique keys, an alias budget and a size cap; the zod schema checks
// the shape; cross-key rules are checked here. All problems are collected and reported together.
import YAML from 'yaml'
import { normaliseRegion } from '../azure/regions.js'
import { messageOf, UsageError } from '../core/errors.js'
import { parseDuration } from './duration.js'
import { defaultPolicy, MAX_POLICY_BYTES, tooLarge } from './defaults.js'
import {
  EXPECTED,
  isTimestamp,
  MAX_END_OF_LIFE_MS,
  MAX_SOAK_MS,
  policyFileSchema,
  type PolicyFile,
} from './schema.js'
import type {
  Allowance,
  FreezeWindow,
  Policy,
  RetentionPolicy,
  RingPolicy,
  ScanPolicy,
} from '../core/policy.js'

/** Aliases a document may expand; enough for reuse, far too few for a "billion laughs" document. */
export const MAX_ALIAS_COUNT = 100
/** Problems listed in one error message. */
export const MAX_REPORTED_PROBLEMS = 10

/** A policy file problem. `problems` holds each `<key path>: <what is wrong>` line without the file name. */
export class PolicyError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => `${file}: ${p}`)
    const more = problems.length - MAX_REPORTED_PROBLEMS
    if (more > 0) shown.push(`${file}: and ${more} more problem${more > 1 ? 's' : ''}`)
    super(shown.join('\n'))
  }
}

/** Parse and validate policy YAML. `fileName` names the file in errors and becomes `policy.source`. */
export function parsePolicy(text: string, fileName: string): Policy {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_POLICY_BYTES) throw tooLarge(fileName, bytes)

  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true })
  if (doc.errors.length > 0) throw new PolicyError(fileName, doc.errors.map(yamlProblem))
  let parsed: unknown
  try {
    parsed = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (error) {
    throw new PolicyError(fileName, [`cannot expand the YAML (${messageOf(error)}); use fewer aliases`])
  }
  if (parsed === null || parsed === undefined) {
    throw new PolicyError(fileName, [`the file is empty; ${EXPECTED.root}`])
  }
  if (!isMapping(parsed)) {
    // Only the kind of value: a file that is not a policy at all (a secret, /etc/passwd through a symlink) must
    // not have its text quoted into the summary and the `result` output.
    throw new PolicyError(fileName, [`${EXPECTED.root} at the top level, got ${kindOf(parsed)}`])
  }
  const raw = datesToText(parsed, fileName)

  const problems: string[] = []
  const result = policyFileSchema.safeParse(raw)
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push(zodProblem(raw, issue.path, issue.message, issue.code))
  }
  problems.push(...crossChecks(raw))
  if (problems.length > 0 || !result.success) throw new PolicyError(fileName, sortByKeyPath(problems))
  return build(result.data, fileName)
}

function build(file: PolicyFile, source: string): Policy {
  const defaults = defaultPolicy()
  const rings: RingPolicy[] = file.rings
    ? file.rings.map((r, i, all): RingPolicy => {
        const ring: RingPolicy = {
          name: r.name,
          after:
            r.after === undefined ? (all[i - 1]?.name ?? null) : typeof r.after === 'string' ? r.after : null,
          soakMs: r.soak ? (parseDuration(r.soak, MAX_SOAK_MS) ?? 0) : 0,
          latest: r.latest === true,
          tags: unique(r.tags ?? [r.name]),
          lock: r.lock === true,
          requireApproval: r['require-approval'] === true,
          freeze: (r.freeze ?? []).map((w): FreezeWindow => ({ from: toDate(w.from), to: toDate(w.to) })),
        }
        if (r.regions) ring.regions = unique(r.regions.map(normaliseRegion))
        if (r['min-replicas'] !== undefined) ring.minReplicas = r['min-replicas']
        if (r['latest-regions']) ring.latestRegions = unique(r['latest-regions'].map(normaliseRegion))
        return ring
      })
    : defaults.rings

  const scans: ScanPolicy = {
    required: file.scans?.required ?? false,
    failOn: file.scans?.['fail-on-severity'] ?? 'high',
    allow: (file.scans?.allow ?? []).map((a): Allowance => {
      const allowance: Allowance = { id: a.id }
      if (a.until) allowance.until = new Date(`${a.until}T00:00:00Z`)
      if (a.reason !== undefined) allowance.reason = a.reason
      return allowance
    }),
  }

  const policy: Policy = { rings, scans, source }
  if (file.retention) {
    const retention: RetentionPolicy = { deleteAfterEol: file.retention['delete-after-eol'] ?? false }
    if (file.retention.keep !== undefined) retention.keep = file.retention.keep
    const eol = file.retention['end-of-life']
    if (eol !== undefined) retention.endOfLifeMs = parseDuration(eol, MAX_END_OF_LIFE_MS) ?? 0
    policy.retention = retention
  }
  return policy
}

/** Rules across keys. Works on the raw data and skips anything the schema already rejects. */
function crossChecks(raw: Record<string, unknown>): string[] {
  const problems: string[] = []
  const rings = Array.isArray(raw.rings) ? raw.rings : []
  const names = rings.map((r) => (isMapping(r) && typeof r.name === 'string' ? r.name : undefined))
  const latestAt: number[] = []
  const tagOwner = new Map<string, number>()

  rings.forEach((ring, i) => {
    if (!isMapping(ring)) return
    const name = names[i]
    const at = `rings[${i}]`
    const first = name === undefined ? -1 : names.indexOf(name)
    if (name !== undefined && first !== i) {
      problems.push(`${at}.name: duplicate ring name ${JSON.stringify(name)} (also rings[${first}])`)
    }

    if (typeof ring.after === 'string') {
      const target = names.indexOf(ring.after)
      const earlier = names.slice(0, i).filter((n): n is string => n !== undefined)
      const expected =
        earlier.length > 0 ? `expected one of the earlier rings: ${earlier.join(', ')}` : 'use []'
      if (ring.after === name) {
        problems.push(`${at}.after: a ring cannot come after itself; ${expected}`)
      } else if (target < 0) {
        problems.push(`${at}.after: ${JSON.stringify(ring.after)} names no ring; ${expected}`)
      } else if (target > i) {
        problems.push(
          `${at}.after: ${JSON.stringify(ring.after)} is listed later (rings[${target}]); rings are listed in promotion order, so ${expected}`,
        )
      }
    }

    if (ring.latest === true) latestAt.push(i)
    if (ring['latest-regions'] !== undefined && ring.latest !== true) {
      problems.push(`${at}.latest-regions: only allowed on the ring with latest: true`)
    }

    // Default tags ([name]) of a duplicated ring name are already reported as the duplicate name.
    const tags = Array.isArray(ring.tags) ? ring.tags : name !== undefined && first === i ? [name] : []
    tags.forEach((tag, k) => {
      if (typeof tag !== 'string') return
      const owner = tagOwner.get(tag)
      if (owner === undefined) {
        tagOwner.set(tag, i)
      } else if (owner !== i) {
        const where = Array.isArray(ring.tags) ? `${at}.tags[${k}]` : `${at}.tags`
        const ownerName = names[owner] ?? `rings[${owner}]`
        problems.push(
          `${where}: tag ${JSON.stringify(tag)} is already moved by ring ${JSON.stringify(ownerName)}`,
        )
      }
    })

    if (Array.isArray(ring.freeze)) {
      ring.freeze.forEach((w, k) => {
        if (!isMapping(w) || typeof w.from !== 'string' || typeof w.to !== 'string') return
        if (!isTimestamp(w.from) || !isTimestamp(w.to)) return
        if (toDate(w.from).getTime() >= toDate(w.to).getTime()) {
          problems.push(`${at}.freeze[${k}]: expected from before to, got from ${w.from} and to ${w.to}`)
        }
      })
    }
  })

  for (const i of latestAt.slice(1)) {
    const firstName = names[latestAt[0] ?? 0] ?? ''
    problems.push(
      `rings[${i}].latest: only one ring can carry latest; ${JSON.stringify(firstName)} (rings[${latestAt[0]}]) already does`,
    )
  }
  return problems
}

function zodProblem(raw: unknown, issuePath: PropertyKey[], message: string, code: string): string {
  const where = issuePath.length > 0 ? keyPath(issuePath) : '(top level)'
  if (code === 'unrecognized_keys') return `${where}: ${message}`
  const { found, value } = lookup(raw, issuePath)
  if (!found) return `${where}: missing; ${message}`
  return `${where}: ${message}, got ${describe(value)}`
}

/** In file order as far as the key paths tell: rings, then scans, then retention; `rings[2]` before `rings[10]`. */
function sortByKeyPath(problems: string[]): string[] {
  const section = (p: string) =>
    ['(top level)', 'rings', 'scans', 'retention'].findIndex((s) => p.startsWith(s))
  return problems
    .map((p, index) => ({ p, index }))
    .sort((a, b) => {
      const bySection = section(a.p) - section(b.p)
      if (bySection !== 0) return bySection
      const byPath = ringIndex(a.p) - ringIndex(b.p)
      return byPath !== 0 ? byPath : a.index - b.index
    })
    .map(({ p }) => p)
}

function ringIndex(problem: string): number {
  const match = /^rings\[(\d+)\]/.exec(problem)
  return match ? Number(match[1]) : -1
}

/** `['rings', 2, 'soak']` → `rings[2].soak`. */
export function keyPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`
    return acc ? `${acc}.${String(part)}` : String(part)
  }, '')
}

function lookup(raw: unknown, parts: PropertyKey[]): { found: boolean; value: unknown } {
  let current: unknown = raw
  for (const part of parts) {
    if (Array.isArray(current) && typeof part === 'number' && part < current.length) current = current[part]
    else if (isMapping(current) && typeof part === 'string' && Object.hasOwn(current, part))
      current = current[part]
    else return { found: false, value: undefined }
  }
  return { found: true, value: current }
}

function kindOf(value: unknown): string {
  if (typeof value === 'string') return 'text'
  return describe(value)
}

function describe(value: unknown): string {
  if (value === null) return 'an empty value'
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list'
  if (isMapping(value)) return 'a mapping'
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value
    return JSON.stringify(shown)
  }
  return String(value)
}

function yamlProblem(error: YAML.YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') {
    const at = error.linePos ? ` (line ${error.linePos[0].line})` : ''
    return `invalid YAML: the file holds more than one document (---)${at}; expected one`
  }
  const firstLine = error.message.split('\n')[0] ?? error.message
  return `invalid YAML: ${firstLine.replace(/:$/, '')}`
}

/** YAML 1.1 documents (`%YAML 1.1`) turn timestamps into Dates; the schema works on text. */
function datesToText(value: unknown, fileName: string): Record<string, unknown> {
  // An anchor inside its own alias (`rings: &r [ { after: *r } ]`) makes a cycle; a policy is a tree.
  const open = new Set<unknown>()
  const walk = (v: unknown): unknown => {
    if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      if (open.has(v))
        throw new PolicyError(fileName, [
          'an alias refers to the node that contains it; a policy cannot be circular',
        ])
      open.add(v)
      try {
        return walkNode(v)
      } finally {
        open.delete(v)
      }
    }
    return walkNode(v)
  }
  const walkNode = (v: unknown): unknown => {
    if (v instanceof Date) {
      if (Number.isNaN(v.getTime())) return String(v)
      const iso = v.toISOString()
      return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
    }
    if (Array.isArray(v)) return v.map(walk)
    if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(value) as Record<string, unknown>
}

/** A date alone means midnight UTC. */
function toDate(text: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}
