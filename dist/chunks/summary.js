import { z as outcomeWord, o as details, n as plural, S as Safe, j as capList, p as prose, t as table, k as andMore, r as safe, f as formatNumber, d as code, A as cappedInline, m as markup, u as digestCode, v as verdictIcon, a as verdictTitle, h as headline, B as factsTable, g as gatesSection, C as scanSection, i as capSize, e as errorAdvice, q as bullets, c as clip } from './scan.js';
import { a as SEVERITY_THRESHOLDS, s as semver } from './policy.js';
import { i as inputError, U as UsageError, m as messageOf } from './errors.js';
import { C as CLOUD_INPUTS, D as DEFAULT_POLICY_PATH, R as RING_NAME, P as Phases, p as policyOrigin } from './targets.js';
import { p as parseReference, d as parseRegistry, e as parseRepository } from './reference.js';

// One place for the public names of inputs and outputs (action.yml is checked against these in tests).
const Input = {
    SubscriptionId: 'subscription-id',
    ResourceGroup: 'resource-group',
    Gallery: 'gallery',
    ImageDefinition: 'image-definition',
    Registry: 'registry',
    Repository: 'repository',
    TargetRegistry: 'target-registry',
    Version: 'version',
    FromRing: 'from-ring',
    Ring: 'ring',
    Operation: 'operation',
    DryRun: 'dry-run',
    Config: 'config',
    ClientId: 'client-id',
    TenantId: 'tenant-id',
    /** `auto` (default) or `managed-identity` (self-hosted runners and agents on Azure VMs). */
    Auth: 'auth',
    AzureEnvironment: CLOUD_INPUTS.environment,
    /** Deprecated alias of azure-environment (it read as the GitHub deployment environment). */
    Environment: 'environment',
    AuthorityHost: CLOUD_INPUTS.authorityHost,
    ArmEndpoint: CLOUD_INPUTS.armEndpoint,
    ScanReports: 'scan-reports',
    FailOnSeverity: 'fail-on-severity',
    AllowVulnerabilities: 'allow-vulnerabilities',
    DefenderForCloud: 'defender-for-cloud',
    Timeout: 'timeout',
    WaitForReplication: 'wait-for-replication',
    CommentOnPr: 'comment-on-pr',
    GithubToken: 'github-token',
};
const Output = {
    Promoted: 'promoted',
    Version: 'version',
    Ring: 'ring',
    ImageId: 'image-id',
    PreviousVersion: 'previous-version',
    Regions: 'regions',
    Digest: 'digest',
    ImageRef: 'image-ref',
    Tags: 'tags',
    Result: 'result',
    Retired: 'retired',
    Changed: 'changed',
    LatestChanged: 'latest-changed',
    LatestByRegion: 'latest-by-region',
    EvidenceFile: 'evidence-file',
};

/** The outputs by name; with no settings (bad input) or no plan (failed early), the empty values. */
function actionOutputs(result, settings) {
    const plan = result.plan;
    // Retirement promotes nothing: `result` and `retired` carry its outcome.
    const promoted = settings?.operation !== 'retire' &&
        !result.dryRun &&
        (result.verdict === 'promoted' || result.verdict === 'unchanged');
    const outputs = {
        [Output.Promoted]: String(promoted),
        [Output.Version]: plan?.version ?? '',
        [Output.Ring]: settings?.ring ?? '',
        [Output.ImageId]: plan?.imageId ?? '',
        [Output.PreviousVersion]: plan?.previousVersion ?? '',
        [Output.Regions]: JSON.stringify(plan?.regions ?? []),
        [Output.Changed]: String(changed(result)),
        [Output.LatestChanged]: JSON.stringify(latestChanged(result)),
    };
    if (settings?.target.kind === 'gallery' && settings.operation !== 'retire') {
        outputs[Output.LatestByRegion] = JSON.stringify(latestByRegion(result));
    }
    if (settings?.target.kind === 'registry') {
        outputs[Output.Digest] = plan?.digest ?? '';
        outputs[Output.ImageRef] = plan?.imageId ?? '';
        outputs[Output.Tags] = JSON.stringify(plan?.tags ?? []);
    }
    if (settings?.operation === 'retire') {
        outputs[Output.Retired] = JSON.stringify(retiredEntries(result));
    }
    outputs[Output.Result] = JSON.stringify(resultJson(result, settings));
    return outputs;
}
/** `changed`: this run wrote something (a no-op re-run is `promoted` but not `changed`). */
function changed(result) {
    return !!result && !result.dryRun && result.outcomes.some((o) => o.status === 'applied');
}
/**
 * `latest-changed`: the regions whose `latest` this run moved, with the version before and after. Only a run
 * whose writes all landed and read back can say so; any other run reports `{}`.
 */
