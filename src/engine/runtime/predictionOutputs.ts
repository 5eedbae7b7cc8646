/**
 * Reads a model's raw output tensors as a learnware prediction. Converters disagree on names and types
 * (`label` int64 or string, `probabilities` float[N,C], sklearn-onnx's ZipMap `output_probability`, torch's
 * single `output`, a regressor's `variable` float[N,1] …); this module picks the right outputs once per model
 * (`planOutputs`) and converts them into the shapes the engine uses (`toPrediction`).
 *
 * Labels: an integer label tensor gives `labels` (class values as the model emits them); a string label
 * tensor gives `labelNames`, and `labels` as indices into the class-name list when one is known (passed by
 * the caller, or recorded by the converter). Without a label output the label is the argmax of the scores.
 *
 * Example:
 *   const plan = planOutputs(session.outputMetadata, taps, 'classification')
 *   const prediction = toPrediction(plan, tensorsByName, rows, { classNames: ['setosa', 'versicolor', 'virginica'] })
 */

import type { InferenceSession } from 'onnxruntime-node'

export type PredictionTask = 'classification' | 'regression'

export interface OnnxClassification {
  task: 'classification'
  rows: number
  /** Integer label per row (class values, or indices into the class-name list for string labels); null if unknown. */
  labels: Int32Array | null
  /** Label names per row, when the model emits strings or a class-name list was given. */
  labelNames: string[] | null
  /** rows × classCount, row-major; null when the model gives no probabilities. */
  probabilities: Float32Array | null
  classCount: number | null
}

export interface OnnxRegression {
  task: 'regression'
  rows: number
  targetsPerRow: number
  /** rows × targetsPerRow, row-major. */
  values: Float32Array
}

export type OnnxPrediction = OnnxClassification | OnnxRegression

export interface OutputPlan {
  task: PredictionTask
  labelOutput: string | null
  scoresOutput: string | null
  /** True when scoresOutput is known to hold probabilities (by name or as a ZipMap tap). */
  scoresAreProbabilities: boolean
  regressionOutput: string | null
  /** The tensor outputs to fetch (never the non-tensor ones, which the node binding cannot return). */
  fetch: string[]
}

/** Output tensor of one run, concatenated over batches. */
export interface OutputTensor {
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | string[]
  /** Values per row (product of all dims after the first). */
  perRow: number
}

type Metadata = InferenceSession.ValueMetadata

const INTEGER_TYPES = new Set(['int64', 'int32', 'uint8', 'int8', 'int16', 'uint16', 'uint32', 'uint64', 'bool'])
const FLOAT_TYPES = new Set(['float32', 'float64'])

export function planOutputs(
  outputs: readonly Metadata[],
  probabilityTaps: Readonly<Record<string, string>>,
  task?: PredictionTask
): OutputPlan {
  const tensors = outputs.filter((o): o is InferenceSession.TensorValueMetadata => o.isTensor)
  const floats = tensors.filter((o) => FLOAT_TYPES.has(o.type))
  const labels = tensors.filter((o) => INTEGER_TYPES.has(o.type) || o.type === 'string')
  const labelOutput = (labels.find((o) => /label/i.test(o.name)) ?? labels[0])?.name ?? null
  const tapped = Object.values(probabilityTaps)[0]
  const namedProbabilities = floats.find((o) => /prob/i.test(o.name))?.name
  const probabilityOutput = namedProbabilities ?? tapped ?? null
  const resolvedTask: PredictionTask = task ?? (labelOutput || probabilityOutput ? 'classification' : 'regression')

  if (resolvedTask === 'regression') {
    const preferred = floats.find((o) => /predict|variable|value|output|target/i.test(o.name)) ?? floats[0]
    const regressionOutput = preferred?.name ?? labelOutput
    return {
      task: 'regression',
      labelOutput: null,
      scoresOutput: null,
      scoresAreProbabilities: false,
      regressionOutput,
      fetch: regressionOutput ? [regressionOutput] : []
    }
  }
  const fallbackScores = floats.find((o) => o.shape.length === 2)?.name ?? null
  const scoresOutput = probabilityOutput ?? (labelOutput ? null : fallbackScores)
  return {
    task: 'classification',
    labelOutput,
    scoresOutput,
    scoresAreProbabilities: probabilityOutput !== null,
    regressionOutput: null,
    fetch: [labelOutput, scoresOutput].filter((name): name is string => name !== null)
  }
}

