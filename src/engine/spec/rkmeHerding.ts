/**
 * Kernel herding: draws T synthetic rows that together imitate the distribution an RKME describes, without
 * any of the original data. The checker probes a learnware's model with them (realistic inputs instead of
 * random normals) and the JobSelector reuser trains its router on them. Follows the reference (§3.5):
 * 100·T candidates around reduced-set points chosen ∝ β with N(z_i, 0.25²I) noise, then greedy herding
 * argmax_x (t+1)·f(x) − Σ_{s<t} k(S_s, x) with f(x) = Σ_j β_j k(z_j, x). Unlike the reference, β is not
 * clamped in place (the spec is never mutated), and the result is seeded.
 *
 * Example:
 *   const rows = herdRkmeTable(spec, 10, { seed: 0 })    // Float64Array 10 × spec.featuresPerRow
 */

import { createRng } from '../math/rng'
import type { RkmeTableSpec } from './rkmeTable'

export interface HerdingOptions {
  seed?: number
  /** Candidates per requested sample (reference: 100). */
  candidatesPerSample?: number
  /** Standard deviation of the candidate noise (reference: 0.25). */
  noise?: number
  /**
   * At most this many candidate values (candidates × columns, default 2·10⁶ = 16 MB): every herding step
   * reads all candidates, so wide rows (784 image pixels) with 100 candidates a sample would stream hundreds
   * of MB per step from memory. Tables of up to ~100 columns never reach it.
   */
  maxCandidateValues?: number
}

const MAX_CANDIDATE_VALUES = 2_000_000

export function herdRkmeTable(spec: RkmeTableSpec, samples: number, options: HerdingOptions = {}): Float64Array {
  const d = spec.featuresPerRow
  const rng = createRng(options.seed ?? 0)
  const requested = samples * (options.candidatesPerSample ?? 100)
  const candidateCount = Math.max(samples, Math.min(requested, Math.floor((options.maxCandidateValues ?? MAX_CANDIDATE_VALUES) / Math.max(1, d))))
  const candidates = drawCandidates(spec, candidateCount, options.noise ?? 0.25, rng)
  const distances = new Float64Array(candidateCount)
  const attraction = new Float64Array(candidateCount)
  for (let j = 0; j < spec.k; j++) {
    squaredDistances(spec.z, j * d, candidates, candidateCount, d, distances)
    for (let c = 0; c < candidateCount; c++) attraction[c] += spec.beta[j] * Math.exp(-spec.gamma * distances[c])
  }
  const repulsion = new Float64Array(candidateCount)
  const chosen = new Float64Array(samples * d)
  for (let t = 0; t < samples; t++) {
    let best = 0
    let bestScore = -Infinity
    for (let c = 0; c < candidateCount; c++) {
      const score = (t + 1) * attraction[c] - repulsion[c]
      if (score > bestScore) { bestScore = score; best = c }
    }
    chosen.set(candidates.subarray(best * d, best * d + d), t * d)
    squaredDistances(candidates, best * d, candidates, candidateCount, d, distances)
    for (let c = 0; c < candidateCount; c++) repulsion[c] += Math.exp(-spec.gamma * distances[c])
  }
  return chosen
}

/**
 * out[c] = ‖point − rows_c‖² for the first `count` rows (d wide), each summed in feature order. Four rows
 * go at a time: one row's sum is a chain of dependent additions, four independent chains keep the CPU busy
 * (~4× faster for the 784 pixels of an image row; the same values as one row at a time).
 */
function squaredDistances(point: Float64Array, pointOffset: number, rows: Float64Array, count: number, d: number, out: Float64Array): void {
  let c = 0
  for (; c + 4 <= count; c += 4) {
    const r0 = c * d
    const r1 = r0 + d
    const r2 = r1 + d
    const r3 = r2 + d
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    for (let f = 0; f < d; f++) {
      const p = point[pointOffset + f]
      const e0 = p - rows[r0 + f]
      const e1 = p - rows[r1 + f]
      const e2 = p - rows[r2 + f]
      const e3 = p - rows[r3 + f]
      s0 += e0 * e0
      s1 += e1 * e1
      s2 += e2 * e2
      s3 += e3 * e3
    }
    out[c] = s0
    out[c + 1] = s1
    out[c + 2] = s2
    out[c + 3] = s3
  }
  for (; c < count; c++) {
    let sum = 0
    for (let f = 0; f < d; f++) {
      const e = point[pointOffset + f] - rows[c * d + f]
      sum += e * e
    }
    out[c] = sum
  }
}

function drawCandidates(spec: RkmeTableSpec, count: number, noise: number, rng: ReturnType<typeof createRng>): Float64Array {
  const d = spec.featuresPerRow
  const cumulative = new Float64Array(spec.k)
  let total = 0
  for (let j = 0; j < spec.k; j++) { total += Math.max(0, spec.beta[j]); cumulative[j] = total }
  const candidates = new Float64Array(count * d)
  for (let c = 0; c < count; c++) {
    const target = rng.next() * total
    let source = 0
    while (source < spec.k - 1 && cumulative[source] <= target) source++
    for (let f = 0; f < d; f++) candidates[c * d + f] = spec.z[source * d + f] + noise * rng.normal()
  }
  return candidates
}
