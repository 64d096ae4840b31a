// Entra ID + GitHub OIDC emulation, driven by the real @actions/core and @azure/identity.
import * as core from '@actions/core'
import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { decodeJwt } from '../../emulator/auth.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { requireTrustedCa } from '../../emulator/testbed/ca-trust.js'
import {
  CLIENT,
  TENANT,
  call,
  demoSeed,
  isLoopback,
  muteWorkflowCommands,
  recordConnections,
  type ConnectionLog,
} from './helpers.js'

const REQUEST_TOKEN = 'test-request-token'
const savedEnv = { ...process.env }

let emulator: Emulator
let connections: ConnectionLog
let unmute: (() => void) | undefined

beforeAll(async () => {
  requireTrustedCa()
  unmute = muteWorkflowCommands()
  const seed = demoSeed()
  seed.githubOidc = { ...seed.githubOidc, requestToken: REQUEST_TOKEN }
  seed.identities = [
    ...(seed.identities ?? []),
    {
      tenantId: TENANT,
      clientId: '33333333-3333-3333-3333-333333333333',
      clientSecret: 's3cret',
      federatedCredentials: [],
    },
    {
      tenantId: TENANT,
      clientId: '44444444-4444-4444-4444-444444444444',
      federatedCredentials: [{ subject: 'repo:octo-org/other-repo:ref:refs/heads/main' }],
    },
  ]
  emulator = await startEmulator({ seed })
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${emulator.url}/github-oidc/token?api-version=2.0`
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = REQUEST_TOKEN
  delete process.env.AZURE_REGIONAL_AUTHORITY_NAME
  connections = recordConnections()
})

afterAll(async () => {
  connections?.restore()
  unmute?.()
  process.env = savedEnv
  await emulator?.close()
})

beforeEach(() => emulator.reset())

const assertion = (): Promise<string> => core.getIDToken('api://AzureADTokenExchange')

function credential(clientId = CLIENT, getAssertion = assertion): ClientAssertionCredential {
  return new ClientAssertionCredential(TENANT, clientId, getAssertion, {
    authorityHost: emulator.url,
    disableInstanceDiscovery: true,
  })
}

describe('github-oidc', () => {
  it('answers core.getIDToken with a JWT for the requested audience', async () => {
    const token = await core.getIDToken('api://AzureADTokenExchange')
    const claims = decodeJwt(token)
    expect(claims).toMatchObject({
      aud: 'api://AzureADTokenExchange',
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:octo-org/octo-repo:environment:production',
      repository: 'octo-org/octo-repo',
    })
    expect(emulator.auth.validate(token, 'github-oidc')).toBeDefined()
    expect(emulator.auth.issued).toContain(token)
    expect(emulator.requests.at(-1)).toMatchObject({
      module: 'github-oidc',
      method: 'GET',
      path: '/github-oidc/token',
      query: { 'api-version': '2.0', audience: 'api://AzureADTokenExchange' },
      status: 200,
    })
  })

  it('refuses a wrong request token', async () => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'wrong'
    try {
      await expect(core.getIDToken('api://AzureADTokenExchange')).rejects.toThrow(/401/)
    } finally {
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = REQUEST_TOKEN
    }
  })
})

describe('entra', () => {
  it('serves OpenID configuration pointing at the emulator', async () => {
    const { status, body } = await call(`${emulator.url}/${TENANT}/v2.0/.well-known/openid-configuration`)
    expect(status).toBe(200)
    const config = body as Record<string, string>
    for (const key of [
      'token_endpoint',
      'authorization_endpoint',
      'jwks_uri',
      'issuer',
      'end_session_endpoint',
    ]) {
      expect(config[key]?.startsWith(emulator.url)).toBe(true)
    }
    expect(config.token_endpoint).toBe(`${emulator.url}/${TENANT}/oauth2/v2.0/token`)
    const keys = await call(config.jwks_uri as string)
    expect((keys.body as { keys: unknown[] }).keys).toHaveLength(1)
    const discovery = await call(
      `${emulator.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`,
    )
    expect(discovery.status).toBe(200)
  })

  it('ClientAssertionCredential gets a token with a GitHub OIDC assertion, over loopback only', async () => {
    const before = connections.targets.length
    const token = await credential().getToken(`${emulator.url}/.default`)
    expect(token.token).toBeTruthy()
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000_000)
    const claims = emulator.auth.validate(token.token, 'entra')
    expect(claims).toMatchObject({ aud: emulator.url, tid: TENANT, appid: CLIENT })

    const calls = emulator.requests.map(
      (entry) => `${entry.module} ${entry.method} ${entry.path} ${entry.status}`,
    )
    expect(calls).toContain(`github-oidc GET /github-oidc/token 200`)
    expect(calls).toContain(`entra POST /${TENANT}/oauth2/v2.0/token 200`)
    const made = connections.targets.slice(before)
    expect(made.length).toBeGreaterThan(0)
    expect(made.filter((target) => !isLoopback(target))).toEqual([])
    expect(emulator.modules.entra.state.tokenRequests.at(-1)).toMatchObject({
      method: 'client_assertion',
      clientId: CLIENT,
    })
  })

  it('refuses an unknown client with AADSTS700016', async () => {
    await expect(
      credential('99999999-9999-9999-9999-999999999999').getToken(`${emulator.url}/.default`),
    ).rejects.toThrow(/AADSTS700016/)
  })

  it('refuses an assertion the emulator did not issue', async () => {
    const forged = async (): Promise<string> => {
      const real = await assertion()
      const [header, payload] = real.split('.')
      return `${header}.${payload}.forged-signature`
    }
    await expect(credential(CLIENT, forged).getToken(`${emulator.url}/.default`)).rejects.toThrow(
      /AADSTS700211/,
    )
  })

  it('refuses a subject that matches no federated credential (AADSTS700213)', async () => {
    await expect(
      credential('44444444-4444-4444-4444-444444444444').getToken(`${emulator.url}/.default`),
    ).rejects.toThrow(/AADSTS700213/)
  })

  it('refuses an assertion with the wrong audience (AADSTS700212)', async () => {
    const wrongAudience = (): Promise<string> => core.getIDToken('https://example.invalid')
    await expect(credential(CLIENT, wrongAudience).getToken(`${emulator.url}/.default`)).rejects.toThrow(
      /AADSTS700212/,
    )
  })

  it('supports client_secret when the seed has one', async () => {
    const secretCredential = (secret: string): ClientSecretCredential =>
      new ClientSecretCredential(TENANT, '33333333-3333-3333-3333-333333333333', secret, {
        authorityHost: emulator.url,
        disableInstanceDiscovery: true,
      })
    const token = await secretCredential('s3cret').getToken(`${emulator.url}/.default`)
    expect(emulator.auth.validate(token.token, 'entra')).toBeDefined()
    await expect(secretCredential('nope').getToken(`${emulator.url}/.default`)).rejects.toThrow(
      /AADSTS7000215/,
    )
  })

  it('answers errors in the real AADSTS body shape', async () => {
    const response = await call(`${emulator.url}/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: '99999999-9999-9999-9999-999999999999',
        scope: `${emulator.url}/.default`,
        client_secret: 'x',
      }).toString(),
    })
    expect(response.status).toBe(400)
    const body = response.body as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(
      [
        'correlation_id',
        'error',
        'error_codes',
        'error_description',
        'error_uri',
        'timestamp',
        'trace_id',
      ].sort(),
    )
    expect(body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] })
    expect(body.error_description).toMatch(/^AADSTS700016: Application with identifier '9{8}-/)
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/)
  })

  it('expired access tokens stop validating', async () => {
    const token = await credential().getToken(`${emulator.url}/.default`)
    emulator.auth.expire(token.token)
    expect(emulator.auth.validate(token.token, 'entra')).toBeUndefined()
    expect(emulator.auth.inspect(token.token, 'entra').status).toBe('expired')
  })
})
