/**
 * Seeded splits of a user's labelled table into a labelled budget (what the user would label) and held-out
 * rows (where methods are scored). Each repeat draws one ordering of the usable rows; the labelled rows are a
 * prefix of it, so the labelled sets of a learning curve are nested (100 labels = the 30 plus 70 more) and
 * curve points differ only by the labels added, not by a fresh draw.
 *
 * For classification the ordering is stratified: one row of every class first (so any budget ≥ the class
 * count sees every class, which the trainers need), then rows interleaved so each prefix holds the classes
 * in their proportions, ±1 row. Rows without a target (code −1, NaN value) are never used.
 *
 * Example:
 *   const order = splitOrders(table.target, { repeats: 5, seed: 0 })     // one Uint32Array per repeat
 *   const { labelled, heldOut } = splitAt(order[0], 100)                  // row indices into the table
 *   const curve = splitAt(order[0], 30, maxLabelledRows)                   // held-out rows shared by all sizes
 */

import type { TargetColumn } from '../data'
import { LearnwareError } from '../errors'
import { createRng, type Rng } from '../math/rng'

export interface SplitOrderOptions {
  repeats: number
  seed: number
}

export interface LabelledSplit {
  /** Row indices (into the table) the method may learn from. */
  labelled: Uint32Array
  /** Row indices it is scored on. */
  heldOut: Uint32Array
}

/** Rows whose target is present, in table order. */
export function rowsWithTarget(target: TargetColumn): Uint32Array {
  const rows: number[] = []
  if (target.task === 'classification') {
    const codes = target.codes!
    for (let r = 0; r < codes.length; r++) if (codes[r] >= 0) rows.push(r)
  } else {
    const values = target.values!
    for (let r = 0; r < values.length; r++) if (Number.isFinite(values[r])) rows.push(r)
  }
  return Uint32Array.from(rows)
}

/** One seeded ordering of the usable rows per repeat (stratified for classification). */
export function splitOrders(target: TargetColumn, options: SplitOrderOptions): Uint32Array[] {
  const usable = rowsWithTarget(target)
  return Array.from({ length: options.repeats }, (_, repeat) => {
    // one generator per repeat, so repeat r is the same whatever the number of repeats
    const rng = createRng(mixSeed(options.seed, repeat))
    return target.task === 'classification' ? stratifiedOrder(usable, target.codes!, rng) : rng.shuffle(usable.slice())
  })
}

/**
 * The first `labelledRows` of an ordering are labelled; held out are the rows after `heldOutFrom` (default:
 * right after the labelled ones). A learning curve passes its largest size, so every size is scored on the
 * same rows.
 */
export function splitAt(order: Uint32Array, labelledRows: number, heldOutFrom = labelledRows): LabelledSplit {
  if (labelledRows > heldOutFrom || heldOutFrom >= order.length) {
    throw new RangeError(`cannot label ${labelledRows} and hold out rows from ${heldOutFrom} of ${order.length}`)
  }
  return { labelled: order.slice(0, labelledRows), heldOut: order.slice(heldOutFrom) }
}

/** Rows kept for scoring at the least: a tenth of the usable rows, and never fewer than 10 (or all but 2). */
export function minimumHeldOut(usableRows: number): number {
  return Math.min(Math.max(10, Math.ceil(usableRows / 10)), Math.max(1, usableRows - 2))
}

/** The largest labelled budget that leaves `minimumHeldOut` rows to score on. */
export function maxLabelledRows(usableRows: number): number {
  return usableRows - minimumHeldOut(usableRows)
}

/** Checks a requested budget against the table; USAGE names the usable row count when it cannot be met. */
export function checkLabelledBudget(requested: number, usableRows: number, source: string): void {
  if (!Number.isInteger(requested) || requested < 2) {
    throw new LearnwareError('USAGE', `labelled rows must be a whole number ≥ 2 (got ${requested})`)
  }
  const max = maxLabelledRows(usableRows)
  if (requested > max) {
    throw new LearnwareError('USAGE', `${source}: ${requested} labelled rows leave too few to score on (${usableRows} rows have a target)`, {
      hint: `Use at most ${Math.max(0, max)} labelled rows, so at least ${minimumHeldOut(usableRows)} are held out.`
    })
  }
}

/**
 * Stratified ordering: each class's rows are shuffled and given keys (rank + u)/count with one random
 * offset u per class; sorting by key interleaves the classes in proportion. The first row of every class
 * goes to the front (in random class order) so small budgets still see every class.
 */
function stratifiedOrder(usable: Uint32Array, codes: Int32Array, rng: Rng): Uint32Array {
  const byClass = new Map<number, number[]>()
  for (const row of usable) {
    const list = byClass.get(codes[row])
    if (list) list.push(row)
    else byClass.set(codes[row], [row])
  }
  const firsts: number[] = []
  const keyed: { row: number; key: number }[] = []
  for (const code of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byClass.get(code)!)
    const offset = rng.next()
    firsts.push(rows[0])
    for (let i = 1; i < rows.length; i++) keyed.push({ row: rows[i], key: (i + offset) / rows.length })
  }
  keyed.sort((a, b) => a.key - b.key || a.row - b.row)
  const order = new Uint32Array(usable.length)
  order.set(rng.shuffle(firsts))
  keyed.forEach(({ row }, i) => (order[firsts.length + i] = row))
  return order
}

function mixSeed(seed: number, repeat: number): number {
  return (Math.imul(Math.floor(seed) >>> 0, 0x9e3779b1) + Math.imul(repeat + 1, 0x85ebca6b)) >>> 0
}
