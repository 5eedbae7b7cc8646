/**
 * What a trained ONNX model offers to a learnware package, read from its bytes without running it: the one
 * feature-matrix input and its width, and the output that answers the task (class probabilities or labels
 * for a classifier, values for a regressor), chosen the way the runtime will read them (predictionOutputs.ts).
 * Packing refuses a model whose input width or class count disagrees with the training table here, before
 * minutes go into a specification, and names both sides so the user can see which file is wrong.
 *
 * Example:
 *   const signature = readModelSignature(onnxBytes, 'model.onnx', 'Classification')
 *   signature.input      // { name: 'X', width: 13, dtype: 'float32', typeText: 'float[N,13]' }
 *   signature.output     // { name: 'probabilities', shape: [null, 3], kind: 'probabilities', width: 3 }
 *   signature.classLabels // null, or the labels a converter recorded (ZipMap, ai.onnx.ml classifiers)
 */

import { LearnwareError } from '../errors'
import { describeModel, type OnnxValueDescription } from '../runtime'

export type PackTask = 'Classification' | 'Regression'

export interface ModelInputSignature {
  name: string
  /** Features per row the model declares; null when its width is symbolic (it takes any width). */
  width: number | null
  dtype: 'float32' | 'float64'
  typeText: string
}

export interface ModelOutputSignature {
  name: string
  /** Shape for learnware-dock.json, batch dimension first as `null`. */
  shape: (number | null)[]
  kind: 'probabilities' | 'label' | 'values'
  /** Classes (probabilities) or values per row the output declares; null when symbolic or a bare label. */
  width: number | null
}

export interface ModelSignature {
  input: ModelInputSignature
  output: ModelOutputSignature
  /** Class labels a converter recorded, in probability-column order; null when none. */
  classLabels: number[] | string[] | null
}

const INTEGER_TYPES = new Set(['int64', 'int32', 'uint8', 'int8', 'int16', 'uint16', 'uint32', 'uint64', 'bool'])
const FLOAT_TYPES = new Set(['float', 'double'])

export function readModelSignature(bytes: Uint8Array, source: string, task: PackTask): ModelSignature {
  const description = describeModel(bytes, source)
  const input = readInput(description.inputs, source)
  const tensors = description.outputs.filter((o) => o.kind === 'tensor')
  const output = task === 'Classification' ? classifierOutput(tensors, source) : regressorOutput(tensors, source)
  return { input, output, classLabels: description.classLabels }
}

function readInput(inputs: readonly OnnxValueDescription[], source: string): ModelInputSignature {
  const [input] = inputs
  if (inputs.length !== 1 || input.kind !== 'tensor') {
    throw new LearnwareError('MODEL_INVALID', `${source} has ${inputs.length} inputs (${inputs.map((i) => `${i.name}: ${i.typeText}`).join(', ')}); a learnware model takes one feature matrix`, {
      hint: 'Export the model with a single input X: float[N, features].'
    })
  }
  if (input.elementType !== 'float' && input.elementType !== 'double') {
    throw new LearnwareError('MODEL_INVALID', `${source}: input ${input.name} is ${input.typeText}; Learnware Dock feeds float features`, {
      hint: 'Export the model with a float32 (or float64) input.'
    })
  }
  return { name: input.name, width: widthAfterBatch(input.dims), dtype: input.elementType === 'double' ? 'float64' : 'float32', typeText: input.typeText }
}

/** Probabilities when the model gives them (named like it, as the runtime reads them), else its label output. */
function classifierOutput(tensors: readonly OnnxValueDescription[], source: string): ModelOutputSignature {
  const labels = tensors.filter((o) => INTEGER_TYPES.has(o.elementType) || o.elementType === 'string')
  const label = labels.find((o) => /label/i.test(o.name)) ?? labels[0]
  const twoDimensionalFloats = tensors.filter((o) => FLOAT_TYPES.has(o.elementType) && o.dims?.length === 2)
  const probabilities = twoDimensionalFloats.find((o) => /prob/i.test(o.name)) ?? (label ? undefined : twoDimensionalFloats[0])
  if (probabilities) {
    const width = widthAfterBatch(probabilities.dims)
    return { name: probabilities.name, shape: [null, width], kind: 'probabilities', width }
  }
  if (label) return { name: label.name, shape: [null], kind: 'label', width: null }
  throw new LearnwareError('PACK_MISMATCH', `${source} gives no class labels or probabilities (outputs: ${describeOutputs(tensors)})`, {
    hint: 'A classifier needs an integer label output or a float[N, classes] probability output. Is the model a regressor (--task Regression)?'
  })
}

function regressorOutput(tensors: readonly OnnxValueDescription[], source: string): ModelOutputSignature {
  const floats = tensors.filter((o) => FLOAT_TYPES.has(o.elementType))
  const output = floats.find((o) => /predict|variable|value|output|target/i.test(o.name)) ?? floats[0]
  if (!output) {
    throw new LearnwareError('PACK_MISMATCH', `${source} gives no float output to read a regression value from (outputs: ${describeOutputs(tensors)})`, {
      hint: 'Is the model a classifier (--task Classification)?'
    })
  }
  const width = (output.dims?.length ?? 0) <= 1 ? 1 : widthAfterBatch(output.dims)
  return { name: output.name, shape: output.dims && output.dims.length <= 1 ? [null] : [null, width], kind: 'values', width }
}

/** Product of the dims after the batch dimension, or null when any is symbolic or the rank is unknown. */
function widthAfterBatch(dims: OnnxValueDescription['dims']): number | null {
  if (!dims || dims.length < 2) return null
  const rest = dims.slice(1)
  return rest.every((d) => typeof d === 'number') ? (rest as number[]).reduce((a, d) => a * d, 1) : null
}

function describeOutputs(outputs: readonly OnnxValueDescription[]): string {
  return outputs.length === 0 ? 'none' : outputs.map((o) => `${o.name}: ${o.typeText}`).join(', ')
}
