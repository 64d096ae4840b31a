// Entra ID (Azure AD v2 endpoints) as MSAL inside @azure/identity talks to it with
// `authorityHost = <emulator url>` and `disableInstanceDiscovery: true`:
// OpenID configuration, JWKS, instance discovery and the token endpoint (client_credentials with a
// GitHub OIDC client assertion, or a client secret when the seed has one).
import { createHash, randomUUID } from 'node:crypto'

import { json } from '../http.js'
import type { IdentitySeed } from '../seed.js'
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, RouteModule } from '../types.js'
import { TokenRegistry, decodeJwt } from '../auth.js'

export const FEDERATED_AUDIENCE = 'api://AzureADTokenExchange'
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

export interface TokenRequestRecord {
  tenantId: string
  clientId: string | undefined
  method: 'client_assertion' | 'client_secret' | 'none'
  scope: string | undefined
  /** AADSTS code when refused. */
  errorCode?: number
  at: Date
}

export interface EntraState {
  identities: IdentitySeed[]
  /** Lifetime of issued access tokens (seconds). */
  tokenTtlSeconds: number
  tokenRequests: TokenRequestRecord[]
}

export interface EntraOptions {
  identities?: IdentitySeed[]
  tokenTtlSeconds?: number
}

export interface EntraModule extends RouteModule<EntraState> {
  readonly name: 'entra'
}

/** Default object id of a service principal: stable per client id. */
export function principalObjectId(identity: IdentitySeed): string {
  if (identity.objectId) return identity.objectId
  const hex = createHash('sha256').update(`sp:${identity.clientId}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

export function createEntraModule(options: EntraOptions = {}): EntraModule {
  const state: EntraState = {
    identities: options.identities ?? [],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3599,
    tokenRequests: [],
  }

  const knownTenant = (tenant: string): boolean =>
    state.identities.some((identity) => identity.tenantId.toLowerCase() === tenant.toLowerCase())

  return {
    name: 'entra',
    state,
    handle(req, ctx) {
      const path = req.url.pathname
      let match: RegExpMatchArray | null

      if (req.method === 'GET' && /^\/(common|organizations|[^/]+)\/discovery\/instance\/?$/i.test(path)) {
        return instanceDiscovery(ctx)
      }
      if (
        (match = path.match(/^\/([^/]+)(\/v2\.0)?\/\.well-known\/openid-configuration\/?$/i)) &&
        req.method === 'GET'
      ) {
        const tenant = match[1] ?? ''
        if (!isWildcardTenant(tenant) && !knownTenant(tenant)) return tenantNotFound(tenant, ctx)
        return json(200, openIdConfiguration(ctx.baseUrl, tenant), {
          'cache-control': 'max-age=86400, private',
        })
      }
      if ((match = path.match(/^\/([^/]+)\/discovery(\/v2\.0)?\/keys\/?$/i)) && req.method === 'GET') {
        return json(200, registryOf(ctx)?.jwks() ?? { keys: [] })
      }
      if ((match = path.match(/^\/([^/]+)\/oauth2(\/v2\.0)?\/token\/?$/i))) {
        if (req.method !== 'POST')
          return aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.', ctx)
        return tokenEndpoint(req, ctx, match[1] ?? '', state)
      }
      if ((match = path.match(/^\/([^/]+)\/oauth2(\/v2\.0)?\/(authorize|devicecode|logout)\/?$/i))) {
        return aadError(
          400,
          'invalid_request',
          90000,
          `The emulator only supports the client credentials flow; '${match[3]}' is not implemented.`,
          ctx,
        )
      }
      return undefined
    },
  }
}

function isWildcardTenant(tenant: string): boolean {
  return ['common', 'organizations', 'consumers'].includes(tenant.toLowerCase())
}

function registryOf(ctx: EmulatorContext): TokenRegistry | undefined {
  return ctx.auth instanceof TokenRegistry ? ctx.auth : undefined
}

export function openIdConfiguration(baseUrl: string, tenant: string): Record<string, unknown> {
  const tenantPart = isWildcardTenant(tenant) ? '{tenantid}' : tenant
  return {
    token_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${baseUrl}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${baseUrl}/${tenantPart}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'azp', 'appid'],
    kerberos_endpoint: `${baseUrl}/${tenant}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: new URL(baseUrl).host,
    cloud_graph_host_name: new URL(baseUrl).host,
    msgraph_host: new URL(baseUrl).host,
    rbac_url: baseUrl,
  }
}

function instanceDiscovery(ctx: EmulatorContext): EmulatorResponse {
  const host = new URL(ctx.baseUrl).host
  return json(200, {
    tenant_discovery_endpoint: `${ctx.baseUrl}/common/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  })
}

function aadTimestamp(date = new Date()): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
}

/** The real AADSTS error body shape. */
export function aadError(
  status: number,
  error: string,
  code: number,
  message: string,
  ctx: EmulatorContext,
  correlationId: string = randomUUID(),
): EmulatorResponse {
  const traceId = randomUUID()
  const timestamp = aadTimestamp()
  return json(
    status,
    {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${ctx.baseUrl}/error?code=${code}`,
    },
    { 'cache-control': 'no-store, no-cache', 'x-ms-request-id': traceId },
  )
}

function tenantNotFound(tenant: string, ctx: EmulatorContext): EmulatorResponse {
  return aadError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ctx,
  )
}

