// Durations in the policy file and inputs: a whole number followed by m (minutes), h (hours) or d (days).

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

export const DURATION_PATTERN = /^(\d{1,7})([mhd])$/
/** The text every duration error uses after "expected". */
export const DURATION_EXPECTED = 'a duration like 24h, 30m or 3d'

const UNIT_MS: Record<string, number> = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS }

/**
 * `24h` → 86 400 000. Returns undefined for anything else (other units, spaces, decimals, signs) and for
 * durations longer than `maxMs` (default 365 days), so callers build their own error naming the key or input.
 */
export function parseDuration(text: string, maxMs = 365 * DAY_MS): number | undefined {
  const match = DURATION_PATTERN.exec(text)
  if (!match) return undefined
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN)
  return Number.isFinite(ms) && ms <= maxMs ? ms : undefined
}

/** 90 000 000 → `1d 1h`; 0 → `0m`. For reports. */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(ms / MINUTE_MS)
  const days = Math.floor(totalMinutes / (24 * 60))
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60)
  const minutes = totalMinutes % 60
  const parts = [days ? `${days}d` : '', hours ? `${hours}h` : '', minutes ? `${minutes}m` : ''].filter(
    Boolean,
  )
  return parts.length > 0 ? parts.join(' ') : '0m'
}
