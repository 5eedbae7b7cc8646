/**
 * `reusePreview` and `reuseCurve`: the Preview screen's comparisons of reuse against training from
 * scratch on the user's own labelled data. The host checks the data and the learnwares and a job worker
 * does the scoring. A table needs its target, and only table learnwares the dock can run are reused.
 * Images need labels (sub-folders, or an IDX labels file; `classNames` renames their classes) and texts a
 * label column; their worker opens the dock to bring the data to the learnwares' input (one dock job at a
 * time), and a chosen learnware that does not fit them is left out with the reason.
 */

import { LearnwareError } from '../../engine/errors'
import type { HandlerImplementations } from '../../shared/api'
import type { EngineHost } from '../engineHost'
import type { MediaReuseData } from '../jobs/reuseMediaTasks'
import { learnwareInputs, requireTarget } from './bundleHandlers'

interface ReuseDataArgs {
  datasetId?: string
  imageSetId?: string
  textSetId?: string
  labelColumn?: string
  classNames?: string[]
}

export function reuseHandlers(host: EngineHost): Pick<HandlerImplementations, 'reusePreview' | 'reuseCurve'> {
  return {
    reusePreview: async (args) => {
      const { learnwareIds, methods, labelledRows, repeats, seed } = args
      const media = labelledMedia(host, args, 'the preview')
      if (media) {
        return host.jobs.start('reusePreview', {
          run: ({ signal, progress }) => host.withDockFolder(progress, () =>
            host.runTask('reusePreviewMedia', { dockDir: host.dockDir, data: media, learnwareIds, methods, labelledRows, repeats, seed }, { signal, onProgress: progress }))
        })
      }
      const datasetId = args.datasetId!
      const table = requireTarget(host, datasetId, 'the preview scores methods on your labelled rows')
      const learnwares = await learnwareInputs(host, learnwareIds)
      return host.jobs.start('reusePreview', {
        run: ({ signal, progress }) =>
          host.runTask('reusePreview', { datasetId, table, learnwares, methods, labelledRows, repeats, seed }, { signal, onProgress: progress })
      })
    },

    reuseCurve: async (args) => {
      const { learnwareIds, methods, sizes, repeats, seed } = args
      const media = labelledMedia(host, args, 'the learning curve')
      if (media) {
        return host.jobs.start('reuseCurve', {
          run: ({ signal, progress }) => host.withDockFolder(progress, () =>
            host.runTask('reuseCurveMedia', { dockDir: host.dockDir, data: media, learnwareIds, methods, sizes, repeats, seed }, { signal, onProgress: progress }))
        })
      }
      const datasetId = args.datasetId!
      const table = requireTarget(host, datasetId, 'the curve scores methods on your labelled rows')
      const learnwares = await learnwareInputs(host, learnwareIds)
      return host.jobs.start('reuseCurve', {
        run: ({ signal, progress }) =>
          host.runTask('reuseCurve', { datasetId, table, learnwares, methods, sizes, repeats, seed }, { signal, onProgress: progress })
      })
    }
  }
}

/** The opened images or texts with their labels, as the worker takes them; null for a table. */
function labelledMedia(host: EngineHost, args: ReuseDataArgs, what: string): MediaReuseData | null {
  if (args.imageSetId !== undefined) {
    const { images, labels, view } = host.imageSets.get(args.imageSetId)
    if (!labels || !view.classes) {
      throw new LearnwareError('REUSE_NEEDS_LABELS', `${view.sourceName}: ${what} scores methods on labelled images, and these images have no labels`, {
        hint: 'Open a folder with one sub-folder per class, or an IDX images file with its …-labels-idx1-ubyte file beside it.'
      })
    }
    return { kind: 'images', dataId: args.imageSetId, source: view.sourceName, images, labels: renamed(labels, view.classes.map((c) => c.name), args.classNames) }
  }
  if (args.textSetId !== undefined) {
    const { path, view } = host.textSets.get(args.textSetId)
    if (args.labelColumn === undefined) {
      throw new LearnwareError('DATA_MISSING_COLUMN', `${view.fileName}: name the label column; ${what} scores methods on labelled texts`, {
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
