import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.js'
import { DAY_MS, formatDuration, HOUR_MS, MINUTE_MS, parseDuration } from '../../src/policy/duration.js'
import { defaultPolicy, MAX_POLICY_BYTES } from '../../src/policy/defaults.js'
import { loadPolicy, ringByName } from '../../src/policy/load.js'
import { parsePolicy, PolicyError } from '../../src/policy/parse.js'
import type { Policy } from '../../src/core/policy.js'
import { EXAMPLE_POLICY } from './example.js'

const FILE = '.github/image-promotion.yml'

function problems(yaml: string): string[] {
  try {
    parsePolicy(yaml, FILE)
  } catch (error) {
    if (error instanceof PolicyError) return error.problems
    throw error
  }
  throw new Error('expected a PolicyError')
}

function message(yaml: string): string {
  try {
    parsePolicy(yaml, FILE)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  throw new Error('expected a UsageError')
}

const RING_NAME =
  'expected a ring name (lowercase letters, digits and hyphens, starting with a letter, at most 40 characters)'
const DURATION = 'expected a duration like 24h, 30m or 3d'
const TIMESTAMP = 'expected a UTC timestamp like 2026-12-20T00:00:00Z'
const REGION = 'expected a region name like eastus or "East US 2"'
const TAG =
  'expected a registry tag (letters, digits, _ . -, not starting with . or -, at most 128 characters)'
const RING_KEYS =
  'name, regions, after, soak, min-replicas, latest, latest-regions, tags, lock, require-approval, freeze'

describe('parsePolicy: the documented example', () => {
  it('parses every key', () => {
    const expected: Policy = {
      source: FILE,
      rings: [
        {
          name: 'canary',
          after: null,
          soakMs: 0,
          regions: ['eastus'],
          latest: false,
          tags: ['canary'],
          lock: false,
          requireApproval: false,
          freeze: [],
        },
        {
          name: 'staging',
          after: 'canary',
          soakMs: 24 * HOUR_MS,
          minReplicas: 2,
          latest: false,
          tags: ['staging'],
          lock: false,
          requireApproval: false,
          freeze: [],
        },
        {
          name: 'prod',
          after: 'staging',
          soakMs: 72 * HOUR_MS,
          latest: true,
          latestRegions: ['eastus'],
          tags: ['prod', 'latest'],
          lock: true,
          requireApproval: false,
          freeze: [{ from: new Date('2026-12-20T00:00:00Z'), to: new Date('2027-01-04T00:00:00Z') }],
        },
      ],
      scans: {
        required: true,
        failOn: 'high',
        allow: [{ id: 'CVE-2024-1234', until: new Date('2026-12-31T00:00:00Z'), reason: 'not reachable' }],
      },
      retention: { keep: 5, endOfLifeMs: 30 * DAY_MS, deleteAfterEol: false },
    }
    expect(parsePolicy(EXAMPLE_POLICY, FILE)).toEqual(expected)
  })

  it('normalises regions, handles after: [] and defaults', () => {
    const policy = parsePolicy(
      `rings:
  - name: a
    regions: [East US 2, westeurope, "West Europe"]
  - name: b
    after: []
    latest-regions: [North Europe]
    latest: true
  - name: c
    after: a
    tags: [c, c, v1.2_x]
`,
      FILE,
    )
    expect(policy.rings.map((r) => [r.name, r.after, r.regions, r.latestRegions, r.tags])).toEqual([
      ['a', null, ['eastus2', 'westeurope'], undefined, ['a']],
      ['b', null, undefined, ['northeurope'], ['b']],
      ['c', 'a', undefined, undefined, ['c', 'v1.2_x']],
    ])
    expect(policy.scans).toEqual({ required: false, failOn: 'high', allow: [] })
    expect(policy.retention).toBeUndefined()
  })

  it('a file with only scans keeps the default rings; no ring with latest means none carries it', () => {
    const onlyScans = parsePolicy('scans:\n  fail-on-severity: none\n', FILE)
    expect(onlyScans.rings).toEqual(defaultPolicy().rings)
    expect(onlyScans.scans.failOn).toBe('none')
    const noLatest = parsePolicy('rings: [{name: one}, {name: two}]', FILE)
    expect(noLatest.rings.map((r) => r.latest)).toEqual([false, false])
    expect(noLatest.rings.map((r) => r.after)).toEqual([null, 'one'])
  })

  it('YAML 1.1 timestamps (parsed as Dates) are accepted', () => {
    const policy = parsePolicy(
      `%YAML 1.1
---
rings:
  - name: prod
    freeze:
      - from: 2026-12-20T06:30:00Z
        to: 2027-01-04
scans:
  allow:
    - id: CVE-2024-1234
      until: 2026-12-31
`,
      FILE,
    )
    expect(policy.rings[0]?.freeze).toEqual([
      { from: new Date('2026-12-20T06:30:00Z'), to: new Date('2027-01-04T00:00:00Z') },
    ])
    expect(policy.scans.allow).toEqual([{ id: 'CVE-2024-1234', until: new Date('2026-12-31T00:00:00Z') }])
  })

  it('accepts offsets and date-only freeze bounds', () => {
    const policy = parsePolicy(
      'rings: [{name: a, freeze: [{from: "2026-12-20T01:00:00+01:00", to: "2026-12-21"}]}]',
      FILE,
    )
    expect(policy.rings[0]?.freeze).toEqual([
      { from: new Date('2026-12-20T00:00:00Z'), to: new Date('2026-12-21T00:00:00Z') },
    ])
  })
})

describe('parsePolicy: errors name the file, the key path and what is expected', () => {
  it('the message format', () => {
    expect(message('rings:\n  - name: a\n  - name: b\n  - name: c\n    soak: 3 days\n')).toBe(
      '.github/image-promotion.yml: rings[2].soak: expected a duration like 24h, 30m or 3d, got "3 days"',
    )
  })

  it.each<[string, string, string[]]>([
    // root
    ['empty file', '', ['the file is empty; expected a mapping with keys rings, scans, retention']],
    [
      'comment only',
      '# nothing\n',
      ['the file is empty; expected a mapping with keys rings, scans, retention'],
    ],
    [
      'list root',
      '- name: a\n',
      ['expected a mapping with keys rings, scans, retention at the top level, got a list'],
    ],
    [
      'scalar root',
      'prod',
      ['expected a mapping with keys rings, scans, retention at the top level, got text'],
    ],
    [
      'unknown top key',
      'ring: []\n',
      ['(top level): unknown key "ring"; expected one of rings, scans, retention'],
    ],
    // YAML
    [
      'duplicate key',
      'rings:\n  - name: a\n    name: b\n',
      ['invalid YAML: Map keys must be unique at line 3, column 5'],
    ],
    [
      'syntax',
      'rings: [\n',
      [
        'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1',
      ],
    ],
    [
      'two documents',
      'rings: []\n---\nscans: {}\n',
      ['invalid YAML: the file holds more than one document (---) (line 2); expected one'],
    ],
    [
      'tabs',
      'rings:\n  - name: a\n\tsoak: 1h\n',
      ['invalid YAML: Tabs are not allowed as indentation at line 3, column 1'],
    ],
    // rings
    [
      'rings not a list',
      'rings: {name: a}',
      ['rings: expected a list of rings, in promotion order, got a mapping'],
    ],
    ['rings empty', 'rings: []', ['rings: expected at least one ring, got an empty list']],
    [
      'too many rings',
      `rings: [${Array.from({ length: 21 }, (_, i) => `{name: r${i}}`).join(', ')}]`,
      ['rings: expected at most 20 rings, got a list'],
    ],
    [
      'ring not a mapping',
      'rings: [canary]',
      ['rings[0]: expected a mapping like {name: canary, regions: [eastus]}, got "canary"'],
    ],
    [
      'unknown ring key',
      'rings: [{name: a, sok: 1h}]',
      [`rings[0]: unknown key "sok"; expected one of ${RING_KEYS}`],
    ],
    [
      'unknown ring keys',
      'rings: [{name: a, sok: 1h, region: x}]',
      [`rings[0]: unknown keys "sok", "region"; expected one of ${RING_KEYS}`],
    ],
    ['missing name', 'rings: [{soak: 1h}]', [`rings[0].name: missing; ${RING_NAME}`]],
    ['bad name', 'rings: [{name: Prod}]', [`rings[0].name: ${RING_NAME}, got "Prod"`]],
    [
      'long name',
      `rings: [{name: ${'a'.repeat(41)}}]`,
      [`rings[0].name: ${RING_NAME}, got "${'a'.repeat(41)}"`],
    ],
    ['numeric name', 'rings: [{name: 1}]', [`rings[0].name: ${RING_NAME}, got 1`]],
    [
      'duplicate name',
      'rings: [{name: a}, {name: b}, {name: a}]',
      ['rings[2].name: duplicate ring name "a" (also rings[0])'],
    ],
    // regions
    [
      'regions not a list',
      'rings: [{name: a, regions: eastus}]',
      ['rings[0].regions: expected a list of region names like [eastus, westeurope], got "eastus"'],
    ],
    [
      'regions empty',
      'rings: [{name: a, regions: []}]',
      ['rings[0].regions: expected at least one region, got an empty list'],
    ],
    [
      'bad region',
      'rings: [{name: a, regions: [eastus, "east.us", e]}]',
      [`rings[0].regions[1]: ${REGION}, got "east.us"`, `rings[0].regions[2]: ${REGION}, got "e"`],
    ],
    // after
    [
      'after a later ring',
      'rings: [{name: a, after: b}, {name: b}]',
      ['rings[0].after: "b" is listed later (rings[1]); rings are listed in promotion order, so use []'],
    ],
    [
      'after an unknown ring',
      'rings: [{name: a}, {name: b, after: x}]',
      ['rings[1].after: "x" names no ring; expected one of the earlier rings: a'],
    ],
    [
      'after itself',
      'rings: [{name: a}, {name: b, after: b}]',
      ['rings[1].after: a ring cannot come after itself; expected one of the earlier rings: a'],
    ],
    [
      'after a cycle',
      'rings: [{name: a, after: c}, {name: b}, {name: c, after: b}]',
      ['rings[0].after: "c" is listed later (rings[2]); rings are listed in promotion order, so use []'],
    ],
    [
      'after a list',
      'rings: [{name: a}, {name: b, after: [a]}]',
      ['rings[1].after: expected the name of an earlier ring, or [] for no prerequisite, got a list'],
    ],
    [
      'after null',
      'rings: [{name: a}, {name: b, after: null}]',
      ['rings[1].after: expected the name of an earlier ring, or [] for no prerequisite, got an empty value'],
    ],
    // soak
    ['soak words', 'rings: [{name: a, soak: 3 days}]', [`rings[0].soak: ${DURATION}, got "3 days"`]],
    ['soak number', 'rings: [{name: a, soak: 24}]', [`rings[0].soak: ${DURATION}, got 24`]],
    ['soak seconds', 'rings: [{name: a, soak: 30s}]', [`rings[0].soak: ${DURATION}, got "30s"`]],
    [
      'soak too long',
      'rings: [{name: a, soak: 366d}]',
      ['rings[0].soak: expected a duration of at most 365d, got "366d"'],
    ],
    [
      'soak huge',
      'rings: [{name: a, soak: 99999999999h}]',
      ['rings[0].soak: expected a duration of at most 365d, got "99999999999h"'],
    ],
    // min-replicas
    [
      'min-replicas 0',
      'rings: [{name: a, min-replicas: 0}]',
      ['rings[0].min-replicas: expected a whole number from 1 to 100, got 0'],
    ],
    [
      'min-replicas 101',
      'rings: [{name: a, min-replicas: 101}]',
      ['rings[0].min-replicas: expected a whole number from 1 to 100, got 101'],
    ],
    [
      'min-replicas fraction',
      'rings: [{name: a, min-replicas: 1.5}]',
      ['rings[0].min-replicas: expected a whole number from 1 to 100, got 1.5'],
    ],
    [
      'min-replicas text',
      'rings: [{name: a, min-replicas: "2"}]',
      ['rings[0].min-replicas: expected a whole number from 1 to 100, got "2"'],
    ],
    // latest
    [
      'latest not boolean',
      'rings: [{name: a, latest: yes}]',
      ['rings[0].latest: expected true or false, got "yes"'],
    ],
    [
      'two latest rings',
      'rings: [{name: a, latest: true}, {name: b}, {name: c, latest: true}]',
      ['rings[2].latest: only one ring can carry latest; "a" (rings[0]) already does'],
    ],
    [
      'latest-regions off the latest ring',
      'rings: [{name: a, latest-regions: [eastus]}, {name: b, latest: true}]',
      ['rings[0].latest-regions: only allowed on the ring with latest: true'],
    ],
    [
      'bad latest-regions',
      'rings: [{name: a, latest: true, latest-regions: [1]}]',
      [`rings[0].latest-regions[0]: ${REGION}, got 1`],
    ],
    // tags, lock
    [
      'tags not a list',
      'rings: [{name: a, tags: prod}]',
      ['rings[0].tags: expected a list of registry tags like [prod, latest], got "prod"'],
    ],
    [
      'tags empty',
      'rings: [{name: a, tags: []}]',
      ['rings[0].tags: expected at least one tag, got an empty list'],
    ],
    [
      'bad tag',
      'rings: [{name: a, tags: [ok, .hidden, "a b", "x:y"]}]',
      [
        `rings[0].tags[1]: ${TAG}, got ".hidden"`,
        `rings[0].tags[2]: ${TAG}, got "a b"`,
        `rings[0].tags[3]: ${TAG}, got "x:y"`,
      ],
    ],
    [
      'tag too long',
      `rings: [{name: a, tags: [${'t'.repeat(129)}]}]`,
      [`rings[0].tags[0]: ${TAG}, got "${'t'.repeat(57)}..."`],
    ],
    [
      'tag shared by two rings',
      'rings: [{name: a, tags: [a, latest]}, {name: b, tags: [latest]}]',
      ['rings[1].tags[0]: tag "latest" is already moved by ring "a"'],
    ],
    [
      'explicit tag equal to a default tag',
      'rings: [{name: a}, {name: b, tags: [b, a]}]',
      ['rings[1].tags[1]: tag "a" is already moved by ring "a"'],
    ],
    [
      'default tag equal to an explicit tag',
      'rings: [{name: a, tags: [b]}, {name: b}]',
      ['rings[1].tags: tag "b" is already moved by ring "a"'],
    ],
    ['lock not boolean', 'rings: [{name: a, lock: 1}]', ['rings[0].lock: expected true or false, got 1']],
    // freeze
    [
      'freeze not a list',
      'rings: [{name: a, freeze: {from: 2026-12-20T00:00:00Z}}]',
      [
        'rings[0].freeze: expected a list of windows like {from: 2026-12-20T00:00:00Z, to: 2027-01-04T00:00:00Z}, got a mapping',
      ],
    ],
    [
      'freeze window not a mapping',
      'rings: [{name: a, freeze: [christmas]}]',
      ['rings[0].freeze[0]: expected a mapping with from and to, got "christmas"'],
    ],
    [
      'freeze without zone and without to',
      'rings: [{name: a, freeze: [{from: "2026-12-20T00:00:00"}]}]',
      [
        `rings[0].freeze[0].from: ${TIMESTAMP}, got "2026-12-20T00:00:00"`,
        `rings[0].freeze[0].to: missing; ${TIMESTAMP}`,
      ],
    ],
    [
      'freeze impossible date',
      'rings: [{name: a, freeze: [{from: "2026-02-30T00:00:00Z", to: "2026-03-02T00:00:00Z"}]}]',
      [`rings[0].freeze[0].from: ${TIMESTAMP}, got "2026-02-30T00:00:00Z"`],
    ],
    [
      'freeze from after to',
      'rings: [{name: a, freeze: [{from: "2027-01-04T00:00:00Z", to: "2026-12-20T00:00:00Z"}]}]',
      [
        'rings[0].freeze[0]: expected from before to, got from 2027-01-04T00:00:00Z and to 2026-12-20T00:00:00Z',
      ],
    ],
    [
      'freeze empty window',
      'rings: [{name: a, freeze: [{from: "2026-12-20", to: "2026-12-20T00:00:00Z"}]}]',
      ['rings[0].freeze[0]: expected from before to, got from 2026-12-20 and to 2026-12-20T00:00:00Z'],
    ],
    [
      'freeze unknown key',
      'rings: [{name: a, freeze: [{from: "2026-12-20", to: "2026-12-21", why: x}]}]',
      ['rings[0].freeze[0]: unknown key "why"; expected one of from, to'],
    ],
    // scans
    [
      'scans not a mapping',
      'scans: true',
      ['scans: expected a mapping with keys required, fail-on-severity, allow, got true'],
    ],
    [
      'scans unknown key',
      'scans: {fail-on: high}',
      ['scans: unknown key "fail-on"; expected one of required, fail-on-severity, allow'],
    ],
    [
      'required not boolean',
      'scans: {required: "true"}',
      ['scans.required: expected true or false, got "true"'],
    ],
    [
      'severity',
      'scans: {fail-on-severity: HIGH}',
      ['scans.fail-on-severity: expected one of critical, high, medium, low, none, got "HIGH"'],
    ],
    [
      'allow not a list',
      'scans: {allow: {id: CVE-2024-1}}',
      [
        'scans.allow: expected a list of allowances like {id: CVE-2024-1234, until: 2026-12-31, reason: not reachable}, got a mapping',
      ],
    ],
    [
      'allowance as a bare id',
      'scans: {allow: [CVE-2024-1]}',
      ['scans.allow[0]: expected a mapping with id, and optionally until and reason, got "CVE-2024-1"'],
    ],
    [
      'allowance without id, unknown key',
      'scans:\n  allow:\n    - until: 2026-01-01\n      note: x\n',
      [
        'scans.allow[0].id: missing; expected a vulnerability id like CVE-2024-1234',
        'scans.allow[0]: unknown key "note"; expected one of id, until, reason',
      ],
    ],
    [
      'empty id',
      'scans: {allow: [{id: ""}]}',
      ['scans.allow[0].id: expected a vulnerability id like CVE-2024-1234, got ""'],
    ],
    [
      'id with a space',
      'scans: {allow: [{id: "CVE 2024"}]}',
      ['scans.allow[0].id: expected a vulnerability id like CVE-2024-1234, got "CVE 2024"'],
    ],
    [
      'until not a date',
      'scans: {allow: [{id: CVE-2024-1, until: next year}]}',
      ['scans.allow[0].until: expected a date like 2026-12-31, got "next year"'],
    ],
    [
      'until a timestamp',
      'scans: {allow: [{id: CVE-2024-1, until: "2026-12-31T12:00:00Z"}]}',
      ['scans.allow[0].until: expected a date like 2026-12-31, got "2026-12-31T12:00:00Z"'],
    ],
    [
      'until impossible',
      'scans: {allow: [{id: CVE-2024-1, until: 2026-02-30}]}',
      ['scans.allow[0].until: expected a date like 2026-12-31, got "2026-02-30"'],
    ],
    [
      'reason not text',
      'scans: {allow: [{id: CVE-2024-1, reason: [a]}]}',
      ['scans.allow[0].reason: expected text, got a list'],
    ],
    // retention
    [
      'retention not a mapping',
      'retention: 5',
      ['retention: expected a mapping with keys keep, end-of-life, delete-after-eol, got 5'],
    ],
    [
      'retention unknown key',
      'retention: {keep-last: 5}',
      ['retention: unknown key "keep-last"; expected one of keep, end-of-life, delete-after-eol'],
    ],
    [
      'keep negative',
      'retention: {keep: -1}',
      ['retention.keep: expected a whole number, 0 or more, got -1'],
    ],
    [
      'keep fraction',
      'retention: {keep: 2.5}',
      ['retention.keep: expected a whole number, 0 or more, got 2.5'],
    ],
    [
      'end-of-life words',
      'retention: {end-of-life: 1 month}',
      [`retention.end-of-life: ${DURATION}, got "1 month"`],
    ],
    [
      'end-of-life too long',
      'retention: {end-of-life: 3651d}',
      ['retention.end-of-life: expected a duration of at most 3650d, got "3651d"'],
    ],
    [
      'delete-after-eol not boolean',
      'retention: {delete-after-eol: "no"}',
      ['retention.delete-after-eol: expected true or false, got "no"'],
    ],
  ])('%s', (_name, yaml, expected) => {
    expect(problems(yaml)).toEqual(expected)
  })

  it('collects problems across the file in file order', () => {
    expect(
      problems(`rings:
  - name: Canary
    soak: 3 days
  - name: staging
    after: prod
  - name: prod
    min-replicas: 0
scans:
  fail-on-severity: severe
retention:
  keep: -1
`),
    ).toEqual([
      `rings[0].name: ${RING_NAME}, got "Canary"`,
      `rings[0].soak: ${DURATION}, got "3 days"`,
      'rings[1].after: "prod" is listed later (rings[2]); rings are listed in promotion order, so expected one of the earlier rings: Canary',
      'rings[2].min-replicas: expected a whole number from 1 to 100, got 0',
      'scans.fail-on-severity: expected one of critical, high, medium, low, none, got "severe"',
      'retention.keep: expected a whole number, 0 or more, got -1',
    ])
  })

  it('reports at most 10 problems in the message, then how many more', () => {
    const yaml = `rings: [${Array.from({ length: 13 }, (_, i) => `{name: R${i}}`).join(', ')}]`
    const lines = message(yaml).split('\n')
    expect(lines).toHaveLength(11)
    expect(lines[0]).toBe(`${FILE}: rings[0].name: ${RING_NAME}, got "R0"`)
    expect(lines[9]).toBe(`${FILE}: rings[9].name: ${RING_NAME}, got "R9"`)
    expect(lines[10]).toBe(`${FILE}: and 3 more problems`)
    expect(problems(yaml)).toHaveLength(13)
  })

  it('refuses alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n')
    expect(message(bomb)).toBe(
      `${FILE}: cannot expand the YAML (Excessive alias count indicates a resource exhaustion attack); use fewer aliases`,
    )
  })

  it('allows modest alias reuse', () => {
    const policy = parsePolicy(
      `rings:
  - name: staging
    freeze: &holidays
      - {from: 2026-12-20T00:00:00Z, to: 2027-01-04T00:00:00Z}
  - name: prod
    freeze: *holidays
`,
      FILE,
    )
    expect(policy.rings[1]?.freeze).toEqual(policy.rings[0]?.freeze)
  })

  it('refuses files over 256 KiB', () => {
    const big = `# ${'x'.repeat(MAX_POLICY_BYTES)}\n`
    expect(message(big)).toBe(
      `${FILE}: the policy file is ${MAX_POLICY_BYTES + 3} bytes; at most 262144 bytes are accepted.`,
    )
  })

  it('merge keys are not special (YAML 1.2 core schema)', () => {
    expect(problems('rings:\n  - &base {name: a}\n  - <<: *base\n    name: b\n')).toEqual([
      `rings[1]: unknown key "<<"; expected one of ${RING_KEYS}`,
    ])
  })
})

