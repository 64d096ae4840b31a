// Files the inputs name (the policy file, scan reports) are read from the workspace: a relative path may not
// leave it, through `..` or a symlink. A file elsewhere is read only when the input gives its absolute path, so
// a repository cannot make the action read (and quote) a file of the runner by committing a symlink.
import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { messageOf, UsageError } from '../core/errors.js'

/**
 * A relative path must stay inside the workspace after following symlinks (realpath of the deepest part that
 * exists, so a missing file still gets its "not found" error). The error names the path, never the content.
 */
export async function confine(full: string, shown: string, workspace: string, input: string): Promise<void> {
  const root = await realpath(path.resolve(workspace)).catch(() => path.resolve(workspace))
  let real: string
  try {
    real = await realpath(full)
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT')
      throw new UsageError(`${shown}: cannot resolve the path: ${messageOf(error)}`)
    real = path.join(await realpath(path.dirname(full)).catch(() => path.dirname(full)), path.basename(full))
  }
  const relative = path.relative(root, real)
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new UsageError(
      `${shown}: resolves to ${real}, outside the workspace ${root}; ${input} takes an absolute path to read a file outside it.`,
    )
  }
}
