import { describe, expect, it } from 'vitest'
import { isLearnwareError } from '../../../src/engine/errors'
import { createRng } from '../../../src/engine/math/rng'
import type { ProgressEvent } from '../../../src/engine/progress'
import { minimizeLbfgs, trainLogisticRegression } from '../../../src/engine/train'
import { runOnnx } from './onnxParity'
import { accuracy, maxAbsDifference, readTabular, splitRows } from './tabularFixture'

describe('trainLogisticRegression on real data', () => {
  it.each([
    ['iris', 0.9],
    ['wine', 0.9],
    ['breast_cancer', 0.93]
  ] as const)('%s: held-out accuracy ≥ %s and the ONNX model gives the same labels and probabilities', async (name, minAccuracy) => {
    const { train, test } = splitRows(readTabular(name), 0.25, 42)
    const model = trainLogisticRegression({ ...train, labels: train.targets })
    expect(model.report.converged).toBe(true)
    const labels = model.predict(test.features, test.rows)
    expect(accuracy(labels, test.targets)).toBeGreaterThanOrEqual(minAccuracy)

    const onnx = await runOnnx(model.toOnnx(), test.features, test.rows, test.cols)
    if (onnx.task !== 'classification') throw new Error('the exported model should be a classifier')
    expect(Array.from(onnx.labels!)).toEqual(Array.from(labels))
    expect(maxAbsDifference(onnx.probabilities!, model.predictProbabilities(test.features, test.rows))).toBeLessThan(1e-5)
  })

  it('reaches the optimum: the gradient of the penalised loss vanishes (finite differences)', () => {
    const data = readTabular('wine')
    const l2 = 0.05
    const model = trainLogisticRegression({ ...data, labels: data.targets }, { l2 })
    // objective recomputed independently from the TS predictions: mean cross-entropy + 0.5·l2·‖W‖²
    const objective = (weights: Float64Array, bias: Float64Array): number => {
      const probe = Object.create(model, { weights: { value: weights }, bias: { value: bias } })
      const p = probe.predictProbabilities(data.features, data.rows) as Float64Array
      let loss = 0
      for (let r = 0; r < data.rows; r++) loss -= Math.log(p[r * 3 + data.targets[r]])
      return loss / data.rows + 0.5 * l2 * weights.reduce((s, w) => s + w * w, 0)
    }
    const h = 1e-5
    for (const index of [0, 7, 20, 38]) {
      const plus = model.weights.slice()
      const minus = model.weights.slice()
      plus[index] += h
      minus[index] -= h
      expect(Math.abs((objective(plus, model.bias) - objective(minus, model.bias)) / (2 * h))).toBeLessThan(1e-4)
    }
  })

  it('maps arbitrary class values (e.g. 3, 5, 9) through to TS and ONNX labels', async () => {
    const iris = readTabular('iris')
    const labels = iris.targets.map((t) => [3, 5, 9][t])
    const model = trainLogisticRegression({ ...iris, labels })
    expect(Array.from(model.classes)).toEqual([3, 5, 9])
    const onnx = await runOnnx(model.toOnnx(), iris.features, iris.rows, iris.cols)
    expect(onnx.task === 'classification' && Array.from(onnx.labels!)).toEqual(Array.from(model.predict(iris.features, iris.rows)))
    expect(accuracy(model.predict(iris.features, iris.rows), labels)).toBeGreaterThan(0.95)
  })

  it('converges on 5,000 rows × 20 badly scaled features × 10 classes (timing: npm run bench)', () => {
    const rng = createRng(3)
    const rows = 5000
    const cols = 20
    const centres = Float64Array.from({ length: 10 * cols }, () => rng.normal() * 1.5)
    const features = new Float32Array(rows * cols)
    const labels = new Int32Array(rows)
    for (let r = 0; r < rows; r++) {
      labels[r] = rng.int(10)
      for (let j = 0; j < cols; j++) features[r * cols + j] = centres[labels[r] * cols + j] + rng.normal() * 2 + 10 * j
    }
    const model = trainLogisticRegression({ features, rows, cols, labels })
    expect(model.report.converged).toBe(true)
    expect(accuracy(model.predict(features, rows), labels)).toBeGreaterThan(0.8)
  })

  it('is deterministic, reports monotone progress ending at 1, and can be cancelled', () => {
    const iris = readTabular('iris')
    const events: ProgressEvent[] = []
    const a = trainLogisticRegression({ ...iris, labels: iris.targets }, { onProgress: (e) => events.push(e) })
    const b = trainLogisticRegression({ ...iris, labels: iris.targets })
    expect(a.weights).toEqual(b.weights)
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    expect(fractions.at(-1)).toBe(1)
    expect(events.at(-1)).toEqual({ status: 'done', task: 'logistic regression' })

    const controller = new AbortController()
    controller.abort()
    let code = ''
    try {
      trainLogisticRegression({ ...iris, labels: iris.targets }, { signal: controller.signal })
    } catch (error) {
      code = isLearnwareError(error) ? error.code : 'other'
    }
    expect(code).toBe('CANCELLED')
  })

  it('refuses NaN features and missing (−1) labels with the row named', () => {
    const iris = readTabular('iris')
    const features = iris.features.slice()
    features[4 * 2 + 1] = NaN
    expect(() => trainLogisticRegression({ ...iris, features, labels: iris.targets })).toThrow(/row 3, column 2 is NaN/)
    const labels = Int32Array.from(iris.targets)
    labels[9] = -1
    expect(() => trainLogisticRegression({ ...iris, labels })).toThrow(/row 10 has label -1/)
  })
})

describe('minimizeLbfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    const scales = [1, 10, 100, 1000]
    const result = minimizeLbfgs((x, g) => {
      let value = 0
      scales.forEach((s, i) => {
        g[i] = s * (x[i] - i)
        value += 0.5 * s * (x[i] - i) ** 2
      })
      return value
    }, new Float64Array(4))
    expect(result.converged).toBe(true)
    result.x.forEach((v, i) => expect(v).toBeCloseTo(i, 5))
  })
})
