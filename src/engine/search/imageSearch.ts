/**
 * Searching a dock with a user's images (a folder, an IDX file): every image learnware is compared with the
 * user's RKME image spec under the NNGP kernel, and — Beimingwu's quirk for images (reference §5.2 step 6)
 * — each MMD² is mapped to 1 − exp(−d / 5e-5), and the table search's score and 0.6 filter decide which
 * learnwares are listed. For specs with a fitted Z that transform is 1.0 for every learnware (all listed, all
 * scored 1, as in Beimingwu), so the score shown is then made from the MMD² itself (scoreDistances): the
 * same learnwares in the same order, with scores that tell them apart. The kernel runs in float64 ('exact', the
 * WASM SIMD pair kernel): ~7× faster than the float32 replay of the reference and more accurate (they differ
 * by ~1e-8 relative; ADR 0006), on the process's NNGP worker pool.
 * Not done: mixtures of image learnwares (Beimingwu runs the same QP over NNGP inner products, each
 * learnware–learnware product a full K × K NNGP Gram; with the saturated transform it then drops the mixture,
 * whose score ties the top single's); the result's `mixture` is always null.
 *
 * Example:
 *   const folder = await loadImageFolder('photos/')
 *   const result = await searchDockWithImages(dock, folder.images)
 *   result.single[0]   // { id, name, score, mmd2 } — mmd2 is the MMD² itself (not transformed)
 */

import type { ImageBatch } from '../data/images'
import type { Dock } from '../dock'
import { LearnwareError } from '../errors'
import { generateRkmeImageSpec, imageMmd2Many, imageSearchDistance, type RkmeImageSpec } from '../spec/image'
import { finish, semanticSurvivors, type DockSearchOptions, type DockSearchResult } from './dockSearch'
import { distancesToScores } from './scores'
import type { StatisticalSearchResult } from './statistical'

const SINGLE_SCORE_FLOOR = 0.6
const DISTANCES_PER_ROUND = 4

export async function searchDockWithImages(dock: Dock, images: ImageBatch, options: DockSearchOptions = {}): Promise<DockSearchResult> {
  const user = await generateRkmeImageSpec(images, { seed: options.seed ?? 0, ...(options.k ? { k: options.k } : {}) })
  return await searchDockWithImageSpec(dock, user, options)
}

export async function searchDockWithImageSpec(dock: Dock, user: RkmeImageSpec, options: DockSearchOptions = {}): Promise<DockSearchResult> {
  const { entries } = semanticSurvivors(dock, options.semantic ?? {})
  const wanted = new Set(entries.map((e) => e.id))
  const candidates = dock.imageSpecCandidates().filter((c) => wanted.has(c.id))
  const ranked: { id: string; mmd2: number }[] = []
  // A few learnwares at a time on all cores, checking for a cancel in between.
  for (let from = 0; from < candidates.length; from += DISTANCES_PER_ROUND) {
    if (options.signal?.aborted) throw new LearnwareError('CANCELLED', 'The image search was cancelled')
    const round = candidates.slice(from, from + DISTANCES_PER_ROUND)
    const distances = await imageMmd2Many(user, round.map((c) => c.spec), { arithmetic: 'exact' })
    // MMD² ≥ 0 for a positive-definite kernel: a negative value is rounding (a spec against itself).
    round.forEach((candidate, i) => { if (Number.isFinite(distances[i])) ranked.push({ id: candidate.id, mmd2: Math.max(0, distances[i]) }) })
  }
  // Rank by the raw MMD²: Beimingwu's transform 1 − exp(−d/5e-5) is monotone but saturates at 1.0 for
  // d ≳ 2e-3, where specs with a fitted Z sit, so sorting by it would tie.
  ranked.sort((a, b) => a.mmd2 - b.mmd2)
  // Which learnwares are listed is Beimingwu's decision (its 0.6 filter on its transformed distances); the
  // score shown is the informative one (scoreDistances). They differ only where the transform saturates.
  const listed = distancesToScores(ranked.map((r) => imageSearchDistance(r.mmd2)))
  const scores = distancesToScores(scoreDistances(ranked.map((r) => r.mmd2)))
  const single: StatisticalSearchResult['single'] = []
  for (let i = 0; i < ranked.length; i++) {
    if (i > 0 && listed[i] < SINGLE_SCORE_FLOOR) break
    single.push({ id: ranked[i].id, mmd2: ranked[i].mmd2, score: scores[i] })
  }
  if (single.length === 1 && single[0].score < SINGLE_SCORE_FLOOR) single[0].score = SINGLE_SCORE_FLOOR
  return finish(entries, { single, mixture: null, skippedForDimension: [] }, [], options.limit)
}

/**
 * The distances shown scores are made from: Beimingwu's transform when it keeps the ranking, else the
 * MMD² itself. For specs with a fitted Z (ours; MMD² ~1e-3 – 1e-1) the transform is 1.0 in float64 for
 * every learnware, so every score would be 1 (Beimingwu shows exactly that); scoring the MMD² keeps the
 * best at 1 and spreads the others as the table search does.
 */
export function scoreDistances(sortedMmd2: readonly number[]): number[] {
  const transformed = sortedMmd2.map(imageSearchDistance)
  const keepsOrder = transformed.every((t, i) => i === 0 || t > transformed[i - 1] || sortedMmd2[i] === sortedMmd2[i - 1])
  return keepsOrder ? transformed : [...sortedMmd2]
}
