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
const DIGEST_RE = /\b(sha256|sha512):([0-9a-f]{12})[0-9a-f]{20,}/gi;
/** A digest as `<code>` of its first 12 hex characters; the full digest is the element's `title`. */
function digestCode(digest) {
    const m = /^(sha256|sha512):([0-9a-f]{12})[0-9a-f]+$/i.exec(digest);
    if (!m)
        return code(digest);
    return new Safe(`<code title="${escapeText(digest)}">${m[1]}:${m[2]}</code>`);
}
/**
 * Untrusted running text (gate details, errors, warnings): escaped, long digests shortened (full in `title`),
 * and `backtick` spans shown as code, as the action's own messages write them. The escaped text keeps hex
 * digits and `:` as they are, and backticks as `&#96;`, so both rewrites work on escaped text and add only
 * markup the action writes.
 */
function prose(text, options = {}) {
    const pieces = render(text, options).split('&#96;');
    let out = '';
    pieces.forEach((piece, i) => {
        const opened = i % 2 === 1;
        if (opened && i < pieces.length - 1)
            out += `<code>${piece.replace(DIGEST_RE, '$1:$2…')}</code>`;
        else
            out += (opened ? '&#96;' : '') + shortenDigests(piece);
    });
    return new Safe(out);
}
function shortenDigests(escaped) {
    return escaped.replace(DIGEST_RE, (full, algo, head) => `<code title="${full}">${algo}:${head}</code>`);
}
/** An HTML link (for HTML blocks, where Markdown links are not parsed); plain text when the URL is not http(s). */
function htmlLink(text, url) {
    const href = safeUrl(url);
    if (!href)
        return new Safe(render(text));
    return new Safe(`<a href="${href.replace(/&/g, '&amp;')}">${render(text)}</a>`);
}

