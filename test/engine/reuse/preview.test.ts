import { beforeAll, describe, expect, it } from 'vitest'
import type { LoadedTable } from '../../../src/engine/data'
import type { ProgressEvent } from '../../../src/engine/progress'
import { cellCount, rowsInCell } from '../../../src/engine/reuse/metrics'
import { previewReuse, type CandidateOutcome, type PreviewCandidate, type PreviewResult } from '../../../src/engine/reuse/preview'
import { splitAt, splitOrders } from '../../../src/engine/reuse/splits'
import type { ReuseLearnware } from '../../../src/engine/reuse/types'
import { OnnxModelCache } from '../../../src/engine/runtime'
import { expectMonotoneProgress, readCsvFixture, splitCsv, trainedLearnware, userTable, type CsvFixture } from './previewFixtures'

/** One line per candidate: `label  accuracy 0.972±0.013  macroF1 …`. */
function describePreview(result: PreviewResult): string {
  return result.candidates
    .map((c) => `${c.label.padEnd(24)} ${c.status === 'ok' ? result.metricNames.map((m) => `${m} ${c.metrics[m]!.mean.toFixed(3)}±${c.metrics[m]!.std.toFixed(3)}`).join('  ') : `failed: ${c.error.code} ${c.error.message}`}`)
    .join('\n')
}

function ok(result: PreviewResult, id: string): Extract<CandidateOutcome, { status: 'ok' }> {
  const outcome = result.candidates.find((c) => c.id === id)
  if (outcome?.status !== 'ok') throw new Error(`${id}: ${outcome?.status === 'failed' ? outcome.error.message : 'missing'}`)
  return outcome
}

function bestReuse(result: PreviewResult): Extract<CandidateOutcome, { status: 'ok' }> {
  const metric = result.metricNames[0]
  const sign = metric === 'rmse' ? -1 : 1
  const reuse = result.candidates.filter((c): c is Extract<CandidateOutcome, { status: 'ok' }> => c.kind === 'reuse' && c.status === 'ok')
  return reuse.reduce((best, c) => (sign * c.metrics[metric]!.mean > sign * best.metrics[metric]!.mean ? c : best))
}

/** breast_cancer: a learnware trained on 60 % of the rows (all columns), one on a third of those and 6 columns; the user has the other 40 %. */
async function breastCancerSetup(splitSeed: number): Promise<{ user: LoadedTable; full: ReuseLearnware; small: ReuseLearnware; train: CsvFixture }> {
  const { train, heldOut } = splitCsv(readCsvFixture('breast_cancer'), 0.4, splitSeed)
  const full = await trainedLearnware(train, { id: 'bc-full', name: 'Breast cancer (341 rows)', task: 'Classification' })
  const third = { header: train.header, rows: train.rows.slice(0, 114) }
  const small = await trainedLearnware(third, { id: 'bc-small', name: 'Breast cancer (6 columns)', task: 'Classification', columns: train.header.slice(0, 6) })
  return { user: userTable(heldOut, 'classification'), full, small, train }
}

