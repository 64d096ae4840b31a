// Workflow-command injection (issue 12 §2.7): values from a registry (or Azure, a scan report, a policy file)
// must never become a workflow command in the job log. The log is read the way the runner reads it: lines split
// on \n, \r\n and a lone \r; a line whose trimmed start is `::` is a command, and `##[` anywhere is the legacy form.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from '../../emulator/runner.js'
import { digestOf, MT, skipWithoutRegistry, TestRegistry } from '../../emulator/testbed/oci-registry.js'
import { inert } from '../../src/action/log.js'

/** Every command form, each carrying data that starts with PWNED so an injected command is recognisable. */
const PAYLOAD = [
  'sha256:0000',
  '::add-mask::PWNED-mask',
  '::stop-commands::PWNED-stop',
  '  ::warning file=a.ts::PWNED-warning',
  '::error::PWNED-error%0A::notice::PWNED-encoded',
  '##[error]PWNED-legacy',
  'x ##[warning]PWNED-legacy-inline',
  '::set-output name=promoted::PWNED-output',
]
  .join('\n')
  .concat('\r::group::PWNED-cr\r\n::debug::PWNED-crlf')

/** The commands a runner would execute from `log` whose data is attacker-chosen (starts with PWNED). */
function injectedCommands(log: string): string[] {
  const found: string[] = []
  for (const line of log.split(/\r\n|\r|\n/)) {
    if (/^::[^:]*::PWNED/.test(line.trimStart())) found.push(line)
    if (/##\[[^\]]*\]PWNED/.test(line)) found.push(line)
  }
  return found
}

describe('inert(): one helper for every log line', () => {
  it('leaves no line that the runner would parse as an injected command', () => {
    expect(injectedCommands(PAYLOAD)).toHaveLength(9)
    const out = inert(`Not deleting x: its subject is ${PAYLOAD}`)
    expect(injectedCommands(out)).toEqual([])
    // Line breaks survive as line breaks (the text stays readable); only the command starts are broken.
    expect(out.split('\n')).toHaveLength(PAYLOAD.split(/\r\n|\r|\n/).length)
    expect(out).toContain(': :add-mask::PWNED-mask')
    expect(out).toContain('# #[error]PWNED-legacy')
  })

  it('keeps ordinary text unchanged', () => {
    const text = 'Applying team/web:prod: sha256:abc → sha256:def (100% done, ratio 1:2)'
    expect(inert(text)).toBe(text)
  })
})

const skip = skipWithoutRegistry()

describe.skipIf(skip)('registry values in the bundled action log', () => {
  const repo = 'team/inject'
  let reg: TestRegistry
  let workspace: string
  let old: string

  async function image(tag: string, created: string): Promise<string> {
    const config = await reg.pushBlob(
      repo,
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created,
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    )
    const layer = await reg.pushBlob(repo, `layer ${tag} ${randomBytes(4).toString('hex')}`)
    return reg.putManifest(
      repo,
      tag,
      {
        schemaVersion: 2,
        mediaType: MT.ociManifest,
        config: { mediaType: MT.ociConfig, ...config },
        layers: [{ mediaType: MT.ociLayer, ...layer }],
      },
      MT.ociManifest,
    )
  }

  /** A manifest listed in `subject`'s fallback index whose own `subject.digest` (and artifactType) is hostile. */
  async function plantReferrer(subject: string): Promise<void> {
    const empty = await reg.pushBlob(repo, '{}')
    const manifest = {
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      artifactType: `application/vnd.example+json\n${PAYLOAD}`,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', ...empty },
      layers: [{ mediaType: 'application/vnd.oci.empty.v1+json', ...empty }],
      subject: { mediaType: MT.ociManifest, digest: PAYLOAD, size: 1 },
    }
    const bytes = Buffer.from(JSON.stringify(manifest))
    const digest = await reg.putManifest(repo, digestOf(bytes), manifest, MT.ociManifest)
    const fallbackTag = subject.replace(':', '-')
    const index = await reg.getManifest(repo, fallbackTag)
    const listed = index ? (JSON.parse(index.body.toString()) as { manifests: unknown[] }).manifests : []
    await reg.putManifest(
      repo,
      fallbackTag,
      {
        schemaVersion: 2,
        mediaType: MT.ociIndex,
        manifests: [...listed, { mediaType: MT.ociManifest, digest, size: bytes.length }],
      },
      MT.ociIndex,
    )
  }

  beforeAll(async () => {
    reg = await TestRegistry.start()
    old = await image('1.0.0', '2026-01-01T00:00:00Z')
    await image('2.0.0', '2026-01-02T00:00:00Z')
    workspace = mkdtempSync(join(tmpdir(), 'aip-inject-'))
    writeFileSync(
      join(workspace, 'retire.yml'),
      [
        'rings:',
        '  - name: canary',
        '  - name: prod',
        'retention:',
        '  keep: 1',
        '  end-of-life: 0d',
        '  delete-after-eol: true',
        '',
      ].join('\n'),
    )
  })
  afterAll(async () => reg?.stop())

  const retire = () =>
    runAction({
      workspace,
      inputs: {
        registry: reg.host,
        repository: repo,
        operation: 'retire',
        config: 'retire.yml',
        'comment-on-pr': 'false',
      },
    })

  it('logs a referrer whose subject digest carries every command form without running any of them', async () => {
    const first = await retire()
    expect(first.code, first.everything).toBe(0)
    await plantReferrer(old)
    const second = await retire()
    expect(second.code, second.everything).toBe(0)
    // The hostile value did reach the log (as text) …
    expect(second.stdout).toContain('PWNED-mask')
    expect(second.stdout).toMatch(/Not deleting sha256:[0-9a-f]{64}: listed as a referrer of/)
    // … and nothing in it is a command the runner would run.
    expect(injectedCommands(second.stdout)).toEqual([])
    expect(injectedCommands(second.stderr)).toEqual([])
    expect(await reg.getManifest(repo, old)).toBeUndefined()
  })
})
