/**
 * Engine values → what the contract promises the UI (src/shared/contract): plain JSON, no typed arrays,
 * capped lists, and words instead of internals. Pure functions, used by the handlers on the host and by
 * the job tasks inside workers.
 *
 * Example:
 *   toDatasetView('ds-1', preview, table, options)   // DatasetView for the Data screen
 *   toLearnwareSummary(dock.list()[0])               // LearnwareSummary
 */

import type {
  CheckReportView,
  ColumnView,
  DataOptions,
  DataRowsResult,
  DatasetView,
  FeatureBlock,
  Imputation,
  LearnwareSummary,
  SearchDataKind,
  SearchResultView,
  SpecSummary
} from '../shared/api'
import type { LearnwareCheckReport } from '../engine/check'
import type { ColumnInfo, LoadedTable, TablePreview } from '../engine/data'
import type { DockEntry, DockEntrySummary } from '../engine/dock'
import type { DockSearchResult } from '../engine/search'
import type { RkmeTableSpec } from '../engine/spec'

/** Categories listed per column; the count says how many there are. */
const MAX_CATEGORIES_SHOWN = 50
/** Reduced-set points shown in a spec summary. */
const SPEC_PREVIEW_POINTS = 5

export function toLearnwareSummary(entry: DockEntrySummary): LearnwareSummary {
  return {
    id: entry.id,
    originId: entry.originId,
    name: entry.name,
    description: entry.description,
    dataType: entry.dataType,
    task: entry.task,
    library: entry.library,
    license: entry.license,
    scenarios: [...entry.scenarios],
    status: entry.status,
    statusReason: entry.statusReason,
    packageSha256: entry.packageSha256,
    packageBytes: entry.packageSize,
    statSpecType: entry.statSpecType,
    featuresPerRow: entry.featuresPerRow,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt
  }
}

export function toFeatureBlock(block: DockEntry['inputDescription']): FeatureBlock | null {
  if (!block) return null
  const lines = Object.entries(block.Description ?? {})
    .map(([key, description]) => ({ index: Number(key), description: String(description) }))
    .filter((line) => Number.isInteger(line.index) && line.index >= 0)
    .sort((a, b) => a.index - b.index)
  return { dimension: block.Dimension, lines }
}

export function toCheckReportView(report: LearnwareCheckReport): CheckReportView {
  return {
    status: report.status,
    reasons: [...report.reasons],
    checks: report.checks.map((check) => ({ name: check.name, ok: check.ok, detail: check.detail }))
  }
}

export function toDatasetView(datasetId: string, preview: TablePreview, table: LoadedTable, options: DataOptions): DatasetView {
  const fills = new Map(table.encoding.features.map((feature) => [feature.name, feature.fill]))
  return {
    datasetId,
    fileName: table.source,
    fileBytes: preview.fileBytes,
    format: {
      delimiter: table.format.delimiter,
      hasHeader: table.format.hasHeader,
      textEncoding: table.format.textEncoding,
      detected: { ...table.format.detected }
    },
    columns: table.columns.map((column) => toColumnView(column, fills.get(column.name))),
    previewRows: preview.rows,
    previewTruncated: preview.truncated,
    totalRows: table.totalRows,
    rowsKept: table.rowsKept,
    sampled: table.sampled,
    featureNames: [...table.featureNames],
    target: table.target
      ? {
          name: table.target.name,
          task: table.target.task,
          classes: table.target.classes ? [...table.target.classes] : null,
          missingCount: table.target.missingCount
        }
      : null,
    notes: [...table.notes],
    options
  }
}

function toColumnView(column: ColumnInfo, fill: number | undefined): ColumnView {
  const categories = column.categories ?? null
  return {
    name: column.name,
    index: column.index,
    kind: column.kind,
    role: column.role,
    missingCount: column.missingCount,
    invalidCount: column.invalidCount,
    categories: categories ? categories.slice(0, MAX_CATEGORIES_SHOWN) : null,
    categoryCount: categories ? categories.length : null,
    mean: finiteOrNull(column.mean),
    imputation: column.role === 'feature' ? imputationOf(column, fill) : null,
    note: column.note ?? null
  }
}

