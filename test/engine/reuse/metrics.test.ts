import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/math/rng'
import {
  cellCount,
  classificationMetrics,
  confusionMatrix,
  meanAndStd,
  metricsFromConfusion,
  regressionMetrics,
  rowsInCell
} from '../../../src/engine/reuse/metrics'

describe('classification metrics', () => {
  // confusion (rows = actual, columns = predicted): [[2,1,0],[0,1,1],[0,0,1]]
  const actual = [0, 0, 0, 1, 1, 2]
  const predicted = [0, 0, 1, 1, 2, 2]

  it('match values computed by hand (accuracy 4/6, macro-F1 (0.8 + 0.5 + 2/3)/3, kappa 0.5)', () => {
    const scores = classificationMetrics(actual, predicted, 3)
    expect(scores.accuracy).toBeCloseTo(4 / 6, 12)
    expect(scores.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12)
    // p_o = 2/3, p_e = (3·2 + 2·2 + 1·2)/36 = 1/3 → (2/3 − 1/3)/(2/3)
    expect(scores.kappa).toBeCloseTo(0.5, 12)
  })

  it('binary case equals the textbook formulas (precision, recall, kappa)', () => {
    // TP = 3, FN = 1, FP = 2, TN = 4 for class 1
    const a = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    const p = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0]
    const scores = classificationMetrics(a, p, 2)
    const f1Positive = (2 * 3) / (2 * 3 + 1 + 2)
    const f1Negative = (2 * 4) / (2 * 4 + 2 + 1)
    expect(scores.accuracy).toBeCloseTo(0.7, 12)
    expect(scores.macroF1).toBeCloseTo((f1Positive + f1Negative) / 2, 12)
    const expected = 0.4 * 0.5 + 0.6 * 0.5
    expect(scores.kappa).toBeCloseTo((0.7 - expected) / (1 - expected), 12)
  })

  it('perfect predictions score 1 on every metric', () => {
    const labels = [2, 0, 1, 1, 0, 2, 2]
    expect(classificationMetrics(labels, labels, 3)).toEqual({ accuracy: 1, macroF1: 1, kappa: 1 })
    // one class on both sides: kappa is 0/0, reported as perfect agreement
    expect(classificationMetrics([1, 1, 1], [1, 1, 1], 2)).toEqual({ accuracy: 1, macroF1: 1, kappa: 1 })
  })

  it('kappa of predictions drawn by chance is about 0, of systematically wrong ones below 0', () => {
    const rng = createRng(11)
    const n = 20_000
    const a = Int32Array.from({ length: n }, () => rng.int(4))
    const p = Int32Array.from({ length: n }, () => (rng.next() < 0.7 ? 0 : 1 + rng.int(3)))
    expect(Math.abs(classificationMetrics(a, p, 4).kappa)).toBeLessThan(0.02)
    const shifted = Int32Array.from(a, (k) => (k + 1) % 4)
    expect(classificationMetrics(a, shifted, 4).kappa).toBeLessThan(-0.3)
  })

  it('macro-F1 averages over classes seen on either side; a never-predicted class scores 0', () => {
    // class 2 exists in neither → left out; class 1 is never predicted → F1 0
    expect(classificationMetrics([0, 0, 1], [0, 0, 0], 3).macroF1).toBeCloseTo((0.8 + 0) / 2, 12)
  })

  it('an answer outside the classes is wrong and lands in the "no usable prediction" column', () => {
    const cm = confusionMatrix([0, 1, 1], [0, -1, 7], 2)
    expect(cm.columns).toBe(3)
    expect(cellCount(cm, 1, 2)).toBe(2)
    expect(metricsFromConfusion(cm).accuracy).toBeCloseTo(1 / 3, 12)
  })
})

