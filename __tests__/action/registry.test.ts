// The bundled action promoting container images on a real OCI registry (Debian's distribution 2.8, TLS on
// loopback, no auth), as the runner runs it: a policy file with registry tags per ring, a scan report gate,
// multi-arch images retagged by digest, rollback.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, runAction, type ActionRun } from '../../emulator/runner.js'
import { seed, skipWithoutRegistry, TestRegistry, type Seed } from '../../emulator/testbed/oci-registry.js'

const skip = skipWithoutRegistry()
const FIXTURES = resolve(ROOT, '__tests__/fixtures/scans')

describe.skipIf(skip)('registry promotion through the bundled action', () => {
  let reg: TestRegistry
  let images: Seed
  let workspace: string
  const repo = 'team/web'

  beforeAll(async () => {
    reg = await TestRegistry.start()
    images = await seed(reg, repo)
    workspace = mkdtempSync(join(tmpdir(), 'aip-ws-'))
    mkdirSync(join(workspace, '.github'))
    writeFileSync(
      join(workspace, '.github/image-promotion.yml'),
      ['rings:', '  - name: canary', '  - name: prod', '    tags: [prod, stable]', ''].join('\n'),
    )
    // The real report names the image it scanned; bind a copy to the digest under test.
    const report = JSON.parse(readFileSync(join(FIXTURES, 'trivy-alpine-39-high-critical.json'), 'utf8'))
    mkdirSync(join(workspace, 'critical'))
    writeFileSync(join(workspace, 'critical/other-image.json'), JSON.stringify(report))
    report.Metadata.RepoDigests = [`${reg.host}/${repo}@${images.docker.digest}`]
    report.Metadata.ImageID = undefined
    writeFileSync(join(workspace, 'critical/report.json'), JSON.stringify(report))
  })
  afterAll(async () => reg?.stop())

  const promote = (inputs: Record<string, string>): Promise<ActionRun> =>
    runAction({
      workspace,
      inputs: { registry: reg.host, repository: repo, 'comment-on-pr': 'false', ...inputs },
    })

  it('retags a multi-arch index by digest through canary → prod and reports every tag', async () => {
    const index = images.ociIndex
    const canary = await promote({ version: index.tag, ring: 'canary' })
    expect(canary.code, canary.everything).toBe(0)
    expect(canary.outputs).toMatchObject({
      promoted: 'true',
      digest: index.digest,
      'image-ref': `${reg.host}/${repo}@${index.digest}`,
      tags: '["canary"]',
    })
    expect(await reg.tagDigest(repo, 'canary')).toBe(index.digest)

    const prod = await promote({ version: index.digest, ring: 'prod' })
    expect(prod.code, prod.everything).toBe(0)
    expect(prod.outputs.tags).toBe('["prod","stable"]')
    expect(await reg.tagDigest(repo, 'prod')).toBe(index.digest)
    expect(await reg.tagDigest(repo, 'stable')).toBe(index.digest)
    expect(prod.summary).toContain('stable')
  })

  it('refuses to skip canary and moves no tag', async () => {
    const before = await reg.tags(repo)
    const run = await promote({ version: images.docker.tag, ring: 'prod' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('canary')
    expect(await reg.tags(repo)).toEqual(before)
  })

  it('refuses a report that scanned another image', async () => {
    const run = await promote({
      version: images.docker.tag,
      ring: 'canary',
      'scan-reports': 'critical/other-image.json',
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('scanned a different image')
    expect(await reg.tagDigest(repo, 'canary')).toBe(images.ociIndex.digest)
  })

  it('blocks on a critical finding naming the CVE until it is allowed', async () => {
    const blocked = await promote({
      version: images.docker.tag,
      ring: 'canary',
      'scan-reports': 'critical/report.json',
    })
    expect(blocked.code).toBe(1)
    expect(blocked.stdout).toContain('CVE-2019-14697')
    expect(await reg.tagDigest(repo, 'canary')).toBe(images.ociIndex.digest)

    const allowed = await promote({
      version: images.docker.tag,
      ring: 'canary',
      'scan-reports': 'critical/report.json',
      'allow-vulnerabilities': 'CVE-2019-14697 until 2099-01-01',
    })
    expect(allowed.code, allowed.everything).toBe(0)
    expect(await reg.tagDigest(repo, 'canary')).toBe(images.docker.digest)
  })

  it('rolls canary back to the digest it held before', async () => {
    const run = await promote({ ring: 'canary', operation: 'rollback' })
    expect(run.code, run.everything).toBe(0)
    expect(await reg.tagDigest(repo, 'canary')).toBe(images.ociIndex.digest)
  })

  it('rejects a malformed digest before any request', async () => {
    const run = await promote({ version: 'sha256:xyz', ring: 'canary' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`Input 'version' has an invalid value "sha256:xyz"`)
  })
})
