import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.js'
import { MAX_REPORT_BYTES, readReports } from '../../src/scans/read.js'
import { scanFixtures } from './fixtures.js'

let workspace: string

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'scan-reports-'))
  mkdirSync(path.join(workspace, 'reports/nested'), { recursive: true })
  copyFileSync(path.join(scanFixtures, 'trivy-alpine-310.json'), path.join(workspace, 'reports/trivy.json'))
  copyFileSync(path.join(scanFixtures, 'grype-image.json'), path.join(workspace, 'reports/grype.json'))
  // A SARIF file under a misleading name: the format comes from the content.
  copyFileSync(path.join(scanFixtures, 'grype-image.sarif'), path.join(workspace, 'reports/nested/scan.txt'))
  writeFileSync(path.join(workspace, 'bad.json'), '{ not json')
  writeFileSync(path.join(workspace, 'other.json'), '{"hello": "world"}')
  writeFileSync(path.join(workspace, 'huge.json'), '')
  truncateSync(path.join(workspace, 'huge.json'), MAX_REPORT_BYTES + 1) // sparse: no 50 MiB written
})

afterAll(() => rmSync(workspace, { recursive: true, force: true }))

describe('readReports', () => {
  it('reads paths and globs relative to the workspace, each file once, sorted', async () => {
    const reports = await readReports(['reports/*.json', 'reports/trivy.json', 'reports/**/*.txt'], workspace)
    expect(reports.map((r) => [r.path, r.format, r.findings.length])).toEqual([
      ['reports/grype.json', 'grype', 2],
      ['reports/nested/scan.txt', 'sarif', 2],
      ['reports/trivy.json', 'trivy', 4],
    ])
    expect(reports[2]?.findings[0]?.source).toBe('reports/trivy.json')
  })

  it('accepts absolute paths and ! exclusions', async () => {
    const reports = await readReports([path.join(workspace, 'reports/**'), '!reports/grype.json'], workspace)
    expect(reports.map((r) => r.path)).toEqual(['reports/nested/scan.txt', 'reports/trivy.json'])
  })

  it('a pattern that matches nothing is an error naming the pattern', async () => {
    await expect(readReports(['reports/*.json', 'scans/*.sarif'], workspace)).rejects.toThrow(
      new UsageError(`Input 'scan-reports': "scans/*.sarif" matches no file in ${workspace}.`),
    )
    await expect(readReports(['reports'], workspace)).rejects.toThrow(/"reports" matches no file/)
  })

  it('invalid JSON and unknown formats name the file', async () => {
    await expect(readReports(['bad.json'], workspace)).rejects.toThrow(
      /^bad\.json: the scan report is not valid JSON/,
    )
    await expect(readReports(['other.json'], workspace)).rejects.toThrow(
      new UsageError(
        'other.json: unknown scan report format; expected Trivy JSON (SchemaVersion 2), Grype JSON or SARIF 2.1.0.',
      ),
    )
  })

  it('refuses a report that a symlink leads outside the workspace, unless the pattern is absolute (issue 12 §2.9)', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'scan-outside-'))
    const ws = mkdtempSync(path.join(tmpdir(), 'scan-ws-'))
    try {
      copyFileSync(path.join(scanFixtures, 'trivy-alpine-310.json'), path.join(outside, 'elsewhere.json'))
      mkdirSync(path.join(ws, 'reports'))
      symlinkSync(path.join(outside, 'elsewhere.json'), path.join(ws, 'reports/link.json'))
      for (const pattern of [
        'reports/link.json',
        'reports/*.json',
        '../' + path.basename(outside) + '/*.json',
      ]) {
        const error = (await readReports([pattern], ws).catch((e: unknown) => e)) as Error
        expect(error, pattern).toBeInstanceOf(UsageError)
        expect(error.message).toContain('outside the workspace')
        expect(error.message).toContain("Input 'scan-reports' takes an absolute path")
      }
      const reports = await readReports([path.join(outside, '*.json')], ws)
      expect(reports.map((r) => r.format)).toEqual(['trivy'])
    } finally {
      rmSync(ws, { recursive: true, force: true })
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('a file that is not JSON is named, its text never quoted (issue 12 §2.9)', async () => {
    writeFileSync(path.join(workspace, 'secret.json'), 'hunter2-private-key-material')
    const error = (await readReports(['secret.json'], workspace).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message).toMatch(/^secret\.json: the scan report is not valid JSON/)
    expect(error.message).not.toContain('hunter2')
    rmSync(path.join(workspace, 'secret.json'))
  })

  it('refuses files over the size limit', async () => {
    await expect(readReports(['huge.json'], workspace)).rejects.toThrow(
      new UsageError(
        `huge.json: the scan report is ${MAX_REPORT_BYTES + 1} bytes; at most ${MAX_REPORT_BYTES} are read.`,
      ),
    )
  })

  it('no patterns: no reports', async () => {
    expect(await readReports([], workspace)).toEqual([])
    expect(await readReports(['  '], workspace)).toEqual([])
  })
})
