/**
 * Reuse work inside job workers: learnwares arrive as package bytes (the host reads them from its dock, so
 * the worker never opens the dock folder) and are read safely here; the user's table arrives as loaded.
 * The preview and the curve score every method against training from scratch on the user's rows;
 * `exportBundle` fits the chosen reuser on the user's labelled rows and composes one verified ONNX bundle;
 * its fitting and its result are shared with the export of images and texts (exportMediaTasks.ts).
 *
 * Example (inside the worker):
 *   const preview = await previewTask({ datasetId, table, learnwares, labelledRows: 50 }, ctx)
 *   const bundle = await exportBundleTask({ table, learnwares, method: 'averaging', seed: 0 }, ctx)
 */

import type { LoadedTable } from '../../engine/data'
import { LearnwareError } from '../../engine/errors'
import { exportBundle, type BundleMetrics, type ExportedBundle, type ReusePlan } from '../../engine/export'
import { readLearnwarePackage } from '../../engine/learnware'
import type { ProgressListener } from '../../engine/progress'
import { createReuser, learningCurve, previewReuse, type LabelledData, type ReuseContext, type ReuseLearnware, type ReuseMethod, type Reuser } from '../../engine/reuse'
import { OnnxModelCache } from '../../engine/runtime'
import type { RkmeTableSpec } from '../../engine/spec'
import type { BundleExportResult, ReuseCurveResult, ReusePreviewResult } from '../../shared/api'
import { toCurveView, toPreviewView } from '../reuseViews'
import { progressStages } from './progressStages'
import type { TaskContext } from './tasks'

/** A dock learnware as the host hands it to a worker. */
export interface LearnwareInput {
  id: string
  name: string
  license: string
  packageSha256: string
  packageBytes: Uint8Array
  spec: RkmeTableSpec | null
}

export interface ExportBundleInput {
  table: LoadedTable
  learnwares: LearnwareInput[]
  method: ReuseMethod
  name?: string
  description?: string
  metrics?: BundleMetrics
  seed: number
}

export type ExportBundleOutput = Omit<BundleExportResult, 'output'> & { zip: Uint8Array }

export async function exportBundleTask(input: ExportBundleInput, ctx: TaskContext): Promise<ExportBundleOutput> {
  const { table } = input
  const [fit, compose] = progressStages(ctx.report, [
    { share: 0.4, detail: 'Fitting the reuser on your rows' },
    { share: 0.6, detail: 'Composing and verifying the bundle' }
  ])
  return withCache(async (cache) => {
    const learnwares = await readLearnwares(input.learnwares)
    const fitted = await fitReusePlan(input.method, learnwares, table, { cache, seed: input.seed, signal: ctx.signal, stage: fit })
    const bundle = await exportBundle(fitted.plan, {
      goldenRows: table, name: input.name, description: input.description, metrics: input.metrics, cache, onProgress: compose, signal: ctx.signal
    })
    return bundleOutput(input.method, fitted, bundle)
  })
}

export interface FitSettings {
  cache: OnnxModelCache
  seed: number
  signal: AbortSignal
  /** The job's fitting stage. */
  stage: ProgressListener
}

/** The chosen reuser fitted on every labelled row of `table` (the learnwares' input), and its plan for export. */
export async function fitReusePlan(method: ReuseMethod, learnwares: ReuseLearnware[], table: LoadedTable, settings: FitSettings): Promise<{ reuser: Reuser; plan: ReusePlan }> {
  const { cache, seed, signal, stage } = settings
  const { context, data } = reuseSetting(table, cache, seed)
  const reuser = createReuser(method, learnwares, context)
  stage({ status: 'start', task: 'reuse' })
  if (reuser.fit) await reuser.fit(data, { signal, onProgress: stage })
  stage({ status: 'done', task: 'reuse' })
  return { reuser, plan: reuser.toPlan() }
}

