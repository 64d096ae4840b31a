// Azure Resource Graph subset: `POST /providers/Microsoft.ResourceGraph/resources` as
// @azure/arm-resourcegraph 5.x sends it (api-version 2024-04-01). Two tables:
//   resources          an in-memory list of virtual machines and scale sets, for the queries retirement sends
//                      (type filters and an image-reference id list, see src/gallery/usage.ts `usageQuery`);
//   securityresources  Defender for Cloud container-registry sub-assessments in the documented row shape
//                      (Microsoft Learn "Container vulnerability assessments REST API"), queried with the KQL
//                      subset src/scans/defender.ts `defenderQuery` uses: `where` (==, =~, !=, !~ joined by
//                      `and`), `extend` / `project` (columns, `tostring(path)`, `extract(regex, group, path)`)
//                      and `order by`.
// Anything else is answered with 400 BadRequest / InvalidQuery, like a query the real service cannot parse.
// Paged with `$top`/`$skipToken`; `subscriptions` in the request scopes the rows, none = tenant scope.
//
// Seed (optional, `resourceGraph` next to `subscriptions` in the seed JSON):
//   { "pageSize": 1000,
//     "resources": [{ "id": "/subscriptions/…/virtualMachineScaleSets/web", "imageId": "/subscriptions/…/versions/1.0.0" }],
//     "subAssessments": [{ "registryHost": "contoso.azurecr.io", "repositoryName": "app/web", "digest": "sha256:…",
//                          "status": "Unhealthy", "cveId": "CVE-2024-1234", "severity": "Critical",
//                          "packageName": "openssl", "version": "3.0.1", "fixedVersion": "3.0.2",
//                          "timeGenerated": "2026-11-20T10:05:00Z", "lastPushedToRegistryUTC": "2026-11-20T10:00:00Z" }] }
// For resources the type, name, subscription and resource group come from the id. A sub-assessment seed becomes
// a full row (id under the registry's resource id and the MDVM assessment key, `properties.additionalData`
// with vulnerabilityDetails, artifactDetails, softwareDetails; `status.code` Unhealthy, Healthy or
// NotApplicable); `assessmentKey` puts it under another key (e.g. the retired Qualys one). The shape of a
// Healthy row (an image scanned with nothing open) is not documented: it carries artifactDetails and no
// vulnerability. Tests may also call `addUser`, `addSubAssessment` and `clear`.
import { createHash, randomUUID } from 'node:crypto'

import { authenticateArm } from '../arm.js'
import { armError, firstHeader, json } from '../http.js'
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, RouteModule } from '../types.js'

export const RESOURCE_GRAPH_API_VERSION = '2024-04-01'
const PATH = /^\/providers\/microsoft\.resourcegraph\/resources\/?$/i
const SCALE_SET = 'microsoft.compute/virtualmachinescalesets'
const VIRTUAL_MACHINE = 'microsoft.compute/virtualmachines'

export interface GraphResourceSeed {
  /** ARM id of a virtual machine or scale set. */
  id: string
  /** The image reference id (`storageProfile.imageReference.id`). */
  imageId: string
  location?: string
}

export interface ResourceGraphSeed {
  /** Rows per page at most (the client's `$top` may ask for fewer). Default 1000. */
  pageSize?: number
  resources?: GraphResourceSeed[]
  /** Defender for Cloud container-registry sub-assessments (`securityresources`). */
  subAssessments?: SubAssessmentSeed[]
}

/** Microsoft Defender Vulnerability Management, Azure registry images. */
export const MDVM_ASSESSMENT_KEY = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5'

export interface SubAssessmentSeed {
  /** Registry login server, as Defender records it (`contoso.azurecr.io`; the emulator's is `127.0.0.1:PORT`). */
  registryHost: string
  repositoryName: string
  digest: string
  /** Default `Unhealthy` (an open finding). */
  status?: 'Unhealthy' | 'Healthy' | 'NotApplicable'
  /** Required unless Healthy. */
  cveId?: string
  /** `Critical`, `High`, `Medium`, `Low` (default `High`). */
  severity?: string
  packageName?: string
  version?: string
  fixedVersion?: string
  /** When Defender produced the record (the scan), ISO 8601. */
  timeGenerated: string
  /** When the image was last pushed, as Defender saw it, ISO 8601 (7 fractional digits, like the service). */
  lastPushedToRegistryUTC: string
  tags?: string[]
  subscriptionId?: string
  resourceGroup?: string
  /** Registry resource name (default: the first label of the host). */
  registryName?: string
  /** Default the MDVM key. */
  assessmentKey?: string
}

