import { c as clip, v as verdictIcon, a as verdictTitle, h as headline, e as errorAdvice, p as prose, g as gatesSection, f as formatNumber, s as severityCounts, b as policyFact, m as markup, d as code, l as link, i as capSize, j as capList, k as andMore, n as plural, o as details, q as bullets, r as safe, t as table, u as digestCode, S as Safe } from './scan.js';
import './order.js';

/** GitHub rejects comment bodies over 65,536 characters; stay well below. */
const COMMENT_MAX_CHARS = 60_000;
const PREFIX = 'azure-image-promote';
const MAX_ROWS = 20;
const MAX_FIELD = 200;
/** Marker key: keeps letters, digits and `._/:@-`; anything else (and `--`) becomes `_`. */
function markerKey(key) {
    return clip(key, 200)
        .replace(/[^A-Za-z0-9._/:@-]/g, '_')
        .replace(/-{2,}/g, (m) => '_'.repeat(m.length))
        .replace(/-$/, '_');
}
/** `<!-- azure-image-promote:<key> -->`, the first line of the comment and what upsert looks for. */
function commentMarker(key) {
    return `<!-- ${PREFIX}:${markerKey(key)} -->`;
}
const STATE_RE = new RegExp(`<!-- ${PREFIX}-state:([A-Za-z0-9+/=]*) -->`);
const VERDICTS = ['promoted', 'unchanged', 'planned', 'blocked', 'failed'];
/** Rows embedded in a previous comment body; anything malformed is dropped. */
function parseCommentRows(body) {
    const match = body ? STATE_RE.exec(body) : null;
    if (!match?.[1])
        return [];
    let data;
    try {
        data = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8'));
    }
    catch {
        return [];
    }
    const rows = data?.rows;
    if (!Array.isArray(rows))
        return [];
    const out = [];
    for (const raw of rows.slice(0, MAX_ROWS)) {
        if (typeof raw !== 'object' || raw === null)
            continue;
        const r = raw;
        const str = (v) => (typeof v === 'string' ? clip(v, MAX_FIELD) : undefined);
        const ring = str(r.ring);
        const verdict = VERDICTS.find((v) => v === r.verdict);
        if (!ring || !verdict)
            continue;
        const digest = str(r.digest);
        const runUrl = str(r.runUrl);
        out.push({
            ring,
            version: str(r.version) ?? '',
            verdict,
            dryRun: r.dryRun === true,
            operation: r.operation === 'rollback' ? 'rollback' : 'promote',
            at: str(r.at) ?? '',
            ...(digest ? { digest } : {}),
            ...(runUrl ? { runUrl } : {}),
        });
    }
    return out;
}
function encodeRows(rows) {
    return `<!-- ${PREFIX}-state:${Buffer.from(JSON.stringify({ v: 1, rows }), 'utf8').toString('base64')} -->`;
}
/**
 * Merge this run's row into the previous ones; order follows `rings` when given, else first seen.
 * A dry run never replaces a real result of the same ring: the ladder shows what happened, not a plan.
 */
function mergeRows(previous, row, rings) {
    const existing = previous.find((r) => r.ring === row.ring);
    if (row.dryRun && existing && !existing.dryRun)
        return previous.slice(-MAX_ROWS);
    const rows = previous.filter((r) => r.ring !== row.ring);
    rows.push(row);
    if (rings && rings.length > 0) {
        const index = (ring) => {
            const i = rings.indexOf(ring);
            return i === -1 ? rings.length : i;
        };
        rows.sort((a, b) => index(a.ring) - index(b.ring));
    }
    else {
        const order = [...previous.map((r) => r.ring), row.ring];
        rows.sort((a, b) => order.indexOf(a.ring) - order.indexOf(b.ring));
    }
    return rows.slice(-MAX_ROWS);
}
function time(iso) {
    const at = iso ? Date.parse(iso) : NaN;
    // The column header says UTC: a shorter cell keeps the ladder on one line per ring in 780 px.
    return Number.isNaN(at) ? undefined : new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}
