// `from-ring`: "promote what staging holds" — the bundled action resolves the version (gallery) or digest
// (registry) that ring holds at the moment it observes, and promotes exactly that.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../../emulator/runner.js'
import type { Emulator } from '../../emulator/server.js'
import { seed, skipWithoutRegistry, TestRegistry, type Seed } from '../../emulator/testbed/oci-registry.js'
import { galleryEmulator, runBundled, versionState } from '../reliability/support.js'

describe('from-ring on a gallery', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await galleryEmulator()
  })
  afterAll(async () => emulator?.close())

  it('promotes to prod exactly the version staging holds (1.2.0), though higher versions exist', async () => {
    const run = await runBundled(emulator, { 'from-ring': 'staging', ring: 'prod' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs).toMatchObject({ promoted: 'true', version: '1.2.0', 'previous-version': '1.1.0' })
    expect(run.summary).toContain('promoting what staging holds: 1.2.0')
    expect(versionState(emulator, '1.2.0').tags['ring.prod.at']).toBeDefined()
    expect(versionState(emulator, '1.3.0').tags['ring.prod.at']).toBeUndefined()
  })

  it('refuses version and from-ring together, naming both, before any request', async () => {
    emulator.reset()
    const run = await runBundled(emulator, { 'from-ring': 'staging', version: '1.3.0', ring: 'prod' })
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain(`Inputs 'from-ring' ("staging") and 'version' ("1.3.0") were both set`)
    expect(emulator.requests).toHaveLength(0)
  })

  it('refuses a from-ring the policy does not define, naming the rings it has', async () => {
    emulator.reset()
    const run = await runBundled(emulator, { 'from-ring': 'qa', ring: 'prod' })
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain(`Input 'from-ring' has an invalid value "qa"`)
    expect(run.stdout).toContain('canary, staging, prod')
    expect(emulator.requests).toHaveLength(0)
  })
})

const skip = skipWithoutRegistry()

describe.skipIf(skip)('from-ring on a registry', () => {
  let reg: TestRegistry
  let images: Seed
  let workspace: string
  const repo = 'team/api'

  beforeAll(async () => {
    reg = await TestRegistry.start()
    images = await seed(reg, repo)
    workspace = mkdtempSync(join(tmpdir(), 'aip-ws-'))
    mkdirSync(join(workspace, '.github'))
    writeFileSync(
      join(workspace, '.github/image-promotion.yml'),
      [
        'rings:',
        '  - name: canary',
        '  - name: staging',
        '  - name: prod',
        '    tags: [prod, stable]',
        '',
      ].join('\n'),
    )
  })
  afterAll(async () => reg?.stop())

  const promote = (inputs: Record<string, string>): Promise<ActionRun> =>
    runAction({
      workspace,
      inputs: { registry: reg.host, repository: repo, 'comment-on-pr': 'false', ...inputs },
    })

  it('fails the exists gate when staging holds nothing yet, naming the ring', async () => {
    const run = await promote({ 'from-ring': 'staging', ring: 'prod' })
    expect(run.code).not.toBe(0)
    expect(run.summary).toContain('ring staging holds nothing')
    expect(await reg.tagDigest(repo, 'prod')).toBeUndefined()
  })

  it('promotes to prod the digest staging holds, even after the source tag moved on', async () => {
    const first = images.docker
    for (const ring of ['canary', 'staging']) {
      const run = await promote({ version: first.digest, ring })
      expect(run.code, run.everything).toBe(0)
    }
    // A newer build reaches canary only: staging still holds the first digest.
    const canary = await promote({ version: images.ociIndex.digest, ring: 'canary' })
    expect(canary.code, canary.everything).toBe(0)

    const prod = await promote({ 'from-ring': 'staging', ring: 'prod' })
    expect(prod.code, prod.everything).toBe(0)
    expect(prod.outputs.digest).toBe(first.digest)
    // The summary shows the digest shortened, with the full one on hover.
    expect(prod.summary).toContain(`promoting what staging holds: <code title="${first.digest}">`)
    expect(await reg.tagDigest(repo, 'prod')).toBe(first.digest)
    expect(await reg.tagDigest(repo, 'stable')).toBe(first.digest)
    // The evidence names the image by the digest promoted, not by the tag it was found through.
    const doc = JSON.parse(readFileSync(prod.outputs['evidence-file']!, 'utf8')) as {
      subject: { name: string; digest: { sha256: string } }[]
    }
    expect(doc.subject).toEqual([{ name: `${reg.host}/${repo}`, digest: { sha256: first.digest.slice(7) } }])
  })
})
