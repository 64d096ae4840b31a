// Bundles the action into one committed ESM file, the way actions/typescript-action does.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

/** @type {import('rollup').RollupOptions} */
const config = {
  input: 'src/index.ts',
  output: {
    file: 'dist/index.js',
    format: 'es',
    sourcemap: false,
    // MSAL loads a module with a dynamic import(); one file is what the runner executes.
    inlineDynamicImports: true,
  },
  onwarn(warning, warn) {
    // Azure SDK packages use `this` at module scope and circular imports; zod has misplaced PURE comments. All harmless.
    if (['THIS_IS_UNDEFINED', 'CIRCULAR_DEPENDENCY', 'INVALID_ANNOTATION'].includes(warning.code ?? ''))
      return
    warn(warning)
  },
  plugins: [
    typescript({ tsconfig: './tsconfig.build.json', noEmitOnError: true }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'] }),
    commonjs(),
    json(),
  ],
}

export default config
