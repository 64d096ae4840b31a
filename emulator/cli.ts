// Start the emulator for an action run:
//   npx tsx emulator/cli.ts --port 8443 --seed emulator/seeds/demo.json --write-env PATH [--append] [--host 127.0.0.1]
//     [--tls-dir DIR] [--latency-ms N] [--page-size N] [--polls N] [--retry-after N]
//     [--time-scale 1/600]  (operations take the recorded Azure durations times the scale; see README)
// Writes KEY=VALUE lines (NODE_EXTRA_CA_CERTS, ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, GITHUB_API_URL, EMULATOR_*)
// to the file once listening (atomically, or appended with --append; always appended when PATH is
// $GITHUB_ENV), prints them, and stays up until SIGTERM/SIGINT. `--pid-file` records the emulator's own
// pid: `npx` does not forward SIGTERM to it (tsx does), so stop it with `kill $(cat PIDFILE)`.
//
// `--env-file PATH` is accepted as an alias, but Node 20 itself scans the whole command line for
// `--env-file` (even after the script name) and exits with "node: PATH: not found" when the file does not
// exist yet, loading it as dotenv when it does. Prefer `--write-env`; `--env-file "$GITHUB_ENV"` works
// because that file always exists.
import { appendFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { startEmulator, type Emulator } from './server.js'
import { parseTimeScale } from './lro.js'

export function emulatorEnvironment(emulator: Emulator): Record<string, string> {
  const seed = emulator.seed
  const identity = seed.identities?.[0]
  const subscription = seed.subscriptions?.[0]
  const resourceGroup = subscription?.resourceGroups?.[0]
  const gallery = resourceGroup?.galleries?.[0]
  const image = gallery?.images?.[0]
  const env: Record<string, string> = {
    NODE_EXTRA_CA_CERTS: emulator.caCertPath,
    ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/github-oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.modules['github-oidc'].state.requestToken,
    GITHUB_API_URL: `${emulator.url}/github-api`,
    EMULATOR_URL: emulator.url,
    EMULATOR_CA_CERT: emulator.caCertPath,
  }
  if (identity) {
    env.EMULATOR_TENANT_ID = identity.tenantId
    env.EMULATOR_CLIENT_ID = identity.clientId
  }
  if (subscription) env.EMULATOR_SUBSCRIPTION_ID = subscription.id
  if (resourceGroup) env.EMULATOR_RESOURCE_GROUP = resourceGroup.name
  if (gallery) env.EMULATOR_GALLERY = gallery.name
  if (image) env.EMULATOR_IMAGE_DEFINITION = image.name
  return env
}

function toInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} must be a non-negative integer, got '${value}'`)
  return parsed
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      'write-env': { type: 'string' },
      'env-file': { type: 'string' },
      append: { type: 'boolean', default: false },
      'pid-file': { type: 'string' },
      'tls-dir': { type: 'string' },
      'latency-ms': { type: 'string' },
      'page-size': { type: 'string' },
      polls: { type: 'string' },
      'retry-after': { type: 'string' },
      'time-scale': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(
      'usage: tsx emulator/cli.ts [--port 8443] [--host 127.0.0.1] [--seed FILE] [--write-env FILE [--append]] [--pid-file FILE]\n' +
        '                           [--tls-dir DIR] [--latency-ms N] [--page-size N] [--polls N] [--retry-after SECONDS] [--time-scale 1/600]',
    )
    return
  }
  const gallery = {
    ...(toInt(values['page-size'], 'page-size') !== undefined
      ? { pageSize: toInt(values['page-size'], 'page-size') }
      : {}),
    ...(toInt(values.polls, 'polls') !== undefined ? { pollsBeforeDone: toInt(values.polls, 'polls') } : {}),
    ...(values['time-scale'] !== undefined ? { timeScale: parseTimeScale(values['time-scale']) } : {}),
    ...(toInt(values['retry-after'], 'retry-after') !== undefined
      ? { retryAfterSeconds: toInt(values['retry-after'], 'retry-after') }
      : {}),
  }
  const emulator = await startEmulator({
    port: toInt(values.port, 'port') ?? 0,
    host: values.host,
    seedPath: values.seed ? path.resolve(values.seed) : undefined,
    tlsDir: values['tls-dir'] ? path.resolve(values['tls-dir']) : undefined,
    latencyMs: toInt(values['latency-ms'], 'latency-ms') ?? 0,
    gallery,
  })
  const env = emulatorEnvironment(emulator)
  const lines = `${Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`
  const envFile = values['write-env'] ?? values['env-file']
  if (envFile) {
    const isGithubEnv =
      !!process.env.GITHUB_ENV && path.resolve(process.env.GITHUB_ENV) === path.resolve(envFile)
    if (values.append || isGithubEnv) {
      await appendFile(envFile, lines)
    } else {
      const temporary = `${envFile}.tmp-${process.pid}`
      await writeFile(temporary, lines)
      await rename(temporary, envFile)
    }
  }
  if (values['pid-file']) await writeFile(values['pid-file'], `${process.pid}\n`)
  process.stdout.write(lines)
  console.log(`Azure emulator listening on ${emulator.url}${envFile ? ` (env written to ${envFile})` : ''}`)

  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) return
    closing = true
    console.log(`Received ${signal}, stopping emulator (${emulator.requests.length} requests served).`)
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
