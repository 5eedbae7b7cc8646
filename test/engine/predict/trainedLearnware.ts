/**
 * Real learnwares for the checker and runner tests: a model trained in TypeScript on a fixture CSV
 * (test/fixtures/tabular), exported to ONNX, its RKME made from the training rows, packaged with
 * `writeLearnwarePackage` and read back with `readLearnwarePackage` — the same path a user's upload takes.
 * The CSV helpers keep rows as text so a test can shuffle, rename or drop columns and parse the result with
 * the real table loader.
 *
 * Example:
 *   const iris = await irisLearnware()                                  // trained on 75 % of iris.csv
 *   const table = tableOf(iris.heldOut, { columns: ['petal_width_cm', 'sepal_length_cm', …] })
 *   await predictWithLearnware(iris.pkg, table)
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseTableText, type LoadedTable, type TextParseOptions } from '../../../src/engine/data'
import {
  readLearnwarePackage,
  writeLearnwarePackage,
  type DockManifestInput,
  type LearnwarePackage
} from '../../../src/engine/learnware'
import { createRng } from '../../../src/engine/math/rng'
import { generateRkmeTableSpec, toRkmeTableSpecJson } from '../../../src/engine/spec'
import { generateSemanticSpec, type SemanticSpec, type SemanticSpecInput } from '../../../src/engine/spec/semantic'
import { trainLogisticRegression, trainRidgeRegression, type TrainedClassifier, type TrainedRegressor } from '../../../src/engine/train'

/** A CSV as text cells: header + rows. */
export interface CsvFixture {
  header: string[]
  rows: string[][]
}

export function readCsvFixture(name: 'iris' | 'wine' | 'breast_cancer' | 'diabetes'): CsvFixture {
  const [header, ...lines] = readFileSync(join(__dirname, '../../fixtures/tabular', `${name}.csv`), 'utf8').trim().split(/\r?\n/)
  return { header: header.split(','), rows: lines.map((line) => line.split(',')) }
}

/** Seeded split of the rows (no stratification). */
export function splitCsv(csv: CsvFixture, testFraction: number, seed: number): { train: CsvFixture; heldOut: CsvFixture } {
  const order = createRng(seed).shuffle(csv.rows.map((_, i) => i))
  const testRows = Math.round(csv.rows.length * testFraction)
  const pick = (rows: number[]) => ({ header: csv.header, rows: rows.map((r) => csv.rows[r]) })
  return { heldOut: pick(order.slice(0, testRows)), train: pick(order.slice(testRows)) }
}

export interface CsvTextOptions {
  /** Columns to keep, by original name, in this order (default: all, as in the file). */
  columns?: readonly string[]
  /** New header text per original name. */
  rename?: Readonly<Record<string, string>>
  header?: boolean
}

export function csvText(csv: CsvFixture, options: CsvTextOptions = {}): string {
  const columns = options.columns ?? csv.header
  const index = columns.map((name) => {
    const i = csv.header.indexOf(name)
    if (i < 0) throw new Error(`fixture has no column ${name}`)
    return i
  })
  const lines = csv.rows.map((row) => index.map((i) => row[i]).join(','))
  if (options.header !== false) lines.unshift(columns.map((name) => options.rename?.[name] ?? name).join(','))
  return `${lines.join('\n')}\n`
}

export function tableOf(csv: CsvFixture, options: CsvTextOptions & TextParseOptions = {}): LoadedTable {
  const { columns, rename, header, ...parse } = options
  return parseTableText(csvText(csv, { columns, rename, header }), { source: 'user.csv', hasHeader: header !== false, ...parse })
}

/** The feature columns of a fixture (every column but `target`). */
export function featureColumns(csv: CsvFixture): string[] {
  return csv.header.filter((name) => name !== 'target')
}

export interface PackageParts {
  semantic: SemanticSpec
  rkme: unknown
  onnx: Uint8Array
  manifest: DockManifestInput
}

export async function packageLearnware(parts: PackageParts): Promise<LearnwarePackage> {
  const zip = writeLearnwarePackage({
    semanticSpec: parts.semantic,
    statSpecs: [{ type: 'RKMETableSpecification', json: parts.rkme }],
    onnxModel: parts.onnx,
    manifest: parts.manifest
  })
  return readLearnwarePackage(zip, { label: 'test.zip' })
}

