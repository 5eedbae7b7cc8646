/**
 * What the host pushes to the UI: job progress and outcomes, and "the dock changed" so lists refresh.
 * One typed event map; over IPC each push is `{ name, payload }` on the `api:event` channel, over HTTP an
 * SSE message `event: <name>` with the JSON payload. Progress `fraction` is monotone within a job, and
 * every job ends with exactly one of `done` (with the result), `error` (with a readable message) or
 * `cancelled`.
 *
 * Example:
 *   const stop = api.subscribe('job', (event) => {
 *     if (event.jobId !== jobId) return
 *     if (event.status === 'progress') bar(event.fraction, event.detail)
 *     else if (event.status === 'done' && event.kind === 'specGenerate') show(event.result.k)
 *   })
 */

import type { ApiError } from './errors'
import type { JobKind, JobResults } from './handlers'

export type JobEventOf<K extends JobKind> =
  | { jobId: string; kind: K; status: 'progress'; fraction: number; detail: string | null }
  | { jobId: string; kind: K; status: 'done'; result: JobResults[K] }
  | { jobId: string; kind: K; status: 'error'; error: ApiError }
  | { jobId: string; kind: K; status: 'cancelled' }

export type JobEvent = { [K in JobKind]: JobEventOf<K> }[JobKind]

export interface DockChangedEvent {
  reason: 'import' | 'remove' | 'submit' | 'seed'
  /** Learnwares added or removed. */
  ids: string[]
}

export interface ServerEvents {
  job: JobEvent
  dockChanged: DockChangedEvent
}

export type ServerEventName = keyof ServerEvents

export type ServerEventMessage = { [E in ServerEventName]: { name: E; payload: ServerEvents[E] } }[ServerEventName]

export const SERVER_EVENT_NAMES: readonly ServerEventName[] = ['job', 'dockChanged']

export type Unsubscribe = () => void

export interface EventSubscriber {
  subscribe<E extends ServerEventName>(name: E, listener: (payload: ServerEvents[E]) => void): Unsubscribe
}

export function isTerminalJobEvent(event: JobEvent): boolean {
  return event.status !== 'progress'
}
