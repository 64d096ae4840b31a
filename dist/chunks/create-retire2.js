import { m as messageOf, S as StepError, U as UsageError } from './errors.js';
import { a as effectiveRetention, e as emptyRetirePlan, r as retentionOf, d as day, b as days, c as requireRetention } from './rules.js';
import { n as needsFlag, c as compareVersions, a as allRegions, r as resolveLatest, b as ringHistory, p as patchFor, w as wireUpdate, v as versionPath, d as runLro, f as fromArm, C as ComputeManagementClient } from './arm.js';
import { a as armError } from './arm-error.js';
import { f as forEachPage, k as kqlEscape, R as ResourceGraphClient } from './resource-graph.js';
import { c as createDefaultHttpClient } from './pipelineRequest.js';
import './defaults.js';
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

/** Tags recording the retirement on the version itself (the promotion record's neighbours). */
const RETIRED_TAGS = { at: 'retired.at', by: 'retired.by', run: 'retired.run' };
/** Why each protected version must not be touched (version name → reasons). */
function protectedVersions(versions, policy) {
    const reasons = new Map();
    const add = (name, reason) => reasons.set(name, [...(reasons.get(name) ?? []), reason]);
    for (const ring of policy.rings) {
        const [current, previous] = ringHistory(versions, ring.name);
        if (current)
            add(current.version.name, `ring ${ring.name}`);
        if (previous)
            add(previous.version.name, `rollback target of ${ring.name}`);
    }
    const latest = resolveLatest(versions, allRegions(versions));
    const byVersion = new Map();
    for (const [region, name] of latest) {
        if (name)
            byVersion.set(name, [...(byVersion.get(name) ?? []), region]);
    }
    for (const [name, regions] of byVersion)
        add(name, `latest in ${regions.join(', ')}`);
    return reasons;
}
const BUSY = ['Updating', 'Creating', 'Deleting', 'Migrating'];
function rank(versions, policy) {
    const protection = protectedVersions(versions, policy);
    let n = 0;
    return [...versions]
        .sort((a, b) => compareVersions(b, a))
        .map((version) => {
        const reasons = protection.get(version.name);
        if (reasons)
            return { version, protection: reasons };
        if (BUSY.includes(version.provisioningState))
            return { version };
        return { version, rank: ++n };
    });
}
/**
 * Versions that would be deleted if nobody uses them: outside protection and keep, end of life passed.
 * observe() looks up the users of exactly these.
 */
