/**
 * Small row-major helpers on the user's rows that several reusers share: column means over the present
 * cells, NaN imputation, picking rows or columns, and keeping only the rows that have a label or target.
 *
 * Example:
 *   const means = columnMeans(data.features, data.rows, data.featuresPerRow)     // NaN-skipping, 0 if all missing
 *   const filled = imputeRows(data.features, data.rows, data.featuresPerRow, means) // Float64Array, no NaN
 *   const kept = labelledRows(data, 'classification')                             // Int32Array of row indices
 */

import { LearnwareError } from '../errors'
import type { LabelledData, ReuseData, ReuseTask } from './types'

/** Mean of the present (finite) cells of each column; 0 for a column with none. */
export function columnMeans(features: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const sums = new Float64Array(cols)
  const counts = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let j = 0; j < cols; j++) {
      const value = features[base + j]
      if (Number.isFinite(value)) { sums[j] += value; counts[j]++ }
    }
  }
  // float32 like everything the ONNX graphs compute with, so in-app and exported imputation agree exactly
  return sums.map((sum, j) => (counts[j] > 0 ? Math.fround(sum / counts[j]) : 0))
}

/** Copy with every non-finite cell replaced by its column's fill value. */
export function imputeRows(features: ArrayLike<number>, rows: number, cols: number, fill: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let j = 0; j < cols; j++) {
      const value = features[base + j]
      out[base + j] = Number.isFinite(value) ? value : fill[j]
    }
  }
  return out
}

/** The given rows (by index), all columns. */
export function pickRows<T extends Float32Array | Float64Array>(features: T, cols: number, rowIndices: ArrayLike<number>): T {
  const out = new (features.constructor as new (length: number) => T)(rowIndices.length * cols)
  for (let i = 0; i < rowIndices.length; i++) out.set(features.subarray(rowIndices[i] * cols, (rowIndices[i] + 1) * cols), i * cols)
  return out
}

/** The given columns (by index, in that order) of every row. */
export function pickColumns(features: ArrayLike<number>, rows: number, cols: number, columns: readonly number[]): Float64Array {
  const width = columns.length
  const out = new Float64Array(rows * width)
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) out[r * width + j] = features[r * cols + columns[j]]
  }
  return out
}

/** The same data restricted to some rows. */
export function subsetData(data: ReuseData, rowIndices: ArrayLike<number>): ReuseData {
  return { ...data, features: pickRows(data.features, data.featuresPerRow, rowIndices), rows: rowIndices.length }
}

/**
 * Indices of the rows with a usable label (class index ≥ 0) or target (finite); REUSE_NEEDS_LABELS when the
 * data carries none, or none is usable.
 */
export function labelledRows(data: LabelledData, task: ReuseTask, what: string): Int32Array {
  const kept: number[] = []
  if (task === 'classification') {
    if (!data.labels) throw needsLabels(what, 'a label per row (labels)')
    for (let r = 0; r < data.rows; r++) if (data.labels[r] >= 0) kept.push(r)
  } else {
    if (!data.targets) throw needsLabels(what, 'a target value per row (targets)')
    for (let r = 0; r < data.rows; r++) if (Number.isFinite(data.targets[r])) kept.push(r)
  }
  if (kept.length === 0) throw needsLabels(what, 'at least one row with a label or target')
  return Int32Array.from(kept)
}

function needsLabels(what: string, needed: string): LearnwareError {
  return new LearnwareError('REUSE_NEEDS_LABELS', `${what} learns from your labelled rows and needs ${needed}`, {
    hint: 'Load your table with its label column (target), or choose Averaging or JobSelector, which need no labels.'
  })
}
