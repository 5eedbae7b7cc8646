/**
 * Ready-made ONNX models for the learners engine/train fits (softmax regression, ridge, small MLPs), built
 * from their parameters. Every model takes **raw** features `X: float[N,d]` (standardisation is inside the
 * graph) and has the outputs the runner expects: classifiers `label: int64[N]` + `probabilities: float[N,C]`,
 * regressors `prediction: float[N,k]`.
 *
 * Example:
 *   const bytes = buildClassifierOnnx({
 *     featureCount: 4, classCount: 3,
 *     layers: [{ inputSize: 4, outputSize: 3, weights, bias }],
 *     standardization: { mean, std }
 *   })
 *   await cache.load(bytes)   // see onnxRunner.ts
 */

import { OnnxGraphBuilder, type OnnxModelMetadata } from './onnxBuilder'
import {
  addAffineOutput,
  addClassifierOutputs,
  addDenseStack,
  addRegressionOutput,
  addStandardization,
  BATCH_DIM,
  type DenseLayerParams,
  type HiddenActivation,
  type StandardizationParams
} from './onnxLayers'

interface DenseModelSpec extends OnnxModelMetadata {
  featureCount: number
  /** One layer = a linear model; more = an MLP with `activation` between layers. */
  layers: readonly DenseLayerParams[]
  activation?: HiddenActivation
  standardization?: StandardizationParams
  inputName?: string
  /** Default-domain opset, 13–17 (default 15). */
  opset?: number
}

export interface ClassifierOnnxSpec extends DenseModelSpec {
  classCount: number
  /** Label per class index when the labels are not 0..C-1. */
  classValues?: ArrayLike<number>
}

export interface RegressorOnnxSpec extends DenseModelSpec {
  targetsPerRow: number
  /** Undo a target standardisation: prediction = y · std + mean. */
  targetScaling?: StandardizationParams
}

export function buildClassifierOnnx(spec: ClassifierOnnxSpec): Uint8Array {
  const { g, hidden } = denseTrunk(spec, 'classifier')
  checkLastLayer(spec.layers, spec.classCount, 'classes')
  addClassifierOutputs(g, hidden, { classCount: spec.classCount, classValues: spec.classValues })
  return g.toBytes(spec)
}

export function buildRegressorOnnx(spec: RegressorOnnxSpec): Uint8Array {
  const { g, hidden } = denseTrunk(spec, 'regressor')
  checkLastLayer(spec.layers, spec.targetsPerRow, 'targets')
  const y = spec.targetScaling ? addAffineOutput(g, hidden, spec.targetScaling.std, spec.targetScaling.mean) : hidden
  addRegressionOutput(g, y, spec.targetsPerRow)
  return g.toBytes(spec)
}

export interface LinearOnnxParams {
  /** Row-major featureCount × outputs. */
  weights: ArrayLike<number>
  bias: ArrayLike<number>
}

/** Softmax (multinomial logistic) regression: one dense layer + softmax. */
export function buildLinearClassifierOnnx(
  spec: Omit<ClassifierOnnxSpec, 'layers' | 'activation'> & LinearOnnxParams
): Uint8Array {
  const layer = { inputSize: spec.featureCount, outputSize: spec.classCount, weights: spec.weights, bias: spec.bias }
  return buildClassifierOnnx({ ...spec, layers: [layer] })
}

/** Linear / ridge regression: one dense layer. */
export function buildLinearRegressorOnnx(
  spec: Omit<RegressorOnnxSpec, 'layers' | 'activation'> & LinearOnnxParams
): Uint8Array {
  const layer = { inputSize: spec.featureCount, outputSize: spec.targetsPerRow, weights: spec.weights, bias: spec.bias }
  return buildRegressorOnnx({ ...spec, layers: [layer] })
}

function denseTrunk(spec: DenseModelSpec, name: string): { g: OnnxGraphBuilder; hidden: string } {
  const opset = spec.opset ?? 15
  if (opset < 13 || opset > 17) throw new Error(`opset ${opset}: the factories target opsets 13–17`)
  if (spec.layers.length === 0 || spec.layers[0].inputSize !== spec.featureCount) {
    throw new Error(`${name}: first layer must take ${spec.featureCount} features`)
  }
  const g = new OnnxGraphBuilder({ name, opset })
  let x = g.addInput(spec.inputName ?? 'X', 'float', [BATCH_DIM, spec.featureCount])
  if (spec.standardization) x = addStandardization(g, x, spec.standardization)
  return { g, hidden: addDenseStack(g, x, spec.layers, spec.activation ?? 'relu') }
}

function checkLastLayer(layers: readonly DenseLayerParams[], expected: number, what: string): void {
  const last = layers[layers.length - 1]
  if (last.outputSize !== expected) throw new Error(`last layer has ${last.outputSize} outputs for ${expected} ${what}`)
}
