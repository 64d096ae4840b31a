// The shape of `.github/image-promotion.yml`, as a zod schema. It validates the parsed YAML (load.ts) and
// generates the JSON Schema shipped in schemas/image-promotion.schema.json (write-schema.ts; a test checks
// that the committed file equals the generated one). Every error message here reads after "<path>: ".
// Rules that involve several keys (unique names, `after` order, one latest ring…) live in load.ts.
import { z } from 'zod'
import { normaliseRegion, REGION_PATTERN } from '../azure/regions.js'
import { DAY_MS, DURATION_EXPECTED, parseDuration } from './duration.js'
import { SEVERITY_THRESHOLDS } from '../core/policy.js'
import { DATE, isCalendarDate, RING_NAME, VULNERABILITY_ID } from './rules.js'

/** A region as written: `eastus`, `East US 2`. Normalised by load.ts (azure/regions.ts normaliseRegion). */
export const REGION_AS_WRITTEN = /^[A-Za-z][A-Za-z0-9 _-]{2,59}$/
export const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
/** A date, or a date and time with a zone (`Z` or an offset): a bare local time would be ambiguous. */
export const TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2}))?$/

export const MAX_SOAK_MS = 365 * DAY_MS
export const MAX_END_OF_LIFE_MS = 3650 * DAY_MS
export const MAX_RINGS = 20

export const EXPECTED = {
  root: 'expected a mapping with keys rings, scans, retention',
  rings: 'expected a list of rings, in promotion order',
  ringsMin: 'expected at least one ring',
  ringsMax: `expected at most ${MAX_RINGS} rings`,
  ring: 'expected a mapping like {name: canary, regions: [eastus]}',
  ringName:
    'expected a ring name (lowercase letters, digits and hyphens, starting with a letter, at most 40 characters)',
  regions: 'expected a list of region names like [eastus, westeurope]',
  regionsMin: 'expected at least one region',
  region: 'expected a region name like eastus or "East US 2"',
  after: 'expected the name of an earlier ring, or [] for no prerequisite',
  soak: `expected ${DURATION_EXPECTED}`,
  soakMax: 'expected a duration of at most 365d',
  minReplicas: 'expected a whole number from 1 to 100',
  boolean: 'expected true or false',
  tags: 'expected a list of registry tags like [prod, latest]',
  tagsMin: 'expected at least one tag',
  tag: 'expected a registry tag (letters, digits, _ . -, not starting with . or -, at most 128 characters)',
  freeze: 'expected a list of windows like {from: 2026-12-20T00:00:00Z, to: 2027-01-04T00:00:00Z}',
  window: 'expected a mapping with from and to',
  timestamp: 'expected a UTC timestamp like 2026-12-20T00:00:00Z',
  scans: 'expected a mapping with keys required, fail-on-severity, allow',
  severity: `expected one of ${SEVERITY_THRESHOLDS.join(', ')}`,
  allow: 'expected a list of allowances like {id: CVE-2024-1234, until: 2026-12-31, reason: not reachable}',
  allowance: 'expected a mapping with id, and optionally until and reason',
  vulnerabilityId: 'expected a vulnerability id like CVE-2024-1234',
  date: 'expected a date like 2026-12-31',
  reason: 'expected text',
  retention: 'expected a mapping with keys keep, end-of-life, delete-after-eol',
  keep: 'expected a whole number, 0 or more',
  endOfLife: `expected ${DURATION_EXPECTED}`,
  endOfLifeMax: 'expected a duration of at most 3650d',
} as const

