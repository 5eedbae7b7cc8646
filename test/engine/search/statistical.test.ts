import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { autoMixture, greedyMixture, MixtureProblem } from '../../../src/engine/search/mixture'
import { distancesToScores } from '../../../src/engine/search/scores'
import { statisticalSearch } from '../../../src/engine/search/statistical'
import { mmd2, parseRkmeTableSpec } from '../../../src/engine/spec'
import { fixturesDir, readJson } from '../../helpers/fixtures'

const dir = join(fixturesDir, 'rkme-search')
const expected = readJson(join(dir, 'expected.json')) as {
  learnwares: string[]
  single_mmd2: number[]
  all_weights: { weights: number[]; mmd2: number }
  greedy: { mmd2: number; weights: number[]; learnwares: string[] }
  auto: { mmd2: number; weights: number[]; learnwares: string[] }
  search_greedy: { single: { id: string; score: number }[]; multiple: { ids: string[]; score: number }[] }
  search_auto: { single: { id: string; score: number }[]; multiple: { ids: string[]; score: number }[] }
}
const load = (file: string) => parseRkmeTableSpec(readJson(join(dir, file)), file)
const user = load('market_user.json')
const candidates = expected.learnwares.map((id) => ({ id, spec: load(id) }))

describe('statistical search reproduces Beimingwu (fixtures/rkme-search)', () => {
  it('single MMD² per learnware', async () => {
    candidates.forEach((c, i) => expect(mmd2(c.spec, user)).toBeCloseTo(expected.single_mmd2[i], 10))
  })

  it('simplex mixture weights over all learnwares', async () => {
    const problem = new MixtureProblem(user, candidates)
    const { weights, mmd2: distance } = problem.solve(candidates.map((_, i) => i))
    weights.forEach((w, i) => expect(Math.abs(w - expected.all_weights.weights[i])).toBeLessThan(1e-4))
    expect(distance).toBeCloseTo(expected.all_weights.mmd2, 7)
  })

  for (const method of ['greedy', 'auto'] as const) {
    it(`${method} mixture: same learnwares in the same order, weights within 1e-4`, async () => {
      const problem = new MixtureProblem(user, candidates)
      const mixture = method === 'greedy' ? greedyMixture(problem) : autoMixture(problem)
      expect(mixture.ids).toEqual(expected[method].learnwares)
      mixture.weights.forEach((w, i) => expect(Math.abs(w - expected[method].weights[i])).toBeLessThan(1e-4))
      expect(mixture.mmd2).toBeCloseTo(expected[method].mmd2, 7)
    })

    it(`full ${method} search: order exact, scores within 1e-6`, async () => {
      const result = await statisticalSearch(user, candidates, { mixture: method })
      const reference = expected[`search_${method}`]
      expect(result.single.map((s) => s.id)).toEqual(reference.single.map((s) => s.id))
      result.single.forEach((s, i) => expect(Math.abs(s.score - reference.single[i].score)).toBeLessThan(1e-6))
      expect(result.mixture?.ids).toEqual(reference.multiple[0].ids)
      expect(Math.abs(result.mixture!.score - reference.multiple[0].score)).toBeLessThan(1e-6)
    })
  }

  it('skips learnwares of another dimension and says which', async () => {
    const other = { id: 'narrow', spec: { ...user, featuresPerRow: 9, pointShape: [9], z: user.z.subarray(0, 900) } }
    const result = await statisticalSearch(user, [...candidates, other])
    expect(result.skippedForDimension).toEqual(['narrow'])
    expect(result.single.map((s) => s.id)).not.toContain('narrow')
  })

  it('finds a learnware searched with its own spec first, with no mixture', async () => {
    const result = await statisticalSearch(candidates[2].spec, candidates)
    expect(result.single[0]).toMatchObject({ id: candidates[2].id, mmd2: 0 })
    expect(result.mixture).toBeNull()
  })
})

describe('distance → score conversion', () => {
  it('gives all ones for equal distances and an empty list for none', () => {
    expect(distancesToScores([0.2, 0.2])).toEqual([1, 1])
    expect(distancesToScores([])).toEqual([])
  })

  it('is monotone: a smaller distance never gets a smaller score', () => {
    const distances = [0.01, 0.3, 0.05, 0.2, 0.12]
    const scores = distancesToScores(distances)
    const order = distances.map((d, i) => [d, scores[i]]).sort((a, b) => a[0] - b[0])
    order.forEach((pair, i) => i > 0 && expect(pair[1]).toBeLessThanOrEqual(order[i - 1][1]))
  })
})
