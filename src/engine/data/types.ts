/**
 * The shapes the table loader hands out and accepts: detected format, per-column report, the loaded table
 * and its options. Kept apart from the code so the CLI, the app's Data screen and the search code can
 * import the types without pulling in papaparse or `node:fs`.
 *
 * Example:
 *   import type { LoadedTable } from '../data/types'
 *   const describe = (t: LoadedTable) => `${t.rowsKept} rows × ${t.featuresPerRow} features`
 */

import type { ProgressListener } from '../progress'
import type { TableEncoding } from './tableEncoding'

/** What a column holds. `empty` = every value is missing; `text` = free text, left out of the matrix. */
export type ColumnKind = 'numeric' | 'categorical' | 'text' | 'empty'

/** How a column is used. Text and empty columns are `ignored` with a note saying why. */
export type ColumnRole = 'feature' | 'target' | 'ignored'

export type Delimiter = ',' | ';' | '\t' | '|'

/**
 * How the bytes were read. `latin1` is decoded as windows-1252, the WHATWG meaning of that label, which
 * matches ISO-8859-1 everywhere except 0x80–0x9F (where Excel's exports put €, “ ” …).
 * `js-string` means the input was already a JavaScript string.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' | 'js-string'

export interface TableFormat {
  delimiter: Delimiter
  newline: '\n' | '\r\n' | '\r'
  hasHeader: boolean
  textEncoding: TextEncodingName
  byteOrderMark: boolean
  /** Which settings were detected rather than given by the caller. */
  detected: { delimiter: boolean; hasHeader: boolean; textEncoding: boolean }
}

export interface ColumnInfo {
  name: string
  /** 0-based position in the file. */
  index: number
  kind: ColumnKind
  role: ColumnRole
  /** Missing cells over every data row read (`totalRows`), including values that could not be read. */
  missingCount: number
  /**
   * Non-missing cells that did not fit the column's kind and were stored as missing: a word in a numeric
   * column after the typing sample, or a category the applied encoding has never seen.
   */
  invalidCount: number
  /** Sorted categories (categorical columns and classification targets). */
  categories?: string[]
  /** Mean over the finite non-missing values in the returned rows (numeric columns only). */
  mean?: number
  /** Why the column is ignored, or what went wrong in it. */
  note?: string
}

export interface TargetColumn {
  name: string
  kind: ColumnKind
  task: 'classification' | 'regression'
  /** One trimmed string per returned row; '' where missing. */
  raw: string[]
  /** Numeric targets: the values, NaN where missing or unreadable. */
  values?: Float64Array
  /** Classification: sorted class list (numbers sorted by value). */
  classes?: string[]
  /** Classification: index into `classes` per row, −1 where missing. */
  codes?: Int32Array
  missingCount: number
}

export interface LoadedTable {
  /** File name (or `<text>`) used in messages. */
  source: string
  format: TableFormat
  /** Every column of the file, in file order. */
  columns: ColumnInfo[]
  featureNames: string[]
  featuresPerRow: number
  /** Row-major `rowsKept × featuresPerRow`; NaN where missing (imputation happens in the RKME code). */
  matrix: Float32Array
  /** Data rows in the file (header excluded, blank lines skipped). */
  totalRows: number
  rowsKept: number
  /** True when `maxRows` cut the table down by reservoir sampling. */
  sampled: boolean
  /** When sampled: the 0-based data-row index of every kept row, ascending (kept rows stay in file order). */
  keptRowIndices?: Uint32Array
  target?: TargetColumn
  /** JSON-serialisable recipe to encode new data the same way (store it with the learnware). */
  encoding: TableEncoding
  /** Plain-language remarks for the user: ignored columns, renamed headers, unreadable values … */
  notes: string[]
}

/** Column kinds a caller may force; `text` leaves a column out of the matrix. */
export type ColumnKindOverride = 'numeric' | 'categorical' | 'text'

export interface TableParseOptions {
  /** Force the delimiter instead of detecting it. */
  delimiter?: Delimiter
  /** Force whether the first row holds column names. */
  hasHeader?: boolean
  /** Name of the label column. */
  target?: string
  /** Override the guessed task for the target (a numeric target with ≤ 20 integer values is a class label). */
  targetTask?: 'classification' | 'regression'
  /** Columns to leave out. */
  ignore?: string[]
  /** Force the kind of some columns, by name. */
  columnKinds?: Record<string, ColumnKindOverride>
  /** Rows used to guess column kinds and the header (default 5000). */
  typingRows?: number
  /** Keep at most this many rows, chosen by seeded reservoir sampling. */
  maxRows?: number
  /** Seed for the reservoir sampling (default 0). */
  seed?: number
  /** Encode with a stored encoding instead of building a new one (prediction time). */
  tableEncoding?: TableEncoding
}

export interface TableLoadOptions extends TableParseOptions {
  /** Force the text encoding instead of detecting it. */
  textEncoding?: Exclude<TextEncodingName, 'js-string'>
  onProgress?: ProgressListener
  signal?: AbortSignal
}
