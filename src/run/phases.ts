// The run as named phases, kpromo style: validate → observe → plan → gate → apply → verify (the edge then
// reports). Each phase is one log group with its duration, and the first phase that throws is remembered, so
// a failed run says where it stopped. Plan comes before gate here: the outside gates (scans, Defender) read
// the plan's resolved digest.
export type PhaseName = 'validate' | 'observe' | 'plan' | 'gate' | 'apply' | 'verify'

/** Where the run writes its log; main.ts routes it to @actions/core, tests leave it silent. */
export interface RunLog {
  info(message: string): void
  debug(message: string): void
  /** Runs `fn` inside one collapsed log group titled `title`. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

export const SILENT_LOG: RunLog = { info: () => {}, debug: () => {}, group: (_title, fn) => fn() }

export class Phases {
  /** The first phase that threw, if any. */
  failed?: PhaseName

  constructor(
    private readonly log: RunLog,
    /** What the run does, in words, shown after each phase's name (known once the inputs are read). */
    public title: string,
  ) {}

  async run<T>(name: PhaseName, fn: () => Promise<T> | T): Promise<T> {
    return this.log.group(`${this.title} · ${name}`, async () => {
      const started = performance.now()
      try {
        return await fn()
      } catch (error) {
        this.failed ??= name
        throw error
      } finally {
        this.log.info(`${name} took ${seconds(performance.now() - started)}`)
      }
    })
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
