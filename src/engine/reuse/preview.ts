/**
 * The reuse preview: before a user commits to a learnware, show on *their own rows* how well reusing it works
 * compared with training a model themselves. The labelled table is split (seeded, stratified for
 * classification, `repeats` times) into a labelled budget — what the user would label — and held-out rows;
 * every candidate is scored on the held-out rows: each learnware alone, Averaging, JobSelector,
 * EnsemblePruning and FeatureAugment (the last two fitted on the labelled rows), a model trained from scratch
 * on the same labelled rows, and the majority-class / mean floor. Everything runs locally.
 *
 * A candidate that fails (columns that do not line up, classes that cannot be mapped …) is reported with its
 * error instead of scores; it never stops the others. Candidates that never see labels (Single, Averaging,
 * JobSelector) are run once on all the user's rows and scored on each split's held-out part: they cannot
 * leak labels, and a user would run them on all their rows anyway (JobSelector routes by that distribution).
 *
 * Example:
 *   const table = await loadTableFile('my_wines.csv', { target: 'cultivar' })
 *   const preview = await previewReuse({ table, learnwares, labelledRows: 100, repeats: 5, cache, onProgress, signal })
 *   for (const c of preview.candidates) {
 *     if (c.status === 'failed') console.log(c.label, c.error.message)
 *     else console.log(c.label, c.metrics.accuracy?.mean, '±', c.metrics.accuracy?.std)
 *   }
 *   const scratch = preview.candidates.find((c) => c.id === 'scratch')
 *   if (scratch?.status === 'ok') rowsInCell(scratch.confusion!, 1, 2)   // table rows of class 1 taken for class 2 (first split)
 */

import type { LoadedTable } from '../data'
import { describeError, isLearnwareError, LearnwareError, type LearnwareErrorCode } from '../errors'
import type { ProgressListener } from '../progress'
import { OnnxModelCache } from '../runtime'
import { constantCandidate, scratchCandidate } from './baseline'
import { createReuser } from './createReuser'
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
import { checkLabelledBudget, rowsWithTarget, splitAt, splitOrders, type LabelledSplit } from './splits'
import type {
  LabelledData,
  ReuseContext,
  ReuseData,
  ReuseLearnware,
  ReuseMethod,
  ReusePrediction,
  ReuserOptions,
  ReuseSummary,
  ReuseTask
} from './types'

export type CandidateKind = 'reuse' | 'scratch' | 'baseline'
export type CandidateMethod = ReuseMethod | 'scratch' | 'majority' | 'mean'

/** One way of predicting the user's target that the preview scores; reusers and baselines plug in here. */
export interface PreviewCandidate {
  /** Stable key: `single:<learnwareId>`, `averaging`, …, `scratch`, `majority` / `mean`. */
  id: string
  label: string
  kind: CandidateKind
  method: CandidateMethod
  learnwareIds: string[]
  /** False: never sees labels, so it is fitted and run once on all rows. */
  needsLabels: boolean
  /** A fresh model fitted on these labelled rows (table row indices; empty when `needsLabels` is false). */
  fit(labelledRows: Uint32Array, run: CandidateRun): Promise<FittedCandidate>
}

export interface CandidateRun {
  table: LoadedTable
  signal?: AbortSignal
}

export interface FittedCandidate {
  predict(rows: Uint32Array, run: CandidateRun): Promise<CandidatePrediction>
  summary?(): ReuseSummary
}

/** Reusers' and baselines' answers for some rows (class indices into the user's classes, or values). */
export interface CandidatePrediction {
  labels?: Int32Array
  probabilities?: Float32Array | Float64Array
  values?: Float64Array | Float32Array
}