function deletionCandidates(versions, policy, now) {
    if (!policy.retention?.deleteAfterEol)
        return [];
    const { keep } = effectiveRetention(policy.retention);
    return rank(versions, policy)
        .filter((r) => r.rank !== undefined && r.rank > keep && eolPassed(r.version, now))
        .map((r) => r.version);
}
function eolPassed(version, now) {
    return !!version.endOfLife && version.endOfLife.getTime() <= now.getTime();
}
function planRetire(state, ctx, ref, definitionId, versionId) {
    const plan = emptyRetirePlan(ref, definitionId, state.notes);
    const policy = ctx.policy;
    const retention = retentionOf(policy, plan);
    if (!retention)
        return plan;
    const now = ctx.now;
    const newEol = new Date(now.getTime() + retention.endOfLifeMs);
    const ranked = rank(state.versions, policy);
    const writes = [];
    const deletes = [];
    const inUse = [];
    const busy = [];
    let lookedUp = 0;
    for (const { version, protection, rank: position } of ranked) {
        const decision = { subject: version.name, action: 'keep', reasons: [] };
        if (version.endOfLife)
            decision.endOfLife = version.endOfLife.toISOString();
        plan.retirement.push(decision);
        if (protection) {
            decision.reasons.push(...protection);
            if (version.endOfLife)
                decision.reasons.push(`end of life already set (${day(version.endOfLife)})`);
            continue;
        }
        if (position === undefined) {
            decision.reasons.push(`provisioningState is ${version.provisioningState}; re-run once it settles`);
            busy.push(`${version.name} (${version.provisioningState})`);
            continue;
        }
        if (position <= retention.keep) {
            decision.reasons.push(`within keep (${position} of ${retention.keep})`);
            continue;
        }
        decision.reasons.push(`outside keep (${retention.keep} newest kept)`);
        if (retention.deleteAfterEol && eolPassed(version, now)) {
            const users = state.usage.get(version.name);
            if (state.usageError || !users) {
                decision.reasons.push(state.usageError ? 'in-use lookup failed' : 'in-use not looked up; re-run to delete it');
            }
            else {
                lookedUp++;
                if (users.length === 0) {
                    decision.action = 'delete';
                    decision.reasons.push(`end of life ${day(version.endOfLife)} passed`, 'not in use');
                    const write = {
                        kind: 'delete',
                        version: version.name,
                        versionId: versionId(version.name),
                    };
                    decision.changeId = changeId(write);
                    deletes.push(write);
                    continue;
                }
                decision.usedBy = users.map((u) => u.id);
                decision.reasons.push(`end of life ${day(version.endOfLife)} passed`, usersText(users));
                inUse.push(`${version.name}: ${usersText(users)} (${users.map((u) => u.name).join(', ')})`);
            }
        }
        // End of life and exclusion from latest (also for versions kept only because they are in use).
        decision.action = 'end-of-life';
        const setEol = !version.endOfLife || version.endOfLife.getTime() > newEol.getTime();
        const exclude = needsFlag(version, true);
        if (setEol) {
            decision.endOfLife = newEol.toISOString();
            decision.reasons.push(`end of life set to ${day(newEol)}`);
        }
        else {
            decision.reasons.push(`end of life already ${day(version.endOfLife)}`);
        }
        decision.reasons.push(exclude ? 'excluded from latest' : 'already excluded from latest');
        if (setEol || exclude) {
            const write = {
                kind: 'end-of-life',
                version: version.name,
                ...(setEol ? { endOfLife: newEol.toISOString() } : {}),
                exclude,
                record: recordTags(ctx),
            };
            decision.changeId = changeId(write);
            writes.push(write);
        }
    }
    plan.gates.push(retentionGate(policy, retention, ranked));
    if (retention.deleteAfterEol)
        plan.gates.push(usageGate(state, lookedUp, inUse));
    if (busy.length > 0) {
        plan.gates.push({
            id: 'busy',
            title: 'Operations in progress',
            status: 'warn',
            details: `left alone this run: ${busy.join(', ')}`,
        });
    }
    // Hide first (oldest first), then delete (oldest first): a failure part-way leaves fewer visible versions.
    const oldestFirst = (a, b) => compareVersions(versionOf(state, a.version), versionOf(state, b.version));
    plan.changes = [...writes.sort(oldestFirst), ...deletes.sort(oldestFirst)].map(toChange);
    plan.transitions = transitions(state.versions, [...writes, ...deletes]);
    return plan;
}
function versionOf(state, name) {
    return state.versions.find((v) => v.name === name);
}
function retentionGate(policy, retention, ranked) {
    const protectedCount = ranked.filter((r) => r.protection).length;
    return {
        id: 'retention',
        title: 'Retention policy',
        status: 'pass',
        details: `${policy.source}: ${protectedCount} version(s) protected by rings, rollback targets and latest; ` +
            `keep ${retention.keep} newest of the rest; end of life ${days(retention.endOfLifeMs)} from now; ` +
            `delete after end of life: ${retention.deleteAfterEol ? 'yes' : 'no'}`,
    };
}
function usageGate(state, lookedUp, inUse) {
    if (state.usageError) {
        return {
            id: 'in-use',
            title: 'In use',
            status: 'fail',
            details: `${state.usageError}; no version is deleted without knowing whether it is in use`,
        };
    }
    if (inUse.length > 0) {
        return {
            id: 'in-use',
            title: 'In use',
            status: 'warn',
            details: `kept because still in use: ${inUse.join('; ')}`,
        };
    }
    return {
        id: 'in-use',
        title: 'In use',
        status: 'pass',
        details: lookedUp === 0
            ? 'no version is due for deletion'
            : `none of the ${lookedUp} version(s) due for deletion is used by a scale set or virtual machine`,
    };
}
/** The `retired.*` tags for this run (values clipped to ARM's 256 characters). */
function recordTags(ctx) {
    const tags = { [RETIRED_TAGS.at]: ctx.record.at.toISOString() };
    if (ctx.record.actor)
        tags[RETIRED_TAGS.by] = ctx.record.actor.slice(0, 256);
    if (ctx.record.runUrl)
        tags[RETIRED_TAGS.run] = ctx.record.runUrl.slice(0, 256);
    return tags;
}
function usersText(users) {
    const sets = users.filter((u) => u.kind === 'scale set').length;
    const vms = users.length - sets;
    const parts = [];
    if (sets > 0)
        parts.push(`${sets} scale set${sets > 1 ? 's' : ''}`);
    if (vms > 0)
        parts.push(`${vms} virtual machine${vms > 1 ? 's' : ''}`);
    return `in use by ${parts.join(' and ')}`;
}
function changeId(write) {
    return `${write.kind}:${write.version}`;
}
function toChange(write) {
    let summary;
    if (write.kind === 'delete') {
        summary = 'delete version (end of life passed, not in use)';
    }
    else {
        const parts = [];
        if (write.endOfLife)
            parts.push(`set end of life ${day(new Date(write.endOfLife))}`);
        if (write.exclude)
            parts.push('exclude from latest in all regions');
        parts.push(`record ${RETIRED_TAGS.at}`);
        summary = parts.join('; ');
    }
    return { id: changeId(write), resource: write.version, summary, payload: write };
}
/** `latest` per region before → after (retirement must not move it) and the number of versions. */
function transitions(versions, writes) {
    const after = versionsAfter(versions, writes);
    const rows = [
        { subject: 'versions', before: String(versions.length), after: String(after.length) },
    ];
    const regions = allRegions(versions);
    const before = resolveLatest(versions, regions);
    const later = resolveLatest(after, regions);
    for (const region of regions) {
        rows.push({
            subject: `latest in ${region}`,
            before: before.get(region) ?? '(none)',
            after: later.get(region) ?? '(none)',
        });
    }
    return rows;
}
/** The versions as they will be once the writes are applied. */
function versionsAfter(versions, writes) {
    const deleted = new Set(writes.filter((w) => w.kind === 'delete').map((w) => w.version));
    return versions
        .filter((v) => !deleted.has(v.name))
        .map((version) => {
        const write = writes.find((w) => w.version === version.name && w.kind === 'end-of-life');
        if (!write || write.kind !== 'end-of-life' || !write.exclude)
            return version;
        return {
            ...version,
            excludeFromLatest: true,
            regions: version.regions.map((r) => ({ ...r, excludeFromLatest: true })),
        };
    });
}

