import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Real scanner output (aquasecurity/trivy and anchore/grype test data), copied into __tests__/fixtures. */
export const scanFixtures = path.resolve(repoRoot, '__tests__/fixtures/scans')

export function fixtureText(name: string): string {
  return readFileSync(path.join(scanFixtures, name), 'utf8')
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name))
}