/** What the Export screen shows of a written bundle, with its zip (kept as an output by the host). */
export function bundleOutput(method: ReuseMethod, fitted: { reuser: Reuser; plan: ReusePlan }, bundle: ExportedBundle): ExportBundleOutput {
  const { reuser, plan } = fitted
  const summary = reuser.summary()
  const { manifest, verification } = bundle
  return {
    name: manifest.name,
    method,
    task: plan.task,
    members: plan.members.map((member) => ({ id: member.learnwareId, name: member.name, license: member.license })),
    licenses: [...manifest.licenses],
    inputColumns: manifest.input.columns.map((column) => ({ name: column.name, type: column.type })),
    classNames: manifest.output.classNames ? [...manifest.output.classNames] : null,
    targetName: manifest.output.targetName ?? null,
    notes: [...summary.notes, ...summary.members.flatMap((member) => member.notes.map((note) => `${member.name}: ${note}`))],
    verification: { passed: verification.passed, rows: verification.rows, summary: verification.summary, maxAbsDifference: verification.maxAbsDifference },
    sha256: bundle.sha256,
    zip: bundle.zip
  }
}

export interface ComparisonInput {
  datasetId: string
  table: LoadedTable
  learnwares: LearnwareInput[]
  methods?: ReuseMethod[]
  repeats?: number
  seed?: number
}

export async function previewTask(input: ComparisonInput & { labelledRows?: number }, ctx: TaskContext): Promise<ReusePreviewResult> {
  const [score] = progressStages(ctx.report, [{ share: 1, detail: 'Scoring each method on your rows' }])
  return withCache(async (cache) => {
    const result = await previewReuse({
      table: input.table, learnwares: await readLearnwares(input.learnwares), methods: input.methods, labelledRows: input.labelledRows,
      repeats: input.repeats, seed: input.seed, cache, onProgress: score, signal: ctx.signal
    })
    return toPreviewView(input.datasetId, result)
  })
}

export async function curveTask(input: ComparisonInput & { sizes?: number[] }, ctx: TaskContext): Promise<ReuseCurveResult> {
  const [score] = progressStages(ctx.report, [{ share: 1, detail: 'Scoring each method at each labelled budget' }])
  return withCache(async (cache) => {
    const curve = await learningCurve({
      table: input.table, learnwares: await readLearnwares(input.learnwares), methods: input.methods, sizes: input.sizes,
      repeats: input.repeats, seed: input.seed, cache, onProgress: score, signal: ctx.signal
    })
    return toCurveView(input.datasetId, curve)
  })
}

async function withCache<T>(work: (cache: OnnxModelCache) => Promise<T>): Promise<T> {
  const cache = new OnnxModelCache({ maxModels: 8 })
  try {
    return await work(cache)
  } finally {
    await cache.dispose()
  }
}

export async function readLearnwares(inputs: readonly LearnwareInput[]): Promise<ReuseLearnware[]> {
  return Promise.all(inputs.map(async (learnware) => ({
    id: learnware.id,
    name: learnware.name,
    license: learnware.license,
    packageSha256: learnware.packageSha256,
    pkg: await readLearnwarePackage(learnware.packageBytes, { label: learnware.id }),
    spec: learnware.spec
  })))
}

/** The reuse task the user's table describes: its target decides classification or regression. */
export function reuseSetting(table: LoadedTable, cache: OnnxModelCache, seed: number): { context: ReuseContext; data: LabelledData } {
  const target = table.target
  if (!target) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `${table.source} has no target column; reuse needs to know what to predict`, {
      hint: 'Choose the label column on the Data screen.'
    })
  }
  const context: ReuseContext = { task: target.task, classNames: target.classes, targetName: target.name, inputEncoding: table.encoding, cache, seed }
  const data: LabelledData = {
    features: table.matrix, rows: table.rowsKept, featuresPerRow: table.featuresPerRow, featureNames: table.featureNames,
    ...(target.task === 'classification' ? { labels: target.codes } : { targets: target.values })
  }
  return { context, data }
}
