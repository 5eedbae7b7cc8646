/**
 * The engine work that runs inside job workers (workerEntry.ts), one function per task, each taking
 * structured-clone-able input and giving back contract-shaped output. Tasks that need the dock open their
 * own connection to the dock folder and close it (with its ONNX sessions) when they end; the host runs
 * those one at a time (JobManager's `dock` group) because opening a dock clears its staging folder.
 *
 * Example (inside the worker):
 *   const output = await TASKS.generateSpec(input, { signal, report: (fraction, detail) => post(…) })
 */

import { readFile } from 'node:fs/promises'
import { checkLearnwarePackage, dockCheck } from '../../engine/check'
import { loadTableFile, previewTableFile, type LoadedTable, type TableLoadOptions, type TablePreview } from '../../engine/data'
import { seedStarterDockOnce } from '../../engine/dock/starter'
import { LearnwareError } from '../../engine/errors'
import { packLearnware, type PackSemanticInput } from '../../engine/pack'
import { OnnxModelCache } from '../../engine/runtime'
import { searchDockWithTable, type DockSearchOptions } from '../../engine/search'
import { generateRkmeTableSpec, serializeRkmeTableSpec, suggestGamma, type RkmeTableSpec } from '../../engine/spec'
import type { CheckReportView, DockImportResult, SearchResultView, SubmitResult } from '../../shared/api'
import { toCheckReportView, toLearnwareSummary, toSearchResultView } from '../views'
import { progressStages, type ReportProgress } from './progressStages'
import { openImagesTask, openTextsTask, searchImagesTask, searchTextsTask } from './mediaTasks'
import { exportMediaTask } from './exportMediaTasks'
import { packImagesTask, packTextsTask } from './packMediaTasks'
import { curveMediaTask, previewMediaTask } from './reuseMediaTasks'
import { curveTask, exportBundleTask, previewTask } from './reuseTasks'
import { withDock } from './withDock'

export interface TaskContext {
  signal: AbortSignal
  report: ReportProgress
}

export interface OpenTableInput {
  path: string
  load: Omit<TableLoadOptions, 'onProgress' | 'signal'>
  previewRows: number
}

export interface GenerateSpecInput {
  matrix: Float32Array
  rows: number
  featuresPerRow: number
  featureNames: string[]
  totalRows: number
  k: number
  gamma: number | 'auto'
  seed: number
}

export interface SearchInput {
  dockDir: string
  table: LoadedTable
  datasetId: string
  options: Omit<DockSearchOptions, 'signal'>
}

export interface ImportInput {
  dockDir: string
  zip: { path: string } | { bytes: Uint8Array }
  label: string
  semanticSpec?: Record<string, unknown>
  /** The checker's report when it already ran (a package just packed here); else the checker runs. */
  verdict?: CheckReportView
}

export interface PackInput {
  model: { path: string } | { bytes: Uint8Array }
  modelName: string
  trainingPath: string
  load: Omit<TableLoadOptions, 'onProgress' | 'signal'>
  semantic: PackSemanticInput
  gamma?: number | 'auto'
  k?: number
  seed?: number
}

export type PackOutput = Omit<SubmitResult, 'output' | 'learnwareId' | 'duplicate'> & { zip: Uint8Array }

