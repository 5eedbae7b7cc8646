/**
 * Plain-text layout for results on a terminal: columns padded to their widest cell, score bars, byte sizes
 * and lists cut to a readable length. Only used for the human form of a result; `--json` prints the data.
 *
 * Example:
 *   textTable(['ID', 'NAME'], [['lwd-00000001', 'Wine cultivar']])
 *   // ID            NAME
 *   // lwd-00000001  Wine cultivar
 *   scoreBar(0.75, 8)   // '######..'
 */

export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => (row[c] ?? '').length)))
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

export function scoreBar(score: number | null, width = 20): string {
  if (score === null || !Number.isFinite(score)) return ' '.repeat(width)
  const filled = Math.round(Math.min(1, Math.max(0, score)) * width)
  return `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Up to `max` items joined with ', ', then how many more. */
export function shortList(items: readonly string[], max = 12): string {
  if (items.length === 0) return 'none'
  return items.length > max ? `${items.slice(0, max).join(', ')}, … (${items.length} in all)` : items.join(', ')
}

/** A number in a short, readable form (4 significant digits; exponent form when tiny or huge). */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return String(value)
  if (value === 0) return '0'
  const magnitude = Math.abs(value)
  return magnitude < 1e-4 || magnitude >= 1e6 ? value.toExponential(3) : String(Number(value.toPrecision(4)))
}
