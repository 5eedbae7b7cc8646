/**
 * What `reuse preview` and `export` read when the user's data are images or texts instead of a table: `--images DIR|IDX`
 * (labels = the sub-folder names; for an IDX images file, the `…-labels-idx1-ubyte[.gz]` file next to it,
 * its codes named by `--classes a,b,…` in code order, else kept as numbers) or `--data f.csv --text-column C
 * --target L` (the label column; `--embedder-model DIR` offers an ONNX sentence embedder besides the built-in
 * one). The learnwares come from `--ids` or `--from-search` (searchDockWithImages / searchDockWithTexts with
 * the search's filters); the engine turns the data into the table the learnwares' models take
 * (prepareImageReuse / prepareTextReuse), which the preview and the curve then score like any table, and
 * export fits and exports with the raw data beside it (mediaExportData → exportMediaBundle).
 *
 * `readReuseInput` / `selectForReuse` give both commands one path for tables and media alike.
 *
 * Example:
 *   const input = await readReuseInput(command, USAGE)        // before the dock is opened: bad paths fail fast
 *   const { table, selection, labelledRows } = await selectForReuse(command, source, dock, cache, input)
 *   await input.media?.embedder?.dispose?.()
 */

import { existsSync } from 'node:fs'
import type { LoadedTable } from '../../engine/data'
import { readIdxLabels, type ImageBatch } from '../../engine/data/images'
import type { Dock } from '../../engine/dock'
import { LearnwareError } from '../../engine/errors'
import { mediaExportData, type MediaExportData } from '../../engine/export'
import { prepareImageReuse, prepareTextReuse, type MediaReuse, type ReuseLearnware } from '../../engine/reuse'
import type { OnnxModelCache } from '../../engine/runtime'
import { searchDockWithImages, searchDockWithTexts } from '../../engine/search'
import { loadTextTableFile, type TextEmbedder } from '../../engine/text'
import { listOption, requiredOption, stringOption, type ParsedCommand } from '../args'
import { loadUserImages } from './imageInput'
import { labelledBudget, loadLabelledTable, selectLearnwares, type LearnwareSource, type ReuseSelection } from './reuseInput'
import { searchOptions } from './search'
import { optionalEmbedder } from './textInput'

export type MediaData =
  | { kind: 'images'; source: string; images: ImageBatch; labels: string[]; embedder?: undefined }
  | { kind: 'texts'; source: string; texts: string[]; labels: string[]; target: string; column: string; embedder: TextEmbedder | null; embedderFolder?: string }

/** True when the reuse is given images (--images) or texts (--text-column) rather than a table. */
export function isMediaReuse(command: ParsedCommand): boolean {
  return command.values.images !== undefined || command.values['text-column'] !== undefined
}

/** The user's labelled images or texts (and the offered embedder, which the caller disposes). */
export async function readMediaData(command: ParsedCommand, usage: string): Promise<MediaData> {
  const imagesPath = stringOption(command.values.images)
  if (imagesPath !== undefined) {
    if (command.values.data !== undefined || command.values['text-column'] !== undefined) {
      throw new LearnwareError('USAGE', `${command.path.join(' ')} takes --images or --data, not both`, { hint: usage })
    }
    const user = await loadUserImages(imagesPath, { seed: 0 })
    if (user.labels === null && !/idx3-ubyte(\.gz)?$/i.test(imagesPath)) {
      throw new LearnwareError('REUSE_NEEDS_LABELS', `${user.source}: a reuse preview needs labelled images, and this folder has no sub-folders to name their classes`, {
        hint: 'Put the images of each class in a sub-folder named after the class.'
      })
    }
    const labels = user.labels ?? (await idxLabels(imagesPath, command))
    return { kind: 'images', source: user.source, images: user.images, labels }
  }
  const dataPath = requiredOption(command, 'data', usage)
  const target = requiredOption(command, 'target', usage)
  const column = requiredOption(command, 'text-column', usage)
  const docs = await loadTextTableFile(dataPath, { column, labelColumn: target })
  const embedderFolder = stringOption(command.values['embedder-model'])
  return { kind: 'texts', source: docs.source, texts: docs.texts, labels: docs.labels!, target, column, embedder: await optionalEmbedder(command), embedderFolder }
}