describe('loadPolicy', () => {
  let workspace: string

  beforeAll(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'policy-'))
    mkdirSync(path.join(workspace, 'config'))
    writeFileSync(
      path.join(workspace, 'config/rings.yml'),
      'rings: [{name: dev}, {name: live, latest: true}]\n',
    )
    writeFileSync(path.join(workspace, 'config/bad.yml'), 'rings: [{name: dev, soak: 3 days}]\n')
    writeFileSync(path.join(workspace, 'config/big.yml'), `# ${'x'.repeat(MAX_POLICY_BYTES)}\n`)
  })

  afterAll(() => rmSync(workspace, { recursive: true, force: true }))

  it('no file at the default path: built-in defaults', async () => {
    for (const given of [undefined, '', '  ']) {
      const { policy } = await loadPolicy(given, workspace)
      expect(policy).toEqual(defaultPolicy())
    }
  })

  it('built-in defaults: canary → staging → prod, prod carries latest', () => {
    expect(defaultPolicy()).toEqual({
      source: 'built-in defaults',
      rings: [
        {
          name: 'canary',
          after: null,
          soakMs: 0,
          latest: false,
          tags: ['canary'],
          lock: false,
          requireApproval: false,
          freeze: [],
        },
        {
          name: 'staging',
          after: 'canary',
          soakMs: 0,
          latest: false,
          tags: ['staging'],
          lock: false,
          requireApproval: false,
          freeze: [],
        },
        {
          name: 'prod',
          after: 'staging',
          soakMs: 0,
          latest: true,
          tags: ['prod'],
          lock: false,
          requireApproval: false,
          freeze: [],
        },
      ],
      scans: { required: false, failOn: 'high', allow: [] },
    })
  })

  it('reads the default path when the file exists', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'policy-default-'))
    try {
      mkdirSync(path.join(ws, '.github'))
      writeFileSync(path.join(ws, FILE), 'scans: {required: true}\n')
      const { policy } = await loadPolicy(undefined, ws)
      expect(policy.source).toBe(FILE)
      expect(policy.scans.required).toBe(true)
      expect(policy.rings.map((r) => r.name)).toEqual(['canary', 'staging', 'prod'])
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })

  it('reads a given path relative to the workspace', async () => {
    const { policy } = await loadPolicy('config/rings.yml', workspace)
    expect(policy.source).toBe('config/rings.yml')
    expect(policy.rings.map((r) => [r.name, r.after, r.latest])).toEqual([
      ['dev', null, false],
      ['live', 'dev', true],
    ])
  })

  it('a missing file at a given path is an error, even at the default path', async () => {
    await expect(loadPolicy('config/missing.yml', workspace)).rejects.toThrow(
      new UsageError(
        `config/missing.yml: policy file not found (looked in ${path.join(workspace, 'config/missing.yml')}); check the 'config' input.`,
      ),
    )
    await expect(loadPolicy(FILE, workspace)).rejects.toThrow(
      /^\.github\/image-promotion\.yml: policy file not found/,
    )
  })

  it('errors name the file as given', async () => {
    const error = await loadPolicy('config/bad.yml', workspace).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PolicyError)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as PolicyError).message).toBe(`config/bad.yml: rings[0].soak: ${DURATION}, got "3 days"`)
    expect((error as PolicyError).file).toBe('config/bad.yml')
    await expect(loadPolicy('config', workspace)).rejects.toThrow(
      new UsageError('config: the policy file is not a regular file.'),
    )
    await expect(loadPolicy('config/big.yml', workspace)).rejects.toThrow(
      new UsageError(
        `config/big.yml: the policy file is ${MAX_POLICY_BYTES + 3} bytes; at most 262144 bytes are accepted.`,
      ),
    )
  })
})

