import { i as inputError, U as UsageError } from './errors.js';

function policyOrigin(policy) {
    return { source: policy.source, ...(policy.blobSha ? { blobSha: policy.blobSha } : {}) };
}
function blocking(gates) {
    return gates.filter((g) => g.status === 'fail');
}

const CLOUDS = {
    azurecloud: {
        name: 'AzureCloud',
        armEndpoint: 'https://management.azure.com',
        authorityHost: 'https://login.microsoftonline.com',
    },
    azureusgovernment: {
        name: 'AzureUSGovernment',
        armEndpoint: 'https://management.usgovcloudapi.net',
        authorityHost: 'https://login.microsoftonline.us',
    },
    azurechinacloud: {
        name: 'AzureChinaCloud',
        armEndpoint: 'https://management.chinacloudapi.cn',
        authorityHost: 'https://login.chinacloudapi.cn',
    },
};
/** The inputs that choose the cloud, named in errors (action/names.ts takes its names from here). */
const CLOUD_INPUTS = {
    environment: 'azure-environment',
    authorityHost: 'authority-host',
    armEndpoint: 'arm-endpoint',
};
/**
 * The cloud's endpoints, with the optional overrides for Azure Stack Hub or the local emulator applied.
 * `names` are the inputs errors name: the caller passes a deprecated alias when the user set that one.
 */
function resolveCloud(environment, authorityHost, armEndpoint, names = CLOUD_INPUTS) {
    const cloud = CLOUDS[(environment || 'AzureCloud').toLowerCase()];
    if (!cloud) {
        throw inputError(names.environment, environment, 'expected AzureCloud, AzureUSGovernment or AzureChinaCloud');
    }
    return {
        name: cloud.name,
        armEndpoint: armEndpoint ? httpsUrl(names.armEndpoint, armEndpoint) : cloud.armEndpoint,
        authorityHost: authorityHost ? httpsUrl(names.authorityHost, authorityHost) : cloud.authorityHost,
        customAuthority: Boolean(authorityHost),
    };
}
function httpsUrl(input, value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw inputError(input, value, 'expected an https:// URL');
    }
    if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
        throw inputError(input, value, 'expected an https:// URL without credentials, query or fragment');
    }
    return url.href.replace(/\/+$/, '');
}

