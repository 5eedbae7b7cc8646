/**
 * `reusePreview` and `reuseCurve`: the Preview screen's comparisons of reuse against training from
 * scratch on the user's own labelled data. The host checks the data and the learnwares and a job worker
 * does the scoring. A table needs its target, and only table learnwares the dock can run are reused.
 * Images need labels (sub-folders, or an IDX labels file; `classNames` renames their classes) and texts a
 * label column; their worker opens the dock to bring the data to the learnwares' input (one dock job at a
 * time), and a chosen learnware that does not fit them is left out with the reason.
 */

import type { HandlerImplementations } from '../../shared/api'
import type { EngineHost } from '../engineHost'
import { learnwareInputs, requireTarget } from './bundleHandlers'
import { labelledMedia } from './labelledMedia'

export function reuseHandlers(host: EngineHost): Pick<HandlerImplementations, 'reusePreview' | 'reuseCurve'> {
  return {
    reusePreview: async (args) => {
      const { learnwareIds, methods, labelledRows, repeats, seed } = args
      const media = labelledMedia(host, args, 'the preview scores methods')
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
      const media = labelledMedia(host, args, 'the learning curve scores methods')
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
