/**
 * Image learnwares: an MLP over flattened Fashion-MNIST pixels (the starter dock's subset in
 * resources/datasets), exported with an [N, 1, 28, 28] input, packed with packImageLearnware, passes the real
 * checker (probed with images herded from its image spec), and predicts through predictWithLearnwareImages
 * exactly what the trained model predicts — also on 32 × 32 images, which the runner resizes.
 */

import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkLearnwarePackage } from '../../../src/engine/check'
import { readIdxImages, readIdxLabels, resizeImageBatch, type ImageBatch } from '../../../src/engine/data/images'
import { readLearnwarePackage } from '../../../src/engine/learnware'
import { packImageLearnware } from '../../../src/engine/pack'
import { predictWithLearnwareImages, readImageInput } from '../../../src/engine/predict'
import { OnnxModelCache } from '../../../src/engine/runtime'
import { imageMlpToOnnx, trainMlpClassifier, type MlpClassifierModel } from '../../../src/engine/train'

const datasets = resolve(import.meta.dirname, '../../../resources/datasets')
const CLASSES = ['trouser', 'bag', 'sneaker']
const CODES = [1, 8, 7]

async function fashion(part: 'market' | 'user'): Promise<{ images: ImageBatch; labels: string[] }> {
  const all = await readIdxImages(resolve(datasets, `fashion-mnist-${part}-images-idx3-ubyte.gz`))
  const codes = await readIdxLabels(resolve(datasets, `fashion-mnist-${part}-labels-idx1-ubyte.gz`))
  const rows = [...codes.keys()].filter((i) => CODES.includes(codes[i]))
  const data = new Float32Array(rows.length * 784)
  rows.forEach((n, r) => data.set(all.data.subarray(n * 784, (n + 1) * 784), r * 784))
  return { images: { ...all, data, count: rows.length }, labels: rows.map((i) => CLASSES[CODES.indexOf(codes[i])]) }
}

describe('packImageLearnware', () => {
  let train: { images: ImageBatch; labels: string[] }
  let user: { images: ImageBatch; labels: string[] }
  let mlp: MlpClassifierModel
  let zip: Uint8Array
  let status: string

  beforeAll(async () => {
    train = await fashion('market')
    user = await fashion('user')
    mlp = trainMlpClassifier(
      { features: train.images.data, rows: train.images.count, cols: 784, labels: Int32Array.from(train.labels, (l) => CLASSES.indexOf(l)) },
      { hiddenLayers: [16], seed: 0, epochs: 30 }
    )
    const packed = await packImageLearnware({
      onnxModel: imageMlpToOnnx(mlp, { channels: 1, height: 28, width: 28 }),
      images: train.images,
      labels: train.labels,
      classes: CLASSES,
      k: 8,
      steps: 5,
      semantic: { name: 'Trousers, bags, sneakers', description: 'MLP over flattened 28 × 28 pixels', scenarios: ['Business'], license: 'MIT' }
    })
    zip = packed.zip
    status = packed.check!.status
  }, 120_000)

  it('writes a Data = Image package that the real checker finds usable', async () => {
    expect(status).toBe('usable')
    const pkg = await readLearnwarePackage(zip)
    const report = await checkLearnwarePackage(pkg)
    expect(report.reasons).toEqual([])
    expect(report.checks.map((c) => c.name)).toContain('image-input')
    expect(pkg.semanticSpec?.Data.Values).toEqual(['Image'])
    expect(pkg.semanticSpec?.Input?.Dimension).toBe(784)
    expect(pkg.statSpecs.map((s) => s.type)).toEqual(['RKMEImageSpecification'])
    expect(readImageInput(pkg)).toMatchObject({ channels: 1, height: 28, width: 28, scale: 1 })
  })

  it('is not runnable without imageInput, and invalid when imageInput contradicts the spec', async () => {
    const withoutInput = await readLearnwarePackage(zip)
    if (withoutInput.model.kind !== 'onnx') throw new Error('expected an ONNX package')
    delete (withoutInput.model.manifest as Record<string, unknown>).imageInput
    const missing = await checkLearnwarePackage(withoutInput)
    expect(missing.status).toBe('not-runnable')
    expect(missing.reasons.join(' ')).toMatch(/imageInput/)
    const colour = await readLearnwarePackage(zip)
    if (colour.model.kind !== 'onnx') throw new Error('expected an ONNX package')
    const manifest = colour.model.manifest as Record<string, unknown>
    manifest.imageInput = { ...(manifest.imageInput as object), channels: 3, pixelMean: [1, 2, 3], pixelStd: [1, 1, 1] }
    const mismatch = await checkLearnwarePackage(colour)
    expect(mismatch.status).toBe('invalid')
    expect(mismatch.reasons.join(' ')).toMatch(/3-channel images but the image specification was made from 1-channel/)
  })

  it('predicts what the trained model predicts, and classifies held-out images well', async () => {
    const pkg = await readLearnwarePackage(zip)
    const cache = new OnnxModelCache()
    try {
      const { prediction } = await predictWithLearnwareImages(pkg, user.images, { cache })
      const expected = mlp.predict(user.images.data, user.images.count)
      if (prediction.task !== 'classification') throw new Error('expected a classification')
      expect(Array.from(prediction.labels ?? [])).toEqual(Array.from(expected))
      const right = (prediction.labelNames ?? []).filter((name, i) => name === user.labels[i]).length
      expect(right / user.labels.length).toBeGreaterThan(0.9)
    } finally {
      await cache.dispose()
    }
  })

  it('resizes images of another size to the model\'s 28 × 28', async () => {
    const pkg = await readLearnwarePackage(zip)
    const big = resizeImageBatch(user.images, 32, 32)
    const { prediction } = await predictWithLearnwareImages(pkg, big)
    if (prediction.task !== 'classification') throw new Error('expected a classification')
    const right = (prediction.labelNames ?? []).filter((name, i) => name === user.labels[i]).length
    expect(right / user.labels.length).toBeGreaterThan(0.8)
  })

  it('refuses a model whose input does not fit the images', async () => {
    const small = resizeImageBatch(train.images, 14, 14)
    await expect(packImageLearnware({
      onnxModel: imageMlpToOnnx(mlp, { channels: 1, height: 28, width: 28 }), images: small, labels: train.labels, classes: CLASSES, check: false,
      semantic: { name: 'x', description: 'x', scenarios: ['Business'], license: 'MIT' }
    })).rejects.toThrow(/196/)
  })
})
