/**
 * The inputs every trainer here accepts and the checks they share: a row-major feature matrix, integer class
 * labels or numeric targets, and the per-column standardisation fitted on the training rows (and later baked
 * into the exported ONNX model, so the model itself takes raw features).
 *
 * Example:
 *   const data: ClassificationSet = { features, rows, cols, labels: table.target.codes! }
 *   const classes = classList(data.labels)           // Int32Array of sorted class values
 *   const scaler = fitStandardizer(features, rows, cols)
 *   const z = standardizeRows(features, rows, cols, scaler)   // Float64Array
 */

import { LearnwareError } from '../errors'
import type { ProgressListener } from '../progress'

/** Row-major rows × cols. */
export type FeatureMatrix = Float32Array | Float64Array

export interface ClassificationSet {
  features: FeatureMatrix
  rows: number
  cols: number
  /** Integer class value per row. */
  labels: ArrayLike<number>
}

export interface RegressionSet {
  features: FeatureMatrix
  rows: number
  cols: number
  /** rows × targetsPerRow, row-major. */
  targets: ArrayLike<number>
  targetsPerRow?: number
}

export interface TrainingRun {
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface Standardizer {
  mean: Float64Array
  /** Population standard deviation; 1 for constant columns, so they pass through centred. */
  std: Float64Array
}

export function fitStandardizer(features: FeatureMatrix, rows: number, cols: number): Standardizer {
  const mean = new Float64Array(cols)
  const std = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let j = 0; j < cols; j++) mean[j] += features[base + j]
  }
  for (let j = 0; j < cols; j++) mean[j] /= rows
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let j = 0; j < cols; j++) std[j] += (features[base + j] - mean[j]) ** 2
  }
  for (let j = 0; j < cols; j++) {
    const sd = Math.sqrt(std[j] / rows)
    std[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1
  }
  return { mean, std }
}

export function standardizeRows(features: FeatureMatrix, rows: number, cols: number, scaler: Standardizer): Float64Array {
  const out = new Float64Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let j = 0; j < cols; j++) out[base + j] = (features[base + j] - scaler.mean[j]) / scaler.std[j]
  }
  return out
}

/** Refuses shapes that do not match and NaN/∞ features, naming the first bad row and column. */
export function checkFeatures(what: string, features: FeatureMatrix, rows: number, cols: number): void {
  if (rows < 1 || cols < 1 || features.length !== rows * cols) {
    throw new LearnwareError('DATA_EMPTY', `${what}: ${features.length} feature values do not make ${rows} rows × ${cols} columns`)
  }
  for (let i = 0; i < features.length; i++) {
    if (!Number.isFinite(features[i])) {
      throw new LearnwareError('DATA_BAD_VALUE', `${what}: row ${Math.floor(i / cols) + 1}, column ${(i % cols) + 1} is ${features[i]}`, {
        hint: 'Impute missing values before training.'
      })
    }
  }
}

/** Refuses a target count that does not match and NaN/∞ targets. */
export function checkTargets(targets: ArrayLike<number>, rows: number, targetsPerRow: number): void {
  if (targets.length !== rows * targetsPerRow) {
    throw new LearnwareError('DATA_EMPTY', `training targets: ${targets.length} values for ${rows} rows × ${targetsPerRow} targets`)
  }
  for (let i = 0; i < targets.length; i++) {
    if (!Number.isFinite(targets[i])) {
      throw new LearnwareError('DATA_BAD_VALUE', `training targets: row ${Math.floor(i / targetsPerRow) + 1} has target ${targets[i]}`, {
        hint: 'Drop rows with a missing target before training.'
      })
    }
  }
}

/** Sorted distinct class values; refuses non-integer or negative labels (−1 is "missing" in loaded tables). */
export function classList(labels: ArrayLike<number>): Int32Array {
  const seen = new Set<number>()
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]
    if (!Number.isInteger(label) || label < 0) {
      throw new LearnwareError('DATA_BAD_VALUE', `training labels: row ${i + 1} has label ${label}`, {
        hint: 'Class labels must be integer codes ≥ 0; drop rows with a missing target.'
      })
    }
    seen.add(label)
  }
  return Int32Array.from([...seen].sort((a, b) => a - b))
}

/** The classes a classifier models: `explicit` when given, else the sorted distinct labels; at least two. */
export function resolveClasses(labels: ArrayLike<number>, explicit?: ArrayLike<number>): Int32Array {
  const classes = explicit ? Int32Array.from(explicit) : classList(labels)
  if (classes.length < 2) {
    throw new LearnwareError('DATA_BAD_VALUE', `training labels: only ${classes.length} class (${Array.from(classes).join(', ')})`, {
      hint: 'A classifier needs rows of at least two classes; for a numeric target, train a regressor.'
    })
  }
  return classes
}

/** Class index (position in `classes`) per row. */
export function classIndices(labels: ArrayLike<number>, classes: Int32Array): Int32Array {
  const index = new Map(Array.from(classes, (value, i) => [value, i]))
  return Int32Array.from({ length: labels.length }, (_, i) => {
    const k = index.get(labels[i])
    if (k === undefined) throw new LearnwareError('DATA_BAD_VALUE', `training labels: row ${i + 1} has unknown class ${labels[i]}`)
    return k
  })
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new LearnwareError('CANCELLED', `${what} was cancelled`)
}
