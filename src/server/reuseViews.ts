/**
 * Reuse results → the contract's views: typed arrays become lists, NaN becomes null, confusion matrices
 * become counts plus a few example rows per cell, and a reuser's summary keeps what the user can act on
 * (missing columns, unmapped classes, weights, the pruned set, the chosen penalty).
 *
 * Example:
 *   toPreviewView('ds-1', await previewReuse({ table, learnwares }))
 */

import type { ApiError, ConfusionView, CurveSeriesView, MetricSummaryView, PreviewCandidateView, MediaReuseView, ReuseCurveResult, ReusePreviewResult, ReuseSummaryView } from '../shared/api'
import type { CandidateError, CandidateOutcome, ConfusionMatrix, LearningCurve, MetricSummaries, PreviewResult, ReuseSummary } from '../engine/reuse'

const EXAMPLE_ROWS_PER_CELL = 20

/** `media`: for images and texts, how they were scored and the learnwares left out. */
export function toPreviewView(datasetId: string, result: PreviewResult, media?: MediaReuseView): ReusePreviewResult {
  const classNames = result.classNames ?? null
  return {
    datasetId,
    ...(media ? { media } : {}),
    task: result.task,
    classNames,
    usableRows: result.usableRows,
    labelledRows: result.labelledRows,
    heldOutRows: result.heldOutRows,
    repeats: result.repeats,
    seed: result.seed,
    metricNames: [...result.metricNames],
    candidates: result.candidates.map((candidate) => toCandidateView(candidate, classNames))
  }
}

function toCandidateView(candidate: CandidateOutcome, classNames: string[] | null): PreviewCandidateView {
  const info = { id: candidate.id, label: candidate.label, kind: candidate.kind, method: candidate.method, learnwareIds: [...candidate.learnwareIds] }
  if (candidate.status === 'failed') return { ...info, status: 'failed', error: toErrorView(candidate.error) }
  return {
    ...info,
    status: 'ok',
    metrics: toMetricViews(candidate.metrics),
    confusion: candidate.confusion && classNames ? toConfusionView(candidate.confusion, classNames) : null,
    summary: candidate.summary ? toSummaryView(candidate.summary) : null,
    elapsedMs: candidate.elapsedMs
  }
}

function toMetricViews(metrics: MetricSummaries): Record<string, MetricSummaryView> {
  const views: Record<string, MetricSummaryView> = {}
  for (const [name, summary] of Object.entries(metrics)) {
    if (summary) views[name] = { mean: summary.mean, std: summary.std, values: [...summary.values] }
  }
  return views
}

export function toConfusionView(matrix: ConfusionMatrix, classNames: string[]): ConfusionView {
  const counts: number[][] = []
  const exampleRows: number[][][] = []
  for (let actual = 0; actual < matrix.classCount; actual++) {
    const countRow: number[] = []
    const exampleRow: number[][] = []
    for (let column = 0; column < matrix.columns; column++) {
      const cell = actual * matrix.columns + column
      countRow.push(matrix.counts[cell])
      const start = matrix.cellOffsets[cell]
      const end = Math.min(matrix.cellOffsets[cell + 1], start + EXAMPLE_ROWS_PER_CELL)
      exampleRow.push(Array.from(matrix.cellRows.subarray(start, end)))
    }
    counts.push(countRow)
    exampleRows.push(exampleRow)
  }
  return { classNames: [...classNames], counts, exampleRows }
}

export function toSummaryView(summary: ReuseSummary): ReuseSummaryView {
  return {
    method: summary.method,
    members: summary.members.map((member) => ({
      learnwareId: member.learnwareId,
      name: member.name,
      matchedBy: member.alignment.by,
      missingColumns: [...member.alignment.missing],
      unusedColumns: [...member.alignment.extra],
      unmappedClasses: [...(member.labelMapping?.unmapped ?? [])],
      uncoveredClasses: [...(member.labelMapping?.uncovered ?? [])],
      notes: [...member.notes]
    })),
    weights: summary.weights ? [...summary.weights] : null,
    selectedIds: summary.selectedIds ? [...summary.selectedIds] : null,
    penalty: summary.penalty ? { ...summary.penalty } : null,
    notes: [...summary.notes]
  }
}

export function toCurveView(datasetId: string, curve: LearningCurve, media?: MediaReuseView): ReuseCurveResult {
  return {
    datasetId,
    ...(media ? { media } : {}),
    task: curve.task,
    classNames: curve.classNames ? [...curve.classNames] : null,
    sizes: [...curve.sizes],
    skippedSizes: [...curve.skippedSizes],
    usableRows: curve.usableRows,
    heldOutRows: curve.heldOutRows,
    repeats: curve.repeats,
    seed: curve.seed,
    metricNames: [...curve.metricNames],
    series: curve.series.map((series): CurveSeriesView => ({
      id: series.id,
      label: series.label,
      kind: series.kind,
      method: series.method,
      learnwareIds: [...series.learnwareIds],
      mean: seriesView(series.mean),
      std: seriesView(series.std),
      errors: series.errors.map((error) => (error ? toErrorView(error) : null))
    })),
    scratchCatchesUpAt: curve.scratchCatchesUpAt
  }
}

function seriesView(series: Partial<Record<string, Float64Array>>): Record<string, (number | null)[]> {
  const view: Record<string, (number | null)[]> = {}
  for (const [name, values] of Object.entries(series)) {
    if (values) view[name] = Array.from(values, (value) => (Number.isFinite(value) ? value : null))
  }
  return view
}

function toErrorView(error: CandidateError): ApiError {
  const code = error.code === 'UNEXPECTED' ? 'INTERNAL' : error.code
  return error.hint ? { code, message: error.message, hint: error.hint } : { code, message: error.message }
}
