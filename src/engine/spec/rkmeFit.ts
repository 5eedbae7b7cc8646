/**
 * Fitting a table RKME exactly as Beimingwu's `RKMETableSpecification.generate_stat_spec_from_data`
 * (reference: learnware-engine.md §3.2), but fast: one fused kernel pass per reduced set serves both the
 * β step and the following Z step, and β comes from an exact simplex QP.
 *
 *   1. cast to float32, ±Inf/NaN → column mean (an all-missing column is an error);
 *   2. K ≥ N → ⌊2N/3⌋; K·d capped at 1,310,720 (done by the caller-facing generator, as the reference);
 *   3. Z from a seeded k-means; β = argmin ½βᵀK_ZZβ − cᵀβ on the simplex, c_i = mean_n k(z_i, x_n);
 *   4. `steps` times: a gradient step on Z (Jacobi style, all from the old Z), then β again.
 *
 * The Z gradient keeps the reference's halved Z–Z term (docs/adr/0002-rkme-reference-gradient.md).
 *
 * Example:
 *   const spec = fitRkmeTable(x, rows, d, { k: 100, gamma: 0.1, seed: 0 })
 */

import { LearnwareError } from '../errors'
import { kmeans } from '../math/kmeans'
import { solveSimplexQpInterior } from '../math/simplexQpInterior'
import type { ProgressListener } from '../progress'
import { createRbfKernelRows, rbfKernelModule } from '../math/rbfKernel'
import { addChunkPartials, PASS_CHUNK_ROWS, rowSquaredNorms } from './passChunks'
import { RKME_TABLE_TYPE, type RkmeTableSpec } from './rkmeTable'

/** Beimingwu's `max_reduced_set_size`: K·d may not exceed this. */
export const MAX_REDUCED_SET_VALUES = 1_310_720

export interface RkmeFitOptions {
  /** Reduced-set size K (default 100). */
  k?: number
  gamma?: number
  /** Z refinement steps (default 3) and their size (default 0.1). */
  steps?: number
  stepSize?: number
  /** Seed of the k-means start. */
  seed?: number
  /** Start from this Z (K×d, row-major) instead of k-means — used to reproduce the reference. */
  initialZ?: Float64Array
  /** Column names, for error messages. */
  featureNames?: readonly string[]
  onProgress?: ProgressListener
  signal?: AbortSignal
}

/**
 * Accumulates, for a reduced set Z, s_i = Σ_n k(z_i,x_n) and (optionally) w_i = Σ_n k(z_i,x_n) x_n over all
 * data rows. The default runs in this thread; rkmeTableGenerate.ts's pooledKernelPass shares rows out over threads.
 */
export type DataKernelPass = (z: Float64Array, k: number, withWeightedSum: boolean) =>
  Promise<{ s: Float64Array; w: Float64Array }> | { s: Float64Array; w: Float64Array }

/** The reduced-set size the reference would use for this data (K·d cap, then K < N). */
export function effectiveReducedSetSize(requestedK: number, rows: number, d: number): number {
  let k = requestedK
  if (k * d > MAX_REDUCED_SET_VALUES) k = Math.max(20, Math.floor(MAX_REDUCED_SET_VALUES / d))
  if (k >= rows) k = Math.max(1, Math.floor((2 * rows) / 3))
  return k
}

/**
 * Float32 cast and imputation, as the reference does before fitting: returns a float64 copy whose values
 * are float32-representable, with ±Inf/NaN replaced by the column's mean.
 */
