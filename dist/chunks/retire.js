import { S as StepError, U as UsageError } from './errors.js';
import { D as DEFAULT_POLICY_SOURCE } from './regions.js';
import { r as rollbackTarget, s as short, e as effectiveEndOfLife, a as RepositoryClient, f as fallbackTag, b as isRecordDescriptor, d as isEolDescriptor, i as isAcrHost, g as acrManifestProperties, M as MediaTypes, h as readReferrerRecords, j as acrTagState, k as buildEolArtifact, E as EMPTY_DESCRIPTOR, l as EMPTY_CONFIG, m as sha256, n as deleteManifest } from './target.js';
import { n as needsFlag, r as ringHistory, a as resolveLatest, b as allRegions, c as compareVersions, p as patchFor, w as wireUpdate, v as versionPath, d as runLro, e as armError, f as fromArm } from './target2.js';
import { f as forEachPage, k as kqlEscape, R as ResourceGraphClient } from './resource-graph.js';
import { C as ComputeManagementClient } from './computeManagementClient.js';
import { c as createDefaultHttpClient } from './defaultHttpClient.js';
import 'node:fs/promises';
import 'node:path';
import 'node:crypto';
import './serviceClient.js';
import './bearerTokenAuthenticationPolicy.js';
import 'node:http';
import 'node:https';
import 'node:zlib';
import 'node:stream';
import 'node:os';
import 'node:process';
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
import 'node:util';
import 'node:buffer';
import './ring-gates.js';
import './reference.js';
import './_commonjsHelpers.js';
import 'node:timers/promises';

