/**
 * Long work (specs, search with data, imports, packing …) runs as jobs off the UI's thread: the starting
 * call answers `{ jobId, kind }` at once; progress, the result, an error or the cancellation arrive as
 * `job` events (see events.ts). `jobGet` answers the same for a page that reconnects.
 *
 * Example:
 *   const { jobId } = await api.specGenerate({ datasetId })
 *   await api.jobCancel({ jobId })      // → { jobId, cancelled: true } while it runs
 */

import { z } from 'zod'
import type { ApiError } from '../errors'
import { EntityId } from './common'

export const JobIdArgs = z.strictObject({ jobId: EntityId })

export type JobStatus = 'queued' | 'running' | 'done' | 'error' | 'cancelled'

export interface JobTicket<K extends string = string> {
  jobId: string
  kind: K
}

export interface JobState<K extends string = string, R = unknown> {
  jobId: string
  kind: K
  status: JobStatus
  /** 0–1, monotone. */
  fraction: number
  detail: string | null
  /** When `status` is 'done'. */
  result: R | null
  /** When `status` is 'error'. */
  error: ApiError | null
  startedAt: string
}

export interface JobCancelResult {
  jobId: string
  /** False when the job had already finished. */
  cancelled: boolean
}
