import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import * as core from '@actions/core'
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth'
import { messageOf, UsageError } from '../core/errors.js'
import type { CloudEndpoints } from './clouds.js'

/** `auto`: OIDC, then the Azure CLI session, then AZURE_* variables; `managed-identity`: the host's identity. */
export type AuthMode = 'auto' | 'managed-identity'

export interface AuthSettings {
  clientId: string
  tenantId: string
  /** Absent means `auto`. */
  auth?: AuthMode
}

export type CredentialKind = 'oidc' | 'azure-cli' | 'environment' | 'managed-identity'

type Identity = typeof import('@azure/identity')

/**
 * Picks the credential without touching the network, in the order the README documents:
 * OIDC federation (client-id + tenant-id), then the Azure CLI session of azure/login, then AZURE_* variables.
 * Managed identity only when asked for (auth: managed-identity): on a GitHub-hosted runner IMDS does not exist and
 * probing it only costs time.
 */
export function createCredential(
  auth: AuthSettings,
  cloud: CloudEndpoints & { customAuthority: boolean },
  env: NodeJS.ProcessEnv = process.env,
): { credential: TokenCredential; kind: CredentialKind } {
  // With a custom authority MSAL would otherwise call login.microsoftonline.com to validate it.
  const authority = { authorityHost: cloud.authorityHost, disableInstanceDiscovery: cloud.customAuthority }

  if (auth.auth === 'managed-identity')
    return { credential: managedIdentity(auth.clientId), kind: 'managed-identity' }
  if (auth.clientId && auth.tenantId) {
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
      throw new UsageError(
        "Inputs 'client-id' and 'tenant-id' ask for OIDC federation, but this job cannot request a GitHub OIDC token: " +
          'add `permissions: id-token: write` to the job.',
      )
    }
    // The callback runs on every token refresh, so long promotions keep a fresh assertion.
    const assertion = reusedUntilExpiry(githubAssertion)
    const credential = loadedOnUse(
      (identity) =>
        new identity.ClientAssertionCredential(auth.tenantId, auth.clientId, assertion, authority),
      // The GitHub token is needed first: ask for it before compiling MSAL, so its round trip overlaps that.
      () => void assertion().catch(() => undefined),
    )
    return { credential, kind: 'oidc' }
  }

  const cli = onPath('az', env)
  const secret = Boolean(
    env.AZURE_TENANT_ID &&
    env.AZURE_CLIENT_ID &&
    (env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH),
  )
  if (!cli && !secret) {
    throw new UsageError(
      'No Azure credential found. Use one of: (1) OIDC federation — set inputs client-id and tenant-id and give the job ' +
        '`permissions: id-token: write`; (2) run azure/login earlier in the job so the Azure CLI session is used; ' +
        '(3) set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH).',
    )
  }
  const credential = loadedOnUse((identity) => {
    const chain: TokenCredential[] = []
    if (cli) chain.push(new identity.AzureCliCredential({ tenantId: auth.tenantId || undefined }))
    if (secret) chain.push(new identity.EnvironmentCredential(authority))
    return chain.length === 1 ? chain[0]! : new identity.ChainedTokenCredential(...chain)
  })
  return { credential, kind: cli ? 'azure-cli' : 'environment' }
}

/**
 * The managed identity of the machine (an Azure VM or scale set running a self-hosted runner or agent): the
 * system-assigned one, or the user-assigned one whose client ID is given. Asked for only when the user says so,
 * since probing IMDS where it does not exist costs seconds. @azure/identity reaches IMDS at 169.254.169.254, or at
 * AZURE_POD_IDENTITY_AUTHORITY_HOST when set (which is how the tests point it at the emulator).
 */
function managedIdentity(clientId: string): TokenCredential {
  return loadedOnUse((identity) =>
    clientId
      ? new identity.ManagedIdentityCredential({ clientId })
      : new identity.ManagedIdentityCredential(),
  )
}

