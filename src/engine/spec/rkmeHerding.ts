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
}

export function herdRkmeTable(spec: RkmeTableSpec, samples: number, options: HerdingOptions = {}): Float64Array {
  const d = spec.featuresPerRow
  const rng = createRng(options.seed ?? 0)
  const candidateCount = samples * (options.candidatesPerSample ?? 100)
  const candidates = drawCandidates(spec, candidateCount, options.noise ?? 0.25, rng)
  const attraction = new Float64Array(candidateCount)
  for (let c = 0; c < candidateCount; c++) {
    let sum = 0
    for (let j = 0; j < spec.k; j++) sum += spec.beta[j] * kernel(spec.z, j * d, candidates, c * d, d, spec.gamma)
    attraction[c] = sum
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
    for (let c = 0; c < candidateCount; c++) repulsion[c] += kernel(candidates, best * d, candidates, c * d, d, spec.gamma)
  }
  return chosen
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

function kernel(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number, gamma: number): number {
  let distance = 0
  for (let f = 0; f < d; f++) {
    const diff = a[aOffset + f] - b[bOffset + f]
    distance += diff * diff
  }
  return Math.exp(-gamma * distance)
}
