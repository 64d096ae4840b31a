// ARM errors as StepErrors: the step, Azure's code, the first line of the message. Shared by every ARM caller
// (gallery, Resource Graph) so that none of them loads another's code for it.
import { StepError } from '../core/errors.js'

export function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode
}

export function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code
}

/** Azure's error code and message, without the request details (they can carry headers). */
export function armError(step: string, error: unknown): StepError {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
  const name = (error as { name?: string } | undefined)?.name
  if (
    name === 'AuthenticationError' ||
    name === 'CredentialUnavailableError' ||
    name === 'AggregateAuthenticationError'
  )
    return new StepError(`${step} (getting an Azure token)`, codeOf(error) ?? name, message)
  const code = codeOf(error) ?? (statusOf(error) ? `HTTP ${statusOf(error)}` : undefined)
  return new StepError(step, code, message)
}
