/**
 * The search inside EnsemblePruning: MDEP (Wu, He, Qian, Zhou, PPSN'22) as Beimingwu runs it with geatpy
 * (reference §7.3) — a multi-objective evolutionary search over member subsets v ∈ {0,1}^M with NSGA-II
 * (binary tournament on rank and crowding, uniform crossover, bit-flip mutation with p = 1/M, elitist
 * environmental selection on non-dominated fronts and crowding distance). Any subset of ≤ 1 members is
 * repaired before it is evaluated by random bit flips (p = 1/M each) until ≥ 2 are chosen.
 *
 * Seeding follows the reference's "prophet" population: every one-hot subset eᵢ is evaluated (and
 * repaired); row 0 is the seed that lowered objective 0 while also lowering objective 1, row 1 the seed with
 * the lowest objective 1, the rest random one-hot subsets. Departures, for speed and robustness: the
 * population has max(M, 10) members (reference: M), evaluations are memoised, and the search stops early
 * once, for `patience` generations in a row, either the first front's objective values or the pick (fewest
 * errors, then fewest members) stayed the same — with a continuous objective (the margin ratio) the front
 * can keep creeping long after the pick has settled.
 *
 * Example:
 *   const result = searchSubsets({ size: 8, objectives: (bits) => [error(bits), count(bits)] }, { seed: 0, errorObjective: 0 })
 *   result.best        // Uint8Array: the subset with the fewest errors, then the fewest members
 */

import { createRng, type Rng } from '../math/rng'
import { throwIfCancelled } from './fitProgress'

export interface SubsetProblem {
  /** Number of members M. */
  size: number
  /** Objective values of a subset (≥ 2 members), all minimised. */
  objectives(bits: Uint8Array): number[]
}

export interface SubsetSearchOptions {
  seed: number
  /** Objective that is the validation error (the final pick minimises it, then the subset size). */
  errorObjective: number
  maxGenerations?: number
  patience?: number
  populationSize?: number
  signal?: AbortSignal
  /** After each generation, with the generation number and the limit. */
  onGeneration?: (generation: number, maxGenerations: number) => void
}

export interface SubsetSearchResult {
  best: Uint8Array
  bestObjectives: number[]
  generations: number
  /** True when the search stopped because the first front stopped changing. */
  converged: boolean
}

interface Individual {
  bits: Uint8Array
  objectives: number[]
  rank: number
  crowding: number
}

export function searchSubsets(problem: SubsetProblem, options: SubsetSearchOptions): SubsetSearchResult {
  const m = problem.size
  const rng = createRng(options.seed)
  const evaluate = memoisedEvaluator(problem, rng)
  const maxGenerations = options.maxGenerations ?? 300
  const patience = options.patience ?? 25
  const size = options.populationSize ?? Math.max(m, 10)
  let population = initialPopulation(m, size, evaluate, rng)
  assignRanks(population)
  let lastFront = frontSignature(population)
  let lastPick = pickSignature(population, options.errorObjective)
  let stale = 0
  let generation = 0
  while (generation < maxGenerations && stale < patience) {
    throwIfCancelled(options.signal, 'ensemble pruning')
    const offspring = breed(population, size, m, evaluate, rng)
    population = environmentalSelection([...population, ...offspring], size)
    generation++
    const front = frontSignature(population)
    const pick = pickSignature(population, options.errorObjective)
    stale = front === lastFront || pick === lastPick ? stale + 1 : 0
    lastFront = front
    lastPick = pick
    options.onGeneration?.(generation, maxGenerations)
  }
  const best = pickBest(population, options.errorObjective)
  return { best: best.bits, bestObjectives: best.objectives, generations: generation, converged: stale >= patience }
}

type Evaluate = (bits: Uint8Array) => Individual

/** Repairs (≥ 2 members) then evaluates, remembering the objectives of every subset seen. */
function memoisedEvaluator(problem: SubsetProblem, rng: Rng): Evaluate {
  const memo = new Map<string, number[]>()
  const m = problem.size
  return (bits) => {
    if (m >= 2) {
      while (count(bits) <= 1) for (let i = 0; i < m; i++) if (rng.next() < 1 / m) bits[i] ^= 1
    }
    const key = bits.join('')
    let objectives = memo.get(key)
    if (!objectives) {
      objectives = problem.objectives(bits)
      memo.set(key, objectives)
    }
    return { bits, objectives, rank: 0, crowding: 0 }
  }
}

/** The reference's prophet rows (see above), then random one-hot subsets, then random subsets. */
function initialPopulation(m: number, size: number, evaluate: Evaluate, rng: Rng): Individual[] {
  const oneHot = (i: number) => Uint8Array.from({ length: m }, (_, j) => (j === i ? 1 : 0))
  const seeds = Array.from({ length: m }, (_, i) => evaluate(oneHot(i)))
  let pair = [Infinity, Infinity]
  let first = seeds[0]
  let second = seeds[0]
  for (const seed of seeds) {
    if (seed.objectives[0] < pair[0] && seed.objectives[1] < pair[1]) {
      pair = [seed.objectives[0], seed.objectives[1]]
      first = seed
    }
    if (seed.objectives[1] < second.objectives[1]) second = seed
  }
  const population = [copy(first), copy(second)]
  while (population.length < Math.min(10, size)) population.push(evaluate(oneHot(rng.int(m))))
  while (population.length < size) population.push(evaluate(Uint8Array.from({ length: m }, () => (rng.next() < 0.5 ? 1 : 0))))
  return population.slice(0, size)
}

