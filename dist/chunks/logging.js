import { s as setLogLevel, A as AzureLogger } from './index.js';
import 'node:os';
import 'node:util';
import 'node:process';

// The Azure SDK's own log (requests, retries, token acquisition) under RUNNER_DEBUG, routed to the step's
// debug log. The SDK already redacts the Authorization header; every message is also scrubbed of bearer
// tokens, JWTs and token fields here, so a token never reaches the log whatever a client writes.
const SECRETS = [
    [/\b(Bearer|Basic)\s+[^\s"',]+/gi, '$1 [redacted]'],
    [/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[redacted jwt]'],
    [
        /("?(?:access_token|refresh_token|id_token|client_assertion|client_secret|assertion|password)"?\s*[:=]\s*"?)[^\s"&,}]+/gi,
        '$1[redacted]',
    ],
];
function redactTokens(message) {
    return SECRETS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}
function routeAzureLogs(debug) {
    setLogLevel('verbose');
    AzureLogger.log = (...args) => debug(redactTokens(args.map(String).join(' ')));
}

export { redactTokens, routeAzureLogs };
