// scripts/release.sh, the logic of .github/workflows/release.yml, in --dry-run on a throw-away git repository
// (real git): the notes it would publish come from the tag's CHANGELOG section only, the major tag moves only
// for the highest release of that major, and a tag it cannot release fails with the reason.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ROOT } from '../../emulator/runner.js'

const SCRIPT = join(ROOT, 'scripts/release.sh')
const CHANGELOG = `# Changelog

## [Unreleased]

- Not released yet.

## [1.1.0] - 2026-12-02

### Added

- Rollback by digest.

## [1.0.0] - 2026-12-01

### Added

- First release.

[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
`

let repo: string
const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
  return r.stdout.trim()
}
const release = (...args: string[]) => {
  const r = spawnSync('bash', [SCRIPT, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const commit = (message: string) => {
  writeFileSync(join(repo, 'CHANGELOG.md'), CHANGELOG)
  writeFileSync(join(repo, 'build.txt'), message)
  git('add', 'CHANGELOG.md', 'build.txt')
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', message)
  return git('rev-parse', 'HEAD')
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'aip-release-'))
  git('init', '-q')
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

describe('scripts/release.sh --dry-run', () => {
  it('prints the notes of that version only and the major tag it would create', () => {
    const first = commit('1.0.0')
    git('tag', 'v1.0.0')
    const run = release('--dry-run', 'v1.0.0')
    expect(run.code, run.stderr).toBe(0)
    const notes = run.stdout.split('\n').filter((l) => l.startsWith('  | '))
    expect(notes).toEqual(['  | ### Added', '  | ', '  | - First release.'])
    expect(run.stdout).toContain(`would create the GitHub release v1.0.0 (commit ${first})`)
    expect(run.stdout).toContain(`would move v1 from nothing (new tag) to ${first}`)
    // A dry run changes nothing.
    expect(git('tag', '--list')).toBe('v1.0.0')
  })

  it('moves the major tag from the previous release to the new one', () => {
    const first = commit('1.0.0')
    git('tag', 'v1.0.0')
    git('tag', 'v1', first)
    const second = commit('1.1.0')
    git('tag', 'v1.1.0')
    const run = release('--dry-run', 'v1.1.0')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('  | - Rollback by digest.')
    expect(run.stdout).not.toContain('First release')
    expect(run.stdout).not.toContain('https://github.com/o/r')
    expect(run.stdout).toContain(`would move v1 from ${first} to ${second}`)
    expect(git('rev-parse', 'v1^{commit}')).toBe(first)
  })

  it('keeps the major tag when a higher release of that major exists', () => {
    const first = commit('1.0.0')
    git('tag', 'v1.0.0')
    commit('1.1.0')
    git('tag', 'v1.1.0')
    git('tag', 'v1')
    const run = release('--dry-run', 'v1.0.0')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`would create the GitHub release v1.0.0 (commit ${first})`)
    expect(run.stdout).toMatch(/kept v1 at [0-9a-f]{40}: v1\.1\.0 is a higher v1 release than v1\.0\.0/)
  })

  it('refuses a version CHANGELOG.md has no notes for, naming it', () => {
    commit('1.2.0')
    git('tag', 'v1.2.0')
    const run = release('--dry-run', 'v1.2.0')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("CHANGELOG.md has no notes under '## [1.2.0]' for the tag 'v1.2.0'")
  })

  it('refuses a pre-release or malformed tag and a tag that does not exist', () => {
    commit('1.0.0')
    git('tag', 'v1.0.0-rc.1')
    const pre = release('--dry-run', 'v1.0.0-rc.1')
    expect(pre.code).toBe(1)
    expect(pre.stderr).toContain("the tag 'v1.0.0-rc.1' is not vMAJOR.MINOR.PATCH")
    const missing = release('--dry-run', 'v1.0.0')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("there is no tag 'v1.0.0'")
  })
})
