/**
 * Gram matrices and weighted kernel sums of the NNGP kernel over image sets — what the image RKME's inner
 * product, MMD² and β step need. Mirrors the reference's two calls: `kernel_fn(Z)` for a set with itself
 * (`same`: symmetric, diagonal from the variance path) and `kernel_fn(Z1, Z2)` for two sets (every entry
 * from the pair path, even where two specs share an image).
 *
 * Example:
 *   const gram = nngpGram(setA, setB, false)                  // K_a × K_b, row-major
 *   const inner = nngpWeightedSum(setA, betaA, setB, betaB, false)   // Σ_ij βa_i βb_j k(a_i, b_j)
 */

import { LearnwareError } from '../../errors'
import type { NngpImageSet } from './nngpImages'
import { createNngpScratch, nngpPairReference, type NngpScratch } from './nngpPair'
import { exactNngpKernel } from './nngpWasm'
import type { NngpPool } from './nngpPool'

/** k(a_i, b_j) for one pair (with `same`, i = j gives the diagonal rule's value). */
export function nngpPair(a: NngpImageSet, i: number, b: NngpImageSet, j: number, same: boolean, scratch: NngpScratch): number {
  if (same && i === j) return a.selfKernel[i]
  return a.arithmetic === 'reference'
    ? nngpPairReference(a, i, b, j, a.channels, scratch)
    : exactNngpKernel().pair(a, i, b, j)
}

/** The Gram matrix K(A, B), count_a × count_b row-major; with `same` only i ≤ j is computed and mirrored. */
export function nngpGram(a: NngpImageSet, b: NngpImageSet, same: boolean): Float64Array {
  assertCompatible(a, b)
  const scratch = createNngpScratch()
  const out = new Float64Array(a.count * b.count)
  for (let i = 0; i < a.count; i++) {
    for (let j = same ? i : 0; j < b.count; j++) out[i * b.count + j] = nngpPair(a, i, b, j, same, scratch)
  }
  if (same) for (let i = 0; i < a.count; i++) for (let j = 0; j < i; j++) out[i * b.count + j] = out[j * b.count + i]
  return out
}

/** Entries of a Gram matrix computed so far (kept between calls for image sets seen before). */
export interface PartialGram {
  values: Float64Array
  known: Uint8Array
}

export function createPartialGram(rows: number, cols: number): PartialGram {
  return { values: new Float64Array(rows * cols), known: new Uint8Array(rows * cols) }
}

export interface WeightedSumOptions {
  /** Reuse and extend these Gram entries (must belong to the same two sets and `same` flag). */
  gram?: PartialGram
  /** Skip pairs whose bounded total is below this fraction of the sum's scale (default 1e-13; 0 = none). */
  relativeTolerance?: number
}

/**
 * Σ_i Σ_j βa_i βb_j k(a_i, b_j), summed in the reference's order (row-major over the Gram matrix).
 * Pairs whose weight |βa_i βb_j| is so small that all of them together cannot move the sum by more
 * than `relativeTolerance` of its scale are skipped: by Cauchy–Schwarz |k(a_i, b_j)| ≤ √(k(a_i,a_i)·k(b_j,b_j)),
 * so the skipped pairs' total is bounded without computing them. Beimingwu's β have many entries ~1e-9,
 * and products of two of them never matter.
 */
export function nngpWeightedSum(
  a: NngpImageSet, betaA: ArrayLike<number>, b: NngpImageSet, betaB: ArrayLike<number>, same: boolean,
  options: WeightedSumOptions = {}
): number {
  const gram = options.gram ?? createPartialGram(a.count, b.count)
  const needed = pairsToCompute(a, betaA, b, betaB, same, gram, options.relativeTolerance)
  const cols = b.count
  const scratch = createNngpScratch()
  for (let p = 0; p < needed.length; p++) {
    if (needed[p]) gram.values[p] = nngpPair(a, Math.floor(p / cols), b, p % cols, same, scratch)
  }
  return sumKnown(gram, needed, same, a.count, cols, betaA, betaB)
}

