/**
 * Proof that an exported model does what the app did: the model bytes are loaded in a *fresh*
 * onnxruntime session (no cache, no output-guessing — the bundle's own `label` / `probabilities` /
 * `prediction` tensors are fetched by name) and run on the golden rows; labels must match exactly, numbers
 * within 1e-5 (relative above 1: float32 carries about seven digits, so a prediction of 150 is only
 * exact to about 1e-5 · 150). Rows the reference marks as float32 near-ties may differ and are reported.
 *
 * Example:
 *   const report = await verifyModel(bytes, reference, features, rows, { source: 'bundle.zip: model.onnx' })
 *   if (!report.passed) throw verificationError(report)
 */

import * as ort from 'onnxruntime-node'
import { LearnwareError } from '../errors'
import { LABEL_OUTPUT, PREDICTION_OUTPUT, PROBABILITIES_OUTPUT } from './pipelineCombiners'
import { PIPELINE_INPUT } from './composePipeline'
import type { PlanPrediction } from './planReference'

export const VERIFY_TOLERANCE = 1e-5

export interface ModelRun {
  labels: Int32Array | null
  probabilities: Float32Array | null
  values: Float32Array | null
  width: number
}

export interface VerificationReport {
  passed: boolean
  rows: number
  task: PlanPrediction['task']
  tolerance: number
  /** Rows whose label differs (near-ties excluded). */
  labelMismatches: number[]
  /** Rows whose numbers differ beyond the tolerance (near-ties excluded). */
  valueMismatches: number[]
  /** Near-tie rows that came out differently, accepted. */
  toleratedTies: number[]
  /** Largest |model − reference| over the compared numbers. */
  maxAbsDifference: number
  worst: { row: number; column: number; expected: number; actual: number } | null
  /** One plain sentence for the user. */
  summary: string
}

/** Runs `features: float[rows, F]` through the model in a session of its own, released afterwards. */
export async function runModelFresh(bytes: Uint8Array, features: Float32Array, rows: number, featureCount: number, source: string): Promise<ModelRun> {
  let session: ort.InferenceSession
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], logSeverityLevel: 3 })
  } catch (cause) {
    throw failure(`${source}: onnxruntime cannot load the exported model: ${firstLine(cause)}`, cause)
  }
  try {
    const fetch = session.outputNames.filter((name) => name === LABEL_OUTPUT || name === PROBABILITIES_OUTPUT || name === PREDICTION_OUTPUT)
    if (fetch.length === 0) throw failure(`${source}: the model has none of the outputs label, probabilities, prediction (it has ${session.outputNames.join(', ')})`)
    let results: ort.InferenceSession.ReturnType
    try {
      results = await session.run({ [PIPELINE_INPUT]: new ort.Tensor('float32', features, [rows, featureCount]) }, fetch)
    } catch (cause) {
      throw failure(`${source}: onnxruntime failed to run the exported model: ${firstLine(cause)}`, cause)
    }
    const label = results[LABEL_OUTPUT]
    const probabilities = results[PROBABILITIES_OUTPUT]
    const prediction = results[PREDICTION_OUTPUT]
    const numbers = probabilities ?? prediction
    return {
      labels: label ? Int32Array.from(label.data as BigInt64Array, Number) : null,
      probabilities: probabilities ? Float32Array.from(probabilities.data as Float32Array) : null,
      values: prediction ? Float32Array.from(prediction.data as Float32Array) : null,
      width: numbers && rows > 0 ? numbers.size / rows : 0
    }
  } finally {
    await session.release()
  }
}

