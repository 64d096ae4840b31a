import { S as SEVERITIES, s as semver } from './policy.js';
import { b as ringHistory, t as tagKey, e as rollbackTags, g as promotionTags, r as resolveLatest, a as allRegions, l as latestFlagChanges, h as ringEntry, f as fromArm, c as compareVersions, p as patchFor, d as runLro, w as wireUpdate, v as versionPath, s as sortedTags, C as ComputeManagementClient } from './arm.js';
import { U as UsageError, S as StepError } from './errors.js';
import { s as statusOf, c as codeOf, a as armError } from './arm-error.js';
import { r as ringPolicyGates } from './ring.js';
import { c as createDefaultHttpClient } from './pipelineRequest.js';
import './_commonjsHelpers.js';
import './index.js';
import 'node:os';
import 'node:util';
import 'node:process';
import './bearerTokenAuthenticationPolicy.js';
import 'node:http';
import 'node:https';
import 'node:zlib';
import 'node:stream';
import 'stream';
import 'net';
import 'tls';
import 'assert';
import 'tty';
import 'util';
import 'os';
import 'http';
import 'https';
import 'url';
import 'events';
import 'node:timers/promises';
import './regions.js';
import './order.js';
import './tokenCredential.js';

// Scan evidence for Compute Gallery image versions, which have no native scan record: the build pipeline
// writes the scan result as tags on the image version.
//
//   scan.critical   number of open critical findings (whole number, 0-100000)
//   scan.high       number of open high findings
//   scan.medium     number of open medium findings
//   scan.low        number of open low findings
//   scan.tool       scanner name and version, e.g. `trivy 0.58.1` (optional, shown in reports)
//   scan.at         when the scan ran, ISO 8601, e.g. `2026-11-20T10:00:00Z` (optional)
//
// Tag names match case-insensitively (Azure tag names are case-insensitive). The tags count as evidence when
// at least one scan.<severity> key is present; severities not written count as 0, so write every severity
// your threshold covers. Each count becomes that many synthetic findings (`tags:critical#1`, …) so the gate
// treats them like any report; allowances cannot name real vulnerability ids here.
const MAX_TAG_COUNT = 100_000;
/** ParsedReport of format `tags`, or undefined when the tags hold no scan counts. */
function scanEvidenceFromTags(tags, source = 'image version tags') {
    const lookup = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), { key: k, value: String(v).trim() }]));
    const findings = [];
    let present = false;
    for (const severity of SEVERITIES) {
        const tag = lookup.get(`scan.${severity}`);
        if (!tag)
            continue;
        present = true;
        const count = /^\d{1,6}$/.test(tag.value) ? Number(tag.value) : Number.NaN;
        if (!(count <= MAX_TAG_COUNT)) {
            throw new UsageError(`${source}: tag ${tag.key} has an invalid value ${JSON.stringify(tag.value.slice(0, 40))}: ` +
                `expected a whole number of findings (0-${MAX_TAG_COUNT}).`);
        }
        for (let i = 1; i <= count; i++) {
            findings.push({ id: `tags:${severity}#${i}`, severity, title: `counted in tag ${tag.key}`, source });
        }
    }
    if (!present)
        return undefined;
    const report = { path: source, format: 'tags', subjectDigests: [], findings };
    const tool = lookup.get('scan.tool')?.value;
    if (tool)
        report.tool = tool.slice(0, 100);
    const at = lookup.get('scan.at');
    if (at?.value) {
        const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/i.test(at.value)
            ? new Date(at.value)
            : undefined;
        if (!date || Number.isNaN(date.getTime())) {
            throw new UsageError(`${source}: tag ${at.key} has an invalid value ${JSON.stringify(at.value.slice(0, 40))}: ` +
                'expected an ISO 8601 time like 2026-11-20T10:00:00Z.');
        }
        report.scannedAt = date;
    }
    return report;
}

