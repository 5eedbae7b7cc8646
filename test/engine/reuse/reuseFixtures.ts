/**
 * Real learnwares and user tasks for the reuse tests: models trained by engine/train on slices of the
 * tabular fixtures (test/fixtures/tabular), packed with `packLearnware` (RKME with γ by the median
 * heuristic, the table's encoding and class names in the manifest) and read back — the path a user's
 * upload takes — plus the user's own rows, loaded with the real table loader.
 *
 * Example:
 *   const lw = await learnwareFrom(readCsvFixture('wine'), { name: 'Wine 0/1', rows: (row) => row.target !== '2' })
 *   const user = userTask(heldOutCsv, { target: 'target' })
 *   const reuser = createReuser('averaging', [lw], user.context)
 *   accuracy((await reuser.predict(user.data)).labels!, user.labels)
 */

import { parseTableText, type LoadedTable } from '../../../src/engine/data'
import { readLearnwarePackage } from '../../../src/engine/learnware'
import { packLearnware } from '../../../src/engine/pack'
import type { LabelledData, ReuseContext, ReuseLearnware } from '../../../src/engine/reuse'
import { OnnxModelCache, sha256Hex } from '../../../src/engine/runtime'
import { trainLogisticRegression, trainRidgeRegression } from '../../../src/engine/train'
import { csvText, type CsvFixture } from '../predict/trainedLearnware'

export { readCsvFixture, splitCsv, type CsvFixture } from '../predict/trainedLearnware'

/** Rows of a fixture kept by a predicate on the row's cells (by column name). */
export function filterCsv(csv: CsvFixture, keep: (row: Record<string, string>, index: number) => boolean): CsvFixture {
  return { header: csv.header, rows: csv.rows.filter((cells, i) => keep(Object.fromEntries(csv.header.map((h, j) => [h, cells[j]])), i)) }
}

/** The target column's values replaced (e.g. class codes by names, or shuffled labels for a bad learnware). */
export function mapTarget(csv: CsvFixture, map: (value: string, index: number) => string): CsvFixture {
  const t = csv.header.indexOf('target')
  return { header: csv.header, rows: csv.rows.map((cells, i) => cells.map((cell, j) => (j === t ? map(cell, i) : cell))) }
}

export function loadCsv(csv: CsvFixture, task: 'classification' | 'regression', options: { columns?: string[] } = {}): LoadedTable {
  return parseTableText(csvText(csv, { columns: options.columns }), { source: 'user.csv', hasHeader: true, target: 'target', targetTask: task })
}

export interface LearnwareOptions {
  name: string
  task?: 'classification' | 'regression'
  /** Columns the learnware is trained on, in its order (default: all, file order). */
  columns?: string[]
  /** Kernel width of its spec (default: the median heuristic). */
  gamma?: number | 'auto'
}

/** Trains softmax regression (ridge for regression) on the rows, packs and reads the package back. */
export async function learnwareFrom(csv: CsvFixture, options: LearnwareOptions): Promise<ReuseLearnware> {
  const task = options.task ?? 'classification'
  const table = loadCsv(csv, task, { columns: options.columns })
  const data = { features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow }
  const onnxModel = task === 'classification'
    ? trainLogisticRegression({ ...data, labels: table.target!.codes! }).toOnnx()
    : trainRidgeRegression({ ...data, targets: table.target!.values! }).toOnnx()
  const packed = await packLearnware({
    onnxModel,
    table,
    semantic: { name: options.name, description: `Trained on ${table.rowsKept} rows in the reuse tests`, task: task === 'classification' ? 'Classification' : 'Regression', scenarios: ['Nature'], license: 'MIT' },
    gamma: options.gamma ?? 'auto',
    check: false,
    seed: 0
  })
  const pkg = await readLearnwarePackage(packed.zip, { label: `${options.name}.zip` })
  return { id: `lw-${options.name.replace(/\W+/g, '-').toLowerCase()}`, name: options.name, license: 'MIT', packageSha256: sha256Hex(packed.zip), pkg, spec: packed.spec }
}

export interface UserTask {
  table: LoadedTable
  data: LabelledData
  context: ReuseContext
}

/** The user's rows as a reuser takes them, and a context over a shared session cache. */
export function userTask(csv: CsvFixture, task: 'classification' | 'regression', cache: OnnxModelCache, options: { columns?: string[]; seed?: number } = {}): UserTask {
  const table = loadCsv(csv, task, options)
  return { table, data: dataOf(table), context: contextOf(table, cache, options.seed) }
}

/** Rows of a table loaded with the user's encoding (e.g. held-out rows), as reuse data. */
export function dataOf(table: LoadedTable): LabelledData {
  return {
    features: table.matrix,
    rows: table.rowsKept,
    featuresPerRow: table.featuresPerRow,
    featureNames: table.featureNames,
    ...(table.target?.codes ? { labels: table.target.codes } : {}),
    ...(table.target?.values && table.target.task === 'regression' ? { targets: table.target.values } : {})
  }
}

export function contextOf(table: LoadedTable, cache: OnnxModelCache, seed = 0): ReuseContext {
  const target = table.target!
  return target.task === 'classification'
    ? { task: 'classification', classNames: target.classes!, inputEncoding: table.encoding, cache, seed }
    : { task: 'regression', targetName: target.name, inputEncoding: table.encoding, cache, seed }
}

/** Loads more rows with an existing table's encoding (same columns, same class list). */
export function withEncoding(csv: CsvFixture, like: LoadedTable, columns?: string[]): LoadedTable {
  const text = csvText(csv, { columns: columns ?? [...like.featureNames, 'target'] })
  return parseTableText(text, { source: 'user-test.csv', hasHeader: true, target: 'target', targetTask: like.target!.task, tableEncoding: like.encoding })
}

export function accuracy(predicted: Int32Array, labels: Int32Array): number {
  let correct = 0
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++
  return correct / labels.length
}

export function meanSquaredError(predicted: ArrayLike<number>, targets: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < targets.length; i++) sum += (predicted[i] - targets[i]) ** 2
  return sum / targets.length
}

/** Accuracy of always predicting the most frequent class of `train` on `test`. */
export function majorityBaseline(train: Int32Array, test: Int32Array): number {
  const counts = new Map<number, number>()
  train.forEach((y) => counts.set(y, (counts.get(y) ?? 0) + 1))
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0]
  return accuracy(new Int32Array(test.length).fill(majority), test)
}

/** MSE of always predicting the mean of `train` on `test`. */
export function meanBaseline(train: Float64Array, test: Float64Array): number {
  const mean = train.reduce((a, b) => a + b, 0) / train.length
  return meanSquaredError(new Float64Array(test.length).fill(mean), test)
}
