// Safe Markdown building for job summaries and pull-request comments.
//
// Every value that comes from outside the action's own code (Azure tags and names, registry data, scan
// reports, workflow inputs, error messages) is untrusted: it may contain Markdown syntax, raw HTML,
// table delimiters, mentions that would notify people, issue references, or `javascript:` links.
//
// The rule in this module: a plain `string` is untrusted and gets escaped when it is rendered; a `Safe`
// holds Markdown the action wrote itself. `markup` is a tagged template that escapes every interpolated
// string, so `markup\`Version ${version} is in ${ring}\`` can never inject markup. Escaping uses HTML
// character references, which mean the same thing in Markdown text, in inline HTML (`<code>`, `<summary>`)
// and inside GFM table cells, so one escaper works in all three places.
/** Markdown written by the action itself; rendered as is. Build it with `markup`, `safe` or the helpers below. */
class Safe {
    value;
    constructor(value) {
        this.value = value;
    }
    toString() {
        return this.value;
    }
}
/** Mark a literal the action wrote as Markdown. Never pass untrusted values here. */
function safe(trusted) {
    return new Safe(trusted);
}
const ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    '|': '&#124;',
    '`': '&#96;',
    '[': '&#91;',
    ']': '&#93;',
    '*': '&#42;',
    _: '&#95;',
    '#': '&#35;',
    '\\': '&#92;',
    '~': '&#126;',
    $: '&#36;',
};
const ZWSP = '&#8203;';
// Bidirectional overrides and isolates ("Trojan Source"), and other invisible format characters.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
/**
 * Escape untrusted text for Markdown, inline HTML and GFM table cells.
 *
 * - Markdown and HTML metacharacters become character references, so nothing is parsed as markup.
 * - `@name` and `@org/team` get a zero-width space after the `@`: GitHub's mention filter runs on the
 *   rendered text (after character references are decoded), so escaping `@` as `&#64;` would still notify.
 * - `#123` and `GH-123` issue references get a zero-width space after `#` / `GH-`, for the same reason.
 * - `javascript:`, `vbscript:` and `data:` lose their colon, and `://` / `www.` get a zero-width space,
 *   so untrusted values never become links (GitHub autolinks bare URLs).
 * - Newlines become `<br>` (`multiline: true`, for table cells and paragraphs) or a space (default).
 */
