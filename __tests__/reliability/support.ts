// Shared by the reliability tests: an emulator seeded with one image definition whose `latest` is held by a
// stray higher version, the action run in-process (prepare → execute, so a test can use a deadline of a few
// seconds) or as the bundled dist/index.js, and helpers that compare the gallery's state with a run's report.
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionDefaults, runAction, type ActionRun } from '../../emulator/runner.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { singleImageSubscriptions, type EmulatorSeed, type RegionSeed } from '../../emulator/seed.js'
import type { VersionState } from '../../emulator/routes/gallery.js'
import type { RunResult } from '../../src/core/model.js'
import type { VersionWrite } from '../../src/gallery/plan.js'
import { readSettings } from '../../src/action/settings.js'
import { execute, prepare } from '../../src/run/promotion.js'

export const SUB = '00000000-0000-0000-0000-000000000001'
export const TENANT = '11111111-1111-1111-1111-111111111111'
export const CLIENT = '22222222-2222-2222-2222-222222222222'
export const VERSIONS = ['1.1.0', '1.2.0', '1.3.0', '1.10.0']
export const REGIONS = ['eastus', 'westeurope']

const region = (name: string, state: RegionSeed['state'] = 'Completed'): RegionSeed => ({
  name,
  replicas: 1,
  state,
})

/**
 * 1.1.0 holds prod; 1.2.0 passed canary and staging (hidden from latest); 1.3.0 has the global flag set but
 * per-region flags explicitly false, which win; 1.10.0 is a stray published without hiding, so `latest` is 1.10.0 before any promotion.
 */
export function gallerySeed(options: { tags?: Record<string, Record<string, string>> } = {}): EmulatorSeed {
  const tags = options.tags ?? {}
  return {
    identities: [{ tenantId: TENANT, clientId: CLIENT }],
    // Operations also finish on their own (as in Azure), so a write whose poller was cut off still lands.
    gallery: { pageSize: 2, pollsBeforeDone: 0, retryAfterSeconds: 0, completeAfterMs: 300 },
    subscriptions: singleImageSubscriptions(SUB, TENANT, [
      {
        name: '1.1.0',
        tags: {
          'ring.canary.at': '2026-10-01T00:00:00Z',
          'ring.staging.at': '2026-10-02T00:00:00Z',
          'ring.prod.at': '2026-10-03T00:00:00Z',
          ...tags['1.1.0'],
        },
        regions: [region('eastus'), region('westeurope')],
      },
      {
        name: '1.2.0',
        excludeFromLatest: true,
        tags: {
          'ring.canary.at': '2026-10-10T00:00:00Z',
          'ring.staging.at': '2026-10-11T00:00:00Z',
          ...tags['1.2.0'],
        },
        regions: [
          { ...region('eastus'), excludeFromLatest: true },
          { ...region('westeurope'), excludeFromLatest: true },
        ],
      },
      {
        name: '1.3.0',
        excludeFromLatest: true,
        tags: { 'ring.canary.at': '2026-10-12T00:00:00Z', ...tags['1.3.0'] },
        // Per-region flags set to false by an earlier write (unset ones are absent on Azure): they override
        // the global true, so 1.3.0 is visible in `latest` and the promotion must write it.
        regions: [
          { ...region('eastus'), excludeFromLatest: false },
          { ...region('westeurope'), excludeFromLatest: false },
        ],
      },
      {
        name: '1.10.0',
        tags: { ...tags['1.10.0'] },
        regions: [region('eastus'), region('westeurope')],
      },
    ]),
  }
}

export const GALLERY_INPUTS = {
  'subscription-id': SUB,
  'resource-group': 'rg-images',
  gallery: 'gallery1',
  'image-definition': 'ubuntu-2404',
  'client-id': CLIENT,
  'tenant-id': TENANT,
  'comment-on-pr': 'false',
}

export async function galleryEmulator(seed = gallerySeed()): Promise<Emulator> {
  return startEmulator({ seed })
}

function inputsFor(emulator: Emulator, inputs: Record<string, string>): Record<string, string> {
  return {
    ...GALLERY_INPUTS,
    'authority-host': emulator.url,
    'arm-endpoint': emulator.url,
    ...inputs,
  }
}

export interface InProcessRun {
  result?: RunResult
  /** What main.ts would print as the failure (an exception out of execute). */
  error?: string
  ms: number
}

