/**
 * `reusePreview` and `reuseCurve`: the Preview screen's comparisons of reuse against training from
 * scratch on the user's own labelled rows. The host checks the table and the learnwares (a target is
 * needed; only learnwares the dock can run are reused) and a job worker does the scoring.
 */

import type { HandlerImplementations } from '../../shared/api'
import type { EngineHost } from '../engineHost'
import { learnwareInputs, requireTarget } from './bundleHandlers'

export function reuseHandlers(host: EngineHost): Pick<HandlerImplementations, 'reusePreview' | 'reuseCurve'> {
  return {
    reusePreview: async ({ datasetId, learnwareIds, methods, labelledRows, repeats, seed }) => {
      const table = requireTarget(host, datasetId, 'the preview scores methods on your labelled rows')
      const learnwares = await learnwareInputs(host, learnwareIds)
      return host.jobs.start('reusePreview', {
        run: ({ signal, progress }) =>
          host.runTask('reusePreview', { datasetId, table, learnwares, methods, labelledRows, repeats, seed }, { signal, onProgress: progress })
      })
    },

    reuseCurve: async ({ datasetId, learnwareIds, methods, sizes, repeats, seed }) => {
      const table = requireTarget(host, datasetId, 'the curve scores methods on your labelled rows')
      const learnwares = await learnwareInputs(host, learnwareIds)
      return host.jobs.start('reuseCurve', {
        run: ({ signal, progress }) =>
          host.runTask('reuseCurve', { datasetId, table, learnwares, methods, sizes, repeats, seed }, { signal, onProgress: progress })
      })
    }
  }
}
