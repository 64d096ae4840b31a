import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import * as core from '@actions/core'
import {
  AzureCliCredential,
  ChainedTokenCredential,
  ClientAssertionCredential,
  EnvironmentCredential,
  type TokenCredential,
} from '@azure/identity'
import { UsageError } from '../core/errors.js'
import type { CloudEndpoints } from './clouds.js'

export interface AuthSettings {
  clientId: string
  tenantId: string
}

export type CredentialKind = 'oidc' | 'azure-cli' | 'environment'

/**
 * Picks the credential without touching the network, in the order the README documents:
 * OIDC federation (client-id + tenant-id), then the Azure CLI session of azure/login, then AZURE_* variables.
 * Managed identity is never probed: on a GitHub-hosted runner IMDS does not exist and the probe only costs time.
 */
export function createCredential(
  auth: AuthSettings,
  cloud: CloudEndpoints & { customAuthority: boolean },
  env: NodeJS.ProcessEnv = process.env,
): { credential: TokenCredential; kind: CredentialKind } {
  // With a custom authority MSAL would otherwise call login.microsoftonline.com to validate it.
  const authority = { authorityHost: cloud.authorityHost, disableInstanceDiscovery: cloud.customAuthority }

  if (auth.clientId && auth.tenantId) {
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
      throw new UsageError(
        "Inputs 'client-id' and 'tenant-id' ask for OIDC federation, but this job cannot request a GitHub OIDC token: " +
          'add `permissions: id-token: write` to the job.',
      )
    }
    // The callback runs on every token refresh, so long promotions keep a fresh assertion.
    const credential = new ClientAssertionCredential(auth.tenantId, auth.clientId, githubAssertion, authority)
    return { credential, kind: 'oidc' }
  }

  const chain: TokenCredential[] = []
  if (onPath('az', env)) chain.push(new AzureCliCredential({ tenantId: auth.tenantId || undefined }))
  if (
    env.AZURE_TENANT_ID &&
    env.AZURE_CLIENT_ID &&
    (env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH)
  ) {
    chain.push(new EnvironmentCredential(authority))
  }
  if (chain.length === 0) {
    throw new UsageError(
      'No Azure credential found. Use one of: (1) OIDC federation — set inputs client-id and tenant-id and give the job ' +
        '`permissions: id-token: write`; (2) run azure/login earlier in the job so the Azure CLI session is used; ' +
        '(3) set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH).',
    )
  }
  const credential = chain.length === 1 ? chain[0]! : new ChainedTokenCredential(...chain)
  return { credential, kind: onPath('az', env) ? 'azure-cli' : 'environment' }
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
      reason = error instanceof Error ? error.message : String(error)
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