const DEFAULT_KEEP = 5;
const DEFAULT_END_OF_LIFE_MS = 30 * 86_400_000;
/** Tags recording the retirement on the version itself (the promotion record's neighbours). */
const RETIRED_TAGS = { at: 'retired.at', by: 'retired.by', run: 'retired.run' };
function effectiveRetention(retention) {
    return {
        keep: retention.keep ?? DEFAULT_KEEP,
        endOfLifeMs: retention.endOfLifeMs ?? DEFAULT_END_OF_LIFE_MS,
        deleteAfterEol: retention.deleteAfterEol,
    };
}
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
function rank$1(versions, policy) {
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
    return rank$1(versions, policy)
        .filter((r) => r.rank !== undefined && r.rank > keep && eolPassed(r.version, now))
        .map((r) => r.version);
}
function eolPassed(version, now) {
    return !!version.endOfLife && version.endOfLife.getTime() <= now.getTime();
}
/** A retire plan before any decision: retirement spans every ring, so it names none and no single version. */
function emptyRetirePlan(target, imageId, notes) {
    return {
        target,
        operation: 'retire',
        ring: '',
        version: '',
        imageId,
        regions: [],
        gates: [],
        changes: [],
        transitions: [],
        notes: [...notes],
        retirement: [],
    };
}
/** The retention in force, noting defaults on the plan; without a `retention:` section, a failing gate instead. */
function retentionOf(policy, plan) {
    if (!policy.retention) {
        plan.gates.push({
            id: 'retention',
            title: 'Retention policy',
            status: 'fail',
            details: `${policy.source} has no retention section`,
        });
        return undefined;
    }
    if (policy.retention.keep === undefined)
        plan.notes.push(`retention.keep is not set: ${DEFAULT_KEEP} is used`);
    if (policy.retention.endOfLifeMs === undefined)
        plan.notes.push(`retention.end-of-life is not set: 30d is used`);
    return effectiveRetention(policy.retention);
}
function planRetire(state, ctx, ref, definitionId, versionId) {
    const plan = emptyRetirePlan(ref, definitionId, state.notes);
    const policy = ctx.policy;
    const retention = retentionOf(policy, plan);
    if (!retention)
        return plan;
    const now = ctx.now;
    const newEol = new Date(now.getTime() + retention.endOfLifeMs);
    const ranked = rank$1(state.versions, policy);
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
                    decision.changeId = changeId$1(write);
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
            decision.changeId = changeId$1(write);
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
    plan.changes = [...writes.sort(oldestFirst), ...deletes.sort(oldestFirst)].map(toChange$1);
    plan.transitions = transitions$1(state.versions, [...writes, ...deletes]);
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
function changeId$1(write) {
    return `${write.kind}:${write.version}`;
}
function toChange$1(write) {
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
    return { id: changeId$1(write), resource: write.version, summary, payload: write };
}
/** `latest` per region before → after (retirement must not move it) and the number of versions. */
function transitions$1(versions, writes) {
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
function day(date) {
    return date.toISOString().slice(0, 10);
}
function days(ms) {
    const d = ms / 86_400_000;
    return Number.isInteger(d) ? `${d}d` : `${Math.round(ms / 3_600_000)}h`;
}

const LATEST_TAG = 'latest';
function tagsOfRing(ring) {
    return ring.tags.length > 0 ? ring.tags : [ring.name];
}
/** Every tag whose digest is protected: each ring's tags and `latest`. */
function guardedTags(policy) {
    return [...new Set([...policy.rings.flatMap(tagsOfRing), LATEST_TAG])];
}
/** Why each protected digest must not be touched (digest → reasons). */
function protectedDigests(state, policy) {
    const reasons = new Map();
    const add = (digest, reason) => reasons.set(digest, [...(reasons.get(digest) ?? []), reason]);
    const info = byDigest(state);
    for (const ring of policy.rings) {
        const held = new Map();
        for (const tag of tagsOfRing(ring)) {
            const digest = state.ringTags[tag];
            if (digest)
                held.set(digest, [...(held.get(digest) ?? []), tag]);
        }
        for (const [digest, tags] of held)
            add(digest, `ring ${ring.name} (${tags.length > 1 ? 'tags' : 'tag'} ${tags.join(', ')})`);
        const head = state.ringTags[tagsOfRing(ring)[0]];
        const previous = head ? rollbackTarget(info.get(head)?.records ?? [], ring.name) : undefined;
        if (previous)
            add(previous, `rollback target of ${ring.name}`);
    }
    const latest = state.ringTags[LATEST_TAG];
    if (latest && !policy.rings.some((r) => tagsOfRing(r).includes(LATEST_TAG)))
        add(latest, 'tag latest');
    // An index needs its platform images: protect them too (several levels, for nested indexes).
    for (const digest of reasons.keys())
        protectChildren(info, digest, reasons);
    return reasons;
}
function protectChildren(info, parent, reasons) {
    for (const child of info.get(parent)?.children ?? []) {
        if (reasons.has(child))
            continue;
        reasons.set(child, [`platform image of protected index ${short(parent)}`]);
        protectChildren(info, child, reasons);
    }
}
function newestFirst(a, b) {
    const ta = a.pushed ? Date.parse(a.pushed.at) : -Infinity;
    const tb = b.pushed ? Date.parse(b.pushed.at) : -Infinity;
    return tb - ta || a.digest.localeCompare(b.digest);
}
function rank(state, policy) {
    const protection = protectedDigests(state, policy);
    let n = 0;
    return [...state.digests].sort(newestFirst).map((info) => {
        const reasons = protection.get(info.digest);
        if (reasons)
            return { info, protection: reasons };
        if (info.subject || !info.pushed)
            return { info };
        return { info, rank: ++n };
    });
}
/** Digests outside protection and keep: observe reads their referrers and ACR tag locks. */
function outsideKeep(state, policy) {
    if (!policy.retention)
        return [];
    const { keep } = effectiveRetention(policy.retention);
    return rank(state, policy)
        .filter((r) => r.rank !== undefined && r.rank > keep)
        .map((r) => r.info);
}
function planRegistryRetire(state, ctx, ref) {
    const plan = emptyRetirePlan(ref, `${state.registry}/${state.repository}`, state.notes);
    const retention = retentionOf(ctx.policy, plan);
    if (!retention)
        return plan;
    const ranked = rank(state, ctx.policy);
    const decisions = new Map();
    const outside = [];
    const locked = [];
    for (const r of ranked) {
        const decision = {
            subject: r.info.digest,
            action: 'keep',
            reasons: [],
            tags: r.info.tags,
        };
        decisions.set(r.info.digest, decision);
        if (r.protection)
            decision.reasons.push(...r.protection);
        else if (r.info.subject)
            continue; // decided with its subject, below
        else if (!r.info.pushed)
            decision.reasons.push(UNKNOWN_TIME);
        else if (r.rank <= retention.keep)
            decision.reasons.push(`within keep (${r.rank} of ${retention.keep})`);
        else if (r.info.locks.length > 0) {
            decision.reasons.push(`outside keep, but locked on ACR (${r.info.locks.join(', ')}); not unlocked`);
            locked.push(r.info);
        }
        else
            outside.push(r.info);
    }
    const leaving = outside.filter((info) => !keptIndexNeeds(state, outside, info, decisions));
    let writes = [];
    const guard = guardOf(state, ctx.policy);
    for (const info of leaving) {
        const decision = decisions.get(info.digest);
        decision.reasons.push(`outside keep (${retention.keep} newest kept)`);
        const write = decideOutside(state, ctx, retention, info, decision, guard);
        if (write)
            writes.push(write);
    }
    writes = spareNeededPlatformImages(state, writes, decisions);
    followSubjects(state, decisions, writes);
    plan.retirement = ranked.map((r) => decisions.get(r.info.digest));
    for (const leftover of state.leftovers ?? []) {
        const write = { kind: 'leftovers', guard, ...leftover };
        writes.push(write);
        plan.retirement.push({
            subject: leftover.digest,
            action: 'delete',
            reasons: ['deleted by an earlier run that stopped before removing its records; they go now'],
            tags: [],
            changeId: changeId(write),
        });
    }
    plan.gates.push(...gates(ctx.policy, retention, ranked, locked));
    plan.changes = ordered(state, writes).map((w) => toChange(state, w));
    plan.transitions = transitions(state, ctx.policy, plan.retirement);
    return plan;
}
const UNKNOWN_TIME = 'push time unknown (no ACR createdOn, created annotation or config, or record); kept';
/** A platform image of an index that stays (kept, protected or locked) stays with it, and says so. */
function keptIndexNeeds(state, outside, info, decisions) {
    const parent = parents(state, info.digest).find((p) => !outside.includes(p));
    if (parent)
        decisions.get(info.digest).reasons.push(`platform image of kept index ${short(parent.digest)}`);
    return parent !== undefined;
}
/**
 * A platform image is deleted only together with every index that lists it: one whose index only gets an
 * end-of-life record is kept (until the index goes), so no index is ever left pointing at nothing.
 */
function spareNeededPlatformImages(state, writes, decisions) {
    let remaining = writes;
    for (;;) {
        const deleted = new Set(remaining.filter((w) => w.kind === 'delete').map((w) => w.digest));
        const spared = remaining.find((w) => w.kind === 'delete' && parents(state, w.digest).some((p) => !deleted.has(p.digest)));
        if (!spared)
            return remaining;
        const decision = decisions.get(spared.digest);
        const parent = parents(state, spared.digest).find((p) => !deleted.has(p.digest));
        decision.action = 'end-of-life';
        delete decision.changeId;
        decision.reasons.splice(-1, 1, `platform image of ${short(parent.digest)}, which is not deleted; kept until it is`);
        remaining = remaining.filter((w) => w !== spared);
    }
}
function parents(state, digest) {
    return state.digests.filter((d) => d.children.includes(digest));
}
function decideOutside(state, ctx, retention, info, decision, guard) {
    if (!info.referrers) {
        decision.reasons.push('referrers not read; re-run to retire it');
        return undefined;
    }
    decision.action = 'end-of-life';
    const eol = effectiveEndOfLife(info.endOfLife ?? []);
    if (!eol) {
        const endOfLife = new Date(ctx.now.getTime() + retention.endOfLifeMs).toISOString();
        decision.endOfLife = endOfLife;
        decision.reasons.push(`end of life set to ${endOfLife.slice(0, 10)} (recorded on the digest)`);
        const write = {
            kind: 'end-of-life',
            digest: info.digest,
            subject: { mediaType: info.mediaType, digest: info.digest, size: info.size },
            record: eolRecord(state, ctx, info.digest, endOfLife),
            guard,
        };
        decision.changeId = changeId(write);
        return write;
    }
    decision.endOfLife = eol.toISOString();
    if (eol.getTime() > ctx.now.getTime()) {
        decision.reasons.push(`end of life already ${day(eol)}`);
        return undefined;
    }
    if (!retention.deleteAfterEol) {
        decision.reasons.push(`end of life ${day(eol)} passed; delete-after-eol is off`);
        return undefined;
    }
    decision.action = 'delete';
    const referrers = (info.referrers ?? []).map((d) => d.digest);
    decision.reasons.push(`end of life ${day(eol)} passed`, `deleted with ${referrers.length} referrer(s)`);
    const write = {
        kind: 'delete',
        digest: info.digest,
        tags: info.tags,
        referrers,
        attachmentTags: state.attachments[info.digest] ?? [],
        guard,
    };
    decision.changeId = changeId(write);
    return write;
}
/** Tagged referrers go with their subject: deleted with it (by its change), else kept. */
function followSubjects(state, decisions, writes) {
    for (const info of state.digests) {
        const decision = decisions.get(info.digest);
        if (!info.subject || decision.reasons.length > 0)
            continue;
        const subject = writes.find((w) => w.kind === 'delete' && w.digest === info.subject);
        if (subject?.kind === 'delete') {
            decision.action = 'delete';
            decision.changeId = changeId(subject);
            decision.reasons.push(`referrer of ${short(info.subject)}, deleted with it`);
            if (!subject.referrers.includes(info.digest))
                subject.referrers.push(info.digest);
        }
        else {
            decision.reasons.push(`referrer of ${short(info.subject)}, which stays`);
        }
    }
}
function guardOf(state, policy) {
    return Object.fromEntries(guardedTags(policy).map((tag) => [tag, state.ringTags[tag] ?? null]));
}
function eolRecord(state, ctx, digest, endOfLife) {
    return {
        version: 1,
        type: 'end-of-life',
        digest,
        endOfLife,
        at: ctx.record.at.toISOString(),
        actor: ctx.record.actor,
        runUrl: ctx.record.runUrl,
        sha: ctx.record.sha,
        registry: state.registry,
        repository: state.repository,
    };
}
function gates(policy, retention, ranked, locked) {
    const protectedCount = ranked.filter((r) => r.protection).length;
    const result = [
        {
            id: 'retention',
            title: 'Retention policy',
            status: 'pass',
            details: `${policy.source}: ${protectedCount} digest(s) protected by ring tags, rollback targets and latest; ` +
                `keep ${retention.keep} newest of the rest by push time; end of life ${days(retention.endOfLifeMs)} ` +
                `after leaving retention; delete after end of life: ${retention.deleteAfterEol ? 'yes' : 'no'}`,
        },
    ];
    const unknown = ranked.filter((r) => !r.protection && !r.info.subject && !r.info.pushed);
    if (unknown.length > 0) {
        result.push({
            id: 'push-time',
            title: 'Push time',
            status: 'warn',
            details: `kept because their push time is unknown: ${unknown.map((r) => short(r.info.digest)).join(', ')}`,
        });
    }
    if (locked.length > 0) {
        result.push({
            id: 'locks',
            title: 'ACR locks',
            status: 'warn',
            details: `outside retention but locked, kept and not unlocked: ${locked.map((i) => `${short(i.digest)} (${i.locks.join(', ')})`).join('; ')}`,
        });
    }
    return result;
}
/** End-of-life records first, then deletes (an index before its platform images), then leftovers; oldest first. */
function ordered(state, writes) {
    const info = byDigest(state);
    const deleted = new Set(writes.filter((w) => w.kind === 'delete').map((w) => w.digest));
    const isChildOfDeleted = (digest) => state.digests.some((d) => deleted.has(d.digest) && d.children.includes(digest));
    const key = (w) => [
        w.kind === 'end-of-life' ? 0 : w.kind === 'delete' ? 1 : 2,
        w.kind === 'delete' && isChildOfDeleted(w.digest) ? 1 : 0,
        Date.parse(info.get(w.digest)?.pushed?.at ?? '') || 0,
    ];
    return [...writes].sort((a, b) => {
        const [ka, kb] = [key(a), key(b)];
        return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
    });
}
function changeId(write) {
    return `${write.kind}:${write.digest}`;
}
function toChange(state, write) {
    const tags = write.kind === 'delete' ? write.tags : (byDigest(state).get(write.digest)?.tags ?? []);
    const resource = `${state.repository}@${short(write.digest)}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`;
    return { id: changeId(write), resource, summary: summaryOf(write), payload: write };
}
function summaryOf(write) {
    switch (write.kind) {
        case 'end-of-life':
            return `record end of life ${write.record.endOfLife.slice(0, 10)} (referrer artifact)`;
        case 'delete':
            return (`delete the manifest and its ${write.tags.length} tag(s), ${write.referrers.length} referrer(s)` +
                (write.attachmentTags.length > 0 ? ` and ${write.attachmentTags.length} attachment tag(s)` : ''));
        case 'leftovers':
            return `remove the ${write.referrers.length} record(s) and the referrers index ${write.tag} left by the deleted digest`;
    }
}
/** Digests and tags before → after, and every ring tag (retirement must not move any). */
function transitions(state, policy, decisions) {
    const tagged = state.digests.filter((d) => d.tags.length > 0);
    const gone = new Set(decisions.filter((d) => d.action === 'delete').map((d) => d.subject));
    const tags = (list) => list.reduce((n, d) => n + d.tags.length, 0);
    const left = tagged.filter((d) => !gone.has(d.digest));
    const rows = [
        { subject: 'tagged digests', before: String(tagged.length), after: String(left.length) },
        { subject: 'tags', before: String(tags(tagged)), after: String(tags(left)) },
    ];
    for (const tag of guardedTags(policy)) {
        const digest = state.ringTags[tag];
        if (digest)
            rows.push({ subject: `${state.repository}:${tag}`, before: digest, after: digest });
    }
    return rows;
}
function byDigest(state) {
    return new Map(state.digests.map((d) => [d.digest, d]));
}

/** Reads in flight at once while observing (tags, manifests): enough to hide latency, polite to the registry. */
const READS_IN_FLIGHT = 8;
/** How long the read-back that settles an uncertain write may take, even after the deadline passed. */
const CHECK_MS = 15_000;
/** `sha256-<hex>` (referrers fallback index) and cosign's `sha256-<hex>.sig` / `.att` / `.sbom`. */
const ATTACHMENT_TAG = /^sha256-([a-f0-9]{64})(\.[a-z]+)?$/;
const IMAGE_CONFIGS = [
    'application/vnd.oci.image.config.v1+json',
    'application/vnd.docker.container.image.v1+json',
];
/** Reproducible builds stamp 1970 (or 1980) into `created`: that says nothing about age. */
const MEANINGFUL_TIME = Date.parse('1980-01-02T00:00:00Z');
const CREATED_ANNOTATION = 'org.opencontainers.image.created';
class RegistryRetireTarget {
    options;
    ref;
    repo;
    log;
    acr = false;
    observed;
    constructor(options) {
        this.options = options;
        this.repo = new RepositoryClient({
            registry: options.registry,
            repository: options.repository,
            ...(options.credential ? { credential: options.credential } : {}),
            ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
            ...(options.deadline ? { deadline: options.deadline } : {}),
        });
        this.log = options.log ?? (() => { });
        this.ref = {
            kind: 'registry',
            key: `registry:${options.registry}/${options.repository}`,
            display: `${options.registry}/${options.repository}`,
        };
    }
    async observe() {
        const { versionTags, attachments, byDigest, ringTags } = await this.readTags();
        this.acr = await this.isAcr(byDigest.keys().next().value);
        const described = await inParallel([...byDigest], ([digest, tags]) => this.describe(digest, tags));
        const state = {
            registry: this.options.registry,
            repository: this.options.repository,
            ringTags,
            digests: described.filter((d) => d !== undefined),
            attachments,
            missing: [],
            notes: [],
        };
        this.log(`Read ${versionTags.length} tag(s) on ${state.digests.length} digest(s)`);
        await this.complete(state);
        this.observed = state;
        return state;
    }
    plan(state, ctx) {
        return planRegistryRetire(state, ctx, this.ref);
    }
    async apply(change) {
        const write = change.payload;
        await this.checkGuard(write);
        if (write.kind === 'end-of-life')
            await this.writeEndOfLife(write);
        else if (write.kind === 'delete')
            await this.delete(write);
        else
            await this.removeLeftovers(write);
    }
    /** After a failed write: is it in effect anyway (a response lost after the registry applied it)? */
    async check(change) {
        const write = change.payload;
        this.repo.graceSignal = AbortSignal.timeout(CHECK_MS);
        try {
            return (await this.problemsAfter(write)).length === 0 ? 'applied' : 'not-applied';
        }
        finally {
            this.repo.graceSignal = undefined;
        }
    }
    async verify(plan) {
        const problems = [];
        for (const change of plan.changes)
            problems.push(...(await this.problemsAfter(change.payload)));
        return [
            gate('verify-retired', 'Retired digests', problems, `${plan.changes.length} change(s) read back as intended`),
            gate('verify-protected', 'Rings and rollback targets', await this.movedProtection(), 'every ring tag, latest and rollback target is as before'),
        ];
    }
    /** What a read-back finds wrong after one write. */
    async problemsAfter(write) {
        if (write.kind === 'end-of-life')
            return (await this.hasEndOfLife(write)) ? [] : [`no end-of-life record found on ${write.digest}`];
        if (write.kind === 'delete' && (await this.repo.resolve(write.digest)))
            return [`${write.digest} still exists`];
        const index = await this.repo.getManifest(fallbackTag(write.digest));
        return (index?.json.manifests?.length ?? 0) > 0
            ? [`the referrers index ${fallbackTag(write.digest)} of deleted ${short(write.digest)} is left`]
            : [];
    }
    // ------------------------------------------------------------------------------------------ observe
    /** Fallback indexes of digests that are gone, listing only this action's records (a delete cut short). */
    async leftovers(state) {
        const found = [];
        for (const [digest, tags] of Object.entries(state.attachments)) {
            const tag = tags.find((t) => t === fallbackTag(digest));
            if (!tag || state.digests.some((d) => d.digest === digest) || (await this.repo.resolve(digest)))
                continue;
            const listed = (await this.repo.getManifest(tag))?.json.manifests ?? [];
            if (listed.length === 0 || !listed.every((d) => isRecordDescriptor(d) || isEolDescriptor(d)))
                continue;
            found.push({ digest, tag, referrers: listed.map((d) => d.digest) });
        }
        return found;
    }
    /** Every tag resolved to its digest (eight at a time), attachment tags set aside, ring tags picked out. */
    async readTags() {
        const { versionTags, attachments } = splitTags(await this.repo.listTags());
        const resolved = await inParallel(versionTags, async (tag) => [tag, (await this.repo.resolve(tag))?.digest]);
        const byDigest = new Map();
        for (const [tag, digest] of resolved)
            if (digest)
                byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
        const ringTags = {};
        for (const tag of guardedTags(this.options.policy)) {
            const digest = resolved.find(([t]) => t === tag)?.[1];
            if (digest)
                ringTags[tag] = digest;
        }
        return { versionTags, attachments, byDigest, ringTags };
    }
    /** ACR by its host name, or because it answers ACR's own API for a digest it has (the emulator, custom domains). */
    async isAcr(digest) {
        if (isAcrHost(this.options.registry))
            return true;
        return digest !== undefined && (await acrManifestProperties(this.repo, digest)) !== undefined;
    }
    /** What planning needs beyond the manifests: leftovers, rollback targets, record times, referrers, tag locks. */
    async complete(state) {
        state.leftovers = await this.leftovers(state);
        await this.addRollbackTargets(state);
        for (const info of state.digests.filter((d) => !d.pushed && !d.subject)) {
            await this.readReferrers(info);
            info.pushed = recordTime(info);
        }
        for (const info of outsideKeep(state, this.options.policy)) {
            await this.readReferrers(info);
            if (this.acr)
                info.locks.push(...(await this.tagLocks(info.tags)));
        }
        state.notes.push(...this.notes(state));
    }
    /** One digest: its manifest, push time and (on ACR) the manifest's lock. undefined when it is gone. */
    async describe(digest, tags) {
        const manifest = await this.repo.getManifest(digest);
        if (!manifest)
            return undefined;
        const { json } = manifest;
        const isIndex = manifest.mediaType === MediaTypes.ociIndex || manifest.mediaType === MediaTypes.dockerList;
        const info = {
            digest,
            mediaType: manifest.mediaType,
            size: manifest.content.length,
            tags: [...tags].sort(),
            children: isIndex ? (json.manifests ?? []).map((d) => d.digest) : [],
            ...(json.subject ? { subject: json.subject.digest } : {}),
            locks: [],
        };
        if (this.acr) {
            const acr = await acrManifestProperties(this.repo, digest);
            if (acr?.createdOn)
                info.pushed = { at: acr.createdOn.toISOString(), source: 'acr' };
            if (acr && !acr.writeEnabled)
                info.locks.push('manifest writeEnabled false');
            if (acr && !acr.deleteEnabled)
                info.locks.push('manifest deleteEnabled false');
        }
        info.pushed ??= await this.builtAt(json);
        return info;
    }
    /** OCI has no push time: the `created` annotation, else the image config's `created` (first platform of an index). */
    async builtAt(json) {
        const annotated = json.annotations?.[CREATED_ANNOTATION];
        if (meaningful(annotated))
            return { at: new Date(annotated).toISOString(), source: 'annotation' };
        let image = json;
        if (json.manifests) {
            const platform = json.manifests.find((d) => d.platform?.os !== 'unknown');
            image = platform ? (await this.repo.getManifest(platform.digest))?.json : undefined;
        }
        const config = image?.config;
        if (!config || !IMAGE_CONFIGS.includes(config.mediaType))
            return undefined;
        let created;
        try {
            created = JSON.parse((await this.repo.getBlob(config.digest)).toString('utf8')).created;
        }
        catch (error) {
            if (error instanceof SyntaxError)
                return undefined;
            throw error;
        }
        return meaningful(created) ? { at: new Date(created).toISOString(), source: 'config' } : undefined;
    }
    /** Each ring's rollback target, from the records on the digest its first tag holds: described even untagged. */
    async addRollbackTargets(state) {
        for (const ring of this.options.policy.rings) {
            const head = state.digests.find((d) => d.digest === state.ringTags[tagsOfRing(ring)[0]]);
            if (!head)
                continue;
            await this.readReferrers(head);
            const previous = rollbackTarget(head.records ?? [], ring.name);
            if (!previous || state.digests.some((d) => d.digest === previous) || state.missing.includes(previous))
                continue;
            const untagged = await this.describe(previous, []);
            if (untagged)
                state.digests.push(untagged);
            else
                state.missing.push(previous);
        }
    }
    /** Referrers, with the ring and end-of-life records among them (whose digest must be this one). */
    async readReferrers(info) {
        if (info.referrers)
            return;
        const found = await readReferrerRecords(this.repo, info.digest);
        info.referrers = found.referrers;
        info.records = found.records;
        info.endOfLife = found.endOfLife;
    }
    async tagLocks(tags) {
        const locks = [];
        for (const tag of tags) {
            const state = await acrTagState(this.repo, tag);
            if (state && !state.writeEnabled)
                locks.push(`tag ${tag} writeEnabled false`);
            if (state && !state.deleteEnabled)
                locks.push(`tag ${tag} deleteEnabled false`);
        }
        return locks;
    }
    notes(state) {
        const count = (source) => state.digests.filter((d) => d.pushed?.source === source).length;
        const sources = [
            ['ACR createdOn', count('acr')],
            [`the ${CREATED_ANNOTATION} annotation`, count('annotation')],
            ["the image config's created", count('config')],
            ['the first ring record', count('record')],
        ].filter(([, n]) => Number(n) > 0);
        const notes = [
            `push time (for keep) from ${sources.map(([what, n]) => `${what}: ${n}`).join(', ') || 'nowhere'}`,
            'platform images of a deleted index are left to the registry (garbage collection, or ACR untagged-manifest retention)',
        ];
        for (const digest of state.missing)
            notes.push(`rollback target ${digest} no longer exists`);
        return notes;
    }
    // -------------------------------------------------------------------------------------------- apply
    /** Compare-and-swap on the protection: every ring tag and `latest` must still hold what the plan saw. */
    async checkGuard(write) {
        for (const [tag, expected] of Object.entries(write.guard)) {
            const now = (await this.repo.resolve(tag))?.digest ?? null;
            if (now === expected)
                continue;
            throw new StepError(`${write.kind === 'delete' ? 'Deleting' : 'Recording end of life of'} ${this.repo.display(write.digest)}`, 'Conflict', `tag ${tag} moved from ${expected ?? '(none)'} to ${now ?? '(none)'} since the plan (a promotion or rollback ran meanwhile); nothing written; re-run to re-plan`);
        }
    }
    async writeEndOfLife(write) {
        if (!(await this.repo.resolve(write.digest))) {
            throw new StepError(`Recording end of life of ${this.repo.display(write.digest)}`, 'NotFound', 'the digest no longer exists');
        }
        const artifact = buildEolArtifact(write.record, write.subject);
        await this.repo.uploadBlob(EMPTY_DESCRIPTOR.digest, EMPTY_CONFIG, EMPTY_CONFIG.length);
        await this.repo.uploadBlob(sha256(artifact.blob), artifact.blob, artifact.blob.length);
        const put = await this.repo.putManifest(artifact.descriptor.digest, artifact.manifest, MediaTypes.ociManifest);
        if (!put.subjectProcessed)
            await this.repo.addToFallbackIndex(write.digest, artifact.descriptor);
    }
    /**
     * Referrers (signatures, SBOMs, ring records) and attachment tags first, then the subject, then its end-of-life
     * records and its referrers index. Until the subject goes, it and its end-of-life record are still there, so a
     * re-run after a failure deletes it again instead of starting a new grace period; what a failure after that
     * leaves (records and index of a digest that is gone) observe finds as leftovers.
     */
    async delete(write) {
        const step = `Deleting ${this.repo.display(write.digest)}`;
        if (this.acr) {
            const manifest = await acrManifestProperties(this.repo, write.digest);
            const locks = [
                ...(manifest && !manifest.writeEnabled ? ['manifest writeEnabled false'] : []),
                ...(manifest && !manifest.deleteEnabled ? ['manifest deleteEnabled false'] : []),
                ...(await this.tagLocks(write.tags)),
            ];
            if (locks.length > 0)
                throw new StepError(step, 'Locked', `it is now locked on ACR (${locks.join(', ')}); not deleted, not unlocked`);
        }
        const spare = new Set(Object.values(write.guard).filter((d) => d !== null));
        const { manifests } = await this.repo.referrers(write.digest);
        const listed = new Map(manifests.map((d) => [d.digest, d]));
        const all = [...new Set([...listed.keys(), ...write.referrers])];
        const eol = all.filter((digest) => {
            const d = listed.get(digest);
            return d !== undefined && isEolDescriptor(d);
        });
        for (const digest of all.filter((d) => !eol.includes(d)))
            await this.deleteReferrer(digest, write.digest, listed.get(digest), spare, 0);
        const index = fallbackTag(write.digest);
        for (const tag of write.attachmentTags.filter((t) => t !== index))
            await this.deleteAttachment(tag, spare);
        await deleteManifest(this.repo, write.digest);
        for (const digest of eol)
            await this.deleteReferrer(digest, write.digest, listed.get(digest), spare, 0);
        await this.deleteAttachment(index, spare);
    }
    async removeLeftovers(write) {
        if (await this.repo.resolve(write.digest)) {
            throw new StepError(`Removing the records of ${this.repo.display(write.digest)}`, 'Conflict', 'the digest exists again since the plan; nothing removed; re-run to re-plan');
        }
        const spare = new Set(Object.values(write.guard).filter((d) => d !== null));
        // Our own records have no referrers: depth 2 skips looking for any.
        for (const digest of write.referrers)
            await this.deleteReferrer(digest, write.digest, undefined, spare, 2);
        await this.deleteAttachment(write.tag, spare);
    }
    /** A referrer goes only if it really names this subject; its own referrers (a signed SBOM) go first. */
    async deleteReferrer(digest, subject, descriptor, spare, depth) {
        const manifest = await this.repo.getManifest(digest);
        if (!manifest)
            return; // already deleted
        if (manifest.json.subject?.digest !== subject || spare.has(digest)) {
            this.log(`Not deleting ${digest}: listed as a referrer of ${subject}, but its subject is ${manifest.json.subject?.digest ?? 'none'}`);
            return;
        }
        // Our own records have no referrers of their own: skip the look-up.
        const ours = descriptor && (isRecordDescriptor(descriptor) || isEolDescriptor(descriptor));
        if (!ours && depth < 2) {
            for (const d of (await this.repo.referrers(digest)).manifests)
                await this.deleteReferrer(d.digest, digest, d, spare, depth + 1);
            await this.deleteAttachment(fallbackTag(digest), spare);
        }
        await deleteManifest(this.repo, digest);
    }
    /**
     * An attachment tag's manifest (fallback index, cosign signature), deleted by digest. An empty index is left:
     * its bytes, and so its digest, can be shared by another subject's tag, which the delete would remove too.
     */
    async deleteAttachment(tag, spare) {
        const manifest = await this.repo.getManifest(tag);
        if (!manifest || spare.has(manifest.digest))
            return;
        if (manifest.json.manifests?.length === 0) {
            this.log(`Leaving ${this.repo.display(tag)}: an empty index may be shared with another tag`);
            return;
        }
        await deleteManifest(this.repo, manifest.digest);
    }
    async hasEndOfLife(write) {
        const info = { digest: write.digest };
        await this.readReferrers(info);
        return (info.endOfLife ?? []).some((e) => e.at === write.record.at);
    }
    /** Ring tags and `latest` as observed, and every protected digest still there. */
    async movedProtection() {
        const observed = this.observed;
        if (!observed)
            return [];
        const moved = [];
        for (const tag of guardedTags(this.options.policy)) {
            const before = observed.ringTags[tag] ?? null;
            const now = (await this.repo.resolve(tag))?.digest ?? null;
            if (now !== before)
                moved.push(`tag ${tag}: ${short(before)} → ${short(now)}`);
        }
        for (const [digest, reasons] of protectedDigests(observed, this.options.policy)) {
            if (!observed.digests.some((d) => d.digest === digest))
                continue;
            if (!(await this.repo.resolve(digest)))
                moved.push(`${digest} (${reasons.join(', ')}) is gone`);
        }
        return moved;
    }
}
function splitTags(listed) {
    const versionTags = [];
    const attachments = {};
    for (const tag of listed) {
        const match = ATTACHMENT_TAG.exec(tag);
        if (!match)
            versionTags.push(tag);
        else
            (attachments[`sha256:${match[1]}`] ??= []).push(tag);
    }
    return { versionTags, attachments };
}
function meaningful(value) {
    return typeof value === 'string' && Date.parse(value) >= MEANINGFUL_TIME;
}
/** The time of the first ring record on the digest: it was pushed before that. */
function recordTime(info) {
    const times = (info.records ?? []).map((r) => Date.parse(r.at)).filter((t) => t >= MEANINGFUL_TIME);
    return times.length > 0 ? { at: new Date(Math.min(...times)).toISOString(), source: 'record' } : undefined;
}
function gate(id, title, problems, ok) {
    return problems.length === 0
        ? { id, title, status: 'pass', details: ok }
        : { id, title, status: 'fail', details: problems.join('; ') };
}
/** `fn` over every item with at most READS_IN_FLIGHT running at once; results in input order. */
async function inParallel(items, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, items.length) }, worker));
    return results;
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
            state.usageError = error instanceof Error ? error.message : String(error);
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
        const current = await this.getVersion(write.version);
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
    /** Re-checks everything the plan relied on just before deleting: still there, end of life passed, unused. */
    async delete(write) {
        const step = `Deleting version ${write.version}`;
        const current = await this.getVersion(write.version);
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
        const moved = [];
        for (const ring of this.options.policy.rings) {
            const before = ringHistory(this.observed, ring.name)
                .slice(0, 2)
                .map((h) => h.version.name);
            const after = ringHistory(versions, ring.name)
                .slice(0, 2)
                .map((h) => h.version.name);
            if (before.join() !== after.join())
                moved.push(`${ring.name}: ${before.join(', ') || 'none'} → ${after.join(', ') || 'none'}`);
        }
        const regions = allRegions(this.observed);
        const latestBefore = resolveLatest(this.observed, regions);
        const latestAfter = resolveLatest(versions, regions);
        for (const region of regions) {
            if (latestBefore.get(region) !== latestAfter.get(region)) {
                moved.push(`latest in ${region}: ${latestBefore.get(region) ?? 'none'} → ${latestAfter.get(region) ?? 'none'}`);
            }
        }
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

// Entry points used by promotion.ts (build the retire target) and main.ts (the `retired` output).
/** Checks what retirement needs before any network call, then builds the target. */
function createRetireTarget(options) {
    const { target, policy } = options;
    if (!policy.retention) {
        const where = policy.source === DEFAULT_POLICY_SOURCE
            ? 'no policy file was found, and the built-in defaults have no retention'
            : `the policy file ${policy.source} has no 'retention:' section`;
        throw new UsageError(`Operation 'retire' needs a 'retention:' section in the policy file (config input), but ${where}. ` +
            'Add for example: retention: { keep: 5, end-of-life: 30d, delete-after-eol: false }.');
    }
    return target.kind === 'registry' ? registryTarget(options, target) : galleryTarget(options, target);
}
function galleryTarget(options, target) {
    const { credential, armEndpoint, deadline } = options;
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
/** A registry may be anonymous (no credential): registries that never challenge are called without one. */
function registryTarget(options, target) {
    if (target.targetRegistry) {
        throw new UsageError(`Input 'target-registry' is set (${JSON.stringify(target.targetRegistry)}), but operation 'retire' applies ` +
            "retention to one repository: set 'registry' to the registry to clean up and leave target-registry empty.");
    }
    return new RegistryRetireTarget({
        registry: target.registry,
        repository: target.repository,
        policy: options.policy,
        ...(options.credential ? { credential: options.credential } : {}),
        clientOptions: {
            ...options.clientOptions,
            ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
            ...(options.userAgent ? { userAgentOptions: { userAgentPrefix: options.userAgent } } : {}),
        },
        ...(options.deadline ? { deadline: options.deadline } : {}),
        ...(options.log ? { log: options.log } : {}),
    });
}
/** The `retired` output: every version leaving retention, with the action and what happened to it. */
function retiredEntries(result) {
    const decisions = result?.plan?.retirement ?? [];
    const outcomes = new Map((result?.outcomes ?? []).map((o) => [o.change.id, o]));
    return decisions.flatMap((d) => {
        if (d.action === 'keep')
            return [];
        const outcome = d.changeId ? outcomes.get(d.changeId) : undefined;
        let status = 'unchanged';
        if (d.changeId) {
            if (!outcome || outcome.status === 'not-attempted') {
                status = result?.verdict === 'planned' || result?.verdict === 'blocked' ? 'planned' : 'not-attempted';
            }
            else
                status = outcome.status;
        }
        return [
            {
                subject: d.subject,
                action: d.action,
                status,
                ...(d.endOfLife ? { endOfLife: d.endOfLife } : {}),
                reasons: d.reasons,
                ...(d.usedBy?.length ? { usedBy: d.usedBy } : {}),
                ...(d.tags ? { tags: d.tags } : {}),
                ...(outcome?.error ? { error: outcome.error } : {}),
            },
        ];
    });
}

export { GalleryRetireTarget, RegistryRetireTarget, ResourceGraphUsage, createRetireTarget, deletionCandidates, planRegistryRetire, planRetire, protectedVersions, retiredEntries, usageQuery };
