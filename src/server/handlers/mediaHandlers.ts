/**
 * The Data screen's calls for images and texts: open a folder of images (or an IDX file) by its path, or
 * one text column of a CSV (by path or uploaded bytes). Reading happens in a job worker; the images or texts
 * stay here under an id (`img-1`, `txt-1`) that `searchRun` takes, and the UI gets the view.
 */

import type { HandlerImplementations } from '../../shared/api'
import type { EngineHost } from '../engineHost'
import { discard, materialize } from './sources'

export function mediaHandlers(host: EngineHost): Pick<HandlerImplementations, 'imagesOpen' | 'textsOpen'> {
  return {
    imagesOpen: async ({ source, maxImages, seed }) => {
      const file = await materialize(host, source)
      // The id is taken only once the images are read, so a failed open leaves nothing behind.
      const { images, labels, view } = await host.runTask('openImages', { path: file.path, imageSetId: 'img-pending', maxImages, seed })
      const imageSetId = host.imageSets.addWith((id) => ({ images, labels, view: { ...view, imageSetId: id } }))
      return host.imageSets.get(imageSetId).view
    },

    textsOpen: async ({ source, column, maxTexts }) => {
      const file = await materialize(host, source)
      try {
        const { texts, view } = await host.runTask('openTexts', { path: file.path, fileName: file.fileName, textSetId: 'txt-pending', column, maxTexts })
        // The file stays (an uploaded copy until the text set is dropped): packing reads its label column.
        const textSetId = host.textSets.addWith((id) => ({ texts, path: file.path, temporary: file.temporary, view: { ...view, textSetId: id } }))
        return host.textSets.get(textSetId).view
      } catch (error) {
        discard(file)
        throw error
      }
    }
  }
}
