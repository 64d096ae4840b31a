// The defender-for-cloud input: parsed and checked before any network call, registry targets only, optional
// subscription scope, and an Azure credential required.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.js'
import { readSettings } from '../../src/action/settings.js'
import { execute, prepare } from '../../src/run/promotion.js'
import { recordConnections } from '../emulator/helpers.js'

const SUB = '00000000-0000-0000-0000-000000000001'
const registry = {
  registry: 'contoso.azurecr.io',
  repository: 'team/web',
  version: '1.0.0',
  ring: 'canary',
  'defender-for-cloud': 'true',
}
const gallery = {
  'subscription-id': SUB,
  'resource-group': 'rg-images',
  gallery: 'gallery1',
  'image-definition': 'ubuntu-2404',
  version: '1.2.0',
  ring: 'canary',
}

const read = (inputs: Record<string, string>) => readSettings((name) => inputs[name] ?? '')

describe('defender-for-cloud input', () => {
  it('is off by default and on for a registry target at tenant scope', () => {
    expect(read({ ...registry, 'defender-for-cloud': '' }).defenderForCloud).toBeUndefined()
    expect(read({ ...registry, 'defender-for-cloud': 'false' }).defenderForCloud).toBeUndefined()
    expect(read(registry).defenderForCloud).toEqual({})
    expect(read({ ...registry, 'defender-for-cloud': 'TRUE' }).defenderForCloud).toEqual({})
  })

  it('takes subscription-id as the query scope for a registry target', () => {
    const settings = read({ ...registry, 'subscription-id': SUB })
    expect(settings.defenderForCloud).toEqual({ subscriptionId: SUB })
    expect(settings.target).toMatchObject({ kind: 'registry', registry: 'contoso.azurecr.io' })
  })

  it('rejects a subscription-id that is not a GUID, naming the input and value', () => {
    expect(() => read({ ...registry, 'subscription-id': 'prod-sub' })).toThrow(
      `Input 'subscription-id' has an invalid value "prod-sub": expected a subscription GUID (it scopes the defender-for-cloud query).`,
    )
  })

  it('still refuses subscription-id with a registry target when Defender is off', () => {
    expect(() => read({ ...registry, 'defender-for-cloud': 'false', 'subscription-id': SUB })).toThrow(
      /'subscription-id' \(a gallery image definition\) and 'registry', 'repository' \(a registry repository\)/,
    )
  })

  it('rejects a value that is not a boolean, naming the input and value', () => {
    expect(() => read({ ...registry, 'defender-for-cloud': 'yes' })).toThrow(
      `Input 'defender-for-cloud' has an invalid value "yes": expected 'true' or 'false'.`,
    )
  })

  it('rejects it for a gallery target: Defender has no scan of gallery image versions', () => {
    expect(() => read({ ...gallery, 'defender-for-cloud': 'true' })).toThrow(
      /^Input 'defender-for-cloud' has an invalid value "true": Defender for Cloud scans container images in Azure Container Registry only/,
    )
  })
})

describe('defender-for-cloud without an Azure credential', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('fails with a UsageError before any network call', async () => {
    // No Azure CLI on PATH, no AZURE_* variables, no client-id/tenant-id: the registry alone could run anonymous.
    process.env.PATH = '/nonexistent'
    for (const name of [
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_CLIENT_CERTIFICATE_PATH',
    ])
      delete process.env[name]
    const workspace = mkdtempSync(join(tmpdir(), 'aip-defender-input-'))
    const prepared = await prepare(read(registry), workspace)
    const connections = recordConnections()
    try {
      const run = execute(prepared, {
        record: { at: new Date(), actor: 'octocat', runUrl: '', sha: '', approvedBy: [] },
      })
      await expect(run).rejects.toBeInstanceOf(UsageError)
      await expect(run).rejects.toThrow(
        "Input 'defender-for-cloud' needs an Azure credential to query Defender for Cloud through Resource Graph",
      )
    } finally {
      connections.restore()
    }
    expect(connections.targets).toEqual([])
  })
})
