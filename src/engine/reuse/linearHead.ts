/**
 * FeatureAugment's head: a linear model on [user features, member outputs], chosen by k-fold
 * cross-validation like the reference's scikit-learn estimators — ridge regression over α ∈ {0.01, 0.1, 1,
 * 10, 100} (RidgeCV; here k-fold MSE instead of its leave-one-out shortcut) or softmax regression over C
 * (LogisticRegressionCV: 10 values from 1e-4 to 1e4, stratified folds, accuracy; C enters as the L2 weight
 * 1/(C·rows) on the mean loss, sklearn's scaling). The first best value wins ties (the smallest penalty
 * for C, the smallest α), then the model is refitted on every row.
 *
 * The trainers standardise their inputs; the head folds that into the weights so it applies to raw
 * inputs, as the plan's `linear-head` combiner does: W′ⱼ = Wⱼ / σⱼ, b′ = b − Σⱼ μⱼ Wⱼ / σⱼ.
 *
 * Example:
 *   const { head, penalty } = fitClassifierHead(x, rows, cols, labels, 3, { seed: 0 })
 *   const probabilities = applyHead(head, x, rows)   // rows × 3, softmax
 */

import { createRng } from '../math/rng'
import { trainLogisticRegression, trainRidgeRegression, type Standardizer } from '../train'
import { throwIfCancelled } from './fitProgress'

export const DEFAULT_ALPHAS = [0.01, 0.1, 1, 10, 100]
/** numpy.logspace(-4, 4, 10), LogisticRegressionCV's default Cs = 10. */
export const DEFAULT_C_VALUES = Array.from({ length: 10 }, (_, i) => 10 ** (-4 + (8 * i) / 9))

export interface LinearHead {
  inputs: number
  outputs: number
  /**
   * Inputs are centred and scaled, (x − center) / scale, before the weights. Folding this into raw-input
   * weights would be exact in float64 but not in the exported float32 graph when inputs are large
   * (breast cancer's mean_area ≈ 10³): the head keeps the two steps apart so both agree.
   */
  center: Float64Array
  scale: Float64Array
  /** Row-major inputs × outputs, on centred and scaled inputs. */
  weights: Float64Array
  bias: Float64Array
  /** Classification: softmax over the outputs. */
  softmax: boolean
}

export interface HeadFitOptions {
  seed: number
  folds?: number
  penalties?: number[]
  signal?: AbortSignal
  /** After each fitted model, with how many of the planned fits are done. */
  onFit?: (done: number, total: number) => void
}

export interface HeadFit {
  head: LinearHead
  penalty: { name: 'alpha' | 'C'; value: number; cvScore: number }
}

export function fitClassifierHead(x: Float64Array, rows: number, cols: number, labels: Int32Array, classCount: number, options: HeadFitOptions): HeadFit {
  const classes = Int32Array.from({ length: classCount }, (_, i) => i)
  const train = (idx: Int32Array, c: number) => {
    const model = trainLogisticRegression({ features: pick(x, cols, idx), rows: idx.length, cols, labels: Int32Array.from(idx, (r) => labels[r]) }, { classes, l2: 1 / (c * idx.length), maxIterations: 1000, signal: options.signal })
    return rawHead(model.standardizer, model.weights, model.bias, classCount, true)
  }
  const score = (head: LinearHead, idx: Int32Array) => {
    const p = applyHead(head, pick(x, cols, idx), idx.length)
    let correct = 0
    idx.forEach((r, i) => { if (argmax(p, i, classCount) === labels[r]) correct++ })
    return correct
  }
  return crossValidate(rows, options.penalties ?? DEFAULT_C_VALUES, 'C', options, train, score, labels, (total) => total / rows, true)
}

export function fitRegressorHead(x: Float64Array, rows: number, cols: number, targets: Float64Array, options: HeadFitOptions): HeadFit {
  const train = (idx: Int32Array, alpha: number) => {
    const model = trainRidgeRegression({ features: pick(x, cols, idx), rows: idx.length, cols, targets: Float64Array.from(idx, (r) => targets[r]) }, { alpha })
    return rawHead(model.standardizer, model.weights, model.bias, 1, false)
  }
  const score = (head: LinearHead, idx: Int32Array) => {
    const y = applyHead(head, pick(x, cols, idx), idx.length)
    let squared = 0
    idx.forEach((r, i) => { squared += (y[i] - targets[r]) ** 2 })
    return squared
  }
  return crossValidate(rows, options.penalties ?? DEFAULT_ALPHAS, 'alpha', options, train, score, null, (total) => total / rows, false)
}