function planGallery(state, ctx, ref, versionId) {
    const ring = ctx.ring;
    const subject = state.subject;
    const plan = {
        target: ref,
        operation: ctx.operation,
        ring: ring.name,
        version: subject?.name ?? '',
        imageId: subject ? subject.id || versionId(subject.name) : '',
        regions: [],
        gates: [],
        changes: [],
        transitions: [],
        notes: [...state.notes],
    };
    if (!subject) {
        plan.gates.push({
            id: 'exists',
            title: 'Version exists',
            status: 'fail',
            details: state.missing ?? 'not found',
        });
        return plan;
    }
    const history = ringHistory(state.versions, ring.name);
    const holderBefore = history[0]?.version;
    plan.regions = ring.regions ?? subject.regions.map((r) => r.name);
    plan.gates.push(...versionGates(subject, ctx, plan.regions));
    plan.gates.push(...ringPolicyGates(ctx, subject.name, (name) => ringEntry(subject, name)));
    const writes = ctx.operation === 'rollback' ? rollbackWrites(state, ctx) : promoteWrites(state, ctx, holderBefore);
    plan.changes = writes.map((write) => toChange(write));
    plan.previousVersion =
        ctx.operation === 'rollback' ? state.rollbackFrom?.name : previousOf(state, ctx, holderBefore);
    if (ctx.operation === 'promote' && subject.tags[tagKey(ring.name, 'rolledback')]) {
        plan.gates.push({
            id: 'rolled-back',
            title: 'Earlier rollback',
            status: 'warn',
            details: `${subject.name} was rolled back from ${ring.name} at ${subject.tags[tagKey(ring.name, 'rolledback')]}; it is promoted again because it was named explicitly`,
        });
    }
    const latest = latestBeforeAfter(state, ctx, writes);
    plan.transitions = transitions(state, ctx, holderBefore, latest);
    plan.regionStates = regionStates(subject, ctx, plan.regions, latest);
    // The subject may be missing from the list (read separately, just created): its tags count too.
    const versions = state.versions.some((v) => v.name === subject.name)
        ? state.versions
        : [...state.versions, subject];
    plan.rings = {
        before: ringHoldings(versions, ctx),
        after: ringHoldings(applyTagWrites(versions, writes), ctx),
    };
    plan.latest = latestEverywhere(state.versions, writes);
    if (state.range)
        plan.candidates = candidatesOf(subject, state.range.lower);
    try {
        const tagged = scanEvidenceFromTags(subject.tags, `tags of version ${subject.name}`);
        if (tagged)
            plan.evidence = [tagged];
    }
    catch (error) {
        // Malformed evidence is never a pass.
        plan.gates.push({ id: 'scan', title: 'Scan evidence', status: 'fail', details: error.message });
    }
    return plan;
}
/** The subject and the lower versions the range matched; the engine marks the ones it skipped. */
function candidatesOf(subject, lower) {
    return [
        { version: subject.name, verdict: 'chosen', reasons: [] },
        ...lower.map((v) => ({ version: v.name, verdict: 'untried', reasons: [] })),
    ];
}
function versionGates(subject, ctx, required) {
    const gates = [
        { id: 'exists', title: 'Version exists', status: 'pass', details: `${subject.name} found` },
        subject.provisioningState === 'Succeeded'
            ? {
                id: 'provisioning',
                title: 'Provisioning',
                status: 'pass',
                details: 'provisioningState is Succeeded',
            }
            : {
                id: 'provisioning',
                title: 'Provisioning',
                status: 'fail',
                details: `provisioningState is ${subject.provisioningState}, expected Succeeded`,
            },
    ];
    if (subject.endOfLife && subject.endOfLife.getTime() <= ctx.now.getTime()) {
        gates.push({
            id: 'end-of-life',
            title: 'End of life',
            status: 'fail',
            details: `${subject.name} reached its end-of-life date ${subject.endOfLife.toISOString()}`,
        });
    }
    else {
        const details = subject.endOfLife
            ? `end of life ${subject.endOfLife.toISOString()}`
            : 'no end-of-life date';
        gates.push({ id: 'end-of-life', title: 'End of life', status: 'pass', details });
    }
    gates.push(subject.policyViolations
        ? {
            id: 'policy-violation',
            title: 'Policy violation',
            status: 'fail',
            details: `reported for policy violation: ${subject.policyViolations.join('; ') || 'no category given'}`,
        }
        : { id: 'policy-violation', title: 'Policy violation', status: 'pass', details: 'not reported' });
    gates.push(replicationGate(subject, ctx, required));
    return gates;
}
function replicationGate(subject, ctx, required) {
    const problems = [];
    const done = [];
    for (const name of required) {
        const region = subject.regions.find((r) => r.name === name);
        if (!region) {
            problems.push(`${name} is not a target region of ${subject.name}`);
            continue;
        }
        const state = region.replication?.state ?? 'Unknown';
        if (state !== 'Completed') {
            const progress = region.replication?.progress !== undefined ? ` ${region.replication.progress}%` : '';
            const details = region.replication?.details ? ` (${region.replication.details})` : '';
            problems.push(`${region.displayName}: ${state}${progress}${details}`);
        }
        else if (ctx.ring.minReplicas && region.replicas < ctx.ring.minReplicas) {
            problems.push(`${region.displayName}: ${region.replicas} replicas, ring ${ctx.ring.name} needs ${ctx.ring.minReplicas}`);
        }
        else {
            done.push(`${region.displayName} (${region.replicas})`);
        }
    }
    if (problems.length > 0) {
        return { id: 'replication', title: 'Replication', status: 'fail', details: problems.join('; ') };
    }
    if (required.length === 0) {
        return {
            id: 'replication',
            title: 'Replication',
            status: 'fail',
            details: `${subject.name} has no target regions`,
        };
    }
    return {
        id: 'replication',
        title: 'Replication',
        status: 'pass',
        details: `Completed in ${done.join(', ')}`,
    };
}
function promoteWrites(state, ctx, holder) {
    const subject = state.subject;
    const writes = new Map();
    // A version that already holds the ring keeps its record: re-running the same promotion writes nothing.
    if (holder?.name !== subject.name) {
        const tags = promotionTags(ctx.ring.name, ctx.record);
        writes.set(subject.name, { version: subject.name, setTags: tags.set, removeTags: tags.remove });
    }
    return withLatestFlags(writes, state.versions, subject, ctx);
}
function rollbackWrites(state, ctx) {
    const from = state.rollbackFrom;
    const mark = rollbackTags(ctx.ring.name, ctx.record.at);
    const fromWrite = { version: from.name, setTags: mark.set, removeTags: mark.remove };
    const ordered = withLatestFlags(new Map([[from.name, fromWrite]]), state.versions, state.subject, ctx);
    // On the latest ring the rolled-back version is excluded even when it sits below the version restored.
    if (ctx.ring.latest)
        fromWrite.latest ??= { exclude: true, scope: scopeOf(ctx) };
    return ordered;
}
/** Adds the latest-ring flag writes in their safe order; tag writes of the same version share one PATCH. */
function withLatestFlags(tagWrites, versions, holder, ctx) {
    if (!ctx.ring.latest)
        return [...tagWrites.values()];
    const scope = scopeOf(ctx);
    const ordered = [];
    // The holder's own write goes first: its ring record and its inclusion land together.
    const holderWrite = tagWrites.get(holder.name);
    if (holderWrite)
        ordered.push(holderWrite);
    for (const flag of latestFlagChanges(versions, holder, scope)) {
        const write = tagWrites.get(flag.version.name) ?? blankWrite(flag.version.name);
        write.latest = { exclude: flag.exclude, scope };
        if (!ordered.includes(write))
            ordered.push(write);
    }
    for (const write of tagWrites.values())
        if (!ordered.includes(write))
            ordered.push(write);
    return ordered;
}
function blankWrite(version) {
    return { version, setTags: {}, removeTags: [] };
}
function scopeOf(ctx) {
    return ctx.ring.latestRegions;
}
function previousOf(state, ctx, holder) {
    if (holder)
        return holder.name;
    if (!ctx.ring.latest)
        return undefined;
    // No history yet on the latest ring: what `latest` resolved to is what deployments were getting.
    const regions = ctx.ring.latestRegions ?? state.subject.regions.map((r) => r.name);
    const resolved = resolveLatest(state.versions, regions);
    return [...resolved.values()].find((name) => name !== undefined);
}
function toChange(write) {
    const parts = [];
    const recorded = Object.keys(write.setTags);
    if (recorded.length > 0)
        parts.push(`set tags ${recorded.join(', ')}`);
    const removed = write.removeTags;
    if (removed.length > 0 && recorded.length === 0)
        parts.push(`remove tags ${removed.join(', ')}`);
    if (write.latest) {
        const where = write.latest.scope ? `in ${write.latest.scope.join(', ')}` : 'in all regions';
        parts.push(`${write.latest.exclude ? 'exclude from' : 'include in'} latest ${where}`);
    }
    return {
        id: `version:${write.version}`,
        resource: write.version,
        summary: parts.join('; '),
        payload: write,
    };
}
function latestBeforeAfter(state, ctx, writes) {
    if (!ctx.ring.latest)
        return { regions: [], before: new Map(), after: new Map() };
    const regions = ctx.ring.latestRegions ?? allRegions(state.versions);
    return {
        regions,
        before: resolveLatest(state.versions, regions),
        after: resolveLatest(applyFlags(state.versions, writes), regions),
    };
}
function transitions(state, ctx, holder, latest) {
    const rows = [
        { subject: `ring ${ctx.ring.name}`, before: holder?.name ?? '(none)', after: state.subject.name },
    ];
    for (const region of latest.regions) {
        rows.push({
            subject: `latest in ${region}`,
            before: latest.before.get(region) ?? '(none)',
            after: latest.after.get(region) ?? '(none)',
        });
    }
    return rows;
}
/** `latest` in every region of the definition, before and after the writes: deployers re-image on a change. */
function latestEverywhere(versions, writes) {
    const regions = allRegions(versions);
    const record = (resolved) => Object.fromEntries(regions.map((r) => [r, resolved.get(r) ?? null]));
    return {
        before: record(resolveLatest(versions, regions)),
        after: record(resolveLatest(applyFlags(versions, writes), regions)),
    };
}
/**
 * One row per region the ring requires or whose `latest` it moves: the subject's replication there (as read
 * with its replication status), the replicas against the ring's minimum, and `latest` before → after.
 */
