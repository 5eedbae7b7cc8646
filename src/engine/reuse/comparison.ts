/**
 * What the reuse preview and the learning curve share: check the user's table, build the candidates (every
 * reuser asked for, training from scratch, the majority-class / mean floor, and any extra ones), draw one
 * seeded ordering of the usable rows per repeat, and score a candidate on a split — fitted on the split's
 * labelled rows when it learns from labels, else run once on all the user's rows and scored on each split's
 * held-out part (it cannot leak labels, and a user would run it on all their rows anyway: JobSelector routes
 * by that distribution). Cancellation, progress and the private ONNX cache are handled here too.
 *
 * Example:
 *   return runComparison(options, 'reuse preview', async (comparison) => {
 *     const split = splitAt(comparison.orders[0], 100)
 *     const score = await comparison.scoreSplit(comparison.candidates[0], split, true)
 *     score.metrics.accuracy                       // on split.heldOut
 *   })
 */

import type { LoadedTable } from '../data'
import { describeError, isLearnwareError, LearnwareError } from '../errors'
import type { ProgressListener } from '../progress'
import { OnnxModelCache } from '../runtime'
import { constantCandidate, scratchCandidate } from './baseline'
import { reuserCandidates, type CandidateError, type CandidateOptions, type CandidatePrediction, type CandidateRun, type FittedCandidate, type PreviewCandidate } from './candidates'
import { ComparisonProgress } from './comparisonProgress'
import {
  CLASSIFICATION_METRICS,
  confusionMatrix,
  meanAndStd,
  metricsFromConfusion,
  REGRESSION_METRICS,
  regressionMetrics,
  type ConfusionMatrix,
  type MetricName
} from './metrics'
import { rowsWithTarget, splitOrders, type LabelledSplit } from './splits'
import type { ReuseSummary, ReuseTask } from './types'

export interface ReuseComparisonOptions extends CandidateOptions {
  repeats?: number
  seed?: number
  /** More candidates to score alongside (custom models, tests). */
  extraCandidates?: PreviewCandidate[]
  /** Shared ONNX sessions (the caller disposes them); a private cache is made and released otherwise. */
  cache?: OnnxModelCache
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface MetricSummary {
  mean: number
  /** Sample standard deviation over the repeats (0 for one repeat). */
  std: number
  /** The score of each repeat. */
  values: number[]
}

export type MetricSummaries = { [K in MetricName]?: MetricSummary }

/** One candidate's result on one split. */
export interface SplitScore {
  metrics: { [K in MetricName]?: number }
  confusion?: ConfusionMatrix
  summary?: ReuseSummary
  /** Fit + predict time (label-free candidates: their single run on all rows). */
  elapsedMs: number
}

interface WholeTableRun {
  prediction: CandidatePrediction
  summary?: ReuseSummary
  elapsedMs: number
}

/**
 * Validates the table, builds the candidates and a comparison, runs `work`, and releases a private ONNX cache.
 * Throws USAGE for a table without a target, CANCELLED when the signal fires.
 */
export async function runComparison<T>(options: ReuseComparisonOptions, task: string, work: (comparison: ReuseComparison) => Promise<T>): Promise<T> {
  const { table } = options
  if (!table.target || (table.target.task === 'classification' && !table.target.classes?.length)) {
    throw new LearnwareError('USAGE', `${table.source}: no target column, so there is nothing to score reuse against`, {
      hint: 'Choose the label column of your table (target) before previewing reuse.'
    })
  }
  const repeats = options.repeats ?? 5
  if (!Number.isInteger(repeats) || repeats < 1) throw new LearnwareError('USAGE', `repeats must be a whole number ≥ 1 (got ${repeats})`)
  if (options.signal?.aborted) throw cancelledError(task, undefined)
  const cache = options.cache ?? new OnnxModelCache({ maxModels: Math.max(8, options.learnwares.length + 1) })
  try {
    const seed = options.seed ?? 0
    const candidates = [
      ...reuserCandidates(options, cache, seed),
      scratchCandidate(),
      constantCandidate(table.target.task),
      ...(options.extraCandidates ?? [])
    ]
    const comparison = new ReuseComparison(table, candidates, seed, repeats, task, options.onProgress, options.signal)
    const result = await work(comparison)
    comparison.progress.finish()
    return result
  } finally {
    if (!options.cache) await cache.dispose()
  }
}

export function summariseScores(scores: readonly SplitScore[], metricNames: readonly MetricName[]): MetricSummaries {
  const summaries: MetricSummaries = {}
  for (const name of metricNames) {
    const values = scores.map((s) => s.metrics[name] ?? NaN)
    summaries[name] = { ...meanAndStd(values), values }
  }
  return summaries
}

/** The table's task, the candidates, one seeded ordering of the usable rows per repeat, progress and cancellation. */
export class ReuseComparison {
  readonly task: ReuseTask
  readonly classNames?: string[]
  readonly usableRows: number
  readonly metricNames: MetricName[]
  readonly orders: Uint32Array[]
  readonly progress: ComparisonProgress
  private readonly labelFreeRuns = new Map<PreviewCandidate, Promise<WholeTableRun>>()
  private readonly run: CandidateRun

