/**
 * The plain-language remarks shown next to a loaded table: which columns were left out and why, which
 * values could not be read, which columns look suspicious. Non-experts cannot read a ColumnInfo array;
 * they can read "Column "review" looks like free text and was left out of the features."
 *
 * Example:
 *   columnNotes(table.columns, { unreadable: new Map([[3, { dataRow: 41, value: 'oops' }]]), withoutValues: [] },
 *     { totalRows: 1000, typingRows: 5000 })
 *   // ['Column "x3": 1 value(s) are not numbers and count as missing (first: "oops" in data row 42).']
 */

import type { ColumnInfo } from './types'

/** A categorical column with more categories than this is probably an identifier or a date. */
export const MANY_CATEGORIES = 1000

export interface ColumnFindings {
  /** First unreadable value per column index (0-based data row). */
  unreadable: Map<number, { dataRow: number; value: string }>
  /** Feature columns whose kept rows hold no finite value. */
  withoutValues: number[]
}

export function columnNotes(
  columns: readonly ColumnInfo[],
  findings: ColumnFindings,
  counts: { totalRows: number; typingRows: number }
): string[] {
  const notes: string[] = []
  for (const column of columns) {
    const quoted = `"${column.name}"`
    const first = findings.unreadable.get(column.index)
    if (first) {
      const what = column.kind === 'numeric' ? 'are not numbers' : 'are categories the model has not seen'
      notes.push(`Column ${quoted}: ${column.invalidCount} value(s) ${what} and count as missing (first: "${first.value}" in data row ${first.dataRow + 1}).`)
    }
    if (column.role === 'target' && column.invalidCount > 0 && !first) {
      notes.push(`Target ${quoted}: ${column.invalidCount} value(s) are not numbers and count as missing.`)
    }
    if (findings.withoutValues.includes(column.index)) notes.push(`Column ${quoted} has no finite value in the kept rows.`)
    if (column.role === 'feature' && (column.categories?.length ?? 0) > MANY_CATEGORIES) {
      notes.push(`Column ${quoted} has ${column.categories!.length} categories; if it is an identifier or a date, ignore it.`)
    }
    if (column.role !== 'ignored') continue
    if (column.kind === 'text') notes.push(`Column ${quoted} looks like free text and was left out of the features.`)
    if (column.kind === 'empty' && column.missingCount === counts.totalRows) notes.push(`Column ${quoted} has no values and was left out of the features.`)
    if (column.kind === 'empty' && column.missingCount < counts.totalRows) {
      notes.push(`Column ${quoted} has no values in the first ${counts.typingRows} rows and was left out of the features; set its kind to use it.`)
    }
  }
  return notes
}