export const TASKS = {
  reusePreview: previewTask,
  reuseCurve: curveTask,
  reusePreviewMedia: previewMediaTask,
  reuseCurveMedia: curveMediaTask,
  exportBundle: exportBundleTask,
  exportMediaBundle: exportMediaTask,
  openImages: openImagesTask,
  openTexts: openTextsTask,
  searchImages: searchImagesTask,
  searchTexts: searchTextsTask,
  packImages: packImagesTask,
  packTexts: packTextsTask,

  async openTable(input: OpenTableInput, ctx: TaskContext): Promise<{ preview: TablePreview; table: LoadedTable }> {
    const { delimiter, hasHeader, textEncoding } = input.load
    const preview = await previewTableFile(input.path, { rows: input.previewRows, delimiter, hasHeader, textEncoding, signal: ctx.signal })
    const [load] = progressStages(ctx.report, [{ share: 1, detail: 'Reading the table' }])
    const table = await loadTableFile(input.path, { ...input.load, onProgress: load, signal: ctx.signal })
    return { preview, table }
  },

  async generateSpec(input: GenerateSpecInput, ctx: TaskContext): Promise<{ spec: RkmeTableSpec; json: string }> {
    const gamma = input.gamma === 'auto' ? suggestGamma(input.matrix, input.rows, input.featuresPerRow, input.seed) : input.gamma
    const [fit] = progressStages(ctx.report, [{ share: 1, detail: 'Fitting the specification' }])
    const spec = await generateRkmeTableSpec(input.matrix, input.rows, input.featuresPerRow, {
      k: input.k, gamma, seed: input.seed, featureNames: input.featureNames, onProgress: fit, signal: ctx.signal
    })
    // The spec describes every row of the file, also when it was fitted on a sample of them.
    spec.numPoints = input.totalRows
    return { spec, json: serializeRkmeTableSpec(spec) }
  },

  async search(input: SearchInput, ctx: TaskContext): Promise<SearchResultView> {
    const started = performance.now()
    ctx.report(0.05, 'Opening the dock')
    return withDock(input.dockDir, false, async (dock) => {
      ctx.report(0.1, 'Making specifications of your data and comparing them with the dock')
      const result = await searchDockWithTable(dock, input.table, { ...input.options, signal: ctx.signal })
      throwIfCancelled(ctx.signal)
      const seconds = (performance.now() - started) / 1000
      return toSearchResultView(result, (id) => toLearnwareSummary(dock.get(id)), { datasetId: input.datasetId, seconds })
    })
  },

  async importPackage(input: ImportInput, ctx: TaskContext): Promise<DockImportResult> {
    ctx.report(0.05, 'Opening the dock')
    return withDock(input.dockDir, true, async (dock, cache) => {
      ctx.report(0.2, 'Reading and checking the package')
      let report: CheckReportView | null = null
      const added = await dock.add('path' in input.zip ? input.zip.path : input.zip.bytes, {
        label: input.label,
        semanticSpec: input.semanticSpec,
        onDuplicate: 'return-existing',
        check: async (pkg) => {
          report = input.verdict ?? toCheckReportView(await checkLearnwarePackage(pkg, { cache, signal: ctx.signal }))
          return { status: report.status, reason: report.reasons.join('; ') }
        }
      })
      return { learnwareId: added.id, status: added.status, reason: added.reason, duplicate: added.duplicate, check: added.duplicate ? null : report }
    })
  },

  async pack(input: PackInput, ctx: TaskContext): Promise<PackOutput> {
    const [load, fit] = progressStages(ctx.report, [
      { share: 0.25, detail: 'Reading the training data' },
      { share: 0.6, detail: 'Fitting the specification' },
      { share: 0.15, detail: 'Checking the learnware' }
    ])
    const table = await loadTableFile(input.trainingPath, { ...input.load, onProgress: load, signal: ctx.signal })
    const onnxModel = 'bytes' in input.model ? input.model.bytes : await readModel(input.model.path)
    const cache = new OnnxModelCache({ maxModels: 2 })
    try {
      const packed = await packLearnware({
        onnxModel, table, semantic: input.semantic, gamma: input.gamma, k: input.k, seed: input.seed,
        modelSource: input.modelName, checkOptions: { cache, signal: ctx.signal }, onProgress: fit, signal: ctx.signal
      })
      const { spec } = packed
      return {
        check: toCheckReportView(packed.check!),
        warnings: packed.warnings,
        semanticSpec: packed.semanticSpec as Record<string, unknown>,
        spec: { type: 'RKMETableSpecification', k: spec.k, featuresPerRow: spec.featuresPerRow, gamma: spec.gamma, numPoints: spec.numPoints },
        zip: packed.zip
      }
    } finally {
      await cache.dispose()
    }
  },

  /** First launch on a dock only: a learnware the user removed later does not come back. */
  async seedStarter(input: { dockDir: string; starterDir: string }, ctx: TaskContext): Promise<{ added: string[]; skipped: number; alreadySeeded: boolean }> {
    const [seed] = progressStages(ctx.report, [{ share: 1, detail: 'Adding the starter learnwares' }])
    return withDock(input.dockDir, true, async (dock, cache) => {
      const report = await seedStarterDockOnce(dock, input.starterDir, { check: dockCheck({ cache }), onProgress: seed, signal: ctx.signal })
      if (!report) return { added: [], skipped: 0, alreadySeeded: true }
      return { added: report.added.map((entry) => entry.id), skipped: report.skipped.length, alreadySeeded: false }
    })
  }
}

export type TaskName = keyof typeof TASKS
export type TaskInput<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0]
export type TaskOutput<T extends TaskName> = Awaited<ReturnType<(typeof TASKS)[T]>>

async function readModel(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path)
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    throw new LearnwareError(missing ? 'IO_NOT_FOUND' : 'IO_READ_FAILED', `${path}: ${missing ? 'no such file' : 'cannot be read'}`, { cause })
  }
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new LearnwareError('CANCELLED', 'Cancelled')
}
