/**
 * Texts from one column of a CSV file. The table loader turns text columns into "ignored" (they cannot go
 * into a numeric matrix) and does not keep their strings, so this reads the file itself: the dialect,
 * header and text encoding are detected by the table preview (the same guesses the Data screen shows),
 * then papaparse reads every record. Without `column`, the non-numeric column with the longest values is
 * taken, and a note says so. Rows without text are skipped with a reason, not fatal.
 *
 * Example:
 *   const docs = await loadTextTableFile('reviews.csv', { column: 'body', labelColumn: 'stars', maxRows: 5000 })
 *   docs.texts.length, docs.labels?.[0], docs.skipped   // [{ origin: 'row 17', reason: 'the text is empty' }]
 *   parseTextTable('text,genre\n"Hello there, world",news\n').texts   // ['Hello there, world']
 */

import { readFile } from 'node:fs/promises'
import Papa from 'papaparse'
import { isMissingCell, previewTableFile, readNumber, type Delimiter, type TextEncodingName } from '../data'
import { LearnwareError } from '../errors'
import { createRng } from '../math/rng'
import type { SkippedText, TextCollection } from './textCollection'

export interface TextTableOptions {
  /** Column holding the texts (default: the non-numeric column with the longest values). */
  column?: string
  /** Column whose values become `labels`. */
  labelColumn?: string
  /** Further columns returned as strings in `columns` (e.g. a document id for grouped splits). */
  keepColumns?: readonly string[]
  /** Keep at most this many texts, a seeded random sample kept in file order. */
  maxRows?: number
  seed?: number
  delimiter?: Delimiter
  hasHeader?: boolean
  textEncoding?: Exclude<TextEncodingName, 'js-string'>
  signal?: AbortSignal
}

interface CsvLayout {
  source: string
  delimiter: Delimiter
  hasHeader: boolean
  /** Column names by position, when known before parsing (from the preview). */
  names?: string[]
}

export async function loadTextTableFile(path: string, options: TextTableOptions = {}): Promise<TextCollection> {
  const preview = await previewTableFile(path, {
    rows: 0, delimiter: options.delimiter, hasHeader: options.hasHeader, textEncoding: options.textEncoding, signal: options.signal
  })
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (cause) {
    throw new LearnwareError('IO_READ_FAILED', `${preview.source}: cannot be read`, { cause })
  }
  const layout: CsvLayout = {
    source: preview.source,
    delimiter: preview.format.delimiter,
    hasHeader: preview.format.hasHeader,
    names: preview.columns.map((c) => c.name)
  }
  const encoding = preview.format.textEncoding === 'latin1' ? 'windows-1252' : preview.format.textEncoding
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && bytes.subarray(0, 65536).includes(0)) throw notText(preview.source)
  let text: string
  const notes: string[] = []
  try {
    text = new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes)
    notes.push(`${preview.source} is not valid UTF-8 throughout; it was read as Windows-1252.`)
  }
  if (options.signal?.aborted) throw new LearnwareError('CANCELLED', `Loading ${preview.source} was cancelled`)
  const collection = collectTexts(text, layout, options)
  collection.notes.unshift(...notes)
  return collection
}

/**
 * Small in-memory CSVs (pasted text, tests). A header is assumed; the delimiter is the candidate seen most
 * often in it (a header line rarely holds quotes, unlike the texts below it).
 */
export function parseTextTable(input: string, options: TextTableOptions & { source?: string } = {}): TextCollection {
  const source = options.source ?? '<text>'
  if (input.includes('\u0000')) throw notText(source)
  const delimiter = options.delimiter ?? headerDelimiter(input)
  return collectTexts(input, { source, delimiter, hasHeader: options.hasHeader ?? true }, options)
}

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|']

function headerDelimiter(text: string): Delimiter {
  const header = text.slice(0, text.search(/\r?\n|$/))
  const counts = DELIMITERS.map((d) => header.split(d).length - 1)
  const best = counts.indexOf(Math.max(...counts))
  return counts[best] > 0 ? DELIMITERS[best] : ','
}

