// Gallery scan evidence must name the version (issue 12 §2.10): real scanner outputs, re-pointed at artifacts.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bindToVersion, namesVersion } from '../../src/scans/binding.js'
import { parseReport } from '../../src/scans/parsers/index.js'
import { scanFixtures } from './fixtures.js'

const ID =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/ubuntu/versions/1.2.0'

function trivy(artifactName: string, file = 'trivy.json') {
  const json = JSON.parse(readFileSync(path.join(scanFixtures, 'trivy-alpine-310.json'), 'utf8'))
  return parseReport(JSON.stringify({ ...json, ArtifactName: artifactName }), file)
}

describe('bindToVersion', () => {
  it('binds a report naming the version as a whole token or the version ARM ID', () => {
    for (const name of ['ubuntu-1.2.0.vhd', 'images/1.2.0', 'disk_v1.2.0', ID.toUpperCase(), `${ID}/disk`])
      expect(namesVersion(trivy(name), { version: '1.2.0', imageId: ID }), name).toBe(true)
  })

  it('does not bind another version or an unrelated image', () => {
    for (const name of ['ubuntu-11.2.0.vhd', 'ubuntu-1.2.01.vhd', 'img-1.2.0.1', 'alpine:3.10', ''])
      expect(namesVersion(trivy(name), { version: '1.2.0', imageId: ID }), name).toBe(false)
  })

  it('reads the artifact name of every format', () => {
    const grype = parseReport(readFileSync(path.join(scanFixtures, 'grype-image.json'), 'utf8'), 'g.json')
    expect(grype.artifactNames?.length).toBeGreaterThan(0)
    const sarif = JSON.parse(readFileSync(path.join(scanFixtures, 'grype-image.sarif'), 'utf8'))
    sarif.runs[0].properties = { imageName: 'ubuntu-1.2.0.vhd' }
    expect(namesVersion(parseReport(JSON.stringify(sarif), 's.sarif'), { version: '1.2.0' })).toBe(true)
  })

  it('keeps the bound reports and warns naming each ignored one', () => {
    const bound = trivy('ubuntu-1.2.0.vhd', 'bound.json')
    const other = trivy('testdata/fixtures/images/alpine-310.tar.gz', 'other.json')
    const result = bindToVersion([bound, other], { version: '1.2.0', imageId: ID })
    expect(result.bound).toEqual([bound])
    expect(result.gate).toEqual({
      id: 'scan-binding',
      title: 'Scan report binding',
      status: 'warn',
      details:
        'ignored other.json (scanned "testdata/fixtures/images/alpine-310.tar.gz"): the report does not name ' +
        'version 1.2.0 (its ARM ID or the version in the scanned artifact name)',
    })
    expect(bindToVersion([bound], { version: '1.2.0' }).gate).toBeUndefined()
  })
})
