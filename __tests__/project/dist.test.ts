// dist/ is what users run: it must stay reviewable (not minified) and carry the licenses of what it bundles.
// Reads the bundle `npm test` has just built (`npm run package`).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../emulator/runner.js'

const DIST = join(ROOT, 'dist')
const bundleFiles = () => [
  join(DIST, 'index.js'),
  ...readdirSync(join(DIST, 'chunks')).map((f) => join(DIST, 'chunks', f)),
]

describe('dist/', () => {
  it('is not minified: readable lines, original identifiers', () => {
    for (const file of bundleFiles()) {
      const lines = readFileSync(file, 'utf8').split('\n')
      const long = lines.filter((l) => l.length > 1_000)
      // A few long lines are data (base64, tables); minified code is nearly all long lines.
      expect(long.length / lines.length, file).toBeLessThan(0.01)
    }
    expect(readFileSync(join(DIST, 'index.js'), 'utf8')).toMatch(/\bfunction [a-zA-Z]{4,}\(/)
  })

  it('names the license of every runtime dependency it bundles, with the license text', () => {
    const licenses = readFileSync(join(DIST, 'licenses.txt'), 'utf8')
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    for (const name of Object.keys(pkg.dependencies)) {
      const entry = new RegExp(
        `^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}@\\d+\\.\\d+\\.\\d+\\S*\\nLicense: \\S+`,
        'm',
      )
      expect(licenses, name).toMatch(entry)
    }
    expect(licenses).toContain('Permission is hereby granted, free of charge')
  })
})