  constructor(
    readonly table: LoadedTable,
    readonly candidates: PreviewCandidate[],
    readonly seed: number,
    repeats: number,
    /** Names the job in progress events and messages: `reuse preview`, `learning curve`. */
    readonly jobName: string,
    onProgress?: ProgressListener,
    readonly signal?: AbortSignal
  ) {
    const target = table.target!
    this.task = target.task
    if (target.classes) this.classNames = target.classes
    this.usableRows = rowsWithTarget(target).length
    this.metricNames = [...(this.task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS)]
    this.orders = splitOrders(target, { repeats, seed })
    this.progress = new ComparisonProgress(jobName, onProgress)
    this.run = { table, signal }
  }

  /** Fits (if the candidate learns from labels) and scores it on the split's held-out rows. */
  async scoreSplit(candidate: PreviewCandidate, split: LabelledSplit, keepDetails: boolean): Promise<SplitScore> {
    this.checkCancelled()
    if (!candidate.needsLabels) {
      const whole = await this.wholeTableRun(candidate)
      return { ...this.score(whole.prediction, split.heldOut, true, keepDetails), summary: keepDetails ? whole.summary : undefined, elapsedMs: whole.elapsedMs }
    }
    const started = performance.now()
    const fitted = await candidate.fit(split.labelled, this.run)
    this.checkCancelled()
    const prediction = await fitted.predict(split.heldOut, this.run)
    const elapsedMs = performance.now() - started
    return { ...this.score(prediction, split.heldOut, false, keepDetails), summary: keepDetails ? safeSummary(fitted) : undefined, elapsedMs }
  }

  /** The failure as the user sees it; CANCELLED (or anything once the signal fired) is rethrown instead. */
  candidateError(error: unknown): CandidateError {
    if (this.signal?.aborted || (isLearnwareError(error) && error.code === 'CANCELLED')) throw cancelledError(this.jobName, error)
    if (isLearnwareError(error)) return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
    return { code: 'UNEXPECTED', message: describeError(error) }
  }

  checkCancelled(): void {
    if (this.signal?.aborted) throw cancelledError(this.jobName, undefined)
  }

  private wholeTableRun(candidate: PreviewCandidate): Promise<WholeTableRun> {
    let run = this.labelFreeRuns.get(candidate)
    if (!run) {
      run = (async () => {
        const started = performance.now()
        const all = Uint32Array.from({ length: this.table.rowsKept }, (_, r) => r)
        const fitted = await candidate.fit(new Uint32Array(0), this.run)
        const prediction = await fitted.predict(all, this.run)
        return { prediction, summary: safeSummary(fitted), elapsedMs: performance.now() - started }
      })()
      this.labelFreeRuns.set(candidate, run)
    }
    return run
  }

  /** Scores held-out rows; `byTableRow`: the prediction covers every table row, else exactly `heldOut`. */
  private score(prediction: CandidatePrediction, heldOut: Uint32Array, byTableRow: boolean, keepDetails: boolean): Omit<SplitScore, 'elapsedMs'> {
    const target = this.table.target!
    const predictedRows = byTableRow ? this.table.rowsKept : heldOut.length
    const n = heldOut.length
    if (this.task === 'classification') {
      const classCount = this.classNames!.length
      const labels = predictedLabels(prediction, predictedRows, classCount)
      const actual = new Int32Array(n)
      const predicted = new Int32Array(n)
      for (let i = 0; i < n; i++) {
        actual[i] = target.codes![heldOut[i]]
        predicted[i] = labels[byTableRow ? heldOut[i] : i]
      }
      const confusion = confusionMatrix(actual, predicted, classCount, { rowIds: heldOut })
      return { metrics: { ...metricsFromConfusion(confusion) }, ...(keepDetails ? { confusion } : {}) }
    }
    const values = prediction.values
    if (!values || values.length !== predictedRows) throw new Error(`expected ${predictedRows} predicted values, got ${values?.length ?? 'none'}`)
    const actual = new Float64Array(n)
    const predicted = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      actual[i] = target.values![heldOut[i]]
      predicted[i] = values[byTableRow ? heldOut[i] : i]
    }
    return { metrics: { ...regressionMetrics(actual, predicted) } }
  }
}

/** Class index per row: the labels, else the argmax of the probabilities. */
function predictedLabels(prediction: CandidatePrediction, rows: number, classCount: number): Int32Array {
  if (prediction.labels) {
    if (prediction.labels.length !== rows) throw new Error(`expected ${rows} predicted labels, got ${prediction.labels.length}`)
    return prediction.labels
  }
  const p = prediction.probabilities
  if (!p || p.length !== rows * classCount) throw new Error(`expected ${rows} × ${classCount} probabilities, got ${p?.length ?? 'none'}`)
  const labels = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    let best = 0
    for (let k = 1; k < classCount; k++) if (p[r * classCount + k] > p[r * classCount + best]) best = k
    labels[r] = best
  }
  return labels
}

function safeSummary(fitted: FittedCandidate): ReuseSummary | undefined {
  try {
    return fitted.summary?.()
  } catch {
    return undefined
  }
}

function cancelledError(jobName: string, cause: unknown): LearnwareError {
  if (isLearnwareError(cause) && cause.code === 'CANCELLED') return cause
  return new LearnwareError('CANCELLED', `The ${jobName} was cancelled`, cause === undefined ? {} : { cause })
}
