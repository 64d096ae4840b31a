// Reads `.github/image-promotion.yml` (or built-in defaults) into a Policy. Parsing lives in parse.ts and is
// imported only when a policy file exists: YAML and the zod schema are a good part of the start-up time, and
// most runs that use the built-in rings never need them.
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { messageOf, UsageError } from '../core/errors.js'
import { defaultPolicy, MAX_POLICY_BYTES, tooLarge } from './defaults.js'
import { DEFAULT_POLICY_PATH } from './rules.js'
import type { Policy, RingPolicy } from '../core/policy.js'

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
  return { ...parsePolicy(text, shown), digest: `sha256:${createHash('sha256').update(text).digest('hex')}` }
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

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'
}
