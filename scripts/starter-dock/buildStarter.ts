/**
 * Builds the starter dock in memory: per data set, the held-out split and one kernel width γ; per recipe, the
 * training subset, the model, its held-out score and the package (packLearnware, which fits the RKME with the
 * data set's γ and runs the checker); and the user tasks drawn from held-out rows. Nothing is written here
 * (build-starter-dock.ts does that), so a test can rebuild a data set and compare bytes with the committed
 * packages. Everything is seeded: the same sources give the same zips. The Brown text learnwares
 * (textLearnwares.ts) and the Fashion-MNIST image learnwares (imageLearnwares.ts) are built after the tables.
 *
 * γ is the median heuristic (`suggestGamma`) over every row of the data set, the same number for all its
 * learnwares: search makes the user's spec with each learnware's recorded γ, so learnwares of one data set
 * must share it to be ranked against one user spec — and Beimingwu's fixed 0.1 is degenerate on raw digits,
 * wine or breast-cancer features.
 *
 * Example:
 *   const built = await buildStarterDock({ datasetsDir: 'resources/datasets', only: ['iris'] })
 *   built.learnwares[0].slug; built.learnwares[0].zip      // 'iris-setosa-vs-versicolor', Uint8Array
 *   built.userTasks[0].csv                                   // held-out rows, header + target
 */

import { createHash } from 'node:crypto'
import { LearnwareError } from '../../src/engine/errors'
import { createRng } from '../../src/engine/math/rng'
import { packLearnware } from '../../src/engine/pack'
import { suggestGamma } from '../../src/engine/spec'
import { learnwareDescription, learnwareName, modelShortName } from './describe'
import { stratifiedHoldout, strataOf, type Holdout } from './holdout'
import { STARTER_RECIPES, type LearnwareRecipe } from './recipes'
import { DATASETS, readSourceData, type DatasetKey, type SourceData } from './sourceData'
import { selectRows } from './subsets'
import { subsetCsv, subsetTable, targetText } from './subsetTable'
import { heldOutScore, trainStarterModel, type HeldOutScore } from './trainStarter'
import { MIXED_TASKS } from './userTasks'
import { buildImageLearnwares, type BuiltImageLearnware, type BuiltImageUserTask } from './imageLearnwares'
import { buildTextLearnwares, type BuiltTextLearnware, type BuiltTextUserTask } from './textLearnwares'

export const HELD_OUT_FRACTION = 0.2
export const HOLDOUT_SEED = 2024
/** Seed and reduced-set size of every starter spec (packLearnware's defaults, stated so they stay put). */
const SPEC_SEED = 0
const SPEC_K = 100

export interface BuiltLearnware {
  slug: string
  name: string
  dataset: DatasetKey
  subset: string
  model: string
  trainingRows: number
  classes: string[] | null
  heldOut: HeldOutScore
  gamma: number
  zip: Uint8Array
  sha256: string
}

export interface BuiltUserTask {
  /** File name without `.csv`. */
  name: string
  sources: string[]
  dataset: DatasetKey
  rows: number
  description: string
  csv: string
}

export interface BuiltDataset {
  key: DatasetKey
  rows: number
  trainingPartRows: number
  heldOutRows: number
  gamma: number
  license: string
}

export interface StarterBuild {
  datasets: BuiltDataset[]
  learnwares: BuiltLearnware[]
  userTasks: BuiltUserTask[]
  /** Brown-corpus text learnwares and their user tasks (textLearnwares.ts). */
  textLearnwares: BuiltTextLearnware[]
  textUserTasks: BuiltTextUserTask[]
  /** Fashion-MNIST image learnwares and their user tasks (imageLearnwares.ts). */
  imageLearnwares: BuiltImageLearnware[]
  imageUserTasks: BuiltImageUserTask[]
}

export interface BuildOptions {
  datasetsDir: string
  /** Build only these data sets (default: all five, 'brown' for the text learnwares and 'fashion-mnist' for the image ones). */
  only?: readonly (DatasetKey | 'brown' | 'fashion-mnist')[]
  log?: (line: string) => void
}

