/**
 * The image benchmark of the starter dock, Beimingwu's CIFAR-10 protocol on Fashion-MNIST (reference
 * §9.2–9.3): the 20 image learnwares (4 classes each at 0.4 : 0.4 : 0.1 : 0.1) go into an empty dock with the
 * real checker; every image user task (held-out test images of 2 classes, IDX gz) is searched with its images
 * (NNGP image spec), and scored on all its rows by: the mean and the best learnware of the dock, the search's
 * top single (top-1 reuse), JobSelector and averaging over the search's recommendation (its mixture, else the
 * top 3). Then a labelled-data curve per task: models trained from scratch on the user's labelled images
 * (the engine's logistic regression and an MLP over the pixels) vs EnsemblePruning over the recommendation,
 * at 10/30/100/300 labels when the task affords them (learningCurve, 3 repeats). Learnwares run only through
 * their packages (predictWithLearnwareImages, or the reuse code on the same pixels), whatever their model.
 * Deterministic (seeded). Prints two tables, then one JSON line per task.
 *
 * Run: npm run bench:image  (node bench/dock-bench.mjs image)
 */

import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dockCheck } from '../src/engine/check'
import { openDock, type Dock } from '../src/engine/dock'
import { isLearnwareError } from '../src/engine/errors'
import { predictWithLearnwareImages, type ImageInputDescription } from '../src/engine/predict'
import { createReuser, imagePixelTable, imageReuseLearnwares, learningCurve, type CurveSeries, type ReuseContext, type ReuseLearnware } from '../src/engine/reuse'
import { OnnxModelCache } from '../src/engine/runtime'
import { searchDockWithImages } from '../src/engine/search'
import { loadImageTask, mlpScratchCandidate, type ImageTaskRecord } from './imageDockData'
import { mean, pct, printTable } from './reportTable'

const starterDir = join(__dirname, '..', '..', 'resources', 'starter-dock')
const CURVE_SIZES = [10, 30, 100, 300]
/** Reduced-set size of the user's image spec: the learnwares' own K (the starter-dock test searches so too). */
const USER_SPEC_K = 20

interface LearnwareRecord { slug: string; file: string; kind?: string; name: string }

interface TaskResult {
  task: string
  rows: number
  meanInDock: number
  bestInDock: number
  top1: { slug: string; accuracy: number; trainedOnBoth: boolean }
  recommended: string[]
  /** The recommended learnwares the reusers take: those sharing a class with the task (the engine refuses the rest). */
  reused: string[]
  jobSelector: number
  averaging: number
  curve: { sizes: number[]; heldOutRows: number; scratchLogistic: number[]; scratchMlp: number[]; ensemblePruning: number[] }
  seconds: number
}

