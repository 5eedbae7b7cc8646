import { describe, expect, it } from 'vitest'
import type { ProgressEvent } from '../../../src/engine/progress'
import { trainMlpClassifier, trainMlpRegressor } from '../../../src/engine/train'
import { runOnnx } from './onnxParity'
import { accuracy, maxAbsDifference, readTabular, rSquared, splitRows } from './tabularFixture'

describe('trainMlpClassifier', () => {
  it.each([
    ['iris', [16]],
    ['wine', [16]],
    ['breast_cancer', [32, 16]]
  ] as const)('%s (hidden %j): held-out accuracy ≥ 0.9 and the ONNX model gives the same labels and probabilities', async (name, hidden) => {
    const { train, test } = splitRows(readTabular(name), 0.25, 42)
    const model = trainMlpClassifier({ ...train, labels: train.targets }, { hiddenLayers: hidden, seed: 1 })
    const labels = model.predict(test.features, test.rows)
    const heldOut = accuracy(labels, test.targets)
    console.info(`MLP ${name}: held-out accuracy ${heldOut.toFixed(3)} after ${model.report.iterations} epochs, ${model.report.elapsedMs.toFixed(0)} ms`)
    expect(heldOut).toBeGreaterThanOrEqual(0.9)

    const onnx = await runOnnx(model.toOnnx(), test.features, test.rows, test.cols)
    if (onnx.task !== 'classification') throw new Error('the exported model should be a classifier')
    expect(Array.from(onnx.labels!)).toEqual(Array.from(labels))
    expect(maxAbsDifference(onnx.probabilities!, model.predictProbabilities(test.features, test.rows))).toBeLessThan(1e-5)
  })

  it('is reproducible from its seed, and a different seed gives a different network', () => {
    const iris = readTabular('iris')
    const options = { hiddenLayers: [8], epochs: 20 }
    const a = trainMlpClassifier({ ...iris, labels: iris.targets }, { ...options, seed: 5 })
    const b = trainMlpClassifier({ ...iris, labels: iris.targets }, { ...options, seed: 5 })
    const c = trainMlpClassifier({ ...iris, labels: iris.targets }, { ...options, seed: 6 })
    expect(a.layers[0].weights).toEqual(b.layers[0].weights)
    expect(a.predictProbabilities(iris.features, iris.rows)).toEqual(b.predictProbabilities(iris.features, iris.rows))
    expect(maxAbsDifference(a.layers[0].weights, c.layers[0].weights)).toBeGreaterThan(1e-3)
  })

  it('lowers its training loss and reports monotone progress that ends at 1', () => {
    const wine = readTabular('wine')
    const events: ProgressEvent[] = []
    const short = trainMlpClassifier({ ...wine, labels: wine.targets }, { epochs: 2, seed: 0 })
    const long = trainMlpClassifier({ ...wine, labels: wine.targets }, { epochs: 100, seed: 0, onProgress: (e) => events.push(e) })
    expect(long.report.finalLoss).toBeLessThan(short.report.finalLoss / 2)
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions.length).toBeGreaterThan(2)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    expect(fractions.at(-1)).toBe(1)
  })
})

describe('trainMlpRegressor', () => {
  it('diabetes: held-out R² near ridge’s and the ONNX model (with target scaling inside) matches', async () => {
    const { train, test } = splitRows(readTabular('diabetes'), 0.25, 42)
    const model = trainMlpRegressor(train, { hiddenLayers: [16], seed: 3 })
    const predicted = model.predict(test.features, test.rows)
    const r2 = rSquared(predicted, test.targets)
    console.info(`MLP diabetes: held-out R² ${r2.toFixed(3)} after ${model.report.iterations} epochs`)
    expect(r2).toBeGreaterThan(0.35)

    const onnx = await runOnnx(model.toOnnx(), test.features, test.rows, test.cols)
    if (onnx.task !== 'regression') throw new Error('the exported model should be a regressor')
    expect(maxAbsDifference(onnx.values, predicted) / 350).toBeLessThan(1e-5)
  })

  it('fits a smooth nonlinear function that a linear model cannot', () => {
    const rows = 400
    const features = new Float32Array(rows * 2)
    const targets = new Float64Array(rows)
    for (let r = 0; r < rows; r++) {
      const [a, b] = [((r * 37) % 101) / 50 - 1, ((r * 53) % 97) / 48 - 1]
      features.set([a, b], 2 * r)
      targets[r] = a * a + Math.abs(b)
    }
    const model = trainMlpRegressor({ features, rows, cols: 2, targets }, { hiddenLayers: [32, 32], epochs: 300, seed: 0 })
    expect(rSquared(model.predict(features, rows), targets)).toBeGreaterThan(0.95)
  })
})
