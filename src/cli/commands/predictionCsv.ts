/**
 * Predictions as CSV, one line per input row in the input's order: `prediction` (the class name) and one
 * `p(<class>)` column per class for classifiers; one column per target (named by the learnware, else
 * `prediction`) for regressors. Cells are quoted the RFC 4180 way when they need it, so class names with
 * commas survive a round trip through a spreadsheet.
 *
 * Example:
 *   predictionCsv(prediction)   // 'prediction,p(setosa),p(versicolor),p(virginica)\nsetosa,0.97,0.03,0\n…'
 *   predictionCsv(prediction, { rowNames: { header: 'file', values: files } })   // 'file,prediction,…\nbag/001.png,bag,…'
 */

import type { LearnwarePrediction } from '../../engine/predict'

export interface PredictionCsvOptions {
  /** A first column naming each row (the image file a prediction is for). */
  rowNames?: { header: string; values: readonly string[] }
}

export function predictionCsv(prediction: LearnwarePrediction, options: PredictionCsvOptions = {}): string {
  const body = predictionLines(prediction)
  const names = options.rowNames
  if (!names) return `${body.join('\n')}\n`
  return `${body.map((line, i) => `${csvCell(i === 0 ? names.header : (names.values[i - 1] ?? ''))},${line}`).join('\n')}\n`
}

function predictionLines(prediction: LearnwarePrediction): string[] {
  const lines: string[] = []
  if (prediction.task === 'classification') {
    const { probabilities, rows } = prediction
    const classCount = probabilities && rows > 0 ? probabilities.length / rows : 0
    const classNames = Array.from({ length: classCount }, (_, c) => prediction.classNames?.[c] ?? String(c))
    lines.push(['prediction', ...classNames.map((name) => `p(${name})`)].map(csvCell).join(','))
    for (let r = 0; r < rows; r++) {
      const label = prediction.labelNames?.[r] ?? String(prediction.labels?.[r] ?? '')
      const probs = probabilities ? Array.from(probabilities.subarray(r * classCount, (r + 1) * classCount), numberCell) : []
      lines.push([csvCell(label), ...probs].join(','))
    }
  } else {
    const k = prediction.targetsPerRow
    const names = prediction.targetNames && prediction.targetNames.length === k
      ? prediction.targetNames
      : Array.from({ length: k }, (_, i) => (k === 1 ? 'prediction' : `prediction_${i}`))
    lines.push(names.map(csvCell).join(','))
    for (let r = 0; r < prediction.rows; r++) lines.push(Array.from(prediction.values.subarray(r * k, (r + 1) * k), numberCell).join(','))
  }
  return lines
}

function numberCell(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(7))) : ''
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}
