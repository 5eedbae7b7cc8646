/**
 * The Export screen's view state: which reuse method over which learnwares (chosen on Search, or the
 * best one on Preview), the bundle job, and its result — the verification, the learnwares and licences
 * inside, the input columns (or, for images and texts, how the bundle takes them), and the zip to save.
 * The data are those the Preview step uses (`reuseRequest`: the table, labelled images, or texts with
 * the label column chosen there or here).
 */
import { create } from 'zustand'
import type { BundleExportResult, ReuseMethodName } from '../../../shared/api'
import { api } from '../api/connection'
import { isCancelled, toUserError, type UserError } from '../api/userError'
import { trackJob, type RunningJob } from './jobTracking'
import { reuseRequest } from './previewStore'
import { defaultMethod } from './reuseChoices'
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
    const asked = reuseRequest()
    if (!asked) return
    const { learnwareIds, dataArgs } = asked
    const method = get().method ?? defaultMethod(learnwareIds.length)
    const { name, description } = get()
    set({ error: null, result: null, tone: 'busy' })
    try {
      const result = await trackJob(
        'Writing the bundle',
        () =>
          api.bundleExport({
            ...dataArgs,
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
