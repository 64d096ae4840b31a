// The local emulator (emulator/server.ts) with the `github` module seeded, and Octokit clients built the
// way the action builds them (createOctokit with GITHUB_API_URL = <emulator>/github-api).
// When the vitest globalSetup has put the emulator CA in NODE_EXTRA_CA_CERTS, the toolkit's own fetch is
// used unchanged; otherwise the clients get a fetch whose dispatcher trusts the CA.
import { Agent, fetch as undiciFetch } from 'undici'

import { GITHUB_PREFIX, type GitHubSeed, type GithubModule } from '../../emulator/routes/github.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { createOctokit, type Octokit } from '../../src/github/octokit.js'
import { ca, caTrusted } from '../../emulator/testbed/ca-trust.js'

export interface GithubHarness {
  emulator: Emulator
  module: GithubModule
  /** What GITHUB_API_URL is for the action. */
  apiUrl: string
  octokit(token: string): Octokit
  close(): Promise<void>
}

export async function startGithubHarness(seed: GitHubSeed = {}): Promise<GithubHarness> {
  const emulator = await startEmulator({ seed: { github: seed } })
  const apiUrl = `${emulator.url}${GITHUB_PREFIX}`
  const agent = caTrusted ? undefined : new Agent({ connect: { ca } })
  const fetch = agent
    ? (url: string, init: Record<string, unknown>) =>
        undiciFetch(url, { ...init, dispatcher: agent } as never)
    : undefined
  return {
    emulator,
    module: emulator.modules.github,
    apiUrl,
    octokit: (token) => createOctokit(token, { baseUrl: apiUrl, ...(fetch ? { request: { fetch } } : {}) }),
    close: async () => {
      await emulator.close()
      await agent?.close()
    },
  }
}
