/**
 * The starter dock's catalogue: every learnware it holds, as a recipe — which data set, which subset of its
 * training rows, which model. Organised like Beimingwu's benchmarks (reference §9.2): several models per data
 * set, each trained on different classes or rows, so that a search has the right learnware to find and
 * near neighbours to confuse it with. Digits follow Beimingwu's image protocol (4 classes at
 * 0.4 : 0.4 : 0.1 : 0.1); two digit learnwares share one class set with opposite shares on purpose.
 *
 * Subsets of the other data sets are chosen along columns the RKME specification can see: it compares raw
 * feature values, so a subset that differs only in a small-valued column (diabetes' sex, coded 1/2, or BMI
 * next to cholesterol in the hundreds) would look like every other and could never be found.
 *
 * Example:
 *   for (const recipe of STARTER_RECIPES) console.log(recipe.slug, recipe.subsetText)
 */

import type { DatasetKey } from './sourceData'
import type { Subset } from './subsets'

export type ModelRecipe =
  | { kind: 'logistic-regression' }
  | { kind: 'mlp'; hiddenLayers: readonly number[]; seed: number }
  | { kind: 'ridge'; alpha: number }

export interface LearnwareRecipe {
  /** File name of the package and key of the index, e.g. `digits-0-1-with-2-3`. */
  slug: string
  dataset: DatasetKey
  /** Short name of the subset for the learnware's name, e.g. "0/1 (+2/3)". */
  subsetName: string
  /** The subset in words, for the description and the index. */
  subsetText: string
  subset: Subset
  model: ModelRecipe
  /** Seed of the row sampling (class mixes with a fixed size). */
  seed: number
}

const LOGISTIC: ModelRecipe = { kind: 'logistic-regression' }
const mlp = (seed: number): ModelRecipe => ({ kind: 'mlp', hiddenLayers: [32], seed })

/** [major, major, minor, minor] digit classes; the order of this list is the order of the dock. */
const DIGIT_MIXES: readonly (readonly [number, number, number, number])[] = [
  [0, 1, 2, 3], [2, 3, 4, 5], [4, 5, 6, 7], [6, 7, 8, 9], [8, 9, 0, 1], [0, 5, 3, 8],
  [1, 7, 4, 9], [3, 8, 5, 9], [2, 6, 0, 8], [4, 9, 1, 7], [5, 6, 2, 7], [0, 7, 6, 9]
]

function digitRecipes(): LearnwareRecipe[] {
  return DIGIT_MIXES.map(([a, b, c, d], i) => ({
    slug: `digits-${a}-${b}-with-${c}-${d}`,
    dataset: 'digits',
    subsetName: `${a}/${b} with few ${c}/${d}`,
    subsetText: `digits ${a} and ${b} (40 % of the rows each) with a few ${c} and ${d} (10 % each), drawn at random from the training part`,
    subset: { kind: 'class-mix', shares: { [a]: 0.4, [b]: 0.4, [c]: 0.1, [d]: 0.1 }, trainingRows: 300 },
    model: i % 2 === 0 ? LOGISTIC : mlp(100 + i),
    seed: 1000 + i
  }))
}

function classPair(dataset: 'iris' | 'wine', names: readonly string[], a: number, b: number, slugNames: readonly string[]): LearnwareRecipe {
  return {
    slug: `${dataset}-${slugNames[a]}-vs-${slugNames[b]}`,
    dataset,
    subsetName: `${names[a]} vs ${names[b]}`,
    subsetText: `every ${names[a]} and ${names[b]} row of the training part, no ${names[3 - a - b]}`,
    subset: { kind: 'class-mix', shares: { [a]: 0.5, [b]: 0.5 } },
    model: LOGISTIC,
    seed: 0
  }
}

const IRIS = ['setosa', 'versicolor', 'virginica']
const WINE = ['cultivar 1', 'cultivar 2', 'cultivar 3']
const WINE_SLUGS = ['cultivar1', 'cultivar2', 'cultivar3']

