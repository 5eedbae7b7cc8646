/**
 * The reuse preview and learning curve on the user's labelled images or texts, inside job workers. The
 * engine turns the data into the table the learnwares' models take (prepareImageReuse / prepareTextReuse:
 * pixel columns, or the texts' embedding) and gives their specs in that space, then the preview and the
 * curve score them like any table. Preparing reads the catalog and the image specs, so these tasks open the
 * dock folder (the host runs them one at a time, like the searches). The learnwares the user chose are
 * taken leniently: one that does not fit these data (another input size or embedder, no shared class) is
 * left out and listed with the reason, and the others are scored. The export of images and texts
 * (exportMediaTasks.ts) prepares its data here too.
 *
 * Example (inside the worker):
 *   const preview = await previewMediaTask({ dockDir, data: { kind: 'images', dataId: 'img-1', source: 'photos', images, labels }, learnwareIds }, ctx)
 *   preview.skipped   // [{ id: 'lwd-00000004', name: '…', reason: '… none of its classes … matches your classes …' }]
 */

import type { ImageBatch } from '../../engine/data/images'
import type { Dock } from '../../engine/dock'
import type { ProgressListener } from '../../engine/progress'
import { learningCurve, prepareImageReuse, prepareTextReuse, previewReuse, type MediaReuse, type ReuseMethod } from '../../engine/reuse'
import type { OnnxModelCache } from '../../engine/runtime'
import { loadTextTableFile } from '../../engine/text'
import type { MediaReuseView, ReuseCurveResult, ReusePreviewResult } from '../../shared/api'
import { toCurveView, toPreviewView } from '../reuseViews'
import { progressStages, type ReportProgress, type Stage } from './progressStages'
import type { TaskContext } from './tasks'
import { withDock } from './withDock'

/** The labelled images or texts as the host holds them (texts are read again from their CSV with the label column). */
export type MediaReuseData =
  | { kind: 'images'; dataId: string; source: string; images: ImageBatch; labels: string[] }
  | { kind: 'texts'; dataId: string; source: string; path: string; column: string; labelColumn: string; maxTexts: number }

export interface MediaComparisonInput {
  dockDir: string
  data: MediaReuseData
  learnwareIds: string[]
  methods?: ReuseMethod[]
  repeats?: number
  seed?: number
}

export async function previewMediaTask(input: MediaComparisonInput & { labelledRows?: number }, ctx: TaskContext): Promise<ReusePreviewResult> {
  const [prepare, score] = mediaStages(ctx.report, input.data, 'Scoring each method on your')
  return withDock(input.dockDir, false, async (dock, cache) => {
    const prepared = await prepareMedia(dock, input, cache, ctx.signal, prepare)
    const result = await previewReuse({
      table: prepared.table, learnwares: prepared.learnwares, methods: input.methods, labelledRows: input.labelledRows,
      repeats: input.repeats, seed: input.seed, cache, onProgress: score, signal: ctx.signal
    })
    return toPreviewView(input.data.dataId, result, mediaView(input.data, prepared))
  })
}

export async function curveMediaTask(input: MediaComparisonInput & { sizes?: number[] }, ctx: TaskContext): Promise<ReuseCurveResult> {
  const [prepare, score] = mediaStages(ctx.report, input.data, 'Scoring each method at each labelled budget on your')
  return withDock(input.dockDir, false, async (dock, cache) => {
    const prepared = await prepareMedia(dock, input, cache, ctx.signal, prepare)
    const curve = await learningCurve({
      table: prepared.table, learnwares: prepared.learnwares, methods: input.methods, sizes: input.sizes,
      repeats: input.repeats, seed: input.seed, cache, onProgress: score, signal: ctx.signal
    })
    return toCurveView(input.data.dataId, curve, mediaView(input.data, prepared))
  })
}

function mediaStages(report: ReportProgress, data: MediaReuseData, scoring: string) {
  return progressStages(report, [prepareStage(data, 0.2), { share: 0.8, detail: `${scoring} ${data.kind}` }])
}

/** The first stage of every media job: the data brought to the learnwares' input. */
export function prepareStage(data: MediaReuseData, share: number): Stage {
  return { share, detail: data.kind === 'images' ? 'Reading the learnwares and bringing your images to their input' : 'Reading your texts and labels, and embedding them' }
}

/** The data as the learnwares' table, and the texts as read for it (the export's examples; null for images). */
export interface PreparedMedia extends MediaReuse {
  texts: string[] | null
}

/** The chosen learnwares as a search's picks (so those that do not fit are listed, not fatal) and the data as their table. */
export async function prepareMedia(dock: Dock, input: Pick<MediaComparisonInput, 'data' | 'learnwareIds'>, cache: OnnxModelCache, signal: AbortSignal, stage: ProgressListener): Promise<PreparedMedia> {
  const chosen = { single: input.learnwareIds.map((id) => ({ id })), mixture: null }
  const { data } = input
  const options = { top: input.learnwareIds.length, source: data.source, cache, signal }
  stage({ status: 'start', task: 'reuse' })
  let prepared: PreparedMedia
  if (data.kind === 'images') {
    prepared = { ...await prepareImageReuse(dock, chosen, data.images, data.labels, options), texts: null }
  } else {
    const { texts, labels } = await readLabelledTexts(data, signal)
    prepared = { ...await prepareTextReuse(dock, chosen, texts, labels, options), texts }
  }
  stage({ status: 'done', task: 'reuse' })
  return prepared
}

async function readLabelledTexts(data: Extract<MediaReuseData, { kind: 'texts' }>, signal: AbortSignal): Promise<{ texts: string[]; labels: string[] }> {
  const docs = await loadTextTableFile(data.path, { column: data.column, labelColumn: data.labelColumn, maxRows: data.maxTexts, signal })
  return { texts: docs.texts, labels: docs.labels! }
}

/** How the data reached the learnwares, and the chosen ones left out, for the screens. */
export function mediaView(data: MediaReuseData, prepared: MediaReuse): MediaReuseView {
  const rows = prepared.table.rowsKept
  const width = prepared.table.featuresPerRow
  return {
    kind: data.kind,
    inputNote: data.kind === 'images'
      ? `${rows} images, as the learnwares take them: ${width} pixel columns`
      : `${rows} texts, as the learnwares take them: their ${width}-wide embedding`,
    skipped: prepared.skipped.map(({ id, name, reason }) => ({ id, name, reason }))
  }
}
