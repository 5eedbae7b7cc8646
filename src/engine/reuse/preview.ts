/**
 * The reuse preview: before a user commits to a learnware, show on *their own rows* how well reusing it works
 * compared with training a model themselves. The labelled table is split (seeded, stratified for
 * classification, `repeats` times) into a labelled budget — what the user would label — and held-out rows;
 * every candidate is scored on the held-out rows: each learnware alone, Averaging, JobSelector,
 * EnsemblePruning and FeatureAugment (the last two fitted on the labelled rows), a model trained from scratch
 * on the same labelled rows, and the majority-class / mean floor. Everything runs locally.
 *
 * A candidate that fails (columns that do not line up, classes that cannot be mapped …) is reported with its
 * error instead of scores; it never stops the others. How candidates are built is candidates.ts; how one is
 * scored on a split, comparison.ts.
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

import { candidateInfo, type CandidateError, type CandidateInfo, type PreviewCandidate } from './candidates'
import { runComparison, summariseScores, type MetricSummaries, type ReuseComparison, type ReuseComparisonOptions, type SplitScore } from './comparison'
import type { ConfusionMatrix, MetricName } from './metrics'
import { checkLabelledBudget, splitAt, type LabelledSplit } from './splits'
import type { ReuseSummary, ReuseTask } from './types'

// The candidate contract is part of the preview's options (`extraCandidates`), so it is importable from here too.
export type { CandidateError, CandidateInfo, CandidateKind, CandidateMethod, CandidatePrediction, CandidateRun, FittedCandidate, PreviewCandidate } from './candidates'
export type { MetricSummaries, MetricSummary, ReuseComparisonOptions } from './comparison'

export interface PreviewOptions extends ReuseComparisonOptions {
  /** Rows the user would label (default 100). */
  labelledRows?: number
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
