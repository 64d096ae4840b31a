// Bad input corpus, generated with fast-check: malformed inputs (versions, ranges, digests, ring names,
// durations, GUIDs, URLs, booleans, control characters, huge values) and malformed policy files (unknown keys,
// bad durations, dates, regions, ring names, YAML anchors and alias bombs, huge documents). Every case must
// end in a UsageError that names the input (or the policy file and key), with no stack trace; a sample runs
// through the bundled action against the emulator to show that no network call is made.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { actionDefaults, runAction } from '../../emulator/runner.js'
import { startEmulator } from '../../emulator/server.js'
import { UsageError } from '../../src/core/errors.js'
import { readSettings } from '../../src/action/settings.js'
import { prepare } from '../../src/run/promotion.js'
import { writeFigures } from './figures.js'
import { GALLERY_INPUTS } from './support.js'

const SEED = 20261123
const figures: {
  corpus: string
  cases: number
  usageErrors: number
  namedInput: number
  networkCalls?: number
}[] = []
afterAll(() => writeFigures('fuzz', figures))

const control = fc.constantFrom('\u0000', '\u0007', '\u001b[31m', '\u007f', '\u000b')
const digits = fc.integer({ min: 0, max: 99 }).map(String)
const huge = fc.integer({ min: 2_147_483_648, max: Number.MAX_SAFE_INTEGER }).map(String)
const withControl = (base: fc.Arbitrary<string>) =>
  fc.tuple(base, control, fc.nat(3)).map(([s, c, i]) => s.slice(0, i) + c + s.slice(i))

/** [input name, generator of values that are invalid for it]. */
const BAD_INPUTS: [string, fc.Arbitrary<string>][] = [
  [
    'version',
    fc.oneof(
      fc.tuple(digits, digits, digits, digits).map((p) => p.join('.')),
      fc.tuple(huge, digits, digits).map((p) => p.join('.')),
      fc.tuple(digits, digits).map(([a, b]) => `0${a}.${b}.1`),
      fc
        .tuple(digits, digits, digits, fc.constantFrom('-beta', '+build', 'rc1'))
        .map(([a, b, c, s]) => `${a}.${b}.${c}${s}`),
      fc.constantFrom(
        'latest',
        'v1.2.3',
        '1.2.3 || y',
        '>=1.2.0 <<2',
        '^',
        '*.*.*.*',
        '1.2.3; rm -rf /',
        '../1.2.3',
      ),
      fc.string({ minLength: 101, maxLength: 400 }).map((s) => `1.${s}`),
      withControl(fc.constant('1.2.3')),
    ),
  ],
  [
    'ring',
    fc.oneof(
      fc.constantFrom('Prod', 'prod!', '1prod', 'pro d', 'prød', '-prod', 'ring_1', '${{ secrets.X }}'),
      fc.string({ minLength: 41, maxLength: 300 }).map((s) => `r${'a'.repeat(40)}${s}`),
      withControl(fc.constant('prod')),
    ),
  ],
  ['timeout', fc.oneof(fc.constantFrom('0', '361', '1.5', '-1', 'abc', '1e3', '9999', '30m', ' 5 0'), huge)],
  ['operation', fc.constantFrom('deploy', 'PROMOTE', 'rollback;', 'delete')],
  ['dry-run', fc.constantFrom('yes', 'no', '1', 'maybe', 'tru')],
  [
    'subscription-id',
    fc.oneof(
      fc.uuid().map((u) => u.slice(1)),
      fc.constantFrom('sub', '0000', 'x'.repeat(36)),
    ),
  ],
  ['client-id', fc.constantFrom('app', '123', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz')],
  ['tenant-id', fc.constantFrom('not a tenant!', '-bad.example', 'a', 'x@y.z')],
  ['resource-group', fc.constantFrom('rg.', 'rg/evil', 'a'.repeat(91), 'rg?x')],
  ['gallery', fc.constantFrom('-gal', 'gal-1', 'a'.repeat(81), 'gal.')],
  ['image-definition', fc.constantFrom('-img', 'img/..', 'a'.repeat(81), 'img!')],
  ['fail-on-severity', fc.constantFrom('extreme', 'HIGHEST', '7', 'crit')],
  [
    'arm-endpoint',
    fc.constantFrom('http://127.0.0.1', 'ftp://x', 'https://u:p@host', 'https://h/?q=1', 'not a url'),
  ],
  ['authority-host', fc.constantFrom('http://login', 'javascript:alert(1)', 'https://h/#frag')],
  ['environment', fc.constantFrom('AzureMoon', 'public', 'AzureCloud2')],
]

const nameOf = (message: string) => /Input '([a-z-]+)'/.exec(message)?.[1]

describe('bad inputs (property-based)', () => {
  it('every malformed input is a UsageError naming that input', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'aip-fuzz-'))
    let cases = 0
    let named = 0
    const inputCase = fc.oneof(...BAD_INPUTS.map(([name, gen]) => gen.map((value) => ({ name, value }))))
    await fc.assert(
      fc.asyncProperty(inputCase, async ({ name, value }) => {
        cases++
        const inputs: Record<string, string> = {
          ...actionDefaults(),
          ...GALLERY_INPUTS,
          version: '1.2.0',
          ring: 'canary',
        }
        inputs[name] = value
        let error: unknown
        try {
          // Everything main.ts does before the first network call.
          await prepare(
            readSettings((n) => (inputs[n] ?? '').trim()),
            workspace,
          )
        } catch (e) {
          error = e
        }
        expect(error, `${name}=${JSON.stringify(value)} was accepted`).toBeInstanceOf(UsageError)
        const message = (error as Error).message
        // Inputs that control characters or a bad value make invalid are named; so is a missing companion.
        expect(message).toContain(`'${name}'`)
        expect(message).not.toMatch(/\n\s+at /)
        // The message must not carry control characters to the log (DEL: see the known bug below).
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        expect(message).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/)
        if (nameOf(message) === name || message.includes(`'${name}'`)) named++
      }),
      { numRuns: 160, seed: SEED },
    )
    figures.push({ corpus: 'inputs', cases, usageErrors: cases, namedInput: named })
    expect(cases).toBeGreaterThanOrEqual(160)
  })
})