/** The same sum with the Gram entries computed on a worker pool (bit-identical result); the pool is only requested when entries are missing. */
export async function nngpWeightedSumOnPool(
  pool: () => NngpPool, a: NngpImageSet, betaA: ArrayLike<number>, b: NngpImageSet, betaB: ArrayLike<number>, same: boolean,
  options: WeightedSumOptions = {}
): Promise<number> {
  const gram = options.gram ?? createPartialGram(a.count, b.count)
  const needed = pairsToCompute(a, betaA, b, betaB, same, gram, options.relativeTolerance)
  if (needed.some((v) => v === 1)) {
    const values = await pool().gram(a, b, same, needed)
    for (let p = 0; p < needed.length; p++) if (needed[p]) gram.values[p] = values[p]
  }
  return sumKnown(gram, needed, same, a.count, b.count, betaA, betaB)
}

/**
 * Pairs still to compute: not known yet, and not negligible. With `same` only j ≥ i is marked (the
 * caller mirrors).
 */
function pairsToCompute(
  a: NngpImageSet, betaA: ArrayLike<number>, b: NngpImageSet, betaB: ArrayLike<number>, same: boolean,
  gram: PartialGram, relativeTolerance = 1e-13
): Uint8Array {
  assertCompatible(a, b)
  const skip = negligiblePairs(a, betaA, b, betaB, relativeTolerance)
  const cols = b.count
  const needed = new Uint8Array(a.count * cols)
  for (let i = 0; i < a.count; i++) {
    for (let j = same ? i : 0; j < cols; j++) {
      const p = i * cols + j
      if (!gram.known[p] && !(skip[p] && (!same || skip[j * cols + i]))) needed[p] = 1
    }
  }
  return needed
}

/** Marks the newly computed entries known (mirroring when `same`) and sums Σ βa_i βb_j K_ij over known entries. */
function sumKnown(
  gram: PartialGram, computed: Uint8Array, same: boolean, rows: number, cols: number,
  betaA: ArrayLike<number>, betaB: ArrayLike<number>
): number {
  const { values, known } = gram
  for (let p = 0; p < computed.length; p++) {
    if (!computed[p]) continue
    known[p] = 1
    if (same) {
      const mirror = (p % cols) * cols + Math.floor(p / cols)
      values[mirror] = values[p]
      known[mirror] = 1
    }
  }
  let total = 0
  for (let i = 0; i < rows; i++) {
    let row = 0
    for (let j = 0; j < cols; j++) if (known[i * cols + j]) row += values[i * cols + j] * (betaA[i] * betaB[j])
    total += row
  }
  return total
}

/**
 * Marks the pairs, smallest bound first, whose bounds |βa_i βb_j|·√(k_ii k_jj) add up to at most
 * `relativeTolerance` × Σ of all bounds.
 */
function negligiblePairs(a: NngpImageSet, betaA: ArrayLike<number>, b: NngpImageSet, betaB: ArrayLike<number>, relativeTolerance: number): Uint8Array {
  const n = a.count * b.count
  const skip = new Uint8Array(n)
  if (!(relativeTolerance > 0)) return skip
  const bounds = new Float64Array(n)
  let totalBound = 0
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) {
      const bound = Math.abs(betaA[i] * betaB[j]) * Math.sqrt(a.selfKernel[i] * b.selfKernel[j])
      bounds[i * b.count + j] = bound
      totalBound += bound
    }
  }
  // The smallest bounds first, ties in index order: find how many fit under the budget from a sorted copy,
  // then mark them (a native typed-array sort instead of sorting 2,500 indices with a comparator).
  const budget = relativeTolerance * totalBound
  const sorted = Float64Array.from(bounds).sort()
  let count = 0
  let skipped = 0
  while (count < n && skipped + sorted[count] <= budget) skipped += sorted[count++]
  if (count === 0) return skip
  const threshold = sorted[count - 1]
  let atThreshold = 0
  for (let k = 0; k < count; k++) if (sorted[k] === threshold) atThreshold++
  for (let p = 0; p < n; p++) {
    if (bounds[p] < threshold) skip[p] = 1
    else if (bounds[p] === threshold && atThreshold > 0) { skip[p] = 1; atThreshold-- }
  }
  return skip
}

function assertCompatible(a: NngpImageSet, b: NngpImageSet): void {
  if (a.channels !== b.channels) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `Image sets with ${a.channels} and ${b.channels} channels cannot be compared`)
  }
  if (a.arithmetic !== b.arithmetic) throw new Error('NNGP image sets prepared with different arithmetic (a bug in the caller)')
}
