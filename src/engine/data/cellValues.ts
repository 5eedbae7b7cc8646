/**
 * How one CSV cell is read: what counts as missing, what counts as a number, and the one order used for
 * categories everywhere. These run once per cell on files with tens of millions of cells, so they avoid
 * regular expressions and allocation on the common path.
 *
 * Example:
 *   readNumber(' -.5 ')   // -0.5
 *   readNumber('inf')     // Infinity
 *   readNumber('N/A')     // NaN, and isMissingCell('N/A') === true
 *   ['10', 'b', '9', 'a'].sort(compareCategories)   // ['9', '10', 'a', 'b']
 */

/** Markers read as missing, compared trimmed and lower-cased. Kept short: the longest is 4 characters. */
export const MISSING_MARKERS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', '?']
const MISSING_SET = new Set(MISSING_MARKERS)
const LONGEST_MARKER = 4

export function isMissingCell(cell: string | undefined): boolean {
  if (cell === undefined) return true
  if (cell.length > LONGEST_MARKER && !isSpace(cell.charCodeAt(0)) && !isSpace(cell.charCodeAt(cell.length - 1))) {
    return false
  }
  const trimmed = cell.trim()
  return trimmed.length <= LONGEST_MARKER && MISSING_SET.has(trimmed.toLowerCase())
}

/**
 * The number in a cell, or NaN when there is none (missing or not a number — ask `isMissingCell` to tell
 * them apart). Accepts what `Number()` accepts for decimals (spaces around, `1e-3`, `-.5`, `5.`,
 * `Infinity`) plus `inf`/`-inf` in any case; rejects hex/binary/octal literals, which `Number()` would take.
 */
export function readNumber(cell: string | undefined): number {
  if (cell === undefined || cell.length === 0) return NaN
  const value = +cell
  if (value === value) {
    if (value === 0 && isBlank(cell)) return NaN
    if (hasRadixPrefix(cell)) return NaN
    return value
  }
  return readInfinityWord(cell)
}

/** True when `readNumber` finds a number (±Infinity included). */
export function isNumberCell(cell: string | undefined): boolean {
  return !Number.isNaN(readNumber(cell))
}

/**
 * Category order: cells that are numbers first, by value (so '9' < '10'), then the rest by UTF-16 code
 * units — not `localeCompare`, whose result depends on the machine's locale. A total order, so codes do
 * not depend on row order or on where the encoding is applied.
 */
export function compareCategories(a: string, b: string): number {
  const x = readNumber(a)
  const y = readNumber(b)
  const aIsNumber = x === x
  const bIsNumber = y === y
  if (aIsNumber !== bIsNumber) return aIsNumber ? -1 : 1
  if (aIsNumber && x !== y) return x < y ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A copy of `text` that does not share memory with the CSV chunk it was cut from. V8 keeps long
 * substrings as views into their parent, so storing one category name would keep a whole megabyte chunk
 * alive; across a 500 MB file that is the whole file. Short strings are copied by V8 already.
 */
export function detachString(text: string): string {
  if (text.length < 13) return text
  return Buffer.from(text, 'utf8').toString('utf8')
}

function readInfinityWord(cell: string): number {
  const word = cell.trim().toLowerCase()
  if (word === 'inf' || word === '+inf') return Infinity
  if (word === '-inf') return -Infinity
  return NaN
}

function hasRadixPrefix(cell: string): boolean {
  let i = 0
  while (i < cell.length && isSpace(cell.charCodeAt(i))) i++
  if (cell.charCodeAt(i) !== 48 /* 0 */ || i + 1 >= cell.length) return false
  const next = cell.charCodeAt(i + 1) | 32 // lower-case ASCII letters
  return next === 120 /* x */ || next === 98 /* b */ || next === 111 /* o */
}

function isBlank(cell: string): boolean {
  for (let i = 0; i < cell.length; i++) if (!isSpace(cell.charCodeAt(i))) return false
  return true
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff
}