/** prepare → execute in this process, as main.ts does, with a deadline in milliseconds. */
export async function runInProcess(
  emulator: Emulator,
  inputs: Record<string, string>,
  timeoutMs = 60_000,
): Promise<InProcessRun> {
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${emulator.url}/github-oidc/token?api-version=2.0`
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emulator.modules['github-oidc'].state.requestToken
  const all = { ...actionDefaults(), ...inputsFor(emulator, inputs) }
  const started = Date.now()
  try {
    const settings = readSettings((name) => (all[name] ?? '').trim())
    settings.timeoutMs = timeoutMs
    const prepared = await prepare(settings, process.cwd())
    const result = await execute(prepared, {
      record: { at: new Date(), actor: 'octocat', runUrl: '', sha: '', approvedBy: [] },
    })
    return { result, ms: Date.now() - started }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), ms: Date.now() - started }
  }
}

/** The bundled action, as the runner runs it. */
/**
 * An empty checked-out workspace (a `.git` folder, no policy file), as after `actions/checkout` of a repository
 * that uses the built-in rings: the action warns about a workspace that is not a checkout, which is not what
 * these runs are about.
 */
function checkout(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'aip-checkout-'))
  mkdirSync(join(workspace, '.git'))
  return workspace
}

export async function runBundled(
  emulator: Emulator,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction({
    inputs: inputsFor(emulator, inputs),
    workspace: checkout(),
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/github-oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.modules['github-oidc'].state.requestToken,
      ...env,
    },
  })
}

export function versionState(emulator: Emulator, name: string): VersionState {
  return emulator.modules.gallery.getVersion({
    subscriptionId: SUB,
    resourceGroup: 'rg-images',
    gallery: 'gallery1',
    image: 'ubuntu-2404',
    version: name,
  })!
}

/** What a promotion can change on a version: tags and latest flags (Azure's provisioningState is not ours). */
export function snapshot(emulator: Emulator): Record<string, string> {
  return Object.fromEntries(
    VERSIONS.map((name) => {
      const v = versionState(emulator, name)
      return [
        name,
        JSON.stringify({
          tags: Object.entries(v.tags).sort(([a], [b]) => a.localeCompare(b)),
          exclude: v.publishingProfile.excludeFromLatest,
          regions: v.publishingProfile.targetRegions.map((r) => [r.name, r.excludeFromLatest]),
        }),
      ]
    }),
  )
}

export function changedVersions(before: Record<string, string>, after: Record<string, string>): string[] {
  return VERSIONS.filter((name) => before[name] !== after[name])
}

/** Is this write in effect on the emulator's version? */
export function inEffect(emulator: Emulator, write: VersionWrite): boolean {
  const v = versionState(emulator, write.version)
  if (Object.entries(write.setTags).some(([k, value]) => v.tags[k] !== value)) return false
  if (write.removeTags.some((k) => k in v.tags)) return false
  if (write.latest) {
    const { exclude, scope } = write.latest
    if (!scope && v.publishingProfile.excludeFromLatest !== exclude) return false
    for (const r of v.publishingProfile.targetRegions) {
      const name = r.name.toLowerCase().replace(/\s+/g, '')
      const effective = r.excludeFromLatest ?? v.publishingProfile.excludeFromLatest
      if ((!scope || scope.includes(name)) && effective !== exclude) return false
    }
  }
  return true
}

/** `latest` per region as Azure resolves it, from the emulator's state. */
export function latest(emulator: Emulator): Record<string, string | undefined> {
  const parts = (n: string) => n.split('.').map(Number)
  const higher = (a: string, b: string) => {
    const [x, y] = [parts(a), parts(b)]
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]!
    return false
  }
  const out: Record<string, string | undefined> = {}
  for (const key of REGIONS) {
    let best: string | undefined
    for (const name of VERSIONS) {
      const v = versionState(emulator, name)
      if (v.provisioningState !== 'Succeeded' && v.provisioningState !== 'Updating') continue
      const r = v.publishingProfile.targetRegions.find(
        (t) => t.name.toLowerCase().replace(/\s+/g, '') === key,
      )
      // An unset per-region flag is absent (as on Azure): the global flag applies in that region.
      if (!r || (r.excludeFromLatest ?? v.publishingProfile.excludeFromLatest)) continue
      if (!best || higher(name, best)) best = name
    }
    out[key] = best
  }
  return out
}

/**
 * The report is exact: every applied write is in effect, every version that changed was written by an applied
 * outcome or by the one outcome the report marks as in doubt, and nothing else changed.
 */
export function reportMatchesState(
  emulator: Emulator,
  run: InProcessRun,
  before: Record<string, string>,
): { ok: boolean; why: string } {
  const changed = changedVersions(before, snapshot(emulator))
  const outcomes = run.result?.outcomes ?? []
  const applied = outcomes.filter((o) => o.status === 'applied')
  const doubtful = outcomes.filter(
    (o) => o.status === 'failed' && /may or may not take effect|still applying it/.test(o.error ?? ''),
  )
  for (const o of applied) {
    if (!inEffect(emulator, o.change.payload as VersionWrite))
      return { ok: false, why: `${o.change.resource} reported applied but not in effect` }
  }
  const allowed = new Set([...applied, ...doubtful].map((o) => o.change.resource))
  const unexplained = changed.filter((name) => !allowed.has(name))
  if (unexplained.length > 0) return { ok: false, why: `changed but not reported: ${unexplained.join(', ')}` }
  return { ok: true, why: '' }
}

/** Wait until the emulator has no long-running operation in progress (a delayed request may still land). */
export async function settle(emulator: Emulator, ms = 0): Promise<void> {
  if (ms > 0) await new Promise((r) => setTimeout(r, ms))
}
