/**
 * The Dock screen's view state: the filters, the list the engine answered for them, the learnware whose
 * details are open, an import in progress (with the checker's verdict when it ends) and a removal.
 * The dock itself lives in the engine; `dockChanged` events make the list refresh.
 */
import { create } from 'zustand'
import { bytesToBase64, type DockImportResult, type DockListResult, type FileSource, type LearnwareDetails } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'
import { trackJob, type RunningJob } from './jobTracking'
import { NO_FILTERS, toSemanticFilters, type DockFilters } from './semanticFilters'

export { NO_FILTERS, toSemanticFilters, type DockFilters }

export interface ImportOutcome {
  fileName: string
  result: DockImportResult | null
  error: UserError | null
}

interface DockState {
  filters: DockFilters
  list: DockListResult | null
  loading: boolean
  error: UserError | null
  selectedId: string | null
  details: LearnwareDetails | null
  detailsError: UserError | null
  importJob: RunningJob | null
  lastImport: ImportOutcome | null
  removeError: UserError | null
  setFilters: (patch: Partial<DockFilters>) => void
  clearFilters: () => void
  refresh: () => Promise<void>
  select: (id: string | null) => Promise<void>
  importPackage: (file: { fileName: string; source: FileSource }) => Promise<void>
  remove: (id: string) => Promise<void>
}

let listRequest = 0
let refreshTimer: ReturnType<typeof setTimeout> | null = null

export const useDockStore = create<DockState>((set, get) => ({
  filters: NO_FILTERS,
  list: null,
  loading: false,
  error: null,
  selectedId: null,
  details: null,
  detailsError: null,
  importJob: null,
  lastImport: null,
  removeError: null,

  setFilters: (patch) => {
    set({ filters: { ...get().filters, ...patch } })
    // Typing refreshes after a pause (Beimingwu's 300 ms debounce); other filters at once.
    if (refreshTimer) clearTimeout(refreshTimer)
    if ('text' in patch) refreshTimer = setTimeout(() => void get().refresh(), 250)
    else void get().refresh()
  },
  clearFilters: () => {
    set({ filters: NO_FILTERS })
    void get().refresh()
  },

  refresh: async () => {
    const request = ++listRequest
    const { filters } = get()
    set({ loading: true })
    try {
      const list = await api.dockList({
        filters: toSemanticFilters(filters),
        statuses: filters.statuses.length ? filters.statuses : undefined,
        limit: 500
      })
      if (request === listRequest) set({ list, loading: false, error: null })
    } catch (thrown) {
      if (request === listRequest) set({ loading: false, error: toUserError(thrown) })
    }
  },

  select: async (id) => {
    set({ selectedId: id, details: null, detailsError: null, removeError: null })
    if (id === null) return
    try {
      const details = await api.dockGet({ id })
      if (get().selectedId === id) set({ details })
    } catch (thrown) {
      if (get().selectedId === id) set({ detailsError: toUserError(thrown) })
    }
  },

  importPackage: async ({ fileName, source }) => {
    set({ lastImport: null })
    try {
      const result = await trackJob(`Importing ${fileName}`, () => api.dockImport({ source }), (importJob) => set({ importJob }))
      set({ lastImport: { fileName, result, error: null } })
      await get().refresh()
      void get().select(result.learnwareId)
    } catch (thrown) {
      set({ lastImport: { fileName, result: null, error: toUserError(thrown) } })
    }
  },

  remove: async (id) => {
    try {
      await api.dockRemove({ id })
      set({ selectedId: null, details: null, removeError: null })
      await get().refresh()
    } catch (thrown) {
      set({ removeError: toUserError(thrown) })
    }
  }
}))

/** A package chosen in a file input or dropped: sent as bytes (works in a browser and on the desktop). */
export function packageBytesSource(fileName: string, bytes: Uint8Array): FileSource {
  return { kind: 'bytes', fileName, base64: bytesToBase64(bytes) }
}
