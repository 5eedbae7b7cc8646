/**
 * Limited-memory BFGS for smooth convex objectives (here: L2-regularised softmax regression). Full batch,
 * deterministic, with a backtracking Armijo line search; pairs that fail the curvature test are skipped,
 * which keeps the inverse-Hessian estimate positive definite without a Wolfe search.
 *
 * Example:
 *   // minimise (x0 − 3)² + (x1 + 1)²
 *   const result = minimizeLbfgs((x, g) => {
 *     g[0] = 2 * (x[0] - 3); g[1] = 2 * (x[1] + 1)
 *     return (x[0] - 3) ** 2 + (x[1] + 1) ** 2
 *   }, new Float64Array(2))
 *   result.x   // ≈ [3, -1]
 */

/** Writes the gradient at x into `gradient` and returns the objective value. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number

export interface LbfgsOptions {
  maxIterations?: number
  /** Correction pairs kept (default 10). */
  memory?: number
  /** Stop when every gradient component is below this (default 1e-6). */
  gradientTolerance?: number
  /** Stop when the objective improves by less than this, relatively (default 1e-12). */
  relativeTolerance?: number
  /** Called after each iteration; throw from it to cancel. */
  onIteration?: (iteration: number, value: number) => void
}

export interface LbfgsResult {
  x: Float64Array
  value: number
  iterations: number
  converged: boolean
}

export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const n = start.length
  const maxIterations = options.maxIterations ?? 500
  const memory = options.memory ?? 10
  const gradientTolerance = options.gradientTolerance ?? 1e-6
  const relativeTolerance = options.relativeTolerance ?? 1e-12
  let x = Float64Array.from(start)
  let gradient = new Float64Array(n)
  let value = objective(x, gradient)
  let nextX = new Float64Array(n)
  let nextGradient = new Float64Array(n)
  const direction = new Float64Array(n)
  const pairs: { s: Float64Array; y: Float64Array; rho: number }[] = []
  const alpha = new Float64Array(memory)

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (maxAbs(gradient) < gradientTolerance) return { x, value, iterations: iteration - 1, converged: true }
    searchDirection(gradient, pairs, direction, alpha)
    let slope = dot(gradient, direction)
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      pairs.length = 0
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]
      slope = -dot(gradient, gradient)
    }
    let step = pairs.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1
    let nextValue = Infinity
    for (let tries = 0; tries < 50; tries++) {
      for (let i = 0; i < n; i++) nextX[i] = x[i] + step * direction[i]
      nextValue = objective(nextX, nextGradient)
      if (nextValue <= value + 1e-4 * step * slope) break
      step *= 0.5
    }
    if (!(nextValue <= value)) return { x, value, iterations: iteration, converged: false }

    const s = new Float64Array(n)
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      s[i] = nextX[i] - x[i]
      y[i] = nextGradient[i] - gradient[i]
    }
    const sy = dot(s, y)
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (pairs.length === memory) pairs.shift()
      pairs.push({ s, y, rho: 1 / sy })
    }
    const improvement = value - nextValue
    ;[x, nextX] = [nextX, x]
    ;[gradient, nextGradient] = [nextGradient, gradient]
    value = nextValue
    options.onIteration?.(iteration, value)
    if (improvement <= relativeTolerance * Math.max(1, Math.abs(value))) {
      return { x, value, iterations: iteration, converged: true }
    }
  }
  return { x, value, iterations: maxIterations, converged: maxAbs(gradient) < gradientTolerance }
}

/** Two-loop recursion: direction = −H·gradient with H the L-BFGS inverse-Hessian estimate. */
function searchDirection(
  gradient: Float64Array,
  pairs: readonly { s: Float64Array; y: Float64Array; rho: number }[],
  direction: Float64Array,
  alpha: Float64Array
): void {
  const n = gradient.length
  for (let i = 0; i < n; i++) direction[i] = -gradient[i]
  for (let k = pairs.length - 1; k >= 0; k--) {
    alpha[k] = pairs[k].rho * dot(pairs[k].s, direction)
    axpy(-alpha[k], pairs[k].y, direction)
  }
  if (pairs.length > 0) {
    const last = pairs[pairs.length - 1]
    const scale = 1 / (last.rho * dot(last.y, last.y))
    for (let i = 0; i < n; i++) direction[i] *= scale
  }
  for (let k = 0; k < pairs.length; k++) {
    const beta = pairs[k].rho * dot(pairs[k].y, direction)
    axpy(alpha[k] - beta, pairs[k].s, direction)
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i]
  return sum
}

function axpy(factor: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += factor * x[i]
}

function maxAbs(a: Float64Array): number {
  let max = 0
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]))
  return max
}
