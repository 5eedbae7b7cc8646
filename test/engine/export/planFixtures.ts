/**
 * Reuse plans built by hand from models trained here on the real fixtures (test/fixtures/tabular), the way
 * a reuser would: each member trained on its own columns (a subset, in its own order) and split, its
 * classes possibly in another order or only some of the user's, wired to the user's columns by name.
 * Golden rows are held-out user rows with a few cells blanked, so the fill path runs.
 *
 * Example:
 *   const user = userTable('wine')
 *   const a = trainMember(user, { id: 'lw-a', kind: 'logistic', columns: [...user.table.featureNames].reverse(), seed: 1 })
 *   const plan = classificationPlan(user, [a, b], { kind: 'mean-probabilities' }, 'averaging')
 */

import { createHash } from 'node:crypto'
import type { LoadedTable } from '../../../src/engine/data'
import type { PlanCombiner, PlanMember, ReuseMethod, ReusePlan } from '../../../src/engine/export'
import { createRng } from '../../../src/engine/math/rng'
import {
  trainLogisticRegression,
  trainMlpClassifier,
  trainMlpRegressor,
  trainRidgeRegression,
  type TrainedClassifier,
  type TrainedRegressor
} from '../../../src/engine/train'
import { featureColumns, readCsvFixture, splitCsv, tableOf, type CsvFixture } from '../predict/trainedLearnware'

export type FixtureName = 'iris' | 'wine' | 'breast_cancer' | 'diabetes'

export interface UserTable {
  name: FixtureName
  csv: CsvFixture
  /** Rows the members and heads train on. */
  train: CsvFixture
  /** The user's held-out rows (the golden rows come from here). */
  heldOut: CsvFixture
  /** The user's table (held-out rows), encoded with the user's encoding. */
  table: LoadedTable
  /** The user's training rows in the user's encoding. */
  trainTable: LoadedTable
  task: 'classification' | 'regression'
}

export function userTable(name: FixtureName, options: { columns?: string[]; seed?: number; csv?: CsvFixture } = {}): UserTable {
  const csv = options.csv ?? readCsvFixture(name)
  const { train, heldOut } = splitCsv(csv, 0.3, options.seed ?? 11)
  const task = name === 'diabetes' ? 'regression' : 'classification'
  const columns = options.columns ? [...options.columns, 'target'] : undefined
  const load = (rows: CsvFixture) => tableOf(rows, { columns, target: 'target', targetTask: task })
  const trainTable = load(train)
  // Held-out rows encoded with the training encoding, as a user's new data would be.
  const table = tableOf(heldOut, { columns, target: 'target', targetTask: task, tableEncoding: trainTable.encoding })
  return { name, csv, train, heldOut, table, trainTable, task }
}

export type MemberKind = 'logistic' | 'mlp' | 'ridge' | 'mlp-regressor'

export interface MemberSpec {
  id: string
  name?: string
  license?: string
  kind: MemberKind
  /** The member's own columns, in its own order (names of the fixture). */
  columns: string[]
  /** Which training rows it saw (seeded subsample of the user's training rows). */
  seed: number
  /** Keep only training rows with these fixture labels (a learnware that knows some classes only). */
  onlyLabels?: string[]
  /** Member class code → label the member was trained with (permutes its class order). */
  relabel?: (userClass: number) => number
  /** Keep only training rows this accepts (fixture cells by column name): a learnware from another population. */
  rowFilter?: (cell: (column: string) => string) => boolean
}

export interface TrainedMember {
  member: PlanMember
  model: TrainedClassifier | TrainedRegressor
  /** The member's training table, in its own columns. */
  table: LoadedTable
}

