/**
 * Seeded k-means for the RKME's starting reduced set. Beimingwu uses fast_pytorch_kmeans (random init with
 * replacement, up to 100 full Lloyd iterations, empty clusters become the zero vector). Only three
 * refinement steps follow, so the start matters for quality and reproducibility, not for compatibility:
 * here k-means++ seeding on a bounded random subsample, a few Lloyd iterations, and an empty cluster is
 * re-seeded at the point farthest from its centroid instead of collapsing to zero. The assignment step, the
 * costly one, runs in the WASM SIMD kernel (rbfKernel.ts).
 *
 * Example:
 *   const centroids = kmeans(x, rows, d, 100, { seed: 0 })   // Float64Array k×d
 */

import { createRbfKernelRows, rbfKernelModule, type RbfKernelRows } from './rbfKernel'
import { createRng, type Rng } from './rng'

export interface KmeansOptions {
  seed?: number
  /** Lloyd iterations at most. */
  maxIterations?: number
  /** Stop when Σ‖c_new − c_old‖² falls below this (the reference's tol). */
  tolerance?: number
  /** Cluster at most this many randomly chosen rows (keeps the start cheap on big data). */
  maxSampleRows?: number
}

export function kmeans(x: Float64Array, rows: number, d: number, k: number, options: KmeansOptions = {}): Float64Array {
  const rng = createRng(options.seed ?? 0)
  const sample = sampleRows(x, rows, d, Math.min(rows, options.maxSampleRows ?? 2048), rng)
  const n = sample.length / d
  const sampleKernel = createRbfKernelRows(rbfKernelModule(), sample, n, d)
  const centroids = seedPlusPlus(sampleKernel, sample, n, d, k, rng)
  const assignment = new Int32Array(n)
  const distances = new Float64Array(n)
  const maxIterations = options.maxIterations ?? 8
  const tolerance = options.tolerance ?? 1e-4
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    sampleKernel.nearest(centroids, k, assignment, distances)
    const shift = recomputeCentroids(sample, n, d, centroids, k, assignment, distances)
    if (shift <= tolerance) break
  }
  return centroids
}

function sampleRows(x: Float64Array, rows: number, d: number, count: number, rng: Rng): Float64Array {
  if (count >= rows) return x.subarray(0, rows * d)
  const indices = rng.shuffle(Int32Array.from({ length: rows }, (_, i) => i)).subarray(0, count).sort()
  const sample = new Float64Array(count * d)
  for (let r = 0; r < count; r++) sample.set(x.subarray(indices[r] * d, indices[r] * d + d), r * d)
  return sample
}

/**
 * k-means++: each next centre drawn with probability ∝ squared distance to the nearest chosen one. The
 * squared distances to each new centre come from the WASM kernel.
 */
function seedPlusPlus(kernel: RbfKernelRows, x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centroids = new Float64Array(k * d)
  const nearest = new Float64Array(n).fill(Infinity)
  const toNew = new Float64Array(n)
  let chosen = rng.int(n)
  for (let c = 0; c < k; c++) {
    centroids.set(x.subarray(chosen * d, chosen * d + d), c * d)
    kernel.distancesTo(centroids.subarray(c * d, c * d + d), toNew)
    let total = 0
    for (let r = 0; r < n; r++) {
      if (toNew[r] < nearest[r]) nearest[r] = toNew[r]
      total += nearest[r]
    }
    if (total <= 0) { chosen = rng.int(n); continue }
    let target = rng.next() * total
    chosen = n - 1
    for (let r = 0; r < n; r++) {
      target -= nearest[r]
      if (target < 0) { chosen = r; break }
    }
  }
  return centroids
}

/** Means of the assigned rows; returns Σ‖c_new − c_old‖². Empty clusters take the worst-served row. */
function recomputeCentroids(x: Float64Array, n: number, d: number, centroids: Float64Array, k: number, assignment: Int32Array, distances: Float64Array): number {
  const sums = new Float64Array(k * d)
  const counts = new Int32Array(k)
  for (let r = 0; r < n; r++) {
    const c = assignment[r]
    counts[c]++
    const offset = c * d
    for (let f = 0; f < d; f++) sums[offset + f] += x[r * d + f]
  }
  let shift = 0
  for (let c = 0; c < k; c++) {
    const offset = c * d
    if (counts[c] === 0) {
      let worst = 0
      for (let r = 1; r < n; r++) if (distances[r] > distances[worst]) worst = r
      distances[worst] = 0
      for (let f = 0; f < d; f++) sums[offset + f] = x[worst * d + f]
      counts[c] = 1
    }
    for (let f = 0; f < d; f++) {
      const updated = sums[offset + f] / counts[c]
      shift += (updated - centroids[offset + f]) ** 2
      centroids[offset + f] = updated
    }
  }
  return shift
}
