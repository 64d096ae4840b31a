import { S as StepError, U as UsageError } from './errors.js';
import { e as emptyRetirePlan, r as retentionOf, a as effectiveRetention, d as day, b as days, c as requireRetention } from './rules.js';
import { r as rollbackTarget, s as short, e as effectiveEndOfLife, a as RepositoryClient, f as fallbackTag, b as isRecordDescriptor, d as isEolDescriptor, i as isAcrHost, g as acrManifestProperties, M as MediaTypes, h as readReferrerRecords, j as acrTagState, k as buildEolArtifact, E as EMPTY_DESCRIPTOR, l as EMPTY_CONFIG, m as sha256, n as deleteManifest } from './target.js';
import { b as byCodeUnit } from './order.js';
import './defaults.js';
import 'node:crypto';
import './serviceClient.js';
import './bearerTokenAuthenticationPolicy.js';
import 'node:http';
import 'node:https';
import 'node:zlib';
import 'node:stream';
import './index.js';
import 'node:os';
import 'node:util';
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
import './pipelineRequest.js';
import 'node:buffer';
import './tokenCredential.js';
import './ring.js';
import './reference.js';

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
    return tb - ta || byCodeUnit(a.digest, b.digest);
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
    /** The protection re-checked before the write: every ring tag and `latest` must still hold what the plan saw. */
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

/** A registry may be anonymous (no credential): registries that never challenge are called without one. */
function createRegistryRetireTarget(options) {
    const { target } = options;
    requireRetention(options.policy);
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

export { createRegistryRetireTarget };
