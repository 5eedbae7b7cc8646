/**
 * The text benchmark of the starter dock, Beimingwu's 20-Newsgroups protocol on the Brown corpus (reference
 * §9.2–9.3): the 20 text learnwares (3 genre groups each, a random half of the market documents) go into an
 * empty dock; every text user task (held-out documents of 2 groups) is searched with its raw texts, and
 * scored on all its rows by: the mean and the best learnware of the dock, the search's top single
 * (top-1 reuse), JobSelector and averaging over the search's recommendation (its mixture, else the top 3).
 * Then a labelled-data curve per task: a model trained from scratch on the user's labelled rows vs
 * EnsemblePruning over the recommendation, at 10/30/100/300 labels (learningCurve, 3 repeats).
 * All models see the built-in embedding of the texts (engine/reuse textEmbeddingTable, textReuseLearnwares).
 * Deterministic (seeded).
 *
 * Run: npm run bench:text  (node bench/dock-bench.mjs text)
 */

import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dockCheck } from '../src/engine/check'
import { openDock, type Dock } from '../src/engine/dock'
import { predictWithLearnwareTexts } from '../src/engine/predict'
import { createReuser, learningCurve, textEmbeddingTable, textReuseLearnwares, type ReuseContext, type ReuseLearnware } from '../src/engine/reuse'
import { OnnxModelCache } from '../src/engine/runtime'
import { searchDockWithTexts } from '../src/engine/search'
import { createHashedNgramEmbedder, loadTextTableFile } from '../src/engine/text'
import { mean, pct, printTable } from './reportTable'

const starterDir = join(__dirname, '..', '..', 'resources', 'starter-dock')
const CURVE_SIZES = [10, 30, 100, 300]

interface TaskRecord { file: string; kind?: string; groups?: string[]; sources: string[]; rows: number }
interface LearnwareRecord { slug: string; file: string; kind?: string; name: string }

async function main(): Promise<void> {
  const index = JSON.parse(readFileSync(join(starterDir, 'index.json'), 'utf8')) as { learnwares: LearnwareRecord[] }
  const tasks = (JSON.parse(readFileSync(join(starterDir, 'user-tasks', 'index.json'), 'utf8')) as { tasks: TaskRecord[] }).tasks.filter((t) => t.kind === 'text')
  const dir = await mkdtemp(join(tmpdir(), 'text-bench-'))
  const cache = new OnnxModelCache()
  const dock = await openDock(dir, { check: dockCheck({ cache }) })
  try {
    const slugOf = new Map<string, string>()
    for (const record of index.learnwares.filter((l) => l.kind === 'text')) {
      const { id } = await dock.add(readFileSync(join(starterDir, record.file)), { label: record.slug })
      slugOf.set(id, record.slug)
    }
    const { learnwares } = await textReuseLearnwares(dock, dock.list({ status: 'usable' }).map((entry) => entry.id))
    const rows: string[][] = []
    const curves: string[][] = []
    for (const task of tasks) {
      const started = performance.now()
      const result = await benchTask(dock, learnwares, slugOf, task, cache)
      rows.push(result.row)
      curves.push(result.curve)
      process.stderr.write(`${task.file}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
    }
    printTable(['user task (groups)', 'rows', 'mean-in-dock', 'best-in-dock', 'top-1 reuse', 'top-1 ⊇ user?', 'job selector', 'avg ensemble'], rows)
    console.log('')
    printTable(['user task', ...CURVE_SIZES.flatMap((n) => [`scratch@${n}`, `pruning@${n}`])], curves)
  } finally {
    dock.close()
    await cache.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

async function benchTask(dock: Dock, all: ReuseLearnware[], slugOf: Map<string, string>, task: TaskRecord, cache: OnnxModelCache) {
  const docs = await loadTextTableFile(join(starterDir, 'user-tasks', task.file), { column: 'text', labelColumn: 'target' })
  const truth = docs.labels!
  const table = await textEmbeddingTable(docs.texts, truth, createHashedNgramEmbedder(), task.file)
  const accuracyOf = new Map<string, number>()
  for (const learnware of all) {
    const { prediction } = await predictWithLearnwareTexts(learnware.pkg, docs.texts, { cache })
    const names = prediction.task === 'classification' ? prediction.labelNames! : []
    accuracyOf.set(learnware.id, names.filter((name, i) => name === truth[i]).length / truth.length)
  }
  const accuracies = [...accuracyOf.values()]
  const search = await searchDockWithTexts(dock, docs.texts, { mixture: 'greedy' })
  const top = search.single[0].id
  const chosenIds = search.mixture ? search.mixture.ids : search.single.slice(0, 3).map((s) => s.id)
  const chosen = chosenIds.map((id) => all.find((l) => l.id === id)!)
  const context: ReuseContext = { task: 'classification', classNames: table.target!.classes!, inputEncoding: table.encoding, cache, seed: 0 }
  const data = { features: table.matrix, rows: table.rowsKept, featuresPerRow: table.featuresPerRow, featureNames: table.featureNames }
  const codes = table.target!.codes!
  const reuseAccuracy = async (method: 'job-selector' | 'averaging'): Promise<number> => {
    const { labels } = await createReuser(method, chosen, context).predict(data)
    let right = 0
    for (let i = 0; i < codes.length; i++) if (labels![i] === codes[i]) right++
    return right / codes.length
  }
  const topSlug = slugOf.get(top)!
  const covers = task.groups!.every((g) => topSlug.includes(g))
  const curve = await learningCurve({ table, learnwares: chosen, methods: ['ensemble-pruning'], sizes: CURVE_SIZES, repeats: 3, seed: 0, cache })
  const scratch = curve.series.find((s) => s.method === 'scratch')!
  const pruning = curve.series.find((s) => s.method === 'ensemble-pruning')!
  const at = (series: typeof scratch, i: number) => {
    const size = curve.sizes.indexOf(CURVE_SIZES[i])
    return size < 0 ? '—' : pct(series.mean.accuracy![size])
  }
  return {
    row: [
      `${task.groups!.join(' + ')}`, String(truth.length), pct(mean(accuracies)), pct(Math.max(...accuracies)), pct(accuracyOf.get(top)!),
      covers ? 'yes' : 'no', pct(await reuseAccuracy('job-selector')), pct(await reuseAccuracy('averaging'))
    ],
    curve: [task.groups!.join(' + '), ...CURVE_SIZES.flatMap((_, i) => [at(scratch, i), at(pruning, i)])]
  }
}

void main().catch((error) => {
  console.error(error?.message ?? error)
  process.exitCode = 1
})
