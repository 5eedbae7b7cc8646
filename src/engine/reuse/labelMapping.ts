/**
 * Which of the user's classes each learnware class means. A learnware trained elsewhere names its classes
 * its own way ("class 0", "digit 3", "Setosa"), and its class *indices* mean nothing to the user's labels,
 * so Single, Averaging, JobSelector and EnsemblePruning map every learnware class to a user class by name
 * before combining outputs. (Beimingwu simply assumes both sides use the same label indices.)
 *
 * The rule, one-to-one (a user class is claimed at most once), each step only for classes still unmatched:
 *   1. the same text;
 *   2. the same number (`1.0` ↔ `1`);
 *   3. the same loose key: NFKC, lower case, without whitespace, `_` and `-` (`Iris_Setosa` ↔ `iris setosa`);
 *   4. steps 1–3 again after stripping each side's common *word* prefix — the longest prefix shared by all of
 *      a list's names (at least two) that ends in a separator (space `_` `-` `:` `.` `/` `#`) or, ending in a
 *      letter, is followed by a digit in every name: `digit 3` ↔ `3`, `class0` ↔ `0`; `cat`/`car` keep "ca".
 * A learnware that names no classes gets `0`, `1`, … (`by: 'index'`), which match numeric user classes only.
 *
 * Example:
 *   matchClassNames(['digit 3', 'digit 5', 'digit 9'], ['3', '5', '7'])   // [0, 1, -1]
 *   const mapping = mapLearnwareClasses(shape, 3, ['setosa', 'versicolor', 'virginica'])
 *   mapping.unmapped   // learnware classes without a counterpart
 */

import { readNumber } from '../data'
import { LearnwareError } from '../errors'
import type { LearnwareInterface } from '../predict'
import type { LabelMapping } from './types'

type KeyOf = (name: string) => string | null

const byText: KeyOf = (name) => name
const byNumber: KeyOf = (name) => {
  const value = readNumber(name)
  return Number.isFinite(value) ? String(value) : null
}
const byLooseKey: KeyOf = (name) => {
  const key = name.normalize('NFKC').toLowerCase().replace(/[\s_-]+/gu, '')
  return key.length > 0 ? key : null
}

/** Per learnware class, the index of the user class with the same name (rule above), −1 when none. */
export function matchClassNames(learnwareClasses: readonly string[], userClasses: readonly string[]): number[] {
  const classMap = learnwareClasses.map(() => -1)
  const claimed = new Set<number>()
  const passes: [readonly string[], readonly string[]][] = [
    [learnwareClasses, userClasses],
    [stripCommonPrefix(learnwareClasses), stripCommonPrefix(userClasses)]
  ]
  for (const [ours, theirs] of passes) {
    for (const keyOf of [byText, byNumber, byLooseKey]) {
      const index = new Map<string, number[]>()
      theirs.forEach((name, u) => {
        const key = keyOf(name.trim())
        if (key !== null && !claimed.has(u)) index.set(key, [...(index.get(key) ?? []), u])
      })
      ours.forEach((name, c) => {
        if (classMap[c] >= 0) return
        const key = keyOf(name.trim())
        const u = key === null ? undefined : index.get(key)?.find((candidate) => !claimed.has(candidate))
        if (u === undefined) return
        classMap[c] = u
        claimed.add(u)
      })
    }
  }
  return classMap
}

/** The names without their common word prefix (unchanged when there is none, or fewer than two names). */
export function stripCommonPrefix(names: readonly string[]): string[] {
  if (names.length < 2) return [...names]
  let length = 0
  const shortest = Math.min(...names.map((n) => n.length))
  while (length < shortest && names.every((n) => n[length] === names[0][length])) length++
  for (let cut = length; cut > 0; cut--) {
    const last = names[0][cut - 1]
    const rests = names.map((n) => n.slice(cut))
    if (rests.some((rest) => rest.trim().length === 0)) continue
    if (/[\s_\-:./#]/u.test(last)) return rests.map((rest) => rest.trim())
    if (/\p{L}/u.test(last) && rests.every((rest) => /^\d/u.test(rest))) return rests
  }
  return [...names]
}

/**
 * How a learnware's classes map to the user's. `modelClassCount` is the width of the model's probabilities
 * (classes beyond the names it gives stay unmapped).
 */
export function mapLearnwareClasses(shape: LearnwareInterface, modelClassCount: number, userClasses: readonly string[]): LabelMapping {
  const named = shape.classNames
  const learnwareClasses = Array.from({ length: modelClassCount }, (_, c) => named?.[c] ?? String(c))
  const classMap = matchClassNames(learnwareClasses, userClasses)
  const covered = new Set(classMap)
  return {
    classMap,
    learnwareClasses,
    by: named ? 'name' : 'index',
    unmapped: learnwareClasses.filter((_, c) => classMap[c] < 0),
    uncovered: userClasses.filter((_, u) => !covered.has(u))
  }
}

/** REUSE_LABEL_MISMATCH when no class of the learnware means any of the user's classes. */
export function assertMappable(mapping: LabelMapping, learnwareLabel: string, userClasses: readonly string[]): void {
  if (mapping.classMap.some((u) => u >= 0)) return
  throw new LearnwareError(
    'REUSE_LABEL_MISMATCH',
    `${learnwareLabel}: none of its classes (${abbreviate(mapping.learnwareClasses)}) matches your classes (${abbreviate(userClasses)})`,
    {
      hint: 'Its predictions cannot be counted as votes for your classes. FeatureAugment can still use it: it learns from the learnware\'s raw outputs with your labelled rows and needs no class mapping.'
    }
  )
}

function abbreviate(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => JSON.stringify(n)).join(', ')
  return names.length > 8 ? `${shown}, …` : shown
}
