// The Node the action runs on: action.yml declares node24, the tests can run the bundle on that exact runtime
// (ACTION_NODE, set by `npm run test:node24` to the Node 24 binary in package-lock.json), and package.json's
// engines promise nothing a dependency does not support.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { actionNode, ROOT } from '../../emulator/runner.js'

const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>
const declared = (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string } }).runs
  .using

describe('the Node runtime', () => {
  it('runs the bundle on the Node that ACTION_NODE names, or else on the Node running the tests', () => {
    const version = execFileSync(actionNode(), ['-p', 'process.version'], { encoding: 'utf8' }).trim()
    if (process.env.ACTION_NODE) expect(`node${semver.major(version)}`).toBe(declared)
    else expect(version).toBe(process.version)
  })

  it('locks a Node binary of the major action.yml declares', () => {
    const lock = json('package-lock.json') as {
      packages: Record<string, { version?: string; name?: string }>
    }
    const binaries = Object.entries(lock.packages).filter(([path]) =>
      /node_modules\/node24-linux-/.test(path),
    )
    expect(binaries.map(([path]) => path).sort()).toEqual([
      'node_modules/node24-linux-arm64',
      'node_modules/node24-linux-x64',
    ])
    for (const [, entry] of binaries) expect(`node${semver.major(entry.version!)}`).toBe(declared)
  })

  it('promises in engines only Node versions every locked package supports', () => {
    const engines = (json('package.json') as { engines: { node: string } }).engines.node
    const lock = json('package-lock.json') as { packages: Record<string, { engines?: { node?: string } }> }
    const narrower = Object.entries(lock.packages)
      .filter(([path, entry]) => path && entry.engines?.node)
      .filter(([, entry]) => !semver.subset(engines, entry.engines!.node!))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')} needs ${entry.engines!.node}`)
    expect(narrower, `engines "${engines}"`).toEqual([])
    // And the runtime action.yml declares satisfies it.
    expect(semver.satisfies(`${declared.replace('node', '')}.0.0`, engines)).toBe(true)
  })
})