/**
 * A credential whose SDK is loaded when the first token is asked for: @azure/identity with MSAL is a large part
 * of the bundle, and runs that stop on bad input, or promote in a registry that needs no token, never compile it.
 * `beforeLoad` runs once, first: network work the credential will need anyway can start while it compiles.
 * Concurrent requests for the same token share one (MSAL does not): an early request made to overlap start-up
 * (see promotion.ts) and the SDK's own request cost one token exchange, not two.
 */
function loadedOnUse(
  make: (identity: Identity) => TokenCredential,
  beforeLoad?: () => void,
): TokenCredential {
  let loaded: Promise<TokenCredential> | undefined
  const inFlight = new Map<string, Promise<AccessToken | null>>()
  const load = (): Promise<TokenCredential> => {
    if (!loaded) {
      beforeLoad?.()
      loaded = import('@azure/identity').then(make)
    }
    return loaded
  }
  return {
    getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = JSON.stringify([[scopes].flat(), options?.enableCae, options?.tenantId, options?.claims])
      let token = inFlight.get(key)
      if (!token) {
        token = load()
          .then((credential) => credential.getToken(scopes, options))
          .finally(() => inFlight.delete(key))
        inFlight.set(key, token)
      }
      return token
    },
  }
}

/** Stop reusing the GitHub ID token this long before its `exp`: Entra must still accept it when it arrives. */
const EXPIRY_MARGIN_MS = 60_000
/** Reuse of a token whose `exp` cannot be read: long enough for one token exchange, short enough to be safe. */
const UNKNOWN_EXPIRY_MS = 30_000

/**
 * The assertion callback, fetching the GitHub ID token once and reusing it until shortly before it expires.
 * ClientAssertionCredential calls the callback twice for one Entra token (before and after MSAL reads the
 * authority metadata); without this every Entra token costs two GitHub round trips. Concurrent calls share one
 * request; a failed request is not remembered, so the next call tries again. One cache per credential.
 */
export function reusedUntilExpiry(
  fetchToken: () => Promise<string>,
  now: () => number = Date.now,
): () => Promise<string> {
  let cached: { token: string; until: number } | undefined
  let pending: Promise<string> | undefined
  return () => {
    if (cached && now() < cached.until) return Promise.resolve(cached.token)
    pending ??= fetchToken()
      .then((token) => {
        cached = { token, until: reuseUntil(token, now()) }
        return token
      })
      .finally(() => {
        pending = undefined
      })
    return pending
  }
}

/** Until when a token may be reused, from its `exp` claim (read, not verified: Entra verifies it). */
export function reuseUntil(token: string, now: number): number {
  const exp = expiryOf(token)
  if (exp === undefined) return now + UNKNOWN_EXPIRY_MS
  return Math.max(now, exp * 1000 - EXPIRY_MARGIN_MS)
}

function expiryOf(token: string): number | undefined {
  const payload = token.split('.')[1]
  if (!payload) return undefined
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined
  } catch {
    return undefined
  }
}

/** Attempts at the GitHub OIDC token: @actions/core retries only 502/503/504, not 429, 500 or a reset. */
const ASSERTION_ATTEMPTS = 3

async function githubAssertion(): Promise<string> {
  let reason = ''
  for (let attempt = 1; attempt <= ASSERTION_ATTEMPTS; attempt++) {
    try {
      const token = await core.getIDToken('api://AzureADTokenExchange')
      core.setSecret(token)
      return token
    } catch (error) {
      // @actions/core's message spans several lines (status code, body); reports keep only the first line.
      reason = messageOf(error).replace(/\s+/g, ' ').trim()
      // A missing permission does not get better with time.
      if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || attempt === ASSERTION_ATTEMPTS) break
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)))
    }
  }
  throw new Error(
    `Getting the GitHub OIDC token failed after ${ASSERTION_ATTEMPTS} attempts (${reason}); the job needs \`permissions: id-token: write\`.`,
  )
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    try {
      accessSync(join(dir, command), constants.X_OK)
      return true
    } catch {
      // not in this directory
    }
  }
  return false
}
