// The one way the action writes to the job log. Messages carry values the action does not control (registry
// manifests, ARM bodies, scan reports, policy files, service error messages), and the runner treats any log line
// that starts with `::` (after leading blanks) as a workflow command, and `##[` anywhere in a line as the legacy
// form. A value with a line break followed by `::add-mask::…`, `::stop-commands::…` or `::warning::…` would
// otherwise become a command in the promotion job. So every line of every message is made inert here, and
// main.ts never calls `core.info`/`warning`/`error`/`notice`/`debug`/`setFailed` directly.
//
// Line breaks: the runner splits its output on `\n`, `\r\n` and a lone `\r`, so all three start a new line.
// Percent encodings (`%0A`, `%0D`): the runner decodes them only inside a command's data, and the toolkit
// escapes `%` in every command it writes, so an encoded break in a value stays literal text; nothing to do.
import * as core from '@actions/core'

const LINE_BREAK = /\r\n|\r|\n/
/** A line the runner would parse as a `::command::` (leading blanks are trimmed before it looks). */
const COMMAND_START = /^(\s*)::/
/** The legacy `##[command]` form is found anywhere in a line. */
const LEGACY_COMMAND = /##\[/g

/** `text` with every line unable to start a workflow command; line breaks are kept as line breaks. */
export function inert(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => line.replace(COMMAND_START, '$1: :').replace(LEGACY_COMMAND, '# #['))
    .join('\n')
}

type Annotation = core.AnnotationProperties

function inertProperties(properties: Annotation | undefined): Annotation | undefined {
  if (!properties?.title) return properties
  return { ...properties, title: inert(properties.title) }
}

export const log = {
  info: (message: string): void => core.info(inert(message)),
  debug: (message: string): void => core.debug(inert(message)),
  notice: (message: string, properties?: Annotation): void =>
    core.notice(inert(message), inertProperties(properties)),
  warning: (message: string, properties?: Annotation): void =>
    core.warning(inert(message), inertProperties(properties)),
  error: (message: string, properties?: Annotation): void =>
    core.error(inert(message), inertProperties(properties)),
  setFailed: (message: string): void => core.setFailed(inert(message)),
  group: <T>(name: string, fn: () => Promise<T>): Promise<T> => core.group(inert(name), fn),
}
