// The Azure SDK's log under RUNNER_DEBUG: routed to the debug log through @azure/logger, tokens scrubbed.
import { AzureLogger, createClientLogger, setLogLevel } from '@azure/logger'
import { afterEach, describe, expect, it } from 'vitest'
import { redactTokens, routeAzureLogs } from '../../src/azure/logging.js'

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWY6bWFpbiJ9.c2lnbmF0dXJl'

describe('Azure SDK logging', () => {
  const original = AzureLogger.log
  afterEach(() => {
    AzureLogger.log = original
    setLogLevel()
  })

  it('removes bearer tokens, JWTs and token fields from a message', () => {
    expect(redactTokens(`authorization: Bearer ${JWT}`)).toBe('authorization: Bearer [redacted]')
    expect(redactTokens(`assertion ${JWT} sent`)).toBe('assertion [redacted jwt] sent')
    expect(redactTokens('{"access_token":"abc.def","expires_in":3599}')).toBe(
      '{"access_token":"[redacted]","expires_in":3599}',
    )
    expect(redactTokens('client_assertion=xyz&scope=a')).toBe('client_assertion=[redacted]&scope=a')
    expect(redactTokens('GET https://example.test/x 200')).toBe('GET https://example.test/x 200')
  })

  it('routes verbose SDK messages to the debug log, scrubbed', () => {
    const seen: string[] = []
    routeAzureLogs((message) => seen.push(message))
    const logger = createClientLogger('identity')
    logger.verbose(`token acquired: Bearer ${JWT}`)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toContain('token acquired: Bearer [redacted]')
    expect(seen[0]).not.toContain(JWT)
  })
})