export interface PredictionContext {
  /** Names of the classes, in class-index order. */
  classNames?: readonly string[] | null
  /** Class labels the converter recorded (ZipMap etc.), in probability-column order. */
  classLabels?: readonly number[] | readonly string[] | null
}

export function toPrediction(
  plan: OutputPlan,
  outputs: Readonly<Record<string, OutputTensor>>,
  rows: number,
  context: PredictionContext = {}
): OnnxPrediction {
  if (plan.task === 'regression') {
    const output = plan.regressionOutput ? outputs[plan.regressionOutput] : undefined
    if (!output) throw new Error('no regression output was fetched')
    return { task: 'regression', rows, targetsPerRow: output.perRow, values: toFloat32(output.data) }
  }
  const scores = plan.scoresOutput ? outputs[plan.scoresOutput] : undefined
  const label = plan.labelOutput ? outputs[plan.labelOutput] : undefined
  let probabilities = scores ? toFloat32(scores.data) : null
  const classCount = scores ? scores.perRow : (context.classNames?.length ?? context.classLabels?.length ?? null)
  if (probabilities && !plan.scoresAreProbabilities && !rowsAreDistributions(probabilities, classCount!)) {
    probabilities = null
  }
  const classLabels = context.classLabels ?? null
  const classNames = context.classNames ?? (classLabels && typeof classLabels[0] === 'string' ? (classLabels as readonly string[]) : null)

  let labels: Int32Array | null = null
  let labelNames: string[] | null = null
  if (label && Array.isArray(label.data)) {
    labelNames = label.data
    labels = classNames ? indicesOf(labelNames, classNames) : null
  } else if (label) {
    labels = toInt32(label.data as Exclude<OutputTensor['data'], string[]>)
  } else if (scores) {
    const index = argmaxRows(toFloat32(scores.data), scores.perRow)
    const numericLabels = classLabels && typeof classLabels[0] === 'number' ? (classLabels as readonly number[]) : null
    labels = numericLabels ? index.map((i) => numericLabels[i]) : index
  }
  if (!labelNames && labels && classNames) {
    const names = classNames
    labelNames = Array.from(labels, (l) => names[l] ?? String(l))
  }
  return { task: 'classification', rows, labels, labelNames, probabilities, classCount }
}

function toFloat32(data: OutputTensor['data']): Float32Array {
  if (data instanceof Float32Array) return data
  if (Array.isArray(data)) throw new Error('a string tensor cannot be read as numbers')
  return Float32Array.from(data as ArrayLike<number | bigint>, Number)
}

function toInt32(data: Exclude<OutputTensor['data'], string[]>): Int32Array {
  if (data instanceof Int32Array) return data
  const out = new Int32Array(data.length)
  for (let i = 0; i < data.length; i++) out[i] = Number(data[i])
  return out
}

function indicesOf(names: readonly string[], classNames: readonly string[]): Int32Array {
  const index = new Map(classNames.map((name, i) => [name, i]))
  return Int32Array.from(names, (name) => index.get(name) ?? -1)
}

function argmaxRows(scores: Float32Array, perRow: number): Int32Array {
  const rows = scores.length / perRow
  const out = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    const base = r * perRow
    let best = 0
    for (let c = 1; c < perRow; c++) if (scores[base + c] > scores[base + best]) best = c
    out[r] = best
  }
  return out
}

/** Scores of a model not declared a probabilistic classifier count as probabilities only if each row sums to 1. */
function rowsAreDistributions(scores: Float32Array, perRow: number): boolean {
  for (let base = 0; base < scores.length; base += perRow) {
    let sum = 0
    for (let c = 0; c < perRow; c++) {
      const p = scores[base + c]
      if (!(p >= 0 && p <= 1)) return false
      sum += p
    }
    if (Math.abs(sum - 1) > 1e-3) return false
  }
  return true
}
