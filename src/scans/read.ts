// The `scan-reports` input: workspace-relative paths or globs (absolute paths are used as is).
// A line starting with `!` excludes matches of the other patterns. Each other pattern must match a file.
// A file a relative pattern matches must stay inside the workspace once symlinks are followed; a report
// elsewhere is read only when its pattern is absolute.
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import * as glob from '@actions/glob'
import { messageOf, UsageError } from '../core/errors.js'
import { parseReport } from './parsers/index.js'
import { confine } from '../policy/workspace-path.js'
import type { ParsedReport } from '../core/evidence.js'

export const MAX_REPORT_BYTES = 50 * 1024 * 1024
export const MAX_REPORT_FILES = 200

/** Find, read and parse every report the patterns name, in a stable order (by path), each file once. */
export async function readReports(patterns: string[], workspace: string): Promise<ParsedReport[]> {
  const root = path.resolve(workspace)
  const lines = patterns.map((p) => p.trim()).filter(Boolean)
  const excludes = lines.filter((p) => p.startsWith('!')).map((p) => `!${absolute(root, p.slice(1).trim())}`)
  const files = new Set<string>()
  for (const pattern of lines.filter((p) => !p.startsWith('!'))) {
    const globber = await glob.create([absolute(root, pattern), ...excludes].join('\n'), {
      matchDirectories: false,
      implicitDescendants: false,
    })
    const matched = await globber.glob()
    if (matched.length === 0) {
      throw new UsageError(`Input 'scan-reports': ${JSON.stringify(pattern)} matches no file in ${root}.`)
    }
    for (const file of matched) {
      if (!path.isAbsolute(pattern)) await confine(file, display(file, root), root, "Input 'scan-reports'")
      files.add(file)
    }
  }
  if (files.size > MAX_REPORT_FILES) {
    throw new UsageError(
      `Input 'scan-reports' matches ${files.size} files; at most ${MAX_REPORT_FILES} are read.`,
    )
  }
  const reports: ParsedReport[] = []
  for (const file of [...files].sort()) reports.push(await readReport(file, root))
  return reports
}

/** Read and parse one report file; `path` in the result (and in errors) is workspace-relative when inside it. */
export async function readReport(file: string, workspace: string): Promise<ParsedReport> {
  const shown = display(file, workspace)
  let text: string
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new UsageError(`${shown}: the scan report is not a regular file.`)
    if (info.size > MAX_REPORT_BYTES) {
      throw new UsageError(
        `${shown}: the scan report is ${info.size} bytes; at most ${MAX_REPORT_BYTES} are read.`,
      )
    }
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`${shown}: cannot read the scan report: ${messageOf(error)}`)
  }
  return parseReport(text, shown)
}

function absolute(root: string, pattern: string): string {
  return path.isAbsolute(pattern) ? pattern : path.join(root, pattern)
}

function display(file: string, root: string): string {
  const relative = path.relative(path.resolve(root), file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative.split(path.sep).join('/')
    : file
}
