// Severity words and scores from the scanners, mapped onto the four levels the gate knows.
import type { SeverityThreshold } from '../core/policy.js'
import type { FindingSeverity } from '../core/evidence.js'

/** Higher is worse. `unknown` ranks 0: see `blocks` in gate.ts for how it is treated. */
export const SEVERITY_RANK: Record<FindingSeverity, number> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  unknown: 0,
}
export const THRESHOLD_RANK: Record<SeverityThreshold, number> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  none: Number.POSITIVE_INFINITY,
}

const WORDS: Record<string, FindingSeverity> = {
  critical: 'critical',
  high: 'high',
  important: 'high', // Red Hat
  medium: 'medium',
  moderate: 'medium', // GitHub advisories, Red Hat
  low: 'low',
  negligible: 'low', // Grype (Debian "unimportant")
  minor: 'low',
}

/** `CRITICAL`, `High`, `moderate` → the finding severity; anything else → `unknown`. */
export function severityFromWord(word: unknown): FindingSeverity {
  return typeof word === 'string' ? (WORDS[word.trim().toLowerCase()] ?? 'unknown') : 'unknown'
}

/** The first of `words` that names a severity, if any (SARIF rule tags). */
export function severityFromTags(words: unknown): FindingSeverity | undefined {
  if (!Array.isArray(words)) return undefined
  for (const word of words) {
    const severity = severityFromWord(word)
    if (severity !== 'unknown') return severity
  }
  return undefined
}

/** CVSS score (GitHub code scanning's `security-severity`): ≥9 critical, ≥7 high, ≥4 medium, >0 low. */
export function severityFromCvss(score: unknown): FindingSeverity | undefined {
  const value =
    typeof score === 'number' ? score : typeof score === 'string' && score.trim() ? Number(score) : NaN
  if (!Number.isFinite(value) || value <= 0 || value > 10) return undefined
  if (value >= 9) return 'critical'
  if (value >= 7) return 'high'
  if (value >= 4) return 'medium'
  return 'low'
}

export const DIGEST = /sha256:[0-9a-f]{64}/gi

/** Every `sha256:<64 hex>` in a text (`alpine@sha256:…`, a URI…), lowercase. */
export function digestsIn(text: unknown): string[] {
  if (typeof text !== 'string') return []
  return [...text.matchAll(DIGEST)].map((m) => m[0].toLowerCase())
}
