/**
 * Opening a CSV: the engine reads the file (off the UI's thread) and keeps the table; the UI gets a
 * `datasetId`, the first rows for the preview grid, what was detected (delimiter, header, text encoding)
 * and each column's kind, role, missing count and how missing cells are filled. Every guess can be
 * overridden with `dataConfigure`, which reloads the same file with the new settings.
 *
 * Example:
 *   const view = await api.dataOpen({ source: { kind: 'path', path: 'sales.csv' } })
 *   view.format.delimiter          // ';' (view.format.detected.delimiter === true)
 *   await api.dataConfigure({ datasetId: view.datasetId, options: { target: 'churned', ignored: ['id'] } })
 */

import { z } from 'zod'
import { EntityId, FileSource } from './common'

export const DELIMITERS = [',', ';', '\t', '|'] as const
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'latin1'] as const
export const COLUMN_KINDS = ['numeric', 'categorical', 'text', 'empty'] as const
/** Kinds a user may force (`text` leaves a column out of the features). */
export const COLUMN_KIND_OVERRIDES = ['numeric', 'categorical', 'text'] as const
export const COLUMN_ROLES = ['feature', 'target', 'ignored'] as const
/** Rows the preview grid gets by default, and at most. */
export const DEFAULT_PREVIEW_ROWS = 50
export const MAX_PREVIEW_ROWS = 500

const ColumnName = z.string().min(1).max(1000)

/** Settings for reading a table; anything left out is detected. */
export const DataOptions = z.strictObject({
  delimiter: z.enum(DELIMITERS).optional(),
  hasHeader: z.boolean().optional(),
  textEncoding: z.enum(TEXT_ENCODINGS).optional(),
  /** Force some columns' kinds, by column name. */
  columnKinds: z.record(ColumnName, z.enum(COLUMN_KIND_OVERRIDES)).optional(),
  /** The label column; null or absent: no target. */
  target: ColumnName.nullable().optional(),
  /** Override the guessed task of the target. */
  targetTask: z.enum(['classification', 'regression']).optional(),
  /** Columns to leave out. */
  ignored: z.array(ColumnName).max(10_000).optional(),
  /** Keep at most this many rows (seeded reservoir sampling; default 200 000). */
  maxRows: z.int().min(10).max(10_000_000).optional(),
  previewRows: z.int().min(0).max(MAX_PREVIEW_ROWS).optional()
})
export type DataOptions = z.infer<typeof DataOptions>

export const DataOpenArgs = z.strictObject({ source: FileSource, options: DataOptions.optional() })
export const DataConfigureArgs = z.strictObject({ datasetId: EntityId, options: DataOptions })
export const DatasetIdArgs = z.strictObject({ datasetId: EntityId })
/** Most rows one `dataRows` call returns. */
export const MAX_DATA_ROWS = 500
export const DataRowsArgs = z.strictObject({
  datasetId: EntityId,
  /** Row indices among the kept rows (0-based, as in `ConfusionView.exampleRows`). */
  rows: z.array(z.int().min(0)).min(1).max(MAX_DATA_ROWS)
})

export type ColumnKind = (typeof COLUMN_KINDS)[number]
export type ColumnRole = (typeof COLUMN_ROLES)[number]

/** How missing cells of a feature column are filled before a spec is made or a model runs. */
export type Imputation = { method: 'none' } | { method: 'mean'; value: number }

export interface ColumnView {
  name: string
  /** 0-based position in the file. */
  index: number
  kind: ColumnKind
  role: ColumnRole
  missingCount: number
  /** Cells that did not fit the column's kind and count as missing. */
  invalidCount: number
  /** Categorical columns: the first categories (sorted) and how many there are. */
  categories: string[] | null
  categoryCount: number | null
  /** Numeric columns: the mean of the kept rows. */
  mean: number | null
  /** Feature columns only; null for the target and ignored columns. */
  imputation: Imputation | null
  /** Why the column is ignored, or what went wrong in it. */
  note: string | null
}

export interface TargetView {
  name: string
  task: 'classification' | 'regression'
  /** Classification: the classes, sorted. */
  classes: string[] | null
  missingCount: number
}

export interface DatasetView {
  datasetId: string
  fileName: string
  fileBytes: number
  format: {
    delimiter: (typeof DELIMITERS)[number]
    hasHeader: boolean
    textEncoding: string
    /** Which settings were detected rather than given. */
    detected: { delimiter: boolean; hasHeader: boolean; textEncoding: boolean }
  }
  columns: ColumnView[]
  /** The first rows as text, for the grid (header names are `columns[i].name`). */
  previewRows: string[][]
  /** The file has more rows than `previewRows`. */
  previewTruncated: boolean
  totalRows: number
  rowsKept: number
  /** `maxRows` cut the table down by sampling. */
  sampled: boolean
  featureNames: string[]
  target: TargetView | null
  /** Plain-language remarks: ignored columns, renamed headers, unreadable values … */
  notes: string[]
  /** The settings this view was loaded with. */
  options: DataOptions
}

/**
 * Some rows of an opened table as the engine holds them: one cell per file column, in file order — the
 * target as read, features as encoded (numbers, category names; '' = missing), null for a column the app
 * does not keep (ignored or free text).
 */
export interface DataRowsResult {
  columns: string[]
  rows: { index: number; /** 0-based data row of the file (differs when the table was sampled). */ fileRow: number; cells: (string | null)[] }[]
}

export interface DataCloseResult {
  datasetId: string
}