// --- policy files

const ringName = fc.constantFrom('canary', 'staging', 'prod')
const badPolicy: fc.Arbitrary<{ yaml: string; key: string }> = fc.oneof(
  fc.constantFrom('3 days', '-1h', '1e99d', 'forever', '10', 'P1D', '1h30', '999999999999d').map((soak) => ({
    yaml: `rings:\n  - name: canary\n  - name: staging\n    soak: ${JSON.stringify(soak)}\n`,
    key: 'soak',
  })),
  fc
    .constantFrom('2026-13-45T00:00:00Z', 'tomorrow', '2026-02-30', '0', '99999-01-01T00:00:00Z')
    .map((from) => ({
      yaml: `rings:\n  - name: prod\n    freeze:\n      - from: ${JSON.stringify(from)}\n        to: 2027-01-01T00:00:00Z\n`,
      key: 'from',
    })),
  fc.constantFrom('East US!', 'eu', 'west/europe', '<script>', 'a'.repeat(60)).map((region) => ({
    yaml: `rings:\n  - name: canary\n    regions: [${JSON.stringify(region)}]\n`,
    key: 'regions',
  })),
  fc.constantFrom('Prod', '1ring', 'r!ng', 'a'.repeat(41), '').map((name) => ({
    yaml: `rings:\n  - name: ${JSON.stringify(name)}\n`,
    key: 'name',
  })),
  fc
    .tuple(ringName, fc.constantFrom('sok', 'latests', 'after-ring', 'Tags', 'minReplicas'))
    .map(([ring, key]) => ({ yaml: `rings:\n  - name: ${ring}\n    ${key}: 1\n`, key })),
  fc
    .constantFrom('colour', 'ringz', 'scan')
    .map((key) => ({ yaml: `rings:\n  - name: canary\n${key}: true\n`, key })),
  fc.constantFrom('-1', '1e400', '99999999999999999999', '"three"', '0.5').map((n) => ({
    yaml: `rings:\n  - name: canary\n    min-replicas: ${n}\n`,
    key: 'min-replicas',
  })),
  fc.integer({ min: 6, max: 12 }).map((depth) => {
    // Billion laughs: each level doubles ten times.
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (let i = 1; i < depth; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      )
    lines.push(`rings: *a${depth - 1}`)
    return { yaml: lines.join('\n') + '\n', key: 'alias' }
  }),
  fc
    .constantFrom(
      'rings: [*undefined]\n',
      'a: &a [x]\nrings: [*a, *a]\n',
      'base: &b {name: canary, soak: 1y}\nrings: [*b]\n',
    )
    .map((yaml) => ({
      yaml,
      key: 'anchor',
    })),
  fc
    .tuple(control, ringName)
    .map(([c, ring]) => ({ yaml: `rings:\n  - name: ${ring}${c}\n`, key: 'control' })),
  fc
    .constantFrom('[]', '"just a string"', '42', 'rings: {}', 'rings: 5', '\t- tab', '---\n---\n')
    .map((yaml) => ({
      yaml,
      key: 'root',
    })),
  fc
    .integer({ min: 2, max: 4 })
    .map((mb) => ({ yaml: `rings:\n  - name: canary\n# ${'x'.repeat(mb * 1024 * 1024)}\n`, key: 'size' })),
)

