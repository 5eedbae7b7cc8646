/**
 * Ridge (L2-penalised least squares) regression in closed form: on standardised features with a centred
 * target, w = (ZᵀZ + αI)⁻¹ Zᵀ(y − ȳ) and b = ȳ, solved by Cholesky. Several targets per row share one
 * factorisation. α = 0 gives ordinary least squares (a tiny jitter is added if ZᵀZ is singular).
 *
 * Example:
 *   const model = trainRidgeRegression({ features, rows, cols, targets }, { alpha: 1 })
 *   model.predict(testFeatures, testRows)   // Float64Array rows × targetsPerRow
 *   const bytes = model.toOnnx()            // X: float[N,cols] → prediction: float[N,targetsPerRow]
 */

import { LearnwareError } from '../errors'
import { choleskyFactor, choleskySolve } from '../math/cholesky'
import type { OnnxModelMetadata } from '../runtime/onnxBuilder'
// the factory module directly, so training never loads the onnxruntime native binding
import { buildLinearRegressorOnnx } from '../runtime/onnxModels'
import type { TrainedRegressor, TrainingReport } from './trainedModel'
import {
  checkFeatures,
  checkTargets,
  fitStandardizer,
  standardizeRows,
  type FeatureMatrix,
  type RegressionSet,
  type Standardizer
} from './trainingData'

export interface RidgeOptions {
  /** Penalty α·‖w‖² on the sum of squared errors over standardised features (default 1, as sklearn's Ridge). */
  alpha?: number
}

export function trainRidgeRegression(data: RegressionSet, options: RidgeOptions = {}): RidgeRegressionModel {
  const started = performance.now()
  const { rows, cols } = data
  const k = data.targetsPerRow ?? 1
  checkFeatures('ridge training data', data.features, rows, cols)
  checkTargets(data.targets, rows, k)
  const alpha = options.alpha ?? 1
  const scaler = fitStandardizer(data.features, rows, cols)
  const z = standardizeRows(data.features, rows, cols, scaler)

  const targetMean = new Float64Array(k)
  for (let r = 0; r < rows; r++) for (let t = 0; t < k; t++) targetMean[t] += data.targets[r * k + t] / rows
  const gram = new Float64Array(cols * cols)
  const zty = new Float64Array(cols * k)
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let i = 0; i < cols; i++) {
      const zi = z[base + i]
      for (let j = 0; j <= i; j++) gram[i * cols + j] += zi * z[base + j]
      for (let t = 0; t < k; t++) zty[i * k + t] += zi * (data.targets[r * k + t] - targetMean[t])
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < i; j++) gram[j * cols + i] = gram[i * cols + j]
    // a constant column standardises to zeros: a unit pivot gives it weight 0 without touching the others
    if (gram[i * cols + i] === 0) gram[i * cols + i] = 1
    gram[i * cols + i] += alpha
  }
  const factor = choleskyFactor(gram, cols) ?? choleskyFactor(gram, cols, 1e-8 * (traceOf(gram, cols) / cols + 1))
  if (!factor) throw new LearnwareError('DATA_BAD_VALUE', 'ridge training data: the feature matrix is degenerate')

  const weights = new Float64Array(cols * k)
  const column = new Float64Array(cols)
  const solution = new Float64Array(cols)
  for (let t = 0; t < k; t++) {
    for (let i = 0; i < cols; i++) column[i] = zty[i * k + t]
    choleskySolve(factor, cols, column, solution)
    for (let i = 0; i < cols; i++) weights[i * k + t] = solution[i]
  }
  const model = new RidgeRegressionModel(scaler, weights, targetMean, { iterations: 1, finalLoss: 0, converged: true, elapsedMs: 0 })
  model.report.finalLoss = meanSquaredError(model.predict(data.features, rows), data.targets)
  model.report.elapsedMs = performance.now() - started
  return model
}

export class RidgeRegressionModel implements TrainedRegressor {
  readonly task = 'regression'
  readonly kind = 'ridge'
  readonly featureCount: number
  readonly targetsPerRow: number

  constructor(
    readonly standardizer: Standardizer,
    /** featureCount × targetsPerRow, row-major, on standardised features. */
    readonly weights: Float64Array,
    readonly bias: Float64Array,
    readonly report: TrainingReport
  ) {
    this.featureCount = standardizer.mean.length
    this.targetsPerRow = bias.length
  }

  predict(features: FeatureMatrix, rows: number): Float64Array {
    const cols = this.featureCount
    const k = this.targetsPerRow
    const z = standardizeRows(features, rows, cols, this.standardizer)
    const out = new Float64Array(rows * k)
    for (let r = 0; r < rows; r++) {
      for (let t = 0; t < k; t++) out[r * k + t] = this.bias[t]
      for (let j = 0; j < cols; j++) {
        const x = z[r * cols + j]
        for (let t = 0; t < k; t++) out[r * k + t] += x * this.weights[j * k + t]
      }
    }
    return out
  }

  toOnnx(meta: OnnxModelMetadata = {}): Uint8Array {
    return buildLinearRegressorOnnx({
      ...meta,
      docString: meta.docString ?? 'Ridge regression (Learnware Dock)',
      featureCount: this.featureCount,
      targetsPerRow: this.targetsPerRow,
      weights: this.weights,
      bias: this.bias,
      standardization: this.standardizer
    })
  }
}

function meanSquaredError(predicted: Float64Array, actual: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < predicted.length; i++) sum += (predicted[i] - actual[i]) ** 2
  return sum / predicted.length
}

function traceOf(a: Float64Array, n: number): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += a[i * n + i]
  return sum
}