export interface ReuseComparisonOptions {
  /** The user's table, loaded with its target column. */
  table: LoadedTable
  learnwares: ReuseLearnware[]
  /** Reuse methods to try (default all five; `single` = each learnware alone). */
  methods?: ReuseMethod[]
  repeats?: number
  seed?: number
  /** Options per reuse method (e.g. fewer pruning generations). */
  reuserOptions?: Partial<Record<ReuseMethod, ReuserOptions>>
  /** More candidates to score alongside (custom models, tests). */
  extraCandidates?: PreviewCandidate[]
  /** Shared ONNX sessions (the caller disposes them); a private cache is made and released otherwise. */
  cache?: OnnxModelCache
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface PreviewOptions extends ReuseComparisonOptions {
  /** Rows the user would label (default 100). */
  labelledRows?: number
}

export interface MetricSummary {
  mean: number
  /** Sample standard deviation over the repeats (0 for one repeat). */
  std: number
  /** The score of each repeat. */
  values: number[]
}

export type MetricSummaries = { [K in MetricName]?: MetricSummary }

export interface CandidateInfo {
  id: string
  label: string
  kind: CandidateKind
  method: CandidateMethod
  learnwareIds: string[]
}

export interface CandidateError {
  code: LearnwareErrorCode | 'UNEXPECTED'
  message: string
  hint?: string
}

export type CandidateOutcome =
  | (CandidateInfo & {
      status: 'ok'
      metrics: MetricSummaries
      /** Classification: the confusion matrix of the first split, row ids = table rows. */
      confusion?: ConfusionMatrix
      /** What the reuser decided on the first split (members, weights, pruned set …). */
      summary?: ReuseSummary
      /** Mean time to fit and predict one split (label-free candidates: their one run on all rows). */
      elapsedMs: number
    })
  | (CandidateInfo & { status: 'failed'; error: CandidateError })

export interface PreviewResult {
  task: ReuseTask
  classNames?: string[]
  /** Rows with a target (the rest are never used). */
  usableRows: number
  labelledRows: number
  heldOutRows: number
  repeats: number
  seed: number
  /** Metrics reported for this task, the first is the headline one. */
  metricNames: MetricName[]
  candidates: CandidateOutcome[]
}

const ALL_METHODS: readonly ReuseMethod[] = ['single', 'averaging', 'job-selector', 'ensemble-pruning', 'feature-augment']
const METHOD_LABELS: Record<ReuseMethod, string> = {
  single: 'Single',
  averaging: 'Averaging',
  'job-selector': 'JobSelector',
  'ensemble-pruning': 'EnsemblePruning',
  'feature-augment': 'FeatureAugment'
}

export async function previewReuse(options: PreviewOptions): Promise<PreviewResult> {
  const labelledRows = options.labelledRows ?? 100
  return runComparison(options, 'reuse preview', async (comparison) => {
    checkLabelledBudget(labelledRows, comparison.usableRows, options.table.source)
    const splits = comparison.orders.map((order) => splitAt(order, labelledRows))
    comparison.progress.plan(comparison.candidates.map((c) => (c.needsLabels ? splits.length : 1)))
    const candidates: CandidateOutcome[] = []
    for (const [index, candidate] of comparison.candidates.entries()) {
      candidates.push(await scoreOnSplits(comparison, index, candidate, splits))
    }
    return {
      task: comparison.task,
      ...(comparison.classNames ? { classNames: comparison.classNames } : {}),
      usableRows: comparison.usableRows,
      labelledRows,
      heldOutRows: splits[0].heldOut.length,
      repeats: splits.length,
      seed: comparison.seed,
      metricNames: comparison.metricNames,
      candidates
    }
  })
}

async function scoreOnSplits(comparison: ReuseComparison, index: number, candidate: PreviewCandidate, splits: LabelledSplit[]): Promise<CandidateOutcome> {
  const info = candidateInfo(candidate)
  const scores: SplitScore[] = []
  try {
    for (const split of splits) {
      scores.push(await comparison.scoreSplit(candidate, split, scores.length === 0))
      comparison.progress.unitDone(index, candidate.label)
    }
  } catch (error) {
    return { ...info, status: 'failed', error: comparison.candidateError(error) }
  } finally {
    comparison.progress.candidateDone(index, candidate.label)
  }
  const first = scores[0]
  return {
    ...info,
    status: 'ok',
    metrics: summariseScores(scores, comparison.metricNames),
    ...(first.confusion ? { confusion: first.confusion } : {}),
    ...(first.summary ? { summary: first.summary } : {}),
    elapsedMs: scores.reduce((sum, s) => sum + s.elapsedMs, 0) / scores.length
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

export function candidateInfo(candidate: PreviewCandidate): CandidateInfo {
  const { id, label, kind, method, learnwareIds } = candidate
  return { id, label, kind, method, learnwareIds }
}

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
 * What the preview and the learning curve share: the table's task, the candidates, one seeded ordering of
 * the usable rows per repeat, progress, cancellation, and the single run of each label-free candidate.
 */
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

/**
 * Progress over all candidates: each gets a share of units (its splits, or 1 for a single whole-table run);
 * a failed candidate's remaining units are skipped at once, so the fraction only grows and ends at 1.
 */
export class ComparisonProgress {
  private ends: number[] = []
  private done = 0

  constructor(private readonly task: string, private readonly listener?: ProgressListener) {}

  plan(unitsPerCandidate: readonly number[]): void {
    let total = 0
    this.ends = unitsPerCandidate.map((units) => (total += units))
    this.listener?.({ status: 'start', task: this.task })
  }

  /** `units` more of this candidate's work are done (never past its share). */
  unitDone(candidate: number, detail: string, units = 1): void {
    this.advanceTo(Math.min(this.done + units, this.ends[candidate]), detail)
  }

  candidateDone(candidate: number, detail: string): void {
    this.advanceTo(this.ends[candidate], detail)
  }

  finish(): void {
    this.listener?.({ status: 'progress', task: this.task, fraction: 1 })
    this.listener?.({ status: 'done', task: this.task })
  }

  private advanceTo(units: number, detail: string): void {
    if (units <= this.done) return
    this.done = units
    const total = this.ends[this.ends.length - 1]
    // 1 is reported once, by finish()
    if (units < total) this.listener?.({ status: 'progress', task: this.task, fraction: units / total, detail })
  }
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
    const candidates = [...buildCandidates(options, cache, seed), ...(options.extraCandidates ?? [])]
    const comparison = new ReuseComparison(table, candidates, seed, repeats, task, options.onProgress, options.signal)
    const result = await work(comparison)
    comparison.progress.finish()
    return result
  } finally {
    if (!options.cache) await cache.dispose()
  }
}

/** Every single learnware, the multi-learnware reusers, training from scratch and the trivial floor. */
function buildCandidates(options: ReuseComparisonOptions, cache: OnnxModelCache, seed: number): PreviewCandidate[] {
  const { table, learnwares } = options
  const target = table.target!
  const context: ReuseContext = {
    task: target.task,
    ...(target.classes ? { classNames: target.classes } : { targetName: target.name }),
    inputEncoding: table.encoding,
    cache,
    seed
  }
  const methods = new Set(options.methods ?? ALL_METHODS)
  const candidates: PreviewCandidate[] = []
  for (const method of ALL_METHODS) {
    if (!methods.has(method)) continue
    const reuserOptions = options.reuserOptions?.[method] ?? {}
    if (method === 'single') {
      for (const learnware of learnwares) {
        const info: ReuserInfo = { id: `single:${learnware.id}`, label: learnware.name, kind: 'reuse', method, learnwareIds: [learnware.id] }
        candidates.push(reuserCandidate(info, [learnware], context, reuserOptions))
      }
    } else {
      const info: ReuserInfo = { id: method, label: METHOD_LABELS[method], kind: 'reuse', method, learnwareIds: learnwares.map((l) => l.id) }
      candidates.push(reuserCandidate(info, learnwares, context, reuserOptions))
    }
  }
  candidates.push(scratchCandidate(), constantCandidate(target.task))
  return candidates
}

type ReuserInfo = CandidateInfo & { method: ReuseMethod }

/** A reuser as a candidate: a fresh reuser per split, fitted on the labelled rows when it needs labels. */
function reuserCandidate(info: ReuserInfo, learnwares: ReuseLearnware[], context: ReuseContext, options: ReuserOptions): PreviewCandidate {
  const method = info.method
  let needsLabels: boolean
  try {
    // created once up front so an unusable learnware (no shared columns, no common class) fails here, by name
    needsLabels = createReuser(method, learnwares, context, options).needsLabels
  } catch (error) {
    return { ...info, needsLabels: false, fit: () => Promise.reject(error) }
  }
  return {
    ...info,
    needsLabels,
    fit: async (labelledRows, run) => {
      const reuser = createReuser(method, learnwares, context, options)
      if (reuser.needsLabels) await reuser.fit!(labelledData(run.table, labelledRows), { signal: run.signal })
      return {
        predict: (rows, predictRun): Promise<ReusePrediction> => reuser.predict(reuseData(predictRun.table, rows), { signal: predictRun.signal }),
        summary: () => reuser.summary()
      }
    }
  }
}

function reuseData(table: LoadedTable, rows: Uint32Array): ReuseData {
  const cols = table.featuresPerRow
  const features = rows.length === table.rowsKept && isIdentity(rows) ? table.matrix : new Float32Array(rows.length * cols)
  if (features !== table.matrix) {
    for (let i = 0; i < rows.length; i++) features.set(table.matrix.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols)
  }
  return { features, rows: rows.length, featuresPerRow: cols, featureNames: table.featureNames }
}

function labelledData(table: LoadedTable, rows: Uint32Array): LabelledData {
  const target = table.target!
  return target.task === 'classification'
    ? { ...reuseData(table, rows), labels: Int32Array.from(rows, (r) => target.codes![r]) }
    : { ...reuseData(table, rows), targets: Float64Array.from(rows, (r) => target.values![r]) }
}

function isIdentity(rows: Uint32Array): boolean {
  for (let i = 0; i < rows.length; i++) if (rows[i] !== i) return false
  return true
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
