/**
 * Categorical columns between two encodings. The user's codes are positions in the user's sorted
 * categories, the learnware's in its own; when the lists differ, the runner (`assembleLearnwareRows`)
 * re-codes each value through the category text. For the plan, that re-coding is written as a table per
 * model input from the user's code to the learnware's value, so the exporter can do the same.
 *
 * Example:
 *   recodeTables(shape, alignment, context, notes)
 *   // [null, [1, 2], null]: input 1 reads the user's "medium" (0) as 1 and "strong" (1) as 2
 */

import { readNumber } from '../data'
import type { ColumnAlignment, LearnwareInterface } from '../predict'
import type { ReuseContext } from './types'

/**
 * Per model input: the table from the user's category code to the value the learnware was trained with
 * (its code for that category, or the number the category reads as; null = a category it never saw), or
 * null when values pass through — exactly what the runner's re-coding (`assembleLearnwareRows`) does, as the
 * plan's `recode` field. A numeric user column feeding a categorical input is re-coded by value, which no
 * table over codes can say: that input gets null and a note.
 */
export function recodeTables(shape: LearnwareInterface, alignment: ColumnAlignment, context: ReuseContext, notes: string[]): ((number | null)[] | null)[] {
  return alignment.sourceColumns.map((source, i) => {
    const theirs = shape.encoding?.features[i]
    const ours = source >= 0 ? context.inputEncoding.features[source] : undefined
    if (!theirs || !ours) return null
    const userCategories = ours.kind === 'categorical' ? (ours.categories ?? []) : null
    if (theirs.kind === 'numeric') return userCategories ? userCategories.map((category) => finiteOrNull(readNumber(category))) : null
    const categories = theirs.categories ?? []
    if (!userCategories) {
      notes.push(`Column "${ours.name}" holds numbers but the learnware reads it as categories; it is re-coded by value here, which an exported plan cannot do yet.`)
      return null
    }
    if (userCategories.length === categories.length && userCategories.every((c, k) => c === categories[k])) return null
    notes.push(`Column "${ours.name}" is re-coded to the learnware's categories (${categories.slice(0, 6).join(', ')}${categories.length > 6 ? ', …' : ''}).`)
    const lookup = categoryLookup(categories)
    return userCategories.map((category) => finiteOrNull(lookup(category)))
  })
}

/** A category's code in the learnware's list: by text, else by numeric value (`1.0` finds `1`), as the runner. */
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

function finiteOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value
}
