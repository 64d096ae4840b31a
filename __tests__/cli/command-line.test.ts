// The CLI's pure parts: flags → inputs, the promotion record from each CI system's variables, the text guard
// against CI logging commands, and the edge's boundary (it reuses action's pure modules, never main.ts).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../../emulator/runner.js'
import { FLAG_INPUTS, parseCommandLine } from '../../src/cli/args.js'
import { cliRecord } from '../../src/cli/record.js'
import { safeJson, safeText } from '../../src/cli/safe-text.js'

describe('parseCommandLine', () => {
  it('reads --name value, --name=value, bare booleans and repeated list flags as the action inputs', () => {
    const line = parseCommandLine([
      '--ring',
      'prod',
      '--image-definition=ubuntu-2404',
      '--dry-run',
      '--scan-reports',
      'a.json',
      '--scan-reports',
      ' b/*.json ',
      '--json',
      '--summary-file',
      'out.md',
    ])
    expect(Object.fromEntries(line.inputs)).toEqual({
      ring: 'prod',
      'image-definition': 'ubuntu-2404',
      'dry-run': 'true',
      'scan-reports': 'a.json\nb/*.json',
    })
    expect(line).toMatchObject({ json: true, summaryFile: 'out.md', help: false })
  })

  it('names the flag in every refusal', () => {
    expect(() => parseCommandLine(['--rign', 'prod'])).toThrow('Unknown flag --rign')
    expect(() => parseCommandLine(['--ring'])).toThrow('Flag --ring needs a value')
    expect(() => parseCommandLine(['--ring', '--version', '1.0.0'])).toThrow('Flag --ring needs a value')
    expect(() => parseCommandLine(['--ring', 'a', '--ring', 'b'])).toThrow(
      'Flag --ring was given twice ("a" and "b")',
    )
    expect(() => parseCommandLine(['prod'])).toThrow('Unexpected argument "prod"')
    expect(() => parseCommandLine(['--github-token', 'x'])).toThrow(
      '--github-token is a GitHub Actions input',
    )
    expect(() => parseCommandLine(['--environment', 'AzureCloud'])).toThrow('use --azure-environment')
    expect(() => parseCommandLine(['--json=yes'])).toThrow(`Flag --json has an invalid value "yes"`)
  })

  it('offers a flag for every action.yml input except the GitHub-only ones', () => {
    const inputs = Object.keys(
      (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs,
    )
    expect(inputs.filter((name) => !(FLAG_INPUTS as readonly string[]).includes(name)).sort()).toEqual([
      'comment-on-pr',
      'environment',
      'github-token',
    ])
  })
})

describe('cliRecord', () => {
  const at = new Date('2026-12-03T10:00:00Z')

  it('records the Azure Pipelines requester, build URL and commit', () => {
    expect(
      cliRecord(
        {
          TF_BUILD: 'True',
          SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
          SYSTEM_TEAMPROJECT: 'Platform Images',
          BUILD_BUILDID: '812',
          BUILD_REQUESTEDFOREMAIL: 'ana@contoso.com',
          BUILD_SOURCEVERSION: 'c'.repeat(40),
        },
        at,
      ),
    ).toEqual({
      at,
      actor: 'ana@contoso.com',
      runUrl: 'https://dev.azure.com/contoso/Platform%20Images/_build/results?buildId=812',
      sha: 'c'.repeat(40),
      approvedBy: [],
    })
  })

  it('records the GitLab user and pipeline, and the local user at a terminal', () => {
    expect(
      cliRecord(
        {
          GITLAB_CI: 'true',
          GITLAB_USER_LOGIN: 'ops',
          CI_PIPELINE_URL: 'https://gl/p/1',
          CI_COMMIT_SHA: 'd',
        },
        at,
      ),
    ).toMatchObject({ actor: 'ops', runUrl: 'https://gl/p/1', sha: 'd' })
    expect(cliRecord({ USER: 'ana' }, at)).toMatchObject({ actor: 'ana', runUrl: '', sha: '' })
  })
})

describe('safe output', () => {
  it('breaks Azure Pipelines and GitHub logging commands and drops control characters', () => {
    const text = safeText(
      'tag ##vso[task.setvariable variable=x]1 and ##[error]boom\n::set-env name=A::b\r\nbell\u0007\u001b[31m',
    )
    expect(text).not.toMatch(/##vso\[|##\[|^::/m)
    // eslint-disable-next-line no-control-regex -- asserting that control characters are gone
    expect(text).not.toMatch(/[\u0000-\u0008\u001b\u007f\r]/)
    expect(text.replace(/\u200b/g, '')).toBe(
      'tag ##vso[task.setvariable variable=x]1 and ##[error]boom\n::set-env name=A::b\nbell[31m',
    )
  })

  it('keeps JSON values exact while no line carries a command', () => {
    const value = { tag: '##vso[task.complete result=Succeeded]', list: ['##[group]x'] }
    const json = safeJson(value)
    expect(json).not.toMatch(/##vso\[|##\[/)
    expect(JSON.parse(json)).toEqual(value)
  })
})

describe('the CLI edge', () => {
  it('imports none of the GitHub edge beyond its pure input modules (names, settings, outputs)', () => {
    const dir = join(ROOT, 'src/cli')
    const imported = readdirSync(dir).flatMap((file) =>
      [...readFileSync(join(dir, file), 'utf8').matchAll(/from '(\.\.\/action\/[^']+)'/g)].map((m) => m[1]),
    )
    expect([...new Set(imported)].sort()).toEqual([
      '../action/names.js',
      '../action/outputs.js',
      '../action/settings.js',
    ])
  })
})