/** Planned end-of-life dates may be written a little later than planned (clock, rounding). */
const EOL_TOLERANCE_MS = 60_000;
class GalleryRetireTarget {
    options;
    ref;
    definitionId;
    api;
    path;
    observed = [];
    constructor(client, options) {
        this.options = options;
        const s = options.settings;
        this.api = client.galleryImageVersions;
        this.path = [s.resourceGroup, s.gallery, s.imageDefinition];
        this.definitionId =
            `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}` +
                `/providers/Microsoft.Compute/galleries/${s.gallery}/images/${s.imageDefinition}`;
        this.ref = {
            kind: 'gallery',
            key: this.definitionId.toLowerCase(),
            display: `${s.gallery}/${s.imageDefinition}`,
        };
    }
    versionId(name) {
        return `${this.definitionId}/versions/${name}`;
    }
    async observe() {
        const versions = await this.listVersions();
        this.observed = versions;
        const now = this.options.now?.() ?? new Date();
        const candidates = deletionCandidates(versions, this.options.policy, now);
        const state = { versions, usage: new Map(), notes: [] };
        if (candidates.length === 0)
            return state;
        try {
            const users = await this.options.usage.usersOf(candidates.map((v) => this.versionId(v.name)));
            for (const version of candidates) {
                state.usage.set(version.name, users.get(this.versionId(version.name).toLowerCase()) ?? []);
            }
            state.notes.push(`looked up scale sets and virtual machines using ${candidates.length} version(s) with Azure Resource Graph ` +
                '(every subscription this identity can read)');
        }
        catch (error) {
            state.usageError = messageOf(error);
        }
        return state;
    }
    plan(state, ctx) {
        return planRetire(state, ctx, this.ref, this.definitionId, (name) => this.versionId(name));
    }
    async apply(change) {
        const write = change.payload;
        if (write.kind === 'delete')
            return this.delete(write);
        const current = await this.recheck(`Updating version ${write.version}`, write.version);
        if (!current)
            throw new StepError(`Reading version ${write.version}`, 'NotFound', this.notFound(write.version));
        // The first retirement is recorded once; re-runs keep the original record.
        const setTags = current.tags[RETIRED_TAGS.at] ? {} : write.record;
        const patch = patchFor(current, {
            version: write.version,
            setTags,
            removeTags: [],
            latest: { exclude: true },
        }) ?? {};
        const wanted = write.endOfLife ? new Date(write.endOfLife) : undefined;
        if (wanted && (!current.endOfLife || current.endOfLife.getTime() > wanted.getTime())) {
            patch.publishingProfile = { ...patch.publishingProfile, endOfLifeDate: wanted };
        }
        if (!patch.tags && !patch.publishingProfile)
            return;
        // A Failed or Canceled operation throws naming Azure's code; verify() reads the result back.
        await this.write(`Updating version ${write.version}`, {
            method: 'PATCH',
            path: versionPath(this.options.settings, write.version),
            body: wireUpdate(patch),
        });
    }
    /**
     * Re-check of the protection, as the registry retire does: one list just before each write, and the
     * write only goes ahead while every ring holder, rollback target and latest is what the plan saw (a promotion
     * or rollback that ran meanwhile may have made this version one of them). Returns the version as it is now.
     */
    async recheck(step, version) {
        const versions = await this.listVersions();
        const moved = movedProtection(this.observed, versions, this.options.policy);
        if (moved.length > 0) {
            throw new StepError(step, 'Conflict', `${moved.join('; ')} since the plan (a promotion or rollback ran meanwhile); nothing written; re-run to re-plan`);
        }
        return versions.find((v) => v.name === version);
    }
    /** Re-checks everything the plan relied on just before deleting: still there, end of life passed, unused. */
    async delete(write) {
        const step = `Deleting version ${write.version}`;
        const current = await this.recheck(step, write.version);
        if (!current)
            return; // already gone: a re-run after a partial failure
        const now = this.options.now?.() ?? new Date();
        if (!current.endOfLife || current.endOfLife.getTime() > now.getTime()) {
            throw new StepError(step, 'EndOfLifeNotReached', `end of life of ${write.version} has not passed; not deleted`);
        }
        if (current.provisioningState === 'Deleting')
            return this.waitGone(write.version, step);
        const users = (await this.options.usage.usersOf([write.versionId])).get(write.versionId.toLowerCase()) ?? [];
        if (users.length > 0) {
            throw new StepError(step, 'InUse', `${write.version} is now ${usersText(users)} (${users.map((u) => u.id).join(', ')}); not deleted`);
        }
        await this.write(step, { method: 'DELETE', path: versionPath(this.options.settings, write.version) });
    }
    /** One long-running write, ended by the run's deadline (requests and the waits between polls). */
    async write(step, write) {
        const delays = this.options.updateIntervalInMs;
        try {
            await runLro(this.options.arm, write, {
                step,
                abortSignal: this.signal,
                ...(delays !== undefined ? { noAdviceDelaysMs: [delays] } : {}),
            });
        }
        catch (error) {
            throw error instanceof StepError ? error : this.armError(step, error);
        }
    }
    async waitGone(version, step) {
        for (let i = 0; i < 30; i++) {
            if (!(await this.getVersion(version)))
                return;
            await new Promise((resolve) => setTimeout(resolve, this.options.updateIntervalInMs ?? 2000));
        }
        throw new StepError(step, 'Deleting', `${version} is still being deleted; re-run to check again`);
    }
    async verify(plan) {
        const versions = await this.listVersions();
        const byName = new Map(versions.map((v) => [v.name, v]));
        const problems = [];
        for (const change of plan.changes) {
            const write = change.payload;
            const version = byName.get(write.version);
            if (write.kind === 'delete') {
                if (version)
                    problems.push(`${write.version} still exists (provisioningState ${version.provisioningState})`);
                continue;
            }
            if (!version) {
                problems.push(`${write.version} is gone, expected it with an end-of-life date`);
                continue;
            }
            if (write.endOfLife) {
                const wanted = new Date(write.endOfLife).getTime();
                if (!version.endOfLife || version.endOfLife.getTime() > wanted + EOL_TOLERANCE_MS) {
                    problems.push(`${write.version} has end of life ${version.endOfLife?.toISOString() ?? 'unset'}, expected ${write.endOfLife}`);
                }
            }
            if (needsFlag(version, true))
                problems.push(`${write.version} is not excluded from latest everywhere`);
        }
        const gates = [
            problems.length === 0
                ? {
                    id: 'verify-retired',
                    title: 'Retired versions',
                    status: 'pass',
                    details: `${plan.changes.length} change(s) read back as intended`,
                }
                : { id: 'verify-retired', title: 'Retired versions', status: 'fail', details: problems.join('; ') },
        ];
        // Nothing a ring, a rollback or latest relies on moved.
        const moved = movedProtection(this.observed, versions, this.options.policy);
        gates.push(moved.length === 0
            ? {
                id: 'verify-protected',
                title: 'Rings and latest',
                status: 'pass',
                details: 'every ring, rollback target and latest is as before',
            }
            : { id: 'verify-protected', title: 'Rings and latest', status: 'fail', details: moved.join('; ') });
        return gates;
    }
    get signal() {
        return this.options.deadline?.signal;
    }
    /** A timeout naming the step once the deadline has passed, else the ARM error. */
    armError(step, error) {
        return this.options.deadline?.timedOut(step) ?? armError(step, error);
    }
    async listVersions() {
        const [rg, gallery, image] = this.path;
        const versions = [];
        try {
            for await (const version of this.api.listByGalleryImage(rg, gallery, image, {
                abortSignal: this.signal,
            }))
                versions.push(fromArm(version));
        }
        catch (error) {
            if (error.statusCode === 404) {
                const s = this.options.settings;
                throw new StepError('Listing image versions', error.code, `image definition '${s.imageDefinition}' was not found in gallery '${s.gallery}' (resource group '${s.resourceGroup}')`);
            }
            throw this.armError('Listing image versions', error);
        }
        return versions;
    }
    async getVersion(name) {
        const [rg, gallery, image] = this.path;
        try {
            return fromArm(await this.api.get(rg, gallery, image, name, { abortSignal: this.signal }));
        }
        catch (error) {
            if (error.statusCode === 404)
                return undefined;
            throw this.armError(`Reading version ${name}`, error);
        }
    }
    notFound(version) {
        const s = this.options.settings;
        return `version ${version} was not found in image definition '${s.imageDefinition}' of gallery '${s.gallery}'`;
    }
}
/**
 * What a ring (its holder and rollback target) or latest (per region the observed versions target) relies on
 * and moved between two listings, in words: `prod: 2.0.0 → 1.2.0, 2.0.0`. Empty when nothing moved.
 */