function collectTexts(text: string, layout: CsvLayout, options: TextTableOptions): TextCollection {
  const records = parseRecords(text, layout)
  const header = layout.hasHeader ? records.shift() ?? [] : []
  const width = Math.max(header.length, layout.names?.length ?? 0, records[0]?.length ?? 0)
  const names = layout.names ?? Array.from({ length: width }, (_, i) => (header[i]?.trim() || `column ${i + 1}`))
  const notes: string[] = []
  const textIndex = options.column === undefined ? guessTextColumn(records, names, layout.source) : columnIndex(names, options.column, layout.source)
  if (options.column === undefined) notes.push(`Texts are taken from column "${names[textIndex]}" (the column with the longest values).`)
  const labelIndex = options.labelColumn === undefined ? -1 : columnIndex(names, options.labelColumn, layout.source)
  const kept = (options.keepColumns ?? []).map((name) => ({ name, index: columnIndex(names, name, layout.source) }))

  const texts: string[] = []
  const origins: string[] = []
  const rowsUsed: number[] = []
  const skipped: SkippedText[] = []
  records.forEach((record, n) => {
    const origin = `row ${n + 1}`
    const value = record[textIndex]
    if (value === undefined) skipped.push({ origin, reason: `it has ${record.length} fields, so no "${names[textIndex]}"` })
    else if (value.trim() === '') skipped.push({ origin, reason: 'the text is empty' })
    else {
      texts.push(value)
      origins.push(origin)
      rowsUsed.push(n)
    }
  })
  if (texts.length === 0) {
    throw new LearnwareError('DATA_EMPTY', `${layout.source}: column "${names[textIndex]}" holds no text`, {
      hint: skipped.length > 0 ? `First problem: ${skipped[0].origin}: ${skipped[0].reason}` : 'The file has no data rows.'
    })
  }
  const keep = sampleRows(texts.length, options.maxRows, options.seed ?? 0)
  if (keep.length < texts.length) notes.push(`${keep.length} of ${texts.length} texts were kept (a random sample, seed ${options.seed ?? 0}).`)
  const pick = <T>(values: T[]): T[] => keep.map((i) => values[i])
  const cell = (index: number) => (i: number): string => records[rowsUsed[i]][index] ?? ''
  return {
    source: layout.source,
    texts: pick(texts),
    labels: labelIndex < 0 ? null : keep.map(cell(labelIndex)),
    origins: pick(origins),
    columns: Object.fromEntries(kept.map(({ name, index }) => [name, keep.map(cell(index))])),
    skipped,
    notes
  }
}

function parseRecords(text: string, layout: CsvLayout): string[][] {
  const parsed = Papa.parse<string[]>(text, { delimiter: layout.delimiter, skipEmptyLines: 'greedy' })
  const unclosed = parsed.errors.find((e) => e.code === 'MissingQuotes')
  if (unclosed) {
    const row = (unclosed.row ?? 0) + (layout.hasHeader ? 0 : 1)
    throw new LearnwareError('DATA_UNCLOSED_QUOTE', `${layout.source}: a quoted field opened in data row ${row} never closes`, {
      hint: 'Check that quotes inside texts are doubled ("") as CSV requires.'
    })
  }
  return parsed.data
}

function columnIndex(names: readonly string[], name: string, source: string): number {
  const index = names.indexOf(name)
  if (index < 0) {
    throw new LearnwareError('DATA_UNKNOWN_COLUMN', `${source}: no column named "${name}"`, { hint: `Columns are: ${names.join(', ')}` })
  }
  return index
}

/** The non-numeric column with the longest mean value over the first rows. */
function guessTextColumn(records: readonly string[][], names: readonly string[], source: string): number {
  const sample = records.slice(0, 1000)
  let best = -1
  let bestLength = 0
  names.forEach((_, column) => {
    let numbers = 0
    let filled = 0
    let length = 0
    for (const record of sample) {
      const value = record[column]
      if (isMissingCell(value)) continue
      filled++
      length += value.length
      if (!Number.isNaN(readNumber(value))) numbers++
    }
    if (filled === 0 || numbers > filled / 2) return
    if (length / filled > bestLength) {
      best = column
      bestLength = length / filled
    }
  })
  if (best < 0) {
    throw new LearnwareError('DATA_NO_TEXT_COLUMN', `${source}: no column holds text`, {
      hint: `Name the text column. Columns are: ${names.join(', ')}`
    })
  }
  return best
}

/** Indices to keep, ascending: all of them, or a seeded sample of `maxRows`. */
function sampleRows(count: number, maxRows: number | undefined, seed: number): number[] {
  const all = Array.from({ length: count }, (_, i) => i)
  if (maxRows === undefined || maxRows >= count) return all
  const chosen = createRng(seed).shuffle(all).slice(0, Math.max(0, Math.floor(maxRows)))
  return chosen.sort((a, b) => a - b)
}

function notText(source: string): LearnwareError {
  return new LearnwareError('IO_READ_FAILED', `${source} is not a text file (it contains NUL bytes)`, {
    hint: 'Choose a CSV file saved as text, e.g. UTF-8.'
  })
}