export function prepareRkmeInput(data: ArrayLike<number>, rows: number, d: number, featureNames?: readonly string[]): Float64Array {
  if (rows < 1) throw new LearnwareError('DATA_EMPTY', 'No data rows to make a specification from')
  const x = new Float64Array(rows * d)
  const sums = new Float64Array(d)
  const counts = new Float64Array(d)
  for (let n = 0; n < rows; n++) {
    for (let f = 0; f < d; f++) {
      const value = Math.fround(data[n * d + f])
      x[n * d + f] = value
      if (Number.isFinite(value)) { sums[f] += value; counts[f]++ }
    }
  }
  for (let f = 0; f < d; f++) {
    if (counts[f] === rows) continue
    if (counts[f] === 0) {
      const name = featureNames?.[f] ?? `column ${f}`
      throw new LearnwareError('DATA_ALL_MISSING_COLUMN', `All values in ${name} are missing or not finite`, {
        hint: 'Ignore that column or fill it in'
      })
    }
    const mean = Math.fround(sums[f] / counts[f])
    for (let n = 0; n < rows; n++) if (!Number.isFinite(x[n * d + f])) x[n * d + f] = mean
  }
  return x
}

/**
 * A DataKernelPass over all rows in the calling thread. Between groups of chunks it yields to the event
 * loop and checks `signal`, so a cancel reaches a long fit (in the app it runs in a worker thread, whose
 * messages — a cancel among them — are only read when it yields).
 */
export function inThreadKernelPass(x: Float64Array, rows: number, d: number, gamma: number, signal?: AbortSignal): DataKernelPass {
  const kernel = createRbfKernelRows(rbfKernelModule(), x, rows, d)
  const chunks = Math.ceil(rows / PASS_CHUNK_ROWS)
  const chunksPerSlice = 8
  return async (z, k, withWeightedSum) => {
    const stride = withWeightedSum ? k + k * d : k
    const partials = new Float64Array(chunks * stride)
    for (let from = 0; from < chunks; from += chunksPerSlice) {
      const to = Math.min(chunks, from + chunksPerSlice)
      partials.set(kernel.chunkPartials(z, k, gamma, PASS_CHUNK_ROWS, from, to, withWeightedSum), from * stride)
      if (to < chunks) {
        await new Promise<void>((resolve) => setImmediate(resolve))
        if (signal?.aborted) throw new LearnwareError('CANCELLED', 'Specification cancelled')
      }
    }
    const s = new Float64Array(k)
    const w = new Float64Array(withWeightedSum ? k * d : 0)
    addChunkPartials(partials, chunks, k, d, withWeightedSum, s, w)
    return { s, w }
  }
}

/**
 * Fits an RKME to prepared data (see prepareRkmeInput). `k` must already be the effective size.
 * `pass` lets the caller supply a multi-threaded kernel pass over the same rows.
 */
export async function fitRkmeTable(x: Float64Array, rows: number, d: number, options: RkmeFitOptions = {}, pass?: DataKernelPass): Promise<RkmeTableSpec> {
  const gamma = options.gamma ?? 0.1
  const steps = options.steps ?? 3
  const stepSize = options.stepSize ?? 0.1
  const k = options.initialZ ? options.initialZ.length / d : effectiveReducedSetSize(options.k ?? 100, rows, d)
  const kernelPass = pass ?? inThreadKernelPass(x, rows, d, gamma, options.signal)
  const report = (fraction: number, detail: string): void => {
    if (options.signal?.aborted) throw new LearnwareError('CANCELLED', 'Specification cancelled')
    options.onProgress?.({ status: 'progress', task: 'rkme', fraction, detail })
  }

  report(0, 'choosing starting points')
  let z = options.initialZ ? Float64Array.from(options.initialZ) : kmeans(x, rows, d, k, { seed: options.seed ?? 0 })
  const phases = 2 + 2 * steps
  let sums = await kernelPass(z, k, steps > 0)
  let beta = updateBeta(z, k, d, gamma, sums.s, rows)
  report(2 / phases, 'weights')
  for (let step = 0; step < steps; step++) {
    z = updateZ(z, beta.values, beta.kernel, k, d, gamma, stepSize, sums, rows)
    sums = await kernelPass(z, k, step + 1 < steps)
    beta = updateBeta(z, k, d, gamma, sums.s, rows)
    report((4 + 2 * step) / phases, `refinement ${step + 1} of ${steps}`)
  }
  options.onProgress?.({ status: 'progress', task: 'rkme', fraction: 1, detail: 'done' })
  return { type: RKME_TABLE_TYPE, z, beta: beta.values, k, featuresPerRow: d, pointShape: [d], gamma, numPoints: rows }
}

