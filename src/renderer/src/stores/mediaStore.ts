/**
 * The Data screen's images and texts, besides the table (dataStore.ts): which kind of data the user works
 * with, the opened image set (counts per class, thumbnails) or text set (column, samples, language) as the
 * engine describes them, and what the user typed. The images and texts stay in the engine; the Search step
 * sends their id. `activeSearchData` says what Search ranks with: the data of the kind chosen here.
 */
import { create } from 'zustand'
import type { FileSource, ImageSetView, TextSetView } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'
import { useDataStore } from './dataStore'
import type { DataKind } from './reuseData'

export type { DataKind }

interface MediaState {
  kind: DataKind
  imagePath: string
  imageSet: ImageSetView | null
  textPath: string
  /** Where the open texts came from, to read another column of the same file. */
  textSource: FileSource | null
  textSet: TextSetView | null
  busy: 'images' | 'texts' | null
  error: UserError | null
  setKind: (kind: DataKind) => void
  setImagePath: (path: string) => void
  setTextPath: (path: string) => void
  openImages: (path: string) => Promise<void>
  openTexts: (source: FileSource, column?: string) => Promise<void>
}

export const useMediaStore = create<MediaState>((set, get) => ({
  kind: 'table',
  imagePath: '',
  imageSet: null,
  textPath: '',
  textSource: null,
  textSet: null,
  busy: null,
  error: null,

  setKind: (kind) => set({ kind, error: null }),
  setImagePath: (imagePath) => set({ imagePath }),
  setTextPath: (textPath) => set({ textPath }),

  openImages: async (path) => {
    set({ busy: 'images', error: null })
    try {
      const imageSet = await api.imagesOpen({ source: { kind: 'path', path } })
      set({ imageSet, busy: null })
    } catch (thrown) {
      set({ busy: null, error: toUserError(thrown) })
    }
  },

  openTexts: async (source, column) => {
    set({ busy: 'texts', error: null })
    try {
      const textSet = await api.textsOpen({ source, ...(column ? { column } : {}) })
      set({ textSet, textSource: source, busy: null })
    } catch (thrown) {
      set({ busy: null, error: toUserError(thrown) })
    }
  }
}))

/** What Search ranks with: the open data of the kind chosen on the Data screen, or null. */
export interface SearchData {
  kind: DataKind
  id: string
  name: string
}

export function activeSearchData(): SearchData | null {
  const { kind, imageSet, textSet } = useMediaStore.getState()
  return searchDataOf(kind, useDataStore.getState().dataset, imageSet, textSet)
}

export function useActiveSearchData(): SearchData | null {
  const kind = useMediaStore((s) => s.kind)
  const imageSet = useMediaStore((s) => s.imageSet)
  const textSet = useMediaStore((s) => s.textSet)
  const dataset = useDataStore((s) => s.dataset)
  return searchDataOf(kind, dataset, imageSet, textSet)
}

function searchDataOf(kind: DataKind, dataset: { datasetId: string; fileName: string } | null, imageSet: ImageSetView | null, textSet: TextSetView | null): SearchData | null {
  if (kind === 'images') return imageSet ? { kind, id: imageSet.imageSetId, name: `${imageSet.sourceName} (${imageSet.images} images)` } : null
  if (kind === 'texts') return textSet ? { kind, id: textSet.textSetId, name: `${textSet.fileName}, column ${textSet.column} (${textSet.texts} texts)` } : null
  return dataset ? { kind, id: dataset.datasetId, name: dataset.fileName } : null
}