export interface GraphResource {
  id: string
  name: string
  type: string
  subscriptionId: string
  resourceGroup: string
  location: string
  properties: Record<string, unknown>
}

export interface ResourceGraphState {
  pageSize: number
  resources: GraphResource[]
  /** `securityresources` rows (sub-assessments), in the service's shape. */
  securityResources: Record<string, unknown>[]
  /** Every query received, for assertions (query text, subscriptions, options). */
  queries: { query: string; subscriptions?: string[]; options?: Record<string, unknown> }[]
  /** Answer the next N queries with this error (e.g. 403 AuthorizationFailed). */
  failNext?: { status: number; code: string; message: string; times: number }
}

export interface ResourceGraphModule extends RouteModule<ResourceGraphState> {
  readonly name: 'resource-graph'
  /** Adds a VM or scale set (type from the id) whose image reference is `imageId`. */
  addUser(id: string, imageId: string): GraphResource
  /** Adds a Defender for Cloud sub-assessment row; returns it. */
  addSubAssessment(seed: SubAssessmentSeed): Record<string, unknown>
  clear(): void
}

export function graphResource(seed: GraphResourceSeed): GraphResource {
  const match =
    /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.compute\/(virtualmachinescalesets|virtualmachines)\/([^/]+)$/i.exec(
      seed.id,
    )
  if (!match) throw new Error(`Not a virtual machine or scale set id: ${seed.id}`)
  const scaleSet = match[3]!.toLowerCase() === 'virtualmachinescalesets'
  const imageReference = { id: seed.imageId }
  return {
    id: seed.id,
    name: match[4]!,
    type: scaleSet ? SCALE_SET : VIRTUAL_MACHINE,
    subscriptionId: match[1]!,
    resourceGroup: match[2]!.toLowerCase(),
    location: seed.location ?? 'eastus',
    properties: scaleSet
      ? { virtualMachineProfile: { storageProfile: { imageReference } } }
      : { storageProfile: { imageReference } },
  }
}

const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000001'
const CVSS: Record<string, number> = { critical: 9.8, high: 7.5, medium: 5.3, low: 3.1 }