/** What this PR's last run on the ring did, linked to that run. */
function attemptCell(row) {
    if (!row)
        return '—';
    const title = `${verdictIcon(row.verdict)} ${verdictTitle({ verdict: row.verdict, dryRun: row.dryRun }, row.operation)}`;
    return link(title, row.runUrl);
}
/** A real run that left the ring holding its version. */
function holds(row) {
    return !!row && !row.dryRun && (row.verdict === 'promoted' || row.verdict === 'unchanged') && !!row.version;
}
function holdingCell(holding, thisVersion) {
    if (!holding?.version && !holding?.digest)
        return 'nothing yet';
    const version = holding.version ? code(holding.version) : undefined;
    const digest = holding.digest ? digestCode(holding.digest) : undefined;
    const text = [version, digest]
        .filter((x) => !!x)
        .map((x) => x.value)
        .join(' ');
    const mine = !!thisVersion && holding.version === thisVersion;
    return new Safe(mine ? `<b>${text}</b>` : text);
}
/** Ring | Holds now | Since | This PR's last run: the actual ring state when the records were read. */
function ladder(input) {
    const names = [...input.rings];
    for (const r of [...(input.ringState ?? []), ...input.rows])
        if (!names.includes(r.ring))
            names.push(r.ring);
    const lines = names.slice(0, MAX_ROWS).map((ring) => {
        const row = input.rows.find((r) => r.ring === ring);
        const holding = input.ringState
            ? input.ringState.find((h) => h.ring === ring)
            : holds(row)
                ? { version: row.version, ...(row.digest ? { digest: row.digest } : {}), since: row.at }
                : undefined;
        const since = time(holding?.since) ?? '—';
        // Without ring records, a ring this PR has not reached is simply not known.
        const held = input.ringState || holding ? holdingCell(holding, input.thisVersion) : '—';
        return [ring, held, since, attemptCell(row)];
    });
    return table(['Ring', 'Holds now', 'Since (UTC)', 'This PR'], lines);
}
function changesBlock(result) {
    const plan = result.plan;
    if (!plan || plan.changes.length === 0)
        return undefined;
    if (result.verdict === 'planned' || result.verdict === 'blocked') {
        const { shown, more } = capList(plan.changes, 20);
        const items = shown.map((c) => markup `${prose(c.resource)}: ${prose(c.summary)}`);
        if (more > 0)
            items.push(andMore(more, 'changes'));
        const heading = result.verdict === 'planned'
            ? `${plural(plan.changes.length, 'planned change')} (not written)`
            : `${plural(plan.changes.length, 'change')} not written (blocked)`;
        return details(heading, bullets(items)).value;
    }
    if (result.verdict !== 'failed')
        return undefined;
    const items = [];
    const { shown, more } = capList(result.outcomes, 20);
    for (const o of shown) {
        const status = o.status === 'applied'
            ? safe('✓ written')
            : o.status === 'failed'
                ? safe('<b>✗ failed</b>')
                : safe('<b>not written</b>');
        items.push(markup `${status}: ${prose(o.change.resource)}: ${prose(o.change.summary)}`);
    }
    if (more > 0)
        items.push(andMore(more, 'changes'));
    return `<b>Changes</b>\n\n${bullets(items).value}`;
}
/**
 * The comment body for one target. Pass the existing comment body (if any) so rows from earlier rings are
 * kept. The first line is the marker; the body is at most `maxChars` characters.
 */
function renderComment(result, context = {}, previousBody) {
    const plan = result.plan;
    const target = plan?.target ?? context.target;
    if (!target)
        throw new Error('renderComment needs a target: the run has no plan and context.target is not set.');
    const operation = plan?.operation ?? context.operation ?? 'promote';
    // Unknown when the run stopped before reading its inputs: then it adds no ladder row and names no ring.
    const ring = plan?.ring || context.ring || undefined;
    const now = context.now ?? new Date();
    const version = plan?.version || context.version;
    const row = {
        ring: clip(ring ?? '', MAX_FIELD),
        version: clip(version ?? '', MAX_FIELD),
        verdict: result.verdict,
        dryRun: result.dryRun,
        operation,
        at: now.toISOString(),
        ...(plan?.digest ? { digest: clip(plan.digest, MAX_FIELD) } : {}),
        ...(context.runUrl ? { runUrl: clip(context.runUrl, MAX_FIELD) } : {}),
    };
    // Retirement spans every ring and moves none: the ladder keeps the rings' last promotions as they were.
    const retire = operation === 'retire';
    const previousRows = parseCommentRows(previousBody);
    const rows = retire || !ring ? previousRows : mergeRows(previousRows, row, context.rings);
    const request = {
        target,
        operation,
        ...(ring ? { ring } : {}),
        ...(context.version ? { version: context.version } : {}),
    };
    const sections = [];
    sections.push(`### ${verdictIcon(result.verdict)} ${verdictTitle(result, operation)}`);
    sections.push(headline(result, request).value);
    if (result.verdict === 'failed' && result.error) {
        const advice = errorAdvice(result.error);
        let block = `> <b>Error:</b> ${prose(result.error, { multiline: true, max: 1000 }).value}`;
        if (advice)
            block += `\n>\n> <b>→</b> ${prose(advice).value}`;
        sections.push(block);
    }
    if (plan) {
        const gates = gatesSection(plan.gates, result.verification, { max: 30, now, heading: '<b>Gates</b>' });
        if (gates)
            sections.push(gates.value);
    }
    const changes = changesBlock(result);
    if (changes)
        sections.push(changes);
    if (result.scan) {
        const s = result.scan;
        sections.push(`<b>Scan</b>: ${formatNumber(s.blocking.length)} blocking · ${severityCounts(s)}${s.allowed.length > 0 ? ` · ${formatNumber(s.allowed.length)} allowed` : ''}`);
    }
    // Which rules applied, so a reviewer can tell a run under the built-in rings (no checkout) from one under the file.
    const policy = policyFact(context.policy);
    if (policy)
        sections.push(markup `<b>Policy</b>: ${policy}`.value);
    const rings = context.rings ?? [];
    if (rings.length > 0 || rows.length > 0 || context.ringState) {
        sections.push(`<b>Rings</b> of ${code(target.display).value}${retire ? '' : ' (this PR’s version in bold)'}`);
        sections.push(ladder({ rings, rows, ringState: context.ringState, thisVersion: retire ? undefined : version }).value);
    }
    if (context.runUrl)
        sections.push(markup `${link('Full summary of this run', context.runUrl)}`.value);
    const marker = commentMarker(target.key);
    const state = encodeRows(rows);
    const limit = (context.maxChars ?? COMMENT_MAX_CHARS) - marker.length - state.length - 4;
    const visible = capSize(sections.join('\n\n'), limit, "<b>Comment truncated</b> to stay under GitHub's comment size limit; the job summary has everything.", 'chars').text.trimEnd();
    return `${marker}\n${visible}\n\n${state}\n`;
}

export { COMMENT_MAX_CHARS, commentMarker, markerKey, mergeRows, parseCommentRows, renderComment };
