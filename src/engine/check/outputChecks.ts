/**
 * Judging a model's answer to the probe rows against its semantic spec (reference §6.3 steps 5–6): one
 * answer per row, finite numbers, and the right shape — class labels within [0, Output.Dimension) and
 * probabilities with Output.Dimension columns for classifiers, Output.Dimension values per row (1 when the
 * spec gives none) for regressors. Beimingwu stops at the first failed assert; we report each check.
 *
 * Example:
 *   checkProbeOutputs(prediction, 10, { task: 'classification', outputDimension: 3 })
 *   // [ok('output-rows', …), failed('output-values', 'The model gave non-finite outputs …'), …]
 */

import type { OnnxClassification, OnnxPrediction, OnnxRegression } from '../runtime'
import { failed, ok, type CheckOutcome } from './checkReport'

export interface OutputExpectation {
  /** The semantic task when it is Classification or Regression. */
  task: 'classification' | 'regression' | undefined
  /** Output.Dimension, when the spec gives it. */
  outputDimension: number | null
}

export function checkProbeOutputs(prediction: OnnxPrediction, rows: number, expected: OutputExpectation): CheckOutcome[] {
  if (expected.task && prediction.task !== expected.task) {
    return [failed('output-shape', `The task is ${expected.task} but the model's outputs read as ${prediction.task}`)]
  }
  return prediction.task === 'classification'
    ? checkClassification(prediction, rows, expected.outputDimension)
    : checkRegression(prediction, rows, expected.outputDimension ?? 1)
}

function checkClassification(out: OnnxClassification, rows: number, classCount: number | null): CheckOutcome[] {
  const { labels, probabilities } = out
  if (!labels && !probabilities) {
    return [failed('output-shape', `The model gave neither class labels nor probabilities for ${rows} probe rows`)]
  }
  const width = probabilities && out.classCount ? out.classCount : 0
  const rowProblems: string[] = []
  if (labels && labels.length !== rows) rowProblems.push(count(labels.length, 'label'))
  if (probabilities && (width === 0 || probabilities.length !== rows * width)) rowProblems.push(count(probabilities.length, 'probability value'))
  if (rowProblems.length > 0) {
    return [failed('output-rows', `The model returned ${rowProblems.join(' and ')} for ${rows} probe rows`)]
  }
  const checks = [ok('output-rows', `One answer per probe row (${rows})`), finiteness(probabilities, width, 'probabilities')]
  const shapeProblems: string[] = []
  if (classCount !== null && probabilities && width !== classCount) {
    shapeProblems.push(`probabilities have ${width} columns but Output.Dimension is ${classCount}`)
  }
  if (classCount !== null && labels) {
    const outside = labels.findIndex((label) => !(label >= 0 && label < classCount))
    if (outside >= 0) shapeProblems.push(`label ${labels[outside]} (row ${outside + 1}) is outside [0, ${classCount}) given by Output.Dimension`)
  }
  checks.push(
    shapeProblems.length > 0
      ? failed('output-shape', `The model's classification outputs do not match the specification: ${shapeProblems.join('; ')}`)
      : ok('output-shape', classCount === null ? 'Classification outputs (no Output.Dimension to compare)' : `Labels in [0, ${classCount}) and ${width || 'no'} probability columns`)
  )
  return checks
}

function checkRegression(out: OnnxRegression, rows: number, targetsPerRow: number): CheckOutcome[] {
  const width = out.targetsPerRow
  if (!Number.isInteger(width) || width < 1 || out.values.length !== rows * width) {
    return [failed('output-rows', `The model returned ${count(out.values.length, 'value')} for ${rows} probe rows (not a whole number of values per row)`)]
  }
  return [
    ok('output-rows', `One answer per probe row (${rows})`),
    finiteness(out.values, width, 'values'),
    width === targetsPerRow
      ? ok('output-shape', `${width} value${width === 1 ? '' : 's'} per row, as Output.Dimension says`)
      : failed('output-shape', `The model gives ${width} values per row but Output.Dimension is ${targetsPerRow}`)
  ]
}

function finiteness(values: Float32Array | null, perRow: number, what: string): CheckOutcome {
  if (!values) return ok('output-values', `No ${what} to check`)
  const badRows = new Set<number>()
  let first = -1
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) continue
    if (first < 0) first = i
    badRows.add(Math.floor(i / perRow))
  }
  if (first < 0) return ok('output-values', `All ${what} are finite`)
  const rows = values.length / perRow
  return failed(
    'output-values',
    `The model gave non-finite outputs (NaN or ±∞) for ${badRows.size} of ${rows} probe rows: ${what} of row ${Math.floor(first / perRow) + 1} is ${values[first]}`
  )
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
