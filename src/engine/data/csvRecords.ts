/**
 * Cuts decoded CSV text into records, chunk by chunk, with papaparse's parser. A record may span chunks
 * (or lines, inside quotes), so the unfinished tail of each chunk is carried into the next. Each batch
 * knows the file line it starts on, so errors can name the line a user sees in their editor rather than
 * papaparse's 0-based row number.
 *
 * Example:
 *   const splitter = new CsvRecordSplitter({ delimiter: ';', newline: '\n', source: 'data.csv' })
 *   const first = splitter.push('a;b\n1;2\n3;')   // records [['a','b'], ['1','2']], firstLine 1
 *   const last = splitter.end('4\n')              // records [['3','4']], firstLine 3
 *   lineOfRecord(last, 0)                         // 3
 */

import Papa, { type ParseResult, type Parser } from 'papaparse'
import { LearnwareError } from '../errors'
import type { Delimiter, TableFormat } from './types'

export interface RecordBatch {
  records: string[][]
  /** 1-based line of the first record. */
  firstLine: number
  /** True when quoted fields may hold line breaks, so lines and records can differ. */
  multiline: boolean
  newline: string
}

/** A row longer than this without an end means a quote that never closes; stop before memory runs out. */
export const MAX_CARRY_CHARS = 16 * 1024 * 1024

export interface SplitterSettings {
  delimiter: Delimiter
  newline: TableFormat['newline']
  source: string
}

export class CsvRecordSplitter {
  private readonly parser: Parser
  private carry = ''
  private nextLine = 1

  constructor(private readonly settings: SplitterSettings) {
    this.parser = new Papa.Parser({ delimiter: settings.delimiter, newline: settings.newline })
  }

  /** Records completed by `text`; the unfinished last record waits for the next call. */
  push(text: string): RecordBatch {
    return this.parse(this.carry + text, true)
  }

  /** Records left at the end of the input (plus `text`, if given). */
  end(text = ''): RecordBatch {
    return this.parse(this.carry + text, false)
  }

  private parse(input: string, more: boolean): RecordBatch {
    const result = this.parser.parse(input, 0, more) as ParseResult<string[]>
    const cursor = more ? result.meta.cursor : input.length
    const multiline = input.indexOf('"') !== -1
    const batch: RecordBatch = { records: result.data, firstLine: this.nextLine, multiline, newline: this.settings.newline }
    if (!more) this.throwOnUnclosedQuote(result, batch)
    this.nextLine += multiline ? countOccurrences(input, this.settings.newline, cursor) : result.data.length
    this.carry = more ? input.slice(cursor) : ''
    if (this.carry.length > MAX_CARRY_CHARS) {
      throw new LearnwareError('DATA_UNCLOSED_QUOTE', `${this.settings.source}, line ${this.nextLine}: a row runs on for more than 16 MB`, {
        hint: 'A quoted field is probably never closed (a stray " character).'
      })
    }
    return batch
  }

  private throwOnUnclosedQuote(result: ParseResult<string[]>, batch: RecordBatch): void {
    const unclosed = result.errors.find((e) => e.code === 'MissingQuotes')
    if (!unclosed) return
    const line = lineOfRecord(batch, unclosed.row ?? 0)
    throw new LearnwareError('DATA_UNCLOSED_QUOTE', `${this.settings.source}, line ${line}: a quoted field is never closed`, {
      hint: 'Look for a stray " character on that line; quotes inside a quoted field must be doubled ("").'
    })
  }
}

/** 1-based file line of record `index` in `batch`. */
export function lineOfRecord(batch: RecordBatch, index: number): number {
  if (!batch.multiline) return batch.firstLine + index
  let line = batch.firstLine
  for (let r = 0; r < index; r++) {
    line++
    for (const field of batch.records[r]) line += countOccurrences(field, batch.newline, field.length)
  }
  return line
}

function countOccurrences(text: string, needle: string, end: number): number {
  let count = 0
  for (let at = text.indexOf(needle); at !== -1 && at < end; at = text.indexOf(needle, at + needle.length)) count++
  return count
}
