/**
 * Long jobs as view state: what a progress bar needs (label, fraction, detail) and a way to cancel. Each
 * store keeps one `RunningJob | null` per kind of work and calls `trackJob`, which wraps the contract's
 * `runJob` with an AbortController so Cancel works before the job id is even known.
 *
 * Example:
 *   const spec = await trackJob('Making the specification', () => api.specGenerate({ datasetId }),
 *     (job) => set({ job }))
 *   // while it runs: get().job → { label, fraction: 0.4, detail: 'herding', cancel() }
 */
import { runJob, type JobKind, type JobResults, type JobTicket } from '../../../shared/api'
import { api } from '../api/connection'

export interface RunningJob {
  label: string
  jobId: string | null
  /** 0–1, or null before the first progress event. */
  fraction: number | null
  detail: string | null
  cancelling: boolean
  cancel: () => void
}

export function trackJob<K extends JobKind>(
  label: string,
  start: () => Promise<JobTicket<K>>,
  update: (job: RunningJob | null) => void
): Promise<JobResults[K]> {
  const controller = new AbortController()
  let job: RunningJob = {
    label,
    jobId: null,
    fraction: null,
    detail: null,
    cancelling: false,
    cancel: () => {
      job = { ...job, cancelling: true }
      update(job)
      controller.abort()
    }
  }
  update(job)
  return runJob(api, start, {
    signal: controller.signal,
    onStarted: (ticket) => {
      job = { ...job, jobId: ticket.jobId }
      update(job)
    },
    onProgress: (fraction, detail) => {
      job = { ...job, fraction, detail }
      update(job)
    }
  }).finally(() => update(null))
}
