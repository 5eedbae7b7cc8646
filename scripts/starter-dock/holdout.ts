/**
 * The held-out part of each source data set, split off before any learnware is trained: a seeded, stratified
 * 20 % that no learnware ever sees. User tasks and the held-out scores in the descriptions come from it only.
 * Classification data is stratified by class; regression data by target quintile, so both halves cover the
 * whole range of the target.
 *
 * Example:
 *   const { pool, heldOut } = stratifiedHoldout(strataOf(source), 0.2, 11)
 *   pool.length + heldOut.length === source.rows   // disjoint, each sorted ascending
 */

import { createRng } from '../../src/engine/math/rng'
import type { SourceData } from './sourceData'

export interface Holdout {
  /** Rows learnwares may be trained on, ascending. */
  pool: number[]
  /** Rows kept for user tasks and evaluation, ascending. */
  heldOut: number[]
}

/** Per stratum, a seeded shuffle; the first round(fraction · size) rows are held out. */
export function stratifiedHoldout(strata: Int32Array, fraction: number, seed: number): Holdout {
  const rng = createRng(seed)
  const byStratum = new Map<number, number[]>()
  strata.forEach((stratum, row) => {
    const rows = byStratum.get(stratum) ?? []
    rows.push(row)
    byStratum.set(stratum, rows)
  })
  const pool: number[] = []
  const heldOut: number[] = []
  for (const stratum of [...byStratum.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byStratum.get(stratum)!)
    const cut = Math.round(fraction * rows.length)
    heldOut.push(...rows.slice(0, cut))
    pool.push(...rows.slice(cut))
  }
  return { pool: pool.sort((a, b) => a - b), heldOut: heldOut.sort((a, b) => a - b) }
}

/** Class per row for classification; target quintile (by rank, ties by row order) for regression. */
export function strataOf(source: SourceData, quantiles = 5): Int32Array {
  if (source.labels) return source.labels
  const targets = source.targets!
  const order = Array.from(targets, (_, row) => row).sort((a, b) => targets[a] - targets[b] || a - b)
  const strata = new Int32Array(source.rows)
  order.forEach((row, rank) => { strata[row] = Math.floor((rank * quantiles) / source.rows) })
  return strata
}
