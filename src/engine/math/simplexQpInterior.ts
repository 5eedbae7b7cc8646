/**
 * The simplex QP solved the way Beimingwu's solver leaves it. The reference solves β with Clarabel, an
 * interior-point method that stops once the duality gap is below 1e-8. On the ill-conditioned kernel
 * matrices RKME fitting produces, the objective is nearly flat in some directions, so that stopping
 * point is not the exact minimiser: weights that the exact optimum sets to zero stay small but positive.
 * The specs then differ by up to ~4e-9 in MMD² — a difference of no practical meaning, but larger than
 * the agreement we promise. So this solver returns the point of the central path whose duality gap
 * n·μ equals Clarabel's tolerance: the minimiser of ½βᵀPβ − cᵀβ − μ Σ log β_i on the simplex, found by
 * equality-constrained Newton steps warm-started from the exact active-set solution
 * (docs/adr/0002-rkme-reference-compatibility.md).
 *
 * Example:
 *   const { x } = solveSimplexQpInterior(P, c, n)        // ≈ Clarabel's β to ~1e-10 in MMD²
 */

import { choleskyFactor, choleskySolve } from './cholesky'
import { objectiveOf, solveSimplexQp, type SimplexQpResult } from './simplexQp'

export interface InteriorOptions {
  /** Duality gap at which the reference's solver stops (Clarabel's default tolerance). */
  gap?: number
  maxNewtonSteps?: number
}

export function solveSimplexQpInterior(p: Float64Array, c: ArrayLike<number>, n: number, options: InteriorOptions = {}): SimplexQpResult {
  const exact = solveSimplexQp(p, c, n)
  if (n <= 1) return exact
  const mu = (options.gap ?? 1e-8) / n
  const beta = startNearPath(p, c, exact.x, n, mu)
  const hessian = new Float64Array(n * n)
  const gradient = new Float64Array(n)
  const hInvG = new Float64Array(n)
  const hInvOne = new Float64Array(n)
  const ones = new Float64Array(n).fill(1)
  const maxSteps = options.maxNewtonSteps ?? 60
  let steps = 0
  for (; steps < maxSteps; steps++) {
    for (let i = 0; i < n; i++) {
      let row = 0
      for (let j = 0; j < n; j++) {
        row += p[i * n + j] * beta[j]
        hessian[i * n + j] = p[i * n + j]
      }
      gradient[i] = row - c[i] - mu / beta[i]
      hessian[i * n + i] += mu / (beta[i] * beta[i])
    }
    const l = choleskyFactor(hessian, n)
    if (l === null) break
    choleskySolve(l, n, gradient, hInvG)
    choleskySolve(l, n, ones, hInvOne)
    // Newton step Δ = −H⁻¹(g + ν1) with ν chosen so that Σ Δ = 0 (stay on the simplex's plane).
    let sumG = 0
    let sumOne = 0
    for (let i = 0; i < n; i++) { sumG += hInvG[i]; sumOne += hInvOne[i] }
    const nu = -sumG / sumOne
    let decrement = 0
    let step = 1
    for (let i = 0; i < n; i++) {
      const delta = -(hInvG[i] + nu * hInvOne[i])
      hInvG[i] = delta
      decrement -= delta * gradient[i]
      if (delta < 0) step = Math.min(step, (-0.99 * beta[i]) / delta)
    }
    for (let i = 0; i < n; i++) beta[i] += step * hInvG[i]
    if (decrement < 1e-20) break
  }
  return { x: beta, objective: objectiveOf(p, c, n, beta), iterations: exact.iterations + steps }
}

/**
 * A start strictly inside the simplex and close to the central path: on the path a weight that the exact
 * optimum sets to zero sits at β_i ≈ μ/λ_i, λ_i its KKT multiplier (Pβ − c)_i + ν; the others stay at the
 * exact optimum. Newton then needs a few steps instead of a dozen. Weights without a usable multiplier get
 * the old fixed nudge.
 */
function startNearPath(p: Float64Array, c: ArrayLike<number>, x: Float64Array, n: number, mu: number): Float64Array {
  const gradient = new Float64Array(n)
  let supportSum = 0
  let supportCount = 0
  for (let i = 0; i < n; i++) {
    let row = 0
    for (let j = 0; j < n; j++) row += p[i * n + j] * x[j]
    gradient[i] = row - c[i]
    if (x[i] > 0) { supportSum += gradient[i]; supportCount++ }
  }
  const nu = supportCount > 0 ? -supportSum / supportCount : 0
  const inside = new Float64Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    const multiplier = gradient[i] + nu
    inside[i] = x[i] > 0 ? x[i] : multiplier > mu ? mu / multiplier : 1e-5
    total += inside[i]
  }
  for (let i = 0; i < n; i++) inside[i] /= total
  return inside
}
