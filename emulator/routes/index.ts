// Builds every route module from a seed. The server tries them in the order of `moduleOrder`; the first
// one that returns a response wins. Modules only claim their own paths:
//   imds         /metadata/identity/oauth2/token (managed identity, reached through AZURE_POD_IDENTITY_AUTHORITY_HOST)
//   entra        /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/oauth2/v2.0/token, /common/discovery/instance
//   github-oidc  /github-oidc/…
//   gallery      /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/galleries/…, …/capsOperations/{id}
//   github       /github-api/…
//   acr          /v2/…, /acr/v1/…, /oauth2/exchange, /oauth2/token
import type { EmulatorSeed } from '../seed.js'
import type { RouteModule } from '../types.js'
import { createEntraModule, type EntraModule } from './entra.js'
import { createGalleryModule, type GalleryModule } from './gallery.js'
import { createGithubOidcModule, type GithubOidcModule } from './github-oidc.js'
import { createImdsModule, type ImdsModule } from './imds.js'
// --- github module (emulator/routes/github.ts, owned by the GitHub REST engineer) ---
import { createGithubModule, type GithubModule } from './github.js'
// --- acr module (emulator/routes/acr.ts, owned by the ACR engineer) ---
import { createAcrModule, type AcrModule } from './acr.js'
// --- resource-graph module (emulator/routes/resource-graph.ts, retirement's in-use lookup) ---
import { createResourceGraphModule, type ResourceGraphModule } from './resource-graph.js'

export interface ModuleOptions {
  /** Overrides `seed.gallery` settings. */
  gallery?: EmulatorSeed['gallery']
  /** Lifetime of Entra access tokens (seconds, default 3599). */
  entraTokenTtlSeconds?: number
}

export interface EmulatorModules {
  entra: EntraModule
  'github-oidc': GithubOidcModule
  imds: ImdsModule
  gallery: GalleryModule
  // --- github module ---
  github: GithubModule
  // --- acr module ---
  acr: AcrModule
  'resource-graph': ResourceGraphModule
}

/** Dispatch order (first match wins). */
export const moduleOrder = ['entra', 'github-oidc', 'imds', 'gallery', 'github', 'acr'] as const

export function buildModules(seed: EmulatorSeed = {}, options: ModuleOptions = {}): EmulatorModules {
  const identities = seed.identities ?? []
  return {
    entra: createEntraModule({ identities, tokenTtlSeconds: options.entraTokenTtlSeconds }),
    'github-oidc': createGithubOidcModule(seed.githubOidc),
    imds: createImdsModule({ identities, tokenTtlSeconds: options.entraTokenTtlSeconds }),
    gallery: createGalleryModule(seed, { settings: options.gallery, identities }),
    // --- github module ---
    github: createGithubModule(seed.github ?? {}),
    // --- acr module ---
    acr: createAcrModule(seed.acr ?? {}),
    'resource-graph': createResourceGraphModule(seed.resourceGraph),
  }
}

/** Modules in dispatch order. */
export function orderedModules(modules: EmulatorModules): RouteModule[] {
  const byName = modules as unknown as Record<string, RouteModule | undefined>
  const ordered = moduleOrder.map((name) => byName[name]).filter((module): module is RouteModule => !!module)
  // Any module added to EmulatorModules but not to moduleOrder still gets a turn, last.
  for (const module of Object.values(byName)) if (module && !ordered.includes(module)) ordered.push(module)
  return ordered
}
