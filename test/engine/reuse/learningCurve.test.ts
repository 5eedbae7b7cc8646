import { beforeAll, describe, expect, it } from 'vitest'
import type { ProgressEvent } from '../../../src/engine/progress'
import { learningCurve, scratchCatchesUpAt, type CurveSeries, type LearningCurve } from '../../../src/engine/reuse/learningCurve'
import { expectMonotoneProgress, readCsvFixture, splitCsv, trainedLearnware, userTable } from './previewFixtures'

function describeCurve(curve: LearningCurve): string {
  const metric = curve.metricNames[0]
  const header = `${'labelled rows'.padEnd(24)} ${curve.sizes.map((s) => String(s).padStart(7)).join('')}`
  const lines = curve.series.map((s) => `${s.label.padEnd(24)} ${Array.from(s.mean[metric]!, (v) => v.toFixed(3).padStart(7)).join('')}`)
  return [`${metric}, ${curve.heldOutRows} held-out rows, ${curve.repeats} repeats; scratch catches up at ${curve.scratchCatchesUpAt}`, header, ...lines].join('\n')
}

function series(curve: LearningCurve, id: string): CurveSeries {
  const found = curve.series.find((s) => s.id === id)
  if (!found) throw new Error(`no series ${id}`)
  return found
}

/** Best reuse minus scratch at each size, signed so that > 0 means reuse is ahead. */
function reuseLead(curve: LearningCurve): number[] {
  const metric = curve.metricNames[0]
  const sign = metric === 'rmse' ? -1 : 1
  const scratch = series(curve, 'scratch').mean[metric]!
  return curve.sizes.map((_, i) => {
    const best = Math.max(...curve.series.filter((s) => s.kind === 'reuse').map((s) => sign * s.mean[metric]![i]))
    return best - sign * scratch[i]
  })
}

describe('learningCurve on breast_cancer (learnware trained on 142 rows, user has 427)', () => {
  let curve: LearningCurve
  const events: ProgressEvent[] = []

  beforeAll(async () => {
    const { train, heldOut } = splitCsv(readCsvFixture('breast_cancer'), 0.75, 2)
    const full = await trainedLearnware(train, { id: 'bc', name: 'Breast cancer (142 rows)', task: 'Classification' })
    const few = await trainedLearnware({ header: train.header, rows: train.rows.slice(0, 60) }, { id: 'bc-60', name: 'Breast cancer (60 rows)', task: 'Classification' })
    curve = await learningCurve({ table: userTable(heldOut, 'classification'), learnwares: [full, few], onProgress: (e) => events.push(e) })
    console.info(`breast_cancer learning curve\n${describeCurve(curve)}`)
  }, 120_000)

  it('scores the default sizes the table can afford, on one held-out set', () => {
    expect(curve.sizes).toEqual([10, 30, 100, 300])
    expect(curve.skippedSizes).toEqual([1000])
    expect(curve).toMatchObject({ usableRows: 427, heldOutRows: 127, repeats: 5, metricNames: ['accuracy', 'macroF1', 'kappa'] })
    for (const s of curve.series) {
      expect(s.errors).toEqual([null, null, null, null])
      for (const m of curve.metricNames) expect(s.mean[m]).toBeInstanceOf(Float64Array)
    }
  })

  it('shows training from scratch catching up as labels grow', () => {
    const scratch = series(curve, 'scratch').mean.accuracy!
    expect(scratch[3]).toBeGreaterThan(scratch[0] + 0.03)
    const lead = reuseLead(curve)
    expect(lead[0]).toBeGreaterThan(0.03)
    expect(lead[3]).toBeLessThan(0.01)
    expect(lead[3]).toBeLessThan(lead[0] - 0.03)
  })

  it('draws flat lines for methods that never see labels', () => {
    for (const id of ['single:bc', 'single:bc-60', 'averaging', 'job-selector']) {
      const accuracy = Array.from(series(curve, id).mean.accuracy!)
      expect(new Set(accuracy).size).toBe(1)
    }
  })

  it('reports progress monotone, ending at 1', () => {
    expectMonotoneProgress(events, 'learning curve')
  })
})

