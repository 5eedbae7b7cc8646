/**
 * Exact solver for the convex QP over the probability simplex that RKME fitting and mixture search need:
 *
 *     minimise ½ xᵀ P x − cᵀ x   subject to  x ≥ 0,  Σ x = 1
 *
 * Beimingwu hands this to Clarabel (an interior-point solver, ~1e-8 accurate). Here it is a primal
 * active-set method: it solves the equality-constrained problem on the current support with Cholesky,
 * steps to the boundary when a weight would turn negative, and frees the variable with the most negative
 * multiplier until the KKT conditions hold — so the answer is exact up to rounding, not up to a tolerance.
 * A cheap "clip negatives and re-solve" phase finds a good starting support first, and a caller may pass
 * the previous solution's support to warm-start (the RKME fit solves four closely related QPs).
 *
 * Example:
 *   const { x, objective } = solveSimplexQp(P, c, n)   // P row-major n×n (PSD), c length n
 */

import { choleskyFactor, choleskySolve } from './cholesky'

export interface SimplexQpResult {
  /** The minimiser, on the simplex. */
  x: Float64Array
  /** ½ xᵀPx − cᵀx at the minimiser (Beimingwu's `obj`, reused by mixture search). */
  objective: number
  /** Active-set iterations taken (for tests and benchmarks). */
  iterations: number
}

export interface SimplexQpOptions {
  /** Indices believed to be positive at the optimum (e.g. the previous solution's support). */
  warmSupport?: ArrayLike<number>
  /** KKT tolerance on the multipliers, relative to the scale of P and c. */
  tolerance?: number
  maxIterations?: number
}

export function solveSimplexQp(p: Float64Array, c: ArrayLike<number>, n: number, options: SimplexQpOptions = {}): SimplexQpResult {
  if (n === 0) return { x: new Float64Array(0), objective: 0, iterations: 0 }
  if (n === 1) return { x: Float64Array.of(1), objective: 0.5 * p[0] - c[0], iterations: 0 }
  const scale = maxAbs(p) + maxAbs(c) || 1
  const tolerance = (options.tolerance ?? 1e-12) * scale
  const maxIterations = options.maxIterations ?? 50 * n + 100

  const inSupport = new Uint8Array(n)
  if (options.warmSupport && options.warmSupport.length > 0) {
    for (let k = 0; k < options.warmSupport.length; k++) inSupport[options.warmSupport[k]] = 1
  } else {
    inSupport.fill(1)
  }
  let x = findFeasibleStart(p, c, n, inSupport)
  let iterations = 0

  for (; iterations < maxIterations; iterations++) {
    const target = solveOnSupport(p, c, n, inSupport)
    if (target === null) {
      // Singular on this support: drop the smallest weight and retry (duplicate points end up here).
      dropSmallest(x, inSupport, n)
      continue
    }
    const step = stepLength(x, target, inSupport, n)
    if (step < 1) {
      for (let i = 0; i < n; i++) if (inSupport[i]) x[i] += step * (target[i] - x[i])
      for (let i = 0; i < n; i++) if (inSupport[i] && x[i] <= 0) { inSupport[i] = 0; x[i] = 0 }
      continue
    }
    x = target
    const entering = mostNegativeMultiplier(p, c, n, x, inSupport, tolerance)
    if (entering < 0) break
    inSupport[entering] = 1
  }
  return { x, objective: objectiveOf(p, c, n, x), iterations }
}

/** ½ xᵀPx − cᵀx. */
export function objectiveOf(p: Float64Array, c: ArrayLike<number>, n: number, x: ArrayLike<number>): number {
  let quadratic = 0
  let linear = 0
  for (let i = 0; i < n; i++) {
    if (x[i] === 0) continue
    const row = i * n
    let rowSum = 0
    for (let j = 0; j < n; j++) rowSum += p[row + j] * x[j]
    quadratic += x[i] * rowSum
    linear += c[i] * x[i]
  }
  return 0.5 * quadratic - linear
}

/**
 * Clip-and-resolve on the support until the equality-constrained solution is nonnegative, then return a
 * feasible point (uniform on the support if that never happens).
 */