const TITLES = {
    promote: {
        promoted: 'Promoted',
        unchanged: 'Already in ring',
        planned: 'Dry run: would promote',
        blocked: 'Blocked',
        failed: 'Failed',
    },
    rollback: {
        promoted: 'Rolled back',
        unchanged: 'Already rolled back',
        planned: 'Dry run: would roll back',
        blocked: 'Rollback blocked',
        failed: 'Rollback failed',
    },
    retire: {
        promoted: 'Retired',
        unchanged: 'Nothing to retire',
        planned: 'Dry run: would retire',
        blocked: 'Retirement blocked',
        failed: 'Retirement failed',
    },
};
/** The word of the `result` output's `verdict`, so a later step can branch on it. */
const OUTCOME_WORDS = {
    promote: {
        promoted: 'promoted',
        unchanged: 'unchanged',
        planned: 'planned',
        blocked: 'blocked',
        failed: 'failed',
    },
    rollback: {
        promoted: 'rolled-back',
        unchanged: 'unchanged',
        planned: 'planned',
        blocked: 'blocked',
        failed: 'failed',
    },
    retire: {
        promoted: 'retired',
        unchanged: 'unchanged',
        planned: 'planned',
        blocked: 'blocked',
        failed: 'failed',
    },
};
const ICONS = {
    promoted: '✅',
    unchanged: '☑️',
    planned: '📝',
    blocked: '⛔',
    failed: '❌',
};
/** The one clear word (or few) for the verdict. */
function verdictTitle(result, operation = 'promote') {
    if (result.verdict === 'planned' && result.plan && result.plan.changes.length === 0) {
        return operation === 'retire' ? 'Dry run: nothing to retire' : 'Dry run: nothing to change';
    }
    const title = TITLES[operation][result.verdict];
    return result.dryRun && result.verdict !== 'planned' ? `${title} (dry run)` : title;
}
function verdictIcon(verdict) {
    return ICONS[verdict];
}
/** `promoted`, `rolled-back`, `retired`, `unchanged`, `planned`, `blocked` or `failed`. */
function outcomeWord(verdict, operation = 'promote') {
    return OUTCOME_WORDS[operation][verdict];
}
const MARKDOWN = { value: code, ring: bold, sentence: markup };
/** Log lines: values as they are (the workflow-command layer escapes them). */
const PLAIN = {
    value: (text) => new Safe(text),
    ring: (text) => new Safe(text),
    sentence: (strings, ...values) => new Safe(strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '')),
};
function subjectOf(result, request) {
    const plan = result.plan;
    const requestTarget = typeof request?.target === 'string' ? request.target : request?.target?.display;
    const ring = plan?.ring || request?.ring || undefined;
    // A rollback that never resolved its target carries the ring's name as the version: not a version.
    const version = plan?.version || request?.version || undefined;
    return {
        operation: plan?.operation ?? request?.operation ?? 'promote',
        ...(plan?.target.display || requestTarget ? { target: plan?.target.display || requestTarget } : {}),
        ...(ring ? { ring } : {}),
        ...(version && version !== ring ? { version } : {}),
        ...(plan?.previousVersion ? { previous: plan.previousVersion } : {}),
    };
}
/** The one sentence under the verdict, in Markdown. */
function headline(result, request) {
    return sentence(result, request, MARKDOWN);
}
/** The same sentence as plain text, for `::notice` and `setFailed`. */
function plainHeadline(result, request) {
    return sentence(result, request, PLAIN).value;
}
function sentence(result, request, style) {
    const s = subjectOf(result, request);
    if (s.operation === 'retire')
        return retireSentence(result, s, style);
    return s.operation === 'rollback' ? rollbackSentence(result, s, style) : promoteSentence(result, s, style);
}
/** `version 1.4.0 to ring prod on gal/img`, leaving out what is unknown. */
function what(s, style, lead) {
    const parts = [new Safe(lead)];
    if (s.version)
        parts.push(style.sentence ` version ${style.value(s.version)}`);
    if (s.ring)
        parts.push(style.sentence ` to ring ${style.ring(s.ring)}`);
    if (s.target)
        parts.push(style.sentence ` on ${style.value(s.target)}`);
    return new Safe(parts.map(String).join(''));
}
function failedGates(result, style) {
    const failed = (result.plan?.gates ?? []).filter((g) => g.status === 'fail');
    if (failed.length === 0)
        return new Safe('');
    const names = style === MARKDOWN
        ? cappedInline(failed.map((g) => g.title), 5)
        : failed.map((g) => g.title).join(', ');
    return style.sentence `: ${plural(failed.length, 'gate')} failed (${names})`;
}
function changesCount(result) {
    return result.plan?.changes.length ?? 0;
}
function promoteSentence(result, s, st) {
    const v = st.value(s.version ?? '');
    const r = st.ring(s.ring ?? '');
    const t = st.value(s.target ?? '');
    switch (result.verdict) {
        case 'promoted':
            return s.previous
                ? st.sentence `Version ${v} of ${t} is now in ring ${r}, replacing ${st.value(s.previous)}.`
                : st.sentence `Version ${v} of ${t} is now in ring ${r}.`;
        case 'unchanged':
            return st.sentence `Version ${v} of ${t} was already in ring ${r}; nothing was written.`;
        case 'planned':
            return changesCount(result) === 0
                ? st.sentence `Dry run: version ${v} is already in ring ${r} on ${t}; nothing would change.`
                : st.sentence `Dry run: promoting version ${v} to ring ${r} on ${t} would make ${plural(changesCount(result), 'change')}. Nothing was written; run without \`dry-run\` to apply.`;
        case 'blocked':
            return result.dryRun
                ? st.sentence `Dry run: promoting version ${v} to ring ${r} on ${t} would be blocked${failedGates(result, st)}. Nothing was written.`
                : st.sentence `Version ${v} was not promoted to ring ${r} on ${t}${failedGates(result, st)}. Nothing was written.`;
        case 'failed':
            return failedSentence(result, s, st, 'Promoting');
    }
}
function rollbackSentence(result, s, st) {
    const r = st.ring(s.ring ?? '');
    const t = st.value(s.target ?? '');
    const to = s.version ? st.sentence ` to version ${st.value(s.version)}` : new Safe('');
    switch (result.verdict) {
        case 'promoted':
            return s.previous
                ? st.sentence `Ring ${r} on ${t} is rolled back${to} (was ${st.value(s.previous)}).`
                : st.sentence `Ring ${r} on ${t} is rolled back${to}.`;
        case 'unchanged':
            return st.sentence `Ring ${r} on ${t} already holds${s.version ? st.sentence ` ${st.value(s.version)}` : new Safe(' its rollback target')}; nothing was written.`;
        case 'planned':
            return changesCount(result) === 0
                ? st.sentence `Dry run: ring ${r} on ${t} already holds its rollback target; nothing would change.`
                : st.sentence `Dry run: rolling back ring ${r} on ${t}${to} would make ${plural(changesCount(result), 'change')}. Nothing was written; run without \`dry-run\` to apply.`;
        case 'blocked':
            return result.dryRun
                ? st.sentence `Dry run: rolling back ring ${r} on ${t}${to} would be blocked${failedGates(result, st)}. Nothing was written.`
                : st.sentence `Ring ${r} on ${t} was not rolled back${to}${failedGates(result, st)}. Nothing was written.`;
        case 'failed': {
            const lead = what({ ...s, version: undefined }, st, 'Rolling back');
            return failedTail(result, st, s.ring || s.target ? lead : new Safe('The rollback'));
        }
    }
}
function failedSentence(result, s, st, verb) {
    if (s.version || s.ring)
        return failedTail(result, st, what(s, st, verb));
    // Nothing but the target is known (the inputs were unreadable): "Promoting on X" would read wrong.
    return failedTail(result, st, s.target ? st.sentence `The run for ${st.value(s.target)}` : new Safe('The run'));
}
function failedTail(result, st, lead) {
    if (!result.plan)
        return st.sentence `${lead} failed before a plan was made. Nothing was written.`;
    const applied = result.outcomes.filter((o) => o.status === 'applied').length;
    const total = result.outcomes.length;
    const failedWrite = result.outcomes.some((o) => o.status === 'failed');
    if (!failedWrite &&
        total > 0 &&
        applied === total &&
        result.verification.some((g) => g.status === 'fail')) {
        return st.sentence `${lead} failed: all ${plural(total, 'change')} were written, but reading them back did not show the intended state.`;
    }
    if (applied === 0)
        return st.sentence `${lead} failed. Nothing was written.`;
    return st.sentence `${lead} failed partway: ${formatNumber(applied)} of ${plural(total, 'change')} were written; a re-run finishes the rest.`;
}
function retireSentence(result, s, st) {
    const t = st.value(s.target ?? 'the target');
    const decisions = result.plan?.retirement ?? [];
    const count = (action) => decisions.filter((d) => d.action === action).length;
    const unit = result.plan?.target.kind === 'registry' ? 'digest' : 'version';
    const applied = result.verdict === 'promoted';
    const deleted = applied ? 'deleted' : 'to delete';
    const totals = `${plural(decisions.length, unit)}: ${formatNumber(count('keep'))} kept, ${formatNumber(count('end-of-life'))} past retention, ${formatNumber(count('delete'))} ${deleted}`;
    const changes = changesCount(result);
    switch (result.verdict) {
        case 'promoted':
            return st.sentence `Retention applied to ${t}: ${totals}; ${plural(changes, 'change')} written.`;
        case 'unchanged':
            return st.sentence `Retention of ${t} already holds (${totals}); nothing was written.`;
        case 'planned':
            return changes === 0
                ? st.sentence `Dry run: retention of ${t} already holds (${totals}); nothing would change.`
                : st.sentence `Dry run: applying retention to ${t} would make ${plural(changes, 'change')} (${totals}). Nothing was written.`;
        case 'blocked':
            return st.sentence `Retention was not applied to ${t}${failedGates(result, st)}. Nothing was written.`;
        case 'failed':
            return failedTail(result, st, st.sentence `Applying retention to ${t}`);
    }
}

