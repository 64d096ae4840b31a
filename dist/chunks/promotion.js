import { b as blocking, D as DEFAULT_POLICY_PATH, c as DEFAULT_POLICY_PATH_YAML, V as VULNERABILITY_ID, d as DATE, i as isCalendarDate, r as resolveCloud, C as CLOUD_INPUTS, t as targetDisplay, S as SILENT_LOG, P as Phases, e as createTarget, p as policyOrigin, s as scanSubjectOf } from './targets.js';
import { accessSync, constants, existsSync } from 'node:fs';
import path, { delimiter, join } from 'node:path';
import { j as getIDToken, c as setSecret } from './core.js';
import { U as UsageError, m as messageOf, i as inputError } from './errors.js';
import { createHash } from 'node:crypto';
import { realpath, stat, readFile } from 'node:fs/promises';
import { d as defaultPolicy, M as MAX_POLICY_BYTES, t as tooLarge } from './defaults.js';
import { b as byCodeUnit } from './order.js';

/**
 * Picks the credential without touching the network, in the order the README documents:
 * OIDC federation (client-id + tenant-id), then the Azure CLI session of azure/login, then AZURE_* variables.
 * Managed identity only when asked for (auth: managed-identity): on a GitHub-hosted runner IMDS does not exist and
 * probing it only costs time.
 */
function createCredential(auth, cloud, env = process.env) {
    // With a custom authority MSAL would otherwise call login.microsoftonline.com to validate it.
    const authority = { authorityHost: cloud.authorityHost, disableInstanceDiscovery: cloud.customAuthority };
    if (auth.auth === 'managed-identity')
        return { credential: managedIdentity(auth.clientId), kind: 'managed-identity' };
    if (auth.clientId && auth.tenantId) {
        if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
            throw new UsageError("Inputs 'client-id' and 'tenant-id' ask for OIDC federation, but this job cannot request a GitHub OIDC token: " +
                'add `permissions: id-token: write` to the job.');
        }
        // The callback runs on every token refresh, so long promotions keep a fresh assertion.
        const assertion = reusedUntilExpiry(githubAssertion);
        const credential = loadedOnUse((identity) => new identity.ClientAssertionCredential(auth.tenantId, auth.clientId, assertion, authority), 
        // The GitHub token is needed first: ask for it before compiling MSAL, so its round trip overlaps that.
        () => void assertion().catch(() => undefined));
        return { credential, kind: 'oidc' };
    }
    const cli = onPath('az', env);
    const secret = Boolean(env.AZURE_TENANT_ID &&
        env.AZURE_CLIENT_ID &&
        (env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH));
    if (!cli && !secret) {
        throw new UsageError('No Azure credential found. Use one of: (1) OIDC federation — set inputs client-id and tenant-id and give the job ' +
            '`permissions: id-token: write`; (2) run azure/login earlier in the job so the Azure CLI session is used; ' +
            '(3) set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH).');
    }
    const credential = loadedOnUse((identity) => {
        const chain = [];
        if (cli)
            chain.push(new identity.AzureCliCredential({ tenantId: auth.tenantId || undefined }));
        if (secret)
            chain.push(new identity.EnvironmentCredential(authority));
        return chain.length === 1 ? chain[0] : new identity.ChainedTokenCredential(...chain);
    });
    return { credential, kind: cli ? 'azure-cli' : 'environment' };
}
/**
 * The managed identity of the machine (an Azure VM or scale set running a self-hosted runner or agent): the
 * system-assigned one, or the user-assigned one whose client ID is given. Asked for only when the user says so,
 * since probing IMDS where it does not exist costs seconds. @azure/identity reaches IMDS at 169.254.169.254, or at
 * AZURE_POD_IDENTITY_AUTHORITY_HOST when set (which is how the tests point it at the emulator).
 */
function managedIdentity(clientId) {
    return loadedOnUse((identity) => clientId
        ? new identity.ManagedIdentityCredential({ clientId })
        : new identity.ManagedIdentityCredential());
}
/**
 * A credential whose SDK is loaded when the first token is asked for: @azure/identity with MSAL is a large part
 * of the bundle, and runs that stop on bad input, or promote in a registry that needs no token, never compile it.
 * `beforeLoad` runs once, first: network work the credential will need anyway can start while it compiles.
 * Concurrent requests for the same token share one (MSAL does not): an early request made to overlap start-up
 * (see promotion.ts) and the SDK's own request cost one token exchange, not two.
 */
function loadedOnUse(make, beforeLoad) {
    let loaded;
    const inFlight = new Map();
    const load = () => {
        if (!loaded) {
            beforeLoad?.();
            loaded = import('./esm.js').then(make);
        }
        return loaded;
    };
    return {
        getToken(scopes, options) {
            const key = JSON.stringify([[scopes].flat(), options?.enableCae, options?.tenantId, options?.claims]);
            let token = inFlight.get(key);
            if (!token) {
                token = load()
                    .then((credential) => credential.getToken(scopes, options))
                    .finally(() => inFlight.delete(key));
                inFlight.set(key, token);
            }
            return token;
        },
    };
}
/** Stop reusing the GitHub ID token this long before its `exp`: Entra must still accept it when it arrives. */
const EXPIRY_MARGIN_MS = 60_000;
/** Reuse of a token whose `exp` cannot be read: long enough for one token exchange, short enough to be safe. */
const UNKNOWN_EXPIRY_MS = 30_000;
/**
 * The assertion callback, fetching the GitHub ID token once and reusing it until shortly before it expires.
 * ClientAssertionCredential calls the callback twice for one Entra token (before and after MSAL reads the
 * authority metadata); without this every Entra token costs two GitHub round trips. Concurrent calls share one
 * request; a failed request is not remembered, so the next call tries again. One cache per credential.
 */