describe('loadPolicy: no silent fail-open, no reading outside the workspace (issue 12 §2.8, §2.9)', () => {
  let root: string
  const workspaceWith = (name: string, files: Record<string, string>): string => {
    const ws = path.join(root, name)
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(ws, file)), { recursive: true })
      writeFileSync(path.join(ws, file), text)
    }
    mkdirSync(ws, { recursive: true })
    return ws
  }
  const SECRET = 'hunter2-top-secret-line'

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'policy-edge-'))
    writeFileSync(path.join(root, 'secret.txt'), `${SECRET}\nmore secret text\n`)
    writeFileSync(path.join(root, 'outside.yml'), 'rings: [{name: dev}]\n')
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('reads .github/image-promotion.yaml when that is the one present', async () => {
    const ws = workspaceWith('yaml', { '.github/image-promotion.yaml': 'scans: {required: true}\n' })
    const { policy, warnings } = await loadPolicy(undefined, ws)
    expect(policy.source).toBe('.github/image-promotion.yaml')
    expect(policy.scans.required).toBe(true)
    expect(warnings).toEqual([])
  })

  it('refuses both .yml and .yaml, naming both', async () => {
    const ws = workspaceWith('both', {
      '.github/image-promotion.yml': 'scans: {required: true}\n',
      '.github/image-promotion.yaml': 'scans: {required: false}\n',
    })
    await expect(loadPolicy(undefined, ws)).rejects.toThrow(
      new UsageError(
        "Both .github/image-promotion.yml and .github/image-promotion.yaml exist; keep one, or name the one to use in the 'config' input.",
      ),
    )
  })

  it('warns when the default file is absent and the workspace is not a checkout; not in a checkout', async () => {
    const bare = workspaceWith('bare', {})
    const bareLoad = await loadPolicy(undefined, bare)
    expect(bareLoad.policy).toEqual(defaultPolicy())
    expect(bareLoad.warnings).toHaveLength(1)
    expect(bareLoad.warnings[0]).toContain('not a git checkout: the built-in rings apply')
    expect(bareLoad.warnings[0]).toContain('actions/checkout')
    const checkout = workspaceWith('checkout', { '.git/HEAD': 'ref: refs/heads/main\n' })
    expect((await loadPolicy(undefined, checkout)).warnings).toEqual([])
  })

  it('carries the git blob SHA of the file as read, the same as git hash-object', async () => {
    const text = 'rings:\n  - name: dev\n  - name: live   # ünïcode\n    latest: true\n'
    const ws = workspaceWith('sha', { '.github/image-promotion.yml': text })
    const { policy } = await loadPolicy(undefined, ws)
    const file = path.join(ws, '.github/image-promotion.yml')
    expect(policy.blobSha).toBe(execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim())
    expect(readFileSync(file, 'utf8')).toBe(text)
    expect(defaultPolicy().blobSha).toBeUndefined()
  })

  it('refuses a symlink that leads outside the workspace and never quotes the file', async () => {
    const ws = workspaceWith('symlink', {})
    mkdirSync(path.join(ws, '.github'))
    symlinkSync(path.join(root, 'secret.txt'), path.join(ws, '.github/image-promotion.yml'))
    symlinkSync(path.join(root, 'secret.txt'), path.join(ws, 'policy.yml'))
    for (const given of [undefined, 'policy.yml', '../secret.txt']) {
      const error = (await loadPolicy(given, ws).catch((e: unknown) => e)) as Error
      expect(error, String(given)).toBeInstanceOf(UsageError)
      expect(error.message).toContain('outside the workspace')
      expect(error.message).toContain("the 'config' input takes an absolute path")
      expect(error.message).not.toContain(SECRET)
    }
  })

  it('reads a file outside the workspace when the input gives it as an absolute path', async () => {
    const ws = workspaceWith('absolute', {})
    const { policy } = await loadPolicy(path.join(root, 'outside.yml'), ws)
    expect(policy.rings.map((r) => r.name)).toEqual(['dev'])
  })

  it('a file that is not a policy is named by kind, its text never quoted', async () => {
    const error = (await loadPolicy(path.join(root, 'secret.txt'), root).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(PolicyError)
    expect(error.message).toContain('at the top level, got text')
    expect(error.message).not.toContain('hunter2')
  })
})

