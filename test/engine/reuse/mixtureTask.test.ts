/**
 * A user task drawn from two learnwares' sources: wine cultivars 0 and 1 went into one learnware, cultivars
 * 1 and 2 into another, and the user's rows hold all three. Neither learnware alone can be right on more
 * than about two thirds of them; reusers that combine the two (per-row routing, averaging, a learnt head,
 * a pruned vote) must do better than the best single learnware — and the user's columns come in another
 * order, so everything goes through column alignment by name.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createReuser, type LabelledData, type ReuseLearnware } from '../../../src/engine/reuse'
import { OnnxModelCache } from '../../../src/engine/runtime'
import { replayPlan } from './planReplay'
import {
  accuracy,
  dataOf,
  filterCsv,
  learnwareFrom,
  majorityBaseline,
  readCsvFixture,
  splitCsv,
  userTask,
  withEncoding,
  type UserTask
} from './reuseFixtures'

const cache = new OnnxModelCache()
let cultivars01: ReuseLearnware
let cultivars12: ReuseLearnware
let user: UserTask
let test_: LabelledData
let bestSingle = 0

beforeAll(async () => {
  const wine = readCsvFixture('wine')
  const { train: sources, heldOut: userRows } = splitCsv(wine, 0.4, 11)
  cultivars01 = await learnwareFrom(filterCsv(sources, (row) => row.target !== '2'), { name: 'Wine cultivars 0 and 1' })
  cultivars12 = await learnwareFrom(filterCsv(sources, (row) => row.target !== '0'), { name: 'Wine cultivars 1 and 2' })
  const { train: labelled, heldOut } = splitCsv(userRows, 0.5, 5)
  const reversed = [...wine.header.filter((h) => h !== 'target').reverse(), 'target']
  user = userTask(labelled, 'classification', cache, { columns: reversed })
  test_ = dataOf(withEncoding(heldOut, user.table))
  for (const lw of [cultivars01, cultivars12]) {
    const single = createReuser('single', [lw], user.context)
    bestSingle = Math.max(bestSingle, accuracy((await single.predict(test_)).labels!, test_.labels!))
  }
})

afterAll(() => cache.dispose())

describe('a user task mixing two learnwares\' sources', () => {
  test('no single learnware covers it, but each beats the majority class', () => {
    expect(bestSingle).toBeLessThan(0.8)
    expect(bestSingle).toBeGreaterThan(majorityBaseline(user.data.labels!, test_.labels!))
  })

  test('JobSelector routes rows to the right learnware and beats the best single one', async () => {
    const reuser = createReuser('job-selector', [cultivars01, cultivars12], user.context)
    await reuser.fit!({ ...test_, labels: undefined })
    const predicted = await reuser.predict(test_)
    const score = accuracy(predicted.labels!, test_.labels!)
    expect(score).toBeGreaterThan(bestSingle + 0.1)
    expect(score).toBeGreaterThanOrEqual(0.9)
    const weights = reuser.summary().weights!
    expect(weights).toHaveLength(2)
    expect(weights[0] + weights[1]).toBeCloseTo(1, 9)
  })

  test('Averaging by probabilities beats the best single learnware', async () => {
    const reuser = createReuser('averaging', [cultivars01, cultivars12], user.context, { mode: 'vote_by_prob' })
    expect(accuracy((await reuser.predict(test_)).labels!, test_.labels!)).toBeGreaterThan(bestSingle)
  })

  test('FeatureAugment, fitted on the user\'s labelled rows, beats the best single learnware', async () => {
    const reuser = createReuser('feature-augment', [cultivars01, cultivars12], user.context)
    await reuser.fit!(user.data)
    expect(accuracy((await reuser.predict(test_)).labels!, test_.labels!)).toBeGreaterThan(bestSingle + 0.1)
    expect(reuser.summary().penalty?.name).toBe('C')
  })

  test('EnsemblePruning keeps both (it needs two) and, voting by probabilities, beats the best single learnware', async () => {
    const reuser = createReuser('ensemble-pruning', [cultivars01, cultivars12], user.context, { mode: 'vote_by_prob' })
    await reuser.fit!(user.data)
    expect(reuser.summary().selectedIds).toEqual([cultivars01.id, cultivars12.id])
    expect(accuracy((await reuser.predict(test_)).labels!, test_.labels!)).toBeGreaterThan(bestSingle)
  })

  test('every plan, read literally (gather, fill, run, map, combine), reproduces the reuser\'s predictions', async () => {
    const reusers = [
      createReuser('single', [cultivars12], user.context),
      createReuser('averaging', [cultivars01, cultivars12], user.context, { mode: 'vote_by_prob' }),
      createReuser('averaging', [cultivars01, cultivars12], user.context, { mode: 'vote_by_label' }),
      createReuser('job-selector', [cultivars01, cultivars12], user.context),
      createReuser('feature-augment', [cultivars01, cultivars12], user.context)
    ]
    for (const reuser of reusers) {
      await reuser.fit?.(user.data)
      const predicted = await reuser.predict(test_)
      const replayed = await replayPlan(reuser.toPlan(), test_.features, test_.rows)
      expect(Array.from(replayed.labels!), reuser.method).toEqual(Array.from(predicted.labels!))
      if (replayed.probabilities) {
        const gap = Math.max(...replayed.probabilities.map((p, i) => Math.abs(p - predicted.probabilities![i])))
        expect(gap, reuser.method).toBeLessThan(1e-4)
      }
    }
  })

  test('the same seed gives the same router, weights and predictions', async () => {
    const fitted = async (seed: number) => {
      const reuser = createReuser('job-selector', [cultivars01, cultivars12], { ...user.context, seed }, { herdingSamples: 300 })
      await reuser.fit!(test_)
      const plan = reuser.toPlan()
      return { plan, weights: reuser.summary().weights, labels: Array.from((await reuser.predict(test_)).labels!) }
    }
    const [a, b, other] = [await fitted(3), await fitted(3), await fitted(4)]
    expect(a.weights).toEqual(b.weights)
    expect(a.labels).toEqual(b.labels)
    const bytes = (p: typeof a.plan) => (p.combiner.kind === 'selector' ? Buffer.from(p.combiner.selectorOnnx) : null)
    expect(bytes(a.plan)!.equals(bytes(b.plan)!)).toBe(true)
    expect(bytes(a.plan)!.equals(bytes(other.plan)!)).toBe(false)
  })
})
