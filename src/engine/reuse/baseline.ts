/**
 * What the user would get without the dock: a model trained from scratch on the same labelled rows the reuse
 * methods see — multinomial logistic regression (classification) or ridge (regression) from `../train`, with
 * missing cells filled by the labelled rows' column means — and the trivial floor under everything, the
 * majority class or the mean target. The preview and the learning curve score reuse against these.
 *
 * Example:
 *   const scratch = trainScratchBaseline(table, labelledRows, { signal })
 *   const { labels, probabilities } = scratch.predict(heldOutRows)     // class indices into target.classes
 *   const floor = fitConstantBaseline(table, labelledRows)             // majority class / mean value
 *   previewReuse({ …, extraCandidates: [] })  // scratchCandidate() and constantCandidate(task) are always in
 */

import type { LoadedTable } from '../data'
import { LearnwareError } from '../errors'
import { trainLogisticRegression, trainRidgeRegression } from '../train'
import type { PreviewCandidate } from './candidates'

/** Predictions for some rows of the table, in the shape reusers return. */
export interface BaselinePrediction {
  /** Class index (into `target.classes`) per row. */
  labels?: Int32Array
  /** rows × classes, row-major. */
  probabilities?: Float64Array
  /** Regression value per row. */
  values?: Float64Array
}

export interface BaselineModel {
  kind: 'scratch' | 'majority' | 'mean'
  /** Predicts the given rows (indices into the table). */
  predict(rows: ArrayLike<number>): BaselinePrediction
}

export interface BaselineOptions {
  signal?: AbortSignal
}

/** "Trained from scratch" as a preview candidate: a new model on each split's labelled rows. */
export function scratchCandidate(): PreviewCandidate {
  return {
    id: 'scratch',
    label: 'Trained from scratch',
    kind: 'scratch',
    method: 'scratch',
    learnwareIds: [],
    needsLabels: true,
    fit: async (labelledRows, run) => {
      const model = trainScratchBaseline(run.table, labelledRows, { signal: run.signal })
      return { predict: async (rows) => model.predict(rows) }
    }
  }
}

/** The majority class (classification) or mean target (regression) of each split's labelled rows. */
export function constantCandidate(task: 'classification' | 'regression'): PreviewCandidate {
  const method = task === 'classification' ? 'majority' : 'mean'
  return {
    id: method,
    label: task === 'classification' ? 'Majority class' : 'Mean target',
    kind: 'baseline',
    method,
    learnwareIds: [],
    needsLabels: true,
    fit: async (labelledRows, run) => {
      const model = fitConstantBaseline(run.table, labelledRows)
      return { predict: async (rows) => model.predict(rows) }
    }
  }
}

/** Logistic regression (sklearn C = 1) or ridge (α = 1) fitted on the labelled rows. */
export function trainScratchBaseline(table: LoadedTable, labelledRows: ArrayLike<number>, options: BaselineOptions = {}): BaselineModel {
  const target = requireTarget(table)
  const cols = table.featuresPerRow
  const fill = labelledColumnMeans(table, labelledRows)
  const features = gatherFilledRows(table, labelledRows, fill)
  const rows = labelledRows.length
  if (target.task === 'classification') {
    const labels = Int32Array.from(labelledRows, (r) => target.codes![r])
    // every user class is modelled, so the outputs line up with the reusers' even if a class is missing here
    const classes = Int32Array.from(target.classes!, (_, k) => k)
    const model = trainLogisticRegression({ features, rows, cols, labels }, { classes, signal: options.signal })
    return {
      kind: 'scratch',
      predict: (evalRows) => {
        const probabilities = model.predictProbabilities(gatherFilledRows(table, evalRows, fill), evalRows.length)
        return { probabilities, labels: argmaxRows(probabilities, classes.length) }
      }
    }
  }
  const targets = Float64Array.from(labelledRows, (r) => target.values![r])
  const model = trainRidgeRegression({ features, rows, cols, targets })
  return { kind: 'scratch', predict: (evalRows) => ({ values: model.predict(gatherFilledRows(table, evalRows, fill), evalRows.length) }) }
}

/** The majority class of the labelled rows (ties → the smaller class index) or their mean target. */
export function fitConstantBaseline(table: LoadedTable, labelledRows: ArrayLike<number>): BaselineModel {
  const target = requireTarget(table)
  if (target.task === 'classification') {
    const classCount = target.classes!.length
    const counts = new Int32Array(classCount)
    for (let i = 0; i < labelledRows.length; i++) counts[target.codes![labelledRows[i]]]++
    let majority = 0
    for (let k = 1; k < classCount; k++) if (counts[k] > counts[majority]) majority = k
    const share = Float64Array.from(counts, (n) => n / labelledRows.length)
    return {
      kind: 'majority',
      predict: (rows) => {
        const probabilities = new Float64Array(rows.length * classCount)
        for (let i = 0; i < rows.length; i++) probabilities.set(share, i * classCount)
        return { labels: new Int32Array(rows.length).fill(majority), probabilities }
      }
    }
  }
  let mean = 0
  for (let i = 0; i < labelledRows.length; i++) mean += target.values![labelledRows[i]] / labelledRows.length
  return { kind: 'mean', predict: (rows) => ({ values: new Float64Array(rows.length).fill(mean) }) }
}

/** Per column, the mean of the labelled rows' present values (0 when a column is missing in all of them). */
export function labelledColumnMeans(table: LoadedTable, labelledRows: ArrayLike<number>): Float64Array {
  const cols = table.featuresPerRow
  const sums = new Float64Array(cols)
  const counts = new Float64Array(cols)
  for (let i = 0; i < labelledRows.length; i++) {
    const base = labelledRows[i] * cols
    for (let j = 0; j < cols; j++) {
      const value = table.matrix[base + j]
      if (Number.isNaN(value)) continue
      sums[j] += value
      counts[j]++
    }
  }
  return Float64Array.from(sums, (sum, j) => (counts[j] > 0 ? sum / counts[j] : 0))
}

/** The given rows of the table's matrix, row-major, NaN cells replaced by `fill`. */
export function gatherFilledRows(table: LoadedTable, rows: ArrayLike<number>, fill: Float64Array): Float64Array {
  const cols = table.featuresPerRow
  const out = new Float64Array(rows.length * cols)
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i] * cols
    for (let j = 0; j < cols; j++) {
      const value = table.matrix[base + j]
      out[i * cols + j] = Number.isNaN(value) ? fill[j] : value
    }
  }
  return out
}

function argmaxRows(probabilities: Float64Array, classCount: number): Int32Array {
  const rows = probabilities.length / classCount
  const labels = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    let best = 0
    for (let k = 1; k < classCount; k++) if (probabilities[r * classCount + k] > probabilities[r * classCount + best]) best = k
    labels[r] = best
  }
  return labels
}

function requireTarget(table: LoadedTable): NonNullable<LoadedTable['target']> {
  if (!table.target) {
    throw new LearnwareError('USAGE', `${table.source}: no target column, so there is nothing to score against`, {
      hint: 'Name the label column (target) when loading the table.'
    })
  }
  return table.target
}
