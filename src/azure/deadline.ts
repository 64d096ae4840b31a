// One bound on the whole run (the `timeout` input): every SDK call and long-running-operation poll gets the
// same AbortSignal, so a hung response, a long Retry-After or endless polling ends the run with a clear
// "timed out after N minutes while <step>" instead of running until GitHub kills the job.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth'
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline'

/**
 * SDK retries (@azure/core-rest-pipeline): 429/503 honour `Retry-After`; 408, 5xx (not 501/505) and network
 * errors back off exponentially with jitter. Bounded: at most 4 retries per request, at most 30 s between two
 * tries, and never past the deadline (the retry delay listens to the same abort signal).
 */
export const RETRY_OPTIONS: PipelineRetryOptions = {
  maxRetries: 4,
  retryDelayInMs: 1_000,
  maxRetryDelayInMs: 30_000,
}

/** Raised when the run's deadline passed during a step. The message names the step and the limit. */
export class TimedOutError extends Error {
  override name = 'TimedOutError'
  readonly code = 'Timeout'
  constructor(
    readonly step: string,
    readonly limit: string,
  ) {
    super(`Timed out after ${limit} while ${lowerFirst(step)}`)
  }
}

export class Deadline {
  readonly signal: AbortSignal
  readonly #controller = new AbortController()
  readonly #timer: NodeJS.Timeout

  constructor(readonly ms: number) {
    this.signal = this.#controller.signal
    this.#timer = setTimeout(() => this.#controller.abort(new Error(`timed out after ${this.limit}`)), ms)
    // Never keep the process alive just for the timer.
    this.#timer.unref()
  }

  get expired(): boolean {
    return this.signal.aborted
  }

  /** `30 minutes`, `1 minute`; test deadlines below a minute read `2 seconds`. */
  get limit(): string {
    if (this.ms >= 60_000 && this.ms % 60_000 === 0) {
      const minutes = this.ms / 60_000
      return `${minutes} minute${minutes === 1 ? '' : 's'}`
    }
    const seconds = Math.round(this.ms / 100) / 10
    return `${seconds} second${seconds === 1 ? '' : 's'}`
  }

  /** The timeout error for a step, when the deadline has passed; undefined otherwise. */
  timedOut(step: string): TimedOutError | undefined {
    return this.expired ? new TimedOutError(step, this.limit) : undefined
  }

  dispose(): void {
    clearTimeout(this.#timer)
  }

  /**
   * The credential, bounded by the deadline: MSAL and the GitHub OIDC client do not stop on the SDK's abort
   * signal, so a hung token endpoint would otherwise outlive the timeout.
   */
  bind(credential: TokenCredential): TokenCredential {
    const signal = this.signal
    return {
      getToken: (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => {
        if (signal.aborted) return Promise.reject(abortError())
        return new Promise<AccessToken | null>((resolve, reject) => {
          const onAbort = () => reject(abortError())
          signal.addEventListener('abort', onAbort, { once: true })
          credential.getToken(scopes, { ...options, abortSignal: options?.abortSignal ?? signal }).then(
            (token) => {
              signal.removeEventListener('abort', onAbort)
              resolve(token)
            },
            (error: unknown) => {
              signal.removeEventListener('abort', onAbort)
              reject(error instanceof Error ? error : new Error(String(error)))
            },
          )
        })
      },
    }
  }
}

function abortError(): Error {
  const error = new Error('The operation was aborted while getting an Azure token.')
  error.name = 'AbortError'
  return error
}

function lowerFirst(step: string): string {
  return step.length > 1 && /^[A-Z][a-z]/.test(step) ? step[0]!.toLowerCase() + step.slice(1) : step
}