function escapeText(value, options = {}) {
    let text = String(value ?? '')
        .replace(/\r\n?/g, '\n')
        .replace(/\t/g, ' ')
        .replace(CONTROL, '');
    text = text.replace(/[&<>"|`[\]*_#\\~$]/g, (c) => ENTITIES[c] ?? c);
    // After the first pass, `#` is `&#35;`; break mentions and references in the rendered text.
    text = text
        .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
        .replace(/&#35;(?=\d)/g, `&#35;${ZWSP}`)
        .replace(/\b(GH)-(?=\d)/gi, `$1-${ZWSP}`)
        .replace(/\b(javascript|vbscript|data|file)\s*:/gi, '$1&#58;')
        .replace(/:\/\//g, `:${ZWSP}//`)
        .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`);
    // Newlines never survive (they become `<br>` or a space), so only the very start of the value could open
    // a block (a list item, a thematic break or a setext underline). Ordered-list numbers (`1.`) are left
    // alone: versions start that way, and a stray nested list is cosmetic, not an injection.
    text = text.replace(/^(\s*)([-+=])/, (_m, sp, mark) => `${sp}&#${mark.charCodeAt(0)};`);
    return options.multiline ? text.replace(/\n/g, '<br>') : text.replace(/\n+/g, ' ');
}
/** Longest untrusted value rendered inline (before escaping); longer values end with `…`. */
const MAX_INLINE_CHARS = 1000;
/**
 * Render a fragment: untrusted strings are clipped to `max` characters (default MAX_INLINE_CHARS) and
 * escaped, numbers formatted, `Safe` kept as is.
 */
function render(fragment, options = {}) {
    if (fragment instanceof Safe)
        return fragment.value;
    if (typeof fragment === 'number')
        return escapeText(formatNumber(fragment));
    return escapeText(clip(fragment, options.max ?? MAX_INLINE_CHARS), options);
}
/** Tagged template (not named `md`: prettier would reformat it as embedded Markdown): literal parts are the action's Markdown, interpolated strings are escaped. */
function markup(strings, ...values) {
    let out = strings[0] ?? '';
    values.forEach((value, i) => {
        out += render(value) + (strings[i + 1] ?? '');
    });
    return new Safe(out);
}
/** Join fragments (escaping untrusted ones) with a separator the action chose. */
function join(fragments, separator = ', ') {
    return new Safe(fragments.map((f) => render(f)).join(separator));
}
/** Untrusted text shown as code: `<code>` with escaped content (a Markdown code span could be broken out of). */
function code(value) {
    return new Safe(`<code>${escapeText(clip(value, MAX_CELL_CHARS))}</code>`);
}
function bold(value) {
    return new Safe(`<b>${render(value)}</b>`);
}
/**
 * A link, only for URLs of the http(s) scheme; anything else renders as plain escaped text.
 * Parentheses, spaces and angle brackets in the URL are percent-encoded so it cannot end the link early.
 */
function link(text, url) {
    const href = safeUrl(url);
    if (!href)
        return new Safe(render(text));
    return new Safe(`[${render(text)}](${href})`);
}
/** The URL normalised and percent-encoded for a Markdown link destination, or undefined when not http(s). */
function safeUrl(url) {
    if (!url)
        return undefined;
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return undefined;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        return undefined;
    if (parsed.username || parsed.password)
        return undefined;
    return parsed.href.replace(/[()<>\s"'`|[\]*_]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
/** Longest untrusted value shown in one cell, before escaping. */
const MAX_CELL_CHARS = 300;
/** Shorten text to `max` characters (code points), ending with `…` when cut. */
function clip(value, max) {
    // UTF-16 length is at least the number of code points: a quick exit for the common case.
    if (value.length <= max)
        return value;
    const keep = Math.max(0, max - 1);
    let index = 0;
    let count = 0;
    let cut = 0;
    for (const char of value) {
        if (count === keep)
            cut = index;
        if (count === max)
            return `${value.slice(0, cut)}…`;
        index += char.length;
        count++;
    }
    return value;
}
/**
 * A GFM table. Untrusted string cells are clipped to `MAX_CELL_CHARS` and escaped (newlines become `<br>`);
 * `Safe` cells are used as is. Rows shorter than the header are padded.
 */
function table(headers, rows, align = []) {
    const cell = (f) => {
        const text = typeof f === 'string' ? render(clip(f, MAX_CELL_CHARS), { multiline: true }) : render(f);
        return text;
    };
    const line = (cells) => `| ${cells.join(' | ')} |`;
    const rule = headers.map((_, i) => {
        const a = align[i];
        return a === 'center' ? ':---:' : a === 'right' ? '---:' : '---';
    });
    const out = [line(headers.map(cell)), line(rule)];
    for (const row of rows) {
        const cells = headers.map((_, i) => cell(row[i] ?? ''));
        out.push(line(cells));
    }
    return new Safe(out.join('\n'));
}
/** A collapsible block. The blank lines around the body let GitHub render Markdown inside it. */
function details(summary, body, options = {}) {
    const open = options.open ? ' open' : '';
    return new Safe(`<details${open}>\n<summary>${render(summary)}</summary>\n\n${render(body)}\n\n</details>`);
}
/** A bulleted list of fragments. */
function bullets(items) {
    return new Safe(items.map((item) => `- ${render(item)}`).join('\n'));
}
/** Keep the first `max` items; `more` is how many were left out. */
function capList(items, max) {
    if (items.length <= max)
        return { shown: [...items], more: 0 };
    return { shown: items.slice(0, Math.max(0, max)), more: items.length - Math.max(0, max) };
}
/** "and 1,234 more" (empty string when nothing was left out). */
function andMore(more, noun = '') {
    if (more <= 0)
        return '';
    return `and ${formatNumber(more)} more${noun ? ` ${noun}` : ''}`;
}
/** Items joined with commas and capped: `a, b, c and 4 more`. */
function cappedInline(items, max) {
    const { shown, more } = capList(items, max);
    const text = join(shown).value;
    return new Safe(more > 0 ? `${text} ${andMore(more)}` : text);
}
function formatNumber(n) {
    return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}
function plural(n, singular, pluralForm = `${singular}s`) {
    return `${formatNumber(n)} ${n === 1 ? singular : pluralForm}`;
}
/**
 * Hard cap on size, as a last resort after the renderers' own per-section caps.
 * Cuts at a line boundary so no character reference or tag is split, closes any `<details>` left open,
 * and appends `note`. `measure` is the unit of the limit: UTF-8 bytes (job summary) or characters (comments).
 */
function capSize(text, limit, note, measure = 'bytes') {
    const size = (s) => (measure === 'bytes' ? Buffer.byteLength(s, 'utf8') : s.length);
    if (size(text) <= limit)
        return { text, truncated: false };
    const tail = `\n\n${note}\n`;
    // Room for the closing tags we may have to add as well.
    const budget = limit - size(tail) - 64;
    let cut = budget <= 0 ? '' : sliceTo(text, budget, measure);
    const lastNewline = cut.lastIndexOf('\n');
    if (lastNewline > 0)
        cut = cut.slice(0, lastNewline);
    const opened = (cut.match(/<details[\s>]/g) ?? []).length;
    const closed = (cut.match(/<\/details>/g) ?? []).length;
    let closing = '';
    // Closing tags cost 11 characters each; drop more content if many are open.
    const need = Math.max(0, opened - closed);
    if (need > 0) {
        closing = '\n\n' + '</details>\n'.repeat(need);
        while (size(cut) + size(closing) + size(tail) > limit && cut.length > 0) {
            const nl = cut.lastIndexOf('\n', cut.length - 2);
            cut = nl > 0 ? cut.slice(0, nl) : '';
        }
    }
    return { text: `${cut}${closing}${tail}`, truncated: true };
}
function sliceTo(text, limit, measure) {
    if (measure === 'chars')
        return text.slice(0, limit);
    const buf = Buffer.from(text, 'utf8');
    if (buf.length <= limit)
        return text;
    // Decode and drop a trailing partial character, if the cut fell inside one.
    return buf
        .subarray(0, limit)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
}

/** GitHub drops job summaries over 1 MiB; leave room for anything else a step appends. */
const SUMMARY_MAX_BYTES = 1_000_000;
/** Caps per section, so ordinary large runs stay readable; the byte cap is the last resort. */
const SUMMARY_LIMITS = {
    gates: 50,
    transitions: 100,
    regions: 40,
    changes: 100,
    verification: 50,
    reports: 20,
    blocking: 100,
    allowed: 50,
    expired: 50,
    notes: 30,
    warnings: 30,
    approvers: 30,
    retirement: 500,
    outputs: 30,
    inputs: 40,
};
/** The one clear word (or few) for the verdict. */
function verdictTitle(result, operation) {
    switch (result.verdict) {
        case 'promoted':
            return operation === 'retire' ? 'Retired' : operation === 'rollback' ? 'Rolled back' : 'Promoted';
        case 'unchanged':
            return operation === 'retire' ? 'Nothing to retire' : 'Already in ring';
        case 'planned':
            return 'Planned (dry run)';
        case 'blocked': {
            const blocked = operation === 'retire' ? 'Retirement blocked' : 'Blocked';
            return result.dryRun ? `${blocked} (dry run)` : blocked;
        }
        case 'failed':
            return operation === 'retire' ? 'Retirement failed' : 'Failed';
    }
}
/** The noun for what a run does, in running text. */
function runNoun(operation) {
    return operation === 'retire' ? 'retirement' : operation === 'rollback' ? 'rollback' : 'promotion';
}
function subjectOf(result, request) {
    const plan = result.plan;
    const requestTarget = typeof request?.target === 'string' ? request.target : request?.target?.display;
    return {
        target: plan?.target.display ?? requestTarget ?? 'the target',
        ring: plan?.ring ?? request?.ring ?? 'the ring',
        version: plan?.version ?? request?.version ?? 'the requested version',
        operation: plan?.operation ?? request?.operation ?? 'promote',
        ...(plan?.previousVersion ? { previous: plan.previousVersion } : {}),
    };
}
/** One sentence: version → ring on target, and whether anything was written. */
function headline(result, request) {
    const s = subjectOf(result, request);
    if (s.operation === 'retire')
        return retireHeadline(result, s.target);
    const v = code(s.version);
    const t = code(s.target);
    const r = bold(s.ring);
    const verb = s.operation === 'rollback' ? 'Rolling back' : 'Promoting';
    const changes = result.plan?.changes.length ?? 0;
    switch (result.verdict) {
        case 'promoted':
            if (s.operation === 'rollback') {
                return s.previous
                    ? markup `Ring ${r} on ${t} is rolled back to version ${v} (was ${code(s.previous)}).`
                    : markup `Ring ${r} on ${t} is rolled back to version ${v}.`;
            }
            return s.previous
                ? markup `Version ${v} of ${t} is now in ring ${r}, replacing ${code(s.previous)}.`
                : markup `Version ${v} of ${t} is now in ring ${r}.`;
        case 'unchanged':
            return markup `Version ${v} of ${t} was already in ring ${r}; nothing was written.`;
        case 'planned':
            return changes === 0
                ? markup `Dry run: nothing was written. ${verb} version ${v} to ring ${r} on ${t} would change nothing; it is already there.`
                : markup `Dry run: nothing was written. ${verb} version ${v} to ring ${r} on ${t} would make ${plural(changes, 'change')}, listed below.`;
        case 'blocked': {
            const failed = result.plan ? result.plan.gates.filter((g) => g.status === 'fail') : [];
            const names = cappedInline(failed.map((g) => g.title), 5);
            return failed.length > 0
                ? markup `Version ${v} was not ${s.operation === 'rollback' ? 'rolled back' : 'promoted'} to ring ${r} on ${t}: ${plural(failed.length, 'gate')} failed (${names}). Nothing was written.`
                : markup `Version ${v} was not promoted to ring ${r} on ${t}. Nothing was written.`;
        }
        case 'failed': {
            if (!result.plan)
                return markup `${verb} version ${v} to ring ${r} on ${t} failed before a plan was made. Nothing was written.`;
            const applied = result.outcomes.filter((o) => o.status === 'applied').length;
            const total = result.outcomes.length;
            const failedWrite = result.outcomes.some((o) => o.status === 'failed');
            if (!failedWrite &&
                total > 0 &&
                applied === total &&
                result.verification.some((g) => g.status === 'fail')) {
                return markup `${verb} version ${v} to ring ${r} on ${t} failed: all ${plural(total, 'change')} were written, but reading them back did not show the intended state.`;
            }
            if (applied === 0)
                return markup `${verb} version ${v} to ring ${r} on ${t} failed. Nothing was written.`;
            return markup `${verb} version ${v} to ring ${r} on ${t} failed partway: ${formatNumber(applied)} of ${plural(total, 'change')} were written. The ring is in a mixed state; see "Changes" below.`;
        }
    }
}
const GATE_WORDS = {
    pass: safe('Pass'),
    fail: safe('<b>Fail</b>'),
    warn: safe('Warning'),
    skip: safe('Skipped'),
};
function gateStatus(status) {
    return GATE_WORDS[status];
}
function gatesTable(gates, max) {
    const { shown, more } = capList(gates, max);
    const rows = shown.map((g) => [g.title, gateStatus(g.status), g.details]);
    let out = table(['Gate', 'Status', 'Details'], rows).value;
    if (more > 0)
        out += `\n\n${andMore(more, 'gates')}`;
    return new Safe(out);
}
function gateCounts(gates) {
    const count = (s) => gates.filter((g) => g.status === s).length;
    const parts = [`${formatNumber(count('pass'))} passed`, `${formatNumber(count('fail'))} failed`];
    if (count('warn') > 0)
        parts.push(`${formatNumber(count('warn'))} warnings`);
    if (count('skip') > 0)
        parts.push(`${formatNumber(count('skip'))} skipped`);
    return parts.join(', ');
}
function changeStatus(outcome, result) {
    switch (outcome.status) {
        case 'applied':
            return safe('Applied');
        case 'failed':
            return safe('<b>Failed</b>');
        case 'not-attempted':
            if (result.verdict === 'planned')
                return safe('Planned');
            if (result.verdict === 'blocked')
                return safe('Not attempted (blocked)');
            return safe('<b>Not attempted</b>');
    }
}
function afterLabel(result) {
    switch (result.verdict) {
        case 'promoted':
        case 'unchanged':
            return 'After';
        case 'planned':
            return 'After (planned)';
        case 'blocked':
            return 'After (not applied)';
        case 'failed':
            return 'Intended';
    }
}
function transitionsSection(result, plan) {
    const parts = [];
    if (plan.transitions.length > 0) {
        const { shown, more } = capList(plan.transitions, SUMMARY_LIMITS.transitions);
        parts.push(table(['Subject', 'Before', afterLabel(result)], shown.map((t) => [t.subject, t.before, t.after])).value);
        if (more > 0)
            parts.push(andMore(more, 'rows'));
        if (result.verdict === 'failed') {
            parts.push('"Intended" is what the plan was to reach; see "Changes" for what was actually written.');
        }
    }
    if (plan.regions.length > 0) {
        parts.push(markup `Regions this ring requires: ${cappedInline(plan.regions, SUMMARY_LIMITS.regions)}.`.value);
    }
    if (parts.length === 0)
        return undefined;
    const heading = plan.operation === 'retire' ? 'Before and after' : 'Ring state';
    return new Safe(`### ${heading}\n\n${parts.join('\n\n')}`);
}
function changesSection(result, plan) {
    const outcomes = result.outcomes.length > 0
        ? result.outcomes
        : plan.changes.map((change) => ({ change, status: 'not-attempted' }));
    if (outcomes.length === 0)
        return undefined;
    const title = result.verdict === 'planned' ? '### Planned changes (dry run, not applied)' : '### Changes';
    const parts = [title];
    if (result.verdict === 'failed') {
        const applied = outcomes.filter((o) => o.status === 'applied');
        const failed = outcomes.filter((o) => o.status === 'failed');
        const notAttempted = outcomes.filter((o) => o.status === 'not-attempted');
        const lines = [];
        lines.push(applied.length > 0
            ? markup `<b>Written</b> (${formatNumber(applied.length)}): ${cappedInline(applied.map((o) => o.change.resource), 20)}`
            : safe('<b>Written</b>: nothing'));
        for (const f of failed) {
            lines.push(markup `<b>Failed</b>: ${f.change.resource}: ${f.change.summary}${f.error ? markup ` (${f.error})` : ''}`);
        }
        lines.push(notAttempted.length > 0
            ? markup `<b>Not written</b> (${formatNumber(notAttempted.length)}): ${cappedInline(notAttempted.map((o) => o.change.resource), 20)}`
            : safe('<b>Not written</b>: nothing'));
        parts.push(bullets(lines).value);
        if (failed.length > 0 || notAttempted.length > 0) {
            parts.push(`Each change is idempotent: re-running the workflow after fixing the cause finishes the ${runNoun(plan.operation)} from where it stopped.`);
        }
    }
    else if (result.verdict === 'blocked') {
        parts.push(`Nothing was written. These are the changes the ${runNoun(plan.operation)} would have made:`);
    }
    const showError = outcomes.some((o) => o.error);
    const { shown, more } = capList(outcomes, SUMMARY_LIMITS.changes);
    const headers = [safe('#'), 'Resource', 'Change', 'Status'];
    if (showError)
        headers.push('Error');
    const rows = shown.map((o, i) => {
        const row = [String(i + 1), o.change.resource, o.change.summary, changeStatus(o, result)];
        if (showError)
            row.push(o.error ?? '');
        return row;
    });
    parts.push(table(headers, rows, ['right']).value);
    if (more > 0)
        parts.push(andMore(more, 'changes'));
    return new Safe(parts.join('\n\n'));
}
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'];
function title(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
}
function day(date) {
    if (!date || Number.isNaN(date.getTime()))
        return 'no expiry';
    return date.toISOString().slice(0, 10);
}
function findingRow(f) {
    return [f.id, title(f.severity), f.package ?? '', f.installedVersion ?? '', f.fixedVersion ?? '', f.source];
}
function sortFindings(findings) {
    const rank = (s) => SEVERITIES.indexOf(s);
    return [...findings].sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id));
}
function scanSection(scan, result) {
    const parts = ['### Vulnerability scan'];
    parts.push(scan.threshold === 'none'
        ? 'Scan gate: off (fail-on-severity is `none`); findings are reported only.'
        : markup `Scan gate: blocks findings of severity ${bold(scan.threshold)} and above that are not allowed.`
            .value);
    if (scan.reports.length === 0) {
        parts.push('<b>No scan reports were read.</b>');
    }
    else {
        const { shown, more } = capList(scan.reports, SUMMARY_LIMITS.reports);
        const reports = table(['Report', 'Format', 'Scanned digest', 'Findings'], shown.map((r) => [
            r.path,
            r.format,
            r.subjectDigests.length > 0 ? cappedInline(r.subjectDigests, 3) : 'not named',
            formatNumber(r.findings),
        ]), ['left', 'left', 'left', 'right']).value;
        parts.push(more > 0 ? `${reports}\n\n${andMore(more, 'reports')}` : reports);
    }
    parts.push(table(SEVERITIES.map(title), [SEVERITIES.map((s) => formatNumber(scan.counts[s] ?? 0))], SEVERITIES.map(() => 'right')).value);
    if (scan.blocking.length > 0) {
        const sorted = sortFindings(scan.blocking);
        const { shown, more } = capList(sorted, SUMMARY_LIMITS.blocking);
        let body = table(['ID', 'Severity', 'Package', 'Installed', 'Fixed in', 'Report'], shown.map(findingRow)).value;
        if (more > 0)
            body += `\n\n${andMore(more, 'blocking findings (see the scan reports)')}`;
        const heading = `Blocking findings: ${formatNumber(scan.blocking.length)}`;
        parts.push(shown.length > 10
            ? details(heading, new Safe(body), { open: result.verdict === 'blocked' }).value
            : `<b>${heading}</b>\n\n${body}`);
    }
    else {
        parts.push('Blocking findings: none.');
    }
    if (scan.allowed.length > 0) {
        const { shown, more } = capList(scan.allowed, SUMMARY_LIMITS.allowed);
        let body = table(['ID', 'Severity', 'Package', 'Allowed until', 'Reason'], shown.map((a) => [
            a.finding.id,
            title(a.finding.severity),
            a.finding.package ?? '',
            day(a.allowance.until),
            a.allowance.reason ?? '',
        ])).value;
        if (more > 0)
            body += `\n\n${andMore(more, 'allowed findings')}`;
        const heading = `Allowed findings: ${formatNumber(scan.allowed.length)}`;
        parts.push(shown.length > 5 ? details(heading, new Safe(body)).value : `<b>${heading}</b>\n\n${body}`);
    }
    if (scan.expired.length > 0) {
        const { shown, more } = capList(scan.expired, SUMMARY_LIMITS.expired);
        let body = table(['ID', 'Expired', 'Reason'], shown.map((a) => [a.id, day(a.until), a.reason ?? ''])).value;
        if (more > 0)
            body += `\n\n${andMore(more, 'expired allowances')}`;
        const heading = `Expired allowances: ${formatNumber(scan.expired.length)} (ignored; the findings they covered count again)`;
        parts.push(shown.length > 5 ? details(heading, new Safe(body)).value : `<b>${heading}</b>\n\n${body}`);
    }
    return new Safe(parts.join('\n\n'));
}
function approversSection(result, approvals) {
    if (approvals && approvals.length > 0) {
        const { shown, more } = capList(approvals, SUMMARY_LIMITS.approvers);
        let out = table(['Approver', 'Environments', 'Approved at'], shown.map((a) => [a.login, cappedInline(a.environments, 10), a.at ?? ''])).value;
        if (more > 0)
            out += `\n\n${andMore(more, 'approvers')}`;
        return new Safe(`### Approvals\n\n${out}`);
    }
    if (result.approvedBy && result.approvedBy.length > 0) {
        return new Safe(`### Approvals\n\nApproved by ${cappedInline(result.approvedBy, SUMMARY_LIMITS.approvers).value}.`);
    }
    return undefined;
}
function keyValueTable(values, max) {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined && v !== '');
    if (entries.length === 0)
        return undefined;
    const { shown, more } = capList(entries, max);
    let out = table(['Name', 'Value'], shown.map(([k, v]) => [k, code(String(v))])).value;
    if (more > 0)
        out += `\n\n${andMore(more)}`;
    return new Safe(out);
}
/** Render the job summary for one run. Always below `maxBytes` (default SUMMARY_MAX_BYTES). */
function renderSummary(result, context = {}) {
    const plan = result.plan;
    const operation = plan?.operation ?? context.request?.operation;
    const sections = [];
    sections.push(`## ${verdictTitle(result, operation)}`);
    sections.push(headline(result, context.request).value);
    if (result.dryRun) {
        sections.push('> <b>Dry run.</b> This is a plan: no gallery, registry or tag was changed. Run again with `dry-run: false` to apply it.');
    }
    if (plan?.digest)
        sections.push(markup `Digest: ${code(plan.digest)}`.value);
    if (result.verdict === 'failed' && result.error) {
        sections.push(markup `> <b>Error:</b> ${new Safe(render(result.error, { multiline: true, max: 20_000 }))}`.value);
    }
    if (plan && plan.gates.length > 0) {
        sections.push(`### Gates\n\n${gateCounts(plan.gates)}.\n\n${gatesTable(plan.gates, SUMMARY_LIMITS.gates).value}`);
    }
    if (plan?.retirement)
        sections.push(retirementSection(result, plan).value);
    if (plan) {
        const transitions = transitionsSection(result, plan);
        if (transitions)
            sections.push(transitions.value);
        const changes = changesSection(result, plan);
        if (changes)
            sections.push(changes.value);
    }
    if (result.verification.length > 0) {
        sections.push(`### Read-back verification\n\n${gateCounts(result.verification)}.\n\n${gatesTable(result.verification, SUMMARY_LIMITS.verification).value}`);
    }
    if (result.scan)
        sections.push(scanSection(result.scan, result).value);
    if (plan && plan.notes.length > 0) {
        const { shown, more } = capList(plan.notes, SUMMARY_LIMITS.notes);
        const items = [...shown];
        if (more > 0)
            items.push(andMore(more, 'notes'));
        sections.push(`### Notes\n\n${bullets(items).value}`);
    }
    const approvers = approversSection(result, context.approvals);
    if (approvers)
        sections.push(approvers.value);
    if (context.outputs) {
        const outputs = keyValueTable(context.outputs, SUMMARY_LIMITS.outputs);
        if (outputs)
            sections.push(`### Outputs\n\n${outputs.value}`);
    }
    if (context.inputs) {
        const inputs = keyValueTable(context.inputs, SUMMARY_LIMITS.inputs);
        if (inputs)
            sections.push(details('Inputs', inputs).value);
    }
    if (context.warnings && context.warnings.length > 0) {
        const { shown, more } = capList(context.warnings, SUMMARY_LIMITS.warnings);
        const items = [...shown];
        if (more > 0)
            items.push(andMore(more, 'warnings'));
        sections.push(`### Warnings\n\n${bullets(items).value}`);
    }
    if (context.runUrl)
        sections.push(markup `${link('Workflow run', context.runUrl)}`.value);
    const text = `${sections.join('\n\n')}\n`;
    const limit = context.maxBytes ?? SUMMARY_MAX_BYTES;
    const omitted = Buffer.byteLength(text, 'utf8') - limit;
    return capSize(text, limit, `<b>Summary truncated</b> to stay under GitHub's 1 MiB job-summary limit (about ${formatNumber(Math.max(omitted, 0))} bytes left out). The full details are in the run log.`).text;
}
// ------------------------------------------------------------------------------------------- retirement
function retireHeadline(result, target) {
    const t = code(target);
    const decisions = result.plan?.retirement ?? [];
    const count = (action) => decisions.filter((d) => d.action === action).length;
    const changes = result.plan?.changes.length ?? 0;
    const unit = result.plan?.target.kind === 'registry' ? 'digest' : 'version';
    const totals = `${plural(decisions.length, unit)}: ${formatNumber(count('keep'))} kept, ${formatNumber(count('end-of-life'))} past retention (end of life), ${formatNumber(count('delete'))} to delete`;
    switch (result.verdict) {
        case 'promoted':
            return markup `Retention applied to ${t}: ${totals}; ${plural(changes, 'change')} written.`;
        case 'unchanged':
            return markup `Retention of ${t} already holds: ${totals}; nothing was written.`;
        case 'planned':
            return markup `Dry run: nothing was written. Applying retention to ${t} would make ${plural(changes, 'change')} (${totals}).`;
        case 'blocked':
            return markup `Retention was not applied to ${t}: a gate failed. Nothing was written.`;
        case 'failed': {
            const applied = result.outcomes.filter((o) => o.status === 'applied').length;
            return applied === 0
                ? markup `Applying retention to ${t} failed. Nothing was written.`
                : markup `Applying retention to ${t} failed partway: ${formatNumber(applied)} of ${plural(result.outcomes.length, 'change')} were written; a re-run finishes the rest.`;
        }
    }
}
const RETIRE_ACTIONS = {
    keep: 'Kept',
    'end-of-life': 'End of life set',
    delete: 'Deleted',
};
/** Every version with what retirement does to it and why (users of versions kept because in use included). */
function retirementSection(result, plan) {
    const decisions = plan.retirement ?? [];
    const outcomes = new Map(result.outcomes.map((o) => [o.change.id, o]));
    const applied = result.verdict === 'promoted' || result.verdict === 'failed';
    const registry = plan.target.kind === 'registry';
    const { shown, more } = capList(decisions, SUMMARY_LIMITS.retirement);
    const rows = shown.map((d) => {
        const outcome = d.changeId ? outcomes.get(d.changeId) : undefined;
        let action = RETIRE_ACTIONS[d.action];
        if (d.action === 'delete' && !(applied && outcome?.status === 'applied'))
            action = 'To delete';
        if (d.action === 'end-of-life' && !d.changeId)
            action = 'End of life (already set)';
        if (d.usedBy?.length)
            action = `${action}, kept: in use`;
        let status = '';
        if (d.changeId) {
            status =
                outcome?.status === 'applied'
                    ? 'Applied'
                    : outcome?.status === 'failed'
                        ? 'Failed'
                        : result.verdict === 'planned'
                            ? 'Planned'
                            : 'Not written';
        }
        // Users by name (resource group/name); the full ids are in the `retired` output and the in-use gate.
        const names = (d.usedBy ?? []).map((id) => id.split('/').filter(Boolean).slice(3, 4).concat(id.split('/').slice(-1)).join('/'));
        const users = names.length > 0 ? markup `: ${cappedInline(names, 10)}` : '';
        const row = [
            d.subject,
            action,
            d.endOfLife ? d.endOfLife.slice(0, 10) : '',
            markup `${d.reasons.join('; ')}${users}`,
            status,
        ];
        // A digest says little to a reviewer without its tags (which deleting it removes too).
        if (registry)
            row.splice(0, 1, code(d.subject), d.tags?.length ? cappedInline(d.tags, 10) : 'untagged');
        return row;
    });
    const headers = registry
        ? ['Digest', 'Tags', 'Decision', 'End of life', 'Reason', 'Write']
        : ['Version', 'Decision', 'End of life', 'Reason', 'Write'];
    let out = `### Retention\n\n${table(headers, rows).value}`;
    if (more > 0)
        out += `\n\n${andMore(more, registry ? 'digests' : 'versions')}`;
    return new Safe(out);
}

export { Safe as S, code as a, gatesTable as b, clip as c, capList as d, andMore as e, bullets as f, gateCounts as g, headline as h, formatNumber as i, capSize as j, bold as k, link as l, markup as m, renderSummary as n, render as r, safe as s, table as t, verdictTitle as v };
