// Server plumbing: certificates, faults, request log, token registry, and the CLI as a CI job runs it.
import { spawn } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { decodeJwt } from '../../emulator/auth.js'
import { regionDisplayName, regionKey } from '../../emulator/regions.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { repoRoot } from '../../emulator/tls.js'
import { ca, caCertPath, cert, requireTrustedCa } from '../../emulator/testbed/ca-trust.js'
import { call } from './helpers.js'

let emulator: Emulator

beforeAll(async () => {
  requireTrustedCa()
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.close()
})

describe('certificates', () => {
  it('server certificate is signed by the CA and covers 127.0.0.1, ::1 and localhost', () => {
    const server = new X509Certificate(cert)
    const authority = new X509Certificate(ca)
    expect(server.verify(authority.publicKey)).toBe(true)
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(server.checkIP('::1')).toBeTruthy()
    expect(server.checkHost('localhost')).toBe('localhost')
    expect(authority.ca).toBe(true)
    expect(emulator.caCertPath).toBe(caCertPath)
    expect(process.env.NODE_EXTRA_CA_CERTS).toBeTruthy()
  })
})

describe('server', () => {
  it('listens on https://127.0.0.1:<port> and answers unknown routes with an ARM 404', async () => {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const response = await call(`${emulator.url}/unknown?x=1`)
    expect(response.status).toBe(404)
    expect(response.body).toEqual({
      error: { code: 'NotFound', message: 'The emulator has no route for GET /unknown.' },
    })
    expect(response.headers.get('x-ms-request-id')).toBeTruthy()
    expect(emulator.requests.at(-1)).toMatchObject({
      module: 'none',
      method: 'GET',
      path: '/unknown',
      query: { x: '1' },
    })
  })

  it('dispatches to every module from routes/index.ts', async () => {
    emulator.reset()
    await call(`${emulator.url}/github-api/repos/o/r/issues/1/comments`)
    await call(`${emulator.url}/v2/`)
    await call(
      `${emulator.url}/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/galleries/z?api-version=1`,
    )
    expect(emulator.requests.map((entry) => entry.module)).toEqual(['github', 'acr', 'gallery'])
    expect(Object.keys(emulator.modules).sort()).toEqual([
      'acr',
      'entra',
      'gallery',
      'github',
      'github-oidc',
      'imds',
      'resource-graph',
    ])
  })

  it('faults match in order, count down, and can delay or reset', async () => {
    emulator.reset()
    const first = emulator.faults.add({ path: '/a', respond: { status: 503, body: 'busy' }, times: 2 })
    emulator.faults.add({
      method: 'POST',
      path: /^\/a/,
      respond: { status: 418, headers: { 'x-test': '1' } },
    })
    expect((await call(`${emulator.url}/a`)).status).toBe(503)
    expect((await call(`${emulator.url}/A`, { method: 'POST' })).status).toBe(503)
    const third = await call(`${emulator.url}/a`, { method: 'POST' })
    expect(third.status).toBe(418)
    expect(third.headers.get('x-test')).toBe('1')
    expect((await call(`${emulator.url}/a`)).status).toBe(404)
    expect(first.hits).toBe(2)
    expect(emulator.faults.pending).toHaveLength(0)

    emulator.faults.add({ path: '/slow', delayMs: 120 })
    const started = Date.now()
    expect((await call(`${emulator.url}/slow`)).status).toBe(404)
    expect(Date.now() - started).toBeGreaterThanOrEqual(110)

    emulator.faults.add({ path: '/drop', reset: true })
    await expect(call(`${emulator.url}/drop`)).rejects.toThrow()
    expect(emulator.requests.map((entry) => [entry.module, entry.status, entry.fault ?? ''])).toEqual([
      ['fault', 503, 'respond'],
      ['fault', 503, 'respond'],
      ['fault', 418, 'respond'],
      ['none', 404, ''],
      ['none', 404, 'delay'],
      ['fault', 0, 'reset'],
    ])
  })

  it('token registry issues JWT-shaped tokens with expiry, and opaque ones on request', async () => {
    const token = emulator.auth.issue('acr-refresh', { sub: 'x' }, 60)
    expect(decodeJwt(token)).toMatchObject({ sub: 'x' })
    expect(emulator.auth.validate(token, 'acr-refresh')).toMatchObject({ sub: 'x' })
    expect(emulator.auth.validate(token, 'acr-access')).toBeUndefined()
    expect(emulator.auth.validate(emulator.auth.issue('entra', {}, 0), 'entra')).toBeUndefined()
    expect(emulator.auth.issued).toContain(token)

    const opaque = await startEmulator({ tokenFormats: { 'acr-refresh': 'opaque' } })
    try {
      const value = opaque.auth.issue('acr-refresh', { sub: 'y' })
      expect(value.split('.')).toHaveLength(1)
      expect(opaque.auth.validate(value, 'acr-refresh')).toMatchObject({ sub: 'y' })
    } finally {
      await opaque.close()
    }
  })

  it('region names map both ways', () => {
    expect(regionDisplayName('eastus2')).toBe('East US 2')
    expect(regionDisplayName('West Europe')).toBe('West Europe')
    expect(regionDisplayName('germanywestcentral')).toBe('Germany West Central')
    expect(regionKey('  Switzerland North ')).toBe('switzerlandnorth')
    expect(regionDisplayName('mars')).toBeUndefined()
  })
})

describe('cli', () => {
  it('writes the env file for an action run and stops on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-cli-'))
    const envFile = path.join(dir, 'emulator.env')
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'emulator/cli.ts', '--seed', 'emulator/seeds/demo.json', '--write-env', envFile],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      const deadline = Date.now() + 15_000
      while (!output.includes('listening on') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(output).toContain('listening on')
      const env = Object.fromEntries(
        (await readFile(envFile, 'utf8'))
          .trim()
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      )
      expect(env).toMatchObject({
        NODE_EXTRA_CA_CERTS: caCertPath,
        EMULATOR_TENANT_ID: '11111111-1111-1111-1111-111111111111',
        EMULATOR_CLIENT_ID: '22222222-2222-2222-2222-222222222222',
        EMULATOR_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001',
      })
      expect(env.ACTIONS_ID_TOKEN_REQUEST_URL).toBe(`${env.EMULATOR_URL}/github-oidc/token?api-version=2.0`)
      expect(env.GITHUB_API_URL).toBe(`${env.EMULATOR_URL}/github-api`)
      const idToken = await call(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=api://AzureADTokenExchange`, {
        token: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      })
      expect(idToken.status).toBe(200)
    } finally {
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      await rm(dir, { recursive: true, force: true })
    }
  })
})
