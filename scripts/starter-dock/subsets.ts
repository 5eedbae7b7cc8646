/**
 * Which rows a starter learnware is trained on, and which held-out rows belong to the same subset (its
 * evaluation rows and the rows of its user task). Two kinds, as in Beimingwu's benchmarks (reference §9.2):
 * a class mix — some classes, possibly unbalanced (0.4 : 0.4 : 0.1 : 0.1 as in its image benchmark) — and a
 * band — the rows whose value of one column lies in a range (cell-nucleus area, age …). Held-out rows of a class
 * mix keep the training shares, using as many held-out rows as those shares allow.
 *
 * Example:
 *   const subset: Subset = { kind: 'class-mix', shares: { 0: 0.4, 1: 0.4, 2: 0.1, 3: 0.1 }, trainingRows: 300 }
 *   selectRows(source, pool, subset, createRng(5))      // 120 + 120 + 30 + 30 rows, ascending
 *   selectRows(source, heldOut, subset, createRng(6))   // e.g. 36 + 36 + 9 + 9 held-out rows
 */

import { LearnwareError } from '../../src/engine/errors'
import type { Rng } from '../../src/engine/math/rng'
import { featureValue, type SourceData } from './sourceData'

export type Subset =
  | {
      kind: 'class-mix'
      /** Class value → share of the subset's rows. */
      shares: Readonly<Record<number, number>>
      /** Training rows drawn by the shares; omitted, every pool row of the listed classes is used. */
      trainingRows?: number
    }
  | {
      kind: 'band'
      /** Column whose value decides membership: min ≤ value < max. */
      column: string
      min?: number
      max?: number
    }

/** The rows among `candidates` that belong to the subset, ascending. */
export function selectRows(source: SourceData, candidates: readonly number[], subset: Subset, rng: Rng, role: 'training' | 'held-out'): number[] {
  if (subset.kind === 'band') {
    return candidates.filter((row) => {
      const value = featureValue(source, row, subset.column)
      return (subset.min === undefined || value >= subset.min) && (subset.max === undefined || value < subset.max)
    })
  }
  const classes = Object.keys(subset.shares).map(Number)
  const rowsByClass = new Map(classes.map((value) => [value, candidates.filter((row) => source.labels![row] === value)]))
  if (subset.trainingRows === undefined) return classes.flatMap((value) => rowsByClass.get(value)!).sort((a, b) => a - b)
  const counts = role === 'training' ? trainingCounts(subset.shares, subset.trainingRows) : largestCountsWithShares(subset.shares, rowsByClass)
  const chosen: number[] = []
  for (const value of classes) {
    const rows = rowsByClass.get(value)!
    const count = counts.get(value)!
    if (count > rows.length) {
      throw new LearnwareError('DATA_EMPTY', `${source.dataset.key}: class ${value} has ${rows.length} ${role} rows, the subset needs ${count}`)
    }
    chosen.push(...rng.shuffle([...rows]).slice(0, count))
  }
  return chosen.sort((a, b) => a - b)
}

function trainingCounts(shares: Readonly<Record<number, number>>, total: number): Map<number, number> {
  return new Map(Object.entries(shares).map(([value, share]) => [Number(value), Math.round(share * total)]))
}

/** The most rows per class that keep the shares: the scarcest class (relative to its share) sets the scale. */
function largestCountsWithShares(shares: Readonly<Record<number, number>>, rowsByClass: Map<number, number[]>): Map<number, number> {
  const entries = Object.entries(shares).map(([value, share]) => [Number(value), share] as const)
  const scale = Math.min(...entries.map(([value, share]) => rowsByClass.get(value)!.length / share))
  return new Map(entries.map(([value, share]) => [value, Math.floor(scale * share + 1e-9)]))
}

/** Class values a subset can contain (class mixes list them; bands contain whatever their rows hold). */
export function classesIn(source: SourceData, rows: readonly number[]): number[] {
  return [...new Set(rows.map((row) => source.labels![row]))].sort((a, b) => a - b)
}