/** A sub-assessment seed as the service returns the row (Microsoft Learn's documented example shape). */
export function subAssessmentRow(seed: SubAssessmentSeed): Record<string, unknown> {
  const status = seed.status ?? 'Unhealthy'
  if (status !== 'Healthy' && !seed.cveId) throw new Error(`A ${status} sub-assessment needs a cveId`)
  const subscriptionId = seed.subscriptionId ?? DEFAULT_SUBSCRIPTION
  const resourceGroup = seed.resourceGroup ?? 'rg-registry'
  const registryName = seed.registryName ?? seed.registryHost.split('.')[0]!.replace(/[^A-Za-z0-9]/g, '')
  const key = seed.assessmentKey ?? MDVM_ASSESSMENT_KEY
  const name = uuidFrom([
    seed.registryHost,
    seed.repositoryName,
    seed.digest,
    seed.cveId,
    seed.packageName,
    key,
  ])
  const severity = seed.severity ?? 'High'
  const artifactDetails = {
    lastPushedToRegistryUTC: seed.lastPushedToRegistryUTC,
    repositoryName: seed.repositoryName,
    registryHost: seed.registryHost,
    artifactType: 'ContainerImage',
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    digest: seed.digest,
    tags: seed.tags ?? [],
  }
  const finding = seed.cveId ? vulnerabilityData(seed, severity) : {}
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registryName}/providers/Microsoft.Security/assessments/${key}/subassessments/${name}`,
    name,
    type: 'microsoft.security/assessments/subassessments',
    tenantId: '11111111-1111-1111-1111-111111111111',
    kind: '',
    location: 'global',
    resourceGroup: resourceGroup.toLowerCase(),
    subscriptionId,
    managedBy: '',
    sku: null,
    plan: null,
    properties: {
      id: seed.cveId ?? name,
      additionalData: {
        assessedResourceType: 'AzureContainerRegistryVulnerability',
        ...finding,
        artifactDetails,
      },
      description: seed.cveId
        ? 'This vulnerability affects the following vendors: Emulator. To view more details about this vulnerability please visit the vendor website.'
        : 'No vulnerabilities found',
      displayName: seed.cveId ?? 'No vulnerabilities found',
      resourceDetails: {
        id: `/repositories/${seed.repositoryName}/images/${seed.digest}`,
        source: 'Azure',
      },
      timeGenerated: seed.timeGenerated,
      remediation: seed.fixedVersion ? `Upgrade to ${seed.fixedVersion}` : 'No remediation exists',
      status:
        status === 'NotApplicable'
          ? { description: 'Disabled parent assessment', severity, code: status, cause: 'Exempt' }
          : { severity, code: status },
    },
    tags: null,
    identity: null,
    zones: null,
    extendedLocation: null,
  }
}

function vulnerabilityData(seed: SubAssessmentSeed, severity: string): Record<string, unknown> {
  const score = CVSS[severity.toLowerCase()] ?? 0
  return {
    vulnerabilityDetails: {
      severity,
      exploitabilityAssessment: {
        exploitStepsPublished: false,
        exploitStepsVerified: false,
        isInExploitKit: false,
        exploitUris: [],
        types: ['Remote'],
      },
      lastModifiedDate: seed.timeGenerated,
      publishedDate: '2024-01-01T00:00:00Z',
      workarounds: [],
      references: [{ title: seed.cveId, link: `https://nvd.nist.gov/vuln/detail/${seed.cveId}` }],
      weaknesses: { cwe: [] },
      cveId: seed.cveId,
      cvss: {
        '2.0': null,
        '3.0': { cvssVectorString: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', base: score },
      },
    },
    softwareDetails: {
      category: 'OS',
      fixedVersion: seed.fixedVersion ?? '',
      version: seed.version ?? '',
      vendor: seed.packageName ?? '',
      packageName: seed.packageName ?? '',
      osDetails: { osPlatform: 'linux', osVersion: 'alpine_3.9' },
      fixStatus: seed.fixedVersion ? 'FixAvailable' : 'NoFixAvailable',
      evidence: [],
    },
    cvssV30Score: score,
  }
}

/** Stable sub-assessment names, so `order by id` pages the same way on every run. */
function uuidFrom(parts: (string | undefined)[]): string {
  const hex = createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\n'))
    .digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

interface ParsedQuery {
  types: string[]
  imageIds: string[]
  projection: string[]
}

/** Parses the query shape the action sends; undefined for anything else. */
export function parseUsageQuery(query: string): ParsedQuery | undefined {
  const text = query.replace(/\s+/g, ' ').trim()
  if (!/^resources \|/i.test(text)) return undefined
  const types = [...text.matchAll(/type =~ '([^']+)'/gi)].map((m) => m[1]!.toLowerCase())
  const list = /\| where imageId in~? \(([^)]*)\)/i.exec(text)
  const extend =
    /\| extend imageId = tolower\(iff\(type =~ '[^']+', tostring\(properties\.virtualMachineProfile\.storageProfile\.imageReference\.id\), tostring\(properties\.storageProfile\.imageReference\.id\)\)\)/i.test(
      text,
    )
  const project = /\| project ([\w, ]+?)(?: \||$)/i.exec(text)
  if (!list || !extend || types.length === 0) return undefined
  const imageIds = [...list[1]!.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) =>
    m[1]!.replace(/\\(.)/g, '$1').toLowerCase(),
  )
  return {
    types,
    imageIds,
    projection: project ? project[1]!.split(',').map((p) => p.trim()) : [],
  }
}

