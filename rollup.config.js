// Bundles the action into committed ESM files, the way actions/typescript-action does: dist/index.js (action.yml's
// `main`), dist/cli.js (the package's `azure-image-promote` command, sharing the chunks) plus chunks in dist/chunks/ for code loaded with import() only when a run needs it (the Azure, registry
// and GitHub SDKs), so a run compiles only the path it takes. Not minified, so a reviewer can read what runs:
// minifying saved too little cold start to pay for an unreadable diff (docs/PERFORMANCE.md, "Minification").
// dist/licenses.txt carries the license of every package bundled into dist/.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

const OUT = 'dist'
const CHUNKS = 'chunks'

/** Deletes chunks a previous build wrote and this one did not, so dist/ holds exactly one build. */
function removeStaleChunks() {
  return {
    name: 'remove-stale-chunks',
    writeBundle(options, bundle) {
      const dir = join(options.dir ?? OUT, CHUNKS)
      for (const file of readdirSync(dir)) {
        if (!(join(CHUNKS, file) in bundle)) rmSync(join(dir, file))
      }
    },
  }
}

/**
 * @actions/core needs @actions/http-client only for the OIDC token, sent with node:https; http-client imports
 * undici (a fifth of the old bundle) for ProxyAgent alone, used only by getAgentDispatcher(), which the fetch-based
 * Octokit of @actions/github calls on its own copy of http-client (that copy keeps the real undici). Every run
 * loads @actions/core, so for core's copy ProxyAgent resolves to a class that says why it is missing. The build
 * fails if the two packages ever share one copy.
 */
function withoutUndiciForCore() {
  const STUB = '\0undici-proxy-agent-for-actions-core'
  const core = packageDir('@actions/core', process.cwd())
  const coreHttpClient = packageDir('@actions/http-client', core)
  if (coreHttpClient === packageDir('@actions/http-client', packageDir('@actions/github', process.cwd())))
    throw new Error(
      '@actions/core and @actions/github share one @actions/http-client: undici must stay bundled',
    )
  return {
    name: 'without-undici-for-actions-core',
    resolveId(source, importer) {
      return source === 'undici' && importer?.startsWith(coreHttpClient + sep) ? STUB : null
    },
    load(id) {
      if (id !== STUB) return null
      return (
        'export class ProxyAgent { constructor() { throw new Error(' +
        "'undici is not bundled with the HTTP client of @actions/core: getAgentDispatcher() is not used there'" +
        ') } }'
      )
    },
  }
}

/**
 * Writes dist/licenses.txt: name, version, license and license text of each npm package with code in the bundle
 * (read from the package's own package.json and LICENSE file), sorted by name, so the file changes only when a
 * bundled package does. A bundled package without a license file fails the build: MIT and friends require the text.
 */
function bundledLicenses() {
  return {
    name: 'bundled-licenses',
    generateBundle(_options, bundle) {
      const packages = new Map()
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue
        for (const id of Object.keys(chunk.modules)) {
          const dir = owningPackageDir(id.replace(/^\0/, '').split('?')[0])
          if (dir) packages.set(dir, readPackageLicense(dir))
        }
      }
      const entries = [...packages.values()].sort((a, b) =>
        `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`),
      )
      const unique = entries.filter(
        (e, i) => i === 0 || `${e.name}@${e.version}` !== `${entries[i - 1].name}@${entries[i - 1].version}`,
      )
      const text = unique
        .map((e) => `${e.name}@${e.version}\nLicense: ${e.license}\n\n${e.text.trim()}\n`)
        .join(`\n${'-'.repeat(78)}\n\n`)
      this.emitFile({
        type: 'asset',
        fileName: 'licenses.txt',
        source: `Third-party packages bundled into dist/ (${unique.length}), with their licenses.\n\n${text}`,
      })
    },
  }
}

/** The package directory under node_modules that holds `file`, or undefined for our own sources. */
function owningPackageDir(file) {
  const rel = relative(process.cwd(), file).split(sep)
  const at = rel.lastIndexOf('node_modules')
  if (at < 0) return undefined
  const name = rel[at + 1]?.startsWith('@') ? rel.slice(at + 1, at + 3) : rel.slice(at + 1, at + 2)
  return join(process.cwd(), ...rel.slice(0, at + 1), ...name)
}

function readPackageLicense(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
  if (!file) throw new Error(`${pkg.name}@${pkg.version} (${dir}) is bundled but ships no LICENSE file`)
  return {
    name: pkg.name,
    version: pkg.version,
    license: typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license ?? 'UNKNOWN'),
    text: readFileSync(join(dir, file), 'utf8'),
  }
}

/** Where Node finds `name` from `dir`: the nearest node_modules/<name> upwards (npm installs no symlinks). */
function packageDir(name, dir) {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(at) === at) throw new Error(`${name} is not installed (from ${dir})`)
  }
}

/** @type {import('rollup').RollupOptions} */
const config = {
  input: { index: 'src/index.ts', cli: 'src/cli/bin.ts' },
  output: {
    dir: OUT,
    format: 'es',
    sourcemap: false,
    entryFileNames: '[name].js',
    // npm links `bin` files as they are: the command needs its interpreter line.
    banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
    // No content hash: a changed chunk keeps its name, so `git diff dist/` shows the change in place.
    chunkFileNames: `${CHUNKS}/[name].js`,
  },
  onwarn(warning, warn) {
    // Azure SDK packages use `this` at module scope and circular imports; zod has misplaced PURE comments. All harmless.
    if (['THIS_IS_UNDEFINED', 'CIRCULAR_DEPENDENCY', 'INVALID_ANNOTATION'].includes(warning.code ?? ''))
      return
    warn(warning)
  },
  plugins: [
    withoutUndiciForCore(),
    typescript({ tsconfig: './tsconfig.build.json', noEmitOnError: true }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'] }),
    commonjs(),
    json(),
    bundledLicenses(),
    removeStaleChunks(),
  ],
}

export default config
