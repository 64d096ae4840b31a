import { UsageError } from '../../core/errors.js'
import type { ParsedReport, ReportFormat } from '../../core/evidence.js'

/** One scanner output format. `detect` looks at the content (never the file name); `parse` may throw UsageError. */
export interface ReportParser {
  format: ReportFormat
  detect(json: unknown): boolean
  parse(json: unknown, path: string): ParsedReport
}

export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/** A report that was recognised but does not hold what the format promises. */
export function malformed(path: string, format: string, where: string, expected: string): UsageError {
  return new UsageError(`${path}: not a valid ${format} report: ${where}: ${expected}.`)
}

export function uniqueStrings(items: string[]): string[] {
  return [...new Set(items)]
}

export function parseTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}