/** rows × outputs: ((x − center) / scale)·W + b, softmaxed for classification. */
export function applyHead(head: LinearHead, x: ArrayLike<number>, rows: number): Float64Array {
  const { inputs, outputs, weights, bias, center, scale } = head
  const out = new Float64Array(rows * outputs)
  for (let r = 0; r < rows; r++) {
    const o = r * outputs
    for (let k = 0; k < outputs; k++) out[o + k] = bias[k]
    for (let j = 0; j < inputs; j++) {
      const value = (x[r * inputs + j] - center[j]) / scale[j]
      if (value === 0) continue
      for (let k = 0; k < outputs; k++) out[o + k] += value * weights[j * outputs + k]
    }
    if (head.softmax) softmaxInPlace(out, o, outputs)
  }
  return out
}

function crossValidate(
  rows: number,
  penalties: readonly number[],
  name: 'alpha' | 'C',
  options: HeadFitOptions,
  train: (idx: Int32Array, penalty: number) => LinearHead,
  score: (head: LinearHead, idx: Int32Array) => number,
  strata: Int32Array | null,
  normalise: (total: number) => number,
  higherIsBetter: boolean
): HeadFit {
  const folds = foldsOf(rows, Math.min(options.folds ?? 5, rows), options.seed, strata)
  const total = (folds.length >= 2 ? penalties.length * folds.length : 0) + 1
  let done = 0
  let best = { value: penalties.includes(1) ? 1 : penalties[0], cvScore: NaN }
  if (folds.length >= 2) {
    for (const penalty of penalties) {
      let sum = 0
      for (let f = 0; f < folds.length; f++) {
        throwIfCancelled(options.signal, 'FeatureAugment cross-validation')
        const trainRows = Int32Array.from(folds.flatMap((fold, g) => (g === f ? [] : Array.from(fold))))
        sum += score(train(trainRows, penalty), folds[f])
        options.onFit?.(++done, total)
      }
      const cvScore = normalise(sum)
      const better = Number.isNaN(best.cvScore) || (higherIsBetter ? cvScore > best.cvScore : cvScore < best.cvScore)
      if (better) best = { value: penalty, cvScore }
    }
  }
  const head = train(Int32Array.from({ length: rows }, (_, i) => i), best.value)
  options.onFit?.(total, total)
  return { head, penalty: { name, ...best } }
}

/** Seeded folds; with strata (class labels) every class is spread evenly over the folds. */
function foldsOf(rows: number, folds: number, seed: number, strata: Int32Array | null): Int32Array[] {
  if (folds < 2) return []
  const order = createRng(seed).shuffle(Array.from({ length: rows }, (_, i) => i))
  if (strata) order.sort((a, b) => strata[a] - strata[b])
  const members: number[][] = Array.from({ length: folds }, () => [])
  order.forEach((r, i) => members[i % folds].push(r))
  return members.map((m) => Int32Array.from(m).sort())
}

function rawHead(scaler: Standardizer, weights: Float64Array, bias: Float64Array, outputs: number, softmax: boolean): LinearHead {
  const inputs = scaler.mean.length
  return { inputs, outputs, center: Float64Array.from(scaler.mean), scale: Float64Array.from(scaler.std), weights, bias: Float64Array.from(bias), softmax }
}

function pick(x: Float64Array, cols: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * cols)
  idx.forEach((r, i) => out.set(x.subarray(r * cols, (r + 1) * cols), i * cols))
  return out
}

function argmax(values: Float64Array, row: number, width: number): number {
  let best = 0
  for (let c = 1; c < width; c++) if (values[row * width + c] > values[row * width + best]) best = c
  return best
}

function softmaxInPlace(values: Float64Array, offset: number, width: number): void {
  let max = -Infinity
  for (let k = 0; k < width; k++) max = Math.max(max, values[offset + k])
  let sum = 0
  for (let k = 0; k < width; k++) {
    values[offset + k] = Math.exp(values[offset + k] - max)
    sum += values[offset + k]
  }
  for (let k = 0; k < width; k++) values[offset + k] /= sum
}
