/**
 * Matching a user's columns to a learnware's inputs. A user's CSV rarely has the learnware's columns in the
 * same order, or spelled quite the same way ("Mean Radius" vs "mean_radius"), and feeding columns by position
 * when they are shuffled gives confident nonsense. So when both sides have names we match by name, first
 * exactly, then ignoring case, spaces, `_`, `-` and `.`, and report what matched, what is missing and what
 * the learnware does not use; only when there are no usable names do we fall back to the user's order.
 *
 * Example:
 *   alignColumns(['alcohol', 'malic_acid', 'ash'], ['Ash', 'Alcohol', 'colour'])
 *   // { by: 'name', matched: [{ input: 'alcohol', column: 'Alcohol' }, { input: 'ash', column: 'Ash' }],
 *   //   missing: ['malic_acid'], extra: ['colour'], sourceColumns: [1, -1, 0] }
 *   alignByPosition(3, ['a', 'b', 'c']).matched[0]   // { input: 'input 0', column: 'a' }
 */

export interface ColumnMatch {
  /** The learnware's input name. */
  input: string
  /** The user's column it reads from. */
  column: string
}

export interface ColumnAlignment {
  /** How columns were matched: by their names, or by the user's column order. */
  by: 'name' | 'position'
  matched: ColumnMatch[]
  /** Learnware inputs no user column provides. */
  missing: string[]
  /** User columns the learnware does not use, in the user's order. */
  extra: string[]
  /** Per learnware input, in model order: index of the user's feature column, −1 when missing. */
  sourceColumns: number[]
}

/** The key two names must share to match loosely: NFKC, lower case, without whitespace, `_`, `-` and `.`. */
export function normalizeColumnName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s_.\-]+/gu, '')
}

/** Matches by name: exact names first, then loose keys (each user column is used at most once, first come first served). */
export function alignColumns(learnwareInputNames: readonly string[], userFeatureNames: readonly string[]): ColumnAlignment {
  const sourceColumns = learnwareInputNames.map(() => -1)
  const used = new Set<number>()
  const claim = (i: number, column: number): void => {
    sourceColumns[i] = column
    used.add(column)
  }
  learnwareInputNames.forEach((input, i) => {
    const column = userFeatureNames.findIndex((name, c) => !used.has(c) && name === input)
    if (column >= 0) claim(i, column)
  })
  const looseIndex = new Map<string, number[]>()
  userFeatureNames.forEach((name, c) => {
    if (used.has(c)) return
    const key = normalizeColumnName(name)
    looseIndex.set(key, [...(looseIndex.get(key) ?? []), c])
  })
  learnwareInputNames.forEach((input, i) => {
    if (sourceColumns[i] >= 0) return
    const key = normalizeColumnName(input)
    const column = key.length > 0 ? looseIndex.get(key)?.find((c) => !used.has(c)) : undefined
    if (column !== undefined) claim(i, column)
  })
  return describe('name', learnwareInputNames, userFeatureNames, sourceColumns, used)
}

/** Input i reads user column i; unnamed inputs are called `input 0`, `input 1` … (Input.Description's keys). */
export function alignByPosition(learnwareInputs: readonly string[] | number, userFeatureNames: readonly string[]): ColumnAlignment {
  const inputs = typeof learnwareInputs === 'number' ? Array.from({ length: learnwareInputs }, (_, i) => `input ${i}`) : learnwareInputs
  const sourceColumns = inputs.map((_, i) => (i < userFeatureNames.length ? i : -1))
  return describe('position', inputs, userFeatureNames, sourceColumns, new Set(sourceColumns.filter((c) => c >= 0)))
}

function describe(
  by: ColumnAlignment['by'],
  inputs: readonly string[],
  userFeatureNames: readonly string[],
  sourceColumns: number[],
  used: ReadonlySet<number>
): ColumnAlignment {
  return {
    by,
    matched: inputs.flatMap((input, i) => (sourceColumns[i] >= 0 ? [{ input, column: userFeatureNames[sourceColumns[i]] }] : [])),
    missing: inputs.filter((_, i) => sourceColumns[i] < 0),
    extra: userFeatureNames.filter((_, c) => !used.has(c)),
    sourceColumns
  }
}
