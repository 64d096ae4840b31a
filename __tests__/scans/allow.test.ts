import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.js'
import { isAllowanceActive, mergeAllowances, parseAllowInput } from '../../src/scans/allow.js'

describe('parseAllowInput', () => {
  it('reads ids, until dates and reasons; skips blanks and comments', () => {
    expect(
      parseAllowInput([
        'CVE-2024-1234',
        '  cve-2024-5678 until 2026-12-31  ',
        '',
        '# a comment',
        'GHSA-jfh8-c2jp-5v3q UNTIL 2027-01-15 # not reachable from the service',
        'RHSA-2024:1234 # vendor says no impact',
      ]),
    ).toEqual([
      { id: 'CVE-2024-1234' },
      { id: 'cve-2024-5678', until: new Date('2026-12-31T00:00:00Z') },
      {
        id: 'GHSA-jfh8-c2jp-5v3q',
        until: new Date('2027-01-15T00:00:00Z'),
        reason: 'not reachable from the service',
      },
      { id: 'RHSA-2024:1234', reason: 'vendor says no impact' },
    ])
  })

  it('a bad line names the input and the line', () => {
    expect(() => parseAllowInput(['CVE-2024-1234 until tomorrow'])).toThrow(
      new UsageError(
        `Input 'allow-vulnerabilities' has an invalid value "CVE-2024-1234 until tomorrow": expected a date like 2026-12-31 after "until", got "tomorrow".`,
      ),
    )
    expect(() => parseAllowInput(['CVE-2024-1234 until 2026-02-30'])).toThrow(/got "2026-02-30"\.$/)
    expect(() => parseAllowInput(['CVE-2024-1234, CVE-2024-5678'])).toThrow(
      new UsageError(
        `Input 'allow-vulnerabilities' has an invalid value "CVE-2024-1234, CVE-2024-5678": expected a vulnerability id, ` +
          'optionally followed by "until YYYY-MM-DD" and "# reason" (e.g. CVE-2024-1234 until 2026-12-31 # not reachable).',
      ),
    )
    expect(() => parseAllowInput(['CVE-2024-1234 forever'])).toThrow(UsageError)
  })

  it('merges policy allowances with the input', () => {
    const fromPolicy = [{ id: 'CVE-1' }]
    const fromInput = [{ id: 'CVE-2' }]
    expect(mergeAllowances(fromPolicy, fromInput)).toEqual([{ id: 'CVE-1' }, { id: 'CVE-2' }])
  })

  it('counts through the end of the until day', () => {
    const allowance = { id: 'CVE-1', until: new Date('2026-12-31T00:00:00Z') }
    expect(isAllowanceActive(allowance, new Date('2026-12-31T23:59:59.999Z'))).toBe(true)
    expect(isAllowanceActive(allowance, new Date('2027-01-01T00:00:00Z'))).toBe(false)
    expect(isAllowanceActive({ id: 'CVE-1' }, new Date('2100-01-01T00:00:00Z'))).toBe(true)
  })
})
