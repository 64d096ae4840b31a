// The Azure SDK's own log (requests, retries, token acquisition) under RUNNER_DEBUG, routed to the step's
// debug log. The SDK already redacts the Authorization header; every message is also scrubbed of bearer
// tokens, JWTs and token fields here, so a token never reaches the log whatever a client writes.
import { AzureLogger, setLogLevel } from '@azure/logger'

const SECRETS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, '$1 [redacted]'],
  [/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[redacted jwt]'],
  [
    /("?(?:access_token|refresh_token|id_token|client_assertion|client_secret|assertion|password)"?\s*[:=]\s*"?)[^\s"&,}]+/gi,
    '$1[redacted]',
  ],
]

export function redactTokens(message: string): string {
  return SECRETS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message)
}

export function routeAzureLogs(debug: (message: string) => void): void {
  setLogLevel('verbose')
  AzureLogger.log = (...args: unknown[]) => debug(redactTokens(args.map(String).join(' ')))
}
