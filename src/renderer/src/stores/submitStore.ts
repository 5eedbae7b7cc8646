/**
 * The Submit wizard's view state: the ONNX model and training data chosen, the semantic description
 * (Beimingwu's vocabulary), the packing job (spec made here, checker run) and its result: the new
 * learnware's id, the checker's verdict and the zip to save.
 */
import { create } from 'zustand'
import type { FileSource, SubmitResult } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'
import { activeSearchData, type SearchData } from './mediaStore'
import { trackJob, type RunningJob } from './jobTracking'

export type SubmitStep = 'files' | 'describe' | 'pack'

export interface ChosenFile {
  source: FileSource
  displayName: string
}

export interface SubmitSemanticDraft {
  name: string
  description: string
  task: 'Classification' | 'Regression'
  scenarios: string[]
  license: string
  library: string
}

interface SubmitState {
  step: SubmitStep
  model: ChosenFile | null
  training: ChosenFile | null
  /** Use the table open on the Data step instead of `training`. */
  useOpenData: boolean
  target: string
  semantic: SubmitSemanticDraft
  addToDock: boolean
  job: RunningJob | null
  result: SubmitResult | null
  error: UserError | null
  setStep: (step: SubmitStep) => void
  setModel: (file: ChosenFile | null) => void
  setTraining: (file: ChosenFile | null) => void
  setUseOpenData: (useOpenData: boolean) => void
  setTarget: (target: string) => void
  setSemantic: (patch: Partial<SubmitSemanticDraft>) => void
  setAddToDock: (addToDock: boolean) => void
  pack: () => Promise<void>
  reset: () => void
}

/** 'open': the data open on the Data step (a table, images or texts); a file; or null when neither is there. */
export function trainingChoice(state: Pick<SubmitState, 'training' | 'useOpenData'>, hasOpenData: boolean): 'open' | ChosenFile | null {
  if (state.useOpenData && hasOpenData) return 'open'
  return state.training
}

/** Images carry their labels (sub-folders); tables and texts name the label column. */
export function needsTarget(state: Pick<SubmitState, 'training' | 'useOpenData'>, open: SearchData | null): boolean {
  return !(trainingChoice(state, open !== null) === 'open' && open?.kind === 'images')
}

const EMPTY_SEMANTIC: SubmitSemanticDraft = { name: '', description: '', task: 'Classification', scenarios: [], license: 'MIT', library: 'Others' }

/** What is still missing before packing, in words; empty when ready. */
export function submitProblems(state: Pick<SubmitState, 'model' | 'training' | 'useOpenData' | 'target' | 'semantic'>, open: SearchData | null): string[] {
  const problems: string[] = []
  if (!state.model) problems.push('Choose the ONNX model file.')
  if (!trainingChoice(state, open !== null)) problems.push('Choose the CSV the model was trained on (or open it on the Data step).')
  if (needsTarget(state, open) && !state.target.trim()) problems.push('Name the target column (what the model predicts).')
  if (!state.semantic.name.trim()) problems.push('Give the learnware a name.')
  if (!state.semantic.description.trim()) problems.push('Describe what it does.')
  if (state.semantic.scenarios.length === 0) problems.push('Pick at least one scenario.')
  return problems
}

export const useSubmitStore = create<SubmitState>((set, get) => ({
  step: 'files',
  model: null,
  training: null,
  useOpenData: true,
  target: '',
  semantic: EMPTY_SEMANTIC,
  addToDock: true,
  job: null,
  result: null,
  error: null,

  setStep: (step) => set({ step }),
  setModel: (model) => set({ model, result: null }),
  setTraining: (training) => set({ training, result: null }),
  setUseOpenData: (useOpenData) => set({ useOpenData, result: null }),
  setTarget: (target) => set({ target }),
  setSemantic: (patch) => set({ semantic: { ...get().semantic, ...patch } }),
  setAddToDock: (addToDock) => set({ addToDock }),

  pack: async () => {
    const { model, target, semantic, addToDock } = get()
    const open = activeSearchData()
    const training = trainingChoice(get(), open !== null)
    if (!model || !training) return
    set({ error: null, result: null })
    try {
      const result = await trackJob(
        'Packing and checking the learnware',
        () =>
          api.submitPack({
            model: model.source,
            training: training === 'open' ? openTraining(open!) : { source: training.source },
            ...(needsTarget(get(), open) ? { target: target.trim() } : {}),
            semantic: {
              name: semantic.name.trim(),
              description: semantic.description.trim(),
              task: semantic.task,
              scenarios: semantic.scenarios,
              license: semantic.license,
              library: semantic.library || undefined
            },
            addToDock
          }),
        (job) => set({ job })
      )
      set({ result })
    } catch (thrown) {
      set({ error: toUserError(thrown) })
    }
  },

  reset: () => set({ step: 'files', model: null, training: null, target: '', semantic: EMPTY_SEMANTIC, result: null, error: null })
}))

/** The Data step's open data as the training data of submitPack. */
function openTraining(open: SearchData): { datasetId: string } | { imageSetId: string } | { textSetId: string } {
  if (open.kind === 'images') return { imageSetId: open.id }
  if (open.kind === 'texts') return { textSetId: open.id }
  return { datasetId: open.id }
}
