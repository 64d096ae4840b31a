// `npm run bench`: the performance benchmark of issue 7. Starts the emulator (and Debian's docker-registry
// when installed), runs the bundled action in child processes, prints the results and writes
// docs/PERFORMANCE.md. Options: --help.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { format, resolveConfig } from 'prettier'
import { ROOT } from '../emulator/runner.js'
import { ensureCertificates } from '../emulator/tls.js'
import { DIST } from './bench/action.js'
import { coldStart, printColdStartOnly } from './bench/coldstart.js'
import {
  GALLERY_SCENARIOS,
  printGalleryOnly,
  runGalleryScenario,
  runLro,
  type GalleryShape,
} from './bench/gallery.js'
import {
  registryAvailable,
  REGISTRY_BINARY,
  RegistryBench,
  runRegistryScenarios,
  type RegistryScenarioResult,
} from './bench/registry.js'
import { measure, printMeasure } from './bench/measure.js'
import { render, type Results, type ScaleResult } from './bench/report.js'
import { bundleStats, machine, ms, ratio, sum } from './bench/util.js'

const HELP = `npm run bench -- [options]
  --latency-ms N     injected latency per request (default 50)
  --runs N           cold-start runs, median (default 10, at least 10 for the issue's figures)
  --reps N           repetitions of each wall-time scenario, median (default 3)
  --strays K         stray higher versions in the latest-ring scenario (default 2)
  --versions N       versions in the image definition (default 50)
  --page-size N      versions per list page (default 25, the emulator's default)
  --scale-versions N versions for the scale rows (default 500)
  --scale-tags N     extra registry tags for the scale rows (default 1000)
  --skip-registry    leave out the docker-registry rows
  --only registry    run only the registry scenarios (and their scale row unless --scale-tags 0) and print
                     their request counts by kind; never writes the report, which needs every section
  --only gallery     the same for the gallery scenarios and the long-running-operation rows
  --only coldstart   the same for the cold-start rows
  --only measure     issue 16's table (write rounds, canary by version count, start-up, LRO), printed only
  --dist PATH        measure another bundle (default dist/index.js)
  --out PATH         where to write the report (default docs/PERFORMANCE.md)
  --no-write         print only`

const { values: args } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '50' },
    runs: { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    strays: { type: 'string', default: '2' },
    versions: { type: 'string', default: '50' },
    'page-size': { type: 'string', default: '25' },
    'scale-versions': { type: 'string', default: '500' },
    'scale-tags': { type: 'string', default: '1000' },
    'skip-registry': { type: 'boolean', default: false },
    only: { type: 'string' },
    dist: { type: 'string', default: DIST },
    out: { type: 'string', default: join(ROOT, 'docs/PERFORMANCE.md') },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

if (args.help) {
  console.log(HELP)
  process.exit(0)
}

function int(name: keyof typeof args, min: number): number {
  const value = Number(args[name])
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be an integer ≥ ${min}, got ${String(args[name])}`)
    process.exit(2)
  }
  return value
}

const settings = {
  latencyMs: int('latency-ms', 1),
  runs: int('runs', 1),
  reps: int('reps', 1),
  strays: int('strays', 0),
  versions: int('versions', 6),
  pageSize: int('page-size', 1),
  scaleVersions: int('scale-versions', 6),
  scaleTags: int('scale-tags', 0),
}

if (args.only !== undefined && !['registry', 'gallery', 'coldstart', 'measure'].includes(args.only)) {
  console.error(`--only must be registry, gallery, coldstart or measure, got ${args.only}`)
  process.exit(2)
}

const log = (message: string) => console.log(`[bench] ${message}`)

async function main(): Promise<void> {
  const started = performance.now()
  // Absolute: the action runs in a temporary directory of its own.
  const dist = resolve(args.dist!)
  if (!existsSync(dist)) {
    console.error(`${dist} does not exist: run \`npm run package\` first.`)
    process.exit(2)
  }
  // The child processes must trust the emulator's and the test registry's CA, as in the tests.
  process.env.NODE_EXTRA_CA_CERTS = (await ensureCertificates()).caCertPath
  if (args.only === 'registry') return registryOnly()
  if (args.only === 'coldstart') return printColdStartOnly(settings.runs, dist)
  if (args.only === 'measure') {
    const cold = await coldStart(settings.runs, dist)
    return printMeasure(await measure(settings.latencyMs, log), cold)
  }

  const shape: GalleryShape = {
    versions: settings.versions,
    strays: settings.strays,
    pageSize: settings.pageSize,
    pollsBeforeDone: 0,
    retryAfterSeconds: 0,
  }
  if (args.only === 'gallery') return printGalleryOnly(shape, settings.latencyMs, settings.reps)

  log(`cold start: ${settings.runs} runs each of node -e 0, a gallery dry run and a fail-fast run`)
  const cold = await coldStart(settings.runs, dist)

  log('issue 16 measures: write rounds, canary cost by version count, LRO without Retry-After')
  const measured = await measure(settings.latencyMs, log)

  log(`gallery scenarios at ${settings.latencyMs} ms, ${settings.reps} repetitions`)
  const gallery = []
  for (const scenario of GALLERY_SCENARIOS) {
    gallery.push(await runGalleryScenario(scenario, shape, settings.latencyMs, settings.reps))
  }

  log('long-running operation: 1 s on the server, Retry-After 1 s and 0')
  const lro = [
    await runLro(shape, settings.latencyMs, 1, 1000),
    await runLro(shape, settings.latencyMs, 0, 1000),
  ]

  log(`scale: ${settings.scaleVersions} versions`)
  const scaleShape = { ...shape, versions: settings.scaleVersions }
  const scaled = GALLERY_SCENARIOS.filter((s) => s.id === 'promote-ring' || s.id === 'promote-latest')
  const scale: ScaleResult = {
    gallery: {
      small: gallery.filter((g) => scaled.some((s) => s.id === g.id)),
      large: [],
    },
  }
  for (const scenario of scaled) {
    scale.gallery.large.push(await runGalleryScenario(scenario, scaleShape, settings.latencyMs, 1))
  }

  let registry: RegistryScenarioResult[] | undefined
  let registrySkipped: string | undefined
  if (args['skip-registry']) {
    registrySkipped = '--skip-registry was given'
  } else if (!registryAvailable) {
    registrySkipped = `${REGISTRY_BINARY} not found (apt-get install docker-registry)`
    console.log(`[bench] NOTICE: skipping the registry rows: ${registrySkipped}`)
  } else {
    log(`registry scenarios at ${settings.latencyMs} ms, ${settings.reps} repetitions`)
    try {
      const bench = await RegistryBench.start()
      try {
        registry = await runRegistryScenarios(bench, settings.latencyMs, settings.reps)
        if (settings.scaleTags > 0) {
          log(`registry scale: ${settings.scaleTags} extra tags`)
          const [large] = await runRegistryScenarios(bench, settings.latencyMs, 1, settings.scaleTags)
          scale.registry = { small: registry[0]!, large: large!, extraTags: settings.scaleTags }
        }
      } finally {
        await bench.close()
      }
    } catch (error) {
      // A failing setup must not lose the other sections: report it instead.
      registry = undefined
      registrySkipped = `the registry section failed: ${error instanceof Error ? error.message : String(error)}`
      console.error(`[bench] ${registrySkipped}`)
    }
  }

  const results: Results = {
    machine: machine(ROOT),
    settings,
    coldStart: cold,
    measure: measured,
    gallery,
    ...(registry ? { registry } : {}),
    ...(registrySkipped ? { registrySkipped } : {}),
    lro,
    scale,
    bundle: bundleStats(dist),
    durationMs: performance.now() - started,
  }

  printSummary(results)
  const markdown = render(results)
  if (args['no-write']) {
    console.log('\n' + markdown)
  } else {
    mkdirSync(dirname(args.out!), { recursive: true })
    // Formatted as `npm run lint` (prettier --check .) expects, so the committed file passes it.
    const options = (await resolveConfig(args.out!)) ?? {}
    writeFileSync(args.out!, await format(markdown, { ...options, filepath: args.out! }))
    log(`wrote ${args.out} (${ms(results.durationMs)})`)
  }
}