export async function rkmeOf(table: LoadedTable): Promise<unknown> {
  return toRkmeTableSpecJson(await generateRkmeTableSpec(table.matrix, table.rowsKept, table.featuresPerRow, { seed: 0 }))
}

export const IRIS_CLASSES = ['setosa', 'versicolor', 'virginica']

export interface IrisLearnware {
  pkg: LearnwarePackage
  parts: PackageParts
  model: TrainedClassifier
  /** The training table (loaded with target `target`). */
  train: LoadedTable
  heldOut: CsvFixture
}

let irisCache: Promise<Omit<IrisLearnware, 'pkg'>> | null = null

/** Softmax regression on 75 % of iris.csv, its RKME, Input.Description = the CSV's column names. */
export async function irisLearnware(
  change: { semantic?: Partial<SemanticSpecInput>; manifest?: Partial<DockManifestInput>; onnx?: Uint8Array; rkme?: unknown } = {}
): Promise<IrisLearnware> {
  irisCache ??= (async () => {
    const { train, heldOut } = splitCsv(readCsvFixture('iris'), 0.25, 7)
    const table = tableOf(train, { target: 'target' })
    const model = trainLogisticRegression({ features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow, labels: table.target!.codes! })
    const parts: PackageParts = {
      semantic: tableSemanticSpec('Classification', table.featureNames, IRIS_CLASSES),
      rkme: await rkmeOf(table),
      onnx: model.toOnnx(),
      manifest: {
        input: { name: 'X', shape: [null, 4], dtype: 'float32' },
        output: { name: 'probabilities', shape: [null, 3], kind: 'probabilities' },
        labels: IRIS_CLASSES
      }
    }
    return { parts, model, train: table, heldOut }
  })()
  const base = await irisCache
  const parts: PackageParts = {
    semantic: change.semantic ? semanticWith(base.parts.semantic, change.semantic) : base.parts.semantic,
    rkme: change.rkme ?? base.parts.rkme,
    onnx: change.onnx ?? base.parts.onnx,
    manifest: { ...base.parts.manifest, ...change.manifest }
  }
  return { ...base, parts, pkg: await packageLearnware(parts) }
}

/** Ridge regression on 75 % of diabetes.csv. */
export async function diabetesLearnware(): Promise<{ pkg: LearnwarePackage; model: TrainedRegressor; heldOut: CsvFixture }> {
  const { train, heldOut } = splitCsv(readCsvFixture('diabetes'), 0.25, 3)
  const table = tableOf(train, { target: 'target', targetTask: 'regression' })
  const model = trainRidgeRegression({ features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow, targets: table.target!.values! })
  const pkg = await packageLearnware({
    semantic: tableSemanticSpec('Regression', table.featureNames, ['disease progression']),
    rkme: await rkmeOf(table),
    onnx: model.toOnnx(),
    manifest: { input: { name: 'X', shape: [null, table.featuresPerRow] }, output: { name: 'prediction', shape: [null, 1], kind: 'values' } }
  })
  return { pkg, model, heldOut }
}

export function tableSemanticSpec(task: 'Classification' | 'Regression', inputs: readonly string[], outputs: readonly string[]): SemanticSpec {
  return generateSemanticSpec(semanticInput(task, inputs, outputs))
}

function semanticInput(task: 'Classification' | 'Regression', inputs: readonly string[], outputs: readonly string[]): SemanticSpecInput {
  return {
    name: `${task} test learnware`,
    description: `A ${task.toLowerCase()} model trained in the tests`,
    data: 'Table',
    task,
    library: 'Others',
    scenarios: ['Nature'],
    license: 'MIT',
    input: { dimension: inputs.length, descriptions: [...inputs] },
    output: { dimension: outputs.length, descriptions: [...outputs] }
  }
}

/** The spec with some generator inputs replaced (e.g. `output: { dimension: 4 }`). */
function semanticWith(spec: SemanticSpec, change: Partial<SemanticSpecInput>): SemanticSpec {
  const changed = generateSemanticSpec({ ...semanticInput('Classification', [], []), ...change })
  const result: SemanticSpec = { ...spec }
  if (change.input) result.Input = changed.Input
  if (change.output) result.Output = changed.Output
  if (change.task) result.Task = changed.Task
  if (change.data) result.Data = changed.Data
  return result
}
