/**
 * `searchRun`: semantic filters and, with an opened table, the statistical search (user specs per column
 * arrangement, MMD², scores, mixture weights); with opened images or texts, the image or text search
 * (image learnwares by the NNGP distance; text learnwares by the built-in embedder's spec, others listed as
 * not comparable). With data it runs in a job worker that opens the dock;
 * a semantic-only search is instant and runs here, still as a job so the UI has one way to search.
 */

import type { HandlerImplementations } from '../../shared/api'
import { searchDockWithSpec } from '../../engine/search'
import type { EngineHost } from '../engineHost'
import { toLearnwareSummary, toSearchResultView } from '../views'
import { toSemanticQuery } from './dockHandlers'

export function searchHandlers(host: EngineHost): Pick<HandlerImplementations, 'searchRun'> {
  return {
    searchRun: async ({ datasetId, imageSetId, textSetId, filters, limit, mixture, k, seed }) => {
      const options = { semantic: toSemanticQuery(filters), limit: limit ?? 10, mixture: mixture ?? 'greedy', k, seed }
      if (imageSetId !== undefined) {
        const { images } = host.imageSets.get(imageSetId)
        return host.jobs.start('searchRun', {
          run: ({ signal, progress }) =>
            host.withDockFolder(progress, () => host.runTask('searchImages', { dockDir: host.dockDir, images, imageSetId, options }, { signal, onProgress: progress }))
        })
      }
      if (textSetId !== undefined) {
        const { texts } = host.textSets.get(textSetId)
        return host.jobs.start('searchRun', {
          run: ({ signal, progress }) =>
            host.withDockFolder(progress, () => host.runTask('searchTexts', { dockDir: host.dockDir, texts, textSetId, options }, { signal, onProgress: progress }))
        })
      }
      if (datasetId === undefined) {
        return host.jobs.start('searchRun', {
          run: async () => {
            const started = performance.now()
            const result = await searchDockWithSpec(host.dock, null, options)
            return toSearchResultView(result, (id) => toLearnwareSummary(host.dock.get(id)), { datasetId: null, seconds: (performance.now() - started) / 1000 })
          }
        })
      }
      const { table } = host.datasets.get(datasetId)
      return host.jobs.start('searchRun', {
        run: ({ signal, progress }) =>
          host.withDockFolder(progress, () => host.runTask('search', { dockDir: host.dockDir, table, datasetId, options }, { signal, onProgress: progress }))
      })
    }
  }
}
