import { describe, expect, it } from 'vitest'
import { Matrix, solve } from 'ml-matrix'
import { trainRidgeRegression } from '../../../src/engine/train'
import { runOnnx } from './onnxParity'
import { maxAbsDifference, readTabular, rSquared, splitRows } from './tabularFixture'

describe('trainRidgeRegression', () => {
  it('diabetes: held-out R² in the range sklearn reports (~0.45–0.5) and the ONNX model matches', async () => {
    const { train, test } = splitRows(readTabular('diabetes'), 0.25, 42)
    const model = trainRidgeRegression(train, { alpha: 1 })
    const predicted = model.predict(test.features, test.rows)
    const r2 = rSquared(predicted, test.targets)
    console.info(`ridge diabetes held-out R² = ${r2.toFixed(3)}`)
    expect(r2).toBeGreaterThan(0.4)
    expect(r2).toBeLessThan(0.6)

    const onnx = await runOnnx(model.toOnnx(), test.features, test.rows, test.cols)
    if (onnx.task !== 'regression') throw new Error('the exported model should be a regressor')
    expect(onnx.targetsPerRow).toBe(1)
    // targets are ~25–350, so float32 carries ~1e-5 relative error
    expect(maxAbsDifference(onnx.values, predicted) / 350).toBeLessThan(1e-5)
  })

  it('with α = 0 equals ordinary least squares on the raw features (ml-matrix normal equations)', () => {
    const data = readTabular('diabetes')
    const model = trainRidgeRegression(data, { alpha: 0 })
    const design = new Matrix(data.rows, data.cols + 1)
    for (let r = 0; r < data.rows; r++) {
      design.set(r, 0, 1)
      for (let j = 0; j < data.cols; j++) design.set(r, j + 1, data.features[r * data.cols + j])
    }
    const coefficients = solve(design, Matrix.columnVector(Array.from(data.targets)))
    const ols = design.mmul(coefficients).getColumn(0)
    expect(maxAbsDifference(model.predict(data.features, data.rows), ols)).toBeLessThan(1e-6)
  })

  it('shrinks towards the mean as α grows, and fits several targets at once', () => {
    const data = readTabular('diabetes')
    const spread = (alpha: number) => {
      const p = trainRidgeRegression(data, { alpha }).predict(data.features, data.rows)
      return Math.max(...p) - Math.min(...p)
    }
    expect(spread(1e5)).toBeLessThan(spread(10))
    expect(spread(10)).toBeLessThan(spread(0.01) + 1e-9)

    const targets = new Float64Array(data.rows * 2)
    data.targets.forEach((t, r) => {
      targets[2 * r] = t
      targets[2 * r + 1] = -3 * t + 7
    })
    const both = trainRidgeRegression({ ...data, targets, targetsPerRow: 2 }, { alpha: 0 })
    const single = trainRidgeRegression(data, { alpha: 0 }).predict(data.features, data.rows)
    const pairs = both.predict(data.features, data.rows)
    expect(maxAbsDifference(pairs.filter((_, i) => i % 2 === 0), single)).toBeLessThan(1e-8)
    expect(maxAbsDifference(pairs.filter((_, i) => i % 2 === 1), single.map((v) => -3 * v + 7))).toBeLessThan(1e-8)
  })

  it('keeps a constant column from breaking the fit', () => {
    const data = readTabular('diabetes')
    const cols = data.cols + 1
    const features = new Float32Array(data.rows * cols)
    for (let r = 0; r < data.rows; r++) {
      features.set(data.features.subarray(r * data.cols, (r + 1) * data.cols), r * cols)
      features[r * cols + data.cols] = 5
    }
    const model = trainRidgeRegression({ ...data, features, cols }, { alpha: 0 })
    const reference = trainRidgeRegression(data, { alpha: 0 })
    expect(maxAbsDifference(model.predict(features, data.rows), reference.predict(data.features, data.rows))).toBeLessThan(1e-6)
  })
})
