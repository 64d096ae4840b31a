import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { U as UsageError } from './errors.js';

// Reads `.github/image-promotion.yml` (or built-in defaults) into a Policy. Parsing lives in parse.ts and is
// imported only when a policy file exists: YAML and the zod schema are a good part of the start-up time, and
// most runs that use the built-in rings never need them.
const DEFAULT_POLICY_PATH = '.github/image-promotion.yml';
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
/**
 * Load the policy. `file` is relative to the workspace (absolute paths are used as is); empty or undefined
 * means the default path, where a missing file yields the built-in defaults. A missing file at a path the
 * user gave is a UsageError.
 */
async function loadPolicy(file, workspace) {
    const given = file?.trim() ? file.trim() : undefined;
    const shown = given ?? DEFAULT_POLICY_PATH;
    const full = path.resolve(workspace, shown);
    let size;
    try {
        const info = await stat(full);
        if (!info.isFile())
            throw new UsageError(`${shown}: the policy file is not a regular file.`);
        size = info.size;
    }
    catch (error) {
        if (error instanceof UsageError)
            throw error;
        if (isNotFound(error)) {
            if (!given)
                return defaultPolicy();
            throw new UsageError(`${shown}: policy file not found (looked in ${full}); check the 'config' input.`);
        }
        throw new UsageError(`${shown}: cannot read the policy file: ${messageOf(error)}`);
    }
    if (size > MAX_POLICY_BYTES)
        throw tooLarge(shown, size);
    let text;
    try {
        text = await readFile(full, 'utf8');
    }
    catch (error) {
        throw new UsageError(`${shown}: cannot read the policy file: ${messageOf(error)}`);
    }
    const { parsePolicy } = await import('./parse.js');
    return parsePolicy(text, shown);
}
/** The ring the `ring` input names; a UsageError lists the known rings otherwise. */
function ringByName(policy, name) {
    const wanted = name.trim().toLowerCase();
    const ring = policy.rings.find((r) => r.name === wanted);
    if (ring)
        return ring;
    const known = policy.rings.map((r) => r.name).join(', ');
    const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
    throw new UsageError(`Input 'ring' has an invalid value ${JSON.stringify(shown)}: expected one of the rings in ${policy.source}: ${known}.`);
}
// ---------------------------------------------------------------------------------------------------------
function tooLarge(file, bytes) {
    return new UsageError(`${file}: the policy file is ${bytes} bytes; at most ${MAX_POLICY_BYTES} bytes are accepted.`);
}
function isNotFound(error) {
    return typeof error === 'object' && error !== null && error.code === 'ENOENT';
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}

// ARM returns display names ("West Europe"); inputs and policy files say `westeurope`.
// Every comparison goes through normaliseRegion so both spellings meet.
function normaliseRegion(name) {
    return name.toLowerCase().replace(/[\s_-]+/g, '');
}
const REGION_PATTERN = /^[a-z][a-z0-9]{2,39}$/;

export { DEFAULT_POLICY_SOURCE as D, MAX_POLICY_BYTES as M, REGION_PATTERN as R, defaultPolicy as d, loadPolicy as l, messageOf as m, normaliseRegion as n, ringByName as r, tooLarge as t };
