/**
 * The defaults and judgements of the reuse screens (Preview, Export) as plain functions, kept apart from
 * the stores so they can be tested without a page: which methods apply, the labelled budget, the
 * learning curve's budgets, which candidate is best, and what each method is called.
 *
 * Example:
 *   applicableMethods(1)       // ['single', 'feature-augment']
 *   defaultBudget(52)          // 26
 *   bestCandidate(preview)?.label
 */
import type { ReuseMethodName, ReusePreviewResult } from '../../../shared/api'

export const ALL_METHODS: readonly ReuseMethodName[] = ['single', 'averaging', 'job-selector', 'ensemble-pruning', 'feature-augment']

/** Methods that combine several learnwares need at least two. */
export function applicableMethods(learnwareCount: number): ReuseMethodName[] {
  return learnwareCount > 1 ? [...ALL_METHODS] : ['single', 'feature-augment']
}

export function defaultBudget(rows: number): number {
  return Math.max(2, Math.min(100, Math.floor(rows / 2)))
}

/** The budgets of the learning curve: a few steps up to (not including) all the rows. */
export function curveSizes(rows: number): number[] {
  const sizes = [10, 20, 30, 50, 100, 200, 300, 500, 1000].filter((n) => n < rows - 5)
  return sizes.length ? sizes : [Math.max(2, Math.floor(rows / 2))]
}

/** Metrics where smaller is better. */
export const LOWER_IS_BETTER = new Set(['rmse', 'mae', 'mse'])

/** The reuse candidate with the best headline metric (scratch and the floor excluded). */
export function bestCandidate(result: ReusePreviewResult): ReusePreviewResult['candidates'][number] | null {
  const metric = result.metricNames[0]
  const sign = LOWER_IS_BETTER.has(metric) ? -1 : 1
  let best: ReusePreviewResult['candidates'][number] | null = null
  let bestScore = -Infinity
  for (const candidate of result.candidates) {
    if (candidate.status !== 'ok' || candidate.kind !== 'reuse') continue
    const score = sign * (candidate.metrics[metric]?.mean ?? Number.NaN)
    if (score > bestScore) {
      best = candidate
      bestScore = score
    }
  }
  return best
}

export const METHOD_WORDS: Record<ReuseMethodName, { title: string; explain: string }> = {
  single: { title: 'One learnware as it is', explain: 'Runs the first chosen learnware on your columns.' },
  averaging: { title: 'Averaging', explain: 'Every learnware answers; their answers are averaged (no labelled rows needed).' },
  'job-selector': { title: 'JobSelector', explain: 'Learns which learnware suits each row and sends the row to it.' },
  'ensemble-pruning': { title: 'Ensemble pruning', explain: 'Keeps the subset of learnwares that does best on your labelled rows.' },
  'feature-augment': { title: 'Feature augmentation', explain: 'Adds the learnwares’ answers to your columns and fits a small model on your labelled rows.' }
}

/** Averaging when several learnwares are chosen, else the one learnware. */
export function defaultMethod(learnwareCount: number): ReuseMethodName {
  return learnwareCount > 1 ? 'averaging' : 'single'
}