function reusedUntilExpiry(fetchToken, now = Date.now) {
    let cached;
    let pending;
    return () => {
        if (cached && now() < cached.until)
            return Promise.resolve(cached.token);
        pending ??= fetchToken()
            .then((token) => {
            cached = { token, until: reuseUntil(token, now()) };
            return token;
        })
            .finally(() => {
            pending = undefined;
        });
        return pending;
    };
}
/** Until when a token may be reused, from its `exp` claim (read, not verified: Entra verifies it). */
function reuseUntil(token, now) {
    const exp = expiryOf(token);
    if (exp === undefined)
        return now + UNKNOWN_EXPIRY_MS;
    return Math.max(now, exp * 1000 - EXPIRY_MARGIN_MS);
}
function expiryOf(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return undefined;
    try {
        const exp = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).exp;
        return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
    }
    catch {
        return undefined;
    }
}
/** Attempts at the GitHub OIDC token: @actions/core retries only 502/503/504, not 429, 500 or a reset. */
const ASSERTION_ATTEMPTS = 3;
async function githubAssertion() {
    let reason = '';
    for (let attempt = 1; attempt <= ASSERTION_ATTEMPTS; attempt++) {
        try {
            const token = await getIDToken('api://AzureADTokenExchange');
            setSecret(token);
            return token;
        }
        catch (error) {
            // @actions/core's message spans several lines (status code, body); reports keep only the first line.
            reason = messageOf(error).replace(/\s+/g, ' ').trim();
            // A missing permission does not get better with time.
            if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || attempt === ASSERTION_ATTEMPTS)
                break;
            await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
        }
    }
    throw new Error(`Getting the GitHub OIDC token failed after ${ASSERTION_ATTEMPTS} attempts (${reason}); the job needs \`permissions: id-token: write\`.`);
}
function onPath(command, env) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
        if (!dir)
            continue;
        try {
            accessSync(join(dir, command), constants.X_OK);
            return true;
        }
        catch {
            // not in this directory
        }
    }
    return false;
}

/**
 * SDK retries (@azure/core-rest-pipeline): 429/503 honour `Retry-After`; 408, 5xx (not 501/505) and network
 * errors back off exponentially with jitter. Bounded: at most 4 retries per request, at most 30 s between two
 * tries, and never past the deadline (the retry delay listens to the same abort signal).
 */
