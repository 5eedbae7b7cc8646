/**
 * The human form of `reuse preview`: one table of methods × metrics (mean ± std over the repeats) with the
 * reuse methods first, then training from scratch and the floor; failed methods listed with their reason;
 * and with `--curve`, the headline metric at each labelled budget and where training from scratch catches up.
 *
 * Example:
 *   describeReusePreview(result)
 *   // Reuse preview on wine.csv: target "target" (classification: cultivar 1, cultivar 2), 26 rows with a target
 *   // 16 labelled rows, 10 held out, 5 repeats (seed 0); mean ± std on the held-out rows.
 *   //
 *   // METHOD                        LEARNWARES     ACCURACY       MACRO-F1       KAPPA          TIME
 *   // Single: Wine cultivar …       lwd-00000005   1.000 ± 0.000  …
 */

import type { MetricName } from '../../engine/reuse'
import { formatNumber, shortList, textTable } from '../textTable'
import type { CandidateJson, CurveJson, ReusePreviewCommandResult } from './reusePreview'

const METRIC_TITLES: Record<MetricName, string> = { accuracy: 'ACCURACY', macroF1: 'MACRO-F1', kappa: 'KAPPA', rmse: 'RMSE', mae: 'MAE', r2: 'R²' }
const METRIC_WORDS: Record<MetricName, string> = { accuracy: 'accuracy', macroF1: 'macro-F1', kappa: 'kappa', rmse: 'RMSE', mae: 'MAE', r2: 'R²' }
const NAME_WIDTH = 44

export function describeReusePreview(result: ReusePreviewCommandResult): string {
  const classes = result.classNames ? `: ${shortList(result.classNames, 6)}` : ''
  const lines = [
    `Reuse preview on ${result.source}: target "${result.target}" (${result.task}${classes}), ${result.usableRows} rows with a target`,
    ...(result.data ? [`Your ${result.data.note}.`] : []),
    `${result.labelledRows} labelled rows, ${result.heldOutRows} held out, ${result.repeats} repeat${result.repeats === 1 ? '' : 's'} (seed ${result.seed}); mean ± std on the held-out rows.`
  ]
  if (result.search) {
    lines.push(`From the search: ${shortList(result.search.single, 5)}${result.search.mixture ? `; recommended mixture ${shortList(result.search.mixture, 5)}` : ''}`)
  }
  lines.push('', candidateTable(result))
  const failed = result.candidates.filter((c): c is Extract<CandidateJson, { status: 'failed' }> => c.status === 'failed')
  if (failed.length > 0) {
    lines.push('', 'Failed:')
    for (const c of failed) lines.push(`  ${methodName(c, Infinity)}: ${c.error.message}${c.error.hint ? ` (${c.error.hint})` : ''}`)
  }
  if (result.skipped.length > 0) lines.push('', ...result.skipped.map((s) => `Left out: ${s.reason}`))
  if (result.curve) lines.push('', ...curveLines(result.curve))
  return lines.join('\n')
}

function candidateTable(result: ReusePreviewCommandResult): string {
  const header = ['METHOD', 'LEARNWARES', ...result.metricNames.map((m) => METRIC_TITLES[m]), 'TIME']
  const rows = result.candidates.map((c) => [
    methodName(c, NAME_WIDTH),
    c.learnwareIds.length === 0 ? '—' : c.learnwareIds.length === 1 ? c.learnwareIds[0] : `${c.learnwareIds.length} learnwares`,
    ...result.metricNames.map((m) => (c.status === 'ok' ? meanAndStd(m, c.metrics[m]) : 'failed')),
    c.status === 'ok' ? duration(c.elapsedMs) : ''
  ])
  return textTable(header, rows)
}

function curveLines(curve: CurveJson): string[] {
  const metric = curve.metricNames[0]
  const lines = [`Learning curve: ${METRIC_WORDS[metric]} by labelled rows (mean of ${curve.repeats} repeat${curve.repeats === 1 ? '' : 's'}, ${curve.heldOutRows} held-out rows each)`, '']
  const rows = curve.series.map((s) => [
    methodName(s, NAME_WIDTH),
    ...curve.sizes.map((_, point) => (s.errors[point] ? 'failed' : metricValue(metric, s.mean[metric]?.[point] ?? null)))
  ])
  lines.push(textTable(['LABELLED ROWS', ...curve.sizes.map(String)], rows))
  const scratch = curve.series.find((s) => s.kind === 'scratch')
  const largest = curve.sizes[curve.sizes.length - 1]
  if (curve.scratchCatchesUpAt !== null) lines.push('', `Training from scratch catches up with reuse at ${curve.scratchCatchesUpAt} labelled rows.`)
  else if (scratch && curve.series.some((s) => s.kind === 'reuse' && s.errors.some((e) => e === null))) lines.push('', `Reuse stays ahead of training from scratch up to ${largest} labelled rows (the most tried).`)
  if (curve.skippedSizes.length > 0) lines.push(`Not tried (too few rows to hold out): ${curve.skippedSizes.join(', ')} labelled rows.`)
  const failures = curve.series.flatMap((s) => s.errors.flatMap((e, point) => (e ? [`  ${s.label} at ${curve.sizes[point]}: ${e.message}`] : [])))
  if (failures.length > 0) lines.push('Failed points:', ...failures)
  return lines
}

function methodName(c: Pick<CandidateJson, 'kind' | 'method' | 'label'>, width: number): string {
  const name = c.kind === 'reuse' && c.method === 'single' ? `Single: ${c.label}` : c.label
  return name.length > width ? `${name.slice(0, width - 1)}…` : name
}

function meanAndStd(metric: MetricName, summary: { mean: number | null; std: number | null } | undefined): string {
  if (!summary || summary.mean === null) return '—'
  return `${metricValue(metric, summary.mean)} ± ${metricValue(metric, summary.std)}`
}

/** Scores in [0, 1] (accuracy, F1, kappa, R²) with three decimals; errors in the target's units. */
function metricValue(metric: MetricName, value: number | null): string {
  if (value === null) return '—'
  return metric === 'rmse' || metric === 'mae' ? formatNumber(value) : value.toFixed(3)
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
