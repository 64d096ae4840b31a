// A stand-in `az` for tests of the Azure CLI session path (@azure/identity's AzureCliCredential, which runs
// `az account get-access-token --output json --resource <r> [--tenant <t>]`). It answers the way a signed-in CLI
// does — after `az login`, or AzureCLI@2 with a federated service connection in Azure Pipelines — with an Entra
// token it gets from the emulator (client credentials of a seeded identity with a secret). Each call is appended
// to `calls.jsonl` beside it, so tests can check what the credential asked for.
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SCRIPT = `#!/usr/bin/env node
const { appendFileSync } = require('node:fs')
const { join } = require('node:path')
const args = process.argv.slice(2)
appendFileSync(join(__dirname, 'calls.jsonl'), JSON.stringify(args) + '\\n')
const flag = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1] }
if (args[0] !== 'account' || args[1] !== 'get-access-token') {
  process.stderr.write('ERROR: the test az answers only "az account get-access-token"\\n')
  process.exit(2)
}
const env = process.env
const tenant = flag('--tenant') || env.AZ_STAND_IN_TENANT
const body = new URLSearchParams({
  grant_type: 'client_credentials',
  client_id: env.AZ_STAND_IN_CLIENT,
  client_secret: env.AZ_STAND_IN_SECRET,
  scope: flag('--resource') + '/.default',
})
fetch(env.AZ_STAND_IN_AUTHORITY + '/' + tenant + '/oauth2/v2.0/token', { method: 'POST', body })
  .then(async (response) => {
    const token = await response.json()
    if (!response.ok) {
      process.stderr.write('ERROR: ' + token.error_description + '\\n')
      process.exit(1)
    }
    const expires = Math.floor(Date.now() / 1000) + token.expires_in
    process.stdout.write(JSON.stringify({
      accessToken: token.access_token,
      expiresOn: new Date(expires * 1000).toISOString().replace('T', ' ').slice(0, 19) + '.000000',
      expires_on: expires,
      subscription: '00000000-0000-0000-0000-000000000000',
      tenant,
      tokenType: 'Bearer',
    }, null, 2))
  })
  .catch((error) => {
    process.stderr.write('ERROR: ' + error.message + '\\n')
    process.exit(1)
  })
`

/** Writes the stand-in as `<dir>/az` (CommonJS, run by the node on PATH); returns the path of its call log. */
export function installAzureCli(dir: string): string {
  const path = join(dir, 'az')
  writeFileSync(path, SCRIPT)
  chmodSync(path, 0o755)
  // A package.json of its own, so `require` works even inside an ESM ("type": "module") project directory.
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n')
  return join(dir, 'calls.jsonl')
}
