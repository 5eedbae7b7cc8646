/**
 * Collects the label column while rows stream past and turns it into what training and evaluation
 * need: the raw strings, the numbers (regression), and sorted classes with integer codes
 * (classification). Rows store only an Int32 code into a dictionary of distinct values, so a million
 * labels cost four megabytes, not a million retained string slices.
 *
 * Example:
 *   const target = new TargetBuilder('species', 150)
 *   target.add('setosa', 0)                       // (cell, slot or −1)
 *   const column = target.finish(1, undefined, 'categorical')
 *   column.classes   // ['setosa'];  column.codes  // Int32Array [0]
 */

import { LearnwareError } from '../errors'
import { compareCategories, detachString, isMissingCell, readNumber } from './cellValues'
import { CategoryIndex } from './tableEncoding'
import type { ColumnKind, TargetColumn } from './types'

/** A numeric target with at most this many distinct integers is read as class labels (iris: 0, 1, 2). */
export const MAX_INTEGER_CLASSES = 20

export class TargetBuilder {
  /** Missing cells over every row added. */
  missing = 0
  private codes: Int32Array
  private readonly dictionary = new Map<string, number>()
  private readonly values: string[] = []
  /** How many rows (kept or not) hold each dictionary value. */
  private readonly counts: number[] = []

  constructor(
    readonly name: string,
    initialRows: number
  ) {
    this.codes = new Int32Array(Math.max(1, Math.ceil(initialRows)))
  }

  add(cell: string | undefined, slot: number): void {
    let code = -1
    if (isMissingCell(cell)) this.missing++
    else {
      const trimmed = cell!.trim()
      const known = this.dictionary.get(trimmed)
      if (known === undefined) {
        code = this.values.length
        this.values.push(detachString(trimmed))
        this.dictionary.set(this.values[code], code)
        this.counts.push(0)
      } else code = known
      this.counts[code]++
    }
    if (slot < 0) return
    if (slot >= this.codes.length) this.grow(slot + 1)
    this.codes[slot] = code
  }

  finish(
    rows: number,
    slotOrder: Uint32Array | undefined,
    kind: ColumnKind,
    task?: 'classification' | 'regression',
    fixedClasses?: readonly string[]
  ): TargetColumn & { unreadable: number } {
    const rowCodes = slotOrder ? Int32Array.from(slotOrder, (slot) => this.codes[slot]) : this.codes.slice(0, rows)
    this.codes = new Int32Array(0)
    const raw = Array.from(rowCodes, (code) => (code < 0 ? '' : this.values[code]))
    const numbers = kind === 'numeric' ? this.values.map((value) => readNumber(value)) : undefined
    const unreadable = numbers ? numbers.reduce((sum, value, code) => sum + (value === value ? 0 : this.counts[code]), 0) : 0
    const column: TargetColumn & { unreadable: number } = {
      name: this.name,
      kind,
      task: task ?? guessTask(numbers),
      raw,
      missingCount: this.missing + unreadable,
      unreadable
    }
    if (column.task === 'regression' && !numbers) {
      throw new LearnwareError('USAGE', `target column "${this.name}" holds ${kind} values, not numbers, so it cannot be a regression target`, {
        hint: 'Choose classification, or a numeric target column.'
      })
    }
    if (numbers) column.values = Float64Array.from(rowCodes, (code) => (code < 0 ? NaN : numbers[code]))
    if (column.task !== 'classification') return column
    if (fixedClasses) Object.assign(column, storedClasses(rowCodes, this.values, fixedClasses))
    else Object.assign(column, numbers ? numericClasses(rowCodes, numbers) : textClasses(rowCodes, this.values))
    return column
  }

  private grow(minRows: number): void {
    const grown = new Int32Array(Math.max(minRows, Math.ceil(this.codes.length * 1.5)))
    grown.set(this.codes)
    this.codes = grown
  }
}

function guessTask(numbers: number[] | undefined): 'classification' | 'regression' {
  if (!numbers) return 'classification'
  const distinct = new Set<number>()
  for (const value of numbers) {
    if (value !== value) continue
    if (!Number.isInteger(value)) return 'regression'
    distinct.add(value)
    if (distinct.size > MAX_INTEGER_CLASSES) return 'regression'
  }
  return 'classification'
}

/** Classes of a numeric label are its distinct values by size; `1` and `1.0` are one class. */
function numericClasses(rowCodes: Int32Array, numbers: number[]): { classes: string[]; codes: Int32Array } {
  const sorted = [...new Set(numbers.filter((value) => value === value))].sort((a, b) => a - b)
  const classOf = new Map(sorted.map((value, i) => [value, i]))
  const byDictionaryCode = Int32Array.from(numbers, (value) => classOf.get(value) ?? -1)
  return { classes: sorted.map(String), codes: rowCodes.map((code) => (code < 0 ? -1 : byDictionaryCode[code])) }
}

function textClasses(rowCodes: Int32Array, values: string[]): { classes: string[]; codes: Int32Array } {
  const classes = [...values].sort(compareCategories)
  const classOf = new Map(classes.map((value, i) => [value, i]))
  const byDictionaryCode = Int32Array.from(values, (value) => classOf.get(value)!)
  return { classes, codes: rowCodes.map((code) => (code < 0 ? -1 : byDictionaryCode[code])) }
}

/** Prediction time: labels coded against the classes stored with the model; unknown labels get −1. */
function storedClasses(rowCodes: Int32Array, values: string[], classes: readonly string[]): { classes: string[]; codes: Int32Array } {
  const index = new CategoryIndex(classes)
  const byDictionaryCode = Int32Array.from(values, (value) => index.codeOf(value))
  return { classes: [...classes], codes: rowCodes.map((code) => (code < 0 ? -1 : byDictionaryCode[code])) }
}