function latestChanged(result) {
    const latest = result?.plan?.latest;
    if (!latest || result.verdict !== 'promoted')
        return {};
    return Object.fromEntries(Object.entries(latest.after)
        .filter(([region, after]) => latest.before[region] !== after)
        .map(([region, after]) => [region, { before: latest.before[region] ?? null, after }]));
}
/** `latest-by-region`: what `latest` resolves to in each region at the end of the run. */
function latestByRegion(result) {
    const latest = result?.plan?.latest;
    if (!latest)
        return {};
    return result.verdict === 'promoted' ? latest.after : latest.before;
}
/** The `result` output: one JSON object a later step can parse. */
function resultJson(result, settings) {
    const plan = result.plan;
    return {
        // `rolled-back` and `retired` for those operations: a later step never reads "promoted" for them.
        verdict: outcomeWord(result.verdict, settings?.operation),
        dryRun: settings?.dryRun ?? false,
        operation: settings?.operation,
        target: plan?.target,
        ring: settings?.ring,
        version: plan?.version,
        digest: plan?.digest,
        imageId: plan?.imageId,
        previousVersion: plan?.previousVersion,
        regions: plan?.regions ?? [],
        gates: plan?.gates ?? [],
        changes: result.outcomes.map((o) => ({
            resource: o.change.resource,
            summary: o.change.summary,
            status: o.status,
            ...(o.error ? { error: o.error } : {}),
        })),
        transitions: plan?.transitions ?? [],
        ...(plan?.candidates ? { candidates: plan.candidates } : {}),
        verification: result.verification,
        scan: result.scan ? { counts: result.scan.counts, blocking: result.scan.blocking.length } : undefined,
        approvedBy: result.approvedBy ?? [],
        error: result.error,
        policy: result.policy,
    };
}
/** The `retired` output: every version leaving retention, with the action and what happened to it. */
function retiredEntries(result) {
    const decisions = result?.plan?.retirement ?? [];
    const outcomes = new Map((result?.outcomes ?? []).map((o) => [o.change.id, o]));
    return decisions.flatMap((d) => {
        if (d.action === 'keep')
            return [];
        const outcome = d.changeId ? outcomes.get(d.changeId) : undefined;
        let status = 'unchanged';
        if (d.changeId) {
            if (!outcome || outcome.status === 'not-attempted') {
                status = result?.verdict === 'planned' || result?.verdict === 'blocked' ? 'planned' : 'not-attempted';
            }
            else
                status = outcome.status;
        }
        return [
            {
                subject: d.subject,
                action: d.action,
                status,
                ...(d.endOfLife ? { endOfLife: d.endOfLife } : {}),
                reasons: d.reasons,
                ...(d.usedBy?.length ? { usedBy: d.usedBy } : {}),
                ...(d.tags ? { tags: d.tags } : {}),
                ...(outcome?.error ? { error: outcome.error } : {}),
            },
        ];
    });
}

