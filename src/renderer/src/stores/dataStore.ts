/**
 * The Data screen's view state: the opened table as the engine describes it (`DatasetView`: preview rows,
 * detected format, per-column kind, role, missing values and imputation) and the user's overrides.
 * Every override is sent to the engine with `dataConfigure`, which reloads the file; the UI never parses
 * the CSV itself. Opening new data forgets the spec and search made from the old data.
 */
import { create } from 'zustand'
import type { DataOptions, DatasetView, FileSource } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'

/** What the user can pick per column; 'ignore' leaves it out, 'auto' drops a forced kind. */
export type ColumnChoice = 'auto' | 'numeric' | 'categorical' | 'text' | 'ignore'

interface DataState {
  dataset: DatasetView | null
  /** What the user typed in the path field (kept across screen switches). */
  pathInput: string
  busy: 'opening' | 'configuring' | null
  error: UserError | null
  /** Bumped whenever the data changes, so later steps know their results are stale. */
  version: number
  setPathInput: (path: string) => void
  open: (source: FileSource, label: string) => Promise<void>
  configure: (patch: Partial<DataOptions>) => Promise<void>
  setColumnChoice: (column: string, choice: ColumnChoice) => Promise<void>
  setTarget: (column: string | null) => Promise<void>
  close: () => Promise<void>
}

/** A target a user is likely to mean: a column named like a label, else none (they choose). */
export function guessTarget(columns: readonly { name: string }[]): string | null {
  const names = ['target', 'label', 'class', 'species', 'y', 'outcome']
  const found = columns.find((column) => names.includes(column.name.trim().toLowerCase()))
  return found?.name ?? null
}

export const useDataStore = create<DataState>((set, get) => ({
  dataset: null,
  pathInput: '',
  busy: null,
  error: null,
  version: 0,

  setPathInput: (pathInput) => set({ pathInput }),

  open: async (source) => {
    set({ busy: 'opening', error: null })
    try {
      const previous = get().dataset
      let dataset = await api.dataOpen({ source })
      const target = dataset.target ? null : guessTarget(dataset.columns)
      if (target) dataset = await api.dataConfigure({ datasetId: dataset.datasetId, options: { ...dataset.options, target } })
      set({ dataset, busy: null, version: get().version + 1 })
      if (previous) void api.dataClose({ datasetId: previous.datasetId }).catch(() => undefined)
    } catch (thrown) {
      set({ busy: null, error: toUserError(thrown) })
    }
  },

  configure: async (patch) => {
    const dataset = get().dataset
    if (!dataset) return
    set({ busy: 'configuring', error: null })
    try {
      const options: DataOptions = { ...dataset.options, ...patch }
      const next = await api.dataConfigure({ datasetId: dataset.datasetId, options })
      set({ dataset: next, busy: null, version: get().version + 1 })
    } catch (thrown) {
      set({ busy: null, error: toUserError(thrown) })
    }
  },

  setColumnChoice: async (column, choice) => {
    const dataset = get().dataset
    if (!dataset) return
    const kinds = { ...(dataset.options.columnKinds ?? {}) }
    const ignored = new Set(dataset.options.ignored ?? [])
    delete kinds[column]
    ignored.delete(column)
    if (choice === 'ignore') ignored.add(column)
    else if (choice !== 'auto') kinds[column] = choice
    const patch: Partial<DataOptions> = { columnKinds: kinds, ignored: [...ignored] }
    if (choice === 'ignore' && dataset.options.target === column) patch.target = null
    await get().configure(patch)
  },

  setTarget: async (column) => {
    const dataset = get().dataset
    if (!dataset) return
    const ignored = (dataset.options.ignored ?? []).filter((name) => name !== column)
    await get().configure({ target: column, ignored, targetTask: undefined })
  },

  close: async () => {
    const dataset = get().dataset
    set({ dataset: null, error: null, version: get().version + 1 })
    if (dataset) await api.dataClose({ datasetId: dataset.datasetId }).catch(() => undefined)
  }
}))

/** The choice a column's select shows, from the options the view was loaded with. */
export function columnChoiceOf(dataset: DatasetView, column: string): ColumnChoice {
  if ((dataset.options.ignored ?? []).includes(column)) return 'ignore'
  return dataset.options.columnKinds?.[column] ?? 'auto'
}
