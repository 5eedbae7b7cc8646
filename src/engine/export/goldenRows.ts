/**
 * The golden rows shipped in a bundle (as the ONNX Model Zoo ships test data): a sample of the user's rows,
 * already encoded, with the outputs the app predicted for them, so anyone can check that the model they
 * run reproduces the app — `node predict.mjs --check`, or the Python snippet in the model card. The same
 * rows, decoded back to cells, become `example.csv`, a file to try `predict.mjs` on.
 *
 * Numbers are written with the fewest digits that read back as the same float32 (5.1, not
 * 5.099999904632568); NaN (missing) is `null`; ±∞ are the strings "Infinity" / "-Infinity".
 *
 * Example:
 *   const golden = resolveGoldenRows(plan, table)      // a LoadedTable or { features, rows }
 *   const json = goldenJson(plan, golden, reference)    // golden.json content
 *   const csv = exampleCsv(plan, golden)                // example.csv content
 */

import { encodeRows, type LoadedTable, type RecordValue } from '../data'
import { LearnwareError } from '../errors'
import type { ReusePlan } from './plan'
import { PIPELINE_INPUT } from './composePipeline'
import type { PlanPrediction } from './planReference'
import { VERIFY_TOLERANCE } from './verification'

export const GOLDEN_FORMAT = 'learnware-dock/golden'
export const DEFAULT_GOLDEN_ROWS = 50

/** Rows already encoded with the plan's `inputEncoding`, or a table loaded from the user's CSV. */
export type GoldenRowsInput = { features: Float32Array; rows: number; source?: string } | LoadedTable

export interface GoldenRows {
  features: Float32Array
  rows: number
  /** Where the rows came from (file name), when known. */
  source: string | null
  /** Rows available before sampling. */
  totalRows: number
}

export type JsonNumber = number | null | 'Infinity' | '-Infinity'

export interface GoldenFile {
  format: typeof GOLDEN_FORMAT
  version: 1
  input: string
  featureNames: string[]
  rows: number
  features: JsonNumber[][]
  expected: { label?: number[]; labelNames?: string[]; probabilities?: number[][]; prediction?: number[][] }
  /** |model − expected| ≤ tolerance · max(1, |expected|). */
  tolerance: number
  /** Rows whose label is a float32 near-tie (0-based); a different label there is not an error. */
  nearTies: number[]
  /** Text bundles: the raw text of each row, which prepare.mjs must embed into `features`. */
  texts?: string[]
}

export function resolveGoldenRows(plan: ReusePlan, input: GoldenRowsInput, maxRows = DEFAULT_GOLDEN_ROWS): GoldenRows {
  const featureCount = plan.inputEncoding.features.length
  const encoded = 'matrix' in input ? encodeTable(plan, input) : input
  if (encoded.rows < 1 || encoded.features.length !== encoded.rows * featureCount) {
    throw new LearnwareError('DATA_EMPTY', `golden rows: ${encoded.features.length} values do not make rows of the plan's ${featureCount} columns`, {
      hint: 'Pass at least one row encoded with the plan\'s inputEncoding, or the user\'s table.'
    })
  }
  const picked = pickRows(encoded.rows, maxRows)
  const features = new Float32Array(picked.length * featureCount)
  picked.forEach((row, i) => features.set(encoded.features.subarray(row * featureCount, (row + 1) * featureCount), i * featureCount))
  const source = 'matrix' in input ? input.source : (input.source ?? null)
  return { features, rows: picked.length, source, totalRows: encoded.rows }
}

