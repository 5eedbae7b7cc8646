/**
 * Multinomial (softmax) logistic regression with an L2 penalty, fitted by full-batch L-BFGS on standardised
 * features. The default penalty, 1/rows on the mean loss, is scikit-learn's LogisticRegression(C=1), so a
 * learnware trained here behaves like the Python baselines users know. Deterministic: no randomness at all.
 *
 * Example:
 *   const model = trainLogisticRegression({ features, rows, cols, labels })
 *   model.predict(testFeatures, testRows)              // Int32Array of class values
 *   model.predictProbabilities(testFeatures, testRows) // Float64Array rows × classes
 *   const bytes = model.toOnnx()                       // X: float[N,cols] → label, probabilities
 */

import type { OnnxModelMetadata } from '../runtime/onnxBuilder'
// the factory module directly, so training never loads the onnxruntime native binding
import { buildLinearClassifierOnnx } from '../runtime/onnxModels'
import { minimizeLbfgs } from './lbfgs'
import { argmaxClasses, softmaxRows, type TrainedClassifier, type TrainingReport } from './trainedModel'
import {
  checkFeatures,
  classIndices,
  fitStandardizer,
  resolveClasses,
  standardizeRows,
  throwIfCancelled,
  type ClassificationSet,
  type FeatureMatrix,
  type Standardizer,
  type TrainingRun
} from './trainingData'

export interface LogisticRegressionOptions extends TrainingRun {
  /** Penalty 0.5·l2·‖W‖² added to the mean cross-entropy (default 1/rows, i.e. sklearn C=1). */
  l2?: number
  maxIterations?: number
  /** Class values to model, in order (default: the sorted distinct labels). */
  classes?: ArrayLike<number>
}

export function trainLogisticRegression(data: ClassificationSet, options: LogisticRegressionOptions = {}): LogisticRegressionModel {
  const started = performance.now()
  const { rows, cols } = data
  checkFeatures('logistic regression training data', data.features, rows, cols)
  const classes = resolveClasses(data.labels, options.classes)
  const target = classIndices(data.labels, classes)
  const scaler = fitStandardizer(data.features, rows, cols)
  const z = standardizeRows(data.features, rows, cols, scaler)
  const objective = softmaxObjective(z, rows, cols, target, classes.length, options.l2 ?? 1 / rows)

  options.onProgress?.({ status: 'start', task: 'logistic regression' })
  const maxIterations = options.maxIterations ?? 500
  const result = minimizeLbfgs(objective, new Float64Array((cols + 1) * classes.length), {
    maxIterations,
    onIteration: (iteration) => {
      throwIfCancelled(options.signal, 'logistic regression training')
      options.onProgress?.({ status: 'progress', task: 'logistic regression', fraction: iteration / maxIterations })
    }
  })
  options.onProgress?.({ status: 'progress', task: 'logistic regression', fraction: 1 })
  options.onProgress?.({ status: 'done', task: 'logistic regression' })
  const weights = result.x.slice(0, cols * classes.length)
  const bias = result.x.slice(cols * classes.length)
  return new LogisticRegressionModel(scaler, weights, bias, classes, {
    iterations: result.iterations,
    finalLoss: result.value,
    converged: result.converged,
    elapsedMs: performance.now() - started
  })
}

/**
 * Mean softmax cross-entropy + 0.5·l2·‖W‖² and its gradient; parameters are W (cols × C, row-major) then b (C).
 * The bias is not penalised, as in scikit-learn.
 */
function softmaxObjective(z: Float64Array, rows: number, cols: number, target: Int32Array, classCount: number, l2: number) {
  const scores = new Float64Array(classCount)
  const weightCount = cols * classCount
  return (params: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0)
    let loss = 0
    for (let r = 0; r < rows; r++) {
      const base = r * cols
      for (let c = 0; c < classCount; c++) scores[c] = params[weightCount + c]
      for (let j = 0; j < cols; j++) {
        const x = z[base + j]
        const w = j * classCount
        for (let c = 0; c < classCount; c++) scores[c] += x * params[w + c]
      }
      let max = -Infinity
      for (let c = 0; c < classCount; c++) max = Math.max(max, scores[c])
      loss += max - scores[target[r]]
      let sum = 0
      for (let c = 0; c < classCount; c++) {
        scores[c] = Math.exp(scores[c] - max)
        sum += scores[c]
      }
      loss += Math.log(sum)
      // scores → (p − onehot) / rows, the gradient w.r.t. the logits
      const scale = 1 / (sum * rows)
      for (let c = 0; c < classCount; c++) scores[c] *= scale
      scores[target[r]] -= 1 / rows
      for (let j = 0; j < cols; j++) {
        const x = z[base + j]
        const w = j * classCount
        for (let c = 0; c < classCount; c++) gradient[w + c] += x * scores[c]
      }
      for (let c = 0; c < classCount; c++) gradient[weightCount + c] += scores[c]
    }
    let penalty = 0
    for (let i = 0; i < weightCount; i++) {
      penalty += params[i] * params[i]
      gradient[i] += l2 * params[i]
    }
    return loss / rows + 0.5 * l2 * penalty
  }
}

export class LogisticRegressionModel implements TrainedClassifier {
  readonly task = 'classification'
  readonly kind = 'logistic-regression'
  readonly featureCount: number

  constructor(
    readonly standardizer: Standardizer,
    /** featureCount × classes, row-major, on standardised features. */
    readonly weights: Float64Array,
    readonly bias: Float64Array,
    readonly classes: Int32Array,
    readonly report: TrainingReport
  ) {
    this.featureCount = standardizer.mean.length
  }

  predictProbabilities(features: FeatureMatrix, rows: number): Float64Array {
    const cols = this.featureCount
    const classCount = this.classes.length
    const z = standardizeRows(features, rows, cols, this.standardizer)
    const scores = new Float64Array(rows * classCount)
    for (let r = 0; r < rows; r++) {
      const out = r * classCount
      for (let c = 0; c < classCount; c++) scores[out + c] = this.bias[c]
      for (let j = 0; j < cols; j++) {
        const x = z[r * cols + j]
        for (let c = 0; c < classCount; c++) scores[out + c] += x * this.weights[j * classCount + c]
      }
    }
    return softmaxRows(scores, classCount)
  }

  predict(features: FeatureMatrix, rows: number): Int32Array {
    return argmaxClasses(this.predictProbabilities(features, rows), this.classes)
  }

  toOnnx(meta: OnnxModelMetadata = {}): Uint8Array {
    return buildLinearClassifierOnnx({
      ...meta,
      docString: meta.docString ?? 'Multinomial logistic regression (Learnware Dock)',
      featureCount: this.featureCount,
      classCount: this.classes.length,
      weights: this.weights,
      bias: this.bias,
      classValues: this.classes,
      standardization: this.standardizer
    })
  }
}
