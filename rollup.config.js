// Bundles the action into committed ESM files, the way actions/typescript-action does: dist/index.js (action.yml's
// `main`) plus chunks in dist/chunks/ for code loaded with import() only when a run needs it (the Azure, registry
// and GitHub SDKs), so a run compiles only the path it takes. Minified: V8 compiles less, and faster.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
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
  input: 'src/index.ts',
  output: {
    dir: OUT,
    format: 'es',
    sourcemap: false,
    entryFileNames: 'index.js',
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
    // Class names stay: error types are reported and sometimes matched by name.
    terser({ keep_classnames: true }),
    removeStaleChunks(),
  ],
}

export default config
