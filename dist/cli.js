#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { U as UsageError, m as messageOf } from './chunks/errors.js';
import { t as targetDisplay, b as blocking } from './chunks/targets.js';
import { I as Input, r as runPromotion, a as actionOutputs, b as renderSummary, O as Output, c as readSettings } from './chunks/summary.js';
import { D as DEFAULT_POLICY_SOURCE } from './chunks/defaults.js';
import './chunks/scan.js';
import './chunks/order.js';
import './chunks/policy.js';
import './chunks/_commonjsHelpers.js';
import './chunks/reference.js';

// The command line, read into the same named inputs the action gets from action.yml: `--ring prod` is the
// `ring` input. Pure (no I/O), so the CLI validates exactly as the action does, through action/settings.ts.
/** Inputs that only mean something inside GitHub Actions, and the deprecated alias of azure-environment. */
const GITHUB_ONLY = [Input.GithubToken, Input.CommentOnPr, Input.Environment];
/** Inputs that take true/false: a bare `--dry-run` means true. */
const BOOLEAN = [Input.DryRun, Input.DefenderForCloud];
/** Inputs that are lists in action.yml (one entry per line): the flag may be repeated. */
const REPEATABLE = [Input.ScanReports, Input.AllowVulnerabilities];
const FLAG_INPUTS = Object.values(Input).filter((name) => !GITHUB_ONLY.includes(name));
/** Reads `--name value`, `--name=value` and bare boolean flags; every error names the flag. */
function parseCommandLine(argv) {
    const line = { inputs: new Map(), json: false, summaryFile: '', help: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '-h' || arg === '--help') {
            line.help = true;
            continue;
        }
        const match = /^--([a-z][a-z-]*)(?:=([\s\S]*))?$/.exec(arg);
        if (!match) {
            throw new UsageError(`Unexpected argument ${JSON.stringify(arg)}: every value follows a flag named after an input, ` +
                'e.g. --ring prod (see --help).');
        }
        const name = match[1];
        let value = match[2];
        if (name === 'json') {
            line.json = readSwitch(name, value);
            continue;
        }
        if (BOOLEAN.includes(name) && value === undefined)
            value = 'true';
        if (value === undefined) {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith('--')) {
                throw new UsageError(`Flag --${name} needs a value, e.g. --${name} <value> or --${name}=<value>.`);
            }
            value = next;
            i++;
        }
        if (name === 'summary-file') {
            line.summaryFile = value;
            continue;
        }
        addInput(line.inputs, name, value);
    }
    return line;
}
function addInput(inputs, name, value) {
    if (GITHUB_ONLY.includes(name)) {
        throw new UsageError(name === Input.Environment
            ? `Flag --${name} is the deprecated alias of --${Input.AzureEnvironment}: use --${Input.AzureEnvironment}.`
            : `Flag --${name} is a GitHub Actions input (pull-request comments) and has no meaning on the command line.`);
    }
    if (!FLAG_INPUTS.includes(name)) {
        throw new UsageError(`Unknown flag --${name}: see --help for the flags (named after the action's inputs).`);
    }
    const earlier = inputs.get(name);
    if (earlier !== undefined && !REPEATABLE.includes(name)) {
        throw new UsageError(`Flag --${name} was given twice (${JSON.stringify(earlier)} and ${JSON.stringify(value)}).`);
    }
    // The action trims every input (core.getInput); so does the command line.
    inputs.set(name, earlier === undefined ? value.trim() : `${earlier}\n${value.trim()}`);
}
function readSwitch(name, value) {
    if (value === undefined || value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw new UsageError(`Flag --${name} has an invalid value ${JSON.stringify(value)}: expected no value, 'true' or 'false'.`);
}
const USAGE = `Usage: azure-image-promote --ring <ring> <target> [options]

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
`;

/** The record of one CLI run; pure over `env` so each CI system's variables are tested as they are set. */
function cliRecord(env, at = new Date()) {
    const where = azurePipelines(env) ??
        gitlab(env) ?? { actor: env.USER ?? env.USERNAME ?? '', runUrl: '', sha: '' };
    return { at, ...where, approvedBy: [] };
}
/** Predefined variables of Azure Pipelines (TF_BUILD=True on every agent). */
function azurePipelines(env) {
    if (env.TF_BUILD?.toLowerCase() !== 'true')
        return undefined;
    const collection = env.SYSTEM_COLLECTIONURI ?? '';
    const project = env.SYSTEM_TEAMPROJECT ?? '';
    const build = env.BUILD_BUILDID ?? '';
    const runUrl = collection && project && build
        ? `${collection.replace(/\/?$/, '/')}${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(build)}`
        : '';
    return {
        actor: env.BUILD_REQUESTEDFOREMAIL || env.BUILD_REQUESTEDFOR || '',
        runUrl,
        sha: env.BUILD_SOURCEVERSION ?? '',
    };
}
/** Predefined variables of GitLab CI (GITLAB_CI=true in every job). */
function gitlab(env) {
    if (env.GITLAB_CI !== 'true')
        return undefined;
    return {
        actor: env.GITLAB_USER_LOGIN ?? '',
        runUrl: env.CI_PIPELINE_URL ?? '',
        sha: env.CI_COMMIT_SHA ?? '',
    };
}

// What the CLI prints passes through here. Values in it come from Azure, registries and files (untrusted), and
// the CI systems the CLI runs in read commands out of the log: Azure Pipelines acts on `##vso[…]` and `##[…]`
// anywhere in a line, GitHub Actions on `::command::` at the start of one. A value must never become one.
const ZERO_WIDTH_SPACE = '\u200b';
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Plain text (log lines, the Markdown summary): no control characters, no CI logging command. */
function safeText(text) {
    return text
        .replace(/\r\n?/g, '\n')
        .replace(CONTROL, '')
        .replace(/##(vso)?\[/gi, (found) => `#${ZERO_WIDTH_SPACE}${found.slice(1)}`)
        .replace(/^(\s*)::/gm, `$1:${ZERO_WIDTH_SPACE}:`);
}
/** JSON for stdout: the same value when parsed, but `[` after `##` written as `\u005b` so no agent reads a command. */
function safeJson(value) {
    return JSON.stringify(value, null, 2).replace(/##(vso)?\[/gi, (found) => `${found.slice(0, -1)}\\u005b`);
}

// The command-line edge: the same settings validation, engine and report as the action, for Azure Pipelines,
// GitLab CI and terminals. No GitHub I/O: the summary goes to stdout or a file, outputs to stdout as JSON, and the
// exit status says what happened (EXIT below).
/** 0: promoted, already in the ring, planned or nothing to retire; 1: a gate blocked it; 2: bad input or an error. */
const EXIT = { ok: 0, blocked: 1, error: 2 };
async function runCli(argv, io) {
    let line;
    try {
        line = parseCommandLine(argv);
    }
    catch (error) {
        io.stderr(`error: ${safeText(messageOf(error))}\n`);
        return EXIT.error;
    }
    if (line.help) {
        io.stdout(USAGE);
        return EXIT.ok;
    }
    const log = (message) => io.stderr(`${safeText(message)}\n`);
    const record = cliRecord(io.env);
    const { result, settings, prepared } = await runPromotion({
        read: () => readSettings((name) => line.inputs.get(name) ?? ''),
        workspace: io.cwd,
        record,
        // Progress lines only: a terminal has no collapsible groups. Stack traces only when asked for.
        log: {
            info: log,
            debug: io.env.AZURE_IMAGE_PROMOTE_DEBUG ? log : () => { },
            group: (_title, fn) => fn(),
        },
    });
    const policySource = prepared?.policy.source;
    const outputs = actionOutputs(result, settings);
    const summary = renderSummary(result, {
        request: settings
            ? {
                target: targetDisplay(settings.target),
                ring: settings.ring,
                operation: settings.operation,
                ...(settings.version.kind === 'none' ? {} : { version: settings.version.value }),
            }
            : {},
        outputs: Object.fromEntries(Object.entries(outputs).filter(([name]) => name !== Output.Result)),
        warnings: settings?.deprecations ?? [],
        durationMs: Date.now() - record.at.getTime(),
        ...(record.runUrl ? { runUrl: record.runUrl } : {}),
        // A path as given: outside GitHub there is no blob URL to link it to.
        ...(policySource
            ? { policy: policySource === DEFAULT_POLICY_SOURCE ? 'built-in' : { path: policySource } }
            : {}),
    });
    for (const gate of result.plan?.gates ?? []) {
        if (gate.status === 'fail')
            log(`Gate failed: ${gate.title}: ${gate.details}`);
        if (gate.status === 'warn')
            log(`Warning: ${gate.title}: ${gate.details}`);
    }
    if (result.error !== undefined)
        log(`error: ${result.error}`);
    // Bad input stops before any work: the error line says it all, unless a summary file was asked for.
    if (settings || line.summaryFile)
        await writeSummary(line, io, summary);
    if (line.json)
        io.stdout(`${safeJson(decoded(outputs))}\n`);
    return exitCode(result);
}
/** The summary to --summary-file, else to stdout, or to stderr when stdout carries the JSON. */
async function writeSummary(line, io, summary) {
    const text = safeText(summary.endsWith('\n') ? summary : `${summary}\n`);
    if (!line.summaryFile) {
        (line.json ? io.stderr : io.stdout)(text);
        return;
    }
    try {
        await writeFile(resolve(io.cwd, line.summaryFile), text);
    }
    catch (error) {
        // The promotion already happened: its exit status matters more to the pipeline than the summary file.
        io.stderr(`warning: could not write --summary-file ${safeText(line.summaryFile)}: ${safeText(messageOf(error))}\n`);
    }
}
/** The action's output values, with the JSON-valued ones (regions, tags, retired, result) as JSON, not strings. */
function decoded(outputs) {
    const json = [Output.Regions, Output.Tags, Output.Retired, Output.Result];
    return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, json.includes(name) ? JSON.parse(value) : value]));
}
function exitCode(result) {
    if (result.verdict === 'failed')
        return EXIT.error;
    if (result.verdict === 'blocked' || blocking(result.plan?.gates ?? []).length > 0)
        return EXIT.blocked;
    return EXIT.ok;
}

// Entry of the `azure-image-promote` command (bundled to dist/cli.js, with a #! line added by rollup).
process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
});
