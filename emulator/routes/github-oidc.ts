// The Actions ID-token endpoint that `core.getIDToken(audience)` calls:
//   ACTIONS_ID_TOKEN_REQUEST_URL   = `${url}/github-oidc/token?api-version=2.0` (getIDToken appends `&audience=…`)
//   ACTIONS_ID_TOKEN_REQUEST_TOKEN = state.requestToken
// Answers `{ value: <JWT> }`; the token is registered as kind `github-oidc` for the Entra module to check.
import { randomBytes } from 'node:crypto'

import { bearerToken, TokenRegistry } from '../auth.js'
import { json } from '../http.js'
import type { GithubOidcSeed } from '../seed.js'
import type { RouteModule } from '../types.js'

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'
export const GITHUB_OIDC_PATH = '/github-oidc/token'

export interface IdTokenRecord {
  audience: string
  token: string
  at: Date
}

export interface GithubOidcState {
  /** Expected `Authorization: Bearer …` value (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string
  issuer: string
  /** Claims merged into every ID token (sub, repository, ref, environment, …). */
  claims: Record<string, unknown>
  ttlSeconds: number
  issuedTokens: IdTokenRecord[]
  /** When set, the endpoint answers this status instead (e.g. 403 to emulate missing `id-token: write`). */
  failWith?: { status: number; message: string }
}

export interface GithubOidcModule extends RouteModule<GithubOidcState> {
  readonly name: 'github-oidc'
}

export const defaultGithubClaims: Record<string, unknown> = {
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  repository: 'octo-org/octo-repo',
  repository_owner: 'octo-org',
  repository_id: '123456789',
  repository_owner_id: '987654321',
  repository_visibility: 'private',
  ref: 'refs/heads/main',
  ref_type: 'branch',
  sha: '0000000000000000000000000000000000000000',
  workflow: 'promote',
  workflow_ref: 'octo-org/octo-repo/.github/workflows/promote.yml@refs/heads/main',
  job_workflow_ref: 'octo-org/octo-repo/.github/workflows/promote.yml@refs/heads/main',
  event_name: 'workflow_dispatch',
  actor: 'octocat',
  actor_id: '1',
  run_id: '1',
  run_number: '1',
  run_attempt: '1',
  runner_environment: 'github-hosted',
}

export function createGithubOidcModule(seed: GithubOidcSeed = {}): GithubOidcModule {
  const state: GithubOidcState = {
    requestToken: seed.requestToken ?? `emulator-${randomBytes(16).toString('hex')}`,
    issuer: seed.issuer ?? GITHUB_OIDC_ISSUER,
    claims: { ...defaultGithubClaims, ...seed.claims },
    ttlSeconds: seed.ttlSeconds ?? 300,
    issuedTokens: [],
  }
  return {
    name: 'github-oidc',
    state,
    handle(req, ctx) {
      const path = req.url.pathname
      if (!path.toLowerCase().startsWith('/github-oidc/')) return undefined
      if (/^\/github-oidc\/\.well-known\/jwks\/?$/i.test(path) && req.method === 'GET') {
        return json(200, ctx.auth instanceof TokenRegistry ? ctx.auth.jwks() : { keys: [] })
      }
      if (/^\/github-oidc\/\.well-known\/openid-configuration\/?$/i.test(path) && req.method === 'GET') {
        return json(200, {
          issuer: state.issuer,
          jwks_uri: `${ctx.baseUrl}/github-oidc/.well-known/jwks`,
          subject_types_supported: ['public', 'pairwise'],
          response_types_supported: ['id_token'],
          claims_supported: [
            'sub',
            'aud',
            'exp',
            'iat',
            'iss',
            'jti',
            'nbf',
            ...Object.keys(defaultGithubClaims),
          ],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid'],
        })
      }
      if (path.toLowerCase() !== GITHUB_OIDC_PATH) return json(404, { message: 'Not Found' })
      if (req.method !== 'GET') return json(405, { message: 'Method Not Allowed' })
      const presented = bearerToken(req.headers.authorization)
      if (!presented || presented !== state.requestToken) {
        return json(401, {
          message: 'Unauthorized: the request token (ACTIONS_ID_TOKEN_REQUEST_TOKEN) is invalid.',
        })
      }
      if (state.failWith) return json(state.failWith.status, { message: state.failWith.message })
      const owner = String(state.claims.repository_owner ?? 'octo-org')
      const audience = req.url.searchParams.get('audience') || `https://github.com/${owner}`
      const token = ctx.auth.issue(
        'github-oidc',
        { ...state.claims, iss: state.issuer, aud: audience },
        state.ttlSeconds,
      )
      state.issuedTokens.push({ audience, token, at: new Date() })
      return json(200, { count: 1, value: token })
    },
  }
}
