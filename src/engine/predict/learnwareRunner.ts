/**
 * Predicting with a learnware on a user's table: what `learnware-dock predict <id> data.csv` and the reuse
 * code call. It lines the user's columns up with the learnware's inputs (by name when both sides have names,
 * else by order when the counts agree), re-encodes categorical columns the learnware's way, fills missing
 * cells and columns with the learnware's training means when the package stores them, applies the manifest's
 * preprocessing, runs the ONNX model and names the outputs (class names, target names).
 *
 * Time limits are those of the runtime: `timeoutMs` is checked between batches, so one batch (about a million
 * values) can overrun it; hard isolation of a hanging model would need a child process.
 *
 * Example:
 *   const table = await loadTableFile('new_wines.csv')
 *   const { prediction, alignment, notes } = await predictWithLearnware(pkg, table, { cache, timeoutMs: 30_000 })
 *   alignment.missing                       // ['proline'] — filled with the training mean, see notes
 *   if (prediction.task === 'classification') print(prediction.labelNames, prediction.probabilities)
 */

import type { LoadedTable } from '../data'
import { LearnwareError } from '../errors'
import type { LearnwarePackage } from '../learnware'
import type { Cancellable } from '../progress'
import { loadOnnxModel, type OnnxModel, type OnnxModelCache, type OnnxPrediction } from '../runtime'
import { alignByPosition, alignColumns, type ColumnAlignment } from './columnAlignment'
import { prepareModelInput, readLearnwareInterface, type LearnwareInterface } from './learnwareInterface'
import { assembleLearnwareRows } from './learnwareRows'

export interface LearnwarePredictOptions extends Cancellable {
  /** Share sessions across calls; without it the model is loaded for this call and released after. */
  cache?: OnnxModelCache
  timeoutMs?: number
  batchRows?: number
}

export interface LearnwareClassification {
  task: 'classification'
  rows: number
  /** Class index per row (null when the model only gives labels the learnware does not name). */
  labels: Int32Array | null
  /** Class name per row: the learnware's label names, or the index as text when it names none. */
  labelNames: string[] | null
  /** rows × classCount, row-major; null when the model gives no probabilities. */
  probabilities: Float32Array | null
  /** Name per class index, when the learnware gives them. */
  classNames: string[] | null
}

export interface LearnwareRegression {
  task: 'regression'
  rows: number
  targetsPerRow: number
  /** rows × targetsPerRow, row-major. */
  values: Float32Array
  /** Name per target (Output.Description), when given. */
  targetNames: string[] | null
}

export type LearnwarePrediction = LearnwareClassification | LearnwareRegression

export interface LearnwarePredictionResult {
  prediction: LearnwarePrediction
  alignment: ColumnAlignment
  /** Cells filled with the learnware's training means (missing values and missing columns). */
  imputedCells: number
  /** Per learnware input: values the learnware's encoding could not read (treated as missing). */
  unreadable: Record<string, number>
  /** Plain-language remarks for the user (how columns were matched, what was filled in). */
  notes: string[]
}

export async function predictWithLearnware(
  pkg: LearnwarePackage,
  table: LoadedTable,
  options: LearnwarePredictOptions = {}
): Promise<LearnwarePredictionResult> {
  const shape = readLearnwareInterface(pkg)
  const onnx = requireOnnx(pkg, shape)
  if (isTextLearnware(onnx)) {
    throw new LearnwareError('DATA_BAD_VALUE', `${shape.label} takes raw text, not a table of features`, {
      hint: 'Give the column holding the texts (CLI: --text-column C); the texts are embedded before the model runs.'
    })
  }
  return withLearnwareModel(onnx, shape, options.cache, async (model) => {
    const featureCount = resolveFeatureCount(shape, model, table)
    const notes: string[] = []
    const alignment = planAlignment(shape, table, featureCount, notes)
    const assembled = assembleLearnwareRows(shape, table, alignment, featureCount)
    const { features, imputedCells } = prepareModelInput(shape, assembled.features, assembled.rows)
    if (!shape.fillValues) noteUnfilledCells(features, table.source, notes)
    if (imputedCells > 0) notes.push(`${imputedCells} missing cell${imputedCells === 1 ? ' was' : 's were'} filled with the learnware's training means.`)
    for (const [name, count] of Object.entries(assembled.unreadable)) {
      notes.push(`Column "${name}": ${count} value${count === 1 ? ' is' : 's are'} unknown to the learnware and counted as missing.`)
    }
    const raw = await model.predict(features, assembled.rows, featureCount, runOptions(shape, options))
    return { prediction: nameOutputs(raw, shape), alignment, imputedCells, unreadable: assembled.unreadable, notes }
  })
}

/** Runs the model on rows already in the learnware's column order (raw values; NaN = missing). */
export async function predictLearnwareRows(
  pkg: LearnwarePackage,
  rowsInModelOrder: Float32Array,
  rows: number,
  options: LearnwarePredictOptions = {}
): Promise<LearnwarePrediction> {
  const shape = readLearnwareInterface(pkg)
  const onnx = requireOnnx(pkg, shape)
  return withLearnwareModel(onnx, shape, options.cache, async (model) => {
    const featureCount = rows === 0 ? (shape.featureCount ?? 0) : rowsInModelOrder.length / rows
    const { features } = prepareModelInput(shape, rowsInModelOrder, rows)
    return nameOutputs(await model.predict(features, rows, featureCount, runOptions(shape, options)), shape)
  })
}

