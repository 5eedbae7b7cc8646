/**
 * Real training data and real models for the packing tests and the CLI tests: a fixture CSV from
 * test/fixtures/tabular (optionally with named classes or an extra categorical column), a seeded split into
 * training and held-out rows written to temp files, and a model trained by engine/train on the training file
 * as the table loader reads it — the same path a user's `pack` takes.
 *
 * Example:
 *   const csv = withClassNames(readFixtureCsv('iris'), ['setosa', 'versicolor', 'virginica'])
 *   const { train, heldOut } = splitCsv(csv, 0.25, 7)
 *   const trainPath = writeCsv(dir, 'train.csv', train)
 *   const trained = await trainOnFile(trainPath, 'target', 'Classification')   // { table, model, onnx }
 */

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadTableFile, type LoadedTable } from '../../../src/engine/data'
import { createRng } from '../../../src/engine/math/rng'
import { trainLogisticRegression, trainRidgeRegression, type TrainedClassifier, type TrainedRegressor } from '../../../src/engine/train'
import { fixturesDir } from '../../helpers/fixtures'

export interface CsvRows {
  header: string[]
  rows: string[][]
}

export type FixtureName = 'iris' | 'wine' | 'breast_cancer' | 'diabetes'

export function readFixtureCsv(name: FixtureName): CsvRows {
  const [header, ...lines] = readFileSync(join(fixturesDir, 'tabular', `${name}.csv`), 'utf8').trim().split(/\r?\n/)
  return { header: header.split(','), rows: lines.map((line) => line.split(',')) }
}

/** The `target` column's class codes 0, 1, 2 … replaced by these names. */
export function withClassNames(csv: CsvRows, names: readonly string[]): CsvRows {
  const t = csv.header.indexOf('target')
  return { header: csv.header, rows: csv.rows.map((row) => row.map((cell, i) => (i === t ? names[Number(cell)] : cell))) }
}

/** Adds a text column computed from a numeric one (a categorical feature the loader encodes). */
export function withCategory(csv: CsvRows, name: string, from: string, bins: readonly [number, string][], last: string): CsvRows {
  const source = csv.header.indexOf(from)
  const t = csv.header.indexOf('target')
  const categoryOf = (value: number) => bins.find(([limit]) => value < limit)?.[1] ?? last
  return {
    header: [...csv.header.slice(0, t), name, ...csv.header.slice(t)],
    rows: csv.rows.map((row) => [...row.slice(0, t), categoryOf(Number(row[source])), ...row.slice(t)])
  }
}

/** Each numeric feature multiplied by `factor` (a data set that looks like the original, but is not). */
export function scaled(csv: CsvRows, factor: number): CsvRows {
  const t = csv.header.indexOf('target')
  return { header: csv.header, rows: csv.rows.map((row) => row.map((cell, i) => (i === t ? cell : String(Number(cell) * factor)))) }
}

/** Seeded split (no stratification). */
export function splitCsv(csv: CsvRows, testFraction: number, seed: number): { train: CsvRows; heldOut: CsvRows } {
  const order = createRng(seed).shuffle(csv.rows.map((_, i) => i))
  const testRows = Math.round(csv.rows.length * testFraction)
  const pick = (rows: number[]) => ({ header: csv.header, rows: rows.map((r) => csv.rows[r]) })
  return { heldOut: pick(order.slice(0, testRows)), train: pick(order.slice(testRows)) }
}

/** Keeps the listed columns, in this order. */
export function selectColumns(csv: CsvRows, columns: readonly string[]): CsvRows {
  const index = columns.map((name) => {
    const i = csv.header.indexOf(name)
    if (i < 0) throw new Error(`no column ${name}`)
    return i
  })
  return { header: [...columns], rows: csv.rows.map((row) => index.map((i) => row[i])) }
}

export function writeCsv(dir: string, file: string, csv: CsvRows): string {
  const path = join(dir, file)
  writeFileSync(path, `${[csv.header, ...csv.rows].map((row) => row.join(',')).join('\n')}\n`)
  return path
}

export interface TrainedOnFile {
  table: LoadedTable
  model: TrainedClassifier | TrainedRegressor
  onnx: Uint8Array
}

/** Loads the file as `pack` does and trains softmax regression (Classification) or ridge (Regression) on it. */
export async function trainOnFile(path: string, target: string, task: 'Classification' | 'Regression'): Promise<TrainedOnFile> {
  const table = await loadTableFile(path, { target, targetTask: task === 'Classification' ? 'classification' : 'regression' })
  const data = { features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow }
  const model = task === 'Classification'
    ? trainLogisticRegression({ ...data, labels: table.target!.codes! })
    : trainRidgeRegression({ ...data, targets: table.target!.values! })
  return { table, model, onnx: model.toOnnx() }
}