interface BetaStep {
  values: Float64Array
  /** K_ZZ for this Z, reused by the next Z step. */
  kernel: Float64Array
}

/**
 * β = argmin ½βᵀK_ZZβ − cᵀβ on the simplex. Coinciding rows of Z (k-means leaves several at the origin for
 * empty clusters) make the problem degenerate; they are merged for the solve and share their weight
 * equally, which is the split the reference's interior-point solver converges to. Rows count as
 * coinciding when their kernel value differs from 1 by less than ~1e-13, i.e. below what the QP can resolve.
 */
function updateBeta(z: Float64Array, k: number, d: number, gamma: number, s: Float64Array, rows: number): BetaStep {
  const kernel = gramMatrix(z, k, d, gamma)
  const c = new Float64Array(k)
  for (let i = 0; i < k; i++) c[i] = s[i] / rows
  return { values: solveSimplexQpInterior(kernel, c, k).x, kernel }
}

/**
 * One Jacobi gradient step, the reference's `_update_z`:
 *   g_i = −2γβ_i [ Σ_j β_j k(z_i,z_j)(z_i − z_j) − (2/N) Σ_n k(z_i,x_n)(z_i − x_n) ],  z_i ← z_i − η g_i
 * with Σ_n k(z_i,x_n)(z_i − x_n) = z_i s_i − w_i from the kernel pass.
 */
function updateZ(
  z: Float64Array, beta: Float64Array, kernel: Float64Array, k: number, d: number,
  gamma: number, stepSize: number, sums: { s: Float64Array; w: Float64Array }, rows: number
): Float64Array {
  const next = new Float64Array(k * d)
  const reducedTerm = new Float64Array(d)
  for (let i = 0; i < k; i++) {
    reducedTerm.fill(0)
    for (let j = 0; j < k; j++) {
      const weight = beta[j] * kernel[i * k + j]
      if (weight === 0) continue
      for (let f = 0; f < d; f++) reducedTerm[f] += weight * (z[i * d + f] - z[j * d + f])
    }
    const scale = -2 * gamma * beta[i]
    for (let f = 0; f < d; f++) {
      const dataTerm = (2 / rows) * (z[i * d + f] * sums.s[i] - sums.w[i * d + f])
      const gradient = scale * (reducedTerm[f] - dataTerm)
      next[i * d + f] = z[i * d + f] - stepSize * gradient
    }
  }
  return next
}

export function gramMatrix(z: Float64Array, k: number, d: number, gamma: number): Float64Array {
  const norms = rowSquaredNorms(z, k, d)
  const kernel = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let dot = 0
      for (let f = 0; f < d; f++) dot += z[i * d + f] * z[j * d + f]
      const value = Math.exp(-gamma * (norms[i] - 2 * dot + norms[j]))
      kernel[i * k + j] = value
      kernel[j * k + i] = value
    }
  }
  return kernel
}

/** Groups of row indices whose rows coincide (γ‖z_i − z_j‖² ≤ 1e-13), in order of first appearance. */
function coincidingRowGroups(z: Float64Array, k: number, d: number, gamma: number): number[][] {
  const groupOf = new Int32Array(k).fill(-1)
  const groups: number[][] = []
  for (let i = 0; i < k; i++) {
    if (groupOf[i] >= 0) continue
    groupOf[i] = groups.length
    const members = [i]
    for (let j = i + 1; j < k; j++) {
      if (groupOf[j] >= 0) continue
      let distance = 0
      for (let f = 0; f < d && gamma * distance <= 1e-13; f++) distance += (z[i * d + f] - z[j * d + f]) ** 2
      if (gamma * distance <= 1e-13) { groupOf[j] = groups.length; members.push(j) }
    }
    groups.push(members)
  }
  return groups
}