describe('previewReuse on breast_cancer (a matching learnware exists)', () => {
  let setup: Awaited<ReturnType<typeof breastCancerSetup>>
  let result: PreviewResult
  const events: ProgressEvent[] = []

  beforeAll(async () => {
    setup = await breastCancerSetup(2)
    result = await previewReuse({ table: setup.user, learnwares: [setup.full, setup.small], labelledRows: 100, repeats: 5, seed: 0, onProgress: (e) => events.push(e) })
    console.info(`breast_cancer, ${result.usableRows} user rows, ${result.labelledRows} labelled, ${result.heldOutRows} held out, ${result.repeats} repeats\n${describePreview(result)}`)
  })

  it('scores every candidate: each learnware, the four multi-learnware reusers, scratch and the majority floor', () => {
    expect(result.candidates.map((c) => c.id)).toEqual([
      'single:bc-full', 'single:bc-small', 'averaging', 'job-selector', 'ensemble-pruning', 'feature-augment', 'scratch', 'majority'
    ])
    expect(result.candidates.every((c) => c.status === 'ok')).toBe(true)
    expect(result).toMatchObject({ task: 'classification', classNames: ['0', '1'], usableRows: 228, labelledRows: 100, heldOutRows: 128, repeats: 5 })
    expect(result.metricNames).toEqual(['accuracy', 'macroF1', 'kappa'])
    for (const c of result.candidates) {
      if (c.status !== 'ok') continue
      for (const m of result.metricNames) expect(c.metrics[m]!.values).toHaveLength(5)
    }
  })

  it('with 100 labelled rows the best reuse method beats training from scratch, and everything beats the majority class', () => {
    const scratch = ok(result, 'scratch').metrics.accuracy!.mean
    const best = bestReuse(result)
    expect(best.metrics.accuracy!.mean).toBeGreaterThan(scratch + 0.01)
    expect(best.metrics.kappa!.mean).toBeGreaterThan(ok(result, 'scratch').metrics.kappa!.mean)
    const majority = ok(result, 'majority')
    expect(majority.metrics.kappa!.mean).toBe(0)
    for (const c of result.candidates) if (c.status === 'ok' && c.id !== 'majority') expect(c.metrics.accuracy!.mean).toBeGreaterThan(majority.metrics.accuracy!.mean + 0.2)
  })

  it('gives the confusion matrix of the first split with the table rows behind each cell', () => {
    const full = ok(result, 'single:bc-full')
    const cm = full.confusion!
    expect(cm.classCount).toBe(2)
    const cells = [0, 1].flatMap((a) => [0, 1, 2].map((p) => cellCount(cm, a, p)))
    expect(cells.reduce((x, y) => x + y, 0)).toBe(128)
    const correct = cellCount(cm, 0, 0) + cellCount(cm, 1, 1)
    expect(correct / 128).toBeCloseTo(full.metrics.accuracy!.values[0], 12)
    const codes = setup.user.target!.codes!
    for (const a of [0, 1]) for (const p of [0, 1]) for (const row of rowsInCell(cm, a, p)) expect(codes[row]).toBe(a)
    // the first split's held-out rows, each once
    const [order] = splitOrders(setup.user.target!, { repeats: 1, seed: 0 })
    expect([...cm.cellRows].sort((x, y) => x - y)).toEqual(Array.from(splitAt(order, 100).heldOut).sort((x, y) => x - y))
  })

  it('reports what the reusers decided (members, pruned set, penalty) on the first split', () => {
    expect(ok(result, 'averaging').summary?.members.map((m) => m.learnwareId)).toEqual(['bc-full', 'bc-small'])
    expect(ok(result, 'ensemble-pruning').summary?.method).toBe('ensemble-pruning')
    expect(ok(result, 'feature-augment').summary?.penalty?.name).toBe('C')
  })

  it('reports progress from start to done, monotone, ending at 1', () => {
    expectMonotoneProgress(events, 'reuse preview')
  })
})

describe('previewReuse: reuse beats scratch at 100 labels on other user/learnware splits too', () => {
  it.each([1, 3, 4])('breast_cancer split %i', async (splitSeed) => {
    const { user, full } = await breastCancerSetup(splitSeed)
    const result = await previewReuse({ table: user, learnwares: [full], methods: ['single', 'feature-augment'], labelledRows: 100 })
    console.info(`breast_cancer split ${splitSeed}\n${describePreview(result)}`)
    expect(bestReuse(result).metrics.accuracy!.mean).toBeGreaterThan(ok(result, 'scratch').metrics.accuracy!.mean)
  })
})