const GALLERY_INPUTS = [Input.SubscriptionId, Input.ResourceGroup, Input.Gallery, Input.ImageDefinition];
const REGISTRY_INPUTS = [Input.Registry, Input.Repository];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}(\.[a-z0-9][a-z0-9-]{0,62})+$/i;
const MAX_VERSION_PART = 2_147_483_647;
/** Validate every input before any network call; each error names the input, the value and what is expected. */
function readSettings(get) {
    for (const name of Object.values(Input)) {
        const value = get(name);
        // Control characters in an input are never legitimate and would corrupt logs and Markdown.
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
            throw inputError(name, value, 'contains control characters');
        }
    }
    const operation = readOperation(get(Input.Operation));
    const defender = readBoolean(Input.DefenderForCloud, get(Input.DefenderForCloud), false);
    const target = readTarget(get, defender);
    const config = get(Input.Config);
    return {
        target,
        version: readFromRing(get, operation) ?? readVersion(get(Input.Version), target.kind, operation),
        // Retirement covers every ring of the policy: a ring input is optional (checked against the policy if set).
        ring: operation === 'retire' && !get(Input.Ring) ? '' : readRing(get(Input.Ring)),
        operation,
        dryRun: readBoolean(Input.DryRun, get(Input.DryRun), false),
        config: config || DEFAULT_POLICY_PATH,
        // action.yml's default is this same path: a missing file there means the built-in rings.
        configIsDefault: !config || config === DEFAULT_POLICY_PATH,
        clientId: readClientId(get(Input.ClientId)),
        tenantId: readTenantId(get(Input.TenantId)),
        auth: readAuth(get(Input.Auth), get(Input.TenantId)),
        ...readEnvironment(get),
        authorityHost: get(Input.AuthorityHost),
        armEndpoint: get(Input.ArmEndpoint),
        scanReports: splitList(get(Input.ScanReports)),
        failOnSeverity: readSeverity(get(Input.FailOnSeverity)),
        allowVulnerabilities: splitLines(get(Input.AllowVulnerabilities)),
        ...readDefender(get, defender, target.kind),
        commentOnPr: readBoolean(Input.CommentOnPr, get(Input.CommentOnPr), true),
        githubToken: get(Input.GithubToken),
        ...readWaits(get, target.kind),
    };
}
/** `timeout` and `wait-for-replication`: the wait counts inside the timeout, so it must leave time for the rest. */
function readWaits(get, kind) {
    const timeoutMs = readTimeout(get(Input.Timeout));
    const value = get(Input.WaitForReplication);
    if (!value)
        return { timeoutMs, waitForReplicationMs: 0 };
    if (!/^\d{1,3}$/.test(value) || Number(value) > 360) {
        throw inputError(Input.WaitForReplication, value, 'expected whole minutes from 0 to 360');
    }
    const waitForReplicationMs = Number(value) * 60_000;
    if (waitForReplicationMs > 0 && kind === 'registry') {
        throw inputError(Input.WaitForReplication, value, 'only a gallery image replicates to regions; a registry image is available once pushed (leave it unset or 0)');
    }
    if (waitForReplicationMs >= timeoutMs) {
        throw new UsageError(`Input '${Input.WaitForReplication}' (${value} minutes) must be shorter than input '${Input.Timeout}' ` +
            `(${timeoutMs / 60_000} minutes): the wait counts inside the timeout, and the writes need time after it.`);
    }
    return { timeoutMs, waitForReplicationMs };
}
function readTarget(get, defender) {
    const registrySet = REGISTRY_INPUTS.filter((name) => get(name));
    // With a registry target, subscription-id may scope the Defender for Cloud query instead.
    const gallerySet = GALLERY_INPUTS.filter((name) => get(name) && !(defender && registrySet.length > 0 && name === Input.SubscriptionId));
    if (gallerySet.length > 0 && registrySet.length > 0) {
        throw new UsageError(`Inputs ${list(gallerySet)} (a gallery image definition) and ${list(registrySet)} (a registry repository) ` +
            'were both set; one step promotes one target: set either subscription-id, resource-group, gallery and ' +
            'image-definition, or registry and repository.');
    }
    if (registrySet.length > 0)
        return readRegistryTarget(get);
    if (gallerySet.length === 0) {
        throw new UsageError('No target given: set subscription-id, resource-group, gallery and image-definition for a Compute Gallery ' +
            'image, or registry and repository for a container image.');
    }
    const missing = GALLERY_INPUTS.filter((name) => !get(name));
    if (missing.length > 0) {
        throw new UsageError(`Input ${list(missing)} is required with ${list(gallerySet)}: a gallery target needs all four.`);
    }
    return {
        kind: 'gallery',
        subscriptionId: match(Input.SubscriptionId, get(Input.SubscriptionId), UUID, 'expected a subscription GUID'),
        resourceGroup: match(Input.ResourceGroup, get(Input.ResourceGroup), /^[-\w.()]{0,89}[-\w()]$/u, 'expected a resource group name (1-90 letters, digits, -, _, ., (, ), not ending in a period)'),
        gallery: match(Input.Gallery, get(Input.Gallery), /^[A-Za-z0-9](?:[A-Za-z0-9._]{0,78}[A-Za-z0-9])?$/, 'expected a gallery name (1-80 letters, digits, periods and underscores, not starting or ending with a period)'),
        imageDefinition: match(Input.ImageDefinition, get(Input.ImageDefinition), /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$/, 'expected an image definition name (1-80 letters, digits, periods, hyphens and underscores)'),
    };
}
function readRegistryTarget(get) {
    if (!get(Input.Registry) || !get(Input.Repository)) {
        const missing = REGISTRY_INPUTS.filter((name) => !get(name));
        throw new UsageError(`Input ${list(missing)} is required: a registry target needs both registry and repository.`);
    }
    return {
        kind: 'registry',
        registry: parseRegistry(get(Input.Registry), Input.Registry),
        repository: parseRepository(get(Input.Repository), Input.Repository),
        targetRegistry: get(Input.TargetRegistry)
            ? parseRegistry(get(Input.TargetRegistry), Input.TargetRegistry)
            : '',
    };
}
/** Defender for Cloud scans container images in ACR only; a gallery image version has no such record. */
function readDefender(get, enabled, kind) {
    if (!enabled)
        return {};
    if (kind === 'gallery') {
        throw inputError(Input.DefenderForCloud, get(Input.DefenderForCloud), 'Defender for Cloud scans container images in Azure Container Registry only and has no scan record for ' +
            'Compute Gallery image versions; for a gallery target use scan-reports or scan.* tags on the version');
    }
    const subscription = get(Input.SubscriptionId);
    if (!subscription)
        return { defenderForCloud: {} };
    return {
        defenderForCloud: {
            subscriptionId: match(Input.SubscriptionId, subscription, UUID, 'expected a subscription GUID (it scopes the defender-for-cloud query)'),
        },
    };
}
/** `from-ring`: promote what another ring holds; instead of `version`, never with it. */
function readFromRing(get, operation) {
    const value = get(Input.FromRing);
    if (!value)
        return undefined;
    const version = get(Input.Version);
    if (version) {
        throw new UsageError(`Inputs '${Input.FromRing}' (${JSON.stringify(value)}) and '${Input.Version}' (${JSON.stringify(version)}) ` +
            `were both set: '${Input.FromRing}' promotes exactly what that ring holds, so set only one of them.`);
    }
    if (operation !== 'promote') {
        throw inputError(Input.FromRing, value, `only operation 'promote' takes it (operation is '${operation}')`);
    }
    const ring = match(Input.FromRing, value, RING_NAME, 'expected a ring name: lowercase letters, digits and hyphens, up to 40');
    if (ring === get(Input.Ring)) {
        throw inputError(Input.FromRing, value, `names the target ring itself; name the ring to promote from`);
    }
    return { kind: 'ring', value: ring };
}
function readVersion(value, kind, operation) {
    if (operation === 'retire') {
        if (!value)
            return { kind: 'none' };
        throw inputError(Input.Version, value, "operation 'retire' takes no version: it applies the policy's retention to every version");
    }
    if (!value) {
        if (operation === 'rollback')
            return { kind: 'none' };
        throw new UsageError(`Input 'version' is required for operation '${operation}'.`);
    }
    if (kind === 'registry') {
        parseReference(value, Input.Version);
        return { kind: 'reference', value };
    }
    if (/^\d+\.\d+\.\d+$/.test(value)) {
        if (value
            .split('.')
            .some((part) => Number(part) > MAX_VERSION_PART || (part.length > 1 && part.startsWith('0')))) {
            throw inputError(Input.Version, value, 'gallery version parts are integers from 0 to 2147483647 without leading zeros');
        }
        return { kind: 'exact', value };
    }
    // Only plain numeric ranges: gallery versions have no pre-release or build parts.
    if (value.length <= 100 && /^[\d.xX*^~<>=|\s-]+$/.test(value) && semver.validRange(value) !== null) {
        return { kind: 'range', value };
    }
    throw inputError(Input.Version, value, 'expected a gallery version MAJOR.MINOR.PATCH (e.g. 1.4.2) or a semver range (e.g. 1.4.x, ^1.4, >=1.2.0 <2.0.0)');
}
function readOperation(value) {
    if (!value)
        return 'promote';
    if (value === 'promote' || value === 'rollback' || value === 'retire')
        return value;
    throw inputError(Input.Operation, value, "expected 'promote' or 'rollback' (or 'retire' to apply the policy's retention)");
}
function readRing(value) {
    if (!value)
        throw new UsageError(`Input 'ring' is required: name the ring to promote into (e.g. canary).`);
    return match(Input.Ring, value, RING_NAME, 'expected a ring name: lowercase letters, digits and hyphens, up to 40');
}
function readClientId(value) {
    return value ? match(Input.ClientId, value, UUID, 'expected the application (client) ID, a GUID') : '';
}
/** `managed-identity` signs in as the machine: a tenant-id (OIDC's other half) would be silently ignored. */
function readAuth(value, tenantId) {
    if (!value || value === 'auto')
        return 'auto';
    if (value !== 'managed-identity') {
        throw inputError(Input.Auth, value, "expected 'auto' or 'managed-identity'");
    }
    if (tenantId) {
        throw inputError(Input.TenantId, tenantId, "is for OIDC federation and is not used with auth 'managed-identity' (the identity's tenant is the machine's); " +
            'remove it, and set client-id only to pick a user-assigned identity');
    }
    return value;
}
function readTenantId(value) {
    if (!value)
        return '';
    if (UUID.test(value) || TENANT_DOMAIN.test(value))
        return value;
    throw inputError(Input.TenantId, value, 'expected the directory (tenant) ID, a GUID or a domain');
}
/**
 * azure-environment, or the deprecated `environment` (it read as the GitHub deployment environment). Using
 * the alias adds a deprecation naming the new input; setting both to different clouds is an error.
 */
