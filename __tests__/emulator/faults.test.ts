// The one fault matcher (emulator/faults.ts): string paths match the way the server behind resolves them.
import { describe, expect, it } from 'vitest'

import { FaultList, faultMatches } from '../../emulator/faults.js'

const at = (path: string) => new URL(path, 'https://127.0.0.1:1')

describe('fault matcher', () => {
  it('ARM (emulator): a string path matches every spelling of the same resource', () => {
    const fault = { path: '/subscriptions/S/resourceGroups/rg-images' }
    expect(faultMatches(fault, 'GET', at('/subscriptions/s/resourcegroups/RG-Images'), false)).toBe(true)
  })

  it('registry (proxy): a string path matches with case, so one tag is not another', () => {
    const fault = { method: 'put', path: '/v2/app/manifests/Latest' }
    expect(faultMatches(fault, 'PUT', at('/v2/app/manifests/Latest'), true)).toBe(true)
    expect(faultMatches(fault, 'PUT', at('/v2/app/manifests/latest'), true)).toBe(false)
  })

  it('a RegExp keeps its own rule and is also tried against path + query', () => {
    expect(
      faultMatches({ path: /digest=sha256:ab$/ }, 'PUT', at('/v2/a/blobs/uploads/1?digest=sha256:ab'), true),
    ).toBe(true)
    expect(faultMatches({ path: /\/LATEST$/ }, 'GET', at('/v2/a/manifests/latest'), false)).toBe(false)
  })

  it('applies a fault `times` times, in the order added, and keeps its counts', () => {
    const faults = new FaultList<{ path: string; times?: number }>(true)
    const first = faults.add({ path: '/x', times: 2 })
    const second = faults.add({ path: '/x' })
    expect([
      faults.take('GET', at('/x')),
      faults.take('GET', at('/x')),
      faults.take('GET', at('/x')),
    ]).toEqual([first, first, second])
    expect(faults.take('GET', at('/x'))).toBeUndefined()
    expect([first.hits, first.remaining, second.hits, faults.pending.length]).toEqual([2, 0, 1, 0])
  })
})
