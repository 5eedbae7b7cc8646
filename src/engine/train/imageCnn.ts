/**
 * A small convolutional image classifier trained here in TypeScript, for image learnwares (issue #6: an MLP
 * over pixels ignores that neighbouring pixels belong together). Default: per-channel standardisation →
 * Conv 3 × 3 (C → 8) + ReLU + MaxPool 2 → Conv 3 × 3 (8 → 16) + ReLU + MaxPool 2 → Dense → softmax, trained
 * with Adam on shuffled mini-batches. Everything random (weights, batch order) comes from one seed, so the same
 * images and options always give the same model. `imageCnnToOnnx` exports it with the image learnware
 * convention (input `X: float[N, C, H, W]` of raw pixels, outputs `label` and `probabilities`), so
 * packImageLearnware, the checker and predictWithLearnwareImages take it as they take the pixel MLP.
 *
 * Example:
 *   const cnn = trainImageCnn({ images: batch.data, count: batch.count, shape: batch, labels }, { seed: 0, epochs: 10 })
 *   cnn.predictProbabilities(test.data, test.count)                  // count × classes
 *   const bytes = imageCnnToOnnx(cnn, { channels: 1, height: 28, width: 28 }, { metadata: { learnwareId: '00042' } })
 */

import { LearnwareError } from '../errors'
import { createRng } from '../math/rng'
import { OnnxGraphBuilder, type OnnxModelMetadata } from '../runtime/onnxBuilder'
import { addChannelStandardization, addConv2d, addFlatten, addPool2d } from '../runtime/onnxImageLayers'
// the layer modules directly, so training never loads the onnxruntime native binding
import { addClassifierOutputs, addDense, BATCH_DIM } from '../runtime/onnxLayers'
import { CnnGradients, cnnBatchLoss, cnnForward, cnnParameters, CnnWorkspace, initCnnNetwork, type CnnNetwork, type PoolKind } from './convNetwork'
import type { ImageShape } from './imageMlp'
import { AdamOptimizer } from './mlpNetwork'
import { argmaxClasses, softmaxRows, type TrainedClassifier, type TrainingReport } from './trainedModel'
import { checkFeatures, classIndices, resolveClasses, throwIfCancelled, type FeatureMatrix, type Standardizer, type TrainingRun } from './trainingData'

export interface ImageClassificationSet {
  /** count × C × H × W pixels, row-major (an ImageBatch's `data`). */
  images: FeatureMatrix
  count: number
  shape: ImageShape
  /** Integer class value per image. */
  labels: ArrayLike<number>
}

export interface ImageCnnOptions extends TrainingRun {
  /** Output channels of each Conv + ReLU + pool stage (default [8, 16]). */
  convChannels?: readonly number[]
  /** Odd kernel side (default 3). */
  kernelSize?: number
  /** Pooling after each convolution (default 'max'). */
  pool?: PoolKind
  /** Most epochs (default 10). */
  epochs?: number
  batchSize?: number
  /** Adam step size (default 0.005). */
  learningRate?: number
  /** Penalty 0.5·l2·Σ‖W‖² on every weight (default 1e-4). */
  l2?: number
  seed?: number
  /** Stop when the epoch loss has not improved by `tolerance` for `patience` epochs (defaults 1e-4, 5). */
  tolerance?: number
  patience?: number
  classes?: ArrayLike<number>
}

const TASK = 'CNN training'

export function trainImageCnn(data: ImageClassificationSet, options: ImageCnnOptions = {}): ImageCnnModel {
  const started = performance.now()
  const { shape, count } = data
  const size = shape.channels * shape.height * shape.width
  checkFeatures('CNN training images', data.images, count, size)
  const classes = resolveClasses(data.labels, options.classes)
  const targets = classIndices(data.labels, classes)
  const standardizer = fitChannelStandardizer(data.images, count, shape)
  const images = standardizeImages(data.images, count, shape, standardizer)

  const rng = createRng(options.seed ?? 0)
  const net = initCnnNetwork(
    { ...shape, convChannels: options.convChannels ?? [8, 16], kernelSize: options.kernelSize ?? 3, pool: options.pool ?? 'max', classCount: classes.length },
    rng
  )
  const epochs = options.epochs ?? 10
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 32, count))
  const [l2, tolerance, patience] = [options.l2 ?? 1e-4, options.tolerance ?? 1e-4, options.patience ?? 5]
  const work = new CnnWorkspace(net)
  const grads = new CnnGradients(net)
  const adam = new AdamOptimizer(cnnParameters(net), options.learningRate ?? 0.005)
  const order = Int32Array.from({ length: count }, (_, i) => i)

  let [best, stale, epoch, epochLoss] = [Infinity, 0, 0, Infinity]
  options.onProgress?.({ status: 'start', task: TASK })
  while (epoch < epochs && stale < patience) {
    rng.shuffle(order)
    let lossSum = 0
    for (let start = 0; start < count; start += batchSize) {
      throwIfCancelled(options.signal, TASK)
      const rows = order.subarray(start, Math.min(start + batchSize, count))
      lossSum += rows.length * cnnBatchLoss(net, images, rows, targets, work, grads, l2)
      adam.update(grads.arrays)
    }
    epochLoss = lossSum / count
    epoch++
    stale = epochLoss > best - tolerance ? stale + 1 : 0
    best = Math.min(best, epochLoss)
    options.onProgress?.({ status: 'progress', task: TASK, fraction: epoch / epochs, detail: `loss ${epochLoss.toFixed(4)}` })
  }
  options.onProgress?.({ status: 'progress', task: TASK, fraction: 1 })
  options.onProgress?.({ status: 'done', task: TASK })
  const report = { iterations: epoch, finalLoss: epochLoss, converged: stale >= patience, elapsedMs: performance.now() - started }
  return new ImageCnnModel(shape, standardizer, net, classes, report)
}

