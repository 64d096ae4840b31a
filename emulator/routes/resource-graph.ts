// Azure Resource Graph subset: `POST /providers/Microsoft.ResourceGraph/resources` as
// @azure/arm-resourcegraph 5.x sends it (api-version 2024-04-01), over an in-memory list of virtual machines
// and scale sets. It understands the queries the action sends (type filters on scale sets / virtual machines
// and an image-reference id list, see src/retire/usage.ts `usageQuery`); anything else is answered with
// 400 BadRequest / InvalidQuery, like a query the real service cannot parse. Paged with `$top`/`$skipToken`.
//
// Seed (optional, `resourceGraph` next to `subscriptions` in the seed JSON):
//   { "pageSize": 1000, "resources": [{ "id": "/subscriptions/…/virtualMachineScaleSets/web", "imageId": "/subscriptions/…/versions/1.0.0" }] }
// The type, name, subscription and resource group come from the id. Tests may also call `addUser` / `clear`.
import { randomUUID } from 'node:crypto'

import { bearerToken } from '../auth.js'
import { armError, firstHeader, json } from '../http.js'
import type { EmulatorSeed } from '../seed.js'
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
  /** Every query received, for assertions (query text, subscriptions, options). */
  queries: { query: string; subscriptions?: string[]; options?: Record<string, unknown> }[]
  /** Answer the next N queries with this error (e.g. 403 AuthorizationFailed). */
  failNext?: { status: number; code: string; message: string; times: number }
}

export interface ResourceGraphModule extends RouteModule<ResourceGraphState> {
  readonly name: 'resource-graph'
  /** Adds a VM or scale set (type from the id) whose image reference is `imageId`. */
  addUser(id: string, imageId: string): GraphResource
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

export function createResourceGraphModule(seed: EmulatorSeed = {}): ResourceGraphModule {
  const graphSeed = (seed as EmulatorSeed & { resourceGraph?: ResourceGraphSeed }).resourceGraph ?? {}
  const state: ResourceGraphState = {
    pageSize: graphSeed.pageSize ?? 1000,
    resources: (graphSeed.resources ?? []).map(graphResource),
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
    const claims = ctx.auth.validate(bearerToken(req.headers.authorization), 'entra')
    if (!claims) {
      return respond(
        armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', {
          'www-authenticate': `Bearer authorization_uri="${ctx.baseUrl}/common", error="invalid_token"`,
        }),
      )
    }
    const audience = String(claims.aud ?? '')
    if (audience !== ctx.baseUrl && audience !== `${ctx.baseUrl}/`) {
      return respond(
        armError(
          401,
          'InvalidAuthenticationTokenAudience',
          `The access token has been obtained for wrong audience or resource '${audience}'.`,
        ),
      )
    }
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
    const parsed = parseUsageQuery(query)
    if (!parsed) {
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
    const subscriptions = body.subscriptions?.map((s) => s.toLowerCase())
    const rows = state.resources
      .filter((r) => !subscriptions || subscriptions.includes(r.subscriptionId.toLowerCase()))
      .filter((r) => parsed.types.includes(r.type))
      .filter((r) => parsed.imageIds.includes(imageIdOf(r)))
      .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
      .map((r) => {
        const full: Record<string, unknown> = { ...r, imageId: imageIdOf(r) }
        return parsed.projection.length > 0
          ? Object.fromEntries(parsed.projection.map((key) => [key, full[key]]))
          : full
      })
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
    clear() {
      state.resources.length = 0
      state.queries.length = 0
    },
  }
}
