// Azure Resource Graph queries, paged with skipToken through every row. Shared by the Defender for Cloud gate
// (src/scans/defender.ts) and retirement's lookup of scale sets and virtual machines (src/gallery/usage.ts).
import type { ResourceGraphClient } from '@azure/arm-resourcegraph'
import { StepError } from '../core/errors.js'
import { armError } from './arm-error.js'

/** Rows per page (Resource Graph's maximum is 1000). */
const PAGE_SIZE = 1000
/** A result this long is more likely a wrong query than a real answer: stop rather than trust a partial list. */
const MAX_PAGES = 1000

/** A value inside a single-quoted KQL string literal. */
export function kqlEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")
}

export interface GraphQuery {
  query: string
  /** The step named in errors. */
  step: string
  /** Omitted: tenant scope (every subscription the identity can read). */
  subscriptions?: string[]
  abortSignal?: AbortSignal
}

/** Runs one query through every page (skipToken), handing each page's rows to `onPage`; errors name the step. */
export async function forEachPage(
  client: Pick<ResourceGraphClient, 'resources'>,
  request: GraphQuery,
  onPage: (data: unknown) => void,
): Promise<void> {
  const { query, step, subscriptions, abortSignal } = request
  let skipToken: string | undefined
  let pages = 0
  do {
    let response
    try {
      response = await client.resources(
        {
          query,
          ...(subscriptions ? { subscriptions } : {}),
          options: { top: PAGE_SIZE, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
        },
        abortSignal ? { abortSignal } : undefined,
      )
    } catch (error) {
      throw armError(step, error)
    }
    onPage(response.data)
    skipToken = response.skipToken || undefined
    if (++pages >= MAX_PAGES && skipToken) {
      throw new StepError(
        step,
        'TooManyPages',
        `more than ${MAX_PAGES} pages of results; not trusted as complete`,
      )
    }
  } while (skipToken)
}
