// Reads the policy file (or the built-in defaults) into a Policy. Parsing lives in parse.ts and is imported only
// when a policy file exists: YAML and the zod schema are a good part of the start-up time, and most runs that
// use the built-in rings never need them.
//
// The policy decides how much checking a promotion gets, so it must not fail open silently: the default file is
// looked for under both YAML extensions, a missing default file in a workspace that is not a checkout is warned
// about (the usual cause is a job without `actions/checkout`), and the policy carries its source (path + git blob
// SHA, or the built-in defaults) so every report shows which rules applied. A relative path may not leave the
// workspace, symlinks included; reading a file elsewhere takes an absolute path in the input.
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { messageOf, UsageError } from '../core/errors.js'
import { defaultPolicy, MAX_POLICY_BYTES, tooLarge } from './defaults.js'
import { DEFAULT_POLICY_PATH, DEFAULT_POLICY_PATH_YAML } from './rules.js'
import { confine } from './workspace-path.js'
import type { Policy, RingPolicy } from '../core/policy.js'

export interface LoadedPolicy {
  policy: Policy
  /** Things a person should know about where the policy came from (shown as warnings). */
  warnings: string[]
}

/**
 * Load the policy. `file` is relative to the workspace (an absolute path is used as is); empty or undefined
 * means the default path (`.yml` or `.yaml`), where a missing file yields the built-in defaults. A missing file
 * at a path the user gave is a UsageError.
 */
export async function loadPolicy(file: string | undefined, workspace: string): Promise<LoadedPolicy> {
  const given = file?.trim() ? file.trim() : undefined
  const shown = given ?? (await defaultFile(workspace))
  if (!shown) return { policy: defaultPolicy(), warnings: notCheckedOut(workspace) }
  const full = path.resolve(workspace, shown)
  if (!(given && path.isAbsolute(given))) await confine(full, shown, workspace, "the 'config' input")
  let size: number
  try {
    const info = await stat(full)
    if (!info.isFile()) throw new UsageError(`${shown}: the policy file is not a regular file.`)
    size = info.size
  } catch (error) {
    if (error instanceof UsageError) throw error
    if (isNotFound(error))
      throw new UsageError(`${shown}: policy file not found (looked in ${full}); check the 'config' input.`)
    throw new UsageError(`${shown}: cannot read the policy file: ${messageOf(error)}`)
  }
  if (size > MAX_POLICY_BYTES) throw tooLarge(shown, size)
  let bytes: Buffer
  try {
    bytes = await readFile(full)
  } catch (error) {
    throw new UsageError(`${shown}: cannot read the policy file: ${messageOf(error)}`)
  }
  const { parsePolicy } = await import('./parse.js')
  const policy = parsePolicy(bytes.toString('utf8'), shown)
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  return { policy: { ...policy, blobSha: gitBlobSha(bytes), digest }, warnings: [] }
}

/** What `git hash-object` prints for these bytes: SHA-1 of `blob <length>\0` followed by the content. */
export function gitBlobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

/** The default file under either extension; both present is ambiguous. */
async function defaultFile(workspace: string): Promise<string | undefined> {
  const found: string[] = []
  for (const candidate of [DEFAULT_POLICY_PATH, DEFAULT_POLICY_PATH_YAML]) {
    const exists = await stat(path.resolve(workspace, candidate)).then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error)) return false
        throw new UsageError(`${candidate}: cannot read the policy file: ${messageOf(error)}`)
      },
    )
    if (exists) found.push(candidate)
  }
  if (found.length > 1) {
    throw new UsageError(
      `Both ${found.join(' and ')} exist; keep one, or name the one to use in the 'config' input.`,
    )
  }
  return found[0]
}

/** No policy file and no checkout: the built-in rules apply, most likely because the job did not check out. */
function notCheckedOut(workspace: string): string[] {
  if (existsSync(path.join(workspace, '.git'))) return []
  return [
    `No ${DEFAULT_POLICY_PATH} (or .yaml) in ${workspace}, and it is not a git checkout: the built-in rings apply ` +
      '(no soak, scans not required). Add `actions/checkout` before this step if the repository has a policy file.',
  ]
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
