/**
 * The small image CNN: on real Fashion-MNIST images (the starter dock's subset in resources/datasets) it beats
 * chance clearly and is at least as good as the pixel MLP it replaces on the same split; its ONNX export, run by
 * onnxruntime, gives the TypeScript forward pass's probabilities; training is reproducible from its seed; and
 * the backward pass agrees with central differences on a tiny network (both pooling kinds).
 */

import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readIdxImages, readIdxLabels, type ImageBatch } from '../../../src/engine/data/images'
import { createRng } from '../../../src/engine/math/rng'
import type { ProgressEvent } from '../../../src/engine/progress'
import { imageCnnToOnnx, trainImageCnn, trainMlpClassifier, type ImageCnnModel, type PoolKind } from '../../../src/engine/train'
import { CnnGradients, cnnBatchLoss, cnnParameters, CnnWorkspace, initCnnNetwork } from '../../../src/engine/train/convNetwork'
import { runOnnx } from './onnxParity'
import { accuracy, maxAbsDifference } from './tabularFixture'

const datasets = resolve(import.meta.dirname, '../../../resources/datasets')
/** t-shirt/top, pullover, dress, sneaker: two of them are easy to confuse. Labels stay Fashion-MNIST codes. */
const CODES = [0, 2, 3, 7]
const SHAPE = { channels: 1, height: 28, width: 28 }

interface LabelledImages { images: ImageBatch; labels: Int32Array }

/** The first `perClass` images of each of CODES in the market (training) or user (test-set) part. */
async function fashion(part: 'market' | 'user', perClass: number): Promise<LabelledImages> {
  const all = await readIdxImages(resolve(datasets, `fashion-mnist-${part}-images-idx3-ubyte.gz`))
  const codes = await readIdxLabels(resolve(datasets, `fashion-mnist-${part}-labels-idx1-ubyte.gz`))
  const rows = CODES.flatMap((code) => [...codes.keys()].filter((i) => codes[i] === code).slice(0, perClass)).sort((a, b) => a - b)
  const data = new Float32Array(rows.length * 784)
  rows.forEach((n, r) => data.set(all.data.subarray(n * 784, (n + 1) * 784), r * 784))
  return { images: { ...all, data, count: rows.length }, labels: Int32Array.from(rows, (i) => codes[i]) }
}

describe('trainImageCnn on Fashion-MNIST', () => {
  let train: LabelledImages
  let test: LabelledImages
  let cnn: ImageCnnModel

  beforeAll(async () => {
    train = await fashion('market', 125)
    test = await fashion('user', 60)
    cnn = trainImageCnn({ images: train.images.data, count: train.images.count, shape: SHAPE, labels: train.labels }, { seed: 0, epochs: 10 })
  }, 120_000)

  it('classifies held-out test-set images of 4 classes well above chance, at least as well as the pixel MLP', () => {
    const cnnAccuracy = accuracy(cnn.predict(test.images.data, test.images.count), test.labels)
    const mlp = trainMlpClassifier({ features: train.images.data, rows: train.images.count, cols: 784, labels: train.labels }, { hiddenLayers: [16], seed: 0, epochs: 60 })
    const mlpAccuracy = accuracy(mlp.predict(test.images.data, test.images.count), test.labels)
    console.info(`Fashion-MNIST 4 classes, ${train.images.count} training / ${test.images.count} test images: ` +
      `CNN ${cnnAccuracy.toFixed(3)} (${cnn.report.iterations} epochs, ${cnn.report.elapsedMs.toFixed(0)} ms), MLP ${mlpAccuracy.toFixed(3)}`)
    expect(cnnAccuracy).toBeGreaterThan(0.8)
    expect(cnnAccuracy).toBeGreaterThanOrEqual(mlpAccuracy)
  })

  it('exports an ONNX model over [N, 1, 28, 28] whose onnxruntime probabilities and labels match TypeScript', async () => {
    const onnx = await runOnnx(imageCnnToOnnx(cnn, SHAPE), test.images.data, test.images.count, 784)
    if (onnx.task !== 'classification') throw new Error('the exported model should be a classifier')
    const probabilities = cnn.predictProbabilities(test.images.data, test.images.count)
    expect(maxAbsDifference(onnx.probabilities!, probabilities)).toBeLessThan(1e-4)
    expect(Array.from(onnx.labels!)).toEqual(Array.from(cnn.predict(test.images.data, test.images.count)))
    expect(new Set(onnx.labels)).toEqual(new Set(CODES))
  })

  it('refuses to export for another image shape', () => {
    expect(() => imageCnnToOnnx(cnn, { channels: 3, height: 28, width: 28 })).toThrow(/trained on 1 × 28 × 28/)
  })
})