describe('confusion matrix rows', () => {
  it('gives the table rows behind each cell, ascending', () => {
    const cm = confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3, { rowIds: [40, 12, 7, 3, 99, 5] })
    expect(Array.from(cm.counts)).toEqual([2, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0])
    expect(Array.from(rowsInCell(cm, 0, 0))).toEqual([12, 40])
    expect(Array.from(rowsInCell(cm, 0, 1))).toEqual([7])
    expect(Array.from(rowsInCell(cm, 1, 2))).toEqual([99])
    expect(Array.from(rowsInCell(cm, 2, 0))).toEqual([])
  })

  it('property: the cells partition the rows, and each row sits in the cell of its (actual, predicted) pair', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((classes) =>
          fc.tuple(fc.constant(classes), fc.array(fc.tuple(fc.integer({ min: 0, max: classes - 1 }), fc.integer({ min: -1, max: classes })), { maxLength: 60 }))
        ),
        ([classes, pairs]) => {
          const cm = confusionMatrix(pairs.map((p) => p[0]), pairs.map((p) => p[1]), classes)
          const seen = new Set<number>()
          for (let a = 0; a < classes; a++) {
            for (let p = 0; p < cm.columns; p++) {
              const rows = rowsInCell(cm, a, p)
              expect(rows.length).toBe(cellCount(cm, a, p))
              for (const row of rows) {
                seen.add(row)
                const answer = pairs[row][1] >= 0 && pairs[row][1] < classes ? pairs[row][1] : classes
                expect([pairs[row][0], answer]).toEqual([a, p])
              }
            }
          }
          expect(seen.size).toBe(pairs.length)
          const { accuracy, macroF1, kappa } = metricsFromConfusion(cm)
          if (pairs.length > 0) {
            expect(accuracy).toBeGreaterThanOrEqual(0)
            expect(accuracy).toBeLessThanOrEqual(1)
            expect(macroF1).toBeLessThanOrEqual(1 + 1e-12)
            expect(kappa).toBeLessThanOrEqual(1 + 1e-12)
          }
        }
      )
    )
  })

  it('property: metrics do not depend on the order of the rows', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 40 }), fc.integer(), (pairs, seed) => {
        const shuffled = createRng(seed).shuffle(pairs.slice())
        const before = classificationMetrics(pairs.map((p) => p[0]), pairs.map((p) => p[1]), 3)
        const after = classificationMetrics(shuffled.map((p) => p[0]), shuffled.map((p) => p[1]), 3)
        expect(after.accuracy).toBeCloseTo(before.accuracy, 12)
        expect(after.macroF1).toBeCloseTo(before.macroF1, 12)
        expect(after.kappa).toBeCloseTo(before.kappa, 12)
      })
    )
  })
})

describe('regression metrics', () => {
  it('match values computed by hand', () => {
    // errors 0, 0, 0, 1; mean 2.5 → SS_tot = 5
    expect(regressionMetrics([1, 2, 3, 4], [1, 2, 3, 5])).toEqual({ rmse: 0.5, mae: 0.25, r2: 0.8 })
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8])
    expect(m.mae).toBeCloseTo(0.5, 12)
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12)
    expect(m.r2).toBeCloseTo(0.9486081370449679, 12) // sklearn's r2_score docstring example
  })

  it('perfect predictions: RMSE 0, MAE 0, R² 1; predicting the mean gives R² 0', () => {
    expect(regressionMetrics([1.5, -2, 8], [1.5, -2, 8])).toEqual({ rmse: 0, mae: 0, r2: 1 })
    expect(regressionMetrics([1, 2, 3], [2, 2, 2]).r2).toBeCloseTo(0, 12)
    // constant target (sklearn force_finite): perfect → 1, otherwise 0
    expect(regressionMetrics([4, 4], [4, 4]).r2).toBe(1)
    expect(regressionMetrics([4, 4], [4, 5]).r2).toBe(0)
  })

  it('property: RMSE ≥ MAE ≥ 0 and R² ≤ 1', () => {
    const value = fc.double({ min: -1e3, max: 1e3, noNaN: true })
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 50 }), (pairs) => {
        const m = regressionMetrics(pairs.map((p) => p[0]), pairs.map((p) => p[1]))
        expect(m.mae).toBeGreaterThanOrEqual(0)
        expect(m.rmse + 1e-9).toBeGreaterThanOrEqual(m.mae)
        expect(m.r2).toBeLessThanOrEqual(1)
      })
    )
  })
})

describe('meanAndStd', () => {
  it('uses the sample standard deviation, 0 for one value', () => {
    const { mean, std } = meanAndStd([2, 4, 4, 4, 5, 5, 7, 9])
    expect(mean).toBe(5)
    expect(std).toBeCloseTo(Math.sqrt(32 / 7), 12)
    expect(meanAndStd([3])).toEqual({ mean: 3, std: 0 })
  })
})