const RETRY_OPTIONS = {
    maxRetries: 4,
    retryDelayInMs: 1_000,
    maxRetryDelayInMs: 30_000,
};
/** Raised when the run's deadline passed during a step. The message names the step and the limit. */
class TimedOutError extends Error {
    step;
    limit;
    name = 'TimedOutError';
    code = 'Timeout';
    constructor(step, limit) {
        super(`Timed out after ${limit} while ${lowerFirst(step)}`);
        this.step = step;
        this.limit = limit;
    }
}
class Deadline {
    ms;
    signal;
    #controller = new AbortController();
    #timer;
    constructor(ms) {
        this.ms = ms;
        this.signal = this.#controller.signal;
        this.#timer = setTimeout(() => this.#controller.abort(new Error(`timed out after ${this.limit}`)), ms);
        // Never keep the process alive just for the timer.
        this.#timer.unref();
    }
    get expired() {
        return this.signal.aborted;
    }
    /** `30 minutes`, `1 minute`; test deadlines below a minute read `2 seconds`. */
    get limit() {
        if (this.ms >= 60_000 && this.ms % 60_000 === 0) {
            const minutes = this.ms / 60_000;
            return `${minutes} minute${minutes === 1 ? '' : 's'}`;
        }
        const seconds = Math.round(this.ms / 100) / 10;
        return `${seconds} second${seconds === 1 ? '' : 's'}`;
    }
    /** The timeout error for a step, when the deadline has passed; undefined otherwise. */
    timedOut(step) {
        return this.expired ? new TimedOutError(step, this.limit) : undefined;
    }
    dispose() {
        clearTimeout(this.#timer);
    }
    /**
     * The credential, bounded by the deadline: MSAL and the GitHub OIDC client do not stop on the SDK's abort
     * signal, so a hung token endpoint would otherwise outlive the timeout.
     */
    bind(credential) {
        const signal = this.signal;
        return {
            getToken: (scopes, options) => {
                if (signal.aborted)
                    return Promise.reject(abortError());
                return new Promise((resolve, reject) => {
                    const onAbort = () => reject(abortError());
                    signal.addEventListener('abort', onAbort, { once: true });
                    credential.getToken(scopes, { ...options, abortSignal: options?.abortSignal ?? signal }).then((token) => {
                        signal.removeEventListener('abort', onAbort);
                        resolve(token);
                    }, (error) => {
                        signal.removeEventListener('abort', onAbort);
                        reject(error instanceof Error ? error : new Error(String(error)));
                    });
                });
            },
        };
    }
}
function abortError() {
    const error = new Error('The operation was aborted while getting an Azure token.');
    error.name = 'AbortError';
    return error;
}
function lowerFirst(step) {
    return step.length > 1 && /^[A-Z][a-z]/.test(step) ? step[0].toLowerCase() + step.slice(1) : step;
}

/** The result of a run that stops before any write (gates failed, dry run, nothing to do); undefined: go on. */
function decide(plan, dryRun) {
    const base = { dryRun, plan, verification: [] };
    if (blocking(plan.gates).length > 0)
        return { ...base, verdict: 'blocked', outcomes: notAttempted(plan) };
    if (dryRun)
        return { ...base, verdict: 'planned', outcomes: notAttempted(plan) };
    if (plan.changes.length === 0)
        return { ...base, verdict: 'unchanged', outcomes: [] };
    return undefined;
}
/** Applies the plan's changes group by group; a failed group ends the run with a `failed` result. */
async function applyPlan(target, plan, log) {
    const outcomes = notAttempted(plan);
    const base = { dryRun: false, plan, outcomes, verification: [] };
    for (const group of groups(outcomes)) {
        const errors = await applyGroup(target, group, log);
        if (errors.length > 0)
            return { ...base, verdict: 'failed', error: errors.join('; ') };
    }
    return { ...base, verdict: 'promoted' };
}
/** Reads back every intended state once every write is done. */
async function verifyPlan(target, plan, outcomes) {
    const base = { dryRun: false, plan, outcomes, verification: [] };
    // Every write is done: a failing read-back must not lose the record of what was written.
    let verification;
    try {
        verification = await target.verify(plan);
    }
    catch (error) {
        const message = `Read-back verification failed: ${messageOf(error)} (all ${outcomes.length} write(s) were applied)`;
        return { ...base, verdict: 'failed', error: message };
    }
    const failedChecks = blocking(verification);
    if (failedChecks.length > 0) {
        const error = `Read-back verification failed: ${failedChecks.map((g) => g.details).join('; ')}`;
        return { ...base, verdict: 'failed', verification, error };
    }
    return { ...base, verdict: 'promoted', verification };
}
/** Candidates tried before giving up: each costs a read, and a gate that blocks one usually blocks them all. */
const MAX_CANDIDATES = 10;
/**
 * The plan to run, its outside gates added: the observed subject's, or, when gates block it and the target chose
 * it among candidates (a range), the plan of the highest candidate that passes every gate. With none eligible,
 * the highest candidate's plan (blocked), listing why each candidate was skipped. `scan` belongs to the plan
 * returned.
 */
async function eligiblePlan(target, observed, planned, ctx, outside) {
    const skipped = [];
    let state = observed;
    let first;
    while (state !== undefined) {
        const plan = first ? target.plan(state, ctx) : planned;
        const found = await outside(plan);
        plan.gates.push(...found.gates);
        const judged = { plan, ...(found.scan ? { scan: found.scan } : {}) };
        first ??= judged;
        const failed = blocking(plan.gates);
        if (failed.length === 0) {
            return skipped.length > 0 ? { ...judged, plan: withCandidates(plan, skipped, 'chosen') } : judged;
        }
        if (!target.fallback)
            return judged;
        skipped.push({
            version: plan.version,
            verdict: 'skipped',
            reasons: failed.map((g) => `${g.title}: ${g.details}`),
        });
        state = skipped.length < MAX_CANDIDATES ? await target.fallback(state) : undefined;
    }
    return skipped.length > 1 ? { ...first, plan: withCandidates(first.plan, skipped, 'none') } : first;
}
function withCandidates(plan, skipped, outcome) {
    const candidates = [...skipped];
    if (outcome === 'chosen')
        candidates.push({ version: plan.version, verdict: 'chosen', reasons: [] });
    const notes = skipped.map((c) => `skipped ${c.version}: ${c.reasons.join('; ')}`);
    const head = outcome === 'chosen'
        ? `${plan.version} is the highest eligible version; higher versions skipped:`
        : `no candidate passes every gate (${skipped.length} tried, highest first):`;
    return {
        ...plan,
        candidates: mergeCandidates(plan.candidates, candidates),
        notes: [...plan.notes, head, ...notes],
    };
}
/** The target's own candidate list (untried lower ones included) updated with what the engine decided. */
function mergeCandidates(listed, decided) {
    const rest = (listed ?? []).filter((c) => !decided.some((d) => d.version === c.version));
    return [...decided, ...rest];
}
/** Consecutive outcomes whose changes share a `concurrent` key form one group; every other change is alone. */
function groups(outcomes) {
    const result = [];
    for (const outcome of outcomes) {
        const key = outcome.change.concurrent;
        const last = result.at(-1);
        if (key !== undefined && last?.[0]?.change.concurrent === key)
            last.push(outcome);
        else
            result.push([outcome]);
    }
    return result;
}
/**
 * Applies every change of a group at once and waits for all of them, so each outcome is exact. Returns one
 * message per failed change, in plan order (none = all applied).
 */
async function applyGroup(target, group, log) {
    for (const { change } of group)
        log(`Applying ${change.resource}: ${change.summary}`);
    const settled = await Promise.allSettled(group.map((o) => target.apply(o.change)));
    const errors = [];
    // One read-back at a time: a target's check may set up state for itself (a grace signal) while it runs.
    for (const [i, result] of settled.entries()) {
        const outcome = group[i];
        if (result.status === 'fulfilled') {
            outcome.status = 'applied';
            continue;
        }
        await recordFailure(target, outcome, result.reason);
        errors.push(`Applying ${outcome.change.resource} failed: ${outcome.error}`);
    }
    return errors;
}
/** The report must say exactly what changed: a write whose response was lost may still have landed. */
async function recordFailure(target, outcome, error) {
    let landed = await settle(target, outcome.change);
    // A request cut off by the deadline may still be in flight: not seeing it yet proves nothing.
    if (landed === 'not-applied' && isTimeout(error))
        landed = 'unknown';
    outcome.status = landed === 'applied' ? 'applied' : 'failed';
    outcome.error = messageOf(error) + (landed ? LANDED[landed] : '');
}
const LANDED = {
    applied: ' (a read-back shows the write took effect anyway)',
    'not-applied': ' (a read-back shows it was not written)',
    'in-progress': ' (Azure accepted the write and is still applying it; a re-run finishes or confirms it)',
    unknown: ' (the write may or may not take effect: it was cut off, or could not be read back; a re-run reconciles it)',
};
function isTimeout(error) {
    return error?.name === 'TimedOutError';
}
/** undefined when the target cannot check; `unknown` when the check itself failed. */
async function settle(target, change) {
    const checkable = target;
    if (typeof checkable.check !== 'function')
        return undefined;
    try {
        return await checkable.check(change);
    }
    catch {
        return 'unknown';
    }
}
function notAttempted(plan) {
    return plan.changes.map((change) => ({ change, status: 'not-attempted' }));
}

// Files the inputs name (the policy file, scan reports) are read from the workspace: a relative path may not
// leave it, through `..` or a symlink. A file elsewhere is read only when the input gives its absolute path, so
// a repository cannot make the action read (and quote) a file of the runner by committing a symlink.
/**
 * A relative path must stay inside the workspace after following symlinks (realpath of the deepest part that
 * exists, so a missing file still gets its "not found" error). The error names the path, never the content.
 */
async function confine(full, shown, workspace, input) {
    const root = await realpath(path.resolve(workspace)).catch(() => path.resolve(workspace));
    let real;
    try {
        real = await realpath(full);
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw new UsageError(`${shown}: cannot resolve the path: ${messageOf(error)}`);
        real = path.join(await realpath(path.dirname(full)).catch(() => path.dirname(full)), path.basename(full));
    }
    const relative = path.relative(root, real);
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
        throw new UsageError(`${shown}: resolves to ${real}, outside the workspace ${root}; ${input} takes an absolute path to read a file outside it.`);
    }
}

