/**
 * Printing helpers the dock benchmarks (text-dock.ts, image-dock.ts) share: percentages with one decimal
 * and a Markdown table padded to its widest cell.
 *
 * Example:
 *   printTable(['task', 'accuracy'], [['fiction + press', pct(0.83)]])   // | task            | accuracy |
 */

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}

/** 0.834 → "83.4"; NaN or ±∞ → "—". */
export function pct(value: number): string {
  return Number.isFinite(value) ? `${(100 * value).toFixed(1)}` : '—'
}

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)))
  const line = (cells: string[]) => `| ${cells.map((c, j) => c.padEnd(widths[j])).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of rows) console.log(line(row))
}
