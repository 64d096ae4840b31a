// The policy's value rules that code outside the zod schema also needs (the action inputs, the allow list,
// the scan tags). Kept free of zod so that a run without a policy file never loads the schema.

/** The policy file read when the `config` input is empty. */
export const DEFAULT_POLICY_PATH = '.github/image-promotion.yml'
/** The same default file with the other YAML extension; both present is an error. */
export const DEFAULT_POLICY_PATH_YAML = '.github/image-promotion.yaml'

/** A ring name, in the policy file and in the `ring` input. */
export const RING_NAME = /^[a-z][a-z0-9-]{0,39}$/
/** Vulnerability ids: CVE-2024-1234, GHSA-xxxx-xxxx-xxxx, RHSA-2024:1234, a scanner rule id… */
export const VULNERABILITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/
export const DATE = /^\d{4}-\d{2}-\d{2}$/

/** `2026-02-30` → false. Looks at the first 10 characters (a timestamp's date part). */
export function isCalendarDate(text: string): boolean {
  const date = text.slice(0, 10)
  const parsed = new Date(`${date}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date
}