function regionStates(subject, ctx, required, latest) {
    const names = [...new Set([...required, ...latest.regions])];
    return names.map((name) => {
        const region = subject.regions.find((r) => r.name === name);
        const replication = region?.replication;
        return {
            region: region?.displayName ?? name,
            required: required.includes(name),
            ...(replication ? { state: replication.state } : {}),
            ...(replication?.progress !== undefined && replication.state !== 'Completed'
                ? { progress: replication.progress }
                : {}),
            ...(region ? { replicas: region.replicas } : {}),
            ...(ctx.ring.minReplicas ? { requiredReplicas: ctx.ring.minReplicas } : {}),
            ...(latest.regions.includes(name)
                ? {
                    latestBefore: latest.before.get(name) ?? '(none)',
                    latestAfter: latest.after.get(name) ?? '(none)',
                }
                : {}),
        };
    });
}
/** What each ring of the policy holds according to the versions' ring tags. */
function ringHoldings(versions, ctx) {
    return ctx.policy.rings.map(({ name }) => {
        const holder = ringHistory(versions, name)[0];
        return holder
            ? { ring: name, version: holder.version.name, since: holder.entry.at.toISOString() }
            : { ring: name };
    });
}
/** The versions with the writes' tag edits in effect, so the ring records after the run can be read off them. */
function applyTagWrites(versions, writes) {
    return versions.map((version) => {
        const write = writes.find((w) => w.version === version.name);
        if (!write)
            return version;
        const tags = { ...version.tags, ...write.setTags };
        for (const key of write.removeTags)
            delete tags[key];
        return { ...version, tags };
    });
}
/** The versions as they will be once the writes are applied (for before → after tables and verification). */
function applyFlags(versions, writes) {
    return versions.map((version) => {
        const latest = writes.find((w) => w.version === version.name)?.latest;
        if (!latest)
            return version;
        return {
            ...version,
            excludeFromLatest: latest.scope ? version.excludeFromLatest : latest.exclude,
            regions: version.regions.map((r) => !latest.scope || latest.scope.includes(r.name) ? { ...r, excludeFromLatest: latest.exclude } : r),
        };
    });
}

