/**
 * Predictions as the commands that make them (`predict`, `run-bundle`) print them: class name per row with
 * the probabilities, or values; a listing with the winning probability, or a one-line summary (counts per
 * class, range and mean of values) when they went to a file.
 *
 * Example:
 *   const values = predictionValues(prediction)   // { predictions: ['setosa', …], classNames, probabilities, targetNames }
 *   predictionListing(values)                     // ['     1  setosa (0.972)', …]
 *   summarizePredictions({ task: 'classification', ...values })   // 'setosa ×12, versicolor ×13, virginica ×13'
 */

import type { LearnwarePrediction } from '../../engine/predict'
import { formatNumber } from '../textTable'

export interface PredictionValues {
  /** Class name per row (classification), value per row (one target) or values per row (several). */
  predictions: (string | number | number[])[]
  classNames: string[] | null
  /** rows × classes, when the model gives probabilities. */
  probabilities: number[][] | null
  targetNames: string[] | null
}

export function predictionValues(prediction: LearnwarePrediction): PredictionValues {
  if (prediction.task === 'classification') {
    const classCount = prediction.probabilities && prediction.rows > 0 ? prediction.probabilities.length / prediction.rows : 0
    return {
      predictions: prediction.labelNames ?? Array.from(prediction.labels ?? [], String),
      classNames: prediction.classNames,
      probabilities: prediction.probabilities
        ? Array.from({ length: prediction.rows }, (_, r) => Array.from(prediction.probabilities!.subarray(r * classCount, (r + 1) * classCount)))
        : null,
      targetNames: null
    }
  }
  const k = prediction.targetsPerRow
  const rowValues = (r: number) => Array.from(prediction.values.subarray(r * k, (r + 1) * k))
  return {
    predictions: Array.from({ length: prediction.rows }, (_, r) => (k === 1 ? prediction.values[r] : rowValues(r))),
    classNames: null,
    probabilities: null,
    targetNames: prediction.targetNames
  }
}

/** One line per row: its number, the prediction, and the winning probability when there is one. */
export function predictionListing(values: PredictionValues): string[] {
  return values.predictions.map((value, r) => {
    const best = values.probabilities ? ` (${Math.max(...values.probabilities[r]).toFixed(3)})` : ''
    return `${String(r + 1).padStart(6)}  ${Array.isArray(value) ? value.map(formatNumber).join(', ') : typeof value === 'number' ? formatNumber(value) : value}${best}`
  })
}

export function summarizePredictions(values: PredictionValues & { task: LearnwarePrediction['task'] }): string {
  if (values.task === 'classification') {
    const counts = new Map<string, number>()
    for (const label of values.predictions as string[]) counts.set(label, (counts.get(label) ?? 0) + 1)
    return [...counts].map(([label, count]) => `${label} ×${count}`).join(', ')
  }
  const all = values.predictions.flat() as number[]
  const finite = all.filter(Number.isFinite)
  if (finite.length === 0) return 'no finite values'
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length
  return `values from ${formatNumber(Math.min(...finite))} to ${formatNumber(Math.max(...finite))}, mean ${formatNumber(mean)}`
}