function readEnvironment(get) {
    const current = get(Input.AzureEnvironment);
    const alias = get(Input.Environment);
    if (!alias)
        return { environment: current, environmentInput: Input.AzureEnvironment, deprecations: [] };
    const deprecation = `Input '${Input.Environment}' is deprecated and will be removed: use '${Input.AzureEnvironment}' ` +
        `(the Azure cloud) instead.`;
    if (current && current.toLowerCase() !== alias.toLowerCase()) {
        throw new UsageError(`Inputs '${Input.AzureEnvironment}' (${JSON.stringify(current)}) and '${Input.Environment}' ` +
            `(${JSON.stringify(alias)}, deprecated) name different clouds: set only '${Input.AzureEnvironment}'.`);
    }
    if (current)
        return { environment: current, environmentInput: Input.AzureEnvironment, deprecations: [deprecation] };
    return { environment: alias, environmentInput: Input.Environment, deprecations: [deprecation] };
}
/** Minutes, 1 to 360 (GitHub's job limit); default 30. */
function readTimeout(value) {
    if (!value)
        return 30 * 60_000;
    if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 360) {
        throw inputError(Input.Timeout, value, 'expected whole minutes from 1 to 360');
    }
    return Number(value) * 60_000;
}
function readSeverity(value) {
    if (!value)
        return undefined;
    const lower = value.toLowerCase();
    const found = SEVERITY_THRESHOLDS.find((s) => s === lower);
    if (!found)
        throw inputError(Input.FailOnSeverity, value, `expected one of ${SEVERITY_THRESHOLDS.join(', ')}`);
    return found;
}
/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts; '' means the default. */
function readBoolean(name, value, fallback) {
    if (!value)
        return fallback;
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    throw inputError(name, value, "expected 'true' or 'false'");
}
function match(name, value, pattern, expected) {
    if (!pattern.test(value))
        throw inputError(name, value, expected);
    return value;
}
function splitLines(value) {
    return value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
}
/** Newline- or comma-separated list. */
function splitList(value) {
    return splitLines(value).flatMap((line) => line
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean));
}
function list(names) {
    return names.map((n) => `'${n}'`).join(', ');
}

