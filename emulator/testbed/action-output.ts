// Keeps what the action writes out of the test report unless a test fails. Two sources: code under test that
// runs in the worker (@actions/core writes `::debug::`, `::add-mask::` and log lines straight to process.stdout)
// and the bundled action run by runAction() in a child process. Both are held per test and printed, under the
// test's name, only when that test fails; a passing run prints nothing.
import { beforeEach } from 'vitest'
import { onActionOutput } from '../runner.js'

const write = process.stdout.write.bind(process.stdout) as (chunk: string) => boolean
/** Everything this test file's code wrote. A test shows the part from its start on (concurrent tests overlap). */
const held: string[] = []
let firstTest = true

process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
  // The stream contract: a callback, if given, runs once the chunk is "written".
  const done = rest.find((arg): arg is () => void => typeof arg === 'function')
  if (done) queueMicrotask(done)
  return true
}) as typeof process.stdout.write

onActionOutput(({ label, stdout, stderr }) => {
  held.push(`--- ${label}: stdout ---\n${stdout}`)
  if (stderr) held.push(`--- ${label}: stderr ---\n${stderr}`)
})

beforeEach((context) => {
  // The first test also shows what beforeAll hooks wrote.
  const from = firstTest ? 0 : held.length
  firstTest = false
  context.onTestFailed(() => {
    const text = held.slice(from).join('')
    if (!text) return
    write(`\n===== output held back while "${context.task.name}" ran =====\n${text}`)
    write(`${text.endsWith('\n') ? '' : '\n'}===== end of output for "${context.task.name}" =====\n`)
  })
})
