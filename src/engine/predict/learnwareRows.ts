/**
 * Copies a user's table into the learnware's column order, re-encoding categorical columns the way the
 * learnware was trained. The user's table was encoded with *its own* categories (codes are positions in
 * the sorted categories of the user's file), so a user file without any "red" row would give "white" a
 * different code than the learnware's training data did. With the learnware's stored encoding every code is
 * mapped back to its category text and looked up again in the learnware's list; values the learnware has
 * never seen become NaN (missing) and are counted, never silently given another category's code.
 *
 * Example:
 *   const alignment = alignColumns(shape.inputNames!, table.featureNames)
 *   const { features, unreadable } = assembleLearnwareRows(shape, table, alignment, 13)
 *   unreadable   // { colour: 2 } — two rows had a colour the learnware never saw
 */

import { readNumber, type EncodedFeature, type LoadedTable } from '../data'
import type { ColumnAlignment } from './columnAlignment'
import type { LearnwareInterface } from './learnwareInterface'

export interface LearnwareRows {
  /** rows × featureCount, row-major, raw values in the learnware's order; NaN where missing or unreadable. */
  features: Float32Array
  rows: number
  featureCount: number
  /** Per learnware input: values present in the user's file that the learnware's encoding cannot read. */
  unreadable: Record<string, number>
}

export function assembleLearnwareRows(
  shape: LearnwareInterface,
  table: LoadedTable,
  alignment: ColumnAlignment,
  featureCount: number
): LearnwareRows {
  const rows = table.rowsKept
  const userCols = table.featuresPerRow
  const features = new Float32Array(rows * featureCount).fill(NaN)
  const unreadable: Record<string, number> = {}
  for (let i = 0; i < featureCount; i++) {
    const source = alignment.sourceColumns[i] ?? -1
    if (source < 0) continue
    const target = shape.encoding?.features[i]
    const recode = target ? recoderFor(target, table.encoding.features[source]) : null
    let bad = 0
    for (let r = 0; r < rows; r++) {
      const value = table.matrix[r * userCols + source]
      const encoded = recode && !Number.isNaN(value) ? recode(value) : value
      if (Number.isNaN(encoded) && !Number.isNaN(value)) bad++
      features[r * featureCount + i] = encoded
    }
    if (bad > 0) unreadable[target?.name ?? table.featureNames[source]] = bad
  }
  return { features, rows, featureCount, unreadable }
}

type Recoder = (value: number) => number

/** Maps one user column's values to the learnware feature's encoding; null when they already agree. */
function recoderFor(target: EncodedFeature, user: EncodedFeature | undefined): Recoder | null {
  const userCategories = user?.kind === 'categorical' ? (user.categories ?? []) : null
  if (target.kind === 'numeric') {
    if (!userCategories) return null
    const values = userCategories.map((category) => readNumber(category))
    return (code) => values[code] ?? NaN
  }
  const lookup = categoryLookup(target.categories ?? [])
  if (userCategories) {
    if (sameList(userCategories, target.categories ?? [])) return null
    const codes = userCategories.map(lookup)
    return (code) => codes[code] ?? NaN
  }
  return (value) => lookup(String(value))
}

/** Code of a category in the learnware's list: by text, else by numeric value (`1.0` finds `1`); NaN if unseen. */
function categoryLookup(categories: readonly string[]): (text: string) => number {
  const byText = new Map<string, number>()
  const byNumber = new Map<number, number>()
  categories.forEach((category, code) => {
    byText.set(category, code)
    const value = readNumber(category)
    if (!Number.isNaN(value) && !byNumber.has(value)) byNumber.set(value, code)
  })
  return (text) => byText.get(text) ?? byNumber.get(readNumber(text)) ?? NaN
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}
