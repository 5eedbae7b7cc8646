/**
 * One reuse plan per combiner, each built by hand from models trained here on the real fixtures, with the
 * golden rows to check it on. Plans are made once per test file (training takes a moment) and shared.
 *
 *   single          iris: one logistic learnware on 4 columns in its own order, one of which the user lacks
 *                   (−1 → filled), with its classes in another order (classMap is a permutation)
 *   mean-probs      wine: logistic on all columns reversed, MLP on 7, logistic on 5 shuffled (no classMap)
 *   vote            wine: three learnwares, one of which knows only two of the three cultivars
 *   mean-values     diabetes: two ridge regressions and an MLP on different column subsets
 *   head            wine: FeatureAugment — a logistic head trained here on [features, member probabilities]
 *   head-regression diabetes: a ridge head on [features, member predictions]
 *   selector        wine: learnwares from two populations (low / high ash), a logistic selector routes rows
 *   selector-regression  diabetes: the same with two ridge learnwares (young / old patients)
 *   categorical     iris + a categorical "site" column the learnwares use; one never saw one site, so its
 *                   codes differ from the user's (recode)
 *
 * Example:
 *   const { plan, golden } = await scenario('vote')
 */

import type { ReusePlan } from '../../../src/engine/export'
import { createRng } from '../../../src/engine/math/rng'
import { trainLogisticRegression, trainRidgeRegression } from '../../../src/engine/train'
import { readCsvFixture, type CsvFixture } from '../predict/trainedLearnware'
import { goldenFeatures, memberOutputsTs, plan, trainMember, userTable, type TrainedMember, type UserTable } from './planFixtures'

export type ScenarioName =
  | 'single'
  | 'mean-probs'
  | 'vote'
  | 'mean-values'
  | 'head'
  | 'head-regression'
  | 'selector'
  | 'selector-regression'
  | 'categorical'

export interface Scenario {
  user: UserTable
  members: TrainedMember[]
  plan: ReusePlan
  golden: { features: Float32Array; rows: number }
}

const built = new Map<ScenarioName, Scenario>()

export function scenario(name: ScenarioName): Scenario {
  let made = built.get(name)
  if (!made) {
    made = BUILDERS[name]()
    built.set(name, made)
  }
  return made
}

const BUILDERS: Record<ScenarioName, () => Scenario> = {
  single: () => {
    const user = userTable('iris', { columns: ['sepal_length_cm', 'petal_length_cm', 'petal_width_cm'] })
    const a = trainMember(user, {
      id: 'lw-iris-a', name: 'Iris flowers (lab A)', license: 'Apache-2.0', kind: 'logistic', seed: 1,
      columns: ['petal_width_cm', 'sepal_width_cm', 'sepal_length_cm', 'petal_length_cm'],
      relabel: (c) => (c + 1) % 3
    })
    return finish(user, [a], { kind: 'single' }, 'single')
  },
  'mean-probs': () => {
    const user = userTable('wine')
    const cols = user.table.featureNames
    const a = trainMember(user, { id: 'lw-wine-a', kind: 'logistic', columns: [...cols].reverse(), seed: 1 })
    const b = trainMember(user, { id: 'lw-wine-b', kind: 'mlp', columns: cols.slice(3, 10), seed: 2, license: 'BSD-3-Clause' })
    const c = trainMember(user, { id: 'lw-wine-c', kind: 'logistic', columns: shuffled(cols.slice(0, 5), 3), seed: 3 })
    dropIdentityClassMap(c)
    return finish(user, [a, b, c], { kind: 'mean-probabilities' }, 'averaging')
  },
  vote: () => {
    const user = userTable('wine')
    const cols = user.table.featureNames
    const a = trainMember(user, { id: 'lw-wine-a', kind: 'logistic', columns: cols.slice(0, 4), seed: 4 })
    const b = trainMember(user, { id: 'lw-wine-b', kind: 'logistic', columns: shuffled(cols.slice(4, 10), 5), seed: 5, onlyLabels: ['0', '2'] })
    const c = trainMember(user, { id: 'lw-wine-c', kind: 'mlp', columns: cols.slice(6), seed: 6 })
    return finish(user, [a, b, c], { kind: 'vote-labels' }, 'ensemble-pruning')
  },
  'mean-values': () => {
    const user = userTable('diabetes')
    const cols = user.table.featureNames
    const a = trainMember(user, { id: 'lw-dia-a', kind: 'ridge', columns: cols, seed: 1 })
    const b = trainMember(user, { id: 'lw-dia-b', kind: 'ridge', columns: shuffled(cols.slice(2, 7), 2), seed: 2 })
    const c = trainMember(user, { id: 'lw-dia-c', kind: 'mlp-regressor', columns: cols.slice(0, 6), seed: 3 })
    return finish(user, [a, b, c], { kind: 'mean-values' }, 'averaging')
  },
  head: () => {
    const user = userTable('wine')
    const cols = user.table.featureNames
    const a = trainMember(user, { id: 'lw-wine-a', kind: 'logistic', columns: cols.slice(0, 4), seed: 7 })
    const b = trainMember(user, { id: 'lw-wine-b', kind: 'mlp', columns: cols.slice(8), seed: 8 })
    return finish(user, [a, b], trainHead(user, [a, b]), 'feature-augment')
  },
  'head-regression': () => {
    const user = userTable('diabetes')
    const cols = user.table.featureNames
    const a = trainMember(user, { id: 'lw-dia-a', kind: 'ridge', columns: cols.slice(0, 5), seed: 4 })
    const b = trainMember(user, { id: 'lw-dia-b', kind: 'mlp-regressor', columns: cols.slice(3), seed: 5 })
    return finish(user, [a, b], trainHead(user, [a, b]), 'feature-augment')
  },
  selector: () => {
    const user = userTable('wine')
    const cols = user.table.featureNames
    const low = (cell: (c: string) => string) => Number(cell('ash')) < 2.36
    const a = trainMember(user, { id: 'lw-wine-low', kind: 'logistic', columns: cols.slice(0, 8), seed: 9, rowFilter: low })
    const b = trainMember(user, { id: 'lw-wine-high', kind: 'mlp', columns: cols.slice(5), seed: 10, rowFilter: (cell) => !low(cell) })
    return finish(user, [a, b], trainSelector(user, 'ash', 2.36), 'job-selector')
  },
  'selector-regression': () => {
    const user = userTable('diabetes')
    const cols = user.table.featureNames
    const young = (cell: (c: string) => string) => Number(cell('age')) < 50
    const a = trainMember(user, { id: 'lw-dia-young', kind: 'ridge', columns: cols, seed: 6, rowFilter: young })
    const b = trainMember(user, { id: 'lw-dia-old', kind: 'ridge', columns: shuffled(cols, 7), seed: 7, rowFilter: (cell) => !young(cell) })
    return finish(user, [a, b], trainSelector(user, 'age', 50), 'job-selector')
  },
  categorical: () => {
    const user = userTable('iris', { csv: irisWithSite() })
    const a = trainMember(user, { id: 'lw-site-a', kind: 'logistic', columns: ['site', 'petal_length_cm', 'sepal_width_cm'], seed: 11 })
    // b never saw site "east": its codes are north = 0, south = 1 where the user's are east = 0, north = 1, south = 2
    const b = trainMember(user, { id: 'lw-site-b', kind: 'logistic', columns: ['petal_width_cm', 'site', 'sepal_length_cm'], seed: 12, rowFilter: (cell) => cell('site') !== 'east' })
    return finish(user, [a, b], { kind: 'mean-probabilities' }, 'averaging')
  }
}

