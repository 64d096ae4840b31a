// Each reliability test file writes its table of cases to .tmp/reliability/<name>.json, so the figures in
// docs/RELIABILITY.md can be refreshed from a real run (and CI logs show them).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../emulator/runner.js'

export function writeFigures(name: string, rows: unknown[]): void {
  const dir = join(ROOT, '.tmp/reliability')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(rows, null, 2))
  console.log(`[reliability] ${name}: ${rows.length} case(s) → .tmp/reliability/${name}.json`)
}
