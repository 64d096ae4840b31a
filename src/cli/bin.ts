// Entry of the `azure-image-promote` command (bundled to dist/cli.js, with a #! line added by rollup).
import { runCli } from './main.js'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
})
