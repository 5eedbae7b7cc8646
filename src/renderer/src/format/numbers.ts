/**
 * Number and size formatting for people, not programmers: scores as percentages, MMD² with enough
 * significant digits to compare, byte sizes in KB/MB, and counts with thousands separators.
 *
 * Example:
 *   formatPercent(0.8734)   // '87%'
 *   formatMmd2(0.0001234)   // '0.000123'
 *   formatBytes(1536)       // '1.5 KB'
 */

export function formatPercent(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—'
  return `${(fraction * 100).toFixed(digits)}%`
}

export function formatMmd2(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (value === 0) return '0'
  return Math.abs(value) >= 0.01 ? value.toFixed(4) : value.toPrecision(3)
}

/** A metric (accuracy, F1, R², MSE …) with 3 significant decimals, or a dash. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const magnitude = Math.abs(value)
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US')
  if (magnitude >= 10) return value.toFixed(1)
  return value.toFixed(3)
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return Math.round(value).toLocaleString('en-US')
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—'
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
}

/** 'a, b and 3 more' — for column lists in one line. */
export function listSome(items: readonly string[], shown = 4): string {
  if (items.length === 0) return 'none'
  if (items.length <= shown) return items.join(', ')
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`
}

/** The tab, comma… a delimiter is called by people. */
export function delimiterName(delimiter: string): string {
  switch (delimiter) {
    case ',': return 'comma (,)'
    case ';': return 'semicolon (;)'
    case '\t': return 'tab'
    case '|': return 'pipe (|)'
    default: return JSON.stringify(delimiter)
  }
}