function tokenEndpoint(
  req: EmulatorRequest,
  ctx: EmulatorContext,
  tenant: string,
  state: EntraState,
): EmulatorResponse {
  let form: URLSearchParams
  try {
    form = req.form()
  } catch {
    form = new URLSearchParams()
  }
  const correlationId = headerValue(req.headers['client-request-id']) ?? randomUUID()
  const clientId = form.get('client_id') ?? undefined
  const scope = form.get('scope') ?? undefined
  const record: TokenRequestRecord = {
    tenantId: tenant,
    clientId,
    method: form.has('client_assertion')
      ? 'client_assertion'
      : form.has('client_secret')
        ? 'client_secret'
        : 'none',
    scope,
    at: new Date(),
  }
  state.tokenRequests.push(record)
  const fail = (status: number, error: string, code: number, message: string): EmulatorResponse => {
    record.errorCode = code
    const response = aadError(status, error, code, message, ctx, correlationId)
    response.headers = { ...response.headers, 'client-request-id': correlationId }
    return response
  }

  const grantType = form.get('grant_type')
  if (!grantType)
    return fail(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    )
  if (grantType !== 'client_credentials') {
    return fail(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    )
  }
  if (isWildcardTenant(tenant)) {
    return fail(
      400,
      'invalid_request',
      900023,
      `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain. The client credentials flow needs a tenant id.`,
    )
  }
  if (!state.identities.some((identity) => identity.tenantId.toLowerCase() === tenant.toLowerCase())) {
    record.errorCode = 90002
    return tenantNotFound(tenant, ctx)
  }
  if (!clientId)
    return fail(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    )
  const identity = state.identities.find(
    (candidate) =>
      candidate.tenantId.toLowerCase() === tenant.toLowerCase() &&
      candidate.clientId.toLowerCase() === clientId.toLowerCase(),
  )
  if (!identity) {
    return fail(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    )
  }
  if (!scope)
    return fail(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    )
  const resourceScope = scope.split(/\s+/).find((entry) => entry.endsWith('/.default'))
  if (!resourceScope) {
    return fail(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    )
  }

  const assertion = form.get('client_assertion')
  const secret = form.get('client_secret')
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      return fail(
        400,
        'invalid_request',
        50027,
        `Invalid client_assertion_type '${form.get('client_assertion_type') ?? ''}'. Expected '${JWT_BEARER}'.`,
      )
    }
    const refusal = checkAssertion(assertion, identity, ctx)
    if (refusal) return fail(refusal.status, 'invalid_client', refusal.code, refusal.message)
  } else if (secret !== null) {
    if (!identity.clientSecret || identity.clientSecret !== secret) {
      return fail(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${identity.clientId}'.`,
      )
    }
  } else {
    return fail(
      400,
      'invalid_client',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    )
  }

  const resource = resourceScope.slice(0, -'/.default'.length)
  const objectId = principalObjectId(identity)
  const ttl = state.tokenTtlSeconds
  const accessToken = ctx.auth.issue(
    'entra',
    {
      aud: resource,
      iss: `${ctx.baseUrl}/${identity.tenantId}/v2.0`,
      tid: identity.tenantId,
      appid: identity.clientId,
      azp: identity.clientId,
      oid: objectId,
      sub: objectId,
      idtyp: 'app',
      ver: '2.0',
      roles: [],
    },
    ttl,
  )
  return json(
    200,
    { token_type: 'Bearer', expires_in: ttl, ext_expires_in: ttl, access_token: accessToken },
    { 'cache-control': 'no-store, no-cache', 'client-request-id': correlationId },
  )
}

function checkAssertion(
  assertion: string,
  identity: IdentitySeed,
  ctx: EmulatorContext,
): { status: number; code: number; message: string } | undefined {
  const registry = registryOf(ctx)
  const inspected = registry?.inspect(assertion, 'github-oidc')
  const claims = inspected?.record?.claims ?? decodeJwt(assertion)
  if (!claims) return { status: 400, code: 50027, message: 'JWT token is invalid or malformed.' }
  if (registry && inspected) {
    if (
      inspected.status === 'unknown' ||
      inspected.status === 'wrong-kind' ||
      inspected.status === 'revoked'
    ) {
      return {
        status: 401,
        code: 700211,
        message: `No matching federated identity record found for presented assertion issuer '${String(claims.iss ?? '')}'. The assertion was not issued by the emulator's GitHub OIDC endpoint. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
      }
    }
    if (inspected.status === 'expired') {
      const now = new Date().toISOString()
      return {
        status: 401,
        code: 700024,
        message: `Client assertion is not within its valid time range. Current time: ${now}, assertion valid from ${inspected.record?.issuedAt.toISOString()}, expiry time of assertion ${inspected.record?.expiresAt.toISOString()}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
      }
    }
  } else if (!ctx.auth.validate(assertion, 'github-oidc')) {
    return { status: 401, code: 50027, message: 'JWT token is invalid or malformed.' }
  }
  const issuer = String(claims.iss ?? '')
  const subject = String(claims.sub ?? '')
  const audiences = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud ?? '')]
  const credentials = identity.federatedCredentials ?? [{}]
  if (credentials.length === 0) {
    return {
      status: 400,
      code: 70021,
      message: `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audiences.join(',')}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    }
  }
  const issuerOk = credentials.filter((credential) => !credential.issuer || credential.issuer === issuer)
  if (issuerOk.length === 0) {
    return {
      status: 400,
      code: 700211,
      message: `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    }
  }
  const audienceOk = issuerOk.filter((credential) =>
    (credential.audiences ?? [FEDERATED_AUDIENCE]).some((audience) => audiences.includes(audience)),
  )
  if (audienceOk.length === 0) {
    return {
      status: 400,
      code: 700212,
      message: `No matching federated identity record found for presented assertion audience '${audiences.join(',')}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    }
  }
  if (!audienceOk.some((credential) => !credential.subject || credential.subject === subject)) {
    return {
      status: 400,
      code: 700213,
      message: `No matching federated identity record found for presented assertion subject '${subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    }
  }
  return undefined
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
