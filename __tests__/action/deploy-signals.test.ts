// Signals for deployment steps: which regions' `latest` moved (the reimage trigger), `latest` everywhere,
// whether the run wrote anything, and the evidence file every run leaves behind for auditors.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { CLIENT, galleryEmulator, runBundled, SUB } from '../reliability/support.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await galleryEmulator()
})
afterAll(async () => emulator?.close())

const VERSION_ID = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gallery1/images/ubuntu-2404/versions/1.2.0`

interface Statement {
  _type: string
  subject: { name: string; digest: { sha256: string } }[]
  predicateType: string
  predicate: {
    inputs: Record<string, string>
    verdict: string
    dryRun: boolean
    policy: { source: string } | null
    gates: { id: string; status: string }[]
    plan: unknown[]
    writes: { resource: string; status: string }[]
    readBack: { id: string; status: string }[]
    run: { startedAt: string; finishedAt: string }
    observed: { latest: { before: Record<string, string>; after: Record<string, string> } } | null
    error: string | null
  }
}
const evidence = (path: string | undefined): Statement => JSON.parse(readFileSync(path!, 'utf8')) as Statement

describe('outputs for deployment steps', () => {
  it('a dry run changes nothing, says so, and still leaves evidence of what it would do', async () => {
    const run = await runBundled(emulator, { version: '1.2.0', ring: 'prod', 'dry-run': 'true' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs).toMatchObject({ changed: 'false', 'latest-changed': '{}' })
    expect(JSON.parse(run.outputs['latest-by-region']!)).toEqual({ eastus: '1.10.0', westeurope: '1.10.0' })
    const doc = evidence(run.outputs['evidence-file'])
    expect(doc.predicate).toMatchObject({ verdict: 'planned', dryRun: true })
    expect(doc.predicate.plan.length).toBeGreaterThan(0)
    expect(doc.predicate.writes.every((w) => w.status === 'not-attempted')).toBe(true)
  })

  it('promoting 1.2.0 to prod reports latest moving from 1.10.0 in both regions, and evidence of it', async () => {
    const run = await runBundled(emulator, { version: '1.2.0', ring: 'prod' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs.changed).toBe('true')
    expect(JSON.parse(run.outputs['latest-changed']!)).toEqual({
      eastus: { before: '1.10.0', after: '1.2.0' },
      westeurope: { before: '1.10.0', after: '1.2.0' },
    })
    expect(JSON.parse(run.outputs['latest-by-region']!)).toEqual({ eastus: '1.2.0', westeurope: '1.2.0' })

    const file = run.outputs['evidence-file']!
    // $RUNNER_TEMP of the run (the runner helper makes one per run).
    expect(file).toMatch(/\/aip-run-[^/]+\/image-promote-evidence-\d+-[0-9a-f]{8}\.json$/)
    const doc = evidence(file)
    expect(doc._type).toBe('https://in-toto.io/Statement/v1')
    expect(doc.predicateType).toMatch(/^https:\/\//)
    // A gallery version has no content digest: the subject is its ARM ID and the SHA-256 of that identity.
    expect(doc.subject).toEqual([
      {
        name: VERSION_ID,
        digest: { sha256: createHash('sha256').update(VERSION_ID.toLowerCase()).digest('hex') },
      },
    ])
    expect(doc.predicate.verdict).toBe('promoted')
    expect(doc.predicate.inputs).toMatchObject({ version: '1.2.0', ring: 'prod', 'client-id': CLIENT })
    expect(doc.predicate.policy).toEqual({ source: 'built-in defaults' })
    expect(doc.predicate.gates.find((g) => g.id === 'replication')?.status).toBe('pass')
    expect(doc.predicate.writes.map((w) => w.status)).toEqual(doc.predicate.writes.map(() => 'applied'))
    expect(doc.predicate.readBack.every((g) => g.status === 'pass')).toBe(true)
    expect(doc.predicate.observed?.latest.after).toEqual({ eastus: '1.2.0', westeurope: '1.2.0' })
    expect(Date.parse(doc.predicate.run.finishedAt)).toBeGreaterThanOrEqual(
      Date.parse(doc.predicate.run.startedAt),
    )
  })

  it('the same promotion again is promoted but not changed, and moves no latest', async () => {
    const run = await runBundled(emulator, { version: '1.2.0', ring: 'prod' })
    expect(run.code, run.everything).toBe(0)
    expect(run.outputs).toMatchObject({ promoted: 'true', changed: 'false', 'latest-changed': '{}' })
    expect(JSON.parse(run.outputs['latest-by-region']!)).toEqual({ eastus: '1.2.0', westeurope: '1.2.0' })
  })

  it('a run that fails on bad input still writes evidence, with the error and never the token', async () => {
    const run = await runBundled(emulator, {
      version: 'not-a-version',
      ring: 'prod',
      'github-token': 'ghs_secretvalue',
    })
    expect(run.code).not.toBe(0)
    const doc = evidence(run.outputs['evidence-file'])
    expect(doc.predicate.verdict).toBe('failed')
    expect(doc.predicate.error).toContain("Input 'version' has an invalid value")
    expect(doc.predicate.inputs.version).toBe('not-a-version')
    expect(JSON.stringify(doc)).not.toContain('ghs_secretvalue')
    expect(doc.subject[0]!.digest.sha256).toMatch(/^[0-9a-f]{64}$/)
  })
})
