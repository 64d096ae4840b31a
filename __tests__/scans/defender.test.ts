// The Defender for Cloud gate with the real @azure/arm-resourcegraph client over HTTPS against the emulator's
// Resource Graph route (sub-assessment rows in the documented shape, paged with $skipToken), evaluated by the
// same scan gate as Trivy reports. One end-to-end run of the bundled action promotes from the emulator's ACR.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { ClientAssertionCredential } from '@azure/identity'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAction } from '../../emulator/runner.js'
import type { SubAssessmentSeed } from '../../emulator/routes/resource-graph.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { Deadline, RETRY_OPTIONS } from '../../src/azure/deadline.js'
import type { ScanPolicy } from '../../src/core/policy.js'
import {
  createDefenderForCloud,
  DEFENDER_STEP,
  defenderQuery,
  MDVM_ASSESSMENT_KEY,
  type DefenderEvidence,
  type DefenderSubject,
} from '../../src/scans/defender.js'
import { evaluateScans } from '../../src/scans/gate.js'
import { call, muteWorkflowCommands } from '../emulator/helpers.js'

const SUB = '00000000-0000-0000-0000-000000000001'
const OTHER_SUB = '00000000-0000-0000-0000-000000000009'
const TENANT = '11111111-1111-1111-1111-111111111111'
const CLIENT = '22222222-2222-2222-2222-222222222222'
const QUALYS_KEY = 'dbd0cb49-b563-45e7-9724-889e799fa648'
const REGISTRY = 'contoso.azurecr.io'
const REPO = 'team/web'
const DIGEST = `sha256:${'a'.repeat(64)}`
const PUSHED = '2026-11-20T10:00:00.1234567Z'
const SCANNED = '2026-11-20T10:07:31.0772799Z'
const subject: DefenderSubject = { registry: REGISTRY, repository: REPO, digest: DIGEST }
const policy: ScanPolicy = { required: true, failOn: 'high', allow: [] }

let emulator: Emulator
let credential: ClientAssertionCredential
let unmute: () => void
const saved = { ...process.env }

const graph = () => emulator.modules['resource-graph']

function row(extra: Partial<SubAssessmentSeed> = {}): SubAssessmentSeed {
  return {
    registryHost: REGISTRY,
    repositoryName: REPO,
    digest: DIGEST,
    cveId: 'CVE-2019-14697',
    severity: 'Critical',
    packageName: 'musl',
    version: '1.1.20-r4',
    fixedVersion: '1.1.20-r5',
    timeGenerated: SCANNED,
    lastPushedToRegistryUTC: PUSHED,
    ...extra,
  }
}

function lookup(options: { subscriptionId?: string } = {}) {
  return createDefenderForCloud({
    credential,
    armEndpoint: emulator.url,
    retryOptions: RETRY_OPTIONS,
    ...options,
  })
}

function gate(evidence: DefenderEvidence, now = new Date('2026-11-21T00:00:00Z'), scans = policy) {
  return evaluateScans({
    reports: evidence.report ? [evidence.report] : [],
    policy: scans,
    now,
    subjectDigest: DIGEST,
  })
}