/** Text learnwares say so in their manifest (`textInput`, see textInput.ts). */
function isTextLearnware(onnx: OnnxLearnwareModel): boolean {
  return (onnx.manifest as Record<string, unknown>).textInput !== undefined
}

export type OnnxLearnwareModel = Extract<LearnwarePackage['model'], { kind: 'onnx' }>

/** The package's ONNX model, or MODEL_NOT_RUNNABLE naming why (a Python model is never executed). */
export function requireOnnx(pkg: LearnwarePackage, shape: LearnwareInterface): OnnxLearnwareModel {
  if (pkg.model.kind === 'onnx') return pkg.model
  throw new LearnwareError('MODEL_NOT_RUNNABLE', `${shape.label} cannot be run here: ${pkg.model.reason}`, {
    hint: 'Search and inspect it here, or convert its model to ONNX and re-package it in Learnware Dock.'
  })
}

/** Runs `work` with the loaded model: pinned in `cache` when given, else loaded for this call and released after. */
export async function withLearnwareModel<T>(
  onnx: OnnxLearnwareModel,
  shape: LearnwareInterface,
  cache: OnnxModelCache | undefined,
  work: (model: OnnxModel) => Promise<T>
): Promise<T> {
  const source = `${shape.label}: ${onnx.manifest.model}`
  if (cache) return cache.use(onnx.onnxBytes, work, { source })
  const model = await loadOnnxModel(onnx.onnxBytes, { source })
  try {
    return await work(model)
  } finally {
    await model.dispose()
  }
}

export function runOptions(shape: LearnwareInterface, options: LearnwarePredictOptions) {
  return {
    timeoutMs: options.timeoutMs,
    batchRows: options.batchRows,
    signal: options.signal,
    task: shape.task,
    classNames: shape.classNames ?? undefined
  }
}

function resolveFeatureCount(shape: LearnwareInterface, model: OnnxModel, table: LoadedTable): number {
  const declared = shape.featureCount
  const modelWidth = model.featureCount
  if (declared !== null && modelWidth !== null && declared !== modelWidth) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `${shape.label}: its model takes ${modelWidth} features per row but its specification says ${declared}`, {
      hint: 'The package is inconsistent; run the checker on it (it would be marked invalid).'
    })
  }
  return declared ?? modelWidth ?? shape.inputNames?.length ?? table.featuresPerRow
}

/** By name when names overlap; else by order when the counts agree; else SPEC_DIMENSION_MISMATCH. */
function planAlignment(shape: LearnwareInterface, table: LoadedTable, featureCount: number, notes: string[]): ColumnAlignment {
  const names = shape.inputNames
  if (names && names.length === featureCount && table.format.hasHeader) {
    const byName = alignColumns(names, table.featureNames)
    if (byName.matched.length > 0) {
      if (byName.missing.length > 0) explainMissing(shape, table, byName, notes)
      return byName
    }
  }
  if (table.featuresPerRow === featureCount) {
    const reason = !names ? 'the learnware does not name its inputs' : !table.format.hasHeader ? `${table.source} has no header row` : 'no column names are shared'
    notes.push(`Columns were matched by their order (${reason}).`)
    return alignByPosition(names ?? featureCount, table.featureNames)
  }
  const named = names ? ` (${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})` : ''
  throw new LearnwareError(
    'SPEC_DIMENSION_MISMATCH',
    `${table.source} has ${table.featuresPerRow} feature column${table.featuresPerRow === 1 ? '' : 's'} but ${shape.label} takes ${featureCount}${named}`,
    {
      hint: names
        ? 'Name your columns like the learnware\'s inputs (a header row), or leave out the columns it does not use (e.g. the label column).'
        : 'Give the table exactly the learnware\'s features, in its order; leave out the label column (--target).'
    }
  )
}

function explainMissing(shape: LearnwareInterface, table: LoadedTable, alignment: ColumnAlignment, notes: string[]): void {
  const missing = alignment.missing.map((name) => `"${name}"`).join(', ')
  if (!shape.fillValues) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `${table.source}: missing column${alignment.missing.length === 1 ? '' : 's'} ${missing} needed by ${shape.label}`, {
      hint: `The learnware stores no training means to fill them in. Its inputs are: ${shape.inputNames!.join(', ')}; your columns: ${table.featureNames.join(', ')}`
    })
  }
  notes.push(`Missing column${alignment.missing.length === 1 ? '' : 's'} ${missing} ${alignment.missing.length === 1 ? 'was' : 'were'} filled with the learnware's training mean.`)
}

function noteUnfilledCells(features: Float32Array, source: string, notes: string[]): void {
  let missing = 0
  for (let i = 0; i < features.length; i++) if (Number.isNaN(features[i])) missing++
  if (missing > 0) notes.push(`${source}: ${missing} cell${missing === 1 ? ' is' : 's are'} missing and the learnware stores no training means; their rows may get no usable prediction.`)
}

function nameOutputs(raw: OnnxPrediction, shape: LearnwareInterface): LearnwarePrediction {
  if (raw.task === 'regression') {
    const targetNames = shape.targetNames && shape.targetNames.length === raw.targetsPerRow ? shape.targetNames : null
    return { task: 'regression', rows: raw.rows, targetsPerRow: raw.targetsPerRow, values: raw.values, targetNames }
  }
  const classNames = shape.classNames
  const labels = raw.labels
  const labelNames = raw.labelNames ?? (labels ? Array.from(labels, (label) => classNames?.[label] ?? String(label)) : null)
  return { task: 'classification', rows: raw.rows, labels, labelNames, probabilities: raw.probabilities, classNames }
}