describe('previewReuse on diabetes (regression)', () => {
  it('scores RMSE, MAE and R²; the matching learnware beats ridge trained on 100 labelled rows', async () => {
    const { train, heldOut } = splitCsv(readCsvFixture('diabetes'), 0.4, 2)
    const full = await trainedLearnware(train, { id: 'db-full', name: 'Diabetes (265 rows)', task: 'Regression' })
    const small = await trainedLearnware({ header: train.header, rows: train.rows.slice(0, 60) }, { id: 'db-small', name: 'Diabetes (60 rows)', task: 'Regression' })
    const result = await previewReuse({ table: userTable(heldOut, 'regression'), learnwares: [full, small], labelledRows: 100 })
    console.info(`diabetes, ${result.usableRows} user rows, ${result.labelledRows} labelled, ${result.heldOutRows} held out\n${describePreview(result)}`)
    expect(result.metricNames).toEqual(['rmse', 'mae', 'r2'])
    expect(result.candidates.map((c) => [c.id, c.status])).toEqual([
      ['single:db-full', 'ok'], ['single:db-small', 'ok'], ['averaging', 'ok'], ['job-selector', 'ok'],
      ['ensemble-pruning', 'ok'], ['feature-augment', 'ok'], ['scratch', 'ok'], ['mean', 'ok']
    ])
    const scratch = ok(result, 'scratch').metrics
    expect(bestReuse(result).metrics.rmse!.mean).toBeLessThan(scratch.rmse!.mean - 1)
    expect(ok(result, 'single:db-full').metrics.r2!.mean).toBeGreaterThan(scratch.r2!.mean)
    expect(Math.abs(ok(result, 'mean').metrics.r2!.mean)).toBeLessThan(0.1)
    expect(ok(result, 'scratch').confusion).toBeUndefined()
  })
})