describe('learningCurve on diabetes (regression)', () => {
  it('RMSE of ridge from scratch falls towards the learnware as labels grow', async () => {
    const { train, heldOut } = splitCsv(readCsvFixture('diabetes'), 0.4, 2)
    const full = await trainedLearnware(train, { id: 'db', name: 'Diabetes (265 rows)', task: 'Regression' })
    const curve = await learningCurve({ table: userTable(heldOut, 'regression'), learnwares: [full], methods: ['single', 'feature-augment'] })
    console.info(`diabetes learning curve\n${describeCurve(curve)}`)
    expect(curve.sizes).toEqual([10, 30, 100])
    const scratch = series(curve, 'scratch').mean.rmse!
    expect(scratch[2]).toBeLessThan(scratch[0] - 10)
    const lead = reuseLead(curve)
    expect(lead[0]).toBeGreaterThan(10)
    expect(lead[2]).toBeLessThan(lead[0] / 3)
  })
})

describe('learningCurve sizes and failures', () => {
  it('refuses sizes no table row count can afford, and reports a method that fails at some sizes only', async () => {
    const { train, heldOut } = splitCsv(readCsvFixture('wine'), 0.5, 1)
    const table = userTable(heldOut, 'classification')
    const wine = await trainedLearnware(train, { id: 'wine', task: 'Classification' })
    await expect(learningCurve({ table, learnwares: [wine], sizes: [500] })).rejects.toMatchObject({ code: 'USAGE' })
    await expect(learningCurve({ table, learnwares: [wine], sizes: [1.5] })).rejects.toMatchObject({ code: 'USAGE' })

    const curve = await learningCurve({
      table, learnwares: [wine], methods: ['single'], sizes: [30, 5, 10, 30], repeats: 2,
      extraCandidates: [{
        id: 'picky', label: 'Needs 10 rows', kind: 'reuse', method: 'single', learnwareIds: [], needsLabels: true,
        fit: async (labelled, run) => {
          if (labelled.length < 10) throw new Error('too few rows')
          return { predict: async (rows) => ({ labels: Int32Array.from(rows, (r) => run.table.target!.codes![r]) }) }
        }
      }]
    })
    expect(curve.sizes).toEqual([5, 10, 30])
    const picky = series(curve, 'picky')
    expect(picky.errors.map((e) => e?.message ?? null)).toEqual(['Unexpected error: too few rows', null, null])
    expect(Number.isNaN(picky.mean.accuracy![0])).toBe(true)
    expect(Array.from(picky.mean.accuracy!.subarray(1))).toEqual([1, 1])
  })

  it('cancels with CANCELLED', async () => {
    const { train, heldOut } = splitCsv(readCsvFixture('wine'), 0.5, 1)
    const wine = await trainedLearnware(train, { id: 'wine', task: 'Classification' })
    const controller = new AbortController()
    const run = learningCurve({
      table: userTable(heldOut, 'classification'), learnwares: [wine], signal: controller.signal,
      onProgress: (e) => e.status === 'progress' && e.fraction > 0.3 && controller.abort()
    })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED', message: 'The learning curve was cancelled' })
  })
})

describe('scratchCatchesUpAt', () => {
  const line = (id: string, kind: CurveSeries['kind'], values: number[]): CurveSeries => ({
    id, label: id, kind, method: kind === 'scratch' ? 'scratch' : 'single', learnwareIds: [],
    mean: { accuracy: Float64Array.from(values), rmse: Float64Array.from(values) }, std: {}, errors: values.map(() => null)
  })
  const sizes = [10, 30, 100, 300]

  it('is the smallest size from which on scratch is at least as good as every reuse method', () => {
    const reuse = [line('a', 'reuse', [0.9, 0.9, 0.9, 0.9]), line('b', 'reuse', [0.8, 0.85, 0.88, 0.95])]
    expect(scratchCatchesUpAt([...reuse, line('s', 'scratch', [0.7, 0.92, 0.89, 0.96])], sizes, 'accuracy')).toBe(300)
    expect(scratchCatchesUpAt([...reuse, line('s', 'scratch', [0.7, 0.92, 0.95, 0.96])], sizes, 'accuracy')).toBe(30)
    expect(scratchCatchesUpAt([...reuse, line('s', 'scratch', [0.7, 0.8, 0.85, 0.94])], sizes, 'accuracy')).toBeNull()
    // lower is better for RMSE
    expect(scratchCatchesUpAt([line('a', 'reuse', [50, 50, 50, 50]), line('s', 'scratch', [90, 60, 49, 45])], sizes, 'rmse')).toBe(100)
    // the trivial floor is not a reuse method
    expect(scratchCatchesUpAt([line('m', 'baseline', [1, 1, 1, 1]), line('a', 'reuse', [0.5, 0.5, 0.5, 0.5]), line('s', 'scratch', [0.6, 0.6, 0.6, 0.6])], sizes, 'accuracy')).toBe(10)
  })
})
