/**
 * Mixture search: which few learnwares, weighted how, together describe the user's data best. With
 * specs Φ_i and the user's Φ_u, weights w on the simplex minimise ‖Φ_u − Σ w_iΦ_i‖² (a QP on the Gram
 * matrix of specs); `greedy` adds learnwares one by one while the mixture MMD² drops by ≥ 5 %, `auto`
 * solves over all candidates and keeps those holding 98 % of the weight (reference §5.2). Unlike
 * Beimingwu, the weights and the mixture MMD² are returned, not discarded.
 *
 * Example:
 *   const mixture = greedyMixture(userSpec, candidates, { maxLearnwares: 5 })
 *   // { ids: ['lw3', 'lw1'], weights: [0.51, 0.49], mmd2: 0.037 }
 */

import { solveSimplexQp } from '../math/simplexQp'
import { innerProduct, type RkmeTableSpec } from '../spec/rkmeTable'

export interface SpecCandidate {
  id: string
  spec: RkmeTableSpec
  /** ⟨Φ,Φ⟩ when already known (the dock caches it), so a search computes only the cross terms. */
  selfInner?: number | null
}

export interface Mixture {
  ids: string[]
  weights: number[]
  /** ‖Φ_user − Σ w_iΦ_i‖², Beimingwu's mixture distance. */
  mmd2: number
}

export interface MixtureOptions {
  /** Most learnwares in a mixture (Beimingwu's `max_search_num`, default 5). */
  maxLearnwares?: number
}

/** Gram matrix of the candidates' specs and their inner products with the user's, computed once per search. */
export class MixtureProblem {
  readonly userSelf: number
  private readonly gram = new Map<string, number>()
  private readonly withUser: number[]

  constructor(readonly user: RkmeTableSpec, readonly candidates: readonly SpecCandidate[]) {
    this.userSelf = innerProduct(user, user)
    this.withUser = candidates.map((c) => innerProduct(user, c.spec))
  }

  /** Optimal weights for a subset (indices into candidates) and the resulting mixture MMD². */
  solve(subset: readonly number[]): { weights: Float64Array; mmd2: number } {
    const n = subset.length
    const p = new Float64Array(n * n)
    const c = new Float64Array(n)
    for (let a = 0; a < n; a++) {
      c[a] = this.withUser[subset[a]]
      for (let b = 0; b < n; b++) p[a * n + b] = this.inner(subset[a], subset[b])
    }
    const { x, objective } = solveSimplexQp(p, c, n)
    return { weights: x, mmd2: this.userSelf + 2 * objective }
  }

  private inner(i: number, j: number): number {
    const key = i <= j ? `${i},${j}` : `${j},${i}`
    let value = this.gram.get(key)
    if (value === undefined) {
      value = innerProduct(this.candidates[i].spec, this.candidates[j].spec)
      this.gram.set(key, value)
    }
    return value
  }
}

/** Adds the learnware that lowers the mixture MMD² most, while it lowers it by at least 5 %. */
export function greedyMixture(problem: MixtureProblem, options: MixtureOptions = {}): Mixture {
  const limit = Math.min(options.maxLearnwares ?? 5, problem.candidates.length)
  const chosen: number[] = []
  let best: { weights: Float64Array; mmd2: number } | null = null
  for (let round = 0; round < limit; round++) {
    let roundBest: { index: number; weights: Float64Array; mmd2: number } | null = null
    for (let i = 0; i < problem.candidates.length; i++) {
      if (chosen.includes(i)) continue
      const trial = problem.solve([...chosen, i])
      if (roundBest === null || trial.mmd2 < roundBest.mmd2) roundBest = { index: i, ...trial }
    }
    if (roundBest === null) break
    if (best !== null && roundBest.mmd2 > 0.95 * best.mmd2) break
    chosen.push(roundBest.index)
    best = roundBest
  }
  return toMixture(problem, chosen, best)
}

/** Solves over every candidate, keeps the heaviest ones up to 98 % of the weight, then re-solves. */
export function autoMixture(problem: MixtureProblem, options: MixtureOptions = {}): Mixture {
  const all = problem.candidates.map((_, i) => i)
  const { weights } = problem.solve(all)
  const byWeight = all.slice().sort((a, b) => weights[b] - weights[a])
  const kept: number[] = []
  let total = 0
  for (const i of byWeight) {
    total += weights[i]
    if (total > 0.98) break
    kept.push(i)
  }
  if (kept.length <= 1) {
    const top = byWeight[0]
    return { ids: [problem.candidates[top].id], weights: [1], mmd2: problem.solve([top]).mmd2 }
  }
  const subset = kept.slice(0, options.maxLearnwares ?? 5)
  return toMixture(problem, subset, problem.solve(subset))
}

function toMixture(problem: MixtureProblem, chosen: number[], solution: { weights: Float64Array; mmd2: number } | null): Mixture {
  if (solution === null) return { ids: [], weights: [], mmd2: Number.POSITIVE_INFINITY }
  return { ids: chosen.map((i) => problem.candidates[i].id), weights: Array.from(solution.weights), mmd2: solution.mmd2 }
}
