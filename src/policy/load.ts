// Reads `.github/image-promotion.yml` (or built-in defaults) into a Policy. Parsing lives in parse.ts and is
// imported only when a policy file exists: YAML and the zod schema are a good part of the start-up time, and
// most runs that use the built-in rings never need them.
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../core/errors.js'
import type { Policy, RingPolicy, ScanPolicy } from './types.js'

export const DEFAULT_POLICY_PATH = '.github/image-promotion.yml'
export const DEFAULT_POLICY_SOURCE = 'built-in defaults'
export const MAX_POLICY_BYTES = 256 * 1024

export function defaultScanPolicy(): ScanPolicy {
  return { required: false, failOn: 'high', allow: [] }
}

/** canary → staging → prod, prod carries latest, no soak, every target region, tags = [ring name]. */
export function defaultPolicy(): Policy {
  const ring = (name: string, after: string | null, latest: boolean): RingPolicy => ({
    name,
    after,
    soakMs: 0,
    latest,
    tags: [name],
    lock: false,
    requireApproval: false,
    freeze: [],
  })
  return {
    rings: [ring('canary', null, false), ring('staging', 'canary', false), ring('prod', 'staging', true)],
    scans: defaultScanPolicy(),
    source: DEFAULT_POLICY_SOURCE,
  }
}

/**
 * Load the policy. `file` is relative to the workspace (absolute paths are used as is); empty or undefined
 * means the default path, where a missing file yields the built-in defaults. A missing file at a path the
 * user gave is a UsageError.
 */
export async function loadPolicy(file: string | undefined, workspace: string): Promise<Policy> {
  const given = file?.trim() ? file.trim() : undefined
  const shown = given ?? DEFAULT_POLICY_PATH
  const full = path.resolve(workspace, shown)
  let size: number
  try {
    const info = await stat(full)
    if (!info.isFile()) throw new UsageError(`${shown}: the policy file is not a regular file.`)
    size = info.size
  } catch (error) {
    if (error instanceof UsageError) throw error
    if (isNotFound(error)) {
      if (!given) return defaultPolicy()
      throw new UsageError(`${shown}: policy file not found (looked in ${full}); check the 'config' input.`)
    }
    throw new UsageError(`${shown}: cannot read the policy file: ${messageOf(error)}`)
  }
  if (size > MAX_POLICY_BYTES) throw tooLarge(shown, size)
  let text: string
  try {
    text = await readFile(full, 'utf8')
  } catch (error) {
    throw new UsageError(`${shown}: cannot read the policy file: ${messageOf(error)}`)
  }
  const { parsePolicy } = await import('./parse.js')
  return parsePolicy(text, shown)
}

/** The ring the `ring` input names; a UsageError lists the known rings otherwise. */
export function ringByName(policy: Policy, name: string): RingPolicy {
  const wanted = name.trim().toLowerCase()
  const ring = policy.rings.find((r) => r.name === wanted)
  if (ring) return ring
  const known = policy.rings.map((r) => r.name).join(', ')
  const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name
  throw new UsageError(
    `Input 'ring' has an invalid value ${JSON.stringify(shown)}: expected one of the rings in ${policy.source}: ${known}.`,
  )
}

// ---------------------------------------------------------------------------------------------------------

export function tooLarge(file: string, bytes: number): UsageError {
  return new UsageError(
    `${file}: the policy file is ${bytes} bytes; at most ${MAX_POLICY_BYTES} bytes are accepted.`,
  )
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