function imageIdOf(resource: GraphResource): string {
  const props = resource.properties as {
    virtualMachineProfile?: { storageProfile?: { imageReference?: { id?: string } } }
    storageProfile?: { imageReference?: { id?: string } }
  }
  const id =
    resource.type === SCALE_SET
      ? props.virtualMachineProfile?.storageProfile?.imageReference?.id
      : props.storageProfile?.imageReference?.id
  return (id ?? '').toLowerCase()
}

/** Rows for retirement's usage query over `resources`; undefined when the query has another shape. */
function usageRows(query: string, resources: GraphResource[]): Record<string, unknown>[] | undefined {
  const parsed = parseUsageQuery(query)
  if (!parsed) return undefined
  return resources
    .filter((r) => parsed.types.includes(r.type))
    .filter((r) => parsed.imageIds.includes(imageIdOf(r)))
    .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
    .map((r) => {
      const full: Record<string, unknown> = { ...r, imageId: imageIdOf(r) }
      return parsed.projection.length > 0
        ? Object.fromEntries(parsed.projection.map((key) => [key, full[key]]))
        : full
    })
}

/** Rows for a query over `securityresources` in the supported subset; undefined otherwise. */
function securityRows(query: string, rows: Record<string, unknown>[]): Record<string, unknown>[] | undefined {
  const stages = compileSecurityQuery(query)
  return stages?.reduce((current, stage) => stage(current), rows)
}

// --- The KQL subset for `securityresources` -------------------------------------------------------------

type Row = Record<string, unknown>
type Expr = (row: Row) => unknown
type Stage = (rows: Row[]) => Row[]
interface Token {
  kind: 'name' | 'string' | 'number' | 'op' | 'pipe' | '(' | ')' | ','
  text: string
}

/** Compiles the query into stages over `securityresources`; undefined when it is outside the subset. */
export function compileSecurityQuery(query: string): Stage[] | undefined {
  const tokens = tokenize(query)
  if (!tokens) return undefined
  const stages: Token[][] = [[]]
  for (const token of tokens) {
    if (token.kind === 'pipe') stages.push([])
    else stages.at(-1)!.push(token)
  }
  const [table, ...rest] = stages
  if (table?.length !== 1 || table[0]!.text.toLowerCase() !== 'securityresources') return undefined
  const compiled = rest.map(compileStage)
  return compiled.every((stage) => stage !== undefined) ? compiled : undefined
}

function tokenize(query: string): Token[] | undefined {
  const tokens: Token[] = []
  let i = 0
  while (i < query.length) {
    const c = query[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const quoted = stringLiteral(query, i)
    if (quoted) {
      tokens.push({ kind: 'string', text: quoted.text })
      i = quoted.end
      continue
    }
    if (quoted === null) return undefined
    const two = query.slice(i, i + 2)
    const single = /[|(),=]/.test(c) ? c : ''
    const word = /^[A-Za-z_][\w.]*/.exec(query.slice(i))?.[0] ?? /^\d+/.exec(query.slice(i))?.[0]
    let token: Token
    if (['==', '=~', '!=', '!~'].includes(two)) token = { kind: 'op', text: two }
    else if (single === '|') token = { kind: 'pipe', text: c }
    else if (single === '=') token = { kind: 'op', text: c }
    else if (single) token = { kind: single as '(' | ')' | ',', text: c }
    else if (word) token = { kind: /^\d/.test(word) ? 'number' : 'name', text: word }
    else return undefined
    tokens.push(token)
    i += token.text.length
  }
  return tokens
}

/** A KQL string literal at `i`: 'a\'b', "a", or verbatim @'a''b'. undefined: none here; null: unterminated. */
function stringLiteral(query: string, i: number): { text: string; end: number } | null | undefined {
  const verbatim = query[i] === '@'
  const quote = query[verbatim ? i + 1 : i]
  if (quote !== "'" && quote !== '"') return undefined
  let text = ''
  for (let j = verbatim ? i + 2 : i + 1; j < query.length; j++) {
    const c = query[j]!
    if (!verbatim && c === '\\') text += query[++j] ?? ''
    else if (c === quote && verbatim && query[j + 1] === quote) text += query[++j]
    else if (c === quote) return { text, end: j + 1 }
    else text += c
  }
  return null
}

class Cursor {
  i = 0
  constructor(readonly tokens: Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.i]
  }
  next(): Token | undefined {
    return this.tokens[this.i++]
  }
  take(kind: Token['kind'], text?: string): Token | undefined {
    const token = this.peek()
    if (!token || token.kind !== kind || (text !== undefined && token.text.toLowerCase() !== text))
      return undefined
    this.i++
    return token
  }
  get done(): boolean {
    return this.i >= this.tokens.length
  }
}

