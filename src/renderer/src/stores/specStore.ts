/**
 * The Specification screen's view state: the settings (K, γ, seed), the running job and the summary of
 * the spec the engine made. The spec stays in the engine (`specId`); it leaves the machine only when the
 * user saves its JSON deliberately.
 */
import { create } from 'zustand'
import type { SpecSummary } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'
import { useDataStore } from './dataStore'
import { trackJob, type RunningJob } from './jobTracking'

export type GammaChoice = { mode: 'default' } | { mode: 'auto' } | { mode: 'value'; value: number }

interface SpecState {
  k: number
  gamma: GammaChoice
  seed: number
  job: RunningJob | null
  spec: SpecSummary | null
  /** The data version the spec was made from (see dataStore.version). */
  dataVersion: number | null
  error: UserError | null
  setSettings: (patch: Partial<Pick<SpecState, 'k' | 'gamma' | 'seed'>>) => void
  generate: () => Promise<void>
}

export const useSpecStore = create<SpecState>((set, get) => ({
  k: 100,
  gamma: { mode: 'default' },
  seed: 0,
  job: null,
  spec: null,
  dataVersion: null,
  error: null,

  setSettings: (patch) => set(patch),

  generate: async () => {
    const { dataset, version } = useDataStore.getState()
    if (!dataset) return
    const { k, gamma, seed } = get()
    set({ error: null })
    try {
      const spec = await trackJob(
        'Making the specification',
        () =>
          api.specGenerate({
            datasetId: dataset.datasetId,
            k,
            seed,
            gamma: gamma.mode === 'auto' ? 'auto' : gamma.mode === 'value' ? gamma.value : undefined
          }),
        (job) => set({ job })
      )
      set({ spec, dataVersion: version })
    } catch (thrown) {
      set({ error: toUserError(thrown) })
    }
  }
}))

/** The spec, if it was made from the data that is open now. */
export function useCurrentSpec(): SpecSummary | null {
  const spec = useSpecStore((s) => s.spec)
  const specVersion = useSpecStore((s) => s.dataVersion)
  const dataVersion = useDataStore((s) => s.version)
  return spec && specVersion === dataVersion ? spec : null
}