const FIRST_DELAY_MS = 2_000;
const MAX_DELAY_MS = 30_000;
async function waitForReplication(first, read, options) {
    const started = Date.now();
    const until = started + options.waitMs;
    let delay = options.firstDelayMs ?? FIRST_DELAY_MS;
    let version = first;
    let retryAfterMs;
    let reads = 0;
    for (;;) {
        const outcome = verdictOf(version, options);
        options.log(progressLine(version, options, Date.now() - started));
        const result = (o) => ({
            version,
            outcome: o,
            waitedMs: Date.now() - started,
            reads,
        });
        if (outcome !== 'pending')
            return result(outcome === 'done' ? 'ready' : 'stuck');
        const left = until - Date.now();
        if (left <= 0 || options.signal?.aborted)
            return result('waited-out');
        // Retry-After is the service saying when to ask again: honoured as is, only cut short by the wait's end.
        await sleep(Math.min(retryAfterMs ?? delay, left), options.signal);
        if (options.signal?.aborted)
            return result('waited-out');
        delay = Math.min(delay * 1.5, options.maxDelayMs ?? MAX_DELAY_MS);
        const next = await read();
        reads++;
        if (!next.version)
            return { version, outcome: 'gone', waitedMs: Date.now() - started, reads };
        version = next.version;
        retryAfterMs = next.retryAfterMs;
    }
}
/** The wait's result in words, for the plan's notes (the report shows them). */
function describeWait(result) {
    const waited = formatDuration(result.waitedMs);
    const name = result.version.name;
    switch (result.outcome) {
        case 'ready':
            return result.reads === 0
                ? `replication of ${name} was already complete: no wait`
                : `waited ${waited} for replication of ${name}: complete in every required region`;
        case 'stuck':
            return `stopped waiting for replication of ${name} after ${waited}: a required region cannot complete`;
        case 'gone':
            return `version ${name} disappeared while waiting for its replication (after ${waited})`;
        case 'waited-out':
            return `waited ${waited} for replication of ${name}; still not complete`;
    }
}
function verdictOf(version, options) {
    if (['Failed', 'Canceled', 'Deleting'].includes(version.provisioningState))
        return 'stuck';
    const verdicts = requiredRegions(version, options).map((name) => regionVerdict(version, name, options));
    if (verdicts.length === 0 || verdicts.includes('stuck'))
        return 'stuck';
    // A version still being created reports its regions only once it exists: keep waiting.
    if (version.provisioningState !== 'Succeeded' || verdicts.includes('pending'))
        return 'pending';
    return 'done';
}
function requiredRegions(version, options) {
    return options.required ?? version.regions.map((r) => r.name);
}
function regionVerdict(version, name, options) {
    const region = version.regions.find((r) => r.name === name);
    // Target regions and replica counts are set when publishing: waiting does not change them.
    if (!region)
        return 'stuck';
    if (options.minReplicas && region.replicas < options.minReplicas)
        return 'stuck';
    const state = region.replication?.state;
    if (state === 'Completed')
        return 'done';
    if (state === 'Failed')
        return 'stuck';
    return 'pending';
}
/** `Replication of 1.4.2 after 6 s: eastus Completed 100%, westeurope Replicating 40%`. */
function progressLine(version, options, elapsedMs) {
    const regions = requiredRegions(version, options).map((name) => {
        const region = version.regions.find((r) => r.name === name);
        return region ? `${name} ${regionText(region)}` : `${name} not a target region`;
    });
    return `Replication of ${version.name} after ${formatDuration(elapsedMs)}: ${regions.join(', ') || 'no target regions'}`;
}
function regionText(region) {
    const replication = region.replication;
    if (!replication)
        return 'Unknown';
    const percent = replication.state === 'Completed' ? 100 : replication.progress;
    const details = replication.state === 'Failed' && replication.details ? ` (${replication.details})` : '';
    return `${replication.state}${percent !== undefined ? ` ${percent}%` : ''}${details}`;
}
function formatDuration(ms) {
    const seconds = Math.round(ms / 1000);
    if (seconds < 60)
        return `${seconds} s`;
    return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
/** Resolves after `ms`, or at once when the signal aborts (the deadline passed). */
function sleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    });
}
/** Retry-After in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header, now = Date.now()) {
    if (!header)
        return undefined;
    if (/^\d+$/.test(header.trim()))
        return Number(header.trim()) * 1000;
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long the read that settles an uncertain write may take, even after the deadline passed. */
const CONFIRM_MS = 15_000;
class GalleryTarget {
    request;
    options;
    ref;
    api;
    path;
    /** Versions as observe() read them: later writes re-read and refuse if another run changed them since. */
    observed = new Map();
    /** Set once a PATCH went out: from then on time has passed since observe, so writes re-read first. */
    wrote = false;
    constructor(client, request, options) {
        this.request = request;
        this.options = options;
        const s = request.settings;
        this.api = client.galleryImageVersions;
        this.path = [s.resourceGroup, s.gallery, s.imageDefinition];
        const definitionId = `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}` +
            `/providers/Microsoft.Compute/galleries/${s.gallery}/images/${s.imageDefinition}`;
        this.ref = {
            kind: 'gallery',
            key: definitionId.toLowerCase(),
            display: `${s.gallery}/${s.imageDefinition}`,
        };
    }
    versionId(name) {
        const s = this.request.settings;
        return (`/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Compute` +
            `/galleries/${s.gallery}/images/${s.imageDefinition}/versions/${name}`);
    }
    async observe() {
        const state = await this.waitForReplication(await this.read());
        this.observed = new Map(state.versions.map((v) => [v.name, v]));
        if (state.subject)
            this.observed.set(state.subject.name, state.subject);
        return state;
    }
    /** With `wait-for-replication`, the subject as it is once replicated (or the wait ended): the gates judge that. */
    async waitForReplication(state) {
        const waitMs = this.request.waitForReplicationMs ?? 0;
        if (!state.subject || waitMs <= 0 || this.request.operation !== 'promote')
            return state;
        const ring = this.request.ring;
        const name = state.subject.name;
        const result = await waitForReplication(state.subject, () => this.readReplication(name), {
            required: ring.regions,
            ...(ring.minReplicas ? { minReplicas: ring.minReplicas } : {}),
            waitMs,
            signal: this.options.deadline?.signal,
            log: this.options.log ?? (() => { }),
        });
        if (result.outcome === 'gone') {
            return { versions: state.versions, notes: [...state.notes], missing: this.notFound(name) };
        }
        return { ...state, subject: result.version, notes: [...state.notes, describeWait(result)] };
    }
    /** One read of the version with its replication, and the Retry-After of the answer if any. */
    async readReplication(name) {
        const [rg, gallery, image] = this.path;
        let retryAfter;
        try {
            const version = await this.api.get(rg, gallery, image, name, {
                expand: 'ReplicationStatus',
                abortSignal: this.options.deadline?.signal,
                onResponse: (response) => {
                    retryAfter = response.headers.get('retry-after');
                },
            });
            const after = retryAfterMs(retryAfter);
            return { version: fromArm(version), ...(after !== undefined ? { retryAfterMs: after } : {}) };
        }
        catch (error) {
            if (statusOf(error) === 404)
                return { version: undefined };
            throw this.armError(`Waiting for replication of version ${name}`, error);
        }
    }
    async read() {
        const { version, operation, ring } = this.request;
        // An exact version can be read in parallel with the list; everything else needs the list first.
        if (version.kind === 'exact' && operation === 'promote') {
            const [versions, subject] = await Promise.all([this.listVersions(), this.getVersion(version.value)]);
            return subject
                ? { versions, subject, notes: [] }
                : { versions, notes: [], missing: this.notFound(version.value) };
        }
        const versions = await this.listVersions();
        if (operation === 'rollback')
            return this.observeRollback(versions, ring.name);
        if (version.kind === 'ring')
            return this.observeFromRing(versions, version.value);
        return this.observeRange(versions, version.kind === 'range' ? version.value : '*', ring.name);
    }
    async observeRange(versions, range, ring) {
        // A version rolled back from this ring is only promoted again when named exactly, never through a range.
        const candidates = versions
            .filter((v) => semver.satisfies(v.name, range) && !v.tags[tagKey(ring, 'rolledback')])
            .sort(compareVersions);
        if (candidates.length === 0) {
            return { versions, notes: [], missing: `no version of ${this.ref.display} matches '${range}'` };
        }
        return this.rangeCandidate(versions, range, candidates.reverse());
    }
    /** The highest of `candidates` (highest first) read with its replication; the rest stay for `fallback`. */
    async rangeCandidate(versions, expression, candidates) {
        const [pick, ...lower] = candidates;
        const subject = await this.getVersion(pick.name);
        const notes = [`version range '${expression}' resolved to ${pick.name}`];
        const range = { expression, lower };
        return subject
            ? { versions, subject, notes, range }
            : { versions, notes, range, missing: this.notFound(pick.name) };
    }
    /** Range resolution: the next lower matching version when every gate did not pass for this one. */
    async fallback(state) {
        if (!state.range || state.range.lower.length === 0)
            return undefined;
        const next = await this.rangeCandidate(state.versions, state.range.expression, state.range.lower);
        if (next.subject)
            this.observed.set(next.subject.name, next.subject);
        return next;
    }
    /** `from-ring`: the version that ring's record says it holds now, read with its replication. */
    async observeFromRing(versions, from) {
        const holder = ringHistory(versions, from)[0]?.version;
        if (!holder) {
            return { versions, notes: [], missing: `ring ${from} holds no version of ${this.ref.display}` };
        }
        const subject = await this.getVersion(holder.name);
        const notes = [`promoting what ${from} holds: ${holder.name}`];
        return subject ? { versions, subject, notes } : { versions, notes, missing: this.notFound(holder.name) };
    }
    async observeRollback(versions, ring) {
        const [current, previous] = ringHistory(versions, ring);
        const asked = this.request.version;
        if (!current)
            return { versions, notes: [], missing: `ring ${ring} holds no version of ${this.ref.display}` };
        if (asked.kind === 'exact' && asked.value !== current.version.name) {
            return {
                versions,
                notes: [],
                missing: `ring ${ring} holds ${current.version.name}, not ${asked.value}; nothing was rolled back`,
            };
        }
        if (!previous) {
            return {
                versions,
                notes: [],
                rollbackFrom: current.version,
                missing: `ring ${ring} has no earlier version to return to (it only ever held ${current.version.name})`,
            };
        }
        const subject = await this.getVersion(previous.version.name);
        const notes = [`rolling ${ring} back from ${current.version.name} to ${previous.version.name}`];
        return subject
            ? { versions, subject, rollbackFrom: current.version, notes }
            : { versions, notes, missing: this.notFound(previous.version.name) };
    }
    plan(state, ctx) {
        return planGallery(state, ctx, this.ref, (name) => this.versionId(name));
    }
    /**
     * Builds the PATCH from the freshest read of the version: tag edits merge with what is there and a write that
     * is already in effect is skipped (patchFor returns nothing), so a re-run repeats nothing. Refuses when another
     * run changed this ring's record or the latest flags of the version since observe.
     */
    async apply(change) {
        const write = change.payload;
        const step = `Updating version ${write.version}`;
        const current = await this.current(write.version);
        const patch = patchFor(current, write);
        if (!patch)
            return;
        const before = this.observed.get(write.version);
        const drift = before && before !== current ? driftOf(before, current, this.request.ring.name) : undefined;
        if (drift) {
            throw new StepError(step, 'Conflict', `${drift} changed since this run read it (another promotion of ${this.ref.display}?); nothing was written to it; re-run to re-plan`);
        }
        if (current.provisioningState === 'Updating') {
            throw new StepError(step, 'OperationNotAllowed', 'another operation on this version is still running; re-run when it has finished');
        }
        this.wrote = true;
        try {
            // Done when the operation reports Succeeded: no GET of the version afterwards, verify() re-lists anyway.
            await runLro(this.options.arm, { method: 'PATCH', path: versionPath(this.request.settings, write.version), body: wireUpdate(patch) }, { step, abortSignal: this.options.deadline?.signal });
        }
        catch (error) {
            throw error instanceof StepError ? error : this.armError(step, error);
        }
    }
    /**
     * The version as a write should see it. Gallery resources have no ETag, so a write cannot be made conditional;
     * re-reading only narrows the window for a lost update, and only when time has passed since the last read:
     * before the first write, observe's read is a moment old, so it is used as is; every later write follows a
     * long-running operation and re-reads (without `$expand`: the PATCH needs tags and flags, not replication).
     */
    async current(name) {
        const observed = this.observed.get(name);
        const version = !this.wrote && observed ? observed : await this.getVersion(name, false);
        if (!version)
            throw new StepError(`Reading version ${name}`, 'NotFound', this.notFound(name));
        return version;
    }
    /**
     * After a failed write: did it land anyway (a response lost after Azure applied it)? One read with its own
     * short limit, so it also works after the deadline passed.
     */
    async check(change) {
        const write = change.payload;
        const [rg, gallery, image] = this.path;
        const version = fromArm(await this.api.get(rg, gallery, image, write.version, {
            expand: 'ReplicationStatus',
            abortSignal: AbortSignal.timeout(CONFIRM_MS),
        }));
        if (!patchFor(version, write))
            return 'applied';
        if (version.provisioningState === 'Updating')
            return 'in-progress';
        return 'not-applied';
    }
    async verify(plan) {
        const versions = await this.listVersions();
        const ring = this.request.ring;
        const holder = ringHistory(versions, ring.name)[0]?.version.name;
        const gates = [
            holder === plan.version
                ? {
                    id: 'verify-ring',
                    title: 'Ring record',
                    status: 'pass',
                    details: `${ring.name} holds ${plan.version}`,
                }
                : {
                    id: 'verify-ring',
                    title: 'Ring record',
                    status: 'fail',
                    details: `${ring.name} holds ${holder ?? 'nothing'} after the writes, expected ${plan.version}`,
                },
        ];
        if (!ring.latest)
            return gates;
        const subject = versions.find((v) => v.name === plan.version);
        const regions = (ring.latestRegions ?? subject?.regions.map((r) => r.name) ?? []).filter((r) => subject?.regions.some((s) => s.name === r));
        const latest = resolveLatest(versions, regions);
        const wrong = regions.filter((r) => latest.get(r) !== plan.version);
        gates.push(wrong.length === 0
            ? {
                id: 'verify-latest',
                title: 'Latest',
                status: 'pass',
                details: `latest is ${plan.version} in ${regions.join(', ')}`,
            }
            : {
                id: 'verify-latest',
                title: 'Latest',
                status: 'fail',
                details: wrong
                    .map((r) => `latest in ${r} is ${latest.get(r) ?? 'nothing'}, expected ${plan.version}`)
                    .join('; '),
            });
        return gates;
    }
    async listVersions() {
        const [rg, gallery, image] = this.path;
        const versions = [];
        try {
            const abortSignal = this.options.deadline?.signal;
            for await (const version of this.api.listByGalleryImage(rg, gallery, image, { abortSignal }))
                versions.push(fromArm(version));
        }
        catch (error) {
            if (statusOf(error) === 404 && !this.options.deadline?.expired) {
                const s = this.request.settings;
                throw new StepError('Listing image versions', codeOf(error), `image definition '${s.imageDefinition}' was not found in gallery '${s.gallery}' (resource group '${s.resourceGroup}')`);
            }
            throw this.armError('Listing image versions', error);
        }
        return versions;
    }
    /** One version; with `$expand=ReplicationStatus` only where replication is judged (observe). */
    async getVersion(name, replication = true) {
        const [rg, gallery, image] = this.path;
        try {
            return fromArm(await this.api.get(rg, gallery, image, name, {
                ...(replication ? { expand: 'ReplicationStatus' } : {}),
                abortSignal: this.options.deadline?.signal,
            }));
        }
        catch (error) {
            if (statusOf(error) === 404)
                return undefined;
            throw this.armError(`Reading version ${name}`, error);
        }
    }
    armError(step, error) {
        return this.options.deadline?.timedOut(step) ?? armError(step, error);
    }
    notFound(version) {
        const s = this.request.settings;
        return `version ${version} was not found in image definition '${s.imageDefinition}' of gallery '${s.gallery}'`;
    }
}
/**
 * What changed on a version between observe and the re-read just before writing it, considering only what
 * this run could overwrite: this ring's record tags and the latest flags. undefined = nothing.
 */