export class ImageCnnModel implements TrainedClassifier {
  readonly task = 'classification'
  readonly kind = 'cnn'
  /** C·H·W: the model takes images flattened in C, H, W order. */
  readonly featureCount: number
  readonly shape: ImageShape

  constructor(
    shape: ImageShape,
    /** Per-channel mean and std of the training pixels, applied before the first convolution. */
    readonly standardizer: Standardizer,
    readonly network: CnnNetwork,
    readonly classes: Int32Array,
    readonly report: TrainingReport
  ) {
    this.shape = { channels: shape.channels, height: shape.height, width: shape.width }
    this.featureCount = shape.channels * shape.height * shape.width
  }

  /** Class probabilities (count × classes) of `count` raw-pixel images. */
  predictProbabilities(images: FeatureMatrix, count: number): Float64Array {
    checkFeatures('CNN input images', images, count, this.featureCount)
    const classCount = this.classes.length
    const out = new Float64Array(count * classCount)
    const work = new CnnWorkspace(this.network)
    for (let n = 0; n < count; n++) {
      standardizeInto(images, n, this.shape, this.standardizer, work.input)
      out.set(cnnForward(this.network, work), n * classCount)
    }
    return softmaxRows(out, classCount)
  }

  predict(images: FeatureMatrix, count: number): Int32Array {
    return argmaxClasses(this.predictProbabilities(images, count), this.classes)
  }

  toOnnx(meta: OnnxModelMetadata = {}): Uint8Array {
    return imageCnnToOnnx(this, this.shape, meta)
  }
}

/** The ONNX graph of `cnnForward` behind per-channel standardisation: X float[N, C, H, W] → label, probabilities. */
export function imageCnnToOnnx(model: ImageCnnModel, shape: ImageShape, meta: OnnxModelMetadata = {}): Uint8Array {
  const { channels, height, width } = model.shape
  if (shape.channels !== channels || shape.height !== height || shape.width !== width) {
    throw new LearnwareError(
      'MODEL_INVALID',
      `imageCnnToOnnx: the CNN was trained on ${channels} × ${height} × ${width} images, not ${shape.channels} × ${shape.height} × ${shape.width}`,
      { hint: 'Export it with the shape it was trained on; the app resizes images to that size.' }
    )
  }
  const net = model.network
  const g = new OnnxGraphBuilder({ name: 'image_cnn_classifier', opset: 15 })
  let h = g.addInput('X', 'float', [BATCH_DIM, channels, height, width])
  h = addChannelStandardization(g, h, model.standardizer)
  for (const stage of net.stages) {
    h = g.addOp('Relu', [addConv2d(g, h, stage)])
    h = addPool2d(g, h, { kind: net.pool, size: 2 })
  }
  const logits = addDense(g, addFlatten(g, h), net.dense)
  addClassifierOutputs(g, logits, { classCount: model.classes.length, classValues: model.classes })
  return g.toBytes({ ...meta, docString: meta.docString ?? 'Small CNN image classifier over pixels (Learnware Dock)' })
}

/** Per-channel mean and population std over every pixel of every image; a constant channel gets std 1. */
function fitChannelStandardizer(images: FeatureMatrix, count: number, shape: ImageShape): Standardizer {
  const { channels } = shape
  const area = shape.height * shape.width
  const [mean, std] = [new Float64Array(channels), new Float64Array(channels)]
  for (let c = 0; c < channels; c++) {
    let sum = 0
    for (let n = 0; n < count; n++) for (let p = (n * channels + c) * area, end = p + area; p < end; p++) sum += images[p]
    mean[c] = sum / (count * area)
    let squares = 0
    for (let n = 0; n < count; n++) for (let p = (n * channels + c) * area, end = p + area; p < end; p++) squares += (images[p] - mean[c]) ** 2
    const sd = Math.sqrt(squares / (count * area))
    std[c] = sd > 1e-12 * Math.max(1, Math.abs(mean[c])) ? sd : 1
  }
  return { mean, std }
}

function standardizeImages(images: FeatureMatrix, count: number, shape: ImageShape, scaler: Standardizer): Float64Array {
  const size = shape.channels * shape.height * shape.width
  const out = new Float64Array(count * size)
  for (let n = 0; n < count; n++) standardizeInto(images, n, shape, scaler, out.subarray(n * size, (n + 1) * size))
  return out
}

/** Image n of `images`, standardised per channel, into `out` (C·H·W). */
function standardizeInto(images: FeatureMatrix, n: number, shape: ImageShape, scaler: Standardizer, out: Float64Array): void {
  const area = shape.height * shape.width
  const base = n * shape.channels * area
  for (let c = 0; c < shape.channels; c++) {
    const [m, s] = [scaler.mean[c], scaler.std[c]]
    for (let p = c * area; p < (c + 1) * area; p++) out[p] = (images[base + p] - m) / s
  }
}