/** The learnwares (--ids, or the search on these data) and the data as the table they take. */
export async function selectMediaLearnwares(command: ParsedCommand, source: LearnwareSource, dock: Dock, data: MediaData, cache: OnnxModelCache): Promise<{ table: LoadedTable; selection: ReuseSelection }> {
  const embedders = data.embedder ? [data.embedder] : []
  const options = { source: data.source, cache, embedders, top: 'top' in source ? source.top : undefined }
  const prepare = (chosen: Parameters<typeof prepareImageReuse>[1]): Promise<MediaReuse> => data.kind === 'images'
    ? prepareImageReuse(dock, chosen, data.images, data.labels, options)
    : prepareTextReuse(dock, chosen, data.texts, data.labels, options)
  if ('ids' in source) {
    const { table, learnwares } = await prepare(source.ids)
    return { table, selection: { learnwares, search: null, skipped: [] } }
  }
  const filters = { ...searchOptions(command), limit: source.top }
  const result = data.kind === 'images'
    ? await searchDockWithImages(dock, data.images, filters)
    : await searchDockWithTexts(dock, data.texts, { ...filters, embedders })
  const { table, learnwares, skipped } = await prepare(result)
  return {
    table,
    selection: { learnwares, search: { single: result.single.slice(0, source.top).map((hit) => hit.id), mixture: result.mixture?.ids ?? null }, skipped }
  }
}

/**
 * What `export` hands the engine besides the plan (engine mediaExportData): the raw images / texts, in the
 * prepared table's order, and the offered sentence model with its folder. Called before any fitting.
 */
export function exportMediaOf(data: MediaData, learnwares: readonly ReuseLearnware[]): MediaExportData {
  return data.kind === 'images'
    ? mediaExportData(learnwares[0], { kind: 'images', images: data.images, source: data.source })
    : mediaExportData(learnwares[0], {
      kind: 'texts', texts: data.texts, column: data.column, source: data.source,
      ...(data.embedder ? { offered: { embedder: data.embedder, folder: data.embedderFolder } } : {})
    })
}

/** How the data reached the learnwares, for the report. */
export function mediaNote(data: MediaData, table: LoadedTable): string {
  return data.kind === 'images'
    ? `${data.images.count} images, as the learnwares take them: ${table.featuresPerRow} pixel columns`
    : `${data.texts.length} texts, as the learnwares take them: their ${table.featuresPerRow}-wide embedding`
}

/** An IDX images file's labels: the `labels-idx1-ubyte` file beside it, codes named by --classes. */
async function idxLabels(imagesPath: string, command: ParsedCommand): Promise<string[]> {
  const labelsPath = imagesPath.replace(/images-idx3-ubyte/i, 'labels-idx1-ubyte')
  if (labelsPath === imagesPath || !existsSync(labelsPath)) {
    throw new LearnwareError('REUSE_NEEDS_LABELS', `${imagesPath}: a reuse preview needs labelled images, and there is no labels file ${labelsPath === imagesPath ? 'beside it' : labelsPath}`, {
      hint: 'Give a folder with one sub-folder per class, or an IDX images file with its …-labels-idx1-ubyte[.gz] file beside it.'
    })
  }
  const codes = await readIdxLabels(labelsPath)
  const classes = listOption(command.values.classes)
  if (classes === undefined) return Array.from(codes, String)
  const missing = Array.from(codes).find((code) => code >= classes.length)
  if (missing !== undefined) {
    throw new LearnwareError('USAGE', `--classes names ${classes.length} classes but ${labelsPath} has the code ${missing}`, { hint: 'Name every class, in code order: --classes first,second,…' })
  }
  return Array.from(codes, (code) => classes[code])
}

/** What a reuse command works on: labelled images / texts, or a labelled table with its labelled budget. */
export interface ReuseInput {
  media: MediaData | null
  table: LoadedTable | null
  labelled: number
}

/** Reads the user's data before the dock is opened, so a bad path or option fails first. */
export async function readReuseInput(command: ParsedCommand, usage: string): Promise<ReuseInput> {
  if (isMediaReuse(command)) return { media: await readMediaData(command, usage), table: null, labelled: 0 }
  const table = await loadLabelledTable(command, usage)
  return { media: null, table, labelled: labelledBudget(command, table) }
}

/** The table the chosen learnwares take (the user's, the images' pixels or the texts' embedding), the choice, and the labelled budget on that table. */
export async function selectForReuse(
  command: ParsedCommand, source: LearnwareSource, dock: Dock, cache: OnnxModelCache, input: ReuseInput
): Promise<{ table: LoadedTable; selection: ReuseSelection; labelledRows: number }> {
  if (!input.media) return { table: input.table!, selection: await selectLearnwares(command, source, dock, input.table!), labelledRows: input.labelled }
  const { table, selection } = await selectMediaLearnwares(command, source, dock, input.media, cache)
  return { table, selection, labelledRows: labelledBudget(command, table) }
}
