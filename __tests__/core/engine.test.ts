// The engine's apply loop against a tiny in-memory target: changes in order, stop at the first failure, and
// `concurrent` groups applied at once with an exact outcome for each member. Concurrency is proven by order
// (a write that waits until another has started), never by timing.
import { describe, expect, it } from 'vitest'
import { runTarget, type CheckableTarget, type WriteCheck } from '../../src/core/engine.js'
import type { Change, Plan } from '../../src/core/model.js'
import type { PlanContext, Target } from '../../src/core/target.js'
import { context } from '../registry/helpers.js'

/** A key-value store; each change sets one key. Writes can be told to fail, or to land and then fail. */
class MemoryTarget implements Target<Record<string, string>>, CheckableTarget {
  readonly ref = { kind: 'registry' as const, key: 'memory', display: 'memory' }
  readonly store: Record<string, string> = {}
  readonly events: string[] = []
  /** Change id → how its write ends. `lost`: the value is stored, the call still fails (response lost). */
  readonly failures = new Map<string, 'refused' | 'lost'>()
  /** Change id → a promise its write waits for before storing anything. */
  readonly waits = new Map<string, Promise<void>>()

  constructor(private readonly changes: Change[]) {}

  async observe() {
    return { ...this.store }
  }

  plan(_state: Record<string, string>, ctx: PlanContext): Plan {
    return {
      target: this.ref,
      operation: ctx.operation,
      ring: ctx.ring.name,
      version: '1',
      imageId: 'memory',
      regions: [],
      gates: [],
      changes: this.changes,
      transitions: [],
      notes: [],
    }
  }

  async apply(change: Change): Promise<void> {
    this.events.push(`start ${change.id}`)
    await this.waits.get(change.id)
    const failure = this.failures.get(change.id)
    if (failure !== 'refused') this.store[change.id] = String(change.payload)
    this.events.push(`end ${change.id}`)
    if (failure) throw new Error(`${change.id} ${failure}`)
  }

  async check(change: Change): Promise<WriteCheck> {
    return this.store[change.id] === String(change.payload) ? 'applied' : 'not-applied'
  }

  async verify(plan: Plan) {
    return plan.changes.map((c) => ({
      id: `verify:${c.id}`,
      title: c.id,
      status: this.store[c.id] === String(c.payload) ? ('pass' as const) : ('fail' as const),
      details: c.id,
    }))
  }
}

function change(id: string, concurrent?: string): Change {
  return {
    id,
    resource: id,
    summary: `set ${id}`,
    payload: `value of ${id}`,
    ...(concurrent ? { concurrent } : {}),
  }
}

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

const run = (target: MemoryTarget) => runTarget(target, context('canary'), { dryRun: false })
const statuses = (result: Awaited<ReturnType<typeof run>>) =>
  result.outcomes.map((o) => `${o.change.id}:${o.status}`)

describe('engine apply loop', () => {
  it('applies changes without a group one after another and stops at the first failure', async () => {
    const target = new MemoryTarget([change('a'), change('b'), change('c')])
    target.failures.set('b', 'refused')
    const result = await run(target)
    expect(target.events).toEqual(['start a', 'end a', 'start b', 'end b'])
    expect(result.verdict).toBe('failed')
    expect(statuses(result)).toEqual(['a:applied', 'b:failed', 'c:not-attempted'])
    expect(result.error).toBe('Applying b failed: b refused (a read-back shows it was not written)')
  })

  it('applies consecutive changes of one group at once, then what follows', async () => {
    const target = new MemoryTarget([
      change('record'),
      change('t1', 'tags'),
      change('t2', 'tags'),
      change('lock'),
    ])
    // t1 can finish only once t2 has started: sequential writes would never get there.
    const t2Started = deferred()
    target.waits.set('t1', t2Started.promise)
    const apply = target.apply.bind(target)
    target.apply = async (c) => {
      const done = apply(c)
      if (c.id === 't2') t2Started.resolve()
      return done
    }
    const result = await run(target)
    expect(result.verdict, result.error).toBe('promoted')
    expect(target.events).toEqual([
      'start record',
      'end record',
      'start t1',
      'start t2',
      'end t2',
      'end t1',
      'start lock',
      'end lock',
    ])
    expect(statuses(result)).toEqual(['record:applied', 't1:applied', 't2:applied', 'lock:applied'])
  })

  it('waits for the whole group after a failure, reports each member exactly and stops after the group', async () => {
    const target = new MemoryTarget([
      change('t1', 'tags'),
      change('t2', 'tags'),
      change('t3', 'tags'),
      change('t4', 'tags'),
      change('lock'),
    ])
    target.failures.set('t1', 'refused')
    target.failures.set('t3', 'lost')
    // t4 is still writing when t1 has already failed: its outcome must be its own, not "not attempted".
    const slow = deferred()
    target.waits.set('t4', slow.promise)
    target.waits.set(
      't1',
      Promise.resolve().then(() => slow.resolve()),
    )
    const result = await run(target)
    expect(result.verdict).toBe('failed')
    expect(statuses(result)).toEqual([
      't1:failed',
      't2:applied',
      't3:applied',
      't4:applied',
      'lock:not-attempted',
    ])
    expect(result.outcomes[2]?.error).toBe('t3 lost (a read-back shows the write took effect anyway)')
    // As for a single change, a write that threw stops the run even when its read-back shows it landed.
    expect(result.error).toBe(
      'Applying t1 failed: t1 refused (a read-back shows it was not written); ' +
        'Applying t3 failed: t3 lost (a read-back shows the write took effect anyway)',
    )
    expect(target.store).toEqual({ t2: 'value of t2', t3: 'value of t3', t4: 'value of t4' })
    expect(target.events).not.toContain('start lock')
  })

  it('names every failed member of a group', async () => {
    const target = new MemoryTarget([change('t1', 'tags'), change('t2', 'tags')])
    target.failures.set('t1', 'refused')
    target.failures.set('t2', 'refused')
    const result = await run(target)
    expect(statuses(result)).toEqual(['t1:failed', 't2:failed'])
    expect(result.error).toBe(
      'Applying t1 failed: t1 refused (a read-back shows it was not written); ' +
        'Applying t2 failed: t2 refused (a read-back shows it was not written)',
    )
  })

  it('groups only consecutive changes with the same key', async () => {
    const target = new MemoryTarget([change('x1', 'x'), change('y', 'y'), change('x2', 'x'), change('z')])
    const result = await run(target)
    expect(result.verdict).toBe('promoted')
    expect(target.events).toEqual([
      'start x1',
      'end x1',
      'start y',
      'end y',
      'start x2',
      'end x2',
      'start z',
      'end z',
    ])
  })
})