export function trainMember(user: UserTable, spec: MemberSpec): TrainedMember {
  const rng = createRng(spec.seed)
  let rows = user.train.rows.filter(() => rng.next() < 0.8)
  const targetIndex = user.csv.header.indexOf('target')
  if (spec.onlyLabels) rows = rows.filter((row) => spec.onlyLabels!.includes(row[targetIndex]))
  if (spec.rowFilter) rows = rows.filter((row) => spec.rowFilter!((column) => row[user.csv.header.indexOf(column)]))
  const table = tableOf({ header: user.csv.header, rows }, { columns: [...spec.columns, 'target'], target: 'target', targetTask: user.task })
  // missing training cells get the column mean, the value the member's fillValues give them later
  const fills = table.encoding.features.map((f) => f.fill)
  const features = table.matrix.map((value, i) => (Number.isNaN(value) ? fills[i % table.featuresPerRow] : value))
  const data = { features, rows: table.rowsKept, cols: table.featuresPerRow }
  const model = trainModel(spec, data, table)
  const onnxModel = model.toOnnx({ metadata: { learnwareId: spec.id } })
  const classes = table.target?.classes
  const member: PlanMember = {
    learnwareId: spec.id,
    name: spec.name ?? `${spec.kind} on ${spec.columns.length} columns`,
    license: spec.license ?? 'MIT',
    packageSha256: createHash('sha256').update(`package of ${spec.id}`).update(onnxModel).digest('hex'),
    onnxModel,
    sourceColumns: spec.columns.map((name) => user.table.featureNames.indexOf(name)),
    fillValues: table.encoding.features.map((f) => f.fill),
    outputName: user.task === 'classification' ? 'probabilities' : 'prediction',
    outputKind: user.task === 'classification' ? 'probabilities' : 'values'
  }
  // The member's own category codes differ from the user's when it saw other categories (as a dock learnware would).
  const recode = table.encoding.features.map((feature, j) => {
    const source = member.sourceColumns[j]
    const userCategories = source >= 0 ? user.trainTable.encoding.features[source].categories : undefined
    const own = feature.categories ?? []
    if (feature.kind !== 'categorical' || !userCategories || userCategories.join('\u0000') === own.join('\u0000')) return null
    return userCategories.map((category) => (own.includes(category) ? own.indexOf(category) : null))
  })
  if (recode.some((t) => t !== null)) member.recode = recode
  if (user.task === 'classification' && classes) {
    const userClasses = user.trainTable.target!.classes!
    const memberClassValues = Array.from((model as TrainedClassifier).classes)
    // model class index → its label code → the fixture label → the user's class index
    member.classMap = memberClassValues.map((value) => {
      const original = spec.relabel ? inverse(spec.relabel, classes.length)(value) : value
      return userClasses.indexOf(classes[original])
    })
  }
  return { member, model, table }
}

function trainModel(spec: MemberSpec, data: { features: Float32Array; rows: number; cols: number }, table: LoadedTable): TrainedClassifier | TrainedRegressor {
  if (spec.kind === 'ridge') return trainRidgeRegression({ ...data, targets: table.target!.values! })
  if (spec.kind === 'mlp-regressor') return trainMlpRegressor({ ...data, targets: table.target!.values! }, { hiddenLayers: [8], epochs: 60, seed: spec.seed })
  const codes = table.target!.codes!
  const labels = spec.relabel ? Int32Array.from(codes, spec.relabel) : codes
  if (spec.kind === 'mlp') return trainMlpClassifier({ ...data, labels }, { hiddenLayers: [8], epochs: 60, seed: spec.seed })
  return trainLogisticRegression({ ...data, labels })
}

function inverse(relabel: (c: number) => number, count: number): (value: number) => number {
  const back = new Map(Array.from({ length: count }, (_, c) => [relabel(c), c]))
  return (value) => back.get(value)!
}

export function plan(user: UserTable, members: readonly TrainedMember[], combiner: PlanCombiner, method: ReuseMethod): ReusePlan {
  const classification = user.task === 'classification'
  return {
    method,
    task: user.task,
    classNames: classification ? classNamesOf(user) : undefined,
    targetName: classification ? undefined : 'disease progression',
    inputEncoding: user.trainTable.encoding,
    members: members.map((m) => m.member),
    combiner
  }
}

function classNamesOf(user: UserTable): string[] {
  const names: Record<string, string[]> = { iris: ['setosa', 'versicolor', 'virginica'], wine: ['cultivar 1', 'cultivar 2', 'cultivar 3'], breast_cancer: ['malignant', 'benign'] }
  return names[user.name] ?? user.trainTable.target!.classes!
}

/** The user's held-out rows with every 7th row missing one cell (a different column each time). */
export function goldenFeatures(user: UserTable, maxRows = 40): { features: Float32Array; rows: number } {
  const cols = user.table.featuresPerRow
  const rows = Math.min(maxRows, user.table.rowsKept)
  const features = user.table.matrix.slice(0, rows * cols)
  for (let r = 0; r < rows; r += 7) features[r * cols + ((r / 7) % cols)] = NaN
  return { features, rows }
}

/** Model outputs of the members on rows of the user's columns, as the head's training needs them. */
export function memberOutputsTs(user: UserTable, members: readonly TrainedMember[], features: Float32Array, rows: number): Float64Array[] {
  const cols = user.table.featuresPerRow
  return members.map(({ member, model }) => {
    const k = member.sourceColumns.length
    const input = new Float32Array(rows * k)
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < k; j++) {
        const value = features[r * cols + member.sourceColumns[j]]
        input[r * k + j] = Number.isNaN(value) ? member.fillValues[j] : value
      }
    }
    if (model.task === 'regression') return model.predict(input, rows)
    const probabilities = model.predictProbabilities(input, rows)
    const classCount = user.trainTable.target!.classes!.length
    const mapped = new Float64Array(rows * classCount)
    const map = member.classMap!
    for (let r = 0; r < rows; r++) for (let c = 0; c < map.length; c++) if (map[c] >= 0) mapped[r * classCount + map[c]] += probabilities[r * map.length + c]
    return mapped
  })
}

export { featureColumns }