/** A table is re-encoded through its cell values, so its own category codes never leak into the plan's. */
function encodeTable(plan: ReusePlan, table: LoadedTable): { features: Float32Array; rows: number } {
  const columns = plan.inputEncoding.features.map((feature) => {
    const index = table.featureNames.indexOf(feature.name)
    if (index < 0) {
      throw new LearnwareError('DATA_MISSING_COLUMN', `${table.source}: no column "${feature.name}" for the golden rows`, {
        hint: `The exported model reads: ${plan.inputEncoding.features.map((f) => f.name).join(', ')}`
      })
    }
    return { name: feature.name, index, categories: table.encoding.features[index]?.categories }
  })
  const records = Array.from({ length: table.rowsKept }, (_, r) => {
    const record: Record<string, RecordValue> = {}
    for (const { name, index, categories } of columns) {
      const value = table.matrix[r * table.featuresPerRow + index]
      record[name] = Number.isNaN(value) ? null : categories ? categories[value] : value
    }
    return record
  })
  const { matrix, rows } = encodeRows(plan.inputEncoding, records)
  return { features: matrix, rows }
}

/** All rows, or `maxRows` spread evenly over the table (first and last included). */
function pickRows(rows: number, maxRows: number): number[] {
  if (rows <= maxRows) return Array.from({ length: rows }, (_, i) => i)
  return Array.from({ length: maxRows }, (_, i) => Math.round((i * (rows - 1)) / Math.max(1, maxRows - 1)))
}

export function goldenJson(plan: ReusePlan, golden: GoldenRows, reference: PlanPrediction): GoldenFile {
  const featureCount = plan.inputEncoding.features.length
  const expected: GoldenFile['expected'] = {}
  if (reference.task === 'classification') {
    expected.label = Array.from(reference.labels!)
    expected.labelNames = expected.label.map((label) => plan.classNames![label])
    expected.probabilities = rowsOf(reference.probabilities!, reference.width).map((row) => row.map(shortestFloat32))
  } else {
    expected.prediction = rowsOf(reference.values!, reference.width).map((row) => row.map(shortestFloat32))
  }
  return {
    format: GOLDEN_FORMAT,
    version: 1,
    input: PIPELINE_INPUT,
    featureNames: plan.inputEncoding.features.map((f) => f.name),
    rows: golden.rows,
    features: rowsOf(golden.features, featureCount).map((row) => row.map(jsonNumber)),
    expected,
    tolerance: VERIFY_TOLERANCE,
    nearTies: reference.nearTies
  }
}

/** Reads golden.json's features back into a float32 matrix. */
export function goldenFeatureMatrix(file: GoldenFile): Float32Array {
  const values = file.features.flat()
  return Float32Array.from(values, (v) => (v === null ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v))
}

/** The golden rows as a CSV the user can feed to predict.mjs: categories by name, missing cells empty. */
export function exampleCsv(plan: ReusePlan, golden: GoldenRows): string {
  const features = plan.inputEncoding.features
  const lines = [features.map((f) => csvCell(f.name)).join(',')]
  for (let r = 0; r < golden.rows; r++) {
    const cells = features.map((feature, j) => {
      const value = golden.features[r * features.length + j]
      if (Number.isNaN(value)) return ''
      if (feature.kind === 'categorical') return csvCell(feature.categories?.[value] ?? '')
      return value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(shortestFloat32(value))
    })
    lines.push(cells.join(','))
  }
  return `${lines.join('\n')}\n`
}

function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The float32 value as the shortest decimal that reads back as the same float32. */
export function shortestFloat32(value: number): number {
  const f = Math.fround(value)
  if (!Number.isFinite(f)) return f
  for (let digits = 1; digits < 10; digits++) {
    const candidate = Number(f.toPrecision(digits))
    if (Math.fround(candidate) === f) return candidate
  }
  return f
}

function jsonNumber(value: number): JsonNumber {
  if (Number.isNaN(value)) return null
  if (value === Infinity) return 'Infinity'
  if (value === -Infinity) return '-Infinity'
  return shortestFloat32(value)
}

function rowsOf(values: ArrayLike<number>, width: number): number[][] {
  const rows: number[][] = []
  for (let base = 0; base < values.length; base += width) rows.push(Array.from({ length: width }, (_, c) => values[base + c]))
  return rows
}