function movedProtection(before, after, policy) {
    const moved = [];
    for (const ring of policy.rings) {
        const holders = (versions) => ringHistory(versions, ring.name)
            .slice(0, 2)
            .map((h) => h.version.name);
        const was = holders(before);
        const is = holders(after);
        if (was.join() !== is.join())
            moved.push(`${ring.name}: ${was.join(', ') || 'none'} → ${is.join(', ') || 'none'}`);
    }
    const regions = allRegions(before);
    const latestBefore = resolveLatest(before, regions);
    const latestAfter = resolveLatest(after, regions);
    for (const region of regions) {
        if (latestBefore.get(region) !== latestAfter.get(region)) {
            moved.push(`latest in ${region}: ${latestBefore.get(region) ?? 'none'} → ${latestAfter.get(region) ?? 'none'}`);
        }
    }
    return moved;
}

/** Ids per query: keeps the query text well under Resource Graph's limits. */
const IDS_PER_QUERY = 200;
const STEP = 'Looking up scale sets and virtual machines that use the versions (Resource Graph)';
const SCALE_SET = 'microsoft.compute/virtualmachinescalesets';
const VIRTUAL_MACHINE = 'microsoft.compute/virtualmachines';
/** The one query for a set of version ids (exported for tests and the emulator). */
function usageQuery(versionIds) {
    const list = versionIds.map((id) => `'${kqlEscape(id.toLowerCase())}'`).join(', ');
    return [
        'resources',
        `| where type =~ '${SCALE_SET}' or type =~ '${VIRTUAL_MACHINE}'`,
        `| extend imageId = tolower(iff(type =~ '${SCALE_SET}', tostring(properties.virtualMachineProfile.storageProfile.imageReference.id), tostring(properties.storageProfile.imageReference.id)))`,
        `| where imageId in~ (${list})`,
        '| project id, name, type, imageId',
        '| order by id asc',
    ].join('\n');
}
class ResourceGraphUsage {
    client;
    abortSignal;
    constructor(client, 
    /** The run's deadline signal: every page request is aborted when it passes. */
    abortSignal) {
        this.client = client;
        this.abortSignal = abortSignal;
    }
    async usersOf(versionIds) {
        const result = new Map(versionIds.map((id) => [id.toLowerCase(), []]));
        for (let i = 0; i < versionIds.length; i += IDS_PER_QUERY) {
            const query = usageQuery(versionIds.slice(i, i + IDS_PER_QUERY));
            await forEachPage(this.client, { query, step: STEP, abortSignal: this.abortSignal }, (data) => {
                for (const row of rows(data)) {
                    const users = result.get(row.imageId);
                    if (users && !users.some((u) => u.id.toLowerCase() === row.id.toLowerCase()))
                        users.push(row);
                }
            });
        }
        return result;
    }
}
function rows(data) {
    if (!Array.isArray(data))
        return [];
    return data.flatMap((row) => {
        if (!row || typeof row !== 'object')
            return [];
        const r = row;
        const id = String(r.id ?? '');
        const imageId = String(r.imageId ?? '').toLowerCase();
        if (!id || !imageId)
            return [];
        const type = String(r.type ?? '').toLowerCase();
        return [
            {
                id,
                name: String(r.name ?? id.split('/').pop()),
                kind: type === SCALE_SET ? 'scale set' : 'virtual machine',
                imageId,
            },
        ];
    });
}

