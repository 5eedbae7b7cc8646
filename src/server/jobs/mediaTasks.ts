/**
 * Image and text work inside job workers: reading an image folder (or IDX file) or a CSV's text column into
 * what the host keeps plus the view the UI gets, and searching the dock with them (NNGP image spec; text
 * specs per embedder — here the built-in one). Search tasks open the dock folder, so the host runs them one
 * at a time like the table search.
 *
 * Example (inside the worker):
 *   const { images, view } = await openImagesTask({ path: '/home/ana/photos', imageSetId: 'img-1' }, ctx)
 *   const result = await searchImagesTask({ dockDir, images, imageSetId: 'img-1', options: {} }, ctx)
 */

import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { isMissingCell, previewTableFile, readNumber } from '../../engine/data'
import { loadImageFolder, readIdxImages, readIdxLabels, type ImageBatch } from '../../engine/data/images'
import { LearnwareError } from '../../engine/errors'
import { searchDockWithImages, searchDockWithTexts, type DockSearchOptions } from '../../engine/search'
import { detectLanguages, loadTextTableFile } from '../../engine/text'
import { DEFAULT_MAX_IMAGES, type ImageSetView, type SearchResultView, type TextSetView } from '../../shared/api'
import { toImageSetView, toTextSetView, type LoadedImages } from '../mediaViews'
import { toLearnwareSummary, toSearchResultView } from '../views'
import { progressStages } from './progressStages'
import type { TaskContext } from './tasks'
import { withDock } from './withDock'

/** Texts kept from a CSV by default (a seeded sample beyond that; the spec barely changes). */
export const DEFAULT_MAX_TEXTS = 20_000

export interface OpenImagesInput {
  path: string
  imageSetId: string
  maxImages?: number
  seed?: number
}

export async function openImagesTask(input: OpenImagesInput, ctx: TaskContext): Promise<{ images: ImageBatch; labels: string[] | null; view: ImageSetView }> {
  const info = await stat(input.path).catch(() => null)
  if (!info) throw new LearnwareError('IO_NOT_FOUND', `${input.path}: no such folder or file`, { hint: 'Give a folder of PNG/JPEG images (one sub-folder per class, or flat) or an IDX images file.' })
  const loaded = info.isDirectory() ? await readFolder(input, ctx) : await readIdx(input)
  const { classes, codes } = loaded
  const labels = classes && codes ? Array.from(codes, (code) => classes[code]) : null
  return { images: loaded.images, labels, view: toImageSetView(input.imageSetId, loaded) }
}

async function readFolder(input: OpenImagesInput, ctx: TaskContext): Promise<LoadedImages> {
  const [load] = progressStages(ctx.report, [{ share: 1, detail: 'Reading the images' }])
  const folder = await loadImageFolder(input.path, { maxImages: input.maxImages ?? DEFAULT_MAX_IMAGES, seed: input.seed ?? 0, onProgress: load, signal: ctx.signal })
  return {
    sourceName: basename(input.path),
    images: folder.images,
    files: folder.files,
    classes: folder.labels?.classes ?? null,
    codes: folder.labels?.codes ?? null,
    skipped: folder.skipped,
    resized: folder.resized,
    filesFound: folder.filesFound,
    sampled: folder.sampled
  }
}

/** An IDX images file; its labels file (`…-labels-idx1-ubyte…` beside it) gives classes when present. */
async function readIdx(input: OpenImagesInput): Promise<LoadedImages> {
  if (!/idx3-ubyte(\.gz)?$/i.test(input.path)) {
    throw new LearnwareError('DATA_NO_IMAGES', `${basename(input.path)} is a file, not a folder of images`, {
      hint: 'Give the folder that holds the PNG/JPEG files (one sub-folder per class, or flat), or an IDX images file (…-images-idx3-ubyte.gz).'
    })
  }
  const limit = input.maxImages ?? DEFAULT_MAX_IMAGES
  const images = await readIdxImages(input.path, { limit })
  const labelsPath = input.path.replace(/images-idx3-ubyte/i, 'labels-idx1-ubyte')
  const labels = labelsPath !== input.path && (await stat(labelsPath).catch(() => null)) ? await readIdxLabels(labelsPath, { limit }) : null
  const classes = labels ? [...new Set(labels)].sort((a, b) => a - b) : null
  return {
    sourceName: basename(input.path),
    images,
    files: Array.from({ length: images.count }, (_, i) => `#${i + 1}`),
    classes: classes ? classes.map((code) => `class ${code}`) : null,
    codes: labels && classes ? Int32Array.from(labels, (code) => classes.indexOf(code)) : null,
    skipped: [],
    resized: 0,
    filesFound: images.count,
    sampled: false
  }
}