async function main(): Promise<void> {
  const index = JSON.parse(readFileSync(join(starterDir, 'index.json'), 'utf8')) as { learnwares: LearnwareRecord[] }
  const tasks = (JSON.parse(readFileSync(join(starterDir, 'user-tasks', 'index.json'), 'utf8')) as { tasks: ImageTaskRecord[] }).tasks.filter((t) => t.kind === 'image')
  const dir = await mkdtemp(join(tmpdir(), 'image-bench-'))
  const cache = new OnnxModelCache({ maxModels: 32 })
  const dock = await openDock(dir, { check: dockCheck({ cache }) })
  try {
    const slugOf = new Map<string, string>()
    for (const record of index.learnwares.filter((l) => l.kind === 'image')) {
      const { id } = await dock.add(readFileSync(join(starterDir, record.file)), { label: record.slug })
      slugOf.set(id, record.slug)
    }
    // one γ for the dock's pixel-space specs (the median heuristic over all of them), as before the engine had this
    const { learnwares, input } = await imageReuseLearnwares(dock, dock.list({ status: 'usable' }).map((entry) => entry.id))
    process.stderr.write(`${learnwares.length} image learnwares usable of ${slugOf.size}; JobSelector specs in pixel space at γ = ${learnwares[0]?.spec?.gamma}\n`)
    const results: TaskResult[] = []
    for (const task of tasks) {
      const result = await benchTask(dock, learnwares, slugOf, task, input, cache)
      results.push(result)
      process.stderr.write(`${task.file}: ${result.seconds.toFixed(1)} s\n`)
    }
    printTables(results)
    console.log('')
    for (const result of results) console.log(JSON.stringify(result))
  } finally {
    dock.close()
    await cache.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

async function benchTask(dock: Dock, all: ReuseLearnware[], slugOf: Map<string, string>, task: ImageTaskRecord, input: ImageInputDescription, cache: OnnxModelCache): Promise<TaskResult> {
  const started = performance.now()
  const { images, truth } = await loadImageTask(starterDir, task)
  const accuracyOf = new Map<string, number>()
  for (const learnware of all) {
    const { prediction } = await predictWithLearnwareImages(learnware.pkg, images, { cache })
    const names = prediction.task === 'classification' ? prediction.labelNames! : []
    accuracyOf.set(learnware.id, names.filter((name, i) => name === truth[i]).length / truth.length)
  }
  const accuracies = [...accuracyOf.values()]
  const search = await searchDockWithImages(dock, images, { k: USER_SPEC_K, seed: 0 })
  const top = search.single[0].id
  const chosenIds = search.mixture ? search.mixture.ids : search.single.slice(0, 3).map((s) => s.id)
  const table = imagePixelTable(images, input, truth, task.file)
  const context: ReuseContext = { task: 'classification', classNames: table.target!.classes!, inputEncoding: table.encoding, cache, seed: 0 }
  const chosen = chosenIds.map((id) => all.find((l) => l.id === id)!).filter((l) => sharesAClass(l, context))
  const data = { features: table.matrix, rows: table.rowsKept, featuresPerRow: table.featuresPerRow, featureNames: table.featureNames }
  const codes = table.target!.codes!
  const reuseAccuracy = async (method: 'job-selector' | 'averaging'): Promise<number> => {
    if (chosen.length === 0) return NaN
    const { labels } = await createReuser(method, chosen, context).predict(data)
    let right = 0
    for (let i = 0; i < codes.length; i++) if (labels![i] === codes[i]) right++
    return right / codes.length
  }
  const curve = await learningCurve({
    table, learnwares: chosen, methods: chosen.length > 0 ? ['ensemble-pruning'] : [], sizes: CURVE_SIZES, repeats: 3, seed: 0, cache,
    extraCandidates: [mlpScratchCandidate(table.target!.classes!.length)]
  })
  const accuracyAt = (id: string) => Array.from(curve.series.find((s: CurveSeries) => s.id === id)?.mean.accuracy ?? curve.sizes.map(() => NaN))
  const topSlug = slugOf.get(top)!
  return {
    task: task.classes.join(' + '),
    rows: truth.length,
    meanInDock: mean(accuracies),
    bestInDock: Math.max(...accuracies),
    top1: { slug: topSlug, accuracy: accuracyOf.get(top)!, trainedOnBoth: task.sources.includes(topSlug) },
    recommended: chosenIds.map((id) => slugOf.get(id)!),
    reused: chosen.map((l) => slugOf.get(l.id)!),
    jobSelector: await reuseAccuracy('job-selector'),
    averaging: await reuseAccuracy('averaging'),
    curve: {
      sizes: curve.sizes,
      heldOutRows: curve.heldOutRows,
      scratchLogistic: accuracyAt('scratch'),
      scratchMlp: accuracyAt('scratch-mlp'),
      ensemblePruning: accuracyAt('ensemble-pruning')
    },
    seconds: (performance.now() - started) / 1000
  }
}

/**
 * The engine's reusers refuse a learnware none of whose classes is the user's (REUSE_LABEL_MISMATCH), where
 * Beimingwu would let it vote for labels the user never has; such a recommended learnware is left out.
 */
function sharesAClass(learnware: ReuseLearnware, context: ReuseContext): boolean {
  try {
    createReuser('averaging', [learnware], context)
    return true
  } catch (error) {
    if (isLearnwareError(error) && error.code === 'REUSE_LABEL_MISMATCH') return false
    throw error
  }
}

function printTables(results: readonly TaskResult[]): void {
  const rows = results.map((r) => [
    r.task, String(r.rows), pct(r.meanInDock), pct(r.bestInDock), pct(r.top1.accuracy), r.top1.trainedOnBoth ? 'yes' : 'no', `${r.reused.length}/${r.recommended.length}`,
    pct(r.jobSelector), pct(r.averaging)
  ])
  const averages = ['mean', '', ...(['meanInDock', 'bestInDock'] as const).map((k) => pct(mean(results.map((r) => r[k])))),
    pct(mean(results.map((r) => r.top1.accuracy))), `${results.filter((r) => r.top1.trainedOnBoth).length}/${results.length}`, '',
    pct(mean(results.map((r) => r.jobSelector))), pct(mean(results.map((r) => r.averaging)))]
  console.log('Accuracy (%) on all rows of each image user task; reused = recommended learnwares (mixture, else top 3) that share a class with the task')
  printTable(['user task (classes)', 'rows', 'mean-in-dock', 'best-in-dock', 'top-1 reuse', 'top-1 trained on both?', 'reused', 'job selector', 'avg ensemble'], [...rows, averages])
  console.log('')
  console.log('Labelled-data curve: accuracy (%) on the held-out rows, mean of 3 repeats — scratch logistic / scratch MLP / EnsemblePruning')
  const curveRows = results.map((r) => [r.task, String(r.curve.heldOutRows), ...CURVE_SIZES.map((n) => {
    const at = r.curve.sizes.indexOf(n)
    return at < 0 ? '—' : [r.curve.scratchLogistic[at], r.curve.scratchMlp[at], r.curve.ensemblePruning[at]].map(pct).join(' / ')
  })])
  printTable(['user task', 'held out', ...CURVE_SIZES.map((n) => `${n} labels`)], curveRows)
}

void main().catch((error) => {
  console.error(error?.message ?? error)
  process.exitCode = 1
})
