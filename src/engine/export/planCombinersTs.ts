/**
 * The combiners in plain TypeScript (float64), twins of the graph nodes in pipelineCombiners.ts, used by
 * `evaluatePlanInTs` as the reference the exported graph must reproduce. Argmax keeps the first maximum
 * (ONNX ArgMax, numpy argmax and `bincount(...).argmax()` all do), and notes rows whose top two scores are
 * within float32 rounding of each other.
 *
 * Example:
 *   const mean = meanRows([a, b], rows)                 // { values: Float64Array rows × C, width: C }
 *   const labels = argmaxRows(mean, rows, nearTies)     // Int32Array
 */

import { LearnwareError } from '../errors'
import type { PlanCombiner } from './plan'

/** Row-major rows × width scores. */
export interface RowScores {
  values: Float64Array
  width: number
}

/** Two scores closer than this (relative to their size) may swap order in float32 arithmetic. */
export const NEAR_TIE = 1e-6

export function meanRows(outputs: readonly RowScores[], rows: number): RowScores {
  const width = sameWidth(outputs)
  const values = new Float64Array(rows * width)
  for (const output of outputs) for (let i = 0; i < values.length; i++) values[i] += output.values[i]
  for (let i = 0; i < values.length; i++) values[i] /= outputs.length
  return { values, width }
}

/** Share of members whose (mapped) argmax is each class. */
export function voteShareRows(outputs: readonly RowScores[], rows: number, nearTies: Set<number>): RowScores {
  const width = sameWidth(outputs)
  const values = new Float64Array(rows * width)
  for (const output of outputs) {
    const votes = argmaxRows(output, rows, nearTies)
    for (let r = 0; r < rows; r++) values[r * width + votes[r]] += 1
  }
  for (let i = 0; i < values.length; i++) values[i] /= outputs.length
  return { values, width }
}

/** [features (NaN → fill), outputs…] · W + b, as logits (classification) or values (regression). */
export function linearHeadRows(
  features: Float32Array,
  rows: number,
  featureCount: number,
  outputs: readonly RowScores[],
  head: Extract<PlanCombiner, { kind: 'linear-head' }>
): RowScores {
  const { weights, bias, inputs, outputs: width } = head
  const x = new Float64Array(inputs)
  const values = new Float64Array(rows * width)
  for (let r = 0; r < rows; r++) {
    let j = 0
    for (let f = 0; f < featureCount; f++, j++) {
      const value = features[r * featureCount + f]
      x[j] = Number.isNaN(value) ? Math.fround(head.featureFill[f]) : value
    }
    for (const output of outputs) for (let c = 0; c < output.width; c++, j++) x[j] = output.values[r * output.width + c]
    if (j !== inputs) throw new Error(`linear head: ${j} inputs assembled, the head takes ${inputs}`)
    // The graph computes (x − center) / scale in float32; so does the reference.
    if (head.inputCenter && head.inputScale) {
      for (let i = 0; i < inputs; i++) x[i] = Math.fround(Math.fround(x[i] - head.inputCenter[i]) / head.inputScale[i])
    }
    for (let o = 0; o < width; o++) {
      let sum = bias[o]
      for (let i = 0; i < inputs; i++) sum += x[i] * weights[i * width + o]
      values[r * width + o] = sum
    }
  }
  return { values, width }
}

/** Per row, the output of member `choice[r]`. */
export function selectRows(outputs: readonly RowScores[], choice: Int32Array, rows: number): RowScores {
  const width = sameWidth(outputs)
  const values = new Float64Array(rows * width)
  for (let r = 0; r < rows; r++) values.set(outputs[choice[r]].values.subarray(r * width, (r + 1) * width), r * width)
  return { values, width }
}

/** Index of the first maximum per row; rows whose runner-up is within NEAR_TIE are added to `nearTies`. */
export function argmaxRows(scores: RowScores, rows: number, nearTies: Set<number>): Int32Array {
  const { values, width } = scores
  const out = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    const base = r * width
    let best = 0
    for (let c = 1; c < width; c++) if (values[base + c] > values[base + best]) best = c
    for (let c = 0; c < width; c++) {
      if (c !== best && values[base + best] - values[base + c] <= NEAR_TIE * Math.max(1, Math.abs(values[base + best]))) nearTies.add(r)
    }
    out[r] = best
  }
  return out
}

function sameWidth(outputs: readonly RowScores[]): number {
  const width = outputs[0].width
  const other = outputs.find((o) => o.width !== width)
  if (other) {
    throw new LearnwareError('EXPORT_PLAN_INVALID', `The reuse plan is not exportable: its members give ${width} and ${other.width} values per row, which cannot be combined`, {
      hint: 'Classification members need a classMap onto the user\'s classes; regression members must predict the same targets.'
    })
  }
  return width
}
