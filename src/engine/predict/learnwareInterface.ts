/**
 * What a learnware's model expects and gives, read once from its package: feature count and column names,
 * class names, the task, the training means and the preprocessing recorded in `learnware-dock.json`. The
 * runner (a user's table) and the checker (rows herded from the RKME) both prepare model inputs through
 * `prepareModelInput`, so a learnware is checked exactly the way it will later be run.
 *
 * Sources, first one that says wins:
 *   feature count  Input.Dimension → manifest input shape → stored table encoding
 *   input names    stored table encoding (`manifest.tableEncoding`) → Input.Description (only if every index is named)
 *   class names    manifest labels → encoding target classes → Output.Description
 *   fill values    encoding `fill` (training means) → standardisation mean
 *
 * Example:
 *   const shape = readLearnwareInterface(pkg)      // PACKAGE_INVALID when the manifest contradicts itself
 *   shape.inputNames                                // ['alcohol', 'malic_acid', …] or null
 *   const { features } = prepareModelInput(shape, rawRows, rows)   // NaN → training mean, then (x − mean) / scale
 */

import { readTableEncoding, type TableEncoding } from '../data'
import { LearnwareError } from '../errors'
import { DOCK_MANIFEST_FILE, type DockManifest, type LearnwarePackage } from '../learnware'
import type { PredictionTask } from '../runtime'

export interface LearnwareInterface {
  /** Names the learnware in messages: `learnware 00000042 ("Wine cultivar")`. */
  label: string
  /** The semantic task as the runtime knows it; undefined for other tasks (the runtime guesses from the outputs). */
  task: PredictionTask | undefined
  /** Features per row the model takes, or null when nothing in the package says. */
  featureCount: number | null
  /** Column name per input, in model order; null when the inputs are not all named. */
  inputNames: string[] | null
  /** Output.Dimension when the semantic spec gives one. */
  outputDimension: number | null
  /** Name per class index; null when unknown. */
  classNames: string[] | null
  /** Name per regression target (Output.Description); null when not all are named. */
  targetNames: string[] | null
  /** Training mean per input, used for missing cells and columns; null when the package stores none. */
  fillValues: Float64Array | null
  /** `(x − mean) / scale` applied before the graph (manifest preprocessing `standardize`). */
  standardization: { mean: Float64Array; scale: Float64Array } | null
  /** How the learnware's training table encoded categorical columns, when the manifest carries it. */
  encoding: TableEncoding | null
}

/** Manifest key under which Learnware Dock stores the training table's encoding (`LoadedTable.encoding`). */
export const MANIFEST_TABLE_ENCODING_KEY = 'tableEncoding'

export function readLearnwareInterface(pkg: LearnwarePackage): LearnwareInterface {
  const spec = pkg.semanticSpec
  const manifest = pkg.model.kind === 'onnx' ? pkg.model.manifest : null
  const label = learnwareLabel(pkg)
  const encoding = readEncoding(manifest, label)
  const inputDimension = wholeNumber(spec?.Input?.Dimension)
  const featureCount = inputDimension ?? manifestWidth(manifest) ?? encoding?.features.length ?? null
  const task = Array.isArray(spec?.Task?.Values) ? spec.Task.Values[0] : undefined
  const outputDimension = wholeNumber(spec?.Output?.Dimension)
  const standardization = readStandardization(manifest, featureCount, label)
  if (encoding && featureCount !== null && encoding.features.length !== featureCount) {
    throw invalid(label, `its table encoding lists ${encoding.features.length} columns but the model takes ${featureCount} features`)
  }
  return {
    label,
    task: task === 'Classification' ? 'classification' : task === 'Regression' ? 'regression' : undefined,
    featureCount,
    inputNames: encoding ? encoding.features.map((f) => f.name) : namesOf(spec?.Input?.Description, inputDimension),
    outputDimension,
    classNames: manifest?.labels?.map(String) ?? encoding?.target?.classes ?? namesOf(spec?.Output?.Description, outputDimension),
    targetNames: task === 'Regression' ? namesOf(spec?.Output?.Description, outputDimension) : null,
    fillValues: encoding ? Float64Array.from(encoding.features, (f) => f.fill) : (standardization?.mean ?? null),
    standardization,
    encoding
  }
}

