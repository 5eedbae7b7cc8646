/**
 * The Export screen's view state: which reuse method over which learnwares (chosen on Search, or the
 * best one on Preview), the bundle job, and its result — the verification, the learnwares and licences
 * inside, the input columns, and the zip to save.
 */
import { create } from 'zustand'
import type { BundleExportResult, ReuseMethodName } from '../../../shared/api'
import { api } from '../api/connection'
import { isCancelled, toUserError, type UserError } from '../api/userError'
import { useDataStore } from './dataStore'
import { trackJob, type RunningJob } from './jobTracking'
import { defaultMethod } from './reuseChoices'
import { useSearchStore } from './searchStore'
import type { StepTone } from './stepStatus'

interface ExportState {
  /** null: the default for the number of learnwares chosen. */
  method: ReuseMethodName | null
  name: string
  description: string
  job: RunningJob | null
  result: BundleExportResult | null
  error: UserError | null
  tone: StepTone | null
  setMethod: (method: ReuseMethodName) => void
  setText: (patch: Partial<Pick<ExportState, 'name' | 'description'>>) => void
  exportBundle: () => Promise<void>
}

export const useExportStore = create<ExportState>((set, get) => ({
  method: null,
  name: '',
  description: '',
  job: null,
  result: null,
  error: null,
  tone: null,

  setMethod: (method) => set({ method }),
  setText: (patch) => set(patch),

  exportBundle: async () => {
    const dataset = useDataStore.getState().dataset
    const learnwareIds = useSearchStore.getState().chosen
    if (!dataset || learnwareIds.length === 0) return
    const method = get().method ?? defaultMethod(learnwareIds.length)
    const { name, description } = get()
    set({ error: null, result: null, tone: 'busy' })
    try {
      const result = await trackJob(
        'Writing the bundle',
        () =>
          api.bundleExport({
            datasetId: dataset.datasetId,
            method,
            learnwareIds,
            name: name.trim() || undefined,
            description: description.trim() || undefined
          }),
        (job) => set({ job })
      )
      set({ result, tone: result.verification.passed ? 'done' : 'failed' })
    } catch (thrown) {
      const error = toUserError(thrown)
      set({ error, tone: isCancelled(error) ? null : 'failed' })
    }
  }
}))
