// The layer rules of docs/ARCHITECTURE.md, enforced: every import in src/ (type-only ones too) goes to the same
// folder or to a lower layer, and no files import each other in a circle. The layer order is read from the
// `layers` block of docs/ARCHITECTURE.md, the one place it is written down.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../emulator/runner.js'

const SRC = join(ROOT, 'src')
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm

/** Top layer first; units on one line share a layer and must not import each other. */
function layers(): string[][] {
  const doc = readFileSync(join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8')
  const block = /```layers\n([\s\S]*?)```/.exec(doc)?.[1]
  if (!block) throw new Error('docs/ARCHITECTURE.md has no ```layers block')
  return block
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((line) => line.split(/\s+/))
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** A file's unit: its top folder under src/ (`gallery`), or its name for files at the top (`targets`). */
function unitOf(file: string): string {
  const [first, ...rest] = relative(SRC, file).split('/')
  return rest.length > 0 ? first! : first!.replace(/\.ts$/, '')
}

/** Relative imports of one file (static, type-only and import()), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts'))
}

const files = sourceFiles(SRC)
const graph = new Map(files.map((file) => [file, importsOf(file)]))
const rel = (file: string) => relative(ROOT, file)

describe('architecture', () => {
  it('every src/ folder and top-level file has a layer in docs/ARCHITECTURE.md', () => {
    const placed = new Set(layers().flat())
    const units = [...new Set(files.map(unitOf))].sort()
    expect(units.filter((unit) => !placed.has(unit))).toEqual([])
    expect([...placed].filter((unit) => !units.includes(unit))).toEqual([])
  })

  it('imports go to the same folder or to a lower layer, never up or sideways', () => {
    const rank = new Map(layers().flatMap((line, i) => line.map((unit) => [unit, i] as const)))
    const wrong: string[] = []
    for (const [file, imports] of graph) {
      const from = unitOf(file)
      for (const target of imports) {
        const to = unitOf(target)
        if (to === from) continue
        // A lower layer comes later in the block (top layer first).
        if (rank.get(to)! <= rank.get(from)!) wrong.push(`${rel(file)} → ${rel(target)} (${from} → ${to})`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('every import resolves to a file in src/', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((target) => !graph.has(target)).map((target) => `${rel(file)} → ${rel(target)}`),
    )
    expect(missing).toEqual([])
  })

  it('no files import each other in a circle', () => {
    const circles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const path: string[] = []
    const visit = (file: string): void => {
      state.set(file, 'open')
      path.push(file)
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') {
          circles.push([...path.slice(path.indexOf(next)), next].map(rel).join(' → '))
        } else if (!state.has(next) && graph.has(next)) visit(next)
      }
      path.pop()
      state.set(file, 'done')
    }
    for (const file of files) if (!state.has(file)) visit(file)
    expect(circles).toEqual([])
  })
})
