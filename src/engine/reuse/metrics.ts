/**
 * How well predictions match a user's labels, for the reuse preview and the learning curve. Pure functions on
 * typed arrays. Classification takes class indices into the user's class list (a negative or out-of-range
 * prediction means "no usable answer" and counts as wrong); regression takes one value per row.
 *
 * The confusion matrix keeps, for every cell, the rows behind it (CSR layout: one offsets array and one row
 * array), so the app can show the user the actual rows a method got wrong. Definitions follow scikit-learn:
 * macro-F1 averages over the classes present in the labels or the predictions, a class with no predictions
 * has F1 0; R² of a constant target is 1 for a perfect fit, else 0 (`force_finite`).
 *
 * Example:
 *   const scores = classificationMetrics(actual, predicted, 3)   // { accuracy, macroF1, kappa }
 *   const cm = confusionMatrix(actual, predicted, 3, { rowIds: heldOutRows })
 *   cellCount(cm, 1, 2)                                          // rows of class 1 predicted as class 2
 *   rowsInCell(cm, 1, 2)                                         // their row indices in the user's table
 *   regressionMetrics(actualValues, predictedValues)             // { rmse, mae, r2 }
 */

export interface ClassificationMetrics {
  accuracy: number
  macroF1: number
  /** Cohen's kappa: agreement beyond what the two label frequencies give by chance. */
  kappa: number
}

export interface RegressionMetrics {
  rmse: number
  mae: number
  r2: number
}

export type ClassificationMetricName = keyof ClassificationMetrics
export type RegressionMetricName = keyof RegressionMetrics
export type MetricName = ClassificationMetricName | RegressionMetricName

export const CLASSIFICATION_METRICS: readonly ClassificationMetricName[] = ['accuracy', 'macroF1', 'kappa']
export const REGRESSION_METRICS: readonly RegressionMetricName[] = ['rmse', 'mae', 'r2']

/** Whether a larger value of the metric is better (accuracy, F1, kappa, R²) or worse (RMSE, MAE). */
export function higherIsBetter(metric: MetricName): boolean {
  return metric !== 'rmse' && metric !== 'mae'
}

export interface ConfusionMatrix {
  classCount: number
  /**
   * Columns per actual class: one per predicted class, plus a last one for rows without a usable prediction
   * (a label outside the user's classes). Cell (actual a, column p) is at a·columns + p.
   */
  columns: number
  /** classCount × columns, row-major: rows of actual class a given answer p. */
  counts: Int32Array
  /** Start of each cell's rows in `cellRows` (length classCount·columns + 1). */
  cellOffsets: Int32Array
  /** Row ids grouped by cell, ascending within a cell. */
  cellRows: Uint32Array
}

export interface ConfusionOptions {
  /** Id of each evaluated row (e.g. its index in the user's table); default 0…n−1. */
  rowIds?: ArrayLike<number>
}

export function confusionMatrix(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classCount: number,
  options: ConfusionOptions = {}
): ConfusionMatrix {
  checkSameLength(actual, predicted)
  const columns = classCount + 1
  const cellOf = new Int32Array(actual.length)
  const counts = new Int32Array(classCount * columns)
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]
    if (!(a >= 0 && a < classCount && Number.isInteger(a))) throw new RangeError(`actual label ${a} at position ${i} is not a class index below ${classCount}`)
    const cell = a * columns + answerColumn(predicted[i], classCount)
    cellOf[i] = cell
    counts[cell]++
  }
  const cellOffsets = new Int32Array(counts.length + 1)
  for (let cell = 0; cell < counts.length; cell++) cellOffsets[cell + 1] = cellOffsets[cell] + counts[cell]
  const next = cellOffsets.slice(0, counts.length)
  const cellRows = new Uint32Array(actual.length)
  for (let i = 0; i < actual.length; i++) cellRows[next[cellOf[i]]++] = options.rowIds ? options.rowIds[i] : i
  // held-out rows come in split order; the app lists a cell's rows in table order
  if (options.rowIds) for (let cell = 0; cell < counts.length; cell++) cellRows.subarray(cellOffsets[cell], cellOffsets[cell + 1]).sort()
  return { classCount, columns, counts, cellOffsets, cellRows }
}

