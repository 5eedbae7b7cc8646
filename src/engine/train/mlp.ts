/**
 * Small multilayer perceptrons (ReLU hidden layers) for classification and regression, trained with Adam on
 * shuffled mini-batches. Everything random (initial weights, batch order) comes from one seed, so the same
 * data and options always give the same model. Features are standardised, and regression targets too (the
 * scaling is undone in `predict` and inside the exported ONNX graph). Training stops early when the epoch
 * loss has not improved by `tolerance` for `patience` epochs, like scikit-learn's MLP.
 *
 * Example:
 *   const model = trainMlpClassifier({ features, rows, cols, labels }, { hiddenLayers: [32], seed: 7 })
 *   model.predictProbabilities(testFeatures, testRows)   // rows × classes
 *   const reg = trainMlpRegressor({ features, rows, cols, targets }, { hiddenLayers: [32, 16] })
 *   reg.toOnnx()                                          // X: float[N,cols] → prediction: float[N,1]
 */

import { createRng } from '../math/rng'
import type { OnnxModelMetadata } from '../runtime/onnxBuilder'
// the factory module directly, so training never loads the onnxruntime native binding
import { buildClassifierOnnx, buildRegressorOnnx } from '../runtime/onnxModels'
import { AdamOptimizer, initMlpLayers, mlpBackward, mlpForward, MlpWorkspace, type MlpLayer } from './mlpNetwork'
import { argmaxClasses, softmaxRows, type TrainedClassifier, type TrainedRegressor, type TrainingReport } from './trainedModel'
import {
  checkFeatures,
  checkTargets,
  classIndices,
  fitStandardizer,
  resolveClasses,
  standardizeRows,
  throwIfCancelled,
  type ClassificationSet,
  type FeatureMatrix,
  type RegressionSet,
  type Standardizer,
  type TrainingRun
} from './trainingData'

export interface MlpOptions extends TrainingRun {
  /** Hidden layer widths (default [32]). */
  hiddenLayers?: readonly number[]
  /** Most epochs (default 200). */
  epochs?: number
  batchSize?: number
  /**
   * Adam step size (default 0.01). Higher than scikit-learn's 1e-3 because learnware tables are often a few
   * hundred rows, i.e. only a handful of steps per epoch; at 1e-3 such fits stop underfitted.
   */
  learningRate?: number
  /** Penalty 0.5·l2·Σ‖W‖² added to each batch's mean loss (default 1e-4). */
  l2?: number
  seed?: number
  tolerance?: number
  patience?: number
}

type LossKind = { kind: 'softmax'; target: Int32Array } | { kind: 'squared'; target: Float64Array }

export function trainMlpClassifier(data: ClassificationSet, options: MlpOptions & { classes?: ArrayLike<number> } = {}): MlpClassifierModel {
  const started = performance.now()
  checkFeatures('MLP training data', data.features, data.rows, data.cols)
  const classes = resolveClasses(data.labels, options.classes)
  const scaler = fitStandardizer(data.features, data.rows, data.cols)
  const z = standardizeRows(data.features, data.rows, data.cols, scaler)
  const loss: LossKind = { kind: 'softmax', target: classIndices(data.labels, classes) }
  const { layers, report } = fitMlp(z, data.rows, data.cols, classes.length, loss, options, started)
  return new MlpClassifierModel(scaler, layers, classes, report)
}

export function trainMlpRegressor(data: RegressionSet, options: MlpOptions = {}): MlpRegressorModel {
  const started = performance.now()
  const k = data.targetsPerRow ?? 1
  checkFeatures('MLP training data', data.features, data.rows, data.cols)
  checkTargets(data.targets, data.rows, k)
  const scaler = fitStandardizer(data.features, data.rows, data.cols)
  const z = standardizeRows(data.features, data.rows, data.cols, scaler)
  const targetScaler = fitStandardizer(Float64Array.from(data.targets), data.rows, k)
  const loss: LossKind = { kind: 'squared', target: standardizeRows(Float64Array.from(data.targets), data.rows, k, targetScaler) }
  const { layers, report } = fitMlp(z, data.rows, data.cols, k, loss, options, started)
  return new MlpRegressorModel(scaler, layers, targetScaler, report)
}