function findFeasibleStart(p: Float64Array, c: ArrayLike<number>, n: number, inSupport: Uint8Array): Float64Array {
  for (let round = 0; round < n; round++) {
    const target = solveOnSupport(p, c, n, inSupport)
    if (target === null) break
    let negatives = 0
    for (let i = 0; i < n; i++) if (inSupport[i] && target[i] <= 0) { inSupport[i] = 0; negatives++ }
    if (negatives === 0) return target
    if (!inSupport.some((v) => v === 1)) break
  }
  if (!inSupport.some((v) => v === 1)) inSupport[bestVertex(p, c, n)] = 1
  const count = inSupport.reduce((sum, v) => sum + v, 0)
  const x = new Float64Array(n)
  for (let i = 0; i < n; i++) if (inSupport[i]) x[i] = 1 / count
  return x
}

/** Solves P_SS x_S − c_S + λ1 = 0, 1ᵀx_S = 1 on the support S; null when P_SS is singular. */
function solveOnSupport(p: Float64Array, c: ArrayLike<number>, n: number, inSupport: Uint8Array): Float64Array | null {
  const support: number[] = []
  for (let i = 0; i < n; i++) if (inSupport[i]) support.push(i)
  const m = support.length
  const sub = new Float64Array(m * m)
  for (let a = 0; a < m; a++) {
    const row = support[a] * n
    for (let b = 0; b < m; b++) sub[a * m + b] = p[row + support[b]]
  }
  let maxDiagonal = 0
  for (let a = 0; a < m; a++) maxDiagonal = Math.max(maxDiagonal, sub[a * m + a])
  // Nearly coinciding points make P_SS numerically singular; a tiny ridge keeps the solve well posed.
  const l = choleskyFactor(sub, m) ?? choleskyFactor(sub, m, 1e-13 * maxDiagonal)
  if (l === null) return null
  const y = choleskySolve(l, m, support.map((i) => c[i]), new Float64Array(m))
  const z = choleskySolve(l, m, new Float64Array(m).fill(1), new Float64Array(m))
  let sumY = 0
  let sumZ = 0
  for (let a = 0; a < m; a++) { sumY += y[a]; sumZ += z[a] }
  if (!(sumZ > 0) || !Number.isFinite(sumY)) return null
  const lambda = (sumY - 1) / sumZ
  const x = new Float64Array(n)
  for (let a = 0; a < m; a++) x[support[a]] = y[a] - lambda * z[a]
  return x
}

function stepLength(x: Float64Array, target: Float64Array, inSupport: Uint8Array, n: number): number {
  let step = 1
  for (let i = 0; i < n; i++) {
    if (inSupport[i] && target[i] < 0) {
      const limit = x[i] / (x[i] - target[i])
      if (limit < step) step = limit
    }
  }
  return step
}

/** Index outside the support whose multiplier (Px − c)_i + λ is most negative, or −1 at optimality. */
function mostNegativeMultiplier(p: Float64Array, c: ArrayLike<number>, n: number, x: Float64Array, inSupport: Uint8Array, tolerance: number): number {
  const gradient = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const row = i * n
    let sum = 0
    for (let j = 0; j < n; j++) if (x[j] !== 0) sum += p[row + j] * x[j]
    gradient[i] = sum - c[i]
  }
  // On the support all gradients equal −λ; average them for a stable estimate.
  let lambda = 0
  let count = 0
  for (let i = 0; i < n; i++) if (inSupport[i]) { lambda -= gradient[i]; count++ }
  lambda /= count
  let entering = -1
  let mostNegative = -tolerance
  for (let i = 0; i < n; i++) {
    if (inSupport[i]) continue
    const multiplier = gradient[i] + lambda
    if (multiplier < mostNegative) { mostNegative = multiplier; entering = i }
  }
  return entering
}

function dropSmallest(x: Float64Array, inSupport: Uint8Array, n: number): void {
  let smallest = -1
  for (let i = 0; i < n; i++) if (inSupport[i] && (smallest < 0 || x[i] < x[smallest])) smallest = i
  if (smallest >= 0) { inSupport[smallest] = 0; x[smallest] = 0 }
  let total = 0
  for (let i = 0; i < n; i++) total += x[i]
  if (total > 0) for (let i = 0; i < n; i++) x[i] /= total
}

function bestVertex(p: Float64Array, c: ArrayLike<number>, n: number): number {
  let best = 0
  for (let i = 1; i < n; i++) if (0.5 * p[i * n + i] - c[i] < 0.5 * p[best * n + best] - c[best]) best = i
  return best
}

function maxAbs(values: ArrayLike<number>): number {
  let max = 0
  for (let i = 0; i < values.length; i++) { const v = Math.abs(values[i]); if (v > max) max = v }
  return max
}
