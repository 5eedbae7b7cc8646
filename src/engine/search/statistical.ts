/**
 * Statistical search, as Beimingwu's `EasyStatSearcher` (reference §5.2): rank the learnwares whose spec has
 * the user's feature dimension by MMD² to the user's spec, look for a mixture among the best 25, convert
 * distances to scores, and keep the singles scoring ≥ 0.6. Differences: results carry the raw MMD² next to
 * the relative score, and the mixture carries its weights and MMD².
 *
 * Example:
 *   const result = statisticalSearch(userSpec, dockCandidates, { mixture: 'greedy' })
 *   result.single[0]   // { id, mmd2, score }
 *   result.mixture     // { ids, weights, mmd2, score } | null
 */

import { innerProduct, type RkmeTableSpec } from '../spec/rkmeTable'
import { autoMixture, greedyMixture, MixtureProblem, type Mixture, type SpecCandidate } from './mixture'
import { distancesToScores } from './scores'
import { crossInnerProducts, stackSpecsCached } from './specStack'

export type MixtureMethod = 'greedy' | 'auto' | 'none'

export interface StatisticalSearchOptions {
  mixture?: MixtureMethod
  /** Most learnwares in a mixture; the mixture pool is the best `maxLearnwares²` singles (default 5 → 25). */
  maxLearnwares?: number
}

export interface SingleMatch {
  id: string
  mmd2: number
  score: number
}

export interface MixtureMatch extends Mixture {
  score: number
}

export interface StatisticalSearchResult {
  single: SingleMatch[]
  mixture: MixtureMatch | null
  /** Candidates left out because their spec has a different feature count than the user's. */
  skippedForDimension: string[]
}

const SINGLE_SCORE_FLOOR = 0.6

export function statisticalSearch(user: RkmeTableSpec, candidates: readonly SpecCandidate[], options: StatisticalSearchOptions = {}): StatisticalSearchResult {
  return groupedStatisticalSearch([{ user, candidates }], options)
}

/**
 * The user's data seen through one column order, and the learnwares that expect that order. Column
 * alignment by name can give several groups; distances are comparable across groups (same data, columns
 * arranged as each learnware expects), while a mixture is only sought within one group.
 */
export interface AlignedGroup {
  user: RkmeTableSpec
  candidates: readonly SpecCandidate[]
}

/** Cross terms ⟨Φ_lw, Φ_user⟩ in one stacked pass per kernel width (stacks cached per candidate list). */
function crossTermsByGamma(candidates: readonly SpecCandidate[], user: RkmeTableSpec): { members: SpecCandidate[]; cross: Float64Array }[] {
  const byGamma = new Map<number, SpecCandidate[]>()
  for (const candidate of candidates) {
    const members = byGamma.get(candidate.spec.gamma)
    if (members) members.push(candidate)
    else byGamma.set(candidate.spec.gamma, [candidate])
  }
  return [...byGamma.values()].map((members) => ({ members, cross: crossInnerProducts(stackSpecsCached(members), user) }))
}

export function groupedStatisticalSearch(groups: readonly AlignedGroup[], options: StatisticalSearchOptions = {}): StatisticalSearchResult {
  const skippedForDimension: string[] = []
  const ranked: { candidate: SpecCandidate; distance: number; group: number }[] = []
  groups.forEach((group, groupIndex) => {
    const userSelf = innerProduct(group.user, group.user)
    const comparable: SpecCandidate[] = []
    for (const candidate of group.candidates) {
      if (candidate.spec.featuresPerRow === group.user.featuresPerRow) comparable.push(candidate)
      else skippedForDimension.push(candidate.id)
    }
    for (const { members, cross } of crossTermsByGamma(comparable, group.user)) {
      members.forEach((candidate, c) => {
        // Beimingwu's dist(learnware, user) = ⟨lw,lw⟩ − 2⟨lw,user⟩ + ⟨user,user⟩; a value within rounding
        // noise of zero is zero (an identical spec must rank as identical and get no mixture).
        const self = candidate.selfInner ?? innerProduct(candidate.spec, candidate.spec)
        const raw = self - 2 * cross[c] + userSelf
        const distance = Math.abs(raw) <= 1e-12 * (self + userSelf) ? 0 : raw
        if (Number.isFinite(distance)) ranked.push({ candidate, distance, group: groupIndex })
      })
    }
  })
  ranked.sort((a, b) => a.distance - b.distance)
  if (ranked.length === 0) return { single: [], mixture: null, skippedForDimension }

  const maxLearnwares = options.maxLearnwares ?? 5
  const method = options.mixture ?? 'greedy'
  let mixture: Mixture | null = null
  if (method !== 'none' && ranked[0].distance > 0) {
    const bestGroup = ranked[0].group
    const pool = ranked.filter((r) => r.group === bestGroup).slice(0, maxLearnwares * maxLearnwares).map((r) => r.candidate)
    const problem = new MixtureProblem(groups[bestGroup].user, pool)
    const found = method === 'auto' ? autoMixture(problem, { maxLearnwares }) : greedyMixture(problem, { maxLearnwares })
    if (found.ids.length > 1) mixture = found
  }

  const distances = ranked.map((r) => r.distance)
  const scores = distancesToScores(mixture ? [...distances, mixture.mmd2] : distances)
  let mixtureScore = mixture ? scores[scores.length - 1] : null
  if (mixtureScore !== null && Math.floor(100 * mixtureScore) === Math.floor(100 * scores[0])) {
    mixture = null
    mixtureScore = null
  }

  const single: SingleMatch[] = []
  for (let i = 0; i < ranked.length; i++) {
    if (i > 0 && scores[i] < SINGLE_SCORE_FLOOR) break
    single.push({ id: ranked[i].candidate.id, mmd2: ranked[i].distance, score: scores[i] })
  }
  if (single.length === 1 && single[0].score < SINGLE_SCORE_FLOOR) {
    const ratio = Math.abs(single[0].score) < 1e-5 ? 100 : SINGLE_SCORE_FLOOR / single[0].score
    single[0].score = SINGLE_SCORE_FLOOR
    if (mixtureScore !== null) mixtureScore = Math.min(1, mixtureScore * ratio)
  }
  return {
    single,
    mixture: mixture && mixtureScore !== null ? { ...mixture, score: mixtureScore } : null,
    skippedForDimension
  }
}