/** `size` children: binary tournaments, uniform crossover of pairs, bit-flip mutation (p = 1/M). */
function breed(population: Individual[], size: number, m: number, evaluate: Evaluate, rng: Rng): Individual[] {
  const children: Individual[] = []
  while (children.length < size) {
    const a = tournament(population, rng).bits.slice()
    const b = tournament(population, rng).bits.slice()
    for (let i = 0; i < m; i++) {
      if (rng.next() < 0.5) { const t = a[i]; a[i] = b[i]; b[i] = t }
    }
    for (const child of [a, b]) {
      if (children.length >= size) break
      for (let i = 0; i < m; i++) if (rng.next() < 1 / m) child[i] ^= 1
      children.push(evaluate(child))
    }
  }
  return children
}

function tournament(population: Individual[], rng: Rng): Individual {
  const a = population[rng.int(population.length)]
  const b = population[rng.int(population.length)]
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b
  return b.crowding > a.crowding ? b : a
}

/** Keeps `size` of the merged population: whole fronts first, the last front by crowding distance. */
function environmentalSelection(merged: Individual[], size: number): Individual[] {
  const fronts = assignRanks(merged)
  const kept: Individual[] = []
  for (const front of fronts) {
    if (kept.length + front.length <= size) {
      kept.push(...front)
      continue
    }
    const byCrowding = front.map((ind, order) => ({ ind, order })).sort((x, y) => y.ind.crowding - x.ind.crowding || x.order - y.order)
    kept.push(...byCrowding.slice(0, size - kept.length).map((entry) => entry.ind))
    break
  }
  return kept
}

/** Fast non-dominated sort; sets rank and crowding distance; returns the fronts, best first. */
function assignRanks(population: Individual[]): Individual[][] {
  const n = population.length
  const dominatedBy: number[][] = population.map(() => [])
  const dominationCount = new Int32Array(n)
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (dominates(population[p].objectives, population[q].objectives)) { dominatedBy[p].push(q); dominationCount[q]++ }
      else if (dominates(population[q].objectives, population[p].objectives)) { dominatedBy[q].push(p); dominationCount[p]++ }
    }
  }
  const fronts: Individual[][] = []
  let current = population.map((_, i) => i).filter((i) => dominationCount[i] === 0)
  while (current.length > 0) {
    const next: number[] = []
    for (const p of current) {
      population[p].rank = fronts.length
      for (const q of dominatedBy[p]) if (--dominationCount[q] === 0) next.push(q)
    }
    const front = current.map((i) => population[i])
    setCrowding(front)
    fronts.push(front)
    current = next.sort((a, b) => a - b)
  }
  return fronts
}

function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false
    if (a[i] < b[i]) better = true
  }
  return better
}

function setCrowding(front: Individual[]): void {
  for (const ind of front) ind.crowding = 0
  const objectiveCount = front[0]?.objectives.length ?? 0
  for (let k = 0; k < objectiveCount; k++) {
    const sorted = front.slice().sort((a, b) => a.objectives[k] - b.objectives[k])
    const low = sorted[0].objectives[k]
    const high = sorted[sorted.length - 1].objectives[k]
    sorted[0].crowding = Infinity
    sorted[sorted.length - 1].crowding = Infinity
    if (high === low) continue
    for (let i = 1; i < sorted.length - 1; i++) sorted[i].crowding += (sorted[i + 1].objectives[k] - sorted[i - 1].objectives[k]) / (high - low)
  }
}

/** The first front's distinct objective vectors, as text: unchanged text = a front that stopped moving. */
function frontSignature(population: Individual[]): string {
  const front = population.filter((ind) => ind.rank === 0).map((ind) => ind.objectives.join(','))
  return [...new Set(front)].sort().join(';')
}

function pickSignature(population: Individual[], errorObjective: number): string {
  return pickBest(population, errorObjective).bits.join('')
}

/** Fewest errors, then fewest members, then the earlier individual. */
function pickBest(population: Individual[], errorObjective: number): Individual {
  let best = population[0]
  for (const ind of population) {
    const error = ind.objectives[errorObjective]
    const bestError = best.objectives[errorObjective]
    if (error < bestError || (error === bestError && count(ind.bits) < count(best.bits))) best = ind
  }
  return best
}

function count(bits: Uint8Array): number {
  let total = 0
  for (let i = 0; i < bits.length; i++) total += bits[i]
  return total
}

function copy(ind: Individual): Individual {
  return { ...ind, bits: ind.bits.slice(), objectives: [...ind.objectives] }
}
