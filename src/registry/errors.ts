// Registry failures as StepErrors: the step, the OCI error code (or HTTP status) and the registry's message.
import type { PipelineResponse } from '@azure/core-rest-pipeline'
import { messageOf, StepError } from '../core/errors.js'

/** `Reading manifest team/web:prod`-style step names for plain OCI calls. */
export function describeCall(method: string, path: string, repository: string): string {
  const rest = path.startsWith(`/v2/${repository}/`) ? path.slice(`/v2/${repository}/`.length) : path
  const [kind, ...ref] = rest.split('/')
  const what = ref.join('/')
  const verb =
    method === 'GET' || method === 'HEAD' ? 'Reading' : method === 'DELETE' ? 'Deleting' : 'Writing'
  switch (kind) {
    case 'manifests':
      return `${verb} manifest ${repository}${what.includes(':') ? '@' : ':'}${what}`
    case 'blobs':
      return what.startsWith('uploads')
        ? `Uploading a blob to ${repository}`
        : `${verb} blob ${what} of ${repository}`
    case 'tags':
      return `Listing tags of ${repository}`
    case 'referrers':
      return `Listing referrers of ${repository}@${what}`
    default:
      return `${method} ${path}`
  }
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode
  return typeof status === 'number' ? status : undefined
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code
  if (typeof code === 'string') return code
  const status = statusOf(error)
  return status ? `HTTP ${status}` : undefined
}

export function stepError(step: string, error: unknown): StepError {
  // The SDK's RestError carries the registry's OCI error body as text: name its code, not just the status.
  const oci = ociError((error as { response?: { bodyAsText?: string } } | undefined)?.response?.bodyAsText)
  const status = statusOf(error)
  if (oci && status) return new StepError(step, `${oci.code}, HTTP ${status}`, oci.message)
  const message = messageOf(error)
  return new StepError(step, codeOf(error), message)
}

/** The first entry of an OCI distribution error body (`{"errors":[{"code","message"}]}`), if it is one. */
function ociError(text: string | null | undefined): { code: string; message: string } | undefined {
  try {
    const first = (JSON.parse(text ?? '') as { errors?: { code?: string; message?: string }[] }).errors?.[0]
    return first?.code ? { code: first.code, message: first.message ?? '' } : undefined
  } catch {
    return undefined
  }
}

export function expectStatus(res: PipelineResponse, ok: number[], step: string): void {
  if (ok.includes(res.status)) return
  const oci = ociError(res.bodyAsText)
  if (oci) throw new StepError(step, `${oci.code}, HTTP ${res.status}`, oci.message)
  throw new StepError(step, `HTTP ${res.status}`, (res.bodyAsText ?? '').slice(0, 300) || 'no response body')
}
