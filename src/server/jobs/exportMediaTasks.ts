/**
 * The Export step on labelled images or texts, inside a job worker: the data are brought to the learnwares'
 * input as the media preview brings them (prepareMedia: pixel columns, or the texts' embedding; a chosen
 * learnware that does not fit is left out with the reason), the reuser is fitted on that table as the table
 * export fits it (fitReusePlan), and the engine writes one verified bundle that runs on raw images or texts
 * (exportMediaBundle: prepare.mjs, example images or texts, replayed before the bundle is kept). Preparing
 * reads the catalog and the image specs, so this task opens the dock (the host runs it under its dock lock).
 *
 * Example (inside the worker):
 *   const bundle = await exportMediaTask({ dockDir, data: { kind: 'images', dataId: 'img-1', source: 'photos', images, labels },
 *     learnwareIds, method: 'averaging', seed: 0 }, ctx)
 *   bundle.media    // { kind: 'images', inputNote: '120 images, as the learnwares take them: 784 pixel columns', skipped: [], textColumn: null }
 */

import { exportMediaBundle, mediaExportData, type BundleMetrics, type MediaExportData } from '../../engine/export'
import type { ReuseLearnware, ReuseMethod } from '../../engine/reuse'
import { progressStages } from './progressStages'
import { mediaView, prepareMedia, prepareStage, type MediaReuseData, type PreparedMedia } from './reuseMediaTasks'
import { bundleOutput, fitReusePlan, type ExportBundleOutput } from './reuseTasks'
import type { TaskContext } from './tasks'
import { withDock } from './withDock'

export interface ExportMediaInput {
  dockDir: string
  data: MediaReuseData
  /** In order of preference (`single` exports the first one that fits the data). */
  learnwareIds: string[]
  method: ReuseMethod
  name?: string
  description?: string
  metrics?: BundleMetrics
  seed: number
}

export async function exportMediaTask(input: ExportMediaInput, ctx: TaskContext): Promise<ExportBundleOutput> {
  const { data } = input
  const [prepare, fit, compose] = progressStages(ctx.report, [
    prepareStage(data, 0.2),
    { share: 0.3, detail: `Fitting the reuser on your ${data.kind}` },
    { share: 0.5, detail: 'Composing and verifying the bundle' }
  ])
  return withDock(input.dockDir, false, async (dock, cache) => {
    const prepared = await prepareMedia(dock, input, cache, ctx.signal, prepare)
    const learnwares = input.method === 'single' ? prepared.learnwares.slice(0, 1) : prepared.learnwares
    // Before fitting, so data a bundle cannot take (an embedder it cannot carry) are refused at once.
    const raw = rawMedia(data, prepared, learnwares[0])
    const fitted = await fitReusePlan(input.method, learnwares, prepared.table, { cache, seed: input.seed, signal: ctx.signal, stage: fit })
    const bundle = await exportMediaBundle(fitted.plan, {
      media: raw, name: input.name, description: input.description, metrics: input.metrics, cache, onProgress: compose, signal: ctx.signal
    })
    return {
      ...bundleOutput(input.method, fitted, bundle),
      // the bundle takes raw images or texts; its model's pixel / embedding columns are in its manifest
      inputColumns: [],
      media: { ...mediaView(data, prepared), textColumn: data.kind === 'texts' ? data.column : null }
    }
  })
}

/** The raw images or texts, in the prepared table's row order (the app offers no sentence models). */
function rawMedia(data: MediaReuseData, prepared: PreparedMedia, first: ReuseLearnware): MediaExportData {
  return data.kind === 'images'
    ? mediaExportData(first, { kind: 'images', images: data.images, source: data.source })
    : mediaExportData(first, { kind: 'texts', texts: prepared.texts!, column: data.column, source: data.source })
}
