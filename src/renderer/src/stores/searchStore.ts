/**
 * The Search screen's view state: semantic filters (shared vocabulary with the Dock screen), whether to
 * search statistically with the open data (the table, images or texts chosen on the Data screen), the job and the result (single learnwares with scores and
 * MMD², the recommended combination with weights, and how columns were aligned).
 */
import { create } from 'zustand'
import type { SearchResultView } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'
import { useDataStore } from './dataStore'
import { NO_FILTERS, toSemanticFilters, type DockFilters } from './dockStore'
import { trackJob, type RunningJob } from './jobTracking'
import { activeSearchData, type DataKind } from './mediaStore'

export type SearchFilters = Omit<DockFilters, 'statuses'>

interface SearchState {
  filters: SearchFilters
  useData: boolean
  mixture: 'greedy' | 'auto' | 'none'
  limit: number
  job: RunningJob | null
  result: SearchResultView | null
  dataVersion: number | null
  error: UserError | null
  /** Learnwares the user picked to preview (ids), in the order picked. */
  chosen: string[]
  setChosen: (ids: string[]) => void
  setFilters: (patch: Partial<SearchFilters>) => void
  setOptions: (patch: Partial<Pick<SearchState, 'useData' | 'mixture' | 'limit'>>) => void
  run: () => Promise<void>
}

const { statuses: _statuses, ...NO_SEARCH_FILTERS } = NO_FILTERS

export const useSearchStore = create<SearchState>((set, get) => ({
  filters: NO_SEARCH_FILTERS,
  useData: true,
  mixture: 'greedy',
  limit: 10,
  job: null,
  result: null,
  dataVersion: null,
  error: null,
  chosen: [],

  setChosen: (chosen) => set({ chosen }),
  setFilters: (patch) => set({ filters: { ...get().filters, ...patch } }),
  setOptions: (patch) => set(patch),

  run: async () => {
    const { version } = useDataStore.getState()
    const data = activeSearchData()
    const { filters, useData, mixture, limit } = get()
    const withData = useData && data !== null
    set({ error: null })
    try {
      const result = await trackJob(
        withData ? `Searching with your ${data.kind === 'table' ? 'data' : data.kind}` : 'Searching the dock',
        () =>
          api.searchRun({
            ...(withData ? { [DATA_ID_FIELD[data.kind]]: data.id } : {}),
            filters: toSemanticFilters(filters),
            mixture,
            limit
          }),
        (job) => set({ job })
      )
      set({ result, dataVersion: withData ? version : null, chosen: defaultChoice(result) })
    } catch (thrown) {
      set({ error: toUserError(thrown) })
    }
  }
}))

/** The searchRun field that names each kind of data. */
const DATA_ID_FIELD = { table: 'datasetId', images: 'imageSetId', texts: 'textSetId' } as const satisfies Record<DataKind, string>

/** The recommended combination when there is one, else the best single learnware (tables, images and texts alike). */
export function defaultChoice(result: SearchResultView): string[] {
  if (result.mixture && result.mixture.members.length > 1) return result.mixture.members.map((m) => m.id)
  return result.single.length ? [result.single[0].id] : []
}
