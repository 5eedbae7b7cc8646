/**
 * The combiner at the end of the pipeline graph: the members' outputs (already in the user's classes)
 * become the bundle's outputs — classification `label: int64[N]` + `probabilities: float[N, C]`, regression
 * `prediction: float[N, k]`. Each combiner mirrors its TypeScript twin in planReference.ts, which the
 * verification compares against; ArgMax keeps the first maximum, so ties go to the smallest index there too.
 *
 *   single              the member's output
 *   mean-probabilities  Mean → ArgMax
 *   vote-labels         ArgMax per member → OneHot → Sum → ArgMax; probabilities = vote shares
 *   mean-values         Mean
 *   linear-head         Concat[features (NaN → fill), outputs…] · W + b (→ Softmax)
 *   selector            embedded selector → ArgMax → one-hot mask [N, M, 1] over the stacked outputs
 *                       [N, M, C] → ReduceSum over M
 *
 * Example:
 *   addCombiner(g, { plan, features: 'features', memberOutputs, opset: 15, selector, width: 3 })
 */

import { addMean, embedOnnxModel, type OnnxGraphBuilder } from '../runtime'
import type { InspectedModel, onnx } from './memberModels'
import type { ReusePlan } from './plan'
import { addFill } from './pipelineMembers'

export const LABEL_OUTPUT = 'label'
export const PROBABILITIES_OUTPUT = 'probabilities'
export const PREDICTION_OUTPUT = 'prediction'

export interface CombinerInput {
  plan: ReusePlan
  features: string
  /** Per member: float [N, width] in the user's classes (classification) or values (regression). */
  memberOutputs: string[]
  /** The pipeline's default-domain opset (ReduceSum takes `axes` as an input from 13 on). */
  opset: number
  /** Selector combiner: its model, inspected and upgraded. */
  selector?: InspectedModel & { proto: onnx.IModelProto }
  /** Classes (classification) or targets per row (regression); null when no model declares it. */
  width: number | null
}

export function addCombiner(g: OnnxGraphBuilder, input: CombinerInput): void {
  const { plan, memberOutputs } = input
  const combiner = plan.combiner
  switch (combiner.kind) {
    case 'single':
      return addOutputs(g, input, memberOutputs[0], 'scores')
    case 'mean-probabilities':
    case 'mean-values':
      return addOutputs(g, input, addMean(g, memberOutputs), 'scores')
    case 'vote-labels':
      return addOutputs(g, input, addVoteShares(g, memberOutputs, plan.classNames!.length), 'scores')
    case 'linear-head': {
      const filled = addFill(g, input.features, combiner.featureFill)
      const concatenated = g.addOp('Concat', [filled, ...memberOutputs], { axis: 1 })
      const x = combiner.inputCenter && combiner.inputScale
        ? g.addOp('Div', [
          g.addOp('Sub', [concatenated, g.addInitializer('head_center', combiner.inputCenter, [combiner.inputs])]),
          g.addInitializer('head_scale', combiner.inputScale, [combiner.inputs])
        ])
        : concatenated
      const w = g.addInitializer('head_weights', combiner.weights, [combiner.inputs, combiner.outputs])
      const b = g.addInitializer('head_bias', combiner.bias, [combiner.outputs])
      return addOutputs(g, input, g.addOp('Add', [g.addOp('MatMul', [x, w]), b]), 'logits')
    }
    case 'selector':
      return addOutputs(g, input, addSelection(g, input), 'scores')
  }
}

/** Classification: probabilities (Softmax of logits) + ArgMax label; regression: the values as `prediction`. */
function addOutputs(g: OnnxGraphBuilder, input: CombinerInput, y: string, kind: 'scores' | 'logits'): void {
  const width = input.width ?? 'k'
  if (input.plan.task === 'regression') {
    g.addNode('Identity', [y], { outputs: [PREDICTION_OUTPUT] })
    g.addOutput(PREDICTION_OUTPUT, 'float', ['N', width])
    return
  }
  if (kind === 'logits') g.addNode('Softmax', [y], { outputs: [PROBABILITIES_OUTPUT], attributes: { axis: 1 } })
  else g.addNode('Identity', [y], { outputs: [PROBABILITIES_OUTPUT] })
  g.addNode('ArgMax', [PROBABILITIES_OUTPUT], { outputs: [LABEL_OUTPUT], attributes: { axis: 1, keepdims: 0 } })
  g.addOutput(LABEL_OUTPUT, 'int64', ['N'])
  g.addOutput(PROBABILITIES_OUTPUT, 'float', ['N', input.plan.classNames!.length])
}

/** Each member's argmax as a one-hot row, summed, divided by the member count: the share of votes per class. */
function addVoteShares(g: OnnxGraphBuilder, memberOutputs: readonly string[], classCount: number): string {
  const depth = g.addInitializer('vote_depth', [classCount], [1], 'int64')
  const onOff = g.addInitializer('vote_values', [0, 1], [2])
  const votes = memberOutputs.map((y) => g.addOp('OneHot', [g.addOp('ArgMax', [y], { axis: 1, keepdims: 0 }), depth, onOff], { axis: -1 }))
  const counts = votes.length === 1 ? votes[0] : g.addOp('Sum', votes)
  return g.addOp('Div', [counts, g.addInitializer('member_count', [memberOutputs.length], [])])
}

/**
 * Per row, the output of the member the selector rates highest. The mask is built with Equal rather than a
 * float one-hot product, so a NaN or ∞ in a member that was *not* chosen cannot leak into the row (0 · ∞ = NaN).
 */
function addSelection(g: OnnxGraphBuilder, input: CombinerInput): string {
  const { plan, memberOutputs, selector } = input
  if (plan.combiner.kind !== 'selector' || !selector) throw new Error('addSelection needs a selector combiner')
  const fill = plan.combiner.featureFill ?? plan.inputEncoding.features.map((f) => f.fill)
  let x = addFill(g, input.features, fill)
  if (selector.inputType === 'double') x = g.addOp('Cast', [x], { to: 11 })
  embedOnnxModel(g, selector.proto, { prefix: 'selector', inputs: { [selector.inputName]: x } })
  let scores = `selector/${selector.outputTensor}`
  if (selector.outputType === 'double') scores = g.addOp('Cast', [scores], { to: 1 })
  const choice = g.addOp('Reshape', [g.addOp('ArgMax', [scores], { axis: 1, keepdims: 0 }), g.addInitializer('choice_shape', [-1, 1, 1], [3], 'int64')])
  const memberIndex = g.addInitializer('member_index', memberOutputs.map((_, m) => m), [1, memberOutputs.length, 1], 'int64')
  const mask = g.addOp('Equal', [choice, memberIndex])
  const stackShape = g.addInitializer('stack_shape', [0, 1, -1], [3], 'int64')
  const stacked = g.addOp('Concat', memberOutputs.map((y) => g.addOp('Reshape', [y, stackShape])), { axis: 1 })
  const chosen = g.addOp('Where', [mask, stacked, g.addInitializer('zero', [0], [])])
  return addReduceSum(g, chosen, [1], input.opset)
}

/** ReduceSum over `axes` without keeping them: an attribute before opset 13, an input from 13 on. */
function addReduceSum(g: OnnxGraphBuilder, x: string, axes: number[], opset: number): string {
  if (opset < 13) return g.addOp('ReduceSum', [x], { axes, keepdims: 0 })
  return g.addOp('ReduceSum', [x, g.addInitializer('reduce_axes', axes, [axes.length], 'int64')], { keepdims: 0 })
}