/**
 * Turns rows in the learnware's column order (raw values, NaN = missing) into what the graph takes: NaN
 * cells get the training mean when the package stores one, then the manifest's standardisation is applied.
 */
export function prepareModelInput(
  shape: LearnwareInterface,
  rowsInModelOrder: Float32Array,
  rows: number
): { features: Float32Array; imputedCells: number } {
  const { fillValues, standardization } = shape
  if (!fillValues && !standardization) return { features: rowsInModelOrder, imputedCells: 0 }
  const cols = rows === 0 ? 0 : rowsInModelOrder.length / rows
  const features = new Float32Array(rowsInModelOrder.length)
  let imputedCells = 0
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let j = 0; j < cols; j++) {
      let value = rowsInModelOrder[base + j]
      if (Number.isNaN(value) && fillValues) {
        value = fillValues[j]
        imputedCells++
      }
      features[base + j] = standardization ? (value - standardization.mean[j]) / standardization.scale[j] : value
    }
  }
  return { features, imputedCells }
}

export function learnwareLabel(pkg: LearnwarePackage): string {
  const name = pkg.semanticSpec?.Name?.Values
  const named = typeof name === 'string' && name.length > 0 ? `"${name}"` : null
  if (pkg.originId && named) return `learnware ${pkg.originId} (${named})`
  if (pkg.originId) return `learnware ${pkg.originId}`
  return named ? `learnware ${named}` : 'the learnware'
}

/** Names for indices 0..dimension−1, only when every one is described (a partial list cannot align columns). */
function namesOf(description: Record<string, string> | undefined, dimension: number | null): string[] | null {
  if (!description || dimension === null) return null
  const names: string[] = []
  for (let i = 0; i < dimension; i++) {
    const text = description[String(i)]
    if (typeof text !== 'string' || text.trim().length === 0) return null
    names.push(text)
  }
  return names
}

function manifestWidth(manifest: DockManifest | null): number | null {
  const shape = manifest?.input.shape
  return shape && shape.length === 2 && typeof shape[1] === 'number' ? shape[1] : null
}

function readEncoding(manifest: DockManifest | null, label: string): TableEncoding | null {
  const stored = manifest?.[MANIFEST_TABLE_ENCODING_KEY]
  if (stored === undefined || stored === null) return null
  return readTableEncoding(stored, `${label}: ${DOCK_MANIFEST_FILE}`)
}

function readStandardization(
  manifest: DockManifest | null,
  featureCount: number | null,
  label: string
): LearnwareInterface['standardization'] {
  const step = manifest?.preprocessing
  if (!step || step.kind === 'none') return null
  if (step.kind !== 'standardize') {
    throw invalid(label, `preprocessing "${step.kind}" is not supported (only "none" and "standardize")`)
  }
  const mean = numberList(step.mean)
  const scale = numberList(step.scale)
  if (!mean || !scale || mean.length !== scale.length || (featureCount !== null && mean.length !== featureCount)) {
    throw invalid(label, `preprocessing "standardize" needs "mean" and "scale" lists of ${featureCount ?? 'equal'} finite numbers`)
  }
  if (scale.some((s) => s === 0)) throw invalid(label, 'preprocessing "standardize" has a zero in "scale" (division by zero)')
  return { mean, scale }
}

function numberList(value: unknown): Float64Array | null {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) return null
  return Float64Array.from(value as number[])
}

function wholeNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null
}

function invalid(label: string, rule: string): LearnwareError {
  return new LearnwareError('PACKAGE_INVALID', `${label}: ${DOCK_MANIFEST_FILE}: ${rule}`, {
    hint: 'The manifest was changed or written by another tool; re-create the package in Learnware Dock.'
  })
}