/** Missing cells of a feature are filled with the column mean (of codes, for a categorical column). */
function imputationOf(column: ColumnInfo, fill: number | undefined): Imputation {
  if (column.missingCount + column.invalidCount === 0 || fill === undefined || !Number.isFinite(fill)) return { method: 'none' }
  return { method: 'mean', value: fill }
}

/** Rows of a loaded table as text, one cell per file column (see DataRowsResult). */
export function tableRows(table: LoadedTable, indices: readonly number[]): DataRowsResult {
  const d = table.featuresPerRow
  const featureAt = new Map(table.featureNames.map((name, i) => [name, i]))
  const categories = new Map(table.encoding.features.map((feature) => [feature.name, feature.kind === 'categorical' ? feature.categories ?? [] : null]))
  const cellOf = (column: ColumnInfo, row: number): string | null => {
    if (column.role === 'target') return table.target?.raw[row] ?? null
    const f = featureAt.get(column.name)
    if (f === undefined) return null
    const value = table.matrix[row * d + f]
    if (Number.isNaN(value)) return ''
    const names = categories.get(column.name)
    return names ? (names[value] ?? '') : formatFloat32(value)
  }
  return {
    columns: table.columns.map((column) => column.name),
    rows: indices.map((index) => ({
      index,
      fileRow: table.keptRowIndices ? table.keptRowIndices[index] : index,
      cells: table.columns.map((column) => cellOf(column, index))
    }))
  }
}

/** The shortest decimal that reads back as the same float32 (12.5, not 12.5000000000). */
function formatFloat32(value: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const text = Number(value.toPrecision(digits))
    if (Math.fround(text) === value) return String(text)
  }
  return String(value)
}

export function toSpecSummary(
  ids: { specId: string; datasetId: string; outputId: string },
  spec: RkmeTableSpec,
  facts: { sourceName: string; featureNames: string[]; rowsUsed: number; seconds: number; jsonBytes: number; fileName: string }
): SpecSummary {
  const d = spec.featuresPerRow
  const shown = Math.min(SPEC_PREVIEW_POINTS, spec.k)
  return {
    specId: ids.specId,
    datasetId: ids.datasetId,
    sourceName: facts.sourceName,
    type: 'RKMETableSpecification',
    k: spec.k,
    featuresPerRow: d,
    featureNames: facts.featureNames,
    gamma: spec.gamma,
    numPoints: spec.numPoints,
    rowsUsed: facts.rowsUsed,
    seconds: facts.seconds,
    preview: {
      z: Array.from({ length: shown }, (_, i) => Array.from(spec.z.subarray(i * d, (i + 1) * d))),
      beta: Array.from(spec.beta.subarray(0, shown))
    },
    output: { outputId: ids.outputId, fileName: facts.fileName, bytes: facts.jsonBytes, mediaType: 'application/json' }
  }
}

export function toSearchResultView(
  result: DockSearchResult,
  summaryOf: (id: string) => LearnwareSummary,
  facts: { datasetId: string | null; seconds: number; dataKind?: SearchDataKind; texts?: SearchResultView['texts'] }
): SearchResultView {
  return {
    datasetId: facts.datasetId,
    dataKind: facts.datasetId === null ? null : (facts.dataKind ?? 'table'),
    single: result.single.map((hit) => ({ id: hit.id, name: hit.name, score: hit.score, mmd2: hit.mmd2, learnware: summaryOf(hit.id) })),
    mixture: result.mixture
      ? {
          members: result.mixture.ids.map((id, i) => ({ id, name: result.mixture!.names[i] ?? id, weight: result.mixture!.weights[i] })),
          mmd2: result.mixture.mmd2,
          score: result.mixture.score
        }
      : null,
    alignments: result.alignments.map((a) => ({
      by: a.by,
      learnwareIds: [...a.learnwareIds],
      matchedColumns: [...a.matchedColumns],
      unusedColumns: [...a.unusedColumns],
      gamma: a.gamma
    })),
    semanticMatches: result.semanticMatches,
    skippedForDimension: [...result.skippedForDimension],
    texts: facts.texts ?? null,
    seconds: facts.seconds
  }
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null
}
