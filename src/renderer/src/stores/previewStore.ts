/**
 * The Preview screen's view state: the methods and labelled-row budget asked for, the preview job and its
 * result (metrics per candidate, confusion matrices), the learning-curve job and its result, and which
 * confusion-matrix cell is open. The learnwares are the ones chosen on Search; the data are those of the
 * kind chosen on the Data step (reuseData.ts): the table with its target, labelled images (their class names
 * can be given, e.g. for an IDX file's codes) or texts with the label column chosen here. The Export step
 * exports from the same data and choices (`reuseRequest`).
 */
import { create } from 'zustand'
import type { ReuseCurveResult, ReuseMethodName, ReusePreviewResult } from '../../../shared/api'
import { applicableMethods, bestCandidate, curveSizes, defaultBudget } from './reuseChoices'
import { api } from '../api/connection'
import { isCancelled, toUserError, type UserError } from '../api/userError'
import { useDataStore } from './dataStore'
import { trackJob, type RunningJob } from './jobTracking'
import { useMediaStore } from './mediaStore'
import { ITEM_WORD, previewDataOf, reuseDataArgs, type PreviewData, type ReuseDataArgs } from './reuseData'
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
  /** Texts: the column holding each text's class. */
  labelColumn: string
  /** Images: new names for their classes, comma-separated in the order the Data step lists them ('' keeps them). */
  classNames: string
  setLabelColumn: (labelColumn: string) => void
  setClassNames: (classNames: string) => void
  setMethods: (methods: ReuseMethodName[]) => void
  setBudget: (patch: Partial<Pick<PreviewState, 'labelledRows' | 'repeats'>>) => void
  showMatrix: (candidateId: string) => void
  openCell: (cell: [number, number] | null) => void
  run: () => Promise<void>
  runCurve: () => Promise<void>
}

export function usePreviewData(): PreviewData | null {
  const kind = useMediaStore((s) => s.kind)
  const imageSet = useMediaStore((s) => s.imageSet)
  const textSet = useMediaStore((s) => s.textSet)
  const dataset = useDataStore((s) => s.dataset)
  const labelColumn = usePreviewStore((s) => s.labelColumn)
  return previewDataOf(kind, dataset, imageSet, textSet, labelColumn)
}

/**
 * The data and learnwares a reuse call would send now (the Preview and Export steps send the same), or
 * null while something is missing (no data, no label column, no learnware chosen).
 */
export function reuseRequest(): { data: PreviewData; learnwareIds: string[]; dataArgs: ReuseDataArgs } | null {
  const { kind, imageSet, textSet } = useMediaStore.getState()
  const choices = usePreviewStore.getState()
  const data = previewDataOf(kind, useDataStore.getState().dataset, imageSet, textSet, choices.labelColumn)
  const learnwareIds = useSearchStore.getState().chosen
  if (!data || data.missing || !learnwareIds.length) return null
  return { data, learnwareIds, dataArgs: reuseDataArgs(data, choices) }
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
  labelColumn: '',
  classNames: '',

  setLabelColumn: (labelColumn) => set({ labelColumn }),
  setClassNames: (classNames) => set({ classNames }),
  setMethods: (methods) => set({ methods }),
  setBudget: (patch) => set(patch),
  showMatrix: (matrixCandidate) => set({ matrixCandidate, cell: null }),
  openCell: (cell) => set({ cell }),

  run: async () => {
    const asked = reuseRequest()
    if (!asked) return
    const { data, learnwareIds, dataArgs } = asked
    const methods = (get().methods ?? applicableMethods(learnwareIds.length)).filter((m) => applicableMethods(learnwareIds.length).includes(m))
    set({ error: null, tone: 'busy', cell: null })
    try {
      const result = await trackJob(
        `Trying the learnwares on your ${ITEM_WORD[data.kind]}s`,
        () =>
          api.reusePreview({
            ...dataArgs,
            learnwareIds,
            methods,
            labelledRows: get().labelledRows ?? defaultBudget(data.rows),
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
    const asked = reuseRequest()
    if (!asked) return
    const { data, learnwareIds, dataArgs } = asked
    const methods = (get().methods ?? applicableMethods(learnwareIds.length)).filter((m) => applicableMethods(learnwareIds.length).includes(m))
    set({ curveError: null })
    try {
      const curve = await trackJob(
        'Drawing the learning curve',
        () => api.reuseCurve({ ...dataArgs, learnwareIds, methods, sizes: curveSizes(data.rows), repeats: Math.min(get().repeats, 3) }),
        (curveJob) => set({ curveJob })
      )
      set({ curve })
    } catch (thrown) {
      set({ curveError: toUserError(thrown) })
    }
  }
}))