// One run with one error channel: every phase's error becomes a `failed` result that names the phase, so the
// edge always has a result to write outputs, the summary and the comment from. Kept small and free of SDKs:
// the edge imports it statically, and a run that stops on bad input loads nothing more.
async function runPromotion(request) {
    const phases = new Phases(request.log, 'Read inputs and policy');
    const run = {};
    try {
        const { settings, prepared } = await phases.run('validate', async () => {
            run.settings = request.read();
            const { prepare } = await import('./promotion.js').then(function (n) { return n.f; });
            return { settings: run.settings, prepared: await prepare(run.settings, request.workspace) };
        });
        run.prepared = prepared;
        phases.title = (await import('./promotion.js').then(function (n) { return n.f; })).runTitle(settings);
        if (request.azureDebug)
            (await import('./logging.js')).routeAzureLogs(request.log.debug);
        const approvals = request.approvals ? await request.approvals(settings) : [];
        const { execute } = await import('./promotion.js').then(function (n) { return n.f; });
        const result = await execute(prepared, { record: request.record, log: request.log, approvals, phases });
        return { ...run, result };
    }
    catch (error) {
        if (!(error instanceof UsageError) && error instanceof Error && error.stack)
            request.log.debug(error.stack);
        const result = failedResult(error, phases.failed, run.settings);
        // A run that failed after the policy was read still says which policy it read.
        return {
            ...run,
            result: run.prepared ? { ...result, policy: policyOrigin(run.prepared.policy) } : result,
        };
    }
}
/** A run that threw: no plan, nothing written by this run, the error and where it happened. */
function failedResult(error, phase, settings) {
    return {
        verdict: 'failed',
        dryRun: settings?.dryRun ?? false,
        outcomes: [],
        verification: [],
        error: messageOf(error),
        ...(phase ? { phase } : {}),
        ...policyProblemsOf(error),
    };
}
/** Policy file problems go on the file's lines, so they show on the pull request's diff. */
function policyProblemsOf(error) {
    if (!(error instanceof UsageError) || !('file' in error) || !('problems' in error))
        return {};
    if (!Array.isArray(error.problems))
        return {};
    return { policyProblems: { file: String(error.file), problems: error.problems.map(String) } };
}

const MAX_CHANGES = 100;
function changeStatus(outcome, result) {
    switch (outcome.status) {
        case 'applied':
            return safe('✓ Written');
        case 'failed':
            return safe('<b>✗ Failed</b>');
        case 'not-attempted':
            if (result.verdict === 'planned')
                return safe('Planned');
            if (result.verdict === 'blocked')
                return safe('Not written');
            return safe('<b>Not written</b>');
    }
}
function outcomesOf(result, plan) {
    return result.outcomes.length > 0
        ? result.outcomes
        : plan.changes.map((change) => ({ change, status: 'not-attempted' }));
}
function changesTable(outcomes, result) {
    const shownError = (o) => o.error && !(result.error ?? '').includes(o.error) ? o.error : undefined;
    const withError = outcomes.some((o) => shownError(o));
    const { shown, more } = capList(outcomes, MAX_CHANGES);
    const headers = ['Resource', 'Change', 'Status'];
    if (withError)
        headers.push('Error');
    const rows = shown.map((o) => {
        const row = [prose(o.change.resource), prose(o.change.summary), changeStatus(o, result)];
        if (withError)
            row.push(prose(shownError(o) ?? '', { max: 300 }));
        return row;
    });
    const out = table(headers, rows).value;
    return more > 0 ? `${out}\n\n${andMore(more, 'changes')}` : out;
}
function changesSection(result, plan) {
    const outcomes = outcomesOf(result, plan);
    if (outcomes.length === 0)
        return undefined;
    const body = changesTable(outcomes, result);
    const n = outcomes.length;
    switch (result.verdict) {
        case 'planned':
            return new Safe(`### Planned changes (dry run, not written)\n\n${body}`);
        case 'failed': {
            const note = 'Each change is idempotent: re-running after fixing the cause finishes the run from where it stopped.';
            return new Safe(`### Changes\n\n${body}\n\n${note}`);
        }
        case 'blocked':
            return details(`${plural(n, 'change')} not written (blocked)`, new Safe(body));
        default:
            return details(`${plural(n, 'change')} written`, new Safe(body));
    }
}

