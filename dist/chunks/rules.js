import { U as UsageError } from './errors.js';
import { D as DEFAULT_POLICY_SOURCE } from './defaults.js';

// The retention rules both targets share: the policy's `retention:` with its defaults, the empty retire plan
// and how days are written. Pure; gallery/retire-plan.ts and registry/retire-plan.ts decide per version/digest.
const DEFAULT_KEEP = 5;
const DEFAULT_END_OF_LIFE_MS = 30 * 86_400_000;
function effectiveRetention(retention) {
    return {
        keep: retention.keep ?? DEFAULT_KEEP,
        endOfLifeMs: retention.endOfLifeMs ?? DEFAULT_END_OF_LIFE_MS,
        deleteAfterEol: retention.deleteAfterEol,
    };
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
function day(date) {
    return date.toISOString().slice(0, 10);
}
function days(ms) {
    const d = ms / 86_400_000;
    return Number.isInteger(d) ? `${d}d` : `${Math.round(ms / 3_600_000)}h`;
}
/** Retirement needs a `retention:` section; checked before any network call, naming the policy file. */
function requireRetention(policy) {
    if (policy.retention)
        return;
    const where = policy.source === DEFAULT_POLICY_SOURCE
        ? 'no policy file was found, and the built-in defaults have no retention'
        : `the policy file ${policy.source} has no 'retention:' section`;
    throw new UsageError(`Operation 'retire' needs a 'retention:' section in the policy file (config input), but ${where}. ` +
        'Add for example: retention: { keep: 5, end-of-life: 30d, delete-after-eol: false }.');
}

export { effectiveRetention as a, days as b, requireRetention as c, day as d, emptyRetirePlan as e, retentionOf as r };
