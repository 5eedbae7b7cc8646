/**
 * What every trainer returns: a model that predicts in TypeScript and exports itself as ONNX bytes whose
 * onnxruntime predictions match (probabilities within 1e-5; the ONNX graph computes in float32, TypeScript in
 * float64). Classifiers predict class *values* (the labels they were trained on), in `classes` order.
 *
 * Example:
 *   function evaluate(model: TrainedModel, features: Float32Array, rows: number) {
 *     return model.task === 'classification' ? model.predict(features, rows) : model.predict(features, rows)
 *   }
 *   const bytes = model.toOnnx({ producerVersion: '0.1.0', metadata: { learnwareId: '00042' } })
 */

import type { OnnxModelMetadata } from '../runtime'
import type { FeatureMatrix } from './trainingData'

export interface TrainingReport {
  /** Optimiser iterations (L-BFGS) or epochs (MLP, CNN); 1 for closed forms. */
  iterations: number
  /** Training objective at the end (mean loss + penalty). */
  finalLoss: number
  converged: boolean
  elapsedMs: number
}

export interface TrainedClassifier {
  readonly task: 'classification'
  readonly kind: 'logistic-regression' | 'mlp' | 'cnn'
  readonly featureCount: number
  /** Class value per class index (column of the probabilities). */
  readonly classes: Int32Array
  readonly report: TrainingReport
  /** rows × classes, row-major. */
  predictProbabilities(features: FeatureMatrix, rows: number): Float64Array
  /** Class value per row (first most probable class on ties, like ONNX ArgMax). */
  predict(features: FeatureMatrix, rows: number): Int32Array
  toOnnx(meta?: OnnxModelMetadata): Uint8Array
}

export interface TrainedRegressor {
  readonly task: 'regression'
  readonly kind: 'ridge' | 'mlp'
  readonly featureCount: number
  readonly targetsPerRow: number
  readonly report: TrainingReport
  /** rows × targetsPerRow, row-major. */
  predict(features: FeatureMatrix, rows: number): Float64Array
  toOnnx(meta?: OnnxModelMetadata): Uint8Array
}

export type TrainedModel = TrainedClassifier | TrainedRegressor

/** In place: each row of `scores` (rows × classes) becomes its softmax. */
export function softmaxRows(scores: Float64Array, classCount: number): Float64Array {
  for (let base = 0; base < scores.length; base += classCount) {
    let max = -Infinity
    for (let c = 0; c < classCount; c++) max = Math.max(max, scores[base + c])
    let sum = 0
    for (let c = 0; c < classCount; c++) {
      const e = Math.exp(scores[base + c] - max)
      scores[base + c] = e
      sum += e
    }
    for (let c = 0; c < classCount; c++) scores[base + c] /= sum
  }
  return scores
}

/** Class value of the first largest score per row. */
export function argmaxClasses(scores: Float64Array, classes: Int32Array): Int32Array {
  const classCount = classes.length
  const out = new Int32Array(scores.length / classCount)
  for (let r = 0; r < out.length; r++) {
    const base = r * classCount
    let best = 0
    for (let c = 1; c < classCount; c++) if (scores[base + c] > scores[base + best]) best = c
    out[r] = classes[best]
  }
  return out
}