function fitMlp(
  z: Float64Array,
  rows: number,
  cols: number,
  outputSize: number,
  loss: LossKind,
  options: MlpOptions,
  started: number
): { layers: MlpLayer[]; report: TrainingReport } {
  const rng = createRng(options.seed ?? 0)
  const layers = initMlpLayers([cols, ...(options.hiddenLayers ?? [32]), outputSize], rng)
  const epochs = options.epochs ?? 200
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 32, rows))
  const l2 = options.l2 ?? 1e-4
  const tolerance = options.tolerance ?? 1e-4
  const patience = options.patience ?? 10
  const workspace = new MlpWorkspace(layers, batchSize)
  const adam = new AdamOptimizer(layers.flatMap((l) => [l.weights, l.bias]), options.learningRate ?? 0.01)
  const gradients = layers.flatMap((_, l) => [workspace.weightGradients[l], workspace.biasGradients[l]])
  const batch = new Float64Array(batchSize * cols)
  const batchRows = new Int32Array(batchSize)
  const order = Int32Array.from({ length: rows }, (_, i) => i)

  let best = Infinity
  let stale = 0
  let epoch = 0
  let epochLoss = Infinity
  options.onProgress?.({ status: 'start', task: 'MLP training' })
  while (epoch < epochs && stale < patience) {
    throwIfCancelled(options.signal, 'MLP training')
    rng.shuffle(order)
    let lossSum = 0
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start)
      for (let b = 0; b < count; b++) {
        batchRows[b] = order[start + b]
        batch.set(z.subarray(batchRows[b] * cols, (batchRows[b] + 1) * cols), b * cols)
      }
      const outputs = mlpForward(layers, batch, count, workspace)
      lossSum += count * outputDelta(outputs, workspace.deltas[layers.length - 1], batchRows, count, outputSize, loss)
      mlpBackward(layers, batch, count, workspace, l2)
      adam.update(gradients)
    }
    epochLoss = lossSum / rows + 0.5 * l2 * layers.reduce((s, l) => s + sumOfSquares(l.weights), 0)
    epoch++
    stale = epochLoss > best - tolerance ? stale + 1 : 0
    best = Math.min(best, epochLoss)
    options.onProgress?.({ status: 'progress', task: 'MLP training', fraction: epoch / epochs, detail: `loss ${epochLoss.toFixed(4)}` })
  }
  options.onProgress?.({ status: 'progress', task: 'MLP training', fraction: 1 })
  options.onProgress?.({ status: 'done', task: 'MLP training' })
  return { layers, report: { iterations: epoch, finalLoss: epochLoss, converged: stale >= patience, elapsedMs: performance.now() - started } }
}

/** Writes ∂(mean batch loss)/∂outputs into `delta` and returns the mean batch loss. */
function outputDelta(outputs: Float64Array, delta: Float64Array, batchRows: Int32Array, count: number, width: number, loss: LossKind): number {
  let total = 0
  if (loss.kind === 'softmax') {
    delta.set(outputs.subarray(0, count * width))
    softmaxRows(delta.subarray(0, count * width), width)
    for (let b = 0; b < count; b++) {
      const target = b * width + loss.target[batchRows[b]]
      total -= Math.log(Math.max(delta[target], 1e-300))
      delta[target] -= 1
    }
  } else {
    for (let b = 0; b < count; b++) {
      for (let t = 0; t < width; t++) {
        const diff = outputs[b * width + t] - loss.target[batchRows[b] * width + t]
        total += 0.5 * diff * diff
        delta[b * width + t] = diff
      }
    }
  }
  for (let i = 0; i < count * width; i++) delta[i] /= count
  return total / count
}

function sumOfSquares(values: Float64Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i]
  return sum
}

function toDenseParams(layers: readonly MlpLayer[]) {
  return layers.map((l) => ({ inputSize: l.inputSize, outputSize: l.outputSize, weights: l.weights, bias: l.bias }))
}

export class MlpClassifierModel implements TrainedClassifier {
  readonly task = 'classification'
  readonly kind = 'mlp'
  readonly featureCount: number

  constructor(
    readonly standardizer: Standardizer,
    readonly layers: readonly MlpLayer[],
    readonly classes: Int32Array,
    readonly report: TrainingReport
  ) {
    this.featureCount = standardizer.mean.length
  }

  predictProbabilities(features: FeatureMatrix, rows: number): Float64Array {
    const z = standardizeRows(features, rows, this.featureCount, this.standardizer)
    return softmaxRows(mlpForward(this.layers, z, rows), this.classes.length)
  }

  predict(features: FeatureMatrix, rows: number): Int32Array {
    return argmaxClasses(this.predictProbabilities(features, rows), this.classes)
  }

  toOnnx(meta: OnnxModelMetadata = {}): Uint8Array {
    return buildClassifierOnnx({
      ...meta,
      docString: meta.docString ?? 'MLP classifier (Learnware Dock)',
      featureCount: this.featureCount,
      classCount: this.classes.length,
      classValues: this.classes,
      layers: toDenseParams(this.layers),
      standardization: this.standardizer
    })
  }
}

export class MlpRegressorModel implements TrainedRegressor {
  readonly task = 'regression'
  readonly kind = 'mlp'
  readonly featureCount: number
  readonly targetsPerRow: number

  constructor(
    readonly standardizer: Standardizer,
    readonly layers: readonly MlpLayer[],
    /** Standardisation of the targets the network was trained on. */
    readonly targetScaler: Standardizer,
    readonly report: TrainingReport
  ) {
    this.featureCount = standardizer.mean.length
    this.targetsPerRow = targetScaler.mean.length
  }

  predict(features: FeatureMatrix, rows: number): Float64Array {
    const z = standardizeRows(features, rows, this.featureCount, this.standardizer)
    const out = mlpForward(this.layers, z, rows)
    const { mean, std } = this.targetScaler
    const k = this.targetsPerRow
    for (let i = 0; i < out.length; i++) out[i] = out[i] * std[i % k] + mean[i % k]
    return out
  }

  toOnnx(meta: OnnxModelMetadata = {}): Uint8Array {
    return buildRegressorOnnx({
      ...meta,
      docString: meta.docString ?? 'MLP regressor (Learnware Dock)',
      featureCount: this.featureCount,
      targetsPerRow: this.targetsPerRow,
      layers: toDenseParams(this.layers),
      standardization: this.standardizer,
      targetScaling: this.targetScaler
    })
  }
}
