/**
 * EnsemblePruning on real learnwares, some of them harmful (trained on systematically wrong labels — classes
 * shifted by one — or mirrored targets): MDEP's search on the user's labelled rows must leave those out and
 * do at least as well as averaging everything — for a multiclass task (wine), a binary one (breast cancer, the ±1-margin objectives) and a
 * regression (diabetes) — with a bounded, seeded search.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRng } from '../../../src/engine/math/rng'
import { createReuser, type LabelledData, type ReuseLearnware } from '../../../src/engine/reuse'
import { classificationProblem } from '../../../src/engine/reuse/ensemblePruning'
import { searchSubsets } from '../../../src/engine/reuse/mdep'
import { OnnxModelCache } from '../../../src/engine/runtime'
import {
  accuracy,
  dataOf,
  filterCsv,
  learnwareFrom,
  mapTarget,
  meanSquaredError,
  readCsvFixture,
  splitCsv,
  userTask,
  withEncoding,
  type CsvFixture,
  type UserTask
} from './reuseFixtures'

const cache = new OnnxModelCache()
afterAll(() => cache.dispose())

interface Pool {
  learnwares: ReuseLearnware[]
  useless: string[]
  user: UserTask
  test: LabelledData
}

/** Three learnwares on thirds of the source rows, two on wrong targets; the user's rows held out. */
async function pool(name: 'wine' | 'breast_cancer' | 'diabetes', task: 'classification' | 'regression'): Promise<Pool> {
  const csv = readCsvFixture(name)
  const { train: sources, heldOut } = splitCsv(csv, 0.4, 21)
  const learnwares: ReuseLearnware[] = []
  for (let third = 0; third < 3; third++) {
    learnwares.push(await learnwareFrom(filterCsv(sources, (_, i) => i % 3 === third), { name: `${name} third ${third}`, task }))
  }
  const useless: string[] = []
  for (const half of [0, 1]) {
    const rows = filterCsv(sources, (_, i) => i % 2 === half)
    const lw = await learnwareFrom(task === 'classification' ? shiftedClasses(rows) : mirroredTargets(rows), { name: `${name} wrong ${half}`, task })
    learnwares.splice(half * 2 + 1, 0, lw)
    useless.push(lw.id)
  }
  const { train: labelled, heldOut: testRows } = splitCsv(heldOut, 0.5, 22)
  const user = userTask(labelled, task, cache)
  return { learnwares, useless, user, test: dataOf(withEncoding(testRows, user.table)) }
}

/** Every class code c becomes (c + 1) mod classes: a confident, systematically wrong learnware. */
function shiftedClasses(csv: CsvFixture): CsvFixture {
  const t = csv.header.indexOf('target')
  const classes = new Set(csv.rows.map((row) => row[t])).size
  return mapTarget(csv, (value) => String((Number(value) + 1) % classes))
}

/** Targets mirrored around their mean: a learnware anti-correlated with the truth. */
function mirroredTargets(csv: CsvFixture): CsvFixture {
  const t = csv.header.indexOf('target')
  const mean = csv.rows.reduce((sum, row) => sum + Number(row[t]), 0) / csv.rows.length
  return mapTarget(csv, (value) => String(2 * mean - Number(value)))
}

describe('EnsemblePruning on learnwares of mixed quality', () => {
  let wine: Pool
  let breast: Pool
  let diabetes: Pool
  beforeAll(async () => {
    wine = await pool('wine', 'classification')
    breast = await pool('breast_cancer', 'classification')
    diabetes = await pool('diabetes', 'regression')
  })

  test.each([['wine (multiclass)', () => wine], ['breast cancer (binary)', () => breast]] as const)('%s: leaves the wrong learnwares out and votes at least as well as all of them', async (_, get) => {
    const { learnwares, useless, user, test: rows } = get()
    const pruning = createReuser('ensemble-pruning', learnwares, user.context)
    await pruning.fit!(user.data)
    const selected = pruning.summary().selectedIds!
    expect(selected.length).toBeGreaterThanOrEqual(2)
    expect(selected.filter((id) => useless.includes(id))).toEqual([])
    const everyone = createReuser('averaging', learnwares, user.context, { mode: 'vote_by_label' })
    const pruned = accuracy((await pruning.predict(rows)).labels!, rows.labels!)
    expect(pruned).toBeGreaterThanOrEqual(accuracy((await everyone.predict(rows)).labels!, rows.labels!))
    expect(pruned).toBeGreaterThan(0.85)
    const plan = pruning.toPlan()
    expect(plan.combiner).toEqual({ kind: 'vote-labels' })
    expect(plan.members.map((m) => m.learnwareId)).toEqual(selected)
  })

  test('diabetes (regression): leaves the mirrored learnwares out and averages better than all of them', async () => {
    const { learnwares, useless, user, test: rows } = diabetes
    const pruning = createReuser('ensemble-pruning', learnwares, user.context)
    await pruning.fit!(user.data)
    expect(pruning.summary().selectedIds!.filter((id) => useless.includes(id))).toEqual([])
    const everyone = createReuser('averaging', learnwares, user.context)
    const pruned = meanSquaredError((await pruning.predict(rows)).values!, rows.targets!)
    expect(pruned).toBeLessThan(meanSquaredError((await everyone.predict(rows)).values!, rows.targets!))
    expect(pruning.toPlan().combiner).toEqual({ kind: 'mean-values' })
  })

  test('the same seed keeps the same learnwares', async () => {
    const kept = async () => {
      const reuser = createReuser('ensemble-pruning', wine.learnwares, { ...wine.user.context, seed: 9 })
      await reuser.fit!(wine.user.data)
      return reuser.summary().selectedIds
    }
    expect(await kept()).toEqual(await kept())
  })
})

describe('the MDEP search', () => {
  const rng = createRng(3)
  const rows = 1000
  const labels = Int32Array.from({ length: rows }, () => rng.int(3))
  // 25 members, member i right with probability 0.4 + 0.02·i, else a random class
  const votes = Array.from({ length: 25 }, (_, i) => Int32Array.from(labels, (y) => (rng.next() < 0.4 + 0.02 * i ? y : rng.int(3))))

  test('stops well before its generation limit once the pick settles, and keeps at least two members', () => {
    const result = searchSubsets(classificationProblem(votes, labels, 3), { seed: 0, errorObjective: 1, maxGenerations: 500 })
    expect(result.converged).toBe(true)
    expect(result.generations).toBeLessThan(500)
    const kept = Array.from(result.best).flatMap((bit, i) => (bit ? [i] : []))
    expect(kept.length).toBeGreaterThanOrEqual(2)
    // the better members (higher index) dominate the chosen vote
    expect(kept.reduce((a, b) => a + b, 0) / kept.length).toBeGreaterThan(12)
  })

  test('is deterministic for a seed and honours the generation limit', () => {
    const run = (seed: number, maxGenerations: number) => searchSubsets(classificationProblem(votes, labels, 3), { seed, errorObjective: 1, maxGenerations })
    expect(Array.from(run(5, 40).best)).toEqual(Array.from(run(5, 40).best))
    expect(run(5, 3).generations).toBe(3)
  })

  test('reports every generation and stops with CANCELLED on an aborted signal', () => {
    const controller = new AbortController()
    controller.abort()
    expect(() => searchSubsets(classificationProblem(votes, labels, 3), { seed: 0, errorObjective: 1, signal: controller.signal })).toThrow(expect.objectContaining({ code: 'CANCELLED' }))
  })
})