/** Above this many regions, rows where nothing changes and nothing is wrong are folded. */
const FOLD_REGIONS_ABOVE = 5;
const MAX_REGION_ROWS = 60;
/** `East US` and `eastus` name the same region. */
function regionKey(name) {
    return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
const LATEST_RE = /^latest in (.+)$/;
/** Per-region facts from the plan, for engines that do not report them yet. */
function regionsFromPlan(plan) {
    const rows = new Map();
    const row = (name) => {
        const key = regionKey(name);
        let r = rows.get(key);
        if (!r) {
            r = { region: name, required: plan.regions.some((x) => regionKey(x) === key) };
            rows.set(key, r);
        }
        return r;
    };
    for (const name of plan.regions)
        row(name);
    for (const t of plan.transitions) {
        const m = LATEST_RE.exec(t.subject);
        if (!m?.[1])
            continue;
        const r = row(m[1]);
        r.latestBefore = t.before;
        r.latestAfter = t.after;
    }
    const replication = plan.gates.find((g) => g.id === 'replication');
    if (replication)
        readReplication(replication.details, row, rows);
    return [...rows.values()];
}
/** `Completed in East US (2), West Europe (2)` or `East US: Replicating 40%; West Europe: Failed (…)`. */
function readReplication(text, row, rows) {
    const completed = /^Completed in (.+)$/.exec(text);
    if (completed?.[1]) {
        for (const part of completed[1].split(', ')) {
            const m = /^(.+?) \((\d+)\)$/.exec(part);
            if (m?.[1] && rows.has(regionKey(m[1])))
                Object.assign(row(m[1]), { state: 'Completed', replicas: Number(m[2]) });
        }
        return;
    }
    for (const part of text.split('; ')) {
        const state = /^(.+?): ([A-Za-z]+)(?: (\d+)%)?/.exec(part);
        const replicas = /^(.+?): (\d+) replicas, ring .* needs (\d+)$/.exec(part);
        if (replicas?.[1] && rows.has(regionKey(replicas[1]))) {
            Object.assign(row(replicas[1]), {
                state: 'Completed',
                replicas: Number(replicas[2]),
                requiredReplicas: Number(replicas[3]),
            });
        }
        else if (state?.[1] && rows.has(regionKey(state[1]))) {
            const r = row(state[1]);
            r.state = state[2];
            if (state[3])
                r.progress = Number(state[3]);
        }
    }
}
function replicationCell(r) {
    if (!r.state)
        return r.replicas !== undefined ? `${formatNumber(r.replicas)} replicas` : '—';
    if (r.state === 'Completed') {
        const short = r.requiredReplicas !== undefined && r.replicas !== undefined && r.replicas < r.requiredReplicas;
        const count = r.replicas !== undefined
            ? ` · ${formatNumber(r.replicas)}${r.requiredReplicas ? `/${r.requiredReplicas}` : ''}`
            : '';
        return short ? new Safe(`<b>Too few replicas</b>${count}`) : `✓ Completed${count}`;
    }
    const progress = r.progress !== undefined ? ` ${r.progress}%` : '';
    const icon = r.state === 'Failed' ? '✗' : '⏳';
    return new Safe(`<b>${icon} ${escapeState(r.state)}${progress}</b>`);
}
function escapeState(state) {
    return state.replace(/[^A-Za-z0-9 -]/g, '');
}
function latestCell(r) {
    if (r.latestBefore === undefined && r.latestAfter === undefined)
        return '—';
    const before = r.latestBefore ?? '(none)';
    const after = r.latestAfter ?? before;
    if (before === after)
        return code(after);
    return new Safe(`${code(before).value} → <b>${code(after).value}</b>`);
}
/** A row a reviewer needs to see: something changes or something is wrong. */
function eventful(r) {
    const changes = r.latestBefore !== r.latestAfter;
    const problem = r.state !== undefined && r.state !== 'Completed';
    const short = r.requiredReplicas !== undefined && r.replicas !== undefined && r.replicas < r.requiredReplicas;
    return changes || problem || short;
}
function regionTable(rows, showLatest) {
    const headers = ['Region', 'Replication', 'Ring requires'];
    if (showLatest)
        headers.push('latest: before → after');
    return table(headers, rows.map((r) => {
        const cells = [r.region, replicationCell(r), r.required ? 'yes' : 'no'];
        if (showLatest)
            cells.push(latestCell(r));
        return cells;
    }));
}
/** The region table, unchanged rows folded when there are more than FOLD_REGIONS_ABOVE regions. */
function regionsSection(regions) {
    if (regions.length === 0)
        return undefined;
    const { shown, more } = capList(regions, MAX_REGION_ROWS);
    const showLatest = shown.some((r) => r.latestBefore !== undefined || r.latestAfter !== undefined);
    const moreText = more > 0 ? `\n\n${andMore(more, 'regions')}` : '';
    if (shown.length <= FOLD_REGIONS_ABOVE) {
        return new Safe(`### Regions\n\n${regionTable(shown, showLatest).value}${moreText}`);
    }
    const open = shown.filter(eventful);
    const folded = shown.filter((r) => !eventful(r));
    const parts = ['### Regions'];
    if (open.length > 0)
        parts.push(regionTable(open, showLatest).value);
    if (folded.length > 0) {
        const summary = `${formatNumber(folded.length)} ${folded.length === 1 ? 'region' : 'regions'} unchanged${open.length === 0 ? ', all replicated' : ''}`;
        parts.push(details(summary, regionTable(folded, showLatest)).value);
    }
    return new Safe(parts.join('\n\n') + moreText);
}

const MAX_ROWS = 500;
const FOLD_KEPT_ABOVE = 10;
const ACTIONS = {
    keep: 'Kept',
    'end-of-life': 'End of life set',
    delete: 'Deleted',
};
function decisionWord(d, written) {
    let action = ACTIONS[d.action];
    if (d.action === 'delete' && !written)
        action = 'To delete';
    if (d.action === 'end-of-life' && !d.changeId)
        action = 'End of life (already set)';
    if (d.action === 'end-of-life' && d.changeId && !written)
        action = 'To set end of life';
    if (d.usedBy?.length)
        action = d.action === 'keep' ? 'Kept: in use' : `${action}, kept: in use`;
    return action;
}
/** `resourceGroup/name` of an ARM id: what a reviewer recognises; the full ids are in the `retired` output. */
function userName(id) {
    const parts = id.split('/').filter(Boolean);
    return [parts[3], parts[parts.length - 1]].filter(Boolean).join('/');
}
function rows(result, decisions, registry) {
    const outcomes = new Map(result.outcomes.map((o) => [o.change.id, o]));
    return decisions.map((d) => {
        const outcome = d.changeId ? outcomes.get(d.changeId) : undefined;
        const written = outcome?.status === 'applied';
        let status = '';
        if (d.changeId) {
            status =
                outcome?.status === 'applied'
                    ? '✓ Written'
                    : outcome?.status === 'failed'
                        ? '✗ Failed'
                        : result.verdict === 'planned'
                            ? 'Planned'
                            : 'Not written';
        }
        const names = (d.usedBy ?? []).map(userName);
        const users = names.length > 0 ? markup `: ${cappedInline(names, 10)}` : '';
        const row = [
            d.subject,
            decisionWord(d, written),
            d.endOfLife ? d.endOfLife.slice(0, 10) : '',
            markup `${d.reasons.join('; ')}${users}`,
            status,
        ];
        // A digest says little to a reviewer without its tags (which deleting it removes too).
        if (registry)
            row.splice(0, 1, digestCode(d.subject), d.tags?.length ? cappedInline(d.tags, 10) : 'untagged');
        return row;
    });
}
function retirementSection(result, plan) {
    const decisions = plan.retirement ?? [];
    const registry = plan.target.kind === 'registry';
    const headers = registry
        ? ['Digest', 'Tags', 'Decision', 'End of life', 'Reason', 'Write']
        : ['Version', 'Decision', 'End of life', 'Reason', 'Write'];
    const { shown, more } = capList(decisions, MAX_ROWS);
    const moreText = more > 0 ? `\n\n${andMore(more, registry ? 'digests' : 'versions')}` : '';
    const acting = shown.filter((d) => d.action !== 'keep');
    const kept = shown.filter((d) => d.action === 'keep');
    if (shown.length <= FOLD_KEPT_ABOVE || kept.length === 0) {
        return new Safe(`### Retention\n\n${table(headers, rows(result, shown, registry)).value}${moreText}`);
    }
    const parts = ['### Retention'];
    if (acting.length > 0)
        parts.push(table(headers, rows(result, acting, registry)).value);
    parts.push(details(`${formatNumber(kept.length)} kept`, table(headers, rows(result, kept, registry))).value);
    return new Safe(parts.join('\n\n') + moreText);
}

/** GitHub drops job summaries over 1 MiB; leave room for anything else a step appends. */
const SUMMARY_MAX_BYTES = 1_000_000;
const LIMITS = { gates: 50, transitions: 100, notes: 30, warnings: 30, outputs: 30, inputs: 40 };
/** An error is shown once, in full up to this many characters. */
const MAX_ERROR_CHARS = 4000;
/** The error once, with what to do about it when it is recognisable. */
function errorBlock(error) {
    const advice = errorAdvice(error);
    const text = `> <b>Error:</b> ${prose(error, { multiline: true, max: MAX_ERROR_CHARS }).value}`;
    return advice ? `${text}\n>\n> <b>→</b> ${prose(advice).value}` : text;
}
/** Transitions the region table does not already show (ring holder, registry tags). */
function otherTransitions(result, regionsShown) {
    const plan = result.plan;
    if (!plan)
        return undefined;
    const rows = plan.transitions.filter((t) => !(regionsShown && t.subject.startsWith('latest in ')));
    // The ring's holder is already in the facts (Version, Previous).
    const shown = rows.filter((t) => !(t.subject === `ring ${plan.ring}` && plan.target.kind === 'gallery'));
    if (shown.length === 0)
        return undefined;
    const { shown: capped, more } = capList(shown, LIMITS.transitions);
    const after = result.verdict === 'planned'
        ? 'After (planned)'
        : result.verdict === 'blocked'
            ? 'After (not written)'
            : result.verdict === 'failed'
                ? 'Intended'
                : 'After';
    const out = table(['What', 'Before', after], capped.map((t) => [prose(t.subject), prose(t.before), prose(t.after)])).value;
    const heading = plan.operation === 'retire' ? '### Before and after' : '### Ring state';
    return `${heading}\n\n${out}${more > 0 ? `\n\n${andMore(more, 'rows')}` : ''}`;
}
function notesSection(notes) {
    if (notes.length === 0)
        return undefined;
    const { shown, more } = capList(notes, LIMITS.notes);
    const items = shown.map((n) => prose(n));
    if (more > 0)
        items.push(andMore(more, 'notes'));
    return bullets(items).value;
}
function warningsSection(warnings) {
    if (!warnings || warnings.length === 0)
        return undefined;
    const { shown, more } = capList(warnings, LIMITS.warnings);
    const items = shown.map((w) => prose(w));
    if (more > 0)
        items.push(andMore(more, 'warnings'));
    return `### ⚠ ${plural(warnings.length, 'warning')}\n\n${bullets(items).value}`;
}
/** Inputs and outputs, folded: they are in the workflow file and the step's outputs already. */
function keyValues(label, values) {
    const entries = Object.entries(values ?? {}).filter(([, v]) => v !== undefined && v !== '');
    if (entries.length === 0)
        return undefined;
    const { shown, more } = capList(entries, label === 'Inputs' ? LIMITS.inputs : LIMITS.outputs);
    const out = table(['Name', 'Value'], shown.map(([k, v]) => [k, code(clip(String(v), 120))])).value;
    return details(`${label} (${formatNumber(entries.length)})`, new Safe(more > 0 ? `${out}\n\n${andMore(more)}` : out)).value;
}
/** Render the job summary for one run. Always below `maxBytes` (default SUMMARY_MAX_BYTES). */
function renderSummary(result, context = {}) {
    const plan = result.plan;
    const operation = plan?.operation ?? context.request?.operation ?? 'promote';
    const now = context.now ?? new Date();
    const sections = [];
    sections.push(`## ${verdictIcon(result.verdict)} ${verdictTitle(result, operation)}`);
    sections.push(headline(result, context.request).value);
    sections.push(factsTable(result, context)?.value);
    if (result.verdict === 'failed' && result.error)
        sections.push(errorBlock(result.error));
    if (plan) {
        sections.push(gatesSection(plan.gates, result.verification, { max: LIMITS.gates, now })?.value);
    }
    else if (result.verification.length > 0) {
        sections.push(gatesSection([], result.verification, { max: LIMITS.gates, now })?.value);
    }
    if (plan?.retirement)
        sections.push(retirementSection(result, plan).value);
    let regionsShown = false;
    if (plan?.target.kind === 'gallery' && plan.operation !== 'retire') {
        const regions = regionsSection(context.regions ?? regionsFromPlan(plan));
        regionsShown = !!regions;
        sections.push(regions?.value);
    }
    sections.push(otherTransitions(result, regionsShown));
    if (result.scan)
        sections.push(scanSection(result.scan, result).value);
    if (plan)
        sections.push(changesSection(result, plan)?.value);
    if (plan)
        sections.push(notesSection(plan.notes));
    sections.push(warningsSection(context.warnings));
    sections.push(keyValues('Outputs', context.outputs));
    sections.push(keyValues('Inputs', context.inputs));
    const text = `${sections.filter((s) => !!s).join('\n\n')}\n`;
    const limit = context.maxBytes ?? SUMMARY_MAX_BYTES;
    const omitted = Buffer.byteLength(text, 'utf8') - limit;
    return capSize(text, limit, `<b>Summary truncated</b> to stay under GitHub's 1 MiB job-summary limit (about ${formatNumber(Math.max(omitted, 0))} bytes left out). The full details are in the run log.`).text;
}

export { Input as I, Output as O, actionOutputs as a, renderSummary as b, readSettings as c, runPromotion as r };