function compileStage(tokens: Token[]): Stage | undefined {
  const cursor = new Cursor(tokens)
  const verb = cursor.next()?.text.toLowerCase()
  let stage: Stage | undefined
  if (verb === 'where') stage = compileWhere(cursor)
  else if (verb === 'extend' || verb === 'project') stage = compileColumns(cursor, verb === 'project')
  else if (verb === 'order' && cursor.take('name', 'by')) stage = compileOrder(cursor)
  return stage && cursor.done ? stage : undefined
}

function compileWhere(cursor: Cursor): Stage | undefined {
  const conditions: ((row: Row) => boolean)[] = []
  do {
    const left = compileExpr(cursor)
    const op = cursor.take('op')?.text
    const right = compileExpr(cursor)
    if (!left || !right || !op || op === '=') return undefined
    conditions.push((row) => compare(text(left(row)), op, text(right(row))))
  } while (cursor.take('name', 'and'))
  return (rows) => rows.filter((row) => conditions.every((condition) => condition(row)))
}

function compare(a: string, op: string, b: string): boolean {
  const insensitive = op.endsWith('~')
  const equal = insensitive ? a.toLowerCase() === b.toLowerCase() : a === b
  return op.startsWith('!') ? !equal : equal
}

/** `extend a = expr, …` adds columns; `project a, b = expr, …` keeps only those. */
function compileColumns(cursor: Cursor, project: boolean): Stage | undefined {
  const columns: { name: string; value: Expr }[] = []
  do {
    const name = cursor.take('name')?.text
    if (!name) return undefined
    const value = cursor.take('op', '=') ? compileExpr(cursor) : project ? path(name) : undefined
    if (!value) return undefined
    columns.push({ name, value })
  } while (cursor.take(','))
  return (rows) =>
    rows.map((row) => {
      const added = Object.fromEntries(columns.map((c) => [c.name, c.value(row)]))
      return project ? added : { ...row, ...added }
    })
}

function compileOrder(cursor: Cursor): Stage | undefined {
  const column = cursor.take('name')?.text
  if (!column) return undefined
  const descending = cursor.take('name', 'desc') !== undefined
  if (!descending) cursor.take('name', 'asc')
  const value = path(column)
  return (rows) =>
    [...rows].sort((a, b) => {
      const [x, y] = [text(value(a)), text(value(b))]
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1)
    })
}

/** A column or property path, a string literal, or tostring(expr) / tolower(expr) / extract(regex, group, expr). */
function compileExpr(cursor: Cursor): Expr | undefined {
  const literal = cursor.take('string')
  if (literal) return () => literal.text
  const name = cursor.take('name')?.text
  if (!name) return undefined
  if (!cursor.take('(')) return path(name)
  const fn = name.toLowerCase()
  let expr: Expr | undefined
  if (fn === 'tostring' || fn === 'tolower') {
    const inner = compileExpr(cursor)
    expr = inner && ((row) => (fn === 'tolower' ? text(inner(row)).toLowerCase() : text(inner(row))))
  } else if (fn === 'extract') {
    const pattern = cursor.take('string')?.text
    const group = cursor.take(',') && cursor.take('number')?.text
    const source = cursor.take(',') && compileExpr(cursor)
    if (pattern === undefined || !group || !source) return undefined
    // RE2's inline (?i) has no JavaScript equivalent: turn it into the flag.
    const regex = new RegExp(pattern.replace(/^\(\?i\)/, ''), pattern.startsWith('(?i)') ? 'i' : '')
    expr = (row) => regex.exec(text(source(row)))?.[Number(group)] ?? ''
  }
  return expr && cursor.take(')') ? expr : undefined
}

