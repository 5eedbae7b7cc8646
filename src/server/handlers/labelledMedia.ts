/**
 * The labelled images or texts a reuse call names (`imageSetId` with optional `classNames`, or `textSetId` +
 * `labelColumn`), checked in the host before any work starts and turned into what the job worker takes.
 * Shared by the preview, the curve and the export, so they refuse the same data with the same words:
 * unlabelled images (REUSE_NEEDS_LABELS), texts without a label column or labelled by their own text column.
 *
 * Example:
 *   const media = labelledMedia(host, args, 'the preview scores methods')   // null: the call names a table
 *   if (media) host.runTask('reusePreviewMedia', { dockDir: host.dockDir, data: media, learnwareIds }, options)
 */

import { LearnwareError } from '../../engine/errors'
import type { EngineHost } from '../engineHost'
import type { MediaReuseData } from '../jobs/reuseMediaTasks'

/** What the reuse calls' data fields hold (shared/contract/reuseData.ts) after validation. */
export interface ReuseDataArgs {
  datasetId?: string
  imageSetId?: string
  textSetId?: string
  labelColumn?: string
  classNames?: string[]
}

/** The opened images or texts with their labels, as the worker takes them; null for a table. `purpose` starts the messages' reason. */
export function labelledMedia(host: EngineHost, args: ReuseDataArgs, purpose: string): MediaReuseData | null {
  if (args.imageSetId !== undefined) {
    const { images, labels, view } = host.imageSets.get(args.imageSetId)
    if (!labels || !view.classes) {
      throw new LearnwareError('REUSE_NEEDS_LABELS', `${view.sourceName}: ${purpose} on labelled images, and these images have no labels`, {
        hint: 'Open a folder with one sub-folder per class, or an IDX images file with its …-labels-idx1-ubyte file beside it.'
      })
    }
    return { kind: 'images', dataId: args.imageSetId, source: view.sourceName, images, labels: renamed(labels, view.classes.map((c) => c.name), args.classNames) }
  }
  if (args.textSetId !== undefined) {
    const { path, view } = host.textSets.get(args.textSetId)
    if (args.labelColumn === undefined) {
      throw new LearnwareError('DATA_MISSING_COLUMN', `${view.fileName}: name the label column; ${purpose} on labelled texts`, {
        hint: `Choose the column holding each text's class (columns with text: ${view.textColumns.join(', ')}).`
      })
    }
    if (args.labelColumn === view.column) {
      throw new LearnwareError('DATA_BAD_VALUE', `${view.fileName}: "${args.labelColumn}" holds the texts; the label column must be another one`, {
        hint: "Choose the column holding each text's class."
      })
    }
    return { kind: 'texts', dataId: args.textSetId, source: view.fileName, path, column: view.column, labelColumn: args.labelColumn, maxTexts: view.texts }
  }
  return null
}

/** Each image's class under the name the user gave it (`classNames` follows the image set's classes). */
function renamed(labels: string[], classes: string[], classNames: string[] | undefined): string[] {
  if (classNames === undefined) return labels
  if (classNames.length !== classes.length) {
    throw new LearnwareError('DATA_BAD_VALUE', `classNames names ${classNames.length} classes but the images have ${classes.length} (${classes.join(', ')})`, {
      hint: 'Give one name per class, in the order the Data screen lists them.'
    })
  }
  if (new Set(classNames).size !== classNames.length) {
    throw new LearnwareError('DATA_BAD_VALUE', `classNames gives one name to two classes (${classNames.join(', ')})`, { hint: 'Give each class its own name.' })
  }
  const byClass = new Map(classes.map((name, i) => [name, classNames[i]]))
  return labels.map((label) => byClass.get(label) ?? label)
}
