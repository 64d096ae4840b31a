// What every ARM-fronted route (Compute Gallery, Resource Graph) checks the same way: the bearer token, the
// resource tags, and how dates are written back. One copy, so the two services cannot drift apart.
import { TokenRegistry, bearerToken } from './auth.js'
import { armError } from './http.js'
import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from './types.js'

/**
 * The claims of a valid Entra access token for this ARM endpoint, or ARM's 401 with its `WWW-Authenticate`
 * challenge: missing header, expired (ExpiredAuthenticationToken), invalid, or issued for another audience.
 * `audiences` defaults to the emulator URL with and without its trailing slash, as ARM accepts both.
 */
export function authenticateArm(
  req: EmulatorRequest,
  ctx: EmulatorContext,
  options: { tenantHint?: string; audiences?: string[] } = {},
): { claims: Record<string, unknown> } | EmulatorResponse {
  const challenge = (code: string, message: string): EmulatorResponse =>
    armError(401, code, message, {
      'www-authenticate': `Bearer authorization_uri="${ctx.baseUrl}/${options.tenantHint ?? 'common'}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    })
  const token = bearerToken(req.headers.authorization)
  if (!token) {
    return challenge(
      'InvalidAuthenticationToken',
      "The access token is invalid. The 'Authorization' header is missing.",
    )
  }
  let claims: Record<string, unknown> | undefined
  if (ctx.auth instanceof TokenRegistry) {
    const inspected = ctx.auth.inspect(token, 'entra')
    if (inspected.status === 'expired' && inspected.record) {
      return challenge(
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${inspected.record.expiresAt.toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`,
      )
    }
    claims = inspected.status === 'valid' ? inspected.record?.claims : undefined
  } else {
    claims = ctx.auth.validate(token, 'entra')
  }
  if (!claims) return challenge('InvalidAuthenticationToken', 'The access token is invalid.')
  const audiences = options.audiences ?? [ctx.baseUrl, `${ctx.baseUrl}/`]
  const audience = String(claims.aud ?? '')
  if (!audiences.includes(audience)) {
    return challenge(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences ${audiences.map((entry) => `'${entry}'`).join(',')}.`,
    )
  }
  return { claims }
}

/** ARM's tag limits (Azure docs "Tag resources": 50 pairs, names ≤ 512, values ≤ 256, no `<>%&\?/`). */
export const TAG_LIMITS = { count: 50, nameLength: 512, valueLength: 256 } as const
const RESERVED_TAG_CHARACTERS = /[<>%&\\?/]/

/** ARM's 400 for a tag dictionary it refuses, checked before the resource provider sees the request. */
export function tagError(tags: Record<string, string>): EmulatorResponse | undefined {
  const names = Object.keys(tags)
  if (names.length > TAG_LIMITS.count) {
    return armError(
      400,
      'InvalidTagCount',
      `The number of tags '${names.length}' exceeds the maximum of '${TAG_LIMITS.count}' tags allowed per resource.`,
    )
  }
  const reserved = names.filter((name) => RESERVED_TAG_CHARACTERS.test(name))
  if (reserved.length > 0) {
    return armError(
      400,
      'InvalidTagNameCharacters',
      `The tag names '${reserved.join(',')}' have reserved characters '<,>,%,&,\\,?,/' or control characters.`,
    )
  }
  const longName = names.find((name) => name.length > TAG_LIMITS.nameLength)
  if (longName !== undefined) {
    return armError(
      400,
      'InvalidTagNameLength',
      `The tag name '${longName}' exceeds the maximum length of '${TAG_LIMITS.nameLength}' characters.`,
    )
  }
  const longValue = names.find((name) => (tags[name] ?? '').length > TAG_LIMITS.valueLength)
  if (longValue !== undefined) {
    return armError(
      400,
      'InvalidTagValueLength',
      `The tag value '${tags[longValue]}' of tag name '${longValue}' exceeds the maximum length of '${TAG_LIMITS.valueLength}' characters.`,
    )
  }
  return undefined
}

/**
 * A date as ARM writes it back: explicit `+00:00` offset, seven fractional digits when there is a fraction
 * (`2026-04-23T01:45:28.8268367+00:00`), none when there is not (`2026-12-31T12:59:59+00:00`).
 */
export function armDate(date: Date): string {
  const iso = date.toISOString()
  const seconds = iso.slice(0, 19)
  const millis = iso.slice(20, 23)
  return millis === '000' ? `${seconds}+00:00` : `${seconds}.${millis}0000+00:00`
}

/**
 * `value` re-written as ARM returns it; unchanged when it already carries an explicit offset (a recorded
 * `.8268367+00:00` keeps its seven digits) or is not a date.
 */
export function armDateOf(value: string): string {
  if (/T.*\+00:00$/.test(value)) return value
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : armDate(date)
}
