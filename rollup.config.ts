// Bundles the action into one committed ESM file, the way actions/typescript-action does.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import type { RollupOptions } from 'rollup'

const config: RollupOptions = {
  input: 'src/index.ts',
  output: {
    file: 'dist/index.js',
    format: 'es',
    sourcemap: false,
    // MSAL loads a module with a dynamic import(); one file is what the runner executes.
    inlineDynamicImports: true,
  },
  onwarn(warning, warn) {
    // Azure SDK and OpenTelemetry packages use `this` at module scope and circular imports; both are harmless here.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return
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
