/**
 * Guesses what each column holds from a sample of rows: numbers, a handful of labels (categorical), free
 * text, or nothing at all. Free text and empty columns cannot go into a numeric matrix, so the guess
 * decides what the RKME specification will see; callers can override it per column.
 *
 * Example:
 *   inferColumnKind([['1'], ['NA'], [' 2e3 ']], 0)        // 'numeric'
 *   inferColumnKind([['red'], ['blue'], ['red']], 0)      // 'categorical'
 *   categoricalLimit(10_000)                              // 500 distinct values at most
 */

import { isMissingCell, isNumberCell } from './cellValues'
import type { ColumnKind } from './types'

/** Category names longer than this on average read as sentences, not labels. */
export const MAX_MEAN_CATEGORY_LENGTH = 40

/** Most distinct values a categorical column may have: max(20, 5 % of the sampled rows). */
export function categoricalLimit(sampleRows: number): number {
  return Math.max(20, Math.floor(0.05 * sampleRows))
}

/** Kind of column `column` in `rows` (records as parsed, header excluded). */
export function inferColumnKind(rows: readonly (readonly string[])[], column: number): ColumnKind {
  const limit = categoricalLimit(rows.length)
  const distinct = new Set<string>()
  let nonMissing = 0
  let allNumbers = true
  for (const record of rows) {
    const cell = record[column]
    if (isMissingCell(cell)) continue
    nonMissing++
    if (allNumbers && !isNumberCell(cell)) allNumbers = false
    if (distinct.size <= limit) distinct.add(cell.trim())
  }
  if (nonMissing === 0) return 'empty'
  if (allNumbers) return 'numeric'
  if (distinct.size > limit) return 'text'
  let totalLength = 0
  for (const value of distinct) totalLength += value.length
  return totalLength / distinct.size <= MAX_MEAN_CATEGORY_LENGTH ? 'categorical' : 'text'
}

export function inferColumnKinds(rows: readonly (readonly string[])[], columnCount: number): ColumnKind[] {
  return Array.from({ length: columnCount }, (_, column) => inferColumnKind(rows, column))
}
