import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/math/rng'
import { objectiveOf, solveSimplexQp } from '../../../src/engine/math/simplexQp'
import { solveSimplexQpInterior } from '../../../src/engine/math/simplexQpInterior'

/** A random RBF Gram matrix (PSD, like the RKME's) and a linear term from random data. */
function rbfProblem(seed: number, n: number, d = 3, gamma = 0.5): { p: Float64Array; c: Float64Array } {
  const rng = createRng(seed)
  const points = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()))
  const data = Array.from({ length: 40 }, () => Array.from({ length: d }, () => rng.normal() * 1.3 + 0.2))
  const k = (a: number[], b: number[]): number => Math.exp(-gamma * a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0))
  const p = new Float64Array(n * n)
  const c = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) p[i * n + j] = k(points[i], points[j])
    c[i] = data.reduce((s, x) => s + k(points[i], x), 0) / data.length
  }
  return { p, c }
}

/** Exact minimum by enumerating every support: solve the equality-constrained QP on it, keep feasible ones. */
function bruteForceMinimum(p: Float64Array, c: Float64Array, n: number): number {
  let best = Infinity
  for (let mask = 1; mask < 1 << n; mask++) {
    const support = [...Array(n).keys()].filter((i) => mask & (1 << i))
    const m = support.length
    // KKT system [P_SS 1; 1ᵀ 0][x; λ] = [c_S; 1] by Gaussian elimination with partial pivoting.
    const a = Array.from({ length: m + 1 }, (_, r) => Array.from({ length: m + 2 }, (_, col) => {
      if (r < m && col < m) return p[support[r] * n + support[col]]
      if (r < m && col === m) return 1
      if (r < m) return c[support[r]]
      return col < m ? 1 : col === m ? 0 : 1
    }))
    const size = m + 1
    let singular = false
    for (let col = 0; col < size && !singular; col++) {
      let pivot = col
      for (let r = col + 1; r < size; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r
      if (Math.abs(a[pivot][col]) < 1e-12) { singular = true; break }
      ;[a[col], a[pivot]] = [a[pivot], a[col]]
      for (let r = 0; r < size; r++) {
        if (r === col) continue
        const factor = a[r][col] / a[col][col]
        for (let k = col; k <= size; k++) a[r][k] -= factor * a[col][k]
      }
    }
    if (singular) continue
    const x = new Float64Array(n)
    support.forEach((i, r) => { x[i] = a[r][size] / a[r][r] })
    if (x.some((v) => v < -1e-12)) continue
    best = Math.min(best, objectiveOf(p, c, n, x))
  }
  return best
}

describe('solveSimplexQp (exact active set)', () => {
  it('matches the brute-force minimum over all supports on small RBF problems', () => {
    for (let seed = 0; seed < 25; seed++) {
      const n = 2 + (seed % 6)
      const { p, c } = rbfProblem(seed, n)
      const { x, objective } = solveSimplexQp(p, c, n)
      expect(objective).toBeCloseTo(bruteForceMinimum(p, c, n), 10)
      expect(x.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12)
    }
  })

  it('satisfies the KKT conditions: equal gradients on the support, larger ones off it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 2, max: 40 }), (seed, n) => {
        const { p, c } = rbfProblem(seed, n, 4, 0.3)
        const { x } = solveSimplexQp(p, c, n)
        const gradient = Array.from({ length: n }, (_, i) => p.subarray(i * n, i * n + n).reduce((s, v, j) => s + v * x[j], 0) - c[i])
        const onSupport = gradient.filter((_, i) => x[i] > 0)
        const level = Math.min(...onSupport)
        expect(Math.max(...onSupport) - level).toBeLessThan(1e-9)
        gradient.forEach((g, i) => { if (x[i] === 0) expect(g).toBeGreaterThan(level - 1e-9) })
        expect(Math.min(...x)).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 60 }
    )
  })

  it('handles a singular matrix from coinciding points', () => {
    const p = Float64Array.from([1, 1, 0.5, 1, 1, 0.5, 0.5, 0.5, 1])
    const c = Float64Array.from([0.8, 0.8, 0.4])
    const { x, objective } = solveSimplexQp(p, c, 3)
    // f = ½s² − 0.9s + 0.1 with s = x₀ + x₁, minimised at s = 0.9 whatever the split between x₀ and x₁.
    expect(x[0] + x[1]).toBeCloseTo(0.9, 9)
    expect(objective).toBeCloseTo(-0.305, 9)
  })
})

describe('solveSimplexQpInterior (the reference solver\'s stopping point)', () => {
  it('stays strictly inside the simplex within the duality gap of the exact optimum', () => {
    for (let seed = 0; seed < 10; seed++) {
      const n = 30
      const { p, c } = rbfProblem(seed, n)
      const exact = solveSimplexQp(p, c, n)
      const interior = solveSimplexQpInterior(p, c, n)
      expect(Math.min(...interior.x)).toBeGreaterThan(0)
      expect(interior.x.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12)
      expect(interior.objective - exact.objective).toBeGreaterThanOrEqual(-1e-12)
      expect(interior.objective - exact.objective).toBeLessThanOrEqual(1e-8)
    }
  })
})
