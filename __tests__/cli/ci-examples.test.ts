// The Azure Pipelines and GitLab CI examples are documentation users copy: parse them, check the tasks and
// structure they rely on, and run each command line they contain through the CLI's own flag parser and the
// action's input validation (with the pipeline variables filled in), so a renamed flag or input breaks this test.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../../emulator/runner.js'
import { readSettings } from '../../src/action/settings.js'
import { parseCommandLine } from '../../src/cli/args.js'

const DIR = join(ROOT, 'examples')
const RINGS = ['canary', 'staging', 'prod']
const VERSION = '1.4.2'

/** The arguments of the azure-image-promote line of a script: continuations joined, variables expanded. */
function commandArgs(script: string, expand: (word: string) => string): string[] {
  const command = script
    .replace(/\\\n/g, ' ')
    .split('\n')
    .find((line) => line.includes('azure-image-promote'))
  expect(command, script).toBeDefined()
  const words = expand(command!).trim().split(/\s+/)
  const start = words.indexOf('azure-image-promote') + 1
  const end = words.indexOf('>')
  return words.slice(start, end < 0 ? undefined : end).map((word) => word.replace(/^"|"$/g, ''))
}

function validated(args: string[]) {
  const line = parseCommandLine(args)
  return { line, settings: readSettings((name) => line.inputs.get(name) ?? '') }
}

interface AzureStep {
  task?: string
  checkout?: string
  inputs?: Record<string, string>
}
interface AzurePipeline {
  parameters: { name: string }[]
  variables: Record<string, string>
  stages: {
    stage: string
    dependsOn?: string
    jobs: {
      deployment: string
      environment: string
      strategy: { runOnce: { deploy: { steps: AzureStep[] } } }
    }[]
  }[]
}

describe('examples/azure-pipelines.yml', () => {
  const pipeline = parse(readFileSync(join(DIR, 'azure-pipelines.yml'), 'utf8')) as AzurePipeline
  const expand = (word: string) =>
    word
      .replace(/\$\{\{\s*parameters\.version\s*\}\}/g, VERSION)
      .replace(/\$\(Agent\.TempDirectory\)/g, '/tmp')
      .replace(/\$\((\w+)\)/g, (_, name: string) => {
        expect(pipeline.variables, `variable ${name}`).toHaveProperty(name)
        return pipeline.variables[name]!
      })

  it('runs canary → staging → prod, each stage after the last, each a deployment to its own environment', () => {
    expect(pipeline.stages.map((s) => s.stage)).toEqual(RINGS)
    expect(pipeline.stages.map((s) => s.dependsOn)).toEqual([undefined, 'canary', 'staging'])
    expect(pipeline.stages.map((s) => s.jobs.map((j) => j.environment))).toEqual(
      RINGS.map((r) => [`images-${r}`]),
    )
    expect(pipeline.parameters.map((p) => p.name)).toEqual(['version'])
  })

  for (const stage of pipeline.stages) {
    it(`${stage.stage}: checks out the policy, uses NodeTool@0 and AzureCLI@2 on the federated connection`, () => {
      const steps = stage.jobs[0]!.strategy.runOnce.deploy.steps
      expect(steps.map((s) => s.task ?? `checkout:${s.checkout}`)).toEqual([
        'checkout:self',
        'NodeTool@0',
        'AzureCLI@2',
      ])
      const cli = steps[2]!.inputs!
      expect(cli).toMatchObject({
        azureSubscription: '$(serviceConnection)',
        scriptType: 'bash',
        scriptLocation: 'inlineScript',
      })
      const { line, settings } = validated(commandArgs(cli.inlineScript!, expand))
      expect(settings).toMatchObject({
        ring: stage.stage,
        auth: 'auto',
        version: { kind: 'exact', value: VERSION },
      })
      expect(settings.target).toMatchObject({ kind: 'gallery', imageDefinition: 'ubuntu-2404' })
      // The summary file the next line attaches to the run's Extensions tab.
      expect(cli.inlineScript).toContain(`##vso[task.uploadsummary]${'$(Agent.TempDirectory)'}/promotion.md`)
      expect(line.summaryFile).toBe('/tmp/promotion.md')
    })
  }
})

interface GitlabJob {
  extends?: string
  stage?: string
  when?: string
  variables?: Record<string, string>
  environment?: { name: string }
  script?: string[]
}

describe('examples/gitlab-ci.yml', () => {
  const file = parse(readFileSync(join(DIR, 'gitlab-ci.yml'), 'utf8')) as Record<string, unknown>
  const variables = file.variables as Record<string, string>
  const template = file['.promote'] as GitlabJob
  const jobs = RINGS.map((ring) => [ring, file[`promote-${ring}`] as GitlabJob] as const)

  it('runs the stages canary → staging → prod, prod by hand, each job in its own environment', () => {
    expect(file.stages).toEqual(RINGS)
    expect(jobs.map(([, job]) => [job.extends, job.stage, job.environment?.name])).toEqual(
      RINGS.map((ring) => ['.promote', ring, `images/${ring}`]),
    )
    expect(jobs.map(([, job]) => job.when)).toEqual([undefined, undefined, 'manual'])
  })

  for (const [ring, job] of jobs) {
    it(`${ring}: the command line is valid for the registry target`, () => {
      const all = { ...variables, ...job.variables }
      const expand = (word: string) =>
        word.replace(/\$(\w+)/g, (_, name: string) => {
          expect(all, `variable ${name}`).toHaveProperty(name)
          return all[name]!
        })
      const { line, settings } = validated(commandArgs(template.script!.join('\n'), expand))
      expect(settings).toMatchObject({ ring, target: { kind: 'registry', registry: 'contoso.azurecr.io' } })
      expect(line).toMatchObject({ json: true, summaryFile: 'promotion.md' })
    })
  }
})