export async function buildStarterDock(options: BuildOptions): Promise<StarterBuild> {
  const keys = (Object.keys(DATASETS) as DatasetKey[]).filter((key) => !options.only || options.only.includes(key))
  const build: StarterBuild = { datasets: [], learnwares: [], userTasks: [], textLearnwares: [], textUserTasks: [], imageLearnwares: [], imageUserTasks: [] }
  for (const key of keys) {
    const source = readSourceData(options.datasetsDir, key)
    const holdout = stratifiedHoldout(strataOf(source), HELD_OUT_FRACTION, HOLDOUT_SEED)
    const gamma = suggestGamma(source.features, source.rows, source.featureNames.length)
    build.datasets.push({
      key, rows: source.rows, trainingPartRows: holdout.pool.length, heldOutRows: holdout.heldOut.length, gamma, license: source.dataset.license
    })
    const heldOutBySlug = new Map<string, number[]>()
    for (const recipe of STARTER_RECIPES.filter((r) => r.dataset === key)) {
      const { learnware, heldOutRows } = await buildLearnware(source, holdout, recipe, gamma)
      options.log?.(`${learnware.slug}: ${learnware.trainingRows} rows, held-out ${learnware.heldOut.metric} ${learnware.heldOut.value.toFixed(3)} on ${learnware.heldOut.rows}`)
      build.learnwares.push(learnware)
      heldOutBySlug.set(recipe.slug, heldOutRows)
      build.userTasks.push(userTask(source, recipe.slug, [recipe.slug], heldOutRows, `Held-out rows of the subset of ${recipe.slug}: ${recipe.subsetText}.`))
    }
    for (const mixed of MIXED_TASKS.filter((t) => t.dataset === key)) {
      const rows = [...new Set(mixed.sources.flatMap((slug) => heldOutBySlug.get(slug)!))].sort((a, b) => a - b)
      build.userTasks.push(userTask(source, mixed.name, [...mixed.sources], rows, mixed.description))
    }
  }
  if (!options.only || options.only.includes('brown')) {
    const text = await buildTextLearnwares(options.datasetsDir, options.log)
    build.textLearnwares = text.learnwares
    build.textUserTasks = text.userTasks
  }
  if (!options.only || options.only.includes('fashion-mnist')) {
    const images = await buildImageLearnwares(options.datasetsDir, options.log)
    build.imageLearnwares = images.learnwares
    build.imageUserTasks = images.userTasks
  }
  return build
}

async function buildLearnware(source: SourceData, holdout: Holdout, recipe: LearnwareRecipe, gamma: number) {
  const trainingRows = selectRows(source, holdout.pool, recipe.subset, createRng(recipe.seed), 'training')
  const heldOutRows = selectRows(source, holdout.heldOut, recipe.subset, createRng(recipe.seed + 1), 'held-out')
  const training = subsetTable(source, trainingRows, `${recipe.slug}.csv`)
  const heldOut = subsetTable(source, heldOutRows, `${recipe.slug} (held out)`)
  const model = trainStarterModel(recipe.model, training)
  const score = heldOutScore(model, training, heldOut)
  const dataset = source.dataset
  const packed = await packLearnware({
    onnxModel: model.toOnnx(),
    table: training,
    semantic: {
      name: learnwareName(recipe),
      description: learnwareDescription({ recipe, trainingRows: trainingRows.length, composition: composition(source, trainingRows), score, heldOutFraction: HELD_OUT_FRACTION }),
      task: dataset.task,
      scenarios: [...dataset.scenarios],
      license: dataset.license,
      library: 'Others'
    },
    gamma,
    k: SPEC_K,
    seed: SPEC_SEED,
    modelSource: `${recipe.slug}.onnx`
  })
  if (packed.check?.status !== 'usable') {
    throw new LearnwareError('MODEL_INVALID', `${recipe.slug}: the checker found the package ${packed.check?.status ?? 'unchecked'}: ${packed.check?.reasons.join('; ')}`)
  }
  if (packed.warnings.length > 0) throw new LearnwareError('PACKAGE_INVALID', `${recipe.slug}: ${packed.warnings.join(' ')}`)
  const learnware: BuiltLearnware = {
    slug: recipe.slug,
    name: learnwareName(recipe),
    dataset: dataset.key,
    subset: recipe.subsetText,
    model: modelShortName(recipe.model),
    trainingRows: trainingRows.length,
    classes: training.target!.classes ?? null,
    heldOut: score,
    gamma,
    zip: packed.zip,
    sha256: createHash('sha256').update(packed.zip).digest('hex')
  }
  return { learnware, heldOutRows }
}

/** "digit 0 (120 rows), digit 1 (120), …" in class order; null for regression. */
function composition(source: SourceData, rows: readonly number[]): string | null {
  if (!source.labels) return null
  const counts = new Map<string, number>()
  for (const row of rows) counts.set(targetText(source, row), (counts.get(targetText(source, row)) ?? 0) + 1)
  const names = [...counts.keys()].sort()
  return names.map((name, i) => (i === 0 ? `${name} (${counts.get(name)} rows)` : `${name} (${counts.get(name)})`)).join(', ')
}

function userTask(source: SourceData, name: string, sources: string[], rows: number[], description: string): BuiltUserTask {
  return { name, sources, dataset: source.dataset.key, rows: rows.length, description, csv: subsetCsv(source, rows) }
}
