/**
 * The Preview screen's view state: the methods and labelled-row budget asked for, the preview job and its
 * result (metrics per candidate, confusion matrices), the learning-curve job and its result, and which
 * confusion-matrix cell is open. The learnwares are the ones chosen on Search.
 */
import { create } from 'zustand'
import type { ReuseCurveResult, ReuseMethodName, ReusePreviewResult } from '../../../shared/api'
import { applicableMethods, bestCandidate, curveSizes, defaultBudget } from './reuseChoices'
import { api } from '../api/connection'
import { isCancelled, toUserError, type UserError } from '../api/userError'
import { useDataStore } from './dataStore'
import { trackJob, type RunningJob } from './jobTracking'
import { useSearchStore } from './searchStore'
import type { StepTone } from './stepStatus'

interface PreviewState {
  /** null: every method that applies to the number of learnwares chosen. */
  methods: ReuseMethodName[] | null
  /** null: min(100, half the rows). */
  labelledRows: number | null
  repeats: number
  job: RunningJob | null
  result: ReusePreviewResult | null
  error: UserError | null
  curveJob: RunningJob | null
  curve: ReuseCurveResult | null
  curveError: UserError | null
  /** Candidate whose confusion matrix is shown, and the open cell. */
  matrixCandidate: string | null
  cell: [number, number] | null
  tone: StepTone | null
  setMethods: (methods: ReuseMethodName[]) => void
  setBudget: (patch: Partial<Pick<PreviewState, 'labelledRows' | 'repeats'>>) => void
  showMatrix: (candidateId: string) => void
  openCell: (cell: [number, number] | null) => void
  run: () => Promise<void>
  runCurve: () => Promise<void>
}

function request() {
  const dataset = useDataStore.getState().dataset
  const learnwareIds = useSearchStore.getState().chosen
  return dataset && dataset.target && learnwareIds.length ? { dataset, learnwareIds } : null
}

export const usePreviewStore = create<PreviewState>((set, get) => ({
  methods: null,
  labelledRows: null,
  repeats: 5,
  job: null,
  result: null,
  error: null,
  curveJob: null,
  curve: null,
  curveError: null,
  matrixCandidate: null,
  cell: null,
  tone: null,

  setMethods: (methods) => set({ methods }),
  setBudget: (patch) => set(patch),
  showMatrix: (matrixCandidate) => set({ matrixCandidate, cell: null }),
  openCell: (cell) => set({ cell }),

  run: async () => {
    const asked = request()
    if (!asked) return
    const { dataset, learnwareIds } = asked
    const methods = (get().methods ?? applicableMethods(learnwareIds.length)).filter((m) => applicableMethods(learnwareIds.length).includes(m))
    set({ error: null, tone: 'busy', cell: null })
    try {
      const result = await trackJob(
        'Trying the learnwares on your rows',
        () =>
          api.reusePreview({
            datasetId: dataset.datasetId,
            learnwareIds,
            methods,
            labelledRows: get().labelledRows ?? defaultBudget(dataset.rowsKept),
            repeats: get().repeats
          }),
        (job) => set({ job })
      )
      set({ result, tone: 'done', matrixCandidate: bestCandidate(result)?.id ?? null })
    } catch (thrown) {
      const error = toUserError(thrown)
      set({ error, tone: isCancelled(error) ? (get().result ? 'done' : null) : 'failed' })
    }
  },

  runCurve: async () => {
    const asked = request()
    if (!asked) return
    const { dataset, learnwareIds } = asked
    const methods = (get().methods ?? applicableMethods(learnwareIds.length)).filter((m) => applicableMethods(learnwareIds.length).includes(m))
    set({ curveError: null })
    try {
      const curve = await trackJob(
        'Drawing the learning curve',
        () => api.reuseCurve({ datasetId: dataset.datasetId, learnwareIds, methods, sizes: curveSizes(dataset.rowsKept), repeats: Math.min(get().repeats, 3) }),
        (curveJob) => set({ curveJob })
      )
      set({ curve })
    } catch (thrown) {
      set({ curveError: toUserError(thrown) })
    }
  }
}))