/** Still replicating is a matter of time; Failed needs an action; too few replicas needs more. */
function replicationAdvice(details) {
    if (/:\s*Failed\b/.test(details)) {
        return 'Replication failed: re-replicate the version (update its target regions to retry), then re-run.';
    }
    if (/:\s*(Replicating|InProgress|Queued|Unknown)\b/i.test(details)) {
        return 'Still replicating: nothing is wrong, re-run this job once replication completes.';
    }
    if (/replicas, ring .* needs \d+/.test(details)) {
        return 'Too few replicas: raise the replica count in those regions, then re-run.';
    }
    if (/is not a target region/.test(details)) {
        return 'Add the missing regions to the version’s target regions (or change the ring’s regions), then re-run.';
    }
    return undefined;
}
function soakAdvice(details, now) {
    const m = /eligible at (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(details);
    if (!m?.[1])
        return undefined;
    const at = new Date(m[1]);
    if (Number.isNaN(at.getTime()))
        return undefined;
    const when = `${m[1].slice(0, 16).replace('T', ' ')} UTC`;
    const wait = at.getTime() - now.getTime();
    return wait > 0
        ? `Soaking: eligible at ${when} (in ${humanDuration(wait)}); re-run then.`
        : `Eligible since ${when}: re-run now.`;
}
/** The action to take for a failed gate, or undefined when the details already say it. */
function gateAdvice(gate, now = new Date()) {
    if (gate.status !== 'fail' && gate.status !== 'warn')
        return undefined;
    if (gate.id === 'replication')
        return replicationAdvice(gate.details);
    if (gate.id === 'ring-order' || gate.id === 'soak')
        return soakAdvice(gate.details, now);
    return errorAdvice(gate.details);
}
/**
 * The missing permission for an authorization error, naming the role to grant; undefined for other errors.
 * ARM says `does not have authorization to perform action '<action>' over scope '<scope>'`.
 */
function errorAdvice(error) {
    const arm = /does not have authorization to perform action '([^']+)'/i.exec(error);
    if (arm?.[1]) {
        const action = arm[1];
        const role = /^Microsoft\.ContainerRegistry\//i.test(action)
            ? action.includes('delete')
                ? 'AcrDelete'
                : 'AcrPush'
            : 'a role with this action (the custom role in the README, or Contributor)';
        // The scope is in the error right above; the advice names only what to grant.
        return `Missing permission ${action}: grant the workflow’s identity ${role} on that scope, then re-run.`;
    }
    if (/\bAuthorizationFailed\b/.test(error)) {
        return 'Missing permission: grant the workflow’s identity the custom role in the README (or Contributor) on the image definition, then re-run.';
    }
    if (/\bDENIED\b|HTTP 403\b|\bunauthorized\b/i.test(error)) {
        return /delet/i.test(error)
            ? 'Missing permission: grant the workflow’s identity AcrDelete on the registry, then re-run.'
            : 'Missing permission: grant the workflow’s identity AcrPush on the registry, then re-run.';
    }
    return undefined;
}
/** `2d 3h`, `5h 10m`, `12m`: the two largest units. */
function humanDuration(ms) {
    const minutes = Math.max(0, Math.round(ms / 60_000));
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    if (d > 0)
        return h > 0 ? `${d}d ${h}h` : `${d}d`;
    if (h > 0)
        return m > 0 ? `${h}h ${m}m` : `${h}h`;
    return `${m}m`;
}
/** Run wall time: `48s`, `3m 12s`, `1h 4m`. */
function runDuration(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60)
        return `${seconds}s`;
    if (seconds < 3600)
        return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
    return humanDuration(ms);
}