function band(dataset: DatasetKey, slug: string, subsetName: string, subsetText: string, column: string, min: number | undefined, max: number | undefined, model: ModelRecipe): LearnwareRecipe {
  return { slug, dataset, subsetName, subsetText, subset: { kind: 'band', column, min, max }, model, seed: 0 }
}

const RIDGE: ModelRecipe = { kind: 'ridge', alpha: 1 }

export const STARTER_RECIPES: readonly LearnwareRecipe[] = [
  classPair('iris', IRIS, 0, 1, IRIS),
  classPair('iris', IRIS, 0, 2, IRIS),
  classPair('iris', IRIS, 1, 2, IRIS),
  {
    slug: 'iris-all-species', dataset: 'iris', subsetName: 'all three species', subsetText: 'every row of the training part, all three species',
    subset: { kind: 'class-mix', shares: { 0: 1 / 3, 1: 1 / 3, 2: 1 / 3 } }, model: mlp(301), seed: 0
  },
  classPair('wine', WINE, 0, 1, WINE_SLUGS),
  classPair('wine', WINE, 0, 2, WINE_SLUGS),
  classPair('wine', WINE, 1, 2, WINE_SLUGS),
  band('wine', 'wine-proline-under-600', 'proline < 600', 'wines whose proline is under 600 (column proline)', 'proline', undefined, 600, LOGISTIC),
  band('wine', 'wine-proline-700-plus', 'proline ≥ 700', 'wines whose proline is 700 or more (column proline)', 'proline', 700, undefined, LOGISTIC),
  band('breast_cancer', 'breast-cancer-area-under-400', 'small cell nuclei, mean area < 400', 'samples whose mean cell-nucleus area (mean_area) is under 400 — the smallest', 'mean_area', undefined, 400, LOGISTIC),
  band('breast_cancer', 'breast-cancer-area-400-500', 'cell-nucleus mean area 400–500', 'samples whose mean cell-nucleus area (mean_area) is from 400 to under 500', 'mean_area', 400, 500, mlp(201)),
  band('breast_cancer', 'breast-cancer-area-500-620', 'cell-nucleus mean area 500–620', 'samples whose mean cell-nucleus area (mean_area) is from 500 to under 620', 'mean_area', 500, 620, LOGISTIC),
  band('breast_cancer', 'breast-cancer-area-620-800', 'cell-nucleus mean area 620–800', 'samples whose mean cell-nucleus area (mean_area) is from 620 to under 800', 'mean_area', 620, 800, mlp(203)),
  band('breast_cancer', 'breast-cancer-area-800-plus', 'large cell nuclei, mean area ≥ 800', 'samples whose mean cell-nucleus area (mean_area) is 800 or more — the largest', 'mean_area', 800, undefined, LOGISTIC),
  ...digitRecipes(),
  band('diabetes', 'diabetes-age-under-40', 'age < 40', 'patients under 40 years of age (column age)', 'age', undefined, 40, RIDGE),
  band('diabetes', 'diabetes-age-40-54', 'age 40–54', 'patients aged 40 to 54 (column age)', 'age', 40, 55, RIDGE),
  band('diabetes', 'diabetes-age-55-plus', 'age ≥ 55', 'patients aged 55 or more (column age)', 'age', 55, undefined, RIDGE),
  band('diabetes', 'diabetes-blood-pressure-105-plus', 'blood pressure ≥ 105', 'patients with average blood pressure (column bp) of 105 or more', 'bp', 105, undefined, RIDGE),
  band('diabetes', 'diabetes-cholesterol-under-170', 'total cholesterol < 170', 'patients with total serum cholesterol (column s1) under 170', 's1', undefined, 170, RIDGE),
  band('diabetes', 'diabetes-cholesterol-210-plus', 'total cholesterol ≥ 210', 'patients with total serum cholesterol (column s1) of 210 or more', 's1', 210, undefined, RIDGE)
]
