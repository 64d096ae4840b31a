// The facts the gallery plan hands the report as data: per-region replication, requirement and `latest`
// before → after (no parsing of gate text), and what each ring holds before and after the plan's writes.
import { describe, expect, it } from 'vitest'
import type { TargetRef } from '../../src/core/model.js'
import { planGallery, type GalleryState } from '../../src/gallery/plan.js'
import { context, DEFAULT_RINGS, passed, ring, version } from './builders.js'

const ref: TargetRef = { kind: 'gallery', key: 'k', display: 'g/i' }
const id = (name: string) => `/versions/${name}`
const prod = DEFAULT_RINGS[2]!

function state(subjectName: string, versions: ReturnType<typeof version>[]): GalleryState {
  return { versions, subject: versions.find((v) => v.name === subjectName), notes: [] }
}

describe('gallery plan: report facts', () => {
  it('gives each required region its replication, replicas against the minimum, and latest before → after', () => {
    const subject = version('1.2.0', {
      replicas: 2,
      tags: passed('staging', '2026-11-20T00:00:00Z'),
      replication: { westeurope: 'Replicating' },
    })
    subject.regions[1]!.replication = { state: 'Replicating', details: 'copying', progress: 40 }
    const plan = planGallery(
      state('1.2.0', [version('1.10.0'), subject]),
      context({ ...prod, minReplicas: 3 }),
      ref,
      id,
    )
    expect(plan.regionStates).toEqual([
      {
        region: 'eastus',
        required: true,
        state: 'Completed',
        replicas: 2,
        requiredReplicas: 3,
        latestBefore: '1.10.0',
        latestAfter: '1.2.0',
      },
      {
        region: 'westeurope',
        required: true,
        state: 'Replicating',
        progress: 40,
        replicas: 2,
        requiredReplicas: 3,
        latestBefore: '1.10.0',
        latestAfter: '1.2.0',
      },
    ])
  })

  it('leaves latest out of the rows of a ring that does not move it', () => {
    const canary = ring('canary', { regions: ['eastus'] })
    const plan = planGallery(state('1.2.0', [version('1.2.0')]), context(canary), ref, id)
    expect(plan.regionStates).toEqual([{ region: 'eastus', required: true, state: 'Completed', replicas: 1 }])
  })

  it('reads what every ring holds from the ring tags, before the writes and once they are in effect', () => {
    const versions = [
      version('1.0.0', {
        tags: { ...passed('canary', '2026-11-01T00:00:00Z'), ...passed('staging', '2026-11-02T00:00:00Z') },
      }),
      version('1.1.0', { tags: passed('canary', '2026-11-10T00:00:00Z') }),
    ]
    const plan = planGallery(state('1.1.0', versions), context(DEFAULT_RINGS[1]!), ref, id)
    expect(plan.rings?.before).toEqual([
      { ring: 'canary', version: '1.1.0', since: '2026-11-10T00:00:00.000Z' },
      { ring: 'staging', version: '1.0.0', since: '2026-11-02T00:00:00.000Z' },
      { ring: 'prod' },
    ])
    expect(plan.rings?.after).toEqual([
      { ring: 'canary', version: '1.1.0', since: '2026-11-10T00:00:00.000Z' },
      { ring: 'staging', version: '1.1.0', since: '2026-11-23T12:00:00.000Z' },
      { ring: 'prod' },
    ])
  })

  it('after a rollback shows the ring back on the version it held before', () => {
    const versions = [
      version('1.0.0', { tags: passed('canary', '2026-11-01T00:00:00Z') }),
      version('1.1.0', { tags: passed('canary', '2026-11-10T00:00:00Z') }),
    ]
    const rollback = {
      ...state('1.0.0', versions),
      rollbackFrom: versions[1],
    }
    const plan = planGallery(rollback, context(DEFAULT_RINGS[0]!, { operation: 'rollback' }), ref, id)
    expect(plan.rings?.after[0]).toEqual({
      ring: 'canary',
      version: '1.0.0',
      since: '2026-11-01T00:00:00.000Z',
    })
  })
})
