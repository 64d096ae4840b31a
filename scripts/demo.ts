// `npm run demo`: a promotion of a freshly published, hidden image version through canary → staging → prod,
// run exactly as the GitHub runner runs the action (dist/index.js, INPUT_* variables), against the local
// Azure emulator. Prints each step's verdict and the prod job summary. Nothing leaves 127.0.0.1.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, ROOT } from '../emulator/runner.js'
import { startEmulator } from '../emulator/server.js'

const emulator = await startEmulator({ seedPath: join(ROOT, 'emulator/seeds/demo.json') })
const seed = emulator.seed.identities?.[0]
const workspace = demoWorkspace()
try {
  const steps = ['canary', 'staging', 'prod']
  let last = ''
  for (const ring of steps) {
    const run = await runAction({
      workspace,
      inputs: {
        'subscription-id': '00000000-0000-0000-0000-000000000001',
        'resource-group': 'rg-images',
        gallery: 'gallery1',
        'image-definition': 'ubuntu-2404',
        version: '1.2.0',
        ring,
        'client-id': seed?.clientId ?? '',
        'tenant-id': seed?.tenantId ?? '',
        'authority-host': emulator.url,
        'arm-endpoint': emulator.url,
        'comment-on-pr': 'false',
      },
      env: {
        NODE_EXTRA_CA_CERTS: emulator.caCertPath,
        ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/github-oidc/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.modules['github-oidc'].state.requestToken,
      },
    })
    const verdict = JSON.parse(run.outputs.result ?? '{}').verdict ?? 'failed'
    console.log(
      `▶ ${ring.padEnd(8)} exit ${run.code}  verdict ${verdict}  previous ${run.outputs['previous-version'] || '-'}`,
    )
    if (run.code !== 0) {
      console.log(run.stdout)
      process.exitCode = 1
      break
    }
    last = run.summary
  }
  console.log('\n──────── job summary of the prod step ($GITHUB_STEP_SUMMARY) ────────\n')
  console.log(last)
  console.log(`Requests served by the emulator: ${emulator.requests.length} (all on ${emulator.url}).`)
} finally {
  await emulator.close()
}

/**
 * A checked-out repository as the action sees it: the ring policy at its default path. Soak times are left out
 * so the three promotions run back to back; examples/image-promotion.yml is a production policy.
 */
function demoWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aip-demo-'))
  mkdirSync(join(dir, '.github'))
  writeFileSync(
    join(dir, '.github/image-promotion.yml'),
    [
      'rings:',
      '  - name: canary',
      '    regions: [eastus]',
      '  - name: staging',
      '    regions: [eastus, westeurope]',
      '  - name: prod',
      '    regions: [eastus, westeurope]',
      '    latest: true',
      'scans:',
      '  required: false',
      '',
    ].join('\n'),
  )
  return dir
}
