/**
 * Choosing the kernel width γ of a table RKME. Beimingwu always uses γ = 0.1 on raw features, which makes
 * specs of data with large-valued features useless: when typical squared distances are in the hundreds,
 * k(a, b) = exp(−γ‖a − b‖²) is ~0 for every pair of distinct rows and all specs look alike (reference
 * §10.5). The median heuristic picks γ = 1 / median‖x − x'‖² over random row pairs, so a typical pair has
 * kernel value e⁻¹. A spec records its γ, and our search makes the user's spec with each learnware's γ,
 * so specs with different γ are never compared with each other.
 *
 * Example:
 *   const gamma = suggestGamma(table.matrix, table.rowsKept, table.featuresPerRow)   // e.g. 0.0031
 *   kernelIsDegenerate(table.matrix, rows, d, 0.1)   // true for wine's raw features
 */

import { createRng } from '../math/rng'

/** Median squared distance between random pairs of distinct rows (NaN-containing pairs skipped). */
export function medianSquaredDistance(data: ArrayLike<number>, rows: number, d: number, options: { pairs?: number; seed?: number } = {}): number {
  if (rows < 2) return 1
  const rng = createRng(options.seed ?? 0)
  const pairs = options.pairs ?? 2000
  const distances: number[] = []
  for (let p = 0; p < pairs; p++) {
    const a = rng.int(rows)
    let b = rng.int(rows - 1)
    if (b >= a) b++
    let sum = 0
    for (let f = 0; f < d; f++) sum += (data[a * d + f] - data[b * d + f]) ** 2
    if (Number.isFinite(sum)) distances.push(sum)
  }
  if (distances.length === 0) return 1
  distances.sort((x, y) => x - y)
  return distances[Math.floor(distances.length / 2)]
}

/** γ by the median heuristic, rounded to 3 significant digits so it reads well in a spec file. */
export function suggestGamma(data: ArrayLike<number>, rows: number, d: number, seed = 0): number {
  const median = medianSquaredDistance(data, rows, d, { seed })
  if (!(median > 0)) return 0.1
  return Number((1 / median).toPrecision(3))
}

/** True when, at this γ, a typical pair of rows has kernel value below e⁻²⁰ (the spec cannot tell data apart). */
export function kernelIsDegenerate(data: ArrayLike<number>, rows: number, d: number, gamma: number): boolean {
  return gamma * medianSquaredDistance(data, rows, d) > 20
}