/** Rows of actual class `actual` answered `predicted` (use `classCount` for "no usable prediction"). */
export function cellCount(matrix: ConfusionMatrix, actual: number, predicted: number): number {
  return matrix.counts[actual * matrix.columns + predicted]
}

/** The row ids behind one cell, ascending (a view into `cellRows`). */
export function rowsInCell(matrix: ConfusionMatrix, actual: number, predicted: number): Uint32Array {
  const cell = actual * matrix.columns + predicted
  return matrix.cellRows.subarray(matrix.cellOffsets[cell], matrix.cellOffsets[cell + 1])
}

export function classificationMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): ClassificationMetrics {
  return metricsFromConfusion(confusionMatrix(actual, predicted, classCount))
}

export function metricsFromConfusion(matrix: ConfusionMatrix): ClassificationMetrics {
  const { classCount, columns, counts } = matrix
  const actualTotals = new Float64Array(classCount)
  const predictedTotals = new Float64Array(classCount)
  let total = 0
  let correct = 0
  for (let a = 0; a < classCount; a++) {
    for (let p = 0; p < columns; p++) {
      const n = counts[a * columns + p]
      actualTotals[a] += n
      if (p < classCount) predictedTotals[p] += n
      total += n
    }
    correct += counts[a * columns + a]
  }
  if (total === 0) return { accuracy: NaN, macroF1: NaN, kappa: NaN }
  return { accuracy: correct / total, macroF1: macroF1(counts, columns, actualTotals, predictedTotals), kappa: kappa(correct, total, actualTotals, predictedTotals) }
}

/** Unweighted mean of per-class F1 = 2·TP / (actual + predicted) over classes seen on either side. */
function macroF1(counts: Int32Array, columns: number, actualTotals: Float64Array, predictedTotals: Float64Array): number {
  let sum = 0
  let seen = 0
  for (let k = 0; k < actualTotals.length; k++) {
    const support = actualTotals[k] + predictedTotals[k]
    if (support === 0) continue
    sum += (2 * counts[k * columns + k]) / support
    seen++
  }
  return seen === 0 ? 0 : sum / seen
}

/**
 * (p_o − p_e) / (1 − p_e). When chance agreement is certain (both sides a single, identical class) kappa is
 * 0/0; scikit-learn gives NaN, we give 1 because the agreement is in fact perfect and a NaN would poison
 * the preview's means.
 */
function kappa(correct: number, total: number, actualTotals: Float64Array, predictedTotals: Float64Array): number {
  const observed = correct / total
  let expected = 0
  for (let k = 0; k < actualTotals.length; k++) expected += (actualTotals[k] / total) * (predictedTotals[k] / total)
  if (expected >= 1 - 1e-12) return observed >= 1 - 1e-12 ? 1 : 0
  return (observed - expected) / (1 - expected)
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  checkSameLength(actual, predicted)
  const n = actual.length
  if (n === 0) return { rmse: NaN, mae: NaN, r2: NaN }
  let mean = 0
  for (let i = 0; i < n; i++) mean += actual[i]
  mean /= n
  let squared = 0
  let absolute = 0
  let spread = 0
  for (let i = 0; i < n; i++) {
    const error = predicted[i] - actual[i]
    squared += error * error
    absolute += Math.abs(error)
    spread += (actual[i] - mean) ** 2
  }
  const r2 = spread > 0 ? 1 - squared / spread : squared === 0 ? 1 : 0
  return { rmse: Math.sqrt(squared / n), mae: absolute / n, r2 }
}

/** Mean and sample standard deviation (n − 1; 0 for a single value) of repeated scores. */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length
  if (n === 0) return { mean: NaN, std: NaN }
  let mean = 0
  for (let i = 0; i < n; i++) mean += values[i]
  mean /= n
  if (n === 1) return { mean, std: 0 }
  let sum = 0
  for (let i = 0; i < n; i++) sum += (values[i] - mean) ** 2
  return { mean, std: Math.sqrt(sum / (n - 1)) }
}

function answerColumn(label: number, classCount: number): number {
  return label >= 0 && label < classCount && Number.isInteger(label) ? label : classCount
}

function checkSameLength(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (actual.length !== predicted.length) throw new RangeError(`${actual.length} labels but ${predicted.length} predictions`)
}
