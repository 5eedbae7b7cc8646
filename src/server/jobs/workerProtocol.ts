/**
 * Messages between the host and a job worker. The host starts a worker per task with
 * `workerData = { task, input }`; the worker streams progress and ends with `done` or `error`; the host
 * may ask it to cancel (an AbortSignal inside the worker), and terminates it if it does not stop in time.
 */

import type { ApiError } from '../../shared/api'

export interface WorkerStart {
  task: string
  input: unknown
}

export type HostToWorker = { type: 'cancel' }

export type WorkerToHost =
  | { type: 'progress'; fraction: number; detail: string | null }
  | { type: 'done'; output: unknown }
  | { type: 'error'; error: ApiError }
