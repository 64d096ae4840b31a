import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { CLOUD_INPUTS, resolveCloud } from '../../src/azure/clouds.js'
import { Input, Output } from '../../src/action/names.js'
import { readSettings } from '../../src/action/settings.js'
import { ROOT } from '../../emulator/runner.js'

const gallery = {
  'subscription-id': '00000000-0000-0000-0000-000000000001',
  'resource-group': 'rg-images',
  gallery: 'gallery1',
  'image-definition': 'ubuntu-2404',
  version: '1.2.0',
  ring: 'canary',
}

const read = (inputs: Record<string, string>) => readSettings((name) => inputs[name] ?? '')

describe('inputs', () => {
  it('action.yml declares exactly the inputs and outputs the code reads and writes', () => {
    const yml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { description: string }>
      outputs: Record<string, { description: string }>
      runs: { using: string; main: string }
    }
    expect(Object.keys(yml.inputs).sort()).toEqual(Object.values(Input).sort())
    expect(Object.keys(yml.outputs).sort()).toEqual(Object.values(Output).sort())
    for (const spec of [...Object.values(yml.inputs), ...Object.values(yml.outputs)]) {
      expect(spec.description.length).toBeGreaterThan(10)
    }
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('action.yml has an author and a description the Marketplace shows whole (at most 125 characters)', () => {
    const yml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
      author?: string
      description: string
    }
    expect(yml.author?.trim()).toBeTruthy()
    expect(yml.description.length).toBeLessThanOrEqual(125)
  })

  it('reads the cloud from azure-environment; environment is a deprecated alias that names its successor', () => {
    expect(read({ ...gallery, 'azure-environment': 'AzureChinaCloud' })).toMatchObject({
      environment: 'AzureChinaCloud',
      environmentInput: 'azure-environment',
      deprecations: [],
    })
    const old = read({ ...gallery, environment: 'AzureUSGovernment' })
    expect(old).toMatchObject({ environment: 'AzureUSGovernment', environmentInput: 'environment' })
    expect(old.deprecations).toEqual([
      "Input 'environment' is deprecated and will be removed: use 'azure-environment' (the Azure cloud) instead.",
    ])
    // The same cloud in both is only the warning; different clouds are an error naming both inputs.
    expect(
      read({ ...gallery, environment: 'azurecloud', 'azure-environment': 'AzureCloud' }).deprecations,
    ).toHaveLength(1)
    expect(() =>
      read({ ...gallery, environment: 'AzureChinaCloud', 'azure-environment': 'AzureCloud' }),
    ).toThrow(
      `Inputs 'azure-environment' ("AzureCloud") and 'environment' ("AzureChinaCloud", deprecated) name different clouds`,
    )
    // An invalid cloud given through the alias names the input the user set.
    expect(() =>
      resolveCloud('AzureMoon', '', '', { ...CLOUD_INPUTS, environment: old.environmentInput }),
    ).toThrow("Input 'environment' has an invalid value")
  })

  it('reads a gallery target with defaults for unset inputs', () => {
    const s = read(gallery)
    expect(s.target).toEqual({
      kind: 'gallery',
      subscriptionId: gallery['subscription-id'],
      resourceGroup: 'rg-images',
      gallery: 'gallery1',
      imageDefinition: 'ubuntu-2404',
    })
    expect(s).toMatchObject({
      version: { kind: 'exact', value: '1.2.0' },
      operation: 'promote',
      dryRun: false,
      commentOnPr: true,
      config: '.github/image-promotion.yml',
      configIsDefault: true,
    })
  })

  it('accepts semver ranges and a missing version for rollback', () => {
    expect(read({ ...gallery, version: '^1.4' }).version).toEqual({ kind: 'range', value: '^1.4' })
    expect(read({ ...gallery, version: '1.4.x' }).version).toEqual({ kind: 'range', value: '1.4.x' })
    expect(read({ ...gallery, version: '', operation: 'rollback' }).version).toEqual({ kind: 'none' })
  })

  it.each([
    ['version', '1.2.3.4', 'Input \'version\' has an invalid value "1.2.3.4"'],
    ['version', '1.2.3-beta', 'Input \'version\' has an invalid value "1.2.3-beta"'],
    ['version', '01.2.3', 'without leading zeros'],
    ['version', '1.2.2147483648', 'from 0 to 2147483647'],
    [
      'subscription-id',
      'my-sub',
      'Input \'subscription-id\' has an invalid value "my-sub": expected a subscription GUID.',
    ],
    ['ring', 'Prod!', 'Input \'ring\' has an invalid value "Prod!"'],
    ['operation', 'delete', "expected 'promote' or 'rollback'"],
    ['dry-run', 'yes', "Input 'dry-run' has an invalid value \"yes\": expected 'true' or 'false'."],
    ['gallery', '.hidden', 'Input \'gallery\' has an invalid value ".hidden"'],
    ['client-id', 'abc', 'Input \'client-id\' has an invalid value "abc"'],
    ['fail-on-severity', 'severe', 'expected one of critical, high, medium, low, none'],
    ['resource-group', 'rg\u0007', "Input 'resource-group' has an invalid value"],
  ])('rejects %s=%j naming the input and value', (name, value, message) => {
    expect(() => read({ ...gallery, [name]: value })).toThrow(message)
  })

  it('requires a version to promote and the whole gallery target', () => {
    expect(() => read({ ...gallery, version: '' })).toThrow(
      "Input 'version' is required for operation 'promote'.",
    )
    expect(() => read({ ...gallery, gallery: '' })).toThrow("Input 'gallery' is required")
    expect(() => read({ ring: 'canary', version: '1.0.0' })).toThrow('No target given')
  })

  it('refuses gallery and registry inputs in one step, saying which belong together', () => {
    expect(() => read({ ...gallery, registry: 'contoso.azurecr.io', repository: 'app/web' })).toThrow(
      /'subscription-id', 'resource-group', 'gallery', 'image-definition' \(a gallery image definition\) and 'registry', 'repository' \(a registry repository\)/,
    )
  })

  it('resolves clouds and validates endpoint overrides', () => {
    expect(resolveCloud('AzureUSGovernment', '', '')).toMatchObject({
      armEndpoint: 'https://management.usgovcloudapi.net',
      authorityHost: 'https://login.microsoftonline.us',
      customAuthority: false,
    })
    expect(resolveCloud('', 'https://127.0.0.1:8443/', 'https://127.0.0.1:8443')).toMatchObject({
      armEndpoint: 'https://127.0.0.1:8443',
      authorityHost: 'https://127.0.0.1:8443',
      customAuthority: true,
    })
    expect(() => resolveCloud('AzureGermanCloud', '', '')).toThrow("Input 'azure-environment'")
    expect(() => resolveCloud('', '', 'http://localhost')).toThrow(
      "Input 'arm-endpoint' has an invalid value",
    )
  })
})
