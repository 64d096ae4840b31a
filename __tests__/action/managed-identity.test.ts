// `auth: managed-identity` in the bundled action (a self-hosted runner on an Azure VM), against the emulator's
// IMDS route reached through AZURE_POD_IDENTITY_AUTHORITY_HOST: never the real 169.254.169.254.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from '../../emulator/runner.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { singleImageSubscriptions } from '../../emulator/seed.js'

const SUB = '00000000-0000-0000-0000-000000000001'
const TENANT = '11111111-1111-1111-1111-111111111111'
const RUNNER_MI = '33333333-3333-3333-3333-333333333333'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      identities: [{ tenantId: TENANT, clientId: RUNNER_MI, managedIdentity: 'user-assigned' }],
      gallery: { pollsBeforeDone: 0 },
      subscriptions: singleImageSubscriptions(SUB, TENANT, [
        {
          name: '2.0.0',
          excludeFromLatest: true,
          regions: [{ name: 'eastus', replicas: 1, state: 'Completed' }],
        },
      ]),
    },
  })
})
afterAll(async () => emulator?.close())

const inputs = (extra: Record<string, string>) => ({
  'subscription-id': SUB,
  'resource-group': 'rg-images',
  gallery: 'gallery1',
  'image-definition': 'ubuntu-2404',
  version: '2.0.0',
  ring: 'canary',
  'authority-host': emulator.url,
  'arm-endpoint': emulator.url,
  'comment-on-pr': 'false',
  ...extra,
})

describe('auth: managed-identity in the action', () => {
  it("promotes as the runner's user-assigned identity, with no GitHub OIDC and no Entra token request", async () => {
    const run = await runAction({
      inputs: inputs({ auth: 'managed-identity', 'client-id': RUNNER_MI }),
      env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.url },
    })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs.promoted).toBe('true')
    expect(emulator.modules.imds.state.tokenRequests.map((r) => r.clientId)).toEqual([RUNNER_MI])
    expect(emulator.requests.filter((r) => r.module === 'entra' || r.module === 'github-oidc')).toEqual([])
  })

  it('refuses tenant-id with managed identity before any network call, naming the input', async () => {
    emulator.reset()
    const run = await runAction({ inputs: inputs({ auth: 'managed-identity', 'tenant-id': TENANT }) })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`Input 'tenant-id' has an invalid value`)
    expect(emulator.requests).toEqual([])
  })

  it('refuses an unknown auth mode', async () => {
    const run = await runAction({ inputs: inputs({ auth: 'msi' }) })
    expect(run.stdout).toContain(
      `Input 'auth' has an invalid value "msi": expected 'auto' or 'managed-identity'`,
    )
  })
})
