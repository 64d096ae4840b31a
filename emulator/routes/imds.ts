// The Azure Instance Metadata Service's managed identity endpoint (GET /metadata/identity/oauth2/token), as
// MSAL's IMDS source inside @azure/identity's ManagedIdentityCredential calls it when
// AZURE_POD_IDENTITY_AUTHORITY_HOST points at the emulator. The real endpoint is http://169.254.169.254; tests
// never go there. Shapes from "How to use managed identities for Azure resources on an Azure VM to acquire an
// access token" (Microsoft Learn): the Metadata header is required, a user-assigned identity is chosen with
// client_id, object_id or msi_res_id, numbers in the answer are strings.
import { principalObjectId } from './entra.js'
import { firstHeader, json } from '../http.js'
import type { IdentitySeed } from '../seed.js'
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, RouteModule } from '../types.js'

const TOKEN_PATH = '/metadata/identity/oauth2/token'

export interface ImdsTokenRequest {
  resource: string | undefined
  clientId: string | undefined
  /** The `error_description` when refused. */
  error?: string
  at: Date
}

export interface ImdsState {
  /** The identities attached to the emulated machine (seed identities with `managedIdentity`). */
  identities: IdentitySeed[]
  tokenTtlSeconds: number
  tokenRequests: ImdsTokenRequest[]
}

export interface ImdsModule extends RouteModule<ImdsState> {
  readonly name: 'imds'
}

export function createImdsModule(
  options: { identities?: IdentitySeed[]; tokenTtlSeconds?: number } = {},
): ImdsModule {
  const state: ImdsState = {
    identities: (options.identities ?? []).filter((identity) => identity.managedIdentity),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86_399,
    tokenRequests: [],
  }
  return {
    name: 'imds',
    state,
    handle(req, ctx) {
      // MSAL sends the path with a trailing slash; IMDS answers both.
      if (req.url.pathname.toLowerCase().replace(/\/$/, '') !== TOKEN_PATH) return undefined
      return token(req, ctx, state)
    },
  }
}

function token(req: EmulatorRequest, ctx: EmulatorContext, state: ImdsState): EmulatorResponse {
  const query = req.url.searchParams
  const record: ImdsTokenRequest = {
    resource: query.get('resource') ?? undefined,
    clientId: query.get('client_id') ?? undefined,
    at: new Date(),
  }
  state.tokenRequests.push(record)
  const refuse = (status: number, description: string): EmulatorResponse => {
    record.error = description
    return json(status, { error: 'invalid_request', error_description: description })
  }
  if (req.method !== 'GET') return refuse(405, `The request method '${req.method}' is not supported.`)
  if (firstHeader(req.headers.metadata)?.toLowerCase() !== 'true') {
    return refuse(400, 'Required metadata header not specified')
  }
  if (!query.get('api-version')) return refuse(400, "Required query variable 'api-version' is missing")
  const resource = query.get('resource')
  if (!resource) return refuse(400, "Required query variable 'resource' is missing")
  const identity = pick(state.identities, query)
  if (!identity) return refuse(400, 'Identity not found')

  const ttl = state.tokenTtlSeconds
  const objectId = principalObjectId(identity)
  const accessToken = ctx.auth.issue(
    'entra',
    {
      aud: resource,
      iss: `${ctx.baseUrl}/${identity.tenantId}/`,
      tid: identity.tenantId,
      appid: identity.clientId,
      oid: objectId,
      sub: objectId,
      idtyp: 'app',
      xms_mirid: `/subscriptions/emulated/resourcegroups/emulated/providers/Microsoft.Compute/virtualMachines/runner`,
      ver: '1.0',
      roles: [],
    },
    ttl,
  )
  const now = Math.floor(Date.now() / 1000)
  return json(200, {
    access_token: accessToken,
    client_id: identity.clientId,
    expires_in: String(ttl),
    expires_on: String(now + ttl),
    ext_expires_in: String(ttl),
    not_before: String(now),
    resource,
    token_type: 'Bearer',
  })
}

/** The system-assigned identity without a selector; a user-assigned one by client_id or object_id. */
function pick(identities: IdentitySeed[], query: URLSearchParams): IdentitySeed | undefined {
  const clientId = query.get('client_id')
  const objectId = query.get('object_id')
  if (clientId) {
    return identities.find((identity) => identity.clientId.toLowerCase() === clientId.toLowerCase())
  }
  if (objectId) {
    return identities.find((identity) => principalObjectId(identity).toLowerCase() === objectId.toLowerCase())
  }
  return identities.find((identity) => identity.managedIdentity === 'system-assigned')
}
