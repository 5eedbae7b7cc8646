/**
 * The recipe that turns a table's columns into matrix features, kept as plain JSON so it can be stored
 * inside a learnware and applied to a user's new data at prediction time. A model trained on codes
 * `blue=0, green=1, red=2` must see the same codes later, whatever order the new rows come in; so codes
 * are positions in the sorted category list, never first-seen order. `fill` is the column mean of the
 * training matrix, the value the RKME code and the reusers impute for NaN.
 *
 * Example:
 *   const table = await loadTableFile('train.csv', { target: 'species' })
 *   await writeFile('encoding.json', JSON.stringify(table.encoding))
 *   const encoding = readTableEncoding(JSON.parse(await readFile('encoding.json', 'utf8')), 'encoding.json')
 *   const { matrix } = encodeRows(encoding, [{ colour: 'red', size: 3 }])   // Float32Array [2, 3]
 *   // or a whole CSV: await loadTableFile('new.csv', { tableEncoding: encoding })
 */

import { LearnwareError } from '../errors'
import { compareCategories, isMissingCell, readNumber } from './cellValues'

export const TABLE_ENCODING_FORMAT = 'learnware-dock/table-encoding'

export interface EncodedFeature {
  name: string
  kind: 'numeric' | 'categorical'
  /** Sorted categories; a value's code is its index here. */
  categories?: string[]
  /** Value to impute for missing cells: the mean of the column in the training matrix (float32). */
  fill: number
}

export interface TableEncoding {
  format: typeof TABLE_ENCODING_FORMAT
  version: 1
  /** In matrix order. */
  features: EncodedFeature[]
  target?: { name: string; task: 'classification' | 'regression'; classes?: string[] }
}

export interface EncodedRows {
  /** Row-major `rows × featuresPerRow`, NaN where missing or unseen. */
  matrix: Float32Array
  rows: number
  featuresPerRow: number
  featureNames: string[]
  /** Per feature name: values that were not missing but could not be encoded (unseen category, word in a number column). */
  unreadable: Record<string, number>
}

export type RecordValue = string | number | boolean | null | undefined

/** Looks up a category's code; numbers also match by value, so a new file's `1.0` finds the stored `1`. */
export class CategoryIndex {
  private readonly byText = new Map<string, number>()
  private readonly byNumber = new Map<number, number>()

  constructor(readonly categories: readonly string[]) {
    categories.forEach((category, code) => {
      this.byText.set(category, code)
      const value = readNumber(category)
      if (value === value && !this.byNumber.has(value)) this.byNumber.set(value, code)
    })
  }

  /** The code of a trimmed, non-missing cell, or −1 when unseen. */
  codeOf(trimmed: string): number {
    const code = this.byText.get(trimmed)
    if (code !== undefined) return code
    if (this.byNumber.size === 0) return -1
    const value = readNumber(trimmed)
    return value === value ? (this.byNumber.get(value) ?? -1) : -1
  }
}

/** Sorted, de-duplicated category list in the one order every encoding uses. */
export function sortCategories(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCategories)
}

/** Encodes records keyed by column name (a form, a JSON request) with a stored encoding. */
export function encodeRows(encoding: TableEncoding, records: readonly Readonly<Record<string, RecordValue>>[]): EncodedRows {
  const featuresPerRow = encoding.features.length
  const matrix = new Float32Array(records.length * featuresPerRow)
  const unreadable: Record<string, number> = {}
  const missingNames = encoding.features.filter((f) => records.length > 0 && records.every((r) => !(f.name in r)))
  if (missingNames.length > 0) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `rows have no field ${missingNames.map((f) => `"${f.name}"`).join(', ')}`, {
      hint: `The model needs: ${encoding.features.map((f) => f.name).join(', ')}`
    })
  }
  encoding.features.forEach((feature, f) => {
    const index = feature.kind === 'categorical' ? new CategoryIndex(feature.categories ?? []) : undefined
    let bad = 0
    for (let r = 0; r < records.length; r++) {
      const value = encodeValue(records[r][feature.name], index)
      if (Number.isNaN(value) && !isMissingValue(records[r][feature.name])) bad++
      matrix[r * featuresPerRow + f] = value
    }
    if (bad > 0) unreadable[feature.name] = bad
  })
  return { matrix, rows: records.length, featuresPerRow, featureNames: encoding.features.map((f) => f.name), unreadable }
}

function encodeValue(value: RecordValue, index: CategoryIndex | undefined): number {
  if (isMissingValue(value)) return NaN
  if (index) return nanIfNegative(index.codeOf(String(value).trim()))
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  return readNumber(value as string)
}

function isMissingValue(value: RecordValue): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'number') return Number.isNaN(value)
  return typeof value === 'string' && isMissingCell(value)
}

function nanIfNegative(code: number): number {
  return code < 0 ? NaN : code
}

/** Checks JSON read back from a package; names the file and the field when it is malformed. */
export function readTableEncoding(value: unknown, source: string): TableEncoding {
  const fail = (field: string): never => {
    throw new LearnwareError('PACKAGE_INVALID', `${source}: table encoding has a bad or missing "${field}"`, {
      hint: 'The encoding is written by Learnware Dock when a table learnware is created; re-create the package.'
    })
  }
  const v = value as Partial<TableEncoding> | null
  if (typeof v !== 'object' || v === null) return fail('format')
  if (v.format !== TABLE_ENCODING_FORMAT) fail('format')
  if (v.version !== 1) fail('version')
  if (!Array.isArray(v.features)) return fail('features')
  v.features.forEach((f, i) => {
    if (typeof f?.name !== 'string') fail(`features[${i}].name`)
    if (f.kind !== 'numeric' && f.kind !== 'categorical') fail(`features[${i}].kind`)
    if (typeof f.fill !== 'number' || !Number.isFinite(f.fill)) fail(`features[${i}].fill`)
    if (f.kind === 'categorical' && !(Array.isArray(f.categories) && f.categories.every((c) => typeof c === 'string'))) {
      fail(`features[${i}].categories`)
    }
  })
  if (v.target !== undefined && (typeof v.target?.name !== 'string' || !['classification', 'regression'].includes(v.target.task))) {
    fail('target')
  }
  return v as TableEncoding
}
