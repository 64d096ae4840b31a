import { i as inputError } from './errors.js';

// Pure validation of registry inputs. The input layer calls these before any network request.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
// OCI distribution spec: path components of lowercase alphanumerics joined by `.`, `_`, `__` or dashes.
const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
// A login server: DNS name or IPv4 address, optional port. No scheme, no path.
const REGISTRY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::[0-9]{1,5})?$/;
function isValidTag(value) {
    return TAG.test(value);
}
function isValidDigest(value) {
    return DIGEST.test(value);
}
function isValidRepository(value) {
    return value.length <= 255 && REPOSITORY.test(value);
}
function isValidRegistry(value) {
    if (!REGISTRY.test(value))
        return false;
    const port = value.split(':')[1];
    return port === undefined || (Number(port) > 0 && Number(port) < 65536);
}
/** Parse the `version` input of a registry promotion: a tag or a `sha256:` digest. Throws a UsageError naming the input. */
function parseReference(value, input = 'version') {
    const v = value.trim();
    if (v.includes(':') && !v.startsWith('sha')) {
        throw inputError(input, value, 'expected a tag (e.g. 1.4.2) or a digest (sha256:<64 hex>), not image:tag');
    }
    if (v.startsWith('sha256:') || v.startsWith('sha512:')) {
        if (isValidDigest(v))
            return { kind: 'digest', digest: v };
        throw inputError(input, value, 'expected a digest of the form sha256:<64 lowercase hex characters>');
    }
    if (isValidTag(v))
        return { kind: 'tag', tag: v };
    throw inputError(input, value, 'expected a tag (letters, digits, _, . and -, not starting with . or -, at most 128 characters) or a sha256: digest');
}
/** Validate the `repository` input (e.g. `team/app`); returns it unchanged. */
function parseRepository(value, input = 'repository') {
    if (isValidRepository(value))
        return value;
    throw inputError(input, value, 'expected a repository path of lowercase letters, digits and separators (. _ __ -), components joined by /');
}
/** Validate the `registry` input (a login server such as `myregistry.azurecr.io` or `127.0.0.1:5000`). */
function parseRegistry(value, input = 'registry') {
    const v = value.trim();
    if (isValidRegistry(v))
        return v.toLowerCase();
    throw inputError(input, value, 'expected a login server such as myregistry.azurecr.io or host:port, without https:// or a path');
}

export { isValidRegistry as a, isValidRepository as b, isValidTag as c, parseRegistry as d, parseRepository as e, isValidDigest as i, parseReference as p };
