/**
 * Members whose ONNX models look like other tools' output, built here from a logistic regression trained on
 * the user's wine columns: a model with an extra logits output, a scikit-learn style model whose
 * probabilities come out of a ZipMap, and an opset-10 model that writes Unsqueeze / ReduceSum axes and
 * Clip bounds as attributes (the form later opsets dropped).
 *
 * Example:
 *   const sk = zipMapMember(user)   // PlanMember with outputName 'output_probability'
 */

import type { PlanMember } from '../../../src/engine/export'
import { addClassifierOutputs, addDense, addStandardization, OnnxGraphBuilder, onnxAttr } from '../../../src/engine/runtime'
import type { LogisticRegressionModel } from '../../../src/engine/train'
import { trainMember, type UserTable } from './planFixtures'

function trained(user: UserTable, id: string, seed: number): { member: PlanMember; model: LogisticRegressionModel } {
  const cols = user.table.featureNames
  const { member, model } = trainMember(user, { id, kind: 'logistic', columns: cols.slice(1, 9), seed })
  return { member, model: model as LogisticRegressionModel }
}

function trunk(g: OnnxGraphBuilder, model: LogisticRegressionModel): string {
  const x = g.addInput('X', 'float', ['N', model.featureCount])
  const z = addStandardization(g, x, model.standardizer)
  return addDense(g, z, { inputSize: model.featureCount, outputSize: model.classes.length, weights: model.weights, bias: model.bias })
}

/** Outputs `label`, `probabilities` and the raw `scores` (logits). */
export function twoOutputMember(user: UserTable): PlanMember {
  const { member, model } = trained(user, 'lw-two-outputs', 21)
  const g = new OnnxGraphBuilder({ name: 'two_outputs' })
  const logits = trunk(g, model)
  g.addNode('Identity', [logits], { outputs: ['scores'] })
  addClassifierOutputs(g, logits, { classCount: 3 })
  g.addOutput('scores', 'float', ['N', 3])
  return { ...member, onnxModel: g.toBytes() }
}

/** skl2onnx's shape: `output_label` int64 and `output_probability` as seq(map(int64, float)). */
export function zipMapMember(user: UserTable): PlanMember {
  const { member, model } = trained(user, 'lw-sklearn', 22)
  const g = new OnnxGraphBuilder({ name: 'sklearn_like' })
  const probabilities = g.addOp('Softmax', [trunk(g, model)], { axis: 1 })
  g.addNode('ArgMax', [probabilities], { outputs: ['output_label'], attributes: { axis: 1, keepdims: 0 } })
  g.addNode('ZipMap', [probabilities], { outputs: ['output_probability'], domain: 'ai.onnx.ml', attributes: { classlabels_int64s: [0, 1, 2] } })
  g.addOutput('output_label', 'int64', ['N'])
  g.addTypedOutput('output_probability', {
    sequenceType: { elemType: { mapType: { keyType: 7, valueType: { tensorType: { elemType: 1 } } } } }
  })
  return { ...member, onnxModel: g.toBytes(), outputName: 'output_probability' }
}

/** Opset 10: logits → Unsqueeze(axes=[1]) → ReduceSum(axes=[1]) → Clip(min, max) → Softmax. */
export function legacyOpsetMember(user: UserTable): PlanMember {
  const { member, model } = trained(user, 'lw-opset10', 23)
  const g = new OnnxGraphBuilder({ name: 'legacy', opset: 10 })
  const logits = trunk(g, model)
  const lifted = g.addOp('Unsqueeze', [logits], { axes: [1] })
  const summed = g.addOp('ReduceSum', [lifted], { axes: [1], keepdims: 0 })
  const clipped = g.addOp('Clip', [summed], { min: onnxAttr.float(-30), max: onnxAttr.float(30) })
  addClassifierOutputs(g, clipped, { classCount: 3 })
  return { ...member, onnxModel: g.toBytes() }
}