function driftOf(before, now, ring) {
    const prefix = `ring.${ring}.`;
    const ringTags = (v) => JSON.stringify(sortedTags(Object.fromEntries(Object.entries(v.tags).filter(([k]) => k.startsWith(prefix)))));
    if (ringTags(before) !== ringTags(now))
        return `its ${prefix}* record tags`;
    const flags = (v) => JSON.stringify([v.excludeFromLatest, v.regions.map((r) => [r.name, r.excludeFromLatest ?? null])]);
    if (flags(before) !== flags(now))
        return 'its excludeFromLatest flags';
    return undefined;
}

// Builds the gallery target. Loaded with import() by targets.ts, so runs that stop earlier (bad input) or
// promote a registry image never compile the ARM client.
function createGalleryTarget(setup, request) {
    // One HTTP client for the SDK's reads and the action's own PATCH and polls: one connection to ARM.
    const httpClient = createDefaultHttpClient();
    const client = new ComputeManagementClient(setup.credential, setup.subscriptionId, {
        endpoint: setup.armEndpoint,
        // The client's default scope is the public cloud's; sovereign clouds and the emulator need their own.
        credentials: { scopes: [`${setup.armEndpoint}/.default`] },
        userAgentOptions: { userAgentPrefix: setup.userAgent },
        retryOptions: setup.retryOptions,
        httpClient,
    });
    return new GalleryTarget(client, request, {
        arm: { pipeline: client.pipeline, httpClient, endpoint: setup.armEndpoint },
        deadline: setup.deadline,
        ...(setup.log ? { log: setup.log } : {}),
    });
}

export { createGalleryTarget };