const GATE_WORDS = {
    pass: new Safe('✓ Pass'),
    fail: new Safe('<b>✗ Fail</b>'),
    warn: new Safe('⚠ Warning'),
    skip: new Safe('Skipped'),
};
function gateStatus(status) {
    return GATE_WORDS[status];
}
/** `3 passed, 1 failed, 1 warning`: only the counts that are not zero (and always the failures). */
function gateCounts(gates) {
    const count = (s) => gates.filter((g) => g.status === s).length;
    const parts = [`${formatNumber(count('pass'))} passed`, `${formatNumber(count('fail'))} failed`];
    if (count('warn') > 0)
        parts.push(plural(count('warn'), 'warning'));
    if (count('skip') > 0)
        parts.push(`${formatNumber(count('skip'))} skipped`);
    return parts.join(', ');
}
/** Details with the advice after them, each once. */
function detailsCell(gate, now) {
    const advice = gateAdvice(gate, now);
    const text = prose(gate.details);
    return advice ? new Safe(`${text.value}<br><b>→</b> ${prose(advice).value}`) : text;
}
function gatesTable(gates, max, now = new Date()) {
    const { shown, more } = capList(gates, max);
    const rows = shown.map((g) => [g.title, gateStatus(g.status), detailsCell(g, now)]);
    let out = table(['Gate', 'Status', 'Details'], rows).value;
    if (more > 0)
        out += `\n\n${andMore(more, 'gates')}`;
    return new Safe(out);
}
/** `7 gates passed`, `6 gates passed, 1 skipped · read-back verified` */
function passedLine(passed, skipped, verified) {
    const parts = [];
    if (passed.length > 0 || skipped.length > 0) {
        parts.push(`${plural(passed.length, 'gate')} passed${skipped.length > 0 ? `, ${formatNumber(skipped.length)} skipped` : ''}`);
    }
    if (verified.length > 0)
        parts.push(`read-back verified (${plural(verified.length, 'check')})`);
    return parts.join(' · ');
}
/**
 * Gates and read-back checks: problems in a table, everything that passed folded into one `<details>`.
 * `heading` is the section heading for problems (e.g. `### Gates`); the fold needs none.
 */