// The policy's value rules that code outside the zod schema also needs (the action inputs, the allow list,
// the scan tags). Kept free of zod so that a run without a policy file never loads the schema.
/** The policy file read when the `config` input is empty. */
const DEFAULT_POLICY_PATH = '.github/image-promotion.yml';
/** The same default file with the other YAML extension; both present is an error. */
const DEFAULT_POLICY_PATH_YAML = '.github/image-promotion.yaml';
/** A ring name, in the policy file and in the `ring` input. */
const RING_NAME = /^[a-z][a-z0-9-]{0,39}$/;
/** Vulnerability ids: CVE-2024-1234, GHSA-xxxx-xxxx-xxxx, RHSA-2024:1234, a scanner rule id… */
const VULNERABILITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `2026-02-30` → false. Looks at the first 10 characters (a timestamp's date part). */
function isCalendarDate(text) {
    const date = text.slice(0, 10);
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

const SILENT_LOG = { info: () => { }, debug: () => { }, group: (_title, fn) => fn() };
class Phases {
    log;
    title;
    /** The first phase that threw, if any. */
    failed;
    constructor(log, 
    /** What the run does, in words, shown after each phase's name (known once the inputs are read). */
    title) {
        this.log = log;
        this.title = title;
    }
    async run(name, fn) {
        return this.log.group(`${this.title} · ${name}`, async () => {
            const started = performance.now();
            try {
                return await fn();
            }
            catch (error) {
                this.failed ??= name;
                throw error;
            }
            finally {
                this.log.info(`${name} took ${seconds(performance.now() - started)}`);
            }
        });
    }
}
function seconds(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const gallery = {
    scanSubject: 'version',
    display: (s) => `${s.gallery}/${s.imageDefinition}`,
    key: (s) => `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Compute/galleries/${s.gallery}/images/${s.imageDefinition}`.toLowerCase(),
    async create({ settings, credential, armEndpoint, deadline, version, ring, operation, userAgent, retryOptions, log, waitForReplicationMs, }) {
        if (!credential)
            throw new UsageError('A gallery promotion needs an Azure credential.');
        // Everything is checked: ask for the ARM token the first read needs now, so its round trips (GitHub OIDC,
        // Entra) overlap compiling the ARM client. The client's own request for it joins this one (credential.ts).
        void credential.getToken(`${armEndpoint}/.default`, { enableCae: true }).catch(() => undefined);
        const { createGalleryTarget } = await import('./gallery.js');
        return createGalleryTarget({
            credential,
            subscriptionId: settings.subscriptionId,
            armEndpoint,
            userAgent,
            retryOptions,
            deadline,
            ...(log ? { log } : {}),
        }, { settings, version, ring, operation, waitForReplicationMs: waitForReplicationMs ?? 0 });
    },
    async createRetire({ settings, policy, credential, armEndpoint, deadline, userAgent, retryOptions }) {
        const { createGalleryRetireTarget } = await import('./create-retire2.js');
        return createGalleryRetireTarget({
            target: settings,
            policy,
            credential,
            armEndpoint,
            userAgent,
            retryOptions,
            deadline,
        });
    },
};
const registry = {
    scanSubject: 'digest',
    display: (s) => `${s.targetRegistry || s.registry}/${s.repository}`,
    key: (s) => `registry:${s.targetRegistry || s.registry}/${s.repository}`,
    async create({ settings, credential, deadline, version, ring, policy, operation, log, userAgent, retryOptions, }) {
        const { createRegistryTarget } = await import('./registry.js');
        return createRegistryTarget({
            registry: settings.registry,
            repository: settings.repository,
            source: registrySource(version, ring, policy),
            ...(version.kind === 'ring' ? { fromRing: version.value } : {}),
            targetRegistry: settings.targetRegistry || undefined,
            credential,
            rings: policy.rings,
            ring: ring.name,
            operation,
            ...(log ? { log } : {}),
            deadline,
            clientOptions: { retryOptions, userAgentOptions: { userAgentPrefix: userAgent } },
        });
    },
    async createRetire({ settings, policy, credential, deadline, log, userAgent, retryOptions }) {
        const { createRegistryRetireTarget } = await import('./create-retire.js');
        return createRegistryRetireTarget({
            target: settings,
            policy,
            credential,
            userAgent,
            retryOptions,
            deadline,
            ...(log ? { log } : {}),
        });
    },
};
/**
 * The registry reference observe resolves: the `version` input; for `from-ring`, that ring's first tag (what
 * deployments of the ring pull); for a rollback without a version, the ring's own first tag.
 */
function registrySource(version, ring, policy) {
    if (version.kind === 'reference')
        return version.value;
    if (version.kind !== 'ring')
        return ring.tags[0] ?? ring.name;
    const from = policy.rings.find((r) => r.name === version.value);
    if (!from)
        throw new UsageError(`Input 'from-ring' names ring '${version.value}', which the policy does not define.`);
    return from.tags[0] ?? from.name;
}
const KINDS = {
    gallery,
    registry,
};
/** The descriptor of the settings' kind (the one place the kind is looked up). */
function kindOf(settings) {
    return KINDS[settings.kind];
}
function targetDisplay(settings) {
    return kindOf(settings).display(settings);
}
function targetKey(settings) {
    return kindOf(settings).key(settings);
}
function scanSubjectOf(settings) {
    return kindOf(settings).scanSubject;
}
/** The target the operation runs against. */
function createTarget(request) {
    const kind = kindOf(request.settings);
    return request.operation === 'retire' ? kind.createRetire(request) : kind.create(request);
}

export { CLOUD_INPUTS as C, DEFAULT_POLICY_PATH as D, Phases as P, RING_NAME as R, SILENT_LOG as S, VULNERABILITY_ID as V, targetKey as a, blocking as b, DEFAULT_POLICY_PATH_YAML as c, DATE as d, createTarget as e, isCalendarDate as i, policyOrigin as p, resolveCloud as r, scanSubjectOf as s, targetDisplay as t };
