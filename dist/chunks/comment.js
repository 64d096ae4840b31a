import { c as clip, a as code, m as markup, t as table, v as verdictTitle, h as headline, S as Safe, r as render, g as gateCounts, b as gatesTable, d as capList, e as andMore, f as bullets, s as safe, i as formatNumber, l as link, j as capSize, k as bold } from './summary.js';

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
/** Merge this run's row into the previous ones; order follows `rings` when given, else first seen. */
function mergeRows(previous, row, rings) {
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
function shortDigest(digest) {
    if (!digest)
        return '—';
    const m = /^(sha256|sha512):([0-9a-f]+)$/i.exec(digest);
    return code(m?.[1] && m[2] ? `${m[1]}:${m[2].slice(0, 12)}` : digest);
}
function rowStatus(row) {
    return verdictTitle({ verdict: row.verdict, dryRun: row.dryRun }, row.operation);
}
function when(row) {
    const at = Date.parse(row.at);
    const text = Number.isNaN(at) ? 'run' : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    return link(text, row.runUrl);
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
    const ring = plan?.ring ?? context.ring ?? 'unknown';
    const now = context.now ?? new Date();
    const row = {
        ring: clip(ring, MAX_FIELD),
        version: clip(plan?.version ?? context.version ?? '', MAX_FIELD),
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
    const rows = retire ? previousRows : mergeRows(previousRows, row, context.rings);
    const toRow = (r) => [
        r.ring === row.ring && !retire ? bold(r.ring) : r.ring,
        r.version ? code(r.version) : '—',
        shortDigest(r.digest),
        rowStatus(r),
        when(r),
    ];
    // Policy order first (rings not reached yet show as pending), then rings the policy does not name.
    const tableRows = [];
    for (const ringName of context.rings ?? []) {
        const r = rows.find((x) => x.ring === ringName);
        tableRows.push(r ? toRow(r) : [ringName, '—', '—', 'Not yet', '—']);
    }
    for (const r of rows)
        if (!(context.rings ?? []).includes(r.ring))
            tableRows.push(toRow(r));
    const sections = [];
    sections.push(markup `### Image promotion: ${code(target.display)}`.value);
    sections.push(table(['Ring', 'Version', 'Digest', 'Status', 'Updated'], tableRows).value);
    const request = {
        target,
        ring,
        operation,
        ...(context.version ? { version: context.version } : {}),
    };
    sections.push(markup `#### ${retire ? 'Retention' : ring}: ${verdictTitle(result, operation)}`.value);
    sections.push(headline(result, request).value);
    // A planned verdict's headline already says "Dry run"; a blocked dry run needs saying.
    if (result.dryRun && result.verdict !== 'planned')
        sections.push('> <b>Dry run.</b> This is a plan; nothing was written.');
    if (result.verdict === 'failed' && result.error) {
        sections.push(markup `> <b>Error:</b> ${new Safe(render(clip(result.error, 2000), { multiline: true }))}`.value);
    }
    if (plan && plan.gates.length > 0) {
        sections.push(`<b>Gates</b> (${gateCounts(plan.gates)})\n\n${gatesTable(plan.gates, 30).value}`);
    }
    if (plan && plan.changes.length > 0) {
        if (result.verdict === 'planned' || result.verdict === 'blocked') {
            const heading = result.verdict === 'planned'
                ? '<b>Planned changes</b> (dry run, not applied)'
                : '<b>Would have changed</b> (blocked, not applied)';
            const { shown, more } = capList(plan.changes, 20);
            const items = shown.map((c) => markup `${c.resource}: ${c.summary}`);
            if (more > 0)
                items.push(andMore(more, 'changes'));
            sections.push(`${heading}\n\n${bullets(items).value}`);
        }
        else if (result.verdict === 'failed') {
            const items = [];
            const { shown, more } = capList(result.outcomes, 20);
            for (const o of shown) {
                const status = o.status === 'applied'
                    ? safe('written')
                    : o.status === 'failed'
                        ? safe('<b>failed</b>')
                        : safe('<b>not written</b>');
                items.push(markup `${status}: ${o.change.resource}: ${o.change.summary}`);
            }
            if (more > 0)
                items.push(andMore(more, 'changes'));
            sections.push(`<b>Changes</b>\n\n${bullets(items).value}`);
        }
    }
    if (result.scan) {
        const s = result.scan;
        const counts = ['critical', 'high', 'medium', 'low'].map((k) => `${formatNumber(s.counts[k] ?? 0)} ${k}`);
        sections.push(`<b>Scan</b>: ${counts.join(', ')}; ${formatNumber(s.blocking.length)} blocking, ${formatNumber(s.allowed.length)} allowed, ${formatNumber(s.expired.length)} expired allowances.`);
    }
    if (context.runUrl)
        sections.push(markup `${link('View the workflow run and full summary', context.runUrl)}`.value);
    const marker = commentMarker(target.key);
    const state = encodeRows(rows);
    const limit = (context.maxChars ?? COMMENT_MAX_CHARS) - marker.length - state.length - 4;
    const visible = capSize(sections.join('\n\n'), limit, "<b>Comment truncated</b> to stay under GitHub's comment size limit; the job summary has everything.", 'chars').text.trimEnd();
    return `${marker}\n${visible}\n\n${state}\n`;
}

export { COMMENT_MAX_CHARS, commentMarker, markerKey, mergeRows, parseCommentRows, renderComment };