function finish(user: UserTable, members: TrainedMember[], combiner: ReusePlan['combiner'], method: ReusePlan['method']): Scenario {
  return { user, members, plan: plan(user, members, combiner, method), golden: goldenFeatures(user) }
}

/**
 * FeatureAugment's head, trained on the user's training rows: logistic (classification) or ridge
 * (regression) on [features, member outputs]; the trainers standardise inside, so the standardisation is
 * folded into W and b (W'ᵢ = Wᵢ/σᵢ, b' = b − Σ μᵢWᵢ/σᵢ), which is what the plan's raw-input head takes.
 */
function trainHead(user: UserTable, members: TrainedMember[]): ReusePlan['combiner'] {
  const { matrix, rowsKept: rows, featuresPerRow: cols } = user.trainTable
  const outputs = memberOutputsTs(user, members, matrix, rows)
  const widths = outputs.map((o) => o.length / rows)
  const inputs = cols + widths.reduce((a, b) => a + b, 0)
  const x = new Float32Array(rows * inputs)
  for (let r = 0; r < rows; r++) {
    x.set(matrix.subarray(r * cols, (r + 1) * cols), r * inputs)
    let j = cols
    outputs.forEach((o, m) => {
      for (let c = 0; c < widths[m]; c++) x[r * inputs + j++] = o[r * widths[m] + c]
    })
  }
  const model =
    user.task === 'classification'
      ? trainLogisticRegression({ features: x, rows, cols: inputs, labels: user.trainTable.target!.codes! })
      : trainRidgeRegression({ features: x, rows, cols: inputs, targets: user.trainTable.target!.values! })
  const width = model.bias.length
  const weights = new Float32Array(inputs * width)
  const bias = Float32Array.from(model.bias)
  for (let i = 0; i < inputs; i++) {
    const { mean, std } = model.standardizer
    for (let o = 0; o < width; o++) {
      weights[i * width + o] = model.weights[i * width + o] / std[i]
      bias[o] -= (mean[i] * model.weights[i * width + o]) / std[i]
    }
  }
  return { kind: 'linear-head', weights, bias, inputs, outputs: width, featureFill: user.trainTable.encoding.features.map((f) => f.fill) }
}

/** A logistic selector on all the user's columns: member 1 for rows with `column` ≥ threshold, else member 0. */
function trainSelector(user: UserTable, column: string, threshold: number): ReusePlan['combiner'] {
  const { matrix, rowsKept: rows, featuresPerRow: cols, featureNames } = user.trainTable
  const j = featureNames.indexOf(column)
  const labels = Int32Array.from({ length: rows }, (_, r) => (matrix[r * cols + j] >= threshold ? 1 : 0))
  const selector = trainLogisticRegression({ features: matrix, rows, cols, labels })
  return { kind: 'selector', selectorOnnx: selector.toOnnx(), selectorOutputName: 'probabilities' }
}

function dropIdentityClassMap(member: TrainedMember): void {
  if (member.member.classMap?.every((target, i) => target === i)) delete member.member.classMap
}

function shuffled<T>(values: readonly T[], seed: number): T[] {
  return createRng(seed).shuffle([...values])
}

/** iris.csv with a categorical `site` column (north/south/east, one row in 9 missing) that helps a little. */
function irisWithSite(): CsvFixture {
  const iris = readCsvFixture('iris')
  const sites = ['north', 'south', 'east']
  const header = ['site', ...iris.header]
  const rows = iris.rows.map((row, i) => [i % 9 === 4 ? '' : sites[(Number(row[row.length - 1]) + (i % 4 === 0 ? 1 : 0)) % 3], ...row])
  return { header, rows }
}