// Builds the gallery retire target. Loaded with import() by targets.ts only for `operation: retire`, so a
// promotion never compiles the Resource Graph client.
/** The retire target of one image definition; checks the policy's retention and the credential first. */
function createGalleryRetireTarget(options) {
    const { target, credential, armEndpoint, deadline } = options;
    requireRetention(options.policy);
    if (!credential)
        throw new UsageError('Retiring gallery image versions needs an Azure credential.');
    const common = {
        endpoint: armEndpoint,
        // The clients' default scope is the public cloud's; sovereign clouds and the emulator need their own.
        credentials: { scopes: [`${armEndpoint}/.default`] },
        ...(options.userAgent ? { userAgentOptions: { userAgentPrefix: options.userAgent } } : {}),
        ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
    };
    // One HTTP client for the SDK's reads and the action's own PATCH, DELETE and polls: one connection to ARM.
    const httpClient = createDefaultHttpClient();
    const compute = new ComputeManagementClient(credential, target.subscriptionId, { ...common, httpClient });
    const usage = options.usage ?? new ResourceGraphUsage(new ResourceGraphClient(credential, common), deadline?.signal);
    return new GalleryRetireTarget(compute, {
        settings: target,
        policy: options.policy,
        usage,
        arm: { pipeline: compute.pipeline, httpClient, endpoint: armEndpoint },
        updateIntervalInMs: options.updateIntervalInMs,
        ...(deadline ? { deadline } : {}),
    });
}

export { createGalleryRetireTarget };