// Reads the policy file (or the built-in defaults) into a Policy. Parsing lives in parse.ts and is imported only
// when a policy file exists: YAML and the zod schema are a good part of the start-up time, and most runs that
// use the built-in rings never need them.
//
// The policy decides how much checking a promotion gets, so it must not fail open silently: the default file is
// looked for under both YAML extensions, a missing default file in a workspace that is not a checkout is warned
// about (the usual cause is a job without `actions/checkout`), and the policy carries its source (path + git blob
// SHA, or the built-in defaults) so every report shows which rules applied. A relative path may not leave the
// workspace, symlinks included; reading a file elsewhere takes an absolute path in the input.
/**
 * Load the policy. `file` is relative to the workspace (an absolute path is used as is); empty or undefined
 * means the default path (`.yml` or `.yaml`), where a missing file yields the built-in defaults. A missing file
 * at a path the user gave is a UsageError.
 */
async function loadPolicy(file, workspace) {
    const given = file?.trim() ? file.trim() : undefined;
    const shown = given ?? (await defaultFile(workspace));
    if (!shown)
        return { policy: defaultPolicy(), warnings: notCheckedOut(workspace) };
    const full = path.resolve(workspace, shown);
    if (!(given && path.isAbsolute(given)))
        await confine(full, shown, workspace, "the 'config' input");
    let size;
    try {
        const info = await stat(full);
        if (!info.isFile())
            throw new UsageError(`${shown}: the policy file is not a regular file.`);
        size = info.size;
    }
    catch (error) {
        if (error instanceof UsageError)
            throw error;
        if (isNotFound(error))
            throw new UsageError(`${shown}: policy file not found (looked in ${full}); check the 'config' input.`);
        throw new UsageError(`${shown}: cannot read the policy file: ${messageOf(error)}`);
    }
    if (size > MAX_POLICY_BYTES)
        throw tooLarge(shown, size);
    let bytes;
    try {
        bytes = await readFile(full);
    }
    catch (error) {
        throw new UsageError(`${shown}: cannot read the policy file: ${messageOf(error)}`);
    }
    const { parsePolicy } = await import('./parse.js');
    const policy = parsePolicy(bytes.toString('utf8'), shown);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    return { policy: { ...policy, blobSha: gitBlobSha(bytes), digest }, warnings: [] };
}
/** What `git hash-object` prints for these bytes: SHA-1 of `blob <length>\0` followed by the content. */
function gitBlobSha(bytes) {
    return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
/** The default file under either extension; both present is ambiguous. */
async function defaultFile(workspace) {
    const found = [];
    for (const candidate of [DEFAULT_POLICY_PATH, DEFAULT_POLICY_PATH_YAML]) {
        const exists = await stat(path.resolve(workspace, candidate)).then(() => true, (error) => {
            if (isNotFound(error))
                return false;
            throw new UsageError(`${candidate}: cannot read the policy file: ${messageOf(error)}`);
        });
        if (exists)
            found.push(candidate);
    }
    if (found.length > 1) {
        throw new UsageError(`Both ${found.join(' and ')} exist; keep one, or name the one to use in the 'config' input.`);
    }
    return found[0];
}
/** No policy file and no checkout: the built-in rules apply, most likely because the job did not check out. */
function notCheckedOut(workspace) {
    if (existsSync(path.join(workspace, '.git')))
        return [];
    return [
        `No ${DEFAULT_POLICY_PATH} (or .yaml) in ${workspace}, and it is not a git checkout: the built-in rings apply ` +
            '(no soak, scans not required). Add `actions/checkout` before this step if the repository has a policy file.',
    ];
}
/** The ring the `ring` input names; a UsageError lists the known rings otherwise. */
function ringByName(policy, name) {
    const wanted = name.trim().toLowerCase();
    const ring = policy.rings.find((r) => r.name === wanted);
    if (ring)
        return ring;
    const known = policy.rings.map((r) => r.name).join(', ');
    const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
    throw new UsageError(`Input 'ring' has an invalid value ${JSON.stringify(shown)}: expected one of the rings in ${policy.source}: ${known}.`);
}
// ---------------------------------------------------------------------------------------------------------
function isNotFound(error) {
    return typeof error === 'object' && error !== null && error.code === 'ENOENT';
}

// Durations in the policy file and inputs: a whole number followed by m (minutes), h (hours) or d (days).
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const DURATION_PATTERN = /^(\d{1,7})([mhd])$/;
/** The text every duration error uses after "expected". */
const DURATION_EXPECTED = 'a duration like 24h, 30m or 3d';
const UNIT_MS = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };
/**
 * `24h` → 86 400 000. Returns undefined for anything else (other units, spaces, decimals, signs) and for
 * durations longer than `maxMs` (default 365 days), so callers build their own error naming the key or input.
 */