describe('bad policy files (property-based)', () => {
  it('every malformed policy file is a UsageError naming the file, with no stack trace', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'aip-fuzz-'))
    let cases = 0
    await fc.assert(
      fc.asyncProperty(badPolicy, async ({ yaml, key }) => {
        cases++
        const file = `policy-${cases}.yml`
        writeFileSync(join(workspace, file), yaml)
        const inputs: Record<string, string> = {
          ...actionDefaults(),
          ...GALLERY_INPUTS,
          version: '1.2.0',
          ring: 'canary',
          config: file,
        }
        let error: unknown
        try {
          await prepare(
            readSettings((n) => (inputs[n] ?? '').trim()),
            workspace,
          )
        } catch (e) {
          error = e
        }
        expect(error, `${key}: ${yaml.slice(0, 200)} was accepted`).toBeInstanceOf(UsageError)
        const message = (error as Error).message
        expect(message).toContain(file)
        expect(message).not.toMatch(/\n\s+at /)
        expect(message.length).toBeLessThan(4_000)
      }),
      { numRuns: 100, seed: SEED },
    )
    figures.push({ corpus: 'policy files', cases, usageErrors: cases, namedInput: cases })
    expect(cases).toBeGreaterThanOrEqual(100)
  })
})

// Bugs this corpus found, now fixed (circular aliases, raw DEL in messages).
describe('regressions found by the corpus', () => {
  it('a self-referential YAML anchor is a UsageError naming the file', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'aip-fuzz-'))
    writeFileSync(join(workspace, 'p.yml'), 'rings: &r\n  - name: canary\n    after: *r\n')
    const inputs: Record<string, string> = {
      ...actionDefaults(),
      ...GALLERY_INPUTS,
      version: '1.2.0',
      ring: 'canary',
      config: 'p.yml',
    }
    await expect(
      prepare(
        readSettings((n) => (inputs[n] ?? '').trim()),
        workspace,
      ),
    ).rejects.toBeInstanceOf(UsageError)
  })

  it('an input error does not echo DEL (\\u007f) into the log', () => {
    const inputs: Record<string, string> = {
      ...actionDefaults(),
      ...GALLERY_INPUTS,
      version: '1.2.0',
      ring: 'pro\u007fd',
    }
    expect(() => readSettings((n) => (inputs[n] ?? '').trim())).toThrow(/^[^\u007f]*$/)
  })
})

describe('bad inputs through the bundled action', () => {
  it('a sample of 12 makes zero network calls and prints no stack trace', async () => {
    const emulator = await startEmulator({})
    try {
      const sample = fc.sample(
        fc.oneof(...BAD_INPUTS.map(([name, gen]) => gen.map((value) => ({ name, value })))),
        {
          numRuns: 12,
          seed: SEED,
        },
      )
      for (const { name, value } of sample) {
        const run = await runAction({
          inputs: {
            ...GALLERY_INPUTS,
            'authority-host': emulator.url,
            'arm-endpoint': emulator.url,
            version: '1.2.0',
            ring: 'canary',
            [name]: value,
          },
        })
        expect(run.code, `${name}=${JSON.stringify(value)}`).toBe(1)
        expect(run.stdout).toContain(`'${name}'`)
        expect(run.everything).not.toMatch(/\n\s+at .+:\d+:\d+/)
      }
      expect(emulator.requests).toEqual([])
      figures.push({
        corpus: 'bundled sample',
        cases: sample.length,
        usageErrors: sample.length,
        namedInput: sample.length,
        networkCalls: 0,
      })
    } finally {
      await emulator.close()
    }
  })
})
