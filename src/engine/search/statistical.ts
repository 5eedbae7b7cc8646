/**
 * Statistical search, as Beimingwu's `EasyStatSearcher` (reference §5.2): rank the learnwares whose spec has
 * the user's feature dimension by MMD² to the user's spec, look for a mixture among the best 25, convert
 * distances to scores, and keep the singles scoring ≥ 0.6. Differences: results carry the raw MMD² next to
 * the relative score, and the mixture carries its weights and MMD².
 *
 * Example:
 *   const result = await statisticalSearch(userSpec, dockCandidates, { mixture: 'greedy' })
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

export function statisticalSearch(user: RkmeTableSpec, candidates: readonly SpecCandidate[], options: StatisticalSearchOptions = {}): Promise<StatisticalSearchResult> {
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
async function crossTermsByGamma(candidates: readonly SpecCandidate[], user: RkmeTableSpec): Promise<{ members: SpecCandidate[]; cross: Float64Array; approximate: boolean }[]> {
  const byGamma = new Map<number, SpecCandidate[]>()
  for (const candidate of candidates) {
    const members = byGamma.get(candidate.spec.gamma)
    if (members) members.push(candidate)
    else byGamma.set(candidate.spec.gamma, [candidate])
  }
  const terms: { members: SpecCandidate[]; cross: Float64Array; approximate: boolean }[] = []
  for (const members of byGamma.values()) {
    const stack = stackSpecsCached(members)
    terms.push({ members, cross: await crossInnerProducts(stack, user), approximate: stack.approximate })
  }
  return terms
}

interface RankedCandidate {
  candidate: SpecCandidate
  distance: number
  group: number
  /** True while the distance comes from the float32 kernel (large docks). */
  approximate: boolean
}

/** Candidates whose distance is always exact: the float32 kernel only orders the rest of a large dock. */
const EXACT_BEST = 64

/**
 * Beimingwu's dist(learnware, user) = ⟨lw,lw⟩ − 2⟨lw,user⟩ + ⟨user,user⟩; a value within rounding noise of
 * zero is zero (an identical spec must rank as identical and get no mixture).
 */
function specDistance(candidate: SpecCandidate, cross: number, userSelf: number): number {
  const self = candidate.selfInner ?? innerProduct(candidate.spec, candidate.spec)
  const raw = self - 2 * cross + userSelf
  return Math.abs(raw) <= 1e-12 * (self + userSelf) ? 0 : raw
}

/**
 * Recomputes in float64 the distances of the first `count` candidates that came from the float32 kernel and
 * sorts again. Float32 cross terms are good to ~1e-6 relative, so no candidate outside the first `count`
 * can belong among them unless distances tie to that precision.
 */
function refineBest(ranked: RankedCandidate[], groups: readonly AlignedGroup[], count: number): void {
  const best = ranked.slice(0, count).filter((entry) => entry.approximate)
  if (best.length === 0) return
  const userSelf = new Map<number, number>()
  for (const entry of best) {
    const user = groups[entry.group].user
    if (!userSelf.has(entry.group)) userSelf.set(entry.group, innerProduct(user, user))
    entry.distance = specDistance(entry.candidate, innerProduct(entry.candidate.spec, user), userSelf.get(entry.group)!)
    entry.approximate = false
  }
  ranked.sort((a, b) => a.distance - b.distance)
}

export async function groupedStatisticalSearch(groups: readonly AlignedGroup[], options: StatisticalSearchOptions = {}): Promise<StatisticalSearchResult> {
  const skippedForDimension: string[] = []
  const ranked: RankedCandidate[] = []
  for (const [groupIndex, group] of groups.entries()) {
    const userSelf = innerProduct(group.user, group.user)
    const comparable: SpecCandidate[] = []
    for (const candidate of group.candidates) {
      if (candidate.spec.featuresPerRow === group.user.featuresPerRow) comparable.push(candidate)
      else skippedForDimension.push(candidate.id)
    }
    for (const { members, cross, approximate } of await crossTermsByGamma(comparable, group.user)) {
      members.forEach((candidate, c) => {
        const distance = specDistance(candidate, cross[c], userSelf)
        if (Number.isFinite(distance)) ranked.push({ candidate, distance, group: groupIndex, approximate })
      })
    }
  }
  ranked.sort((a, b) => a.distance - b.distance)
  refineBest(ranked, groups, Math.max(EXACT_BEST, (options.maxLearnwares ?? 5) ** 2))
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
