/**
 * Guesses a CSV's dialect from its first lines: the line ending, the delimiter among `,` `;` tab `|`,
 * and whether the first row holds column names. Excel writes `;` where the decimal mark is a comma and tabs
 * for "Unicode text"; a user loading a file should not need to know which they have.
 *
 * Example:
 *   const { delimiter, newline } = sniffDialect('a;b\r\n1;2\r\n')   // ';', '\r\n'
 *   sniffHeader(['a', 'b'], [['1', '2']])                              // true
 */

import Papa from 'papaparse'
import { isMissingCell, isNumberCell } from './cellValues'
import type { Delimiter, TableFormat } from './types'

export const DELIMITER_CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|']
const SNIFF_RECORDS = 100
/** Characters of the file's start that the dialect is guessed from. */
export const SNIFF_CHARS = 64 * 1024

export interface Dialect {
  delimiter: Delimiter
  newline: TableFormat['newline']
  detectedDelimiter: boolean
}

/** Line ending and delimiter of a text, from its first `SNIFF_CHARS` characters. */
export function sniffDialect(text: string, delimiter?: Delimiter): Dialect {
  const sample = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text
  const newline = sniffNewline(sample)
  return { newline, delimiter: delimiter ?? sniffDelimiter(sample, newline), detectedDelimiter: delimiter === undefined }
}

/** The first line ending in the text; '\n' when there is none. */
export function sniffNewline(sample: string): TableFormat['newline'] {
  const lf = sample.indexOf('\n')
  const cr = sample.indexOf('\r')
  if (cr === -1) return '\n'
  if (lf === cr + 1) return '\r\n'
  if (lf === -1 || cr < lf) return '\r'
  return '\n'
}

/**
 * The candidate that splits the sample into the most consistent field counts; among candidates almost
 * as consistent as the best, the one giving more fields. The header counts too, which is what tells
 * `1,5;2,5` (semicolons, decimal commas) from a comma file when the header reads `a;b`.
 */
export function sniffDelimiter(sample: string, newline: TableFormat['newline']): Delimiter {
  let best: { delimiter: Delimiter; consistency: number; fields: number } | undefined
  const scored = DELIMITER_CANDIDATES.map((delimiter) => ({ delimiter, ...scoreDelimiter(sample, newline, delimiter) }))
  const splitting = scored.filter((s) => s.fields > 1)
  if (splitting.length === 0) return ','
  const topConsistency = Math.max(...splitting.map((s) => s.consistency))
  for (const s of splitting) {
    if (s.consistency < topConsistency - 0.1) continue
    if (!best || s.fields > best.fields) best = s
  }
  return best!.delimiter
}

function scoreDelimiter(sample: string, newline: TableFormat['newline'], delimiter: Delimiter) {
  const parser = new Papa.Parser({ delimiter, newline, preview: SNIFF_RECORDS })
  const records = (parser.parse(sample, 0, true).data as string[][]).filter((r) => !(r.length === 1 && r[0] === ''))
  if (records.length === 0) return { consistency: 0, fields: 0 }
  const counts = new Map<number, number>()
  for (const record of records) counts.set(record.length, (counts.get(record.length) ?? 0) + 1)
  let fields = 0
  let agreeing = 0
  for (const [count, times] of counts) {
    if (times > agreeing || (times === agreeing && count > fields)) [fields, agreeing] = [count, times]
  }
  return { consistency: agreeing / records.length, fields }
}

/**
 * Whether `first` is a header, judged against the rows below it. A row of nothing but numbers and missing
 * markers is data. Otherwise a column whose body is all numbers votes "header" when its first cell is a
 * word and "data" when it is a number (an empty first cell, as pandas writes above its index, abstains).
 * With no vote, the first row is a header when its cells are distinct, not all empty, and never occur
 * below — or when there is nothing below to compare with.
 */
export function sniffHeader(first: readonly string[], body: readonly (readonly string[])[]): boolean {
  if (first.every((cell) => isNumberCell(cell) || isMissingCell(cell))) return false
  let headerVotes = 0
  let dataVotes = 0
  let numericColumns = 0
  for (let c = 0; c < first.length; c++) {
    if (!isNumericBody(body, c)) continue
    numericColumns++
    if (isMissingCell(first[c])) continue
    if (isNumberCell(first[c])) dataVotes++
    else headerVotes++
  }
  if (numericColumns > 0 && headerVotes + dataVotes > 0) return headerVotes >= dataVotes
  return body.length === 0 || looksLikeNames(first, body)
}

function isNumericBody(body: readonly (readonly string[])[], column: number): boolean {
  let seen = 0
  for (const record of body) {
    const cell = record[column]
    if (isMissingCell(cell)) continue
    if (!isNumberCell(cell)) return false
    seen++
  }
  return seen > 0
}

function looksLikeNames(first: readonly string[], body: readonly (readonly string[])[]): boolean {
  const names = first.map((cell) => cell.trim())
  const given = names.filter((name) => name !== '')
  if (given.length === 0 || new Set(given).size !== given.length) return false
  for (const record of body) {
    for (let c = 0; c < names.length; c++) if (names[c] !== '' && record[c]?.trim() === names[c]) return false
  }
  return true
}