function parseDuration(text, maxMs = 365 * DAY_MS) {
    const match = DURATION_PATTERN.exec(text);
    if (!match)
        return undefined;
    const ms = Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    return Number.isFinite(ms) && ms <= maxMs ? ms : undefined;
}

// Accepted vulnerabilities: the policy's `scans.allow` and the `allow-vulnerabilities` input.
const ALLOW_INPUT = 'allow-vulnerabilities';
const LINE = /^(\S+)(?:\s+until\s+(\S+))?(?:\s+#\s*(.*))?$/i;
const EXPECTED_LINE = 'expected a vulnerability id, optionally followed by "until YYYY-MM-DD" and "# reason" ' +
    '(e.g. CVE-2024-1234 until 2026-12-31 # not reachable)';
/**
 * Lines of the `allow-vulnerabilities` input: `CVE-2024-1234`, `CVE-2024-1234 until 2026-12-31`, optionally
 * followed by `# reason`. Blank lines and lines starting with `#` are skipped. A bad line is a UsageError that
 * names the input and the line.
 */
function parseAllowInput(lines) {
    const allowances = [];
    for (const raw of lines) {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            continue;
        const match = LINE.exec(line);
        const id = match?.[1];
        const until = match?.[2];
        if (!match || !id || !VULNERABILITY_ID.test(id))
            throw inputError(ALLOW_INPUT, line, EXPECTED_LINE);
        const allowance = { id };
        if (until !== undefined) {
            if (!DATE.test(until) || !isCalendarDate(until)) {
                throw inputError(ALLOW_INPUT, line, `expected a date like 2026-12-31 after "until", got ${JSON.stringify(until)}`);
            }
            allowance.until = new Date(`${until}T00:00:00Z`);
        }
        const reason = match[3]?.trim();
        if (reason)
            allowance.reason = reason;
        allowances.push(allowance);
    }
    return allowances;
}
/** An allowance counts through the end of its `until` day (UTC); without `until` it never expires. */
function isAllowanceActive(allowance, now) {
    return !allowance.until || now.getTime() < allowance.until.getTime() + DAY_MS;
}
/** Vulnerability ids compare case-insensitively (`cve-2024-1234` allows `CVE-2024-1234`). */
function sameId(a, b) {
    return a.trim().toUpperCase() === b.trim().toUpperCase();
}

function defenderGate(options) {
    const { registry, repository, ...client } = options;
    const lookup = import('./defender.js').then(({ createDefenderForCloud }) => createDefenderForCloud(client));
    // A rejected import is awaited in evaluate(); this keeps it from also reporting as unhandled before that.
    lookup.catch(() => { });
    return {
        id: 'defender',
        // Dry runs ask Defender too: it is a read, and the plan should show what would block.
        evaluate: async ({ plan }) => {
            const found = await (await lookup).evidence({ registry, repository, digest: plan.digest ?? '' });
            return { gates: [found.gate], ...(found.report ? { reports: [found.report] } : {}) };
        },
    };
}

/** Runs the evaluators in order, each seeing the evidence of the ones before it. */
async function evaluateGates(evaluators, plan, reports) {
    const evidence = [...reports];
    const result = { gates: [] };
    for (const evaluator of evaluators) {
        const found = await evaluator.evaluate({ plan, reports: evidence });
        result.gates.push(...found.gates);
        evidence.push(...(found.reports ?? []));
        if (found.scan)
            result.scan = found.scan;
    }
    return result;
}

/** Higher is worse. `unknown` ranks 0: see `blocks` in gate.ts for how it is treated. */
const SEVERITY_RANK = {
    critical: 4,
    high: 3,
    medium: 2,
    low: 1,
    unknown: 0,
};
const THRESHOLD_RANK = {
    critical: 4,
    high: 3,
    medium: 2,
    low: 1,
    none: Number.POSITIVE_INFINITY,
};
const WORDS = {
    critical: 'critical',
    high: 'high',
    important: 'high', // Red Hat
    medium: 'medium',
    moderate: 'medium', // GitHub advisories, Red Hat
    low: 'low',
    negligible: 'low', // Grype (Debian "unimportant")
    minor: 'low',
};
/** `CRITICAL`, `High`, `moderate` → the finding severity; anything else → `unknown`. */
function severityFromWord(word) {
    return typeof word === 'string' ? (WORDS[word.trim().toLowerCase()] ?? 'unknown') : 'unknown';
}
/** The first of `words` that names a severity, if any (SARIF rule tags). */
function severityFromTags(words) {
    if (!Array.isArray(words))
        return undefined;
    for (const word of words) {
        const severity = severityFromWord(word);
        if (severity !== 'unknown')
            return severity;
    }
    return undefined;
}
/** CVSS score (GitHub code scanning's `security-severity`): ≥9 critical, ≥7 high, ≥4 medium, >0 low. */
function severityFromCvss(score) {
    const value = typeof score === 'number' ? score : typeof score === 'string' && score.trim() ? Number(score) : NaN;
    if (!Number.isFinite(value) || value <= 0 || value > 10)
        return undefined;
    if (value >= 9)
        return 'critical';
    if (value >= 7)
        return 'high';
    if (value >= 4)
        return 'medium';
    return 'low';
}
const DIGEST = /sha256:[0-9a-f]{64}/gi;
/** Every `sha256:<64 hex>` in a text (`alpine@sha256:…`, a URI…), lowercase. */
function digestsIn(text) {
    if (typeof text !== 'string')
        return [];
    return [...text.matchAll(DIGEST)].map((m) => m[0].toLowerCase());
}

/** IDs named in gate details before "and N more". */
const SHOWN_IDS = 5;
/** Reports named in the digest gate's details before "and N more reports". */
const SHOWN_REPORTS = 3;
/**
 * Whether a finding blocks at this threshold (before allowances).
 * `unknown` severity (Trivy UNKNOWN, SARIF level `none`, an unrecognised word) blocks only at threshold `low`:
 * at `low` every finding is meant to block and an unrated one cannot be shown to be below it; at higher
 * thresholds an unrated finding is more often noise (unassessed, disputed) than a hidden critical, and
 * blocking on it would make `high` unusable with scanners that emit many unrated records. It is still counted.
 */
function blocks(severity, threshold) {
    if (threshold === 'none')
        return false;
    if (severity === 'unknown')
        return threshold === 'low';
    return SEVERITY_RANK[severity] >= THRESHOLD_RANK[threshold];
}
function evaluateScans(input) {
    const { reports, policy, now } = input;
    const threshold = policy.failOn;
    const active = policy.allow.filter((a) => isAllowanceActive(a, now));
    const expired = policy.allow.filter((a) => !isAllowanceActive(a, now));
    const counts = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    const blocking = [];
    const allowed = [];
    for (const finding of reports.flatMap((r) => r.findings)) {
        counts[finding.severity]++;
        if (!blocks(finding.severity, threshold))
            continue;
        const allowance = active.find((a) => sameId(a.id, finding.id));
        if (allowance)
            allowed.push({ finding, allowance });
        else
            blocking.push(finding);
    }
    const summary = {
        threshold,
        reports: reports.map((r) => ({
            path: r.path,
            format: r.format,
            subjectDigests: r.subjectDigests,
            findings: r.findings.length,
        })),
        counts,
        blocking,
        allowed,
        expired,
    };
    const gates = [scanGate$1(reports, policy, counts, blocking, allowed)];
    const digestGate = subjectGate(reports, input.subjectDigest);
    if (digestGate)
        gates.push(digestGate);
    const allowanceGate = allowancesGate(policy.allow, expired, allowed);
    if (allowanceGate)
        gates.push(allowanceGate);
    return { gates, summary };
}
function scanGate$1(reports, policy, counts, blocking, allowed) {
    const title = 'Vulnerability scan';
    const threshold = policy.failOn;
    if (reports.length === 0) {
        return policy.required
            ? {
                id: 'scan',
                title,
                status: 'fail',
                details: 'no scan evidence: the policy requires a scan report (scans.required) and none was given',
            }
            : {
                id: 'scan',
                title,
                status: 'skip',
                details: 'no scan reports given; the policy does not require one',
            };
    }
    const found = `${plural(reports.length, 'report')} (${countsText(counts)})`;
    if (threshold === 'none') {
        return { id: 'scan', title, status: 'pass', details: `threshold none: nothing blocks; ${found}` };
    }
    if (blocking.length > 0) {
        return {
            id: 'scan',
            title,
            status: 'fail',
            details: `${plural(blocking.length, 'finding')} at or above ${threshold} not allowed: ` +
                `${idList(blocking)}; ${found}`,
        };
    }
    const allowedText = allowed.length > 0 ? `, ${allowed.length} allowed` : '';
    return {
        id: 'scan',
        title,
        status: 'pass',
        details: `no finding at or above ${threshold}${allowedText}; ${found}`,
    };
}
function subjectGate(reports, subject) {
    if (subject === undefined || reports.length === 0)
        return undefined;
    const given = (typeof subject === 'string' ? [subject] : [...subject]).filter((s) => s.trim());
    if (given.length === 0)
        return undefined;
    const wanted = new Set(given.flatMap((s) => (digestsIn(s).length > 0 ? digestsIn(s) : [s.trim().toLowerCase()])));
    const shownWanted = [...wanted].join(' or ');
    const title = 'Scan subject digest';
    const named = reports.filter((r) => r.subjectDigests.length > 0);
    const mismatched = named.filter((r) => !r.subjectDigests.some((d) => wanted.has(d.toLowerCase())));
    if (mismatched.length > 0) {
        const which = mismatched
            .slice(0, SHOWN_REPORTS)
            .map((r) => `${r.path} names ${r.subjectDigests.join(', ')}`)
            .join('; ');
        const more = mismatched.length > SHOWN_REPORTS ? ` and ${mismatched.length - SHOWN_REPORTS} more reports` : '';
        return {
            id: 'scan-digest',
            title,
            status: 'fail',
            details: `scanned a different image: ${which}${more}; promoting ${shownWanted}`,
        };
    }
    const unnamed = reports.filter((r) => r.subjectDigests.length === 0);
    if (unnamed.length > 0) {
        const matched = named.length > 0 ? `; ${named.map((r) => r.path).join(', ')} match` : '';
        return {
            id: 'scan-digest',
            title,
            status: 'warn',
            details: `cannot bind ${unnamed.map((r) => r.path).join(', ')} to ${shownWanted}: no image digest in the report${matched}`,
        };
    }
    return {
        id: 'scan-digest',
        title,
        status: 'pass',
        details: `${named.length === 1 ? 'the report names' : `all ${named.length} reports name`} ${shownWanted}`,
    };
}
function allowancesGate(all, expired, allowed) {
    if (all.length === 0)
        return undefined;
    const title = 'Scan allowances';
    const used = allowed.length > 0 ? `${plural(allowed.length, 'finding')} allowed` : 'no finding needed an allowance';
    if (expired.length > 0) {
        const shown = expired
            .slice(0, SHOWN_IDS)
            .map((a) => `${a.id} (until ${a.until?.toISOString().slice(0, 10)})`);
        const more = expired.length > SHOWN_IDS ? ` and ${expired.length - SHOWN_IDS} more` : '';
        return {
            id: 'scan-allowances',
            title,
            status: 'warn',
            details: `${plural(expired.length, 'expired allowance')} ignored: ${shown.join(', ')}${more}; ${used}`,
        };
    }
    return { id: 'scan-allowances', title, status: 'pass', details: used };
}
/** Distinct IDs (case-insensitive, first spelling kept), worst first: `CVE-1 (critical), CVE-2 (high) and 3 more`. */
function idList(findings) {
    const distinct = new Map();
    for (const f of findings) {
        const seen = distinct.get(f.id.toUpperCase());
        if (!seen)
            distinct.set(f.id.toUpperCase(), { id: f.id, severity: f.severity });
        else if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[seen.severity])
            seen.severity = f.severity;
    }
    const ids = [...distinct.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || byCodeUnit(a.id, b.id));
    const shown = ids.slice(0, SHOWN_IDS).map((x) => `${x.id} (${x.severity})`);
    const more = ids.length > SHOWN_IDS ? ` and ${ids.length - SHOWN_IDS} more` : '';
    return `${shown.join(', ')}${more}`;
}
function countsText(counts) {
    const parts = Object.keys(SEVERITY_RANK)
        .filter((s) => counts[s] > 0)
        .map((s) => `${counts[s]} ${s}`);
    return parts.length > 0 ? parts.join(', ') : 'no findings';
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function scanGate(policy, now) {
    return {
        id: 'scan',
        evaluate: async ({ plan, reports }) => {
            if (reports.length === 0 && !policy.required)
                return { gates: [] };
            const { gates, summary } = evaluateScans({ reports, policy, now, subjectDigest: plan.digest });
            return { gates, scan: summary };
        },
    };
}

/** SHOWN reports named in the gate before "and N more". */
const SHOWN = 3;
function bindToVersion(reports, subject) {
    const bound = reports.filter((r) => namesVersion(r, subject));
    const ignored = reports.filter((r) => !bound.includes(r));
    if (ignored.length === 0)
        return { bound };
    const names = ignored.slice(0, SHOWN).map((r) => `${r.path} (${scannedText(r)})`);
    const more = ignored.length > SHOWN ? ` and ${ignored.length - SHOWN} more` : '';
    return {
        bound,
        gate: {
            id: 'scan-binding',
            title: 'Scan report binding',
            status: 'warn',
            details: `ignored ${names.join(', ')}${more}: the report does not name version ${subject.version} ` +
                '(its ARM ID or the version in the scanned artifact name)',
        },
    };
}
/** Whether the report names the version: its ARM ID, or the version as a whole token of the artifact name. */
function namesVersion(report, subject) {
    const id = subject.imageId?.toLowerCase();
    const token = versionToken(subject.version);
    return (report.artifactNames ?? []).some((name) => (id !== undefined && name.toLowerCase().includes(id)) || token.test(name));
}
/** `1.2.0` in `ubuntu-1.2.0.vhd` or `images/1.2.0`, not in `11.2.0` or `1.2.0.1`. */
function versionToken(version) {
    const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![0-9.])${escaped}(?![0-9]|\\.[0-9])`);
}
function scannedText(report) {
    const names = report.artifactNames ?? [];
    return names.length > 0
        ? `scanned ${names.map((n) => JSON.stringify(clip(n))).join(', ')}`
        : 'names no artifact';
}
function clip(text) {
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const USER_AGENT = 'azure-image-promote';
async function prepare(settings, workspace) {
    const cloud = resolveCloud(settings.environment, settings.authorityHost, settings.armEndpoint, {
        ...CLOUD_INPUTS,
        environment: settings.environmentInput,
    });
    const { policy, warnings } = await loadPolicy(settings.configIsDefault ? undefined : settings.config, workspace);
    // Retirement spans every ring (a ring input is optional: any ring stands in for the context) and has no scans.
    const retire = settings.operation === 'retire';
    const ring = retire && !settings.ring ? policy.rings[0] : ringByName(policy, settings.ring);
    if (settings.version.kind === 'ring')
        checkFromRing(policy, settings.version.value);
    const scanPolicy = {
        required: policy.scans.required && !retire,
        failOn: settings.failOnSeverity ?? policy.scans.failOn,
        allow: [...policy.scans.allow, ...parseAllowInput(settings.allowVulnerabilities)],
    };
    // Loaded only when there are reports to read: the glob matcher is most of the scan code.
    const reports = settings.scanReports.length > 0 && !retire
        ? await (await import('./read.js')).readReports(settings.scanReports, workspace)
        : [];
    return { settings, policy, ring, cloud, scanPolicy, reports, warnings };
}
/** `from-ring` must name a ring of the policy: its record (gallery) or first tag (registry) says what it holds. */
function checkFromRing(policy, name) {
    if (policy.rings.some((r) => r.name === name))
        return;
    throw new UsageError(`Input 'from-ring' has an invalid value ${JSON.stringify(name)}: expected one of the rings in ${policy.source}: ` +
        `${policy.rings.map((r) => r.name).join(', ')}.`);
}
/** observe → plan → gate → apply → verify, each a logged phase. Throws on an error no result can carry. */
async function execute(prepared, options) {
    // One deadline for the whole run: every request, retry wait, token request and LRO poll listens to it.
    const deadline = new Deadline(prepared.settings.timeoutMs);
    try {
        return await executeWithin(prepared, options, deadline);
    }
    finally {
        deadline.dispose();
    }
}
async function executeWithin(prepared, options, deadline) {
    const { settings, policy, ring } = prepared;
    const log = options.log ?? SILENT_LOG;
    const phases = options.phases ?? new Phases(log, runTitle(settings));
    const approvals = options.approvals ?? [];
    const record = { ...options.record, approvedBy: approvals.map((a) => a.login) };
    const now = options.now ?? new Date();
    const { target, evaluators, state } = await phases.run('observe', async () => {
        const unbound = options.credential ?? credentialFor(prepared);
        const credential = unbound && deadline.bind(unbound);
        // Built before the first request, so a Defender request without a credential fails before any network call.
        const evaluators = gateEvaluators(prepared, now, credential, deadline);
        const target = await createTarget({
            settings: settings.target,
            operation: settings.operation,
            version: settings.version,
            ring,
            policy,
            armEndpoint: prepared.cloud.armEndpoint,
            credential,
            deadline,
            userAgent: USER_AGENT,
            retryOptions: RETRY_OPTIONS,
            log: (message) => log.info(message),
            waitForReplicationMs: settings.waitForReplicationMs,
        });
        return { target, evaluators, state: await target.observe() };
    });
    const ctx = { operation: settings.operation, ring, policy, now, record };
    const planned = await phases.run('plan', () => target.plan(state, ctx));
    // A range may try lower candidates here: each is planned and gated until one passes every gate.
    const { plan, scan } = await phases.run('gate', () => eligiblePlan(target, state, planned, ctx, outsideGates(prepared, evaluators)));
    const finish = (result) => ({
        ...result,
        ...(scan ? { scan } : {}),
        approvedBy: record.approvedBy,
        ...(approvals.length > 0 ? { approvals } : {}),
        ...ringStateOf(result),
        policy: policyOrigin(policy),
    });
    const early = decide(plan, settings.dryRun);
    if (early)
        return finish(early);
    const applied = await phases.run('apply', () => applyPlan(target, plan, (m) => log.info(m)));
    if (applied.error !== undefined)
        return finish({ ...applied, phase: 'apply' });
    const verified = await phases.run('verify', () => verifyPlan(target, plan, applied.outcomes));
    return finish(verified.error !== undefined ? { ...verified, phase: 'verify' } : verified);
}
/**
 * What each ring holds when the run ends: the records after the plan's writes once they all landed, else the
 * records as read (a run that failed part-way is shown as it was; the next run reads the truth again).
 */
function ringStateOf(result) {
    const rings = result.plan?.rings;
    if (!rings)
        return {};
    const landed = !result.dryRun && (result.verdict === 'promoted' || result.verdict === 'unchanged');
    return { ringState: landed ? rings.after : rings.before };
}
/**
 * The gate phase for one plan: the evaluators over the workspace's reports and the evidence the artifact
 * carries. A gallery version has no digest, so a workspace report counts only if it names the version.
 */
function outsideGates(prepared, evaluators) {
    return async (plan) => {
        const binding = scanSubjectOf(prepared.settings.target) === 'version' && plan.version
            ? bindToVersion(prepared.reports, { version: plan.version, imageId: plan.imageId })
            : { bound: prepared.reports, gate: undefined };
        const found = await evaluateGates(evaluators, plan, [...binding.bound, ...(plan.evidence ?? [])]);
        return { ...found, gates: [...found.gates, ...(binding.gate ? [binding.gate] : [])] };
    };
}
/** The outside gates, in order: Defender first, so its findings join the scan gate's evidence. */
function gateEvaluators(prepared, now, credential, deadline) {
    const defender = defenderFor(prepared, credential, deadline);
    return [...(defender ? [defender] : []), scanGate(prepared.scanPolicy, now)];
}
/** The Defender for Cloud gate for the promoted digest, when asked for; checks the credential before any call. */
function defenderFor(prepared, credential, deadline) {
    const { settings, cloud } = prepared;
    const target = settings.target;
    if (!settings.defenderForCloud || target.kind !== 'registry')
        return undefined;
    if (!credential) {
        throw new UsageError("Input 'defender-for-cloud' needs an Azure credential to query Defender for Cloud through Resource Graph, " +
            'and none was found: set client-id and tenant-id (OIDC; the job needs `permissions: id-token: write`), ' +
            'or run azure/login earlier in the job, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.');
    }
    const { subscriptionId } = settings.defenderForCloud;
    return defenderGate({
        credential,
        armEndpoint: cloud.armEndpoint,
        userAgent: USER_AGENT,
        retryOptions: RETRY_OPTIONS,
        deadline,
        registry: target.registry,
        repository: target.repository,
        ...(subscriptionId ? { subscriptionId } : {}),
    });
}
/** What a run does, in words: the title of its log groups. */
function runTitle(settings) {
    const what = settings.operation === 'retire'
        ? `Apply retention to ${targetDisplay(settings.target)}`
        : `${settings.operation === 'rollback' ? 'Roll back' : 'Promote to'} ${settings.ring}`;
    return `${what}${settings.dryRun ? ' (dry run)' : ''}`;
}
/**
 * Gallery targets always need Azure. A registry may be anonymous or not challenge at all (any OCI registry),
 * so with no credential configured it is used without one; ACR then answers 401 and the error says so.
 */
function credentialFor(prepared) {
    const { settings, cloud } = prepared;
    const explicit = settings.clientId || settings.tenantId || settings.auth === 'managed-identity';
    if (settings.target.kind === 'registry' && !explicit) {
        try {
            return createCredential(settings, cloud).credential;
        }
        catch (error) {
            if (error instanceof UsageError)
                return undefined;
            throw error;
        }
    }
    return createCredential(settings, cloud).credential;
}

var promotion = /*#__PURE__*/Object.freeze({
    __proto__: null,
    execute: execute,
    prepare: prepare,
    runTitle: runTitle
});

export { DAY_MS as D, severityFromCvss as a, severityFromTags as b, confine as c, digestsIn as d, DURATION_EXPECTED as e, promotion as f, parseDuration as p, severityFromWord as s };