function gatesSection(gates, verification, options) {
    const now = options.now ?? new Date();
    const problems = gates.filter((g) => g.status === 'fail' || g.status === 'warn');
    const failedChecks = verification.filter((g) => g.status === 'fail' || g.status === 'warn');
    const passed = gates.filter((g) => g.status === 'pass');
    const skipped = gates.filter((g) => g.status === 'skip');
    const verified = verification.filter((g) => g.status === 'pass' || g.status === 'skip');
    const parts = [];
    if (problems.length > 0) {
        const failed = problems.filter((g) => g.status === 'fail').length;
        const warned = problems.length - failed;
        const counts = [
            failed > 0 ? `${formatNumber(failed)} failed` : '',
            warned > 0 ? plural(warned, 'warning') : '',
        ]
            .filter(Boolean)
            .join(', ');
        parts.push(`${options.heading ?? '### Gates'} (${counts})`);
        parts.push(gatesTable(problems, options.max, now).value);
    }
    if (failedChecks.length > 0) {
        parts.push(`${(options.heading ?? '### Gates').replace(/Gates$/, 'Read-back verification')} (${gateCounts(verification)})`);
        parts.push(gatesTable(failedChecks, options.max, now).value);
    }
    const folded = [...passed, ...skipped, ...verified];
    if (folded.length > 0) {
        const summary = passedLine(passed, skipped, verified);
        const rows = [...passed, ...skipped];
        const body = [rows.length > 0 ? gatesTable(rows, options.max, now).value : ''];
        if (verified.length > 0)
            body.push(gatesTable(verified, options.max, now).value);
        parts.push(details(`✓ ${summary}`, new Safe(body.filter(Boolean).join('\n\n'))).value);
    }
    return parts.length > 0 ? new Safe(parts.join('\n\n')) : undefined;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'];
const LIMITS = { reports: 20, blocking: 100, allowed: 50, expired: 50 };
function title(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
}
function day(date) {
    if (!date || Number.isNaN(date.getTime()))
        return 'no expiry';
    return date.toISOString().slice(0, 10);
}
function sortFindings(findings) {
    const rank = (s) => SEVERITIES.indexOf(s);
    return [...findings].sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id));
}
/** `2 critical, 1 high, 3 medium`: the severities that have findings, or `no findings`. */
function severityCounts(scan) {
    const parts = SEVERITIES.filter((s) => (scan.counts[s] ?? 0) > 0).map((s) => `${formatNumber(scan.counts[s] ?? 0)} ${s}`);
    return parts.length > 0 ? parts.join(', ') : 'no findings';
}
function reportsTable(scan) {
    if (scan.reports.length === 0)
        return '<b>No scan reports were read.</b>';
    const { shown, more } = capList(scan.reports, LIMITS.reports);
    const out = table(['Report', 'Format', 'Scanned digest', 'Findings'], shown.map((r) => [
        r.path,
        r.format,
        r.subjectDigests.length > 0 ? cappedInline(r.subjectDigests.map(digestCode), 3) : 'not named',
        formatNumber(r.findings),
    ]), ['left', 'left', 'left', 'right']).value;
    return more > 0 ? `${out}\n\n${andMore(more, 'reports')}` : out;
}
function blockingTable(scan) {
    const { shown, more } = capList(sortFindings(scan.blocking), LIMITS.blocking);
    const rows = shown.map((f) => [
        f.id,
        title(f.severity),
        f.package ?? '',
        f.installedVersion ?? '',
        f.fixedVersion ?? '',
        f.source,
    ]);
    const out = table(['ID', 'Severity', 'Package', 'Installed', 'Fixed in', 'Report'], rows).value;
    return more > 0 ? `${out}\n\n${andMore(more, 'blocking findings (see the scan reports)')}` : out;
}
function allowedTable(scan) {
    const { shown, more } = capList(scan.allowed, LIMITS.allowed);
    const out = table(['ID', 'Severity', 'Package', 'Allowed until', 'Reason'], shown.map((a) => [
        a.finding.id,
        title(a.finding.severity),
        a.finding.package ?? '',
        day(a.allowance.until),
        a.allowance.reason ?? '',
    ])).value;
    return more > 0 ? `${out}\n\n${andMore(more, 'allowed findings')}` : out;
}
function expiredTable(scan) {
    const { shown, more } = capList(scan.expired, LIMITS.expired);
    const out = table(['ID', 'Expired', 'Reason'], shown.map((a) => [a.id, day(a.until), a.reason ?? ''])).value;
    return more > 0 ? `${out}\n\n${andMore(more, 'expired allowances')}` : out;
}
function gateLine(scan) {
    return scan.threshold === 'none'
        ? 'Scan gate off (`fail-on-severity: none`): findings are reported only.'
        : markup `The scan gate blocks findings of severity ${bold(scan.threshold)} and above that are not allowed.`
            .value;
}
function scanSection(scan, result) {
    const blocking = scan.blocking.length;
    const head = `### Vulnerability scan: ${formatNumber(blocking)} blocking · ${severityCounts(scan)}`;
    const evidence = [gateLine(scan), reportsTable(scan)];
    if (scan.allowed.length > 0)
        evidence.push(`<b>Allowed findings: ${formatNumber(scan.allowed.length)}</b>\n\n${allowedTable(scan)}`);
    if (scan.expired.length > 0) {
        evidence.push(`<b>Expired allowances: ${formatNumber(scan.expired.length)}</b> (ignored; the findings they covered count again)\n\n${expiredTable(scan)}`);
    }
    const parts = [head];
    if (blocking > 0) {
        const table = blockingTable(scan);
        parts.push(blocking > 10 && result.verdict !== 'blocked'
            ? details(`${formatNumber(blocking)} blocking findings`, new Safe(table)).value
            : table);
    }
    parts.push(details('Reports, threshold and allowances', new Safe(evidence.join('\n\n'))).value);
    return new Safe(parts.join('\n\n'));
}

export { render as A, join as B, bold as C, cappedInline as D, scanSection as E, Safe as S, verdictTitle as a, code as b, clip as c, capSize as d, errorAdvice as e, formatNumber as f, gatesSection as g, headline as h, capList as i, andMore as j, plural as k, link as l, markup as m, details as n, bullets as o, prose as p, safe as q, digestCode as r, severityCounts as s, table as t, gateAdvice as u, verdictIcon as v, plainHeadline as w, outcomeWord as x, runDuration as y, htmlLink as z };
