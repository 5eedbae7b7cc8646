/**
 * Writes parsed CSV records straight into one row-major Float32Array, so a million-row file never exists
 * as JavaScript objects. Numbers go in as numbers, missing cells as NaN; categorical cells get first-seen
 * codes while streaming (the full category list is unknown until the end) and are renumbered to sorted
 * order in `finish`, which makes the codes independent of row order.
 *
 * Example:
 *   const builder = new FeatureMatrixBuilder([{ column: 0, kind: 'numeric' }, { column: 2, kind: 'categorical' }], 1000)
 *   builder.add(['5.1', 'x', 'red'], 0, 0)           // (fields, slot to store in or −1, data-row index)
 *   const { matrix, categories, fills } = builder.finish(1)
 */

import { detachString, isMissingCell, readNumber } from './cellValues'
import { CategoryIndex, sortCategories } from './tableEncoding'

export interface FeatureSource {
  /** Position of the column in each record. */
  column: number
  kind: 'numeric' | 'categorical'
  /** A fixed, sorted category list (an applied encoding); unseen values become NaN. */
  categories?: readonly string[]
}

export interface FeatureMatrix {
  matrix: Float32Array
  /** Sorted categories per feature (undefined for numeric). */
  categories: (string[] | undefined)[]
  /** Column means over finite values, rounded to float32; 0 for a column with none. */
  fills: Float64Array
  /** Features whose kept rows hold no finite value (their fill of 0 is arbitrary). */
  withoutValues: number[]
}

/** Categories seen while streaming, coded in order of first appearance. */
class FirstSeenCategories {
  readonly names: string[] = []
  private readonly codes = new Map<string, number>()

  codeOf(trimmed: string): number {
    let code = this.codes.get(trimmed)
    if (code === undefined) {
      code = this.names.length
      this.names.push(detachString(trimmed))
      this.codes.set(this.names[code], code)
    }
    return code
  }
}

export class FeatureMatrixBuilder {
  readonly featuresPerRow: number
  /** Missing cells per feature over every row added (unreadable ones included). */
  readonly missing: Float64Array
  /** Non-missing cells per feature that could not be read (word in a number column, unseen category). */
  readonly unreadable: Float64Array
  /** First unreadable cell per feature, for the note shown to the user. */
  readonly firstUnreadable: ({ dataRow: number; value: string } | undefined)[]
  private readonly columnOf: Int32Array
  private readonly dictionaries: (FirstSeenCategories | CategoryIndex | undefined)[]
  private readonly scratch: Float32Array
  private matrix: Float32Array
  private capacityRows: number

  constructor(features: readonly FeatureSource[], initialRows: number) {
    const d = features.length
    this.featuresPerRow = d
    this.columnOf = Int32Array.from(features, (f) => f.column)
    this.dictionaries = features.map((f) =>
      f.kind === 'numeric' ? undefined : f.categories ? new CategoryIndex(f.categories) : new FirstSeenCategories()
    )
    this.missing = new Float64Array(d)
    this.unreadable = new Float64Array(d)
    this.firstUnreadable = features.map(() => undefined)
    this.scratch = new Float32Array(d)
    this.capacityRows = Math.max(1, Math.ceil(initialRows))
    this.matrix = new Float32Array(this.capacityRows * d)
  }

  /** Reads one record; stores it at row `slot` of the matrix, or only counts it when `slot` is −1. */
  add(fields: readonly string[], slot: number, dataRow: number): void {
    const d = this.featuresPerRow
    if (slot >= this.capacityRows) this.grow(slot + 1)
    const out = slot >= 0 ? this.matrix : this.scratch
    const base = slot >= 0 ? slot * d : 0
    const { columnOf, dictionaries } = this
    for (let f = 0; f < d; f++) {
      const cell = fields[columnOf[f]]
      const dictionary = dictionaries[f]
      let value: number
      if (dictionary === undefined) {
        value = readNumber(cell)
        if (value !== value) this.countMissing(f, cell, dataRow)
      } else if (isMissingCell(cell)) {
        value = NaN
        this.missing[f]++
      } else {
        const code = dictionary.codeOf(cell.trim())
        value = code >= 0 ? code : NaN
        if (code < 0) this.countMissing(f, cell, dataRow)
      }
      out[base + f] = value
    }
  }

  /**
   * The final matrix of `rows` rows, in slot order or — after reservoir sampling — in the order of
   * `slotOrder`. Always an exact-size array, so `matrix.buffer` holds nothing else.
   */
  finish(rows: number, slotOrder?: Uint32Array): FeatureMatrix {
    const d = this.featuresPerRow
    let matrix = this.matrix
    if (slotOrder) {
      matrix = new Float32Array(rows * d)
      for (let r = 0; r < rows; r++) matrix.set(this.matrix.subarray(slotOrder[r] * d, slotOrder[r] * d + d), r * d)
    } else if (matrix.length !== rows * d) {
      matrix = matrix.slice(0, rows * d)
    }
    this.matrix = new Float32Array(0)
    this.capacityRows = 0
    const categories = this.dictionaries.map((dictionary, f) => renumberSorted(matrix, rows, d, f, dictionary))
    const { fills, withoutValues } = columnFills(matrix, rows, d)
    return { matrix, categories, fills, withoutValues }
  }

  private countMissing(f: number, cell: string | undefined, dataRow: number): void {
    this.missing[f]++
    if (isMissingCell(cell)) return
    if (this.unreadable[f]++ === 0) this.firstUnreadable[f] = { dataRow, value: detachString(String(cell).trim()) }
  }

  private grow(minRows: number): void {
    const rows = Math.max(minRows, Math.ceil(this.capacityRows * 1.5))
    const grown = new Float32Array(rows * this.featuresPerRow)
    grown.set(this.matrix)
    this.matrix = grown
    this.capacityRows = rows
  }
}

/** Sorted category list of feature f; first-seen codes in the matrix are rewritten to sorted codes. */
function renumberSorted(
  matrix: Float32Array,
  rows: number,
  d: number,
  f: number,
  dictionary: FirstSeenCategories | CategoryIndex | undefined
): string[] | undefined {
  if (dictionary === undefined) return undefined
  if (dictionary instanceof CategoryIndex) return [...dictionary.categories]
  const sorted = sortCategories(dictionary.names)
  const position = new Map(sorted.map((name, code) => [name, code]))
  const newCode = Float32Array.from(dictionary.names, (name) => position.get(name)!)
  for (let i = f; i < rows * d; i += d) {
    const code = matrix[i]
    if (code === code) matrix[i] = newCode[code]
  }
  return sorted
}

/** Per-column mean over finite values, accumulated in float64 and stored as float32 like the matrix. */
function columnFills(matrix: Float32Array, rows: number, d: number): { fills: Float64Array; withoutValues: number[] } {
  const sums = new Float64Array(d)
  const counts = new Float64Array(d)
  for (let r = 0; r < rows; r++) {
    const base = r * d
    for (let f = 0; f < d; f++) {
      const value = matrix[base + f]
      if (Number.isFinite(value)) {
        sums[f] += value
        counts[f]++
      }
    }
  }
  const fills = new Float64Array(d)
  const withoutValues: number[] = []
  for (let f = 0; f < d; f++) {
    if (counts[f] === 0) withoutValues.push(f)
    else fills[f] = Math.fround(sums[f] / counts[f])
  }
  return { fills, withoutValues }
}
