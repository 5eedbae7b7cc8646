/**
 * Reusable pieces of ONNX graphs, each a function `(graph, inputTensor, params) → outputTensor`, so the model
 * factories here and the export pipelines later (NaN imputation → standardisation → several sub-models →
 * an averaging head) are written by composing the same few steps.
 *
 * Weights are row-major `inputSize × outputSize` (x · W), as the trainers in engine/train store them.
 *
 * Example:
 *   const g = new OnnxGraphBuilder()
 *   let h = g.addInput('X', 'float', ['N', 4])
 *   h = addNanImputation(g, h, columnMeans)            // NaN → stored training mean
 *   h = addStandardization(g, h, { mean, std })         // the model takes raw features
 *   const logits = addDenseStack(g, h, layers)          // MatMul + Add (+ Relu between layers)
 *   addClassifierOutputs(g, logits, { classCount: 3 })  // probabilities [N,3] + label int64 [N]
 */

import type { OnnxDim, OnnxGraphBuilder } from './onnxBuilder'

export interface StandardizationParams {
  mean: ArrayLike<number>
  /** Per-column scale; callers replace zero spreads by 1 before they get here. */
  std: ArrayLike<number>
}

export interface DenseLayerParams {
  inputSize: number
  outputSize: number
  /** Row-major inputSize × outputSize. */
  weights: ArrayLike<number>
  bias: ArrayLike<number>
}

export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid'

/** The symbolic batch dimension used by every factory here. */
export const BATCH_DIM = 'N'

/** (x − mean) / std with both as [d] initializers, broadcast over rows. */
export function addStandardization(g: OnnxGraphBuilder, x: string, params: StandardizationParams): string {
  const d = params.mean.length
  if (params.std.length !== d) throw new Error(`standardization: ${d} means but ${params.std.length} stds`)
  const mean = g.addInitializer('feature_mean', params.mean, [d])
  const std = g.addInitializer('feature_std', params.std, [d])
  return g.addOp('Div', [g.addOp('Sub', [x, mean]), std])
}

/** Replaces NaN entries of column j by fillValues[j] (IsNaN + Where). */
export function addNanImputation(g: OnnxGraphBuilder, x: string, fillValues: ArrayLike<number>): string {
  const fill = g.addInitializer('impute_value', fillValues, [fillValues.length])
  const isMissing = g.addOp('IsNaN', [x])
  return g.addOp('Where', [isMissing, fill, x])
}

/** x · W + b. */
export function addDense(g: OnnxGraphBuilder, x: string, layer: DenseLayerParams): string {
  if (layer.weights.length !== layer.inputSize * layer.outputSize || layer.bias.length !== layer.outputSize) {
    throw new Error(`dense layer: shapes do not match ${layer.inputSize}×${layer.outputSize}`)
  }
  const w = g.addInitializer('weights', layer.weights, [layer.inputSize, layer.outputSize])
  const b = g.addInitializer('bias', layer.bias, [layer.outputSize])
  return g.addOp('Add', [g.addOp('MatMul', [x, w]), b])
}

/** Dense layers with an activation between them (none after the last, which yields logits/values). */
export function addDenseStack(
  g: OnnxGraphBuilder,
  x: string,
  layers: readonly DenseLayerParams[],
  activation: HiddenActivation = 'relu'
): string {
  const opType = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' }[activation]
  let h = x
  layers.forEach((layer, i) => {
    h = addDense(g, h, layer)
    if (i < layers.length - 1) h = g.addOp(opType, [h])
  })
  return h
}

export interface ClassifierOutputOptions {
  classCount: number
  /** The label each class index stands for, when not 0..C-1 (then label = Gather(classValues, argmax)). */
  classValues?: ArrayLike<number>
  probabilitiesName?: string
  labelName?: string
}

/**
 * Softmax over logits → `probabilities: float[N,C]`, ArgMax → `label: int64[N]`; the names and types most
 * converters use (skl2onnx with zipmap=False, onnxmltools), so our models look like everyone else's.
 */
export function addClassifierOutputs(g: OnnxGraphBuilder, logits: string, options: ClassifierOutputOptions): void {
  const probabilitiesName = options.probabilitiesName ?? 'probabilities'
  const labelName = options.labelName ?? 'label'
  g.addNode('Softmax', [logits], { outputs: [probabilitiesName], attributes: { axis: 1 } })
  addLabelFromScores(g, probabilitiesName, labelName, options.classValues)
  g.addOutput(labelName, 'int64', [BATCH_DIM])
  g.addOutput(probabilitiesName, 'float', [BATCH_DIM, options.classCount])
}

/** label = argmax over axis 1 (first maximum on ties), mapped through classValues when given. */
export function addLabelFromScores(
  g: OnnxGraphBuilder,
  scores: string,
  labelName: string,
  classValues?: ArrayLike<number>
): string {
  const isIdentity = !classValues || Array.from(classValues).every((value, i) => value === i)
  if (isIdentity) {
    return g.addNode('ArgMax', [scores], { outputs: [labelName], attributes: { axis: 1, keepdims: 0 } })[0]
  }
  const index = g.addOp('ArgMax', [scores], { axis: 1, keepdims: 0 })
  const values = g.addInitializer('class_values', classValues!, [classValues!.length], 'int64')
  return g.addNode('Gather', [values, index], { outputs: [labelName] })[0]
}

/** y · scale + offset per output column (undoes target standardisation of a regressor). */
export function addAffineOutput(
  g: OnnxGraphBuilder,
  y: string,
  scale: ArrayLike<number>,
  offset: ArrayLike<number>
): string {
  const s = g.addInitializer('target_std', scale, [scale.length])
  const o = g.addInitializer('target_mean', offset, [offset.length])
  return g.addOp('Add', [g.addOp('Mul', [y, s]), o])
}

/** Declares `prediction: float[N, targetsPerRow]` as the regression output. */
export function addRegressionOutput(
  g: OnnxGraphBuilder,
  y: string,
  targetsPerRow: number,
  outputName = 'prediction'
): void {
  const dims: OnnxDim[] = [BATCH_DIM, targetsPerRow]
  const named = g.addNode('Identity', [y], { outputs: [outputName] })[0]
  g.addOutput(named, 'float', dims)
}

/** Element-wise mean of same-shaped tensors (an averaging head over sub-model probabilities/predictions). */
export function addMean(g: OnnxGraphBuilder, tensors: readonly string[]): string {
  if (tensors.length === 0) throw new Error('addMean needs at least one tensor')
  return tensors.length === 1 ? tensors[0] : g.addOp('Mean', tensors)
}
