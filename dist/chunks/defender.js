import { m as messageOf, S as StepError } from './errors.js';
import { R as ResourceGraphClient, f as forEachPage, k as kqlEscape } from './resource-graph.js';
import { s as severityFromWord } from './promotion.js';
import './arm-error.js';
import './bearerTokenAuthenticationPolicy.js';
import 'node:http';
import 'node:https';
import 'node:zlib';
import 'node:stream';
import './index.js';
import 'node:os';
import 'node:util';
import 'node:process';
import 'stream';
import 'net';
import 'tls';
import 'assert';
import 'tty';
import 'util';
import 'os';
import 'http';
import 'https';
import 'url';
import 'events';
import './tokenCredential.js';
import './targets.js';
import 'node:fs';
import 'node:path';
import './core.js';
import 'crypto';
import 'fs';
import 'path';
import './index2.js';
import 'string_decoder';
import 'child_process';
import 'timers';
import 'node:crypto';
import 'node:fs/promises';
import './defaults.js';
import './order.js';

// Microsoft Defender for Cloud as scan evidence for registry (ACR) images: one Azure Resource Graph query over
// `securityresources` for the sub-assessments of the Defender Vulnerability Management (MDVM) assessment on the
// promoted digest, paged with skipToken through every row, turned into a ParsedReport (format `defender`) so
// the scan gate treats it like a Trivy report, plus a `defender` gate for the one rule a report cannot carry:
// "no findings" only counts when Defender scanned the image after it was last pushed.
//
// Row shape relied on (Microsoft Learn, "Container vulnerability assessments REST API",
// articles/defender-for-cloud/subassessment-rest-api.md in MicrosoftDocs/azure-docs, and the Azure Resource
// Graph samples for Container Registry):
//   id          …/registries/{name}/providers/Microsoft.Security/assessments/{assessmentKey}/subassessments/{id}
//   properties.id                                              the finding id (CVE-…)
//   properties.status.code                                     Unhealthy (open finding) | Healthy | NotApplicable
//   properties.status.severity                                 the finding's severity (also on NotApplicable rows)
//   properties.timeGenerated                                   when Defender produced the record (the scan time)
//   properties.additionalData.vulnerabilityDetails.{severity, cveId}
//   properties.additionalData.artifactDetails.{registryHost, repositoryName, digest, lastPushedToRegistryUTC}
//   properties.additionalData.softwareDetails.{packageName, version, fixedVersion}
// The MDVM assessment key is c0b7cfc6-3172-465a-b378-53c7ff2cc0d5; the retired Qualys key
// (dbd0cb49-b563-45e7-9724-889e799fa648) is never asked for: Microsoft's own gate script silently stopped
// finding results when the key changed (Azure/Microsoft-Defender-for-Cloud#858), so an old key must not
// quietly become "no findings". Healthy rows are taken as "scanned, nothing open", as that script does.
//
// The push time is Defender's own `lastPushedToRegistryUTC` (the newest over the digest's rows): the action
// does not read ACR's manifest metadata here. A digest Defender has no record of at all fails the gate.
/** Microsoft Defender Vulnerability Management, Azure registry images. */
const MDVM_ASSESSMENT_KEY = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5';
const SUB_ASSESSMENT_TYPE = 'microsoft.security/assessments/subassessments';
const DEFENDER_STEP = 'Querying Defender for Cloud vulnerability assessments (Resource Graph)';
const TITLE = 'Defender for Cloud scan';
const TOOL = 'Microsoft Defender for Cloud (Defender Vulnerability Management)';
const ARTIFACT = 'properties.additionalData.artifactDetails';
const COLUMNS = {
    status: 'properties.status.code',
    severity: 'properties.additionalData.vulnerabilityDetails.severity',
    statusSeverity: 'properties.status.severity',
    cveId: 'properties.additionalData.vulnerabilityDetails.cveId',
    findingId: 'properties.id',
    packageName: 'properties.additionalData.softwareDetails.packageName',
    installedVersion: 'properties.additionalData.softwareDetails.version',
    fixedVersion: 'properties.additionalData.softwareDetails.fixedVersion',
    timeGenerated: 'properties.timeGenerated',
    pushedAt: `${ARTIFACT}.lastPushedToRegistryUTC`,
};
/** The one query for a digest (exported for tests and the emulator): every status, so Healthy rows prove a scan. */
function defenderQuery(subject) {
    const projected = Object.entries(COLUMNS).map(([name, path]) => `${name} = tostring(${path})`);
    return [
        'securityresources',
        `| where type =~ '${SUB_ASSESSMENT_TYPE}'`,
        `| extend assessmentKey = extract(@'(?i)/providers/Microsoft\\.Security/assessments/([^/]+)/subassessments/', 1, id)`,
        `| where assessmentKey =~ '${MDVM_ASSESSMENT_KEY}'`,
        `| extend registryHost = tostring(${ARTIFACT}.registryHost), repositoryName = tostring(${ARTIFACT}.repositoryName), digest = tostring(${ARTIFACT}.digest)`,
        `| where registryHost =~ '${kqlEscape(subject.registry)}' and repositoryName =~ '${kqlEscape(subject.repository)}' and digest =~ '${kqlEscape(subject.digest)}'`,
        `| project id, registryHost, repositoryName, digest, ${projected.join(', ')}`,
        '| order by id asc',
    ].join('\n');
}
class DefenderForCloud {
    client;
    options;
    constructor(client, options = {}) {
        this.client = client;
        this.options = options;
    }
    /** Every sub-assessment row for the digest, all pages. Throws a StepError naming the step. */
    async rows(subject) {
        const found = [];
        const { subscriptionId, deadline } = this.options;
        try {
            await forEachPage(this.client, {
                query: defenderQuery(subject),
                step: DEFENDER_STEP,
                ...(subscriptionId ? { subscriptions: [subscriptionId] } : {}),
                ...(deadline ? { abortSignal: deadline.signal } : {}),
            }, (data) => found.push(...rowsOf(data)));
        }
        catch (error) {
            throw deadline?.timedOut(DEFENDER_STEP) ?? error;
        }
        return found;
    }
    /** Never throws: a failed query is a failing gate (fail closed), with the step and Azure's code. */
    async evidence(subject) {
        if (!subject.digest) {
            const details = 'the image digest is unknown (the image was not found), so Defender for Cloud cannot be asked';
            return { gate: { id: 'defender', title: TITLE, status: 'fail', details } };
        }
        let rows;
        try {
            rows = await this.rows(subject);
        }
        catch (error) {
            return { gate: { id: 'defender', title: TITLE, status: 'fail', details: queryFailure(error) } };
        }
        return evidenceFromRows(subject, rows);
    }
}
function createDefenderForCloud(options) {
    const client = new ResourceGraphClient(options.credential, {
        endpoint: options.armEndpoint,
        // The client's default scope is the public cloud's; sovereign clouds and the emulator need their own.
        credentials: { scopes: [`${options.armEndpoint}/.default`] },
        ...(options.userAgent ? { userAgentOptions: { userAgentPrefix: options.userAgent } } : {}),
        ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
    });
    return new DefenderForCloud(client, options);
}
/** Rows → gate and report. Rows for another image are ignored even if the service returned them. */
function evidenceFromRows(subject, all) {
    const rows = all.filter((row) => sameImage(row, subject));
    const image = `${subject.registry}/${subject.repository}@${subject.digest}`;
    const fail = (details) => ({ id: 'defender', title: TITLE, status: 'fail', details });
    if (rows.length === 0) {
        return {
            gate: fail(`no Defender for Cloud vulnerability assessment of ${image}: the image has not been scanned since it ` +
                `was pushed; scans run minutes after a push or import, so a re-run later may pass${acrHint(subject.registry)}`),
        };
    }
    const report = toReport(subject, rows);
    const lastScan = newest(rows.map((r) => r.timeGenerated));
    const lastPush = newest(rows.map((r) => r.pushedAt));
    if (!lastScan || !lastPush) {
        const missing = lastScan ? 'when the image was pushed' : 'when it scanned the image';
        return {
            gate: fail(`Defender for Cloud's records of ${image} do not say ${missing}: no scan since the push is shown`),
            report,
        };
    }
    if (lastScan <= lastPush) {
        return {
            gate: fail(`the image has not been scanned since it was pushed: Defender for Cloud's newest scan of ${image} is ` +
                `from ${iso(lastScan)}, the image was pushed at ${iso(lastPush)}`),
            report,
        };
    }
    const exempt = rows.filter((r) => r.status.toLowerCase() === 'notapplicable').length;
    const exemptText = exempt > 0 ? `; ${exempt} not applicable or exempt in Defender, not counted` : '';
    return {
        gate: {
            id: 'defender',
            title: TITLE,
            status: 'pass',
            details: `scanned at ${iso(lastScan)}, after the last push at ${iso(lastPush)}; ` +
                `${report.findings.length} open finding${report.findings.length === 1 ? '' : 's'}${exemptText}`,
        },
        report,
    };
}
function toReport(subject, rows) {
    const source = `Defender for Cloud: ${subject.registry}/${subject.repository}`;
    const findings = rows.filter(isOpen).map((row) => {
        const finding = {
            id: row.cveId || row.findingId || row.id.split('/').pop() || 'unnamed finding',
            severity: severityOf(row),
            source,
        };
        if (row.packageName)
            finding.package = row.packageName;
        if (row.installedVersion)
            finding.installedVersion = row.installedVersion;
        if (row.fixedVersion)
            finding.fixedVersion = row.fixedVersion;
        return finding;
    });
    const report = {
        path: source,
        format: 'defender',
        subjectDigests: [subject.digest.toLowerCase()],
        findings,
        tool: TOOL,
    };
    const scanned = newest(rows.map((r) => r.timeGenerated));
    if (scanned)
        report.scannedAt = scanned;
    return report;
}
/** Healthy and NotApplicable (exempt, disabled) rows are not open; anything else with a status is (fail closed). */
function isOpen(row) {
    const status = row.status.toLowerCase();
    return status !== 'healthy' && status !== 'notapplicable';
}
function severityOf(row) {
    const severity = severityFromWord(row.severity);
    return severity === 'unknown' ? severityFromWord(row.statusSeverity) : severity;
}
function sameImage(row, subject) {
    const same = (a, b) => a.toLowerCase() === b.toLowerCase();
    return (same(row.registryHost, subject.registry) &&
        same(row.repositoryName, subject.repository) &&
        same(row.digest, subject.digest));
}
function rowsOf(data) {
    if (!Array.isArray(data))
        return [];
    return data.flatMap((value) => {
        if (!value || typeof value !== 'object')
            return [];
        const r = value;
        const text = (key) => (typeof r[key] === 'string' ? r[key] : '');
        const row = {
            id: text('id'),
            registryHost: text('registryHost'),
            repositoryName: text('repositoryName'),
            digest: text('digest'),
            ...Object.fromEntries(Object.keys(COLUMNS).map((key) => [key, text(key)])),
        };
        return row.id ? [row] : [];
    });
}
function newest(times) {
    // A loop, not Math.max(...all): a digest can have thousands of rows.
    let latest = Number.NaN;
    for (const time of times) {
        const t = time ? Date.parse(time) : Number.NaN;
        if (!Number.isNaN(t) && !(t <= latest))
            latest = t;
    }
    return Number.isNaN(latest) ? undefined : new Date(latest);
}
function iso(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** Defender scans Azure Container Registry only. */
function acrHint(registry) {
    return /\.azurecr\.(io|us|cn)(:\d+)?$/i.test(registry)
        ? ''
        : ` (Defender for Cloud scans Azure Container Registry only, and ${registry} is not an ACR login server)`;
}
function queryFailure(error) {
    const message = messageOf(error);
    const code = error instanceof StepError ? error.code : undefined;
    const denied = code === 'AuthorizationFailed' || code === 'HTTP 403' || code === 'Forbidden';
    // Resource Graph returns only rows the identity may read: without read access the query fails or finds nothing.
    const hint = denied
        ? " — grant the identity 'Security Reader' (or 'Reader') on the registry's subscription"
        : '';
    return `${message}${hint}`;
}

export { DEFENDER_STEP, DefenderForCloud, MDVM_ASSESSMENT_KEY, SUB_ASSESSMENT_TYPE, createDefenderForCloud, defenderQuery, evidenceFromRows };