describe('ringByName', () => {
  const policy = defaultPolicy()

  it('finds the ring (trimmed, case-insensitive)', () => {
    expect(ringByName(policy, 'staging').name).toBe('staging')
    expect(ringByName(policy, ' Prod ').name).toBe('prod')
  })

  it('lists the known rings otherwise', () => {
    expect(() => ringByName(policy, 'production')).toThrow(
      new UsageError(
        `Input 'ring' has an invalid value "production": expected one of the rings in built-in defaults: canary, staging, prod.`,
      ),
    )
  })
})

describe('parseDuration', () => {
  it('reads m, h and d', () => {
    expect(parseDuration('30m')).toBe(30 * MINUTE_MS)
    expect(parseDuration('24h')).toBe(24 * HOUR_MS)
    expect(parseDuration('3d')).toBe(3 * DAY_MS)
    expect(parseDuration('0h')).toBe(0)
    expect(parseDuration('365d')).toBe(365 * DAY_MS)
  })

  it('rejects anything else and durations past the bound', () => {
    for (const bad of ['', '24', 'h', '1.5h', '-1h', '1 h', '1H', '3 days', '1w', '30s', '366d', '8761h']) {
      expect(parseDuration(bad)).toBeUndefined()
    }
    expect(parseDuration('400d', 3650 * DAY_MS)).toBe(400 * DAY_MS)
  })

  it('formats durations for reports', () => {
    expect(formatDuration(0)).toBe('0m')
    expect(formatDuration(90 * MINUTE_MS)).toBe('1h 30m')
    expect(formatDuration(DAY_MS + HOUR_MS)).toBe('1d 1h')
    expect(formatDuration(3 * DAY_MS)).toBe('3d')
  })
})
