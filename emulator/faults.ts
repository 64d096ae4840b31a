// The one fault matcher of the test bed, shared by the emulator (emulator/server.ts) and the fault proxy in front
// of the real registry (emulator/testbed/fault-proxy.ts): faults are matched in the order added, by method and
// path, each for a number of requests.
//
// Case rule: a string path matches the way the server behind it resolves paths, so a fault hits exactly the
// requests that reach the same resource. ARM resolves paths case-insensitively (`/resourcegroups/RG-Images` and
// `/resourceGroups/rg-images` are one resource), so the emulator matches without case; an OCI registry does not
// (`/v2/app/manifests/Latest` and `…/latest` are two tags), so the proxy matches with case. A RegExp carries its
// own rule (its `i` flag) and is tested against the path and against path+query.

/** An answer given instead of the real one. */
export interface FaultResponse {
  status: number
  headers?: Record<string, string>
  body?: unknown
}

export interface FaultMatch {
  /** Any method when unset (compared without case, as HTTP methods are). */
  method?: string
  /** Exact path (query ignored) or a RegExp tested against the path and against path+query. */
  path: string | RegExp
  /** How many matching requests it applies to (default 1; `Infinity` for all). */
  times?: number
}

export type Counted<S> = S & {
  readonly id: number
  /** Matching requests still to affect. */
  remaining: number
  /** Requests affected so far. */
  hits: number
}

export function faultMatches(
  fault: FaultMatch,
  method: string,
  url: URL,
  pathsCaseSensitive: boolean,
): boolean {
  if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) return false
  if (typeof fault.path === 'string') {
    return pathsCaseSensitive
      ? fault.path === url.pathname
      : fault.path.toLowerCase() === url.pathname.toLowerCase()
  }
  fault.path.lastIndex = 0
  if (fault.path.test(url.pathname)) return true
  fault.path.lastIndex = 0
  return fault.path.test(url.pathname + url.search)
}

/** Faults in match order; an exhausted one leaves the list but keeps its counts for the test that holds it. */
export class FaultList<S extends FaultMatch> {
  #items: Counted<S>[] = []
  #next = 1

  constructor(private readonly pathsCaseSensitive: boolean) {}

  add(spec: S): Counted<S> {
    const fault = { ...spec, id: this.#next++, remaining: spec.times ?? 1, hits: 0 } as Counted<S>
    this.#items.push(fault)
    return fault
  }

  remove(fault: Counted<S>): void {
    this.#items = this.#items.filter((item) => item !== fault)
  }

  clear(): void {
    this.#items = []
  }

  /** Faults with applications left, in match order. */
  get pending(): readonly Counted<S>[] {
    return this.#items.filter((item) => item.remaining > 0)
  }

  /** The first fault matching this request, counted as applied; undefined when none matches. */
  take(method: string, url: URL): Counted<S> | undefined {
    const fault = this.#items.find(
      (item) => item.remaining > 0 && faultMatches(item, method, url, this.pathsCaseSensitive),
    )
    if (!fault) return undefined
    fault.remaining -= 1
    fault.hits += 1
    if (fault.remaining <= 0) this.remove(fault)
    return fault
  }
}