function path(dotted: string): Expr {
  const keys = dotted.split('.')
  return (row) =>
    keys.reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Row)[key] : undefined),
      row,
    )
}

/** KQL tostring: '' for null or missing, JSON for objects. */
function text(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean)
}

export function createResourceGraphModule(graphSeed: ResourceGraphSeed = {}): ResourceGraphModule {
  const state: ResourceGraphState = {
    pageSize: graphSeed.pageSize ?? 1000,
    resources: (graphSeed.resources ?? []).map(graphResource),
    securityResources: (graphSeed.subAssessments ?? []).map(subAssessmentRow),
    queries: [],
  }

  const handle = (req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse | undefined => {
    if (!PATH.test(req.url.pathname)) return undefined
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': firstHeader(req.headers['x-ms-correlation-request-id']) ?? randomUUID(),
      'x-ms-user-quota-remaining': '14',
      'x-ms-user-quota-resets-after': '00:00:05',
    }
    const respond = (response: EmulatorResponse): EmulatorResponse => ({
      ...response,
      headers: { ...headers, ...response.headers },
    })
    const auth = authenticateArm(req, ctx)
    if ('status' in auth) return respond(auth)
    if (req.method !== 'POST') {
      return respond(
        armError(
          405,
          'MethodNotAllowed',
          `The requested resource does not support http method '${req.method}'.`,
        ),
      )
    }
    if (!req.url.searchParams.get('api-version')) {
      return respond(
        armError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        ),
      )
    }
    if (state.failNext && state.failNext.times > 0) {
      state.failNext.times -= 1
      const { status, code, message } = state.failNext
      return respond(armError(status, code, message))
    }
    const body = req.json<{ query?: string; subscriptions?: string[]; options?: Record<string, unknown> }>()
    const query = body.query ?? ''
    state.queries.push({ query, subscriptions: body.subscriptions, options: body.options })
    const subscriptions = body.subscriptions?.map((s) => s.toLowerCase())
    const inScope = (row: { subscriptionId?: unknown }) =>
      !subscriptions || subscriptions.includes(String(row.subscriptionId).toLowerCase())
    const rows =
      usageRows(query, state.resources.filter(inScope)) ??
      securityRows(query, state.securityResources.filter(inScope))
    if (!rows) {
      return respond(
        armError(
          400,
          'BadRequest',
          'Please provide below info when asking for support: timestamp, correlationId.',
          {},
          {
            details: [
              {
                code: 'InvalidQuery',
                message:
                  'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.',
              },
            ],
          },
        ),
      )
    }
    const options = body.options ?? {}
    const top = typeof options.$top === 'number' ? options.$top : 100
    const size = Math.max(1, Math.min(top, state.pageSize, 1000))
    const token = typeof options.$skipToken === 'string' ? options.$skipToken : undefined
    const offset = token
      ? Number(
          Buffer.from(token, 'base64url')
            .toString('utf8')
            .replace(/^offset:/, ''),
        )
      : 0
    if (!Number.isInteger(offset) || offset < 0) {
      return respond(armError(400, 'BadRequest', 'The $skipToken is invalid.'))
    }
    const page = rows.slice(offset, offset + size)
    const next =
      offset + size < rows.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : undefined
    return respond(
      json(200, {
        totalRecords: rows.length,
        count: page.length,
        data: page,
        facets: [],
        resultTruncated: 'false',
        ...(next ? { $skipToken: next } : {}),
      }),
    )
  }

  return {
    name: 'resource-graph',
    state,
    handle,
    addUser(id, imageId) {
      const resource = graphResource({ id, imageId })
      state.resources.push(resource)
      return resource
    },
    addSubAssessment(seed) {
      const row = subAssessmentRow(seed)
      state.securityResources.push(row)
      return row
    },
    clear() {
      state.resources.length = 0
      state.securityResources.length = 0
      state.queries.length = 0
    },
  }
}
