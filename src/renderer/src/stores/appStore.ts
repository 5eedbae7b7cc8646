/**
 * What the whole app needs once: who we are (AppInfo: desktop or web, the dock folder, the starter-dock
 * seeding job) and Beimingwu's vocabulary for filters and the Submit wizard. Loaded at start-up.
 */
import { create } from 'zustand'
import type { AppInfo, SemanticVocabulary } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'

interface AppState {
  info: AppInfo | null
  vocabulary: SemanticVocabulary | null
  error: UserError | null
  /** The starter dock is being seeded (first launch). */
  seeding: { fraction: number; detail: string | null } | null
  load: () => Promise<void>
}

export const EMPTY_VOCABULARY: SemanticVocabulary = {
  dataTypes: [],
  tasks: [],
  libraries: [],
  scenarios: [],
  licenses: [],
  packTasks: [],
  statuses: []
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  vocabulary: null,
  error: null,
  seeding: null,
  load: async () => {
    try {
      const [info, vocabulary] = await Promise.all([api.appInfo(), api.vocabularyGet()])
      set({ info, vocabulary, error: null })
      if (info.starterJobId) followStarterSeed(info.starterJobId, set)
    } catch (thrown) {
      set({ error: toUserError(thrown) })
    }
  }
}))

function followStarterSeed(jobId: string, set: (patch: Partial<AppState>) => void): void {
  const stop = api.subscribe('job', (event) => {
    if (event.jobId !== jobId) return
    if (event.status === 'progress') set({ seeding: { fraction: event.fraction, detail: event.detail } })
    else {
      set({ seeding: null })
      stop()
    }
  })
  void api.jobGet({ jobId }).then(
    (state) => {
      if (state.status === 'queued' || state.status === 'running') set({ seeding: { fraction: state.fraction, detail: state.detail } })
      else {
        set({ seeding: null })
        stop()
      }
    },
    () => undefined
  )
}