/** A strict mapping: unknown keys are errors that list the keys it accepts. */
function mapping<T extends z.core.$ZodLooseShape>(shape: T, expected: string) {
  const keys = Object.keys(shape)
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return expected
      const unknown = issue.keys.map((k) => JSON.stringify(k)).join(', ')
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${unknown}; expected one of ${keys.join(', ')}`
    },
  })
}

const str = (expected: string) => z.string({ error: expected })
const bool = () => z.boolean({ error: EXPECTED.boolean })

const duration = (expected: string, maxMs: number, maxMessage: string) =>
  str(expected)
    .regex(/^\d+[mhd]$/, { error: expected })
    .refine((s) => !/^\d+[mhd]$/.test(s) || parseDuration(s, maxMs) !== undefined, { error: maxMessage })

const region = str(EXPECTED.region)
  .regex(REGION_AS_WRITTEN, { error: EXPECTED.region })
  .refine((s) => !REGION_AS_WRITTEN.test(s) || REGION_PATTERN.test(normaliseRegion(s)), {
    error: EXPECTED.region,
  })
const regionList = (description: string) =>
  z
    .array(region, { error: EXPECTED.regions })
    .min(1, { error: EXPECTED.regionsMin })
    .meta({ description, examples: [['eastus', 'westeurope']] })

/** A TIMESTAMP that names a real day and time. */
export function isTimestamp(text: string): boolean {
  return TIMESTAMP.test(text) && isCalendarDate(text) && !Number.isNaN(Date.parse(text))
}

const timestamp = str(EXPECTED.timestamp)
  .regex(TIMESTAMP, { error: EXPECTED.timestamp })
  .refine((s) => !TIMESTAMP.test(s) || isTimestamp(s), { error: EXPECTED.timestamp })

const ringSchema = mapping(
  {
    name: str(EXPECTED.ringName)
      .regex(RING_NAME, { error: EXPECTED.ringName })
      .meta({
        title: 'Ring name',
        description: 'Unique name, used by the `ring` input.',
        examples: ['canary'],
      }),
    regions: regionList(
      'Regions that must be replicated before promotion into this ring. Default: all target regions of the version.',
    ).optional(),
    after: z
      .union([str(EXPECTED.after).regex(RING_NAME, { error: EXPECTED.after }), z.array(z.string()).max(0)], {
        error: EXPECTED.after,
      })
      .meta({
        description:
          'Ring the version must have entered first (an earlier ring). Default: the ring listed before this one. `[]`: no prerequisite.',
      })
      .optional(),
    soak: duration(EXPECTED.soak, MAX_SOAK_MS, EXPECTED.soakMax)
      .meta({
        description:
          'Minimum time since the version entered the `after` ring: minutes (m), hours (h) or days (d).',
        examples: ['24h', '3d'],
      })
      .optional(),
    'min-replicas': z
      .number({ error: EXPECTED.minReplicas })
      .int({ error: EXPECTED.minReplicas })
      .min(1, { error: EXPECTED.minReplicas })
      .max(100, { error: EXPECTED.minReplicas })
      .meta({ description: 'Minimum replica count in each required region.' })
      .optional(),
    latest: bool()
      .meta({ description: 'This ring carries `latest` on the gallery. At most one ring. Default: false.' })
      .optional(),
    'latest-regions': regionList(
      'Only on the latest ring: flip the per-region excludeFromLatest only in these regions. Default: all regions.',
    ).optional(),
    tags: z
      .array(str(EXPECTED.tag).regex(OCI_TAG, { error: EXPECTED.tag }), { error: EXPECTED.tags })
      .min(1, { error: EXPECTED.tagsMin })
      .meta({
        description: 'Registry tags this ring moves. Default: [<ring name>].',
        examples: [['prod', 'latest']],
      })
      .optional(),
    lock: bool()
      .meta({ description: 'Registry: lock the promoted version tag and manifest. Default: false.' })
      .optional(),
    'require-approval': bool()
      .meta({
        description:
          'Expect evidence that a reviewer approved the run (GitHub environment approvals, read with actions: read); warn when there is none. Default: false.',
      })
      .optional(),
    freeze: z
      .array(
        mapping(
          {
            from: timestamp.meta({
              description: 'Start of the window (UTC).',
              examples: ['2026-12-20T00:00:00Z'],
            }),
            to: timestamp.meta({
              description: 'End of the window (UTC).',
              examples: ['2027-01-04T00:00:00Z'],
            }),
          },
          EXPECTED.window,
        ),
        { error: EXPECTED.freeze },
      )
      .meta({ description: 'No promotion into this ring inside these windows.' })
      .optional(),
  },
  EXPECTED.ring,
).meta({ title: 'Ring', description: 'One release ring. Rings are listed in promotion order.' })

const allowanceSchema = mapping(
  {
    id: str(EXPECTED.vulnerabilityId)
      .regex(VULNERABILITY_ID, { error: EXPECTED.vulnerabilityId })
      .meta({ description: 'Vulnerability id (matched case-insensitively).', examples: ['CVE-2024-1234'] }),
    until: str(EXPECTED.date)
      .regex(DATE, { error: EXPECTED.date })
      .refine((s) => !DATE.test(s) || isCalendarDate(s), { error: EXPECTED.date })
      .meta({
        description: 'Last day (UTC) the allowance counts; expired allowances are ignored and reported.',
        examples: ['2026-12-31'],
      })
      .optional(),
    reason: str(EXPECTED.reason).meta({ description: 'Why the finding is accepted.' }).optional(),
  },
  EXPECTED.allowance,
).meta({ title: 'Allowance' })

const scansSchema = mapping(
  {
    required: bool()
      .meta({ description: 'Fail closed: no scan evidence, no promotion. Default: false.' })
      .optional(),
    'fail-on-severity': z
      .enum(SEVERITY_THRESHOLDS, { error: EXPECTED.severity })
      .meta({ description: 'Findings at or above this severity block promotion. Default: high.' })
      .optional(),
    allow: z
      .array(allowanceSchema, { error: EXPECTED.allow })
      .meta({ description: 'Accepted vulnerabilities.' })
      .optional(),
  },
  EXPECTED.scans,
).meta({ title: 'Scan gate', description: 'Vulnerability scan gate.' })

const retentionSchema = mapping(
  {
    keep: z
      .number({ error: EXPECTED.keep })
      .int({ error: EXPECTED.keep })
      .min(0, { error: EXPECTED.keep })
      .meta({ description: 'Number of versions to keep regardless of age.' })
      .optional(),
    'end-of-life': duration(EXPECTED.endOfLife, MAX_END_OF_LIFE_MS, EXPECTED.endOfLifeMax)
      .meta({ description: 'Age after which a version is set end-of-life.', examples: ['30d'] })
      .optional(),
    'delete-after-eol': bool()
      .meta({ description: 'Delete versions past their end-of-life date. Default: false.' })
      .optional(),
  },
  EXPECTED.retention,
).meta({ title: 'Retention', description: 'Clean-up of old versions.' })

export const policyFileSchema = mapping(
  {
    rings: z
      .array(ringSchema, { error: EXPECTED.rings })
      .min(1, { error: EXPECTED.ringsMin })
      .max(MAX_RINGS, { error: EXPECTED.ringsMax })
      .meta({ description: 'Release rings in promotion order. Default: canary, staging, prod.' })
      .optional(),
    scans: scansSchema.optional(),
    retention: retentionSchema.optional(),
  },
  EXPECTED.root,
).meta({
  title: 'Azure Image Promote policy',
  description: 'Ring policy for the Azure Image Promote action (.github/image-promotion.yml).',
})

export type PolicyFile = z.infer<typeof policyFileSchema>

/** The JSON Schema for editors (draft 2020-12), generated from `policyFileSchema`. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policyFileSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>
}

/** The committed file's text (prettier keeps JSON.stringify's layout for objects; the test compares parsed JSON). */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`
}
