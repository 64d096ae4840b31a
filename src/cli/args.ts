// The command line, read into the same named inputs the action gets from action.yml: `--ring prod` is the
// `ring` input. Pure (no I/O), so the CLI validates exactly as the action does, through action/settings.ts.
import { UsageError } from '../core/errors.js'
import { Input, type InputName } from '../action/names.js'

/** Inputs that only mean something inside GitHub Actions, and the deprecated alias of azure-environment. */
const GITHUB_ONLY: readonly string[] = [Input.GithubToken, Input.CommentOnPr, Input.Environment]
/** Inputs that take true/false: a bare `--dry-run` means true. */
const BOOLEAN: readonly string[] = [Input.DryRun, Input.DefenderForCloud]
/** Inputs that are lists in action.yml (one entry per line): the flag may be repeated. */
const REPEATABLE: readonly string[] = [Input.ScanReports, Input.AllowVulnerabilities]

export const FLAG_INPUTS: readonly InputName[] = Object.values(Input).filter(
  (name) => !GITHUB_ONLY.includes(name),
)

export interface CommandLine {
  /** Input name → value as the action would read it (lists joined by newlines). */
  inputs: Map<string, string>
  /** Outputs as JSON on stdout; the summary then goes to --summary-file or stderr. */
  json: boolean
  summaryFile: string
  help: boolean
}

/** Reads `--name value`, `--name=value` and bare boolean flags; every error names the flag. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const line: CommandLine = { inputs: new Map(), json: false, summaryFile: '', help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h' || arg === '--help') {
      line.help = true
      continue
    }
    const match = /^--([a-z][a-z-]*)(?:=([\s\S]*))?$/.exec(arg)
    if (!match) {
      throw new UsageError(
        `Unexpected argument ${JSON.stringify(arg)}: every value follows a flag named after an input, ` +
          'e.g. --ring prod (see --help).',
      )
    }
    const name = match[1]!
    let value = match[2]
    if (name === 'json') {
      line.json = readSwitch(name, value)
      continue
    }
    if (BOOLEAN.includes(name) && value === undefined) value = 'true'
    if (value === undefined) {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`Flag --${name} needs a value, e.g. --${name} <value> or --${name}=<value>.`)
      }
      value = next
      i++
    }
    if (name === 'summary-file') {
      line.summaryFile = value
      continue
    }
    addInput(line.inputs, name, value)
  }
  return line
}

function addInput(inputs: Map<string, string>, name: string, value: string): void {
  if (GITHUB_ONLY.includes(name)) {
    throw new UsageError(
      name === Input.Environment
        ? `Flag --${name} is the deprecated alias of --${Input.AzureEnvironment}: use --${Input.AzureEnvironment}.`
        : `Flag --${name} is a GitHub Actions input (pull-request comments) and has no meaning on the command line.`,
    )
  }
  if (!(FLAG_INPUTS as readonly string[]).includes(name)) {
    throw new UsageError(
      `Unknown flag --${name}: see --help for the flags (named after the action's inputs).`,
    )
  }
  const earlier = inputs.get(name)
  if (earlier !== undefined && !REPEATABLE.includes(name)) {
    throw new UsageError(
      `Flag --${name} was given twice (${JSON.stringify(earlier)} and ${JSON.stringify(value)}).`,
    )
  }
  // The action trims every input (core.getInput); so does the command line.
  inputs.set(name, earlier === undefined ? value.trim() : `${earlier}\n${value.trim()}`)
}

function readSwitch(name: string, value: string | undefined): boolean {
  if (value === undefined || value === 'true') return true
  if (value === 'false') return false
  throw new UsageError(
    `Flag --${name} has an invalid value ${JSON.stringify(value)}: expected no value, 'true' or 'false'.`,
  )
}

export const USAGE = `Usage: azure-image-promote --ring <ring> <target> [options]

Promotes an Azure Compute Gallery image version or a container image through release rings, with the
same validation, gates and records as the GitHub Action. Flags are the action's inputs (README, "Inputs").

Target (one of):
  --subscription-id <guid> --resource-group <name> --gallery <name> --image-definition <name>
  --registry <login server> --repository <path> [--target-registry <login server>]

Run:
  --ring <ring>            the ring to promote into (optional with --operation retire)
  --version <v>            gallery: 1.4.2 or a range (1.4.x); registry: a tag or sha256: digest
  --operation <op>         promote (default), rollback or retire
  --dry-run                plan and report, change nothing
  --config <file>          ring policy (default .github/image-promotion.yml, relative to the working directory)
  --scan-reports <glob>    repeatable; also --fail-on-severity, --allow-vulnerabilities, --defender-for-cloud
  --timeout <minutes>      bound on the whole run (default 30)

Azure sign-in:
  --auth auto              (default) the Azure CLI session (az login; AzureCLI@2 in Azure Pipelines), else
                           AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH
  --auth managed-identity  the machine's managed identity; --client-id <guid> picks a user-assigned one
  --azure-environment, --authority-host, --arm-endpoint   other clouds

Output:
  --json                   print the outputs as one JSON object on stdout (the summary goes to stderr)
  --summary-file <file>    write the Markdown summary to this file instead
  --help

Exit status: 0 promoted, already in the ring, or nothing to do; 1 a gate blocked it; 2 bad input or an error.
Set AZURE_IMAGE_PROMOTE_DEBUG=1 to print the stack trace of an unexpected error.
`
