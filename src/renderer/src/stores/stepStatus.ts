/**
 * The sidebar's status lights, derived from the stores (KNIME's traffic lights): grey = not started,
 * amber = ready to do, blue = working, green = done, red = the last attempt failed.
 */
import { useDataStore } from './dataStore'
import { useActiveSearchData, useMediaStore } from './mediaStore'
import { useDockStore } from './dockStore'
import type { ScreenId } from './navigation'
import { useSearchStore } from './searchStore'
import { useCurrentSpec, useSpecStore } from './specStore'
import { useSubmitStore } from './submitStore'
import { usePreviewData, usePreviewStore } from './previewStore'
import { useExportStore } from './exportStore'
import { isCancelled, type UserError } from '../api/userError'

export type StepTone = 'idle' | 'ready' | 'busy' | 'done' | 'failed'

export function useStepStatus(): Record<ScreenId, StepTone> {
  const dockSize = useDockStore((s) => s.list?.dockSize ?? null)
  const importing = useDockStore((s) => s.importJob !== null)
  const dockError = useDockStore((s) => s.error)
  const dataset = useDataStore((s) => s.dataset)
  const dataBusy = useDataStore((s) => s.busy)
  const dataError = useDataStore((s) => s.error)
  const searchData = useActiveSearchData()
  const mediaBusy = useMediaStore((s) => s.busy)
  const mediaError = useMediaStore((s) => s.error)
  const spec = useCurrentSpec()
  const specJob = useSpecStore((s) => s.job)
  const specError = useSpecStore((s) => s.error)
  const search = useSearchStore((s) => s.result)
  const searchJob = useSearchStore((s) => s.job)
  const searchError = useSearchStore((s) => s.error)
  const chosen = useSearchStore((s) => s.chosen)
  const submit = useSubmitStore((s) => s.result)
  const submitJob = useSubmitStore((s) => s.job)
  const submitError = useSubmitStore((s) => s.error)
  const preview = usePreviewStore((s) => s.tone)
  const previewData = usePreviewData()
  const exported = useExportStore((s) => s.tone)
  return {
    dock: importing ? 'busy' : dockError ? 'failed' : dockSize ? 'done' : 'idle',
    data: dataBusy || mediaBusy ? 'busy' : dataError || mediaError ? 'failed' : searchData ? 'done' : 'ready',
    spec: specJob ? 'busy' : failed(specError) ? 'failed' : spec ? 'done' : dataset ? 'ready' : 'idle',
    search: searchJob ? 'busy' : failed(searchError) ? 'failed' : search ? 'done' : 'ready',
    preview: preview ?? (chosen.length && previewData && (previewData.kind === 'texts' || !previewData.missing) ? 'ready' : 'idle'),
    export: exported ?? 'idle',
    submit: submitJob ? 'busy' : failed(submitError) ? 'failed' : submit ? 'done' : 'idle'
  }
}

function failed(error: UserError | null): boolean {
  return error !== null && !isCancelled(error)
}