describe('previewReuse failures, cancellation, the candidate contract', () => {
  let setup: Awaited<ReturnType<typeof breastCancerSetup>>
  beforeAll(async () => {
    setup = await breastCancerSetup(2)
  })

  it('reports a candidate that fails (unmappable classes, other columns, a bug) with its message and scores the rest', async () => {
    const named = withTargetNames(setup.train, ['malignant', 'benign'])
    const renamed = await trainedLearnware(named, { id: 'bc-named', name: 'Breast cancer (named classes)', task: 'Classification' })
    const wine = await trainedLearnware(readCsvFixture('wine'), { id: 'wine', name: 'Wine cultivar', task: 'Classification' })
    const buggy: PreviewCandidate = {
      id: 'buggy', label: 'Buggy model', kind: 'reuse', method: 'single', learnwareIds: [], needsLabels: true,
      fit: async () => { throw new TypeError('x is undefined') }
    }
    const result = await previewReuse({
      table: setup.user, learnwares: [setup.full, renamed, wine], methods: ['single', 'averaging', 'feature-augment'], repeats: 2, extraCandidates: [buggy]
    })
    console.info(`failures\n${describePreview(result)}`)
    const byId = new Map(result.candidates.map((c) => [c.id, c]))
    expect(byId.get('single:bc-full')?.status).toBe('ok')
    expect(byId.get('scratch')?.status).toBe('ok')
    const unmappable = byId.get('single:bc-named')!
    expect(unmappable).toMatchObject({ status: 'failed', error: { code: 'REUSE_LABEL_MISMATCH' } })
    if (unmappable.status === 'failed') expect(unmappable.error.message).toMatch(/named classes/)
    const otherColumns = byId.get('single:wine')!
    expect(otherColumns.status).toBe('failed')
    if (otherColumns.status === 'failed') expect(otherColumns.error.message).toMatch(/Wine cultivar/)
    expect(byId.get('averaging')?.status).toBe('failed')
    expect(byId.get('buggy')).toMatchObject({ status: 'failed', error: { code: 'UNEXPECTED', message: 'Unexpected error: x is undefined' } })

    // FeatureAugment reads raw outputs, so classes it cannot map by name still help it
    const augment = await previewReuse({ table: setup.user, learnwares: [renamed], methods: ['feature-augment'], repeats: 2 })
    expect(ok(augment, 'feature-augment').metrics.accuracy!.mean).toBeGreaterThan(0.9)
  })

  it('is reproducible from its seed and changes with it', async () => {
    const run = (seed: number) => previewReuse({ table: setup.user, learnwares: [setup.full], methods: ['single'], repeats: 3, seed })
    const [a, b, c] = await Promise.all([run(4), run(4), run(5)])
    expect(ok(a, 'scratch').metrics.accuracy!.values).toEqual(ok(b, 'scratch').metrics.accuracy!.values)
    expect(ok(a, 'scratch').metrics.accuracy!.values).not.toEqual(ok(c, 'scratch').metrics.accuracy!.values)
  })

  it('fits a label-free candidate once on all rows; a labelled one once per split, on rows disjoint from those it is scored on', async () => {
    const calls: { fit: number[]; predict: number[][] } = { fit: [], predict: [] }
    const predictions = (labelled: Uint32Array | null): PreviewCandidate['fit'] => async (labelledRows, run) => {
      calls.fit.push(labelledRows.length)
      return {
        predict: async (rows) => {
          calls.predict.push(Array.from(rows))
          if (labelled) for (const row of rows) expect(labelledRows.includes(row)).toBe(false)
          return { labels: Int32Array.from(rows, (r) => run.table.target!.codes![r]) }
        }
      }
    }
    const oracle: PreviewCandidate = { id: 'oracle', label: 'Oracle', kind: 'reuse', method: 'single', learnwareIds: [], needsLabels: false, fit: predictions(null) }
    const result = await previewReuse({ table: setup.user, learnwares: [], methods: [], repeats: 4, extraCandidates: [oracle] })
    expect(calls.fit).toEqual([0])
    expect(calls.predict).toHaveLength(1)
    expect(calls.predict[0]).toHaveLength(228)
    expect(ok(result, 'oracle').metrics.accuracy!.values).toEqual([1, 1, 1, 1])

    calls.fit.length = 0
    calls.predict.length = 0
    const labelled: PreviewCandidate = { ...oracle, id: 'labelled', needsLabels: true, fit: predictions(new Uint32Array(0)) }
    await previewReuse({ table: setup.user, learnwares: [], methods: [], repeats: 4, labelledRows: 50, extraCandidates: [labelled] })
    expect(calls.fit).toEqual([50, 50, 50, 50])
    expect(calls.predict.map((rows) => rows.length)).toEqual([178, 178, 178, 178])
  })

  it('cancels with CANCELLED when the signal fires, before or during the work', async () => {
    const cache = new OnnxModelCache()
    try {
      const before = new AbortController()
      before.abort()
      await expect(previewReuse({ table: setup.user, learnwares: [setup.full], signal: before.signal, cache })).rejects.toMatchObject({ code: 'CANCELLED' })

      const during = new AbortController()
      const seen: ProgressEvent[] = []
      const started = performance.now()
      const run = previewReuse({
        table: setup.user, learnwares: [setup.full, setup.small], cache, signal: during.signal,
        onProgress: (e) => {
          seen.push(e)
          if (e.status === 'progress' && e.fraction > 0.2) during.abort()
        }
      })
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED', message: 'The reuse preview was cancelled' })
      expect(seen.some((e) => e.status === 'done')).toBe(false)
      expect(performance.now() - started).toBeLessThan(30_000)
    } finally {
      await cache.dispose()
    }
  })

  it('refuses a table without a target and a budget that leaves too few rows to score', async () => {
    const noTarget = { ...setup.user, target: undefined }
    await expect(previewReuse({ table: noTarget, learnwares: [] })).rejects.toMatchObject({ code: 'USAGE' })
    await expect(previewReuse({ table: setup.user, learnwares: [], labelledRows: 220 })).rejects.toThrow(/user\.csv: 220 labelled rows leave too few to score on \(228 rows/)
  })
})

function withTargetNames(csv: CsvFixture, names: readonly string[]): CsvFixture {
  const t = csv.header.indexOf('target')
  return { header: csv.header, rows: csv.rows.map((row) => row.map((cell, i) => (i === t ? names[Number(cell)] : cell))) }
}
