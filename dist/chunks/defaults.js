import { U as UsageError } from './errors.js';

// The built-in policy (used when no policy file exists) and the size cap shared by load.ts and parse.ts.
// A separate module so that parse.ts (loaded lazily by load.ts) does not import load.ts back.
const DEFAULT_POLICY_SOURCE = 'built-in defaults';
const MAX_POLICY_BYTES = 256 * 1024;
function defaultScanPolicy() {
    return { required: false, failOn: 'high', allow: [] };
}
/** canary → staging → prod, prod carries latest, no soak, every target region, tags = [ring name]. */
function defaultPolicy() {
    const ring = (name, after, latest) => ({
        name,
        after,
        soakMs: 0,
        latest,
        tags: [name],
        lock: false,
        requireApproval: false,
        freeze: [],
    });
    return {
        rings: [ring('canary', null, false), ring('staging', 'canary', false), ring('prod', 'staging', true)],
        scans: defaultScanPolicy(),
        source: DEFAULT_POLICY_SOURCE,
    };
}
function tooLarge(file, bytes) {
    return new UsageError(`${file}: the policy file is ${bytes} bytes; at most ${MAX_POLICY_BYTES} bytes are accepted.`);
}

export { DEFAULT_POLICY_SOURCE as D, MAX_POLICY_BYTES as M, defaultPolicy as d, tooLarge as t };