export function compareWithReference(reference: PlanPrediction, run: ModelRun, tolerance = VERIFY_TOLERANCE): VerificationReport {
  const { rows, task } = reference
  const ties = new Set(reference.nearTies)
  const labelMismatches = new Set<number>()
  const valueMismatches = new Set<number>()
  const toleratedTies = new Set<number>()
  const expected = task === 'classification' ? reference.probabilities! : reference.values!
  const actual = task === 'classification' ? run.probabilities : run.values
  if (!actual || actual.length !== expected.length || (task === 'classification' && run.labels?.length !== rows)) {
    const got = actual ? `${actual.length / Math.max(rows, 1)} values per row` : 'no such output'
    return report(reference, tolerance, [...Array(rows).keys()], [], [], Infinity, null, `the model's ${task === 'classification' ? 'probabilities' : 'prediction'} output has the wrong shape (${got}, expected ${reference.width})`)
  }
  const differs = (r: number, into: Set<number>) => (ties.has(r) ? toleratedTies : into).add(r)
  if (task === 'classification') for (let r = 0; r < rows; r++) if (run.labels![r] !== reference.labels![r]) differs(r, labelMismatches)
  let maxAbsDifference = 0
  let worst: VerificationReport['worst'] = null
  const width = reference.width
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i] - expected[i])
    const row = Math.floor(i / width)
    if (difference <= tolerance * Math.max(1, Math.abs(expected[i]))) continue
    if (ties.has(row)) {
      toleratedTies.add(row)
      continue
    }
    valueMismatches.add(row)
    if (!(difference <= maxAbsDifference)) {
      maxAbsDifference = Number.isNaN(difference) ? Infinity : difference
      worst = { row, column: i % width, expected: expected[i], actual: actual[i] }
    }
  }
  if (worst === null) maxAbsDifference = maxCloseDifference(expected, actual, ties, width)
  return report(reference, tolerance, [...labelMismatches], [...valueMismatches], [...toleratedTies], maxAbsDifference, worst)
}

function maxCloseDifference(expected: Float32Array, actual: Float32Array, ties: Set<number>, width: number): number {
  let max = 0
  for (let i = 0; i < expected.length; i++) if (!ties.has(Math.floor(i / width))) max = Math.max(max, Math.abs(actual[i] - expected[i]))
  return max
}

function report(
  reference: PlanPrediction,
  tolerance: number,
  labelMismatches: number[],
  valueMismatches: number[],
  toleratedTies: number[],
  maxAbsDifference: number,
  worst: VerificationReport['worst'],
  problem?: string
): VerificationReport {
  const sort = (rows: number[]) => [...rows].sort((a, b) => a - b)
  const passed = !problem && labelMismatches.length === 0 && valueMismatches.length === 0
  const parts: string[] = []
  if (problem) parts.push(problem)
  if (labelMismatches.length > 0) parts.push(`the label differs on ${labelMismatches.length} of ${reference.rows} golden rows (first: row ${Math.min(...labelMismatches) + 1})`)
  if (valueMismatches.length > 0 && worst) {
    parts.push(`numbers differ beyond ${tolerance} on ${valueMismatches.length} of ${reference.rows} golden rows (worst: row ${worst.row + 1}, column ${worst.column + 1}: expected ${worst.expected}, got ${worst.actual})`)
  }
  const summary = passed
    ? `The exported model reproduces the in-app predictions on all ${reference.rows} golden rows (largest difference ${maxAbsDifference.toExponential(2)}${toleratedTies.length ? `; ${toleratedTies.length} float32 near-tie row(s) broke the other way` : ''}).`
    : `The exported model does not reproduce the in-app predictions: ${parts.join('; ')}.`
  return { passed, rows: reference.rows, task: reference.task, tolerance, labelMismatches: sort(labelMismatches), valueMismatches: sort(valueMismatches), toleratedTies: sort(toleratedTies), maxAbsDifference, worst, summary }
}

export function verificationError(report: VerificationReport, source: string): LearnwareError {
  return failure(`${source}: ${report.summary}`)
}

function failure(message: string, cause?: unknown): LearnwareError {
  return new LearnwareError('EXPORT_VERIFICATION_FAILED', message, {
    hint: 'The exported graph and the reuse plan disagree, so the bundle was not kept. Report this with the plan\'s learnwares; exporting each learnware on its own may work meanwhile.',
    cause
  })
}

function firstLine(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause)
  return text.split('\n')[0].slice(0, 300)
}
