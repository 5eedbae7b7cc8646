/**
 * The first rows of a table file as strings, with the settings the loader would detect, for the app's
 * preview grid: the user sees their data, the guessed delimiter, header and column kinds, and can correct
 * them before a full load. Reads only as much of the file as the rows need, however big it is.
 *
 * Example:
 *   const preview = await previewTableFile('sales.csv', { rows: 50 })
 *   preview.format.delimiter    // ';'
 *   preview.columns             // [{ name: 'region', kind: 'categorical' }, …]
 *   preview.rows                // [['North', '12.5', …], …]  (header excluded)
 */

import { InvalidUtf8Error, type FileTextEncoding } from './charset'
import { columnNames } from './columnRoles'
import { inferColumnKinds } from './columnTypes'
import { CsvRecordSplitter } from './csvRecords'
import { SNIFF_CHARS, sniffDialect, sniffHeader } from './sniff'
import { openTableFile, readTextChunks, type TableFile } from './tableFile'
import type { ColumnKind, Delimiter, TableFormat, TableLoadOptions } from './types'

export interface TablePreviewOptions {
  /** Data rows to return (default 50). */
  rows?: number
  /** Rows used to guess the header and column kinds (default 1000). */
  typingRows?: number
  delimiter?: Delimiter
  hasHeader?: boolean
  textEncoding?: TableLoadOptions['textEncoding']
  signal?: AbortSignal
}

export interface TablePreview {
  source: string
  format: TableFormat
  /** Guessed from the first `typingRows` rows; the full load may still decide otherwise. */
  columns: { name: string; kind: ColumnKind }[]
  /** The first data rows as parsed (blank lines skipped; rows may be ragged — the full load reports that). */
  rows: string[][]
  /** True when the file has more data rows than were read. */
  truncated: boolean
  fileBytes: number
}

export async function previewTableFile(path: string, options: TablePreviewOptions = {}): Promise<TablePreview> {
  const file = await openTableFile(path)
  const textEncoding = options.textEncoding ?? file.textEncoding
  try {
    return await readPreview(file, textEncoding, options)
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error) || options.textEncoding) throw error
    return readPreview(file, 'latin1', options)
  }
}

async function readPreview(file: TableFile, textEncoding: FileTextEncoding, options: TablePreviewOptions): Promise<TablePreview> {
  const wanted = Math.max(0, Math.floor(options.rows ?? 50))
  const recordsNeeded = Math.max(wanted, Math.floor(options.typingRows ?? 1000)) + 2
  let text = ''
  let splitter: CsvRecordSplitter | undefined
  let dialect: ReturnType<typeof sniffDialect> | undefined
  const records: string[][] = []
  let complete = false
  for await (const chunk of readTextChunks(file, textEncoding, options.signal)) {
    text += chunk.text
    if (!splitter && (text.length >= SNIFF_CHARS || chunk.last)) {
      dialect = sniffDialect(text, options.delimiter)
      splitter = new CsvRecordSplitter({ delimiter: dialect.delimiter, newline: dialect.newline, source: file.source })
    }
    if (!splitter) continue
    const batch = chunk.last ? splitter.end(text) : splitter.push(text)
    text = ''
    for (const record of batch.records) if (!(record.length === 1 && record[0].trim() === '')) records.push(record)
    complete = chunk.last
    if (records.length >= recordsNeeded) break
  }
  const [first = [], ...rest] = records
  const hasHeader = options.hasHeader ?? sniffHeader(first, rest)
  const body = hasHeader ? rest : records
  const names = columnNames(hasHeader ? first : undefined, first.length, [])
  const kinds = inferColumnKinds(body, names.length)
  return {
    source: file.source,
    format: {
      delimiter: dialect?.delimiter ?? ',',
      newline: dialect?.newline ?? '\n',
      hasHeader,
      textEncoding,
      byteOrderMark: file.byteOrderMark && textEncoding === file.textEncoding,
      detected: {
        delimiter: options.delimiter === undefined,
        hasHeader: options.hasHeader === undefined,
        textEncoding: options.textEncoding === undefined
      }
    },
    columns: names.map((name, i) => ({ name, kind: kinds[i] })),
    rows: body.slice(0, wanted),
    truncated: !complete || body.length > wanted,
    fileBytes: file.bytes
  }
}
