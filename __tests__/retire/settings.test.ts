// operation: retire in the inputs: no version, ring optional.
import { describe, expect, it } from 'vitest'
import { readSettings } from '../../src/action/settings.js'

const gallery: Record<string, string> = {
  'subscription-id': '00000000-0000-0000-0000-000000000001',
  'resource-group': 'rg',
  gallery: 'g',
  'image-definition': 'i',
  operation: 'retire',
}
const read = (inputs: Record<string, string>) => readSettings((name) => inputs[name] ?? '')

describe('operation: retire', () => {
  it('needs neither a version nor a ring', () => {
    expect(read(gallery)).toMatchObject({ operation: 'retire', version: { kind: 'none' }, ring: '' })
    expect(read({ ...gallery, ring: 'prod' }).ring).toBe('prod')
  })

  it('refuses a version, and still validates a ring when given', () => {
    expect(() => read({ ...gallery, version: '1.2.0' })).toThrow(
      `Input 'version' has an invalid value "1.2.0": operation 'retire' takes no version`,
    )
    expect(() => read({ ...gallery, ring: 'Prod!' })).toThrow(`Input 'ring' has an invalid value "Prod!"`)
  })

  it('names retire among the operations', () => {
    expect(() => read({ ...gallery, operation: 'purge' })).toThrow(
      "(or 'retire' to apply the policy's retention)",
    )
  })
})