export interface OpenTextsInput {
  path: string
  fileName: string
  textSetId: string
  column?: string
  maxTexts?: number
}

export async function openTextsTask(input: OpenTextsInput, ctx: TaskContext): Promise<{ texts: string[]; view: TextSetView }> {
  ctx.report(0.05, 'Reading the file')
  const preview = await previewTableFile(input.path, { rows: 200, signal: ctx.signal })
  const textColumns = preview.columns.filter((c) => c.kind === 'text' || c.kind === 'categorical').map((c) => c.name)
  const column = input.column ?? longestTextColumn(preview.columns.map((c) => c.name), preview.rows)
  if (column === null) {
    throw new LearnwareError('DATA_NO_TEXT_COLUMN', `${input.fileName}: no column holds text`, { hint: `Columns are: ${preview.columns.map((c) => c.name).join(', ')}` })
  }
  ctx.report(0.3, `Reading the texts of column "${column}"`)
  const docs = await loadTextTableFile(input.path, { column, maxRows: input.maxTexts ?? DEFAULT_MAX_TEXTS, signal: ctx.signal })
  docs.source = input.fileName
  ctx.report(0.8, 'Detecting the language')
  const language = detectLanguages(docs.texts)
  return { texts: docs.texts, view: toTextSetView(input.textSetId, docs, { column, textColumns: textColumns.includes(column) ? textColumns : [column, ...textColumns], language }) }
}

/** The non-numeric column with the longest values in the first rows (the text loader's own guess). */
function longestTextColumn(names: readonly string[], rows: readonly string[][]): string | null {
  let best: string | null = null
  let bestLength = 0
  names.forEach((name, column) => {
    const filled = rows.map((row) => row[column]).filter((value) => value !== undefined && !isMissingCell(value))
    if (filled.length === 0 || filled.filter((value) => !Number.isNaN(readNumber(value))).length > filled.length / 2) return
    const meanLength = filled.reduce((sum, value) => sum + value.length, 0) / filled.length
    if (meanLength > bestLength) {
      best = name
      bestLength = meanLength
    }
  })
  return best
}

export interface SearchImagesInput {
  dockDir: string
  images: ImageBatch
  imageSetId: string
  options: Omit<DockSearchOptions, 'signal'>
}

export async function searchImagesTask(input: SearchImagesInput, ctx: TaskContext): Promise<SearchResultView> {
  const started = performance.now()
  ctx.report(0.05, 'Opening the dock')
  return withDock(input.dockDir, false, async (dock) => {
    ctx.report(0.1, 'Making the specification of your images and comparing it with the image learnwares')
    const result = await searchDockWithImages(dock, input.images, { ...input.options, signal: ctx.signal })
    if (ctx.signal.aborted) throw new LearnwareError('CANCELLED', 'Cancelled')
    const seconds = (performance.now() - started) / 1000
    return toSearchResultView(result, (id) => toLearnwareSummary(dock.get(id)), { datasetId: input.imageSetId, dataKind: 'images', seconds })
  })
}

export interface SearchTextsInput {
  dockDir: string
  texts: string[]
  textSetId: string
  options: Omit<DockSearchOptions, 'signal'>
}

export async function searchTextsTask(input: SearchTextsInput, ctx: TaskContext): Promise<SearchResultView> {
  const started = performance.now()
  ctx.report(0.05, 'Opening the dock')
  return withDock(input.dockDir, false, async (dock) => {
    ctx.report(0.1, 'Embedding your texts, making their specification and comparing it with the text learnwares')
    const result = await searchDockWithTexts(dock, input.texts, { ...input.options, signal: ctx.signal })
    if (ctx.signal.aborted) throw new LearnwareError('CANCELLED', 'Cancelled')
    const seconds = (performance.now() - started) / 1000
    return toSearchResultView(result, (id) => toLearnwareSummary(dock.get(id)), {
      datasetId: input.textSetId,
      dataKind: 'texts',
      seconds,
      texts: { language: result.language, embedders: result.embedders, incomparable: result.incomparable.map(({ id, reason }) => ({ id, reason })) }
    })
  })
}
