/**
 * Loads a table that is already in memory — text pasted into the app, bytes of a dropped file, test
 * inputs — through the same assembler as the file loader, so both give the same table. Meant for small
 * inputs; for files use `loadTableFile`, which streams.
 *
 * Example:
 *   const table = parseTableText('colour;size\nred;1\nblue;NA\n', { target: 'size' })
 *   table.format.delimiter          // ';'
 *   table.matrix                    // Float32Array [1, 0]  (blue=0, red=1)
 *   parseTableText(bytes).format.textEncoding   // 'latin1' when the bytes are not UTF-8
 */

import { decodeTableBytes } from './charset'
import { CsvRecordSplitter } from './csvRecords'
import { sniffDialect } from './sniff'
import { TableAssembler } from './tableAssembler'
import type { LoadedTable, TableFormat, TableLoadOptions, TableParseOptions } from './types'

export interface TextParseOptions extends TableParseOptions {
  /** Name used in messages (default `<text>`). */
  source?: string
  /** For byte input: force the text encoding instead of detecting it. */
  textEncoding?: TableLoadOptions['textEncoding']
}

export function parseTableText(input: string | Uint8Array, options: TextParseOptions = {}): LoadedTable {
  const source = options.source ?? '<text>'
  const decoded = decode(input, options)
  const dialect = sniffDialect(decoded.text, options.delimiter)
  const batch = new CsvRecordSplitter({ delimiter: dialect.delimiter, newline: dialect.newline, source }).end(decoded.text)
  const assembler = new TableAssembler({
    source,
    format: {
      delimiter: dialect.delimiter,
      newline: dialect.newline,
      textEncoding: decoded.textEncoding,
      byteOrderMark: decoded.byteOrderMark,
      detected: { delimiter: dialect.detectedDelimiter, textEncoding: typeof input !== 'string' && options.textEncoding === undefined }
    },
    options,
    estimateRows: () => batch.records.length
  })
  assembler.addBatch(batch)
  return assembler.finish()
}

function decode(input: string | Uint8Array, options: TextParseOptions): { text: string } & Pick<TableFormat, 'textEncoding' | 'byteOrderMark'> {
  if (typeof input !== 'string') return decodeTableBytes(input, options.textEncoding)
  const byteOrderMark = input.charCodeAt(0) === 0xfeff
  return { text: byteOrderMark ? input.slice(1) : input, textEncoding: 'js-string', byteOrderMark }
}