beforeAll(async () => {
  unmute = muteWorkflowCommands()
  emulator = await startEmulator({ seed: { identities: [{ tenantId: TENANT, clientId: CLIENT }] } })
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${emulator.url}/github-oidc/token?api-version=2.0`
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emulator.modules['github-oidc'].state.requestToken
  credential = new ClientAssertionCredential(
    TENANT,
    CLIENT,
    () => core.getIDToken('api://AzureADTokenExchange'),
    {
      authorityHost: emulator.url,
      disableInstanceDiscovery: true,
    },
  )
})
afterAll(async () => {
  unmute?.()
  process.env = saved
  await emulator?.close()
})
beforeEach(() => {
  graph().clear()
  graph().state.pageSize = 1000
  graph().state.failNext = undefined
})

describe('Defender for Cloud through Resource Graph', () => {
  it('pages through every row and blocks on an unhealthy critical finding, naming the CVE', async () => {
    graph().state.pageSize = 2
    graph().addSubAssessment(row())
    for (const [i, severity] of ['High', 'Medium', 'Low', 'Low'].entries()) {
      graph().addSubAssessment(row({ cveId: `CVE-2026-000${i}`, severity, packageName: `pkg${i}` }))
    }

    const evidence = await lookup().evidence(subject)

    const queries = graph().state.queries
    expect(queries).toHaveLength(3)
    expect(queries[0]!.query).toContain(MDVM_ASSESSMENT_KEY)
    expect(queries[0]!.subscriptions).toBeUndefined() // tenant scope
    expect(queries[1]!.options?.$skipToken).toEqual(expect.any(String))
    expect(evidence.gate).toMatchObject({ id: 'defender', status: 'pass' })
    expect(evidence.gate.details).toContain(
      'scanned at 2026-11-20T10:07:31Z, after the last push at 2026-11-20T10:00:00Z',
    )
    expect(evidence.report).toMatchObject({ format: 'defender', subjectDigests: [DIGEST] })
    expect(evidence.report!.findings).toHaveLength(5)
    expect(evidence.report!.findings.find((f) => f.severity === 'critical')).toMatchObject({
      id: 'CVE-2019-14697',
      severity: 'critical',
      package: 'musl',
      installedVersion: '1.1.20-r4',
      fixedVersion: '1.1.20-r5',
    })

    const result = gate(evidence)
    const scan = result.gates.find((g) => g.id === 'scan')!
    expect(scan.status).toBe('fail')
    expect(scan.details).toContain('CVE-2019-14697 (critical)')
    expect(result.gates.find((g) => g.id === 'scan-digest')?.status).toBe('pass')
    expect(result.summary.counts).toMatchObject({ critical: 1, high: 1, medium: 1, low: 2 })
  })

  it('lets an allowed finding through until the allowance expires', async () => {
    graph().addSubAssessment(row())
    const evidence = await lookup().evidence(subject)
    const allow = { ...policy, allow: [{ id: 'CVE-2019-14697', until: new Date('2026-12-31T00:00:00Z') }] }

    const allowed = gate(evidence, new Date('2026-12-01T00:00:00Z'), allow)
    expect(allowed.gates.find((g) => g.id === 'scan')?.status).toBe('pass')
    expect(allowed.summary.allowed.map((a) => a.finding.id)).toEqual(['CVE-2019-14697'])

    const expired = gate(evidence, new Date('2027-01-02T00:00:00Z'), allow)
    expect(expired.gates.find((g) => g.id === 'scan')?.status).toBe('fail')
  })

  it('passes a healthy image scanned after its push, not counting findings exempt in Defender', async () => {
    graph().addSubAssessment(row({ status: 'Healthy', cveId: undefined, severity: undefined }))
    graph().addSubAssessment(row({ status: 'NotApplicable', cveId: 'CVE-2026-1111' }))

    const evidence = await lookup().evidence(subject)

    expect(evidence.gate.status).toBe('pass')
    expect(evidence.gate.details).toContain('0 open findings; 1 not applicable or exempt in Defender')
    const result = gate(evidence)
    expect(result.gates.find((g) => g.id === 'scan')).toMatchObject({ status: 'pass' })
    expect(result.summary.counts).toMatchObject({ critical: 0, high: 0 })
  })

  it('fails when Defender has no record of the digest: no findings is not proof of a scan', async () => {
    const evidence = await lookup().evidence(subject)

    expect(evidence.report).toBeUndefined()
    expect(evidence.gate).toMatchObject({ id: 'defender', status: 'fail' })
    expect(evidence.gate.details).toContain('has not been scanned since it was pushed')
    // No evidence at all, and scans are required: the scan gate fails too.
    expect(gate(evidence).gates.find((g) => g.id === 'scan')?.status).toBe('fail')
  })

  it('fails when the newest scan is older than the last push', async () => {
    graph().addSubAssessment(
      row({ status: 'Healthy', cveId: undefined, lastPushedToRegistryUTC: '2026-11-21T08:00:00Z' }),
    )

    const evidence = await lookup().evidence(subject)

    expect(evidence.gate.status).toBe('fail')
    expect(evidence.gate.details).toBe(
      `the image has not been scanned since it was pushed: Defender for Cloud's newest scan of ` +
        `${REGISTRY}/${REPO}@${DIGEST} is from 2026-11-20T10:07:31Z, the image was pushed at 2026-11-21T08:00:00Z`,
    )
  })

  it('ignores rows for other digests, repositories, registries and the retired Qualys assessment', async () => {
    const other = `sha256:${'b'.repeat(64)}`
    graph().addSubAssessment(row({ digest: other }))
    graph().addSubAssessment(row({ repositoryName: 'team/api' }))
    graph().addSubAssessment(row({ registryHost: 'fabrikam.azurecr.io' }))
    graph().addSubAssessment(row({ assessmentKey: QUALYS_KEY }))
    graph().addSubAssessment(row({ status: 'Healthy', cveId: undefined }))

    const evidence = await lookup().evidence(subject)

    expect(evidence.gate.status).toBe('pass')
    expect(evidence.report!.findings).toEqual([])
    // The emulator itself filtered: only the subject's row came back over the wire.
    const token = await credential.getToken(`${emulator.url}/.default`)
    const raw = await call(
      `${emulator.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`,
      {
        method: 'POST',
        token: token!.token,
        body: { query: defenderQuery(subject) },
      },
    )
    expect(raw.body).toMatchObject({ totalRecords: 1, data: [{ digest: DIGEST, status: 'Healthy' }] })
  })

  it('scopes the query to subscription-id when given', async () => {
    graph().addSubAssessment(row({ subscriptionId: OTHER_SUB }))
    graph().addSubAssessment(row({ status: 'Healthy', cveId: undefined, subscriptionId: SUB }))

    const evidence = await lookup({ subscriptionId: SUB }).evidence(subject)

    expect(graph().state.queries[0]!.subscriptions).toEqual([SUB])
    expect(evidence.report!.findings).toEqual([])
    expect((await lookup().evidence(subject)).report!.findings.map((f) => f.id)).toEqual(['CVE-2019-14697'])
  })

  it('turns an ARM error into a failing gate naming the step, the code and the role to grant', async () => {
    graph().state.failNext = {
      status: 403,
      code: 'AuthorizationFailed',
      message:
        "The client does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read'.",
      times: 1,
    }

    const evidence = await lookup().evidence(subject)

    expect(evidence.report).toBeUndefined()
    expect(evidence.gate.status).toBe('fail')
    expect(evidence.gate.details).toContain(`${DEFENDER_STEP} failed (AuthorizationFailed)`)
    expect(evidence.gate.details).toContain("'Security Reader'")
  })

  it('names the step and the limit when the run deadline passes', async () => {
    const deadline = new Deadline(1)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const evidence = await createDefenderForCloud({
      credential,
      armEndpoint: emulator.url,
      deadline,
    }).evidence(subject)
    deadline.dispose()
    expect(evidence.gate.status).toBe('fail')
    expect(evidence.gate.details).toMatch(/^Timed out after .* while querying Defender for Cloud/)
  })
})

