import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { policyJsonSchema, policyJsonSchemaText } from '../../src/policy/schema.js'
import { EXAMPLE_POLICY } from './example.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const schemaFile = path.join(repoRoot, 'schemas/image-promotion.schema.json')
const committed = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>

describe('schemas/image-promotion.schema.json', () => {
  it('equals the schema generated from src/policy/schema.ts (regenerate: npx tsx src/policy/write-schema.ts)', () => {
    expect(committed).toEqual(policyJsonSchema())
    expect(JSON.parse(policyJsonSchemaText())).toEqual(committed)
  })

  it('is a draft 2020-12 schema with titles and descriptions for editors', () => {
    expect(committed.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(committed.title).toBe('Azure Image Promote policy')
    expect(committed.additionalProperties).toBe(false)
    const properties = committed.properties as Record<string, { description?: string; title?: string }>
    expect(Object.keys(properties)).toEqual(['rings', 'scans', 'retention'])
    expect(properties.rings?.description).toBe(
      'Release rings in promotion order. Default: canary, staging, prod.',
    )
    expect(properties.scans?.title).toBe('Scan gate')
  })

  // The committed JSON Schema, turned back into a validator.
  const validator = z.fromJSONSchema(committed as Parameters<typeof z.fromJSONSchema>[0])
  const example = YAML.parse(EXAMPLE_POLICY) as Record<string, unknown>
  const valid = (value: unknown) => validator.safeParse(value).success

  it('accepts the documented example and a minimal file', () => {
    expect(valid(example)).toBe(true)
    expect(valid({})).toBe(true)
    expect(valid({ rings: [{ name: 'canary', after: [] }] })).toBe(true)
  })

  it('rejects extra keys at every level', () => {
    /** A copy of the example with one extra key at `parts` (the last part is the new key). */
    const withKey = (...parts: Array<string | number>) => {
      const doc: unknown = structuredClone(example)
      let node = doc as Record<string | number, unknown>
      for (const part of parts.slice(0, -1)) node = node[part] as Record<string | number, unknown>
      node[parts[parts.length - 1] ?? ''] = 'x'
      return doc
    }
    expect(valid(withKey('extra'))).toBe(false)
    expect(valid(withKey('rings', 0, 'sok'))).toBe(false)
    expect(valid(withKey('rings', 2, 'freeze', 0, 'why'))).toBe(false)
    expect(valid(withKey('scans', 'failOn'))).toBe(false)
    expect(valid(withKey('scans', 'allow', 0, 'note'))).toBe(false)
    expect(valid(withKey('retention', 'keepLast'))).toBe(false)
    // and the same path with a known key stays valid
    expect(valid(withKey('rings', 2, 'freeze', 0, 'to'))).toBe(false) // 'x' is not a timestamp
    expect(valid(withKey('scans', 'allow', 0, 'reason'))).toBe(true)
  })

  it('rejects wrong values the editor can see', () => {
    const ring = (r: Record<string, unknown>) => ({ rings: [{ name: 'a', ...r }] })
    expect(valid(ring({ soak: '3 days' }))).toBe(false)
    expect(valid(ring({ 'min-replicas': 0 }))).toBe(false)
    expect(valid(ring({ after: ['x'] }))).toBe(false)
    expect(valid(ring({ tags: ['-x'] }))).toBe(false)
    expect(valid({ rings: [{ name: 'Prod' }] })).toBe(false)
    expect(valid({ scans: { 'fail-on-severity': 'severe' } })).toBe(false)
    expect(valid({ scans: { allow: [{ id: 'CVE-1', until: '31.12.2026' }] } })).toBe(false)
    expect(valid({ rings: [] })).toBe(false)
  })
})