/** `--only registry`: the registry rows alone, printed with their counts by kind; the report is left as it is. */
async function registryOnly(): Promise<void> {
  if (!registryAvailable) {
    console.error(`${REGISTRY_BINARY} not found (apt-get install docker-registry)`)
    process.exit(2)
  }
  log(`registry scenarios at ${settings.latencyMs} ms, ${settings.reps} repetitions`)
  const bench = await RegistryBench.start()
  try {
    const rows = await runRegistryScenarios(bench, settings.latencyMs, settings.reps)
    if (settings.scaleTags > 0) {
      log(`registry scale: ${settings.scaleTags} extra tags`)
      rows.push(...(await runRegistryScenarios(bench, settings.latencyMs, 1, settings.scaleTags)))
    }
    const kinds = (counts: Record<string, number>) =>
      Object.entries(counts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')
    for (const x of rows) {
      console.log(
        `\n${x.id}${x.ok ? '' : ` (RUN PROBLEM: ${x.problem})`}: ${sum(x.counts)} requests, minimum ` +
          `${sum(x.minimum.counts)}; network ${ms(x.networkMs)}, floor ${ms(x.floorMs)} ` +
          `(${ratio(x.networkMs / x.floorMs)}); image-blob requests ${x.imageBlobRequests}\n` +
          `  actual:  ${kinds(x.counts)}\n  minimum: ${kinds(x.minimum.counts)}`,
      )
    }
  } finally {
    await bench.close()
  }
}

function printSummary(r: Results): void {
  const cs = r.coldStart
  const rows: string[][] = [['scenario', 'requests', 'minimum', 'network', 'floor', 'ratio']]
  for (const x of [...r.gallery, ...(r.registry ?? [])]) {
    rows.push([
      x.id + (x.ok ? '' : ' (RUN PROBLEM)'),
      String(sum(x.counts)),
      String(sum(x.minimum.counts)),
      ms(x.networkMs),
      ms(x.floorMs),
      ratio(x.networkMs / x.floorMs),
    ])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  console.log('')
  console.log(
    `cold start: first request ${ms(cs.firstRequest.ms)}, fail-fast run ${ms(cs.failFast.wallMs)}, ` +
      `node -e 0 ${ms(cs.baseline.wallMs)}; peak RSS ${(cs.firstRequest.maxRssKiB / 1024).toFixed(1)} MiB ` +
      `vs ${(cs.baseline.maxRssKiB / 1024).toFixed(1)} MiB; bundle ${(r.bundle.entry.bytes / 1024).toFixed(0)} KiB + chunks, ` +
      `${(r.bundle.all.bytes / 1024 / 1024).toFixed(2)} MiB in all`,
  )
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '))
  for (const l of r.lro) {
    console.log(
      `LRO Retry-After ${l.retryAfterSeconds}s, op ${l.opMs} ms: ${l.counts.poll ?? 0} polls, first poll ` +
        `${ms(l.firstPollAfterMs)} after PATCH, ${ms(l.lateMs)} late; network ${ms(l.networkMs)} vs floor ${ms(l.floorMs)}`,
    )
  }
  if (r.registrySkipped) console.log(`registry rows skipped: ${r.registrySkipped}`)
  printMeasure(r.measure, r.coldStart)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
