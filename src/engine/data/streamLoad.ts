/**
 * Loads a CSV file of any size into a `LoadedTable` without ever holding it as JavaScript objects: bytes
 * are decoded a megabyte at a time, cut into records by papaparse and written straight into a Float32Array.
 * A 1,000,000 × 50 file (~500 MB) costs the 200 MB matrix plus a few chunks. `maxRows` keeps a seeded
 * reservoir sample. Progress is reported by bytes read.
 *
 * Example:
 *   const table = await loadTableFile('sales.csv', {
 *     target: 'churned', ignore: ['customer_id'], maxRows: 100_000, seed: 7,
 *     onProgress: (e) => e.status === 'progress' && bar.update(e.fraction),
 *     signal: controller.signal
 *   })
 */

import type { ProgressListener } from '../progress'
import { InvalidUtf8Error, type FileTextEncoding } from './charset'
import { CsvRecordSplitter, type RecordBatch } from './csvRecords'
import { SNIFF_CHARS, sniffDialect } from './sniff'
import { TableAssembler } from './tableAssembler'
import { openTableFile, readTextChunks, type TableFile } from './tableFile'
import type { LoadedTable, TableLoadOptions } from './types'

const TASK = 'load'
/** Smallest step between two progress events, so a big file sends ~200 events, not thousands. */
const PROGRESS_STEP = 0.005

export async function loadTableFile(path: string, options: TableLoadOptions = {}): Promise<LoadedTable> {
  const file = await openTableFile(path)
  const progress = new LoadProgress(options.onProgress)
  progress.start()
  const textEncoding = options.textEncoding ?? file.textEncoding
  let table: LoadedTable
  try {
    table = await streamTable(file, textEncoding, options, progress)
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error) || options.textEncoding) throw error
    // The head was valid UTF-8 but a later byte is not: start over as latin1 (progress holds still meanwhile).
    table = await streamTable(file, 'latin1', options, progress)
    table.notes.unshift(`${file.source} is not valid UTF-8 throughout; it was read as latin1.`)
  }
  progress.done()
  return table
}

async function streamTable(file: TableFile, textEncoding: FileTextEncoding, options: TableLoadOptions, progress: LoadProgress) {
  let splitter: CsvRecordSplitter | undefined
  let assembler: TableAssembler | undefined
  let pending = ''
  let recordsSeen = 0
  let bytesRead = 0
  const feed = (batch: RecordBatch) => {
    recordsSeen += batch.records.length
    assembler!.addBatch(batch)
  }
  const begin = (text: string) => {
    const dialect = sniffDialect(text, options.delimiter)
    splitter = new CsvRecordSplitter({ delimiter: dialect.delimiter, newline: dialect.newline, source: file.source })
    assembler = new TableAssembler({
      source: file.source,
      format: {
        delimiter: dialect.delimiter,
        newline: dialect.newline,
        textEncoding,
        byteOrderMark: file.byteOrderMark && textEncoding === file.textEncoding,
        detected: { delimiter: dialect.detectedDelimiter, textEncoding: options.textEncoding === undefined }
      },
      options,
      // rows per byte so far × file size, with a little room so the matrix rarely has to grow
      estimateRows: () => Math.ceil((recordsSeen * file.bytes) / Math.max(1, bytesRead) * 1.02) + 16
    })
  }
  for await (const chunk of readTextChunks(file, textEncoding, options.signal)) {
    bytesRead = chunk.bytesRead
    if (!splitter) {
      pending += chunk.text
      if (pending.length < SNIFF_CHARS && !chunk.last) continue
      begin(pending)
      feed(chunk.last ? splitter!.end(pending) : splitter!.push(pending))
      pending = ''
    } else {
      feed(chunk.last ? splitter.end(chunk.text) : splitter.push(chunk.text))
    }
    progress.report(file.bytes === 0 ? 1 : bytesRead / file.bytes)
  }
  return assembler!.finish()
}

/** Progress events that only move forward (a restart as latin1 does not move the bar back) and end at 1. */
class LoadProgress {
  private last = 0

  constructor(private readonly listener: ProgressListener | undefined) {}

  start(): void {
    this.listener?.({ status: 'start', task: TASK })
  }

  report(fraction: number): void {
    const clamped = Math.min(1, fraction)
    if (clamped < this.last + PROGRESS_STEP) return
    this.last = clamped
    this.listener?.({ status: 'progress', task: TASK, fraction: clamped })
  }

  done(): void {
    if (this.last < 1) {
      this.last = 1
      this.listener?.({ status: 'progress', task: TASK, fraction: 1 })
    }
    this.listener?.({ status: 'done', task: TASK })
  }
}
