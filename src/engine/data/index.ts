/**
 * Tabular data loading: CSV in, a row-major Float32Array of features out, with everything a non-expert
 * needs to trust it — the detected delimiter, header and text encoding, each column's kind, role and
 * missing count, and plain-language notes. Used by the CLI (`learnware-dock spec table data.csv --target
 * COL --ignore a,b`), the app's Data screen, and the search and reuse code. Missing values stay NaN:
 * imputation happens in the RKME code, with the column mean, as in the reference implementation.
 *
 * Example:
 *   import { loadTableFile, parseTableText, previewTableFile, encodeRows } from '../data'
 *
 *   const preview = await previewTableFile('sales.csv', { rows: 50 })          // grid + guessed settings
 *   const table = await loadTableFile('sales.csv', {
 *     target: 'churned', ignore: ['customer_id'], maxRows: 200_000,
 *     onProgress: (e) => e.status === 'progress' && bar(e.fraction), signal
 *   })
 *   table.matrix            // Float32Array, table.rowsKept × table.featuresPerRow, NaN = missing
 *   table.target?.codes     // Int32Array of class indices into table.target.classes
 *   table.encoding          // JSON: store it with the learnware …
 *
 *   // … and at prediction time encode new data exactly the same way:
 *   const fresh = await loadTableFile('new.csv', { tableEncoding: table.encoding })
 *   const one = encodeRows(table.encoding, [{ region: 'North', spend: 12.5 }])
 *
 *   parseTableText('a;b\n1;x\n2;y\n').featureNames   // ['a', 'b'] — small in-memory inputs
 */

import { loadTableFile } from './streamLoad'
import type { TableEncoding } from './tableEncoding'
import type { LoadedTable, TableLoadOptions } from './types'

export { loadTableFile }
export { parseTableText, type TextParseOptions } from './parseText'
export { previewTableFile, type TablePreview, type TablePreviewOptions } from './preview'
export {
  encodeRows,
  readTableEncoding,
  TABLE_ENCODING_FORMAT,
  type EncodedFeature,
  type EncodedRows,
  type RecordValue,
  type TableEncoding
} from './tableEncoding'
export { isMissingCell, MISSING_MARKERS, readNumber } from './cellValues'
export type {
  ColumnInfo,
  ColumnKind,
  ColumnKindOverride,
  ColumnRole,
  Delimiter,
  LoadedTable,
  TableFormat,
  TableLoadOptions,
  TableParseOptions,
  TargetColumn,
  TextEncodingName
} from './types'

/** Loads a new CSV encoded exactly like the training data (same features, codes and order). */
export function applyEncoding(encoding: TableEncoding, path: string, options: Omit<TableLoadOptions, 'tableEncoding'> = {}): Promise<LoadedTable> {
  return loadTableFile(path, { ...options, tableEncoding: encoding })
}
