/**
 * The labelled-data curve (Beimingwu's "labeled curves", reference §9.2): the preview's comparison repeated
 * at several labelled budgets, so the user sees how many rows they would have to label before a model trained
 * from scratch catches up with reuse. Each repeat draws one seeded ordering of the rows; the labelled sets are
 * its nested prefixes and every size is scored on the same held-out rows (those after the largest budget), so
 * the points of a curve differ only by the labels added. Methods that never see labels give flat lines.
 *
 * Example:
 *   const curve = await learningCurve({ table, learnwares, sizes: [10, 30, 100, 300], repeats: 5, onProgress, signal })
 *   curve.sizes                                   // [10, 30, 100, 300] (sizes the table cannot afford are dropped)
 *   const scratch = curve.series.find((s) => s.id === 'scratch')!
 *   scratch.mean.accuracy![2]                     // mean accuracy at 100 labelled rows
 *   curve.scratchCatchesUpAt                      // 300: from here on training from scratch is as good
 */

import { LearnwareError } from '../errors'
import { candidateInfo, type CandidateError, type CandidateInfo, type PreviewCandidate } from './candidates'
import { runComparison, summariseScores, type ReuseComparison, type ReuseComparisonOptions, type SplitScore } from './comparison'
import { higherIsBetter, type MetricName } from './metrics'
import { maxLabelledRows, minimumHeldOut, splitAt } from './splits'
import type { ReuseTask } from './types'

export const DEFAULT_CURVE_SIZES: readonly number[] = [10, 30, 100, 300, 1000]

export interface LearningCurveOptions extends ReuseComparisonOptions {
  /** Labelled budgets to try (default 10, 30, 100, 300, 1000); those leaving too few held-out rows are dropped. */
  sizes?: readonly number[]
}

export type MetricSeries = { [K in MetricName]?: Float64Array }

/** One method's curve: per size (aligned with `LearningCurve.sizes`), mean and std over the repeats. */
export interface CurveSeries extends CandidateInfo {
  /** NaN at a size where the method failed. */
  mean: MetricSeries
  std: MetricSeries
  /** Per size: why the method failed there, else null. */
  errors: (CandidateError | null)[]
}

export interface LearningCurve {
  task: ReuseTask
  classNames?: string[]
  /** Labelled budgets scored, ascending. */
  sizes: number[]
  /** Requested budgets the table is too small for. */
  skippedSizes: number[]
  usableRows: number
  /** Held-out rows per repeat (the same for every size). */
  heldOutRows: number
  repeats: number
  seed: number
  /** Metrics per series, the first is the headline one (accuracy, RMSE). */
  metricNames: MetricName[]
  series: CurveSeries[]
  /**
   * The smallest size from which on training from scratch is at least as good as every reuse method on the
   * headline metric; null when reuse stays ahead at every size scored.
   */
  scratchCatchesUpAt: number | null
}

export async function learningCurve(options: LearningCurveOptions): Promise<LearningCurve> {
  return runComparison(options, 'learning curve', async (comparison) => {
    const { sizes, skippedSizes } = affordableSizes(options.sizes ?? DEFAULT_CURVE_SIZES, comparison.usableRows, options.table.source)
    const largest = sizes[sizes.length - 1]
    const repeats = comparison.orders.length
    comparison.progress.plan(comparison.candidates.map((c) => (c.needsLabels ? sizes.length * repeats : 1)))
    const series: CurveSeries[] = []
    for (const [index, candidate] of comparison.candidates.entries()) {
      series.push(await curveOf(comparison, index, candidate, sizes, largest))
    }
    const metricNames = comparison.metricNames
    return {
      task: comparison.task,
      ...(comparison.classNames ? { classNames: comparison.classNames } : {}),
      sizes,
      skippedSizes,
      usableRows: comparison.usableRows,
      heldOutRows: comparison.usableRows - largest,
      repeats,
      seed: comparison.seed,
      metricNames,
      series,
      scratchCatchesUpAt: scratchCatchesUpAt(series, sizes, metricNames[0])
    }
  })
}

async function curveOf(comparison: ReuseComparison, index: number, candidate: PreviewCandidate, sizes: number[], largest: number): Promise<CurveSeries> {
  const metricNames = comparison.metricNames
  const mean: MetricSeries = {}
  const std: MetricSeries = {}
  for (const name of metricNames) {
    mean[name] = new Float64Array(sizes.length).fill(NaN)
    std[name] = new Float64Array(sizes.length).fill(NaN)
  }
  const errors: (CandidateError | null)[] = sizes.map(() => null)
  for (const [point, size] of sizes.entries()) {
    const scores: SplitScore[] = []
    try {
      for (const order of comparison.orders) {
        scores.push(await comparison.scoreSplit(candidate, splitAt(order, size, largest), false))
        comparison.progress.unitDone(index, `${candidate.label}, ${size} labelled rows`)
      }
    } catch (error) {
      // a method may fail at one budget only (too few rows of a class for cross-validation …)
      errors[point] = comparison.candidateError(error)
      comparison.progress.unitDone(index, `${candidate.label}, ${size} labelled rows`, comparison.orders.length - scores.length)
      continue
    }
    const summaries = summariseScores(scores, metricNames)
    for (const name of metricNames) {
      mean[name]![point] = summaries[name]!.mean
      std[name]![point] = summaries[name]!.std
    }
  }
  comparison.progress.candidateDone(index, candidate.label)
  return { ...candidateInfo(candidate), mean, std, errors }
}

/** Distinct whole sizes ≥ 2, ascending, that leave `minimumHeldOut` rows; USAGE when none does. */
export function affordableSizes(requested: readonly number[], usableRows: number, source: string): { sizes: number[]; skippedSizes: number[] } {
  const wanted = [...new Set(requested)].sort((a, b) => a - b)
  const bad = wanted.find((size) => !Number.isInteger(size) || size < 2)
  if (bad !== undefined) throw new LearnwareError('USAGE', `learning curve sizes must be whole numbers ≥ 2 (got ${bad})`)
  const max = maxLabelledRows(usableRows)
  const sizes = wanted.filter((size) => size <= max)
  if (sizes.length === 0) {
    throw new LearnwareError('USAGE', `${source}: ${usableRows} rows with a target are too few for a learning curve of ${wanted.join(', ')} labelled rows`, {
      hint: `Sizes up to ${Math.max(0, max)} leave the ${minimumHeldOut(usableRows)} held-out rows needed to score.`
    })
  }
  return { sizes, skippedSizes: wanted.filter((size) => size > max) }
}

/** See `LearningCurve.scratchCatchesUpAt`; sizes where scratch or every reuse method failed do not count. */
export function scratchCatchesUpAt(series: readonly CurveSeries[], sizes: readonly number[], metric: MetricName): number | null {
  const scratch = series.find((s) => s.kind === 'scratch')?.mean[metric]
  const reuse = series.filter((s) => s.kind === 'reuse').map((s) => s.mean[metric]!)
  if (!scratch || reuse.length === 0) return null
  const better = higherIsBetter(metric)
  let catchesUp: number | null = null
  for (let point = sizes.length - 1; point >= 0; point--) {
    const bestReuse = reuse.reduce((best, curve) => (Number.isNaN(curve[point]) ? best : better ? Math.max(best, curve[point]) : Math.min(best, curve[point])), better ? -Infinity : Infinity)
    if (Number.isNaN(scratch[point]) || !Number.isFinite(bestReuse)) continue
    if (better ? scratch[point] >= bestReuse : scratch[point] <= bestReuse) catchesUp = sizes[point]
    else break
  }
  return catchesUp
}