describe('the bundled action with defender-for-cloud: true', () => {
  it("blocks a registry promotion on Defender's critical finding and lists it in the summary", async () => {
    const acr = emulator.modules.acr
    const host = new URL(emulator.url).host
    const config = acr.putBlob(REPO, JSON.stringify({ architecture: 'amd64', os: 'linux' }))
    const layer = acr.putBlob(REPO, 'layer bytes')
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 34 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: 11 }],
    })
    const digest = acr.putManifest(REPO, manifest, 'application/vnd.oci.image.manifest.v1+json', '1.0.0')
    graph().addSubAssessment(row({ registryHost: host, digest, packageName: 'musl<script>' }))

    const options = {
      workspace: mkdtempSync(join(tmpdir(), 'aip-defender-')),
      inputs: {
        registry: host,
        repository: REPO,
        version: '1.0.0',
        ring: 'canary',
        'defender-for-cloud': 'true',
        'client-id': CLIENT,
        'tenant-id': TENANT,
        'authority-host': emulator.url,
        'arm-endpoint': emulator.url,
        'comment-on-pr': 'false',
      },
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/github-oidc/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.modules['github-oidc'].state.requestToken,
      },
    }
    const run = await runAction(options)

    expect(run.code, run.everything).toBe(1)
    expect(run.stdout).toContain('CVE-2019-14697')
    expect(run.summary).toContain('Defender for Cloud scan')
    // The findings table row: the CVE, its severity, the package (escaped) and the Defender source.
    expect(run.summary).toMatch(/CVE-2019-14697.*Critical.*musl&lt;script&gt;.*Defender for Cloud/)
    expect(run.summary).not.toContain('musl<script>')
    expect(acr.state.repositories.get(REPO)!.tags.has('canary')).toBe(false)
    expect(graph().state.queries[0]!.query).toContain(`digest =~ '${digest}'`)

    const allowed = await runAction({
      ...options,
      inputs: { ...options.inputs, 'allow-vulnerabilities': 'CVE-2019-14697' },
    })
    expect(allowed.code, allowed.everything).toBe(0)
    expect(allowed.summary).toMatch(/Allowed findings: 1/)
    expect(acr.state.repositories.get(REPO)!.tags.get('canary')?.digest).toBe(digest)
  })
})