describe('trainImageCnn', () => {
  it('is reproducible from its seed (weights and ONNX bytes), a different seed gives another network, progress is monotone', async () => {
    const { images, labels } = await fashion('market', 25)
    const data = { images: images.data, count: images.count, shape: SHAPE, labels }
    const options = { epochs: 2, convChannels: [4, 8] }
    const events: ProgressEvent[] = []
    const a = trainImageCnn(data, { ...options, seed: 3, onProgress: (e) => events.push(e) })
    const b = trainImageCnn(data, { ...options, seed: 3 })
    const c = trainImageCnn(data, { ...options, seed: 4 })
    expect(a.network.stages[1].weights).toEqual(b.network.stages[1].weights)
    expect(a.network.dense.weights).toEqual(b.network.dense.weights)
    expect(Buffer.from(a.toOnnx()).equals(Buffer.from(b.toOnnx()))).toBe(true)
    expect(maxAbsDifference(a.network.stages[0].weights, c.network.stages[0].weights)).toBeGreaterThan(1e-3)
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    expect(fractions.at(-1)).toBe(1)
    expect(events.at(-1)?.status).toBe('done')
  })

  it('exports average pooling and odd-sized colour images (dropped edges) the way onnxruntime computes them', async () => {
    const rng = createRng(5)
    const shape = { channels: 3, height: 15, width: 13 }
    const count = 60
    const images = Float32Array.from({ length: count * 3 * 15 * 13 }, () => Math.round(255 * rng.next()))
    const labels = Int32Array.from({ length: count }, (_, i) => 10 + (i % 3))   // class values 10, 11, 12
    const model = trainImageCnn({ images, count, shape, labels }, { seed: 1, epochs: 3, pool: 'average', convChannels: [4, 6] })
    const onnx = await runOnnx(imageCnnToOnnx(model, shape), images, count, 3 * 15 * 13)
    if (onnx.task !== 'classification') throw new Error('the exported model should be a classifier')
    expect(maxAbsDifference(onnx.probabilities!, model.predictProbabilities(images, count))).toBeLessThan(1e-4)
    expect(Array.from(onnx.labels!).every((label) => [10, 11, 12].includes(label))).toBe(true)
  })

  it('stops with CANCELLED when its signal fires', async () => {
    const { images, labels } = await fashion('market', 10)
    const controller = new AbortController()
    controller.abort()
    expect(() => trainImageCnn({ images: images.data, count: images.count, shape: SHAPE, labels }, { signal: controller.signal })).toThrow(/cancelled/)
  })
})

describe('the CNN backward pass', () => {
  it.each(['max', 'average'] as PoolKind[])('matches central differences on a tiny network (%s pooling, odd map sizes)', (pool) => {
    const rng = createRng(11)
    const shape = { channels: 2, height: 7, width: 6 }
    const net = initCnnNetwork({ ...shape, convChannels: [3, 4], kernelSize: 3, pool, classCount: 3 }, rng)
    for (const p of cnnParameters(net)) for (let i = 0; i < p.length; i++) p[i] += 0.1 * rng.normal()   // non-zero biases too
    const count = 5
    const images = Float64Array.from({ length: count * 2 * 7 * 6 }, () => rng.normal())
    const targets = Int32Array.from({ length: count }, (_, i) => i % 3)
    const rows = [4, 0, 2, 1, 3]
    const work = new CnnWorkspace(net)
    const analytic = new CnnGradients(net)
    const scratch = new CnnGradients(net)
    const l2 = 0.01
    cnnBatchLoss(net, images, rows, targets, work, analytic, l2)
    const loss = () => cnnBatchLoss(net, images, rows, targets, work, scratch, l2)

    const eps = 1e-6
    let worst = 0
    let checked = 0
    cnnParameters(net).forEach((param, p) => {
      for (let i = 0; i < param.length; i++) {
        const kept = param[i]
        param[i] = kept + eps
        const up = loss()
        param[i] = kept - eps
        const down = loss()
        param[i] = kept
        const numeric = (up - down) / (2 * eps)
        worst = Math.max(worst, Math.abs(numeric - analytic.arrays[p][i]) / Math.max(1e-3, Math.abs(numeric)))
        checked++
      }
    })
    expect(checked).toBe(2 * 3 * 9 + 3 + 3 * 4 * 9 + 4 + 4 * 3 + 3)   // 7×6 → 3×3 → 1×1 after two poolings
    expect(worst).toBeLessThan(1e-5)
  })
})
