/**
 * The labelled data a reuse call works on, as the Preview and Export screens describe and send them: the
 * table with its target, labelled images (their classes optionally renamed, e.g. an IDX file's codes) or
 * texts with a label column. Pure (no store, no API), so both screens and the tests agree on it; the stores
 * pass in what the Data step has open.
 *
 * Example:
 *   const data = previewDataOf('texts', null, null, textSet, 'genre')   // { kind: 'texts', missing: null, … }
 *   reuseDataArgs(data, { labelColumn: 'genre', classNames: '' })       // { textSetId: 'txt-1', labelColumn: 'genre' }
 */
import type { DatasetView, ImageSetView, TextSetView } from '../../../shared/api'

export type DataKind = 'table' | 'images' | 'texts'

/** What the user chose on the Preview or Export screen besides the data: the texts' label column, new class names for images. */
export interface ReuseChoices {
  labelColumn: string
  /** Comma-separated, in the order the Data step lists the classes ('' keeps them). */
  classNames: string
}

/** The labelled data the preview scores and the export is fitted on, as the screens describe them. */
export interface PreviewData {
  kind: DataKind
  id: string
  name: string
  /** Rows, images or texts. */
  rows: number
  /** What is predicted (the target or label column, or the images' classes); null: not chosen yet. */
  predicting: string | null
  /** The target or label column's plain name (tables, texts); null for images or when not chosen. */
  target: string | null
  /** Why the preview or the export cannot run on these data yet; null when it can. */
  missing: string | null
}

/** Words for the data's items: rows, images or texts. */
export const ITEM_WORD: Record<DataKind, string> = { table: 'row', images: 'image', texts: 'text' }

export function previewDataOf(kind: DataKind, dataset: DatasetView | null, imageSet: ImageSetView | null, textSet: TextSetView | null, labelColumn: string): PreviewData | null {
  if (kind === 'images') {
    if (!imageSet) return null
    const classes = imageSet.classes?.map((c) => c.name) ?? null
    return {
      kind, id: imageSet.imageSetId, name: imageSet.sourceName, rows: imageSet.images,
      predicting: classes ? `the class (${classes.join(', ')})` : null, target: null,
      missing: classes ? null : 'These images have no labels: open a folder with one sub-folder per class, or an IDX file with its labels file beside it.'
    }
  }
  if (kind === 'texts') {
    if (!textSet) return null
    return {
      kind, id: textSet.textSetId, name: `${textSet.fileName}, column ${textSet.column}`, rows: textSet.texts,
      predicting: labelColumn ? `“${labelColumn}”` : null, target: labelColumn || null, missing: labelColumn ? null : 'Choose the label column (the class of each text).'
    }
  }
  if (!dataset) return null
  return {
    kind, id: dataset.datasetId, name: dataset.fileName, rows: dataset.rowsKept,
    predicting: dataset.target ? `“${dataset.target.name}”` : null, target: dataset.target?.name ?? null, missing: dataset.target ? null : 'Choose the column to predict on the Data step.'
  }
}

/** '' → keep the classes' names; else one name per class. */
export function parseClassNames(text: string): string[] | undefined {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name.length > 0)
  return names.length ? names : undefined
}

/** How a reuse call (preview, curve, export) names the data: the table, the images (with their new class names) or the texts and label column. */
export type ReuseDataArgs = { datasetId: string } | { imageSetId: string; classNames?: string[] } | { textSetId: string; labelColumn: string }

export function reuseDataArgs(data: PreviewData, choices: ReuseChoices): ReuseDataArgs {
  if (data.kind === 'table') return { datasetId: data.id }
  if (data.kind === 'texts') return { textSetId: data.id, labelColumn: choices.labelColumn }
  const classNames = parseClassNames(choices.classNames)
  return { imageSetId: data.id, ...(classNames ? { classNames } : {}) }
}
