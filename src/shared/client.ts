/**
 * The API as a screen uses it — the same object on the desktop (the preload's `window.api`) and in a
 * browser (`createHttpApi`, talking to the web-mode server on 127.0.0.1) — plus `runJob`, which starts a
 * long job and resolves with its typed result. Transport details (fetch, EventSource) are passed in, so
 * this file needs nothing from the DOM or Node.
 *
 * Example (renderer start-up):
 *   const token = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META_NAME}"]`)?.content
 *   const api: Api = window.api ?? createHttpApi({ token: token!, fetch: (u, i) => fetch(u, i),
 *     openEventSource: (url) => new EventSource(url) })
 *   const spec = await runJob(api, () => api.specGenerate({ datasetId }), { onProgress: (f, d) => bar(f, d) })
 */

import { API_PATH_PREFIX, EVENTS_PATH, OUTPUTS_PATH_PREFIX, TOKEN_QUERY_PARAM } from './channels'
import type { JobTicket } from './contract/jobs'
import type { DesktopApi } from './desktop'
import { ApiCallError, type ApiError, type Envelope } from './errors'
import { SERVER_EVENT_NAMES, type EventSubscriber, type JobEvent, type ServerEventName, type ServerEvents, type Unsubscribe } from './events'
import { HANDLER_NAMES, type HandlerName, type Handlers, type JobKind, type JobResults } from './handlers'

/** What `window.api` is on the desktop, and what `createHttpApi` returns in a browser. */
export type Api = Handlers & EventSubscriber & {
  /** Native dialogs and external links; only in the desktop app. */
  desktop?: DesktopApi
  /** Where to download an output in web mode (`null` on the desktop: use `outputSave`). */
  outputUrl?: (outputId: string) => string
}

export interface FetchResponseLike {
  status: number
  json(): Promise<unknown>
}

export type FetchLike = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<FetchResponseLike>

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data: string }) => void): void
  close(): void
}

export interface HttpApiOptions {
  /** The page's token (from the `learnware-dock-token` meta tag). */
  token: string
  /** '' (same origin, the default) or `http://127.0.0.1:4873`. */
  baseUrl?: string
  fetch: FetchLike
  openEventSource: (url: string) => EventSourceLike
}

export function createHttpApi(options: HttpApiOptions): Api {
  const baseUrl = options.baseUrl ?? ''
  const call = async (name: HandlerName, args: unknown): Promise<unknown> => {
    let envelope: unknown
    try {
      const response = await options.fetch(`${baseUrl}${API_PATH_PREFIX}${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify(args ?? {})
      })
      envelope = await response.json()
    } catch (cause) {
      throw new ApiCallError({ code: 'DISCONNECTED', message: `The engine did not answer ${name} (${messageOf(cause)})`, hint: 'Is the Learnware Dock server still running?' })
    }
    return unwrap(envelope as Envelope<unknown>)
  }
  const handlers = Object.fromEntries(HANDLER_NAMES.map((name) => [name, (args?: unknown) => call(name, args)])) as unknown as Handlers
  const query = `${TOKEN_QUERY_PARAM}=${encodeURIComponent(options.token)}`
  const events = createEventHub(() => options.openEventSource(`${baseUrl}${EVENTS_PATH}?${query}`))
  return { ...handlers, subscribe: events.subscribe, outputUrl: (outputId) => `${baseUrl}${OUTPUTS_PATH_PREFIX}${encodeURIComponent(outputId)}?${query}` }
}

/** Data of a successful envelope; the error (as an ApiCallError) of a failed one. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope && envelope.ok === true) return envelope.data
  if (envelope && envelope.ok === false && envelope.error) throw new ApiCallError(envelope.error)
  throw new ApiCallError({ code: 'INTERNAL', message: 'The engine gave an answer the app cannot read' })
}

/** One event stream shared by every listener, opened on the first subscription. */
function createEventHub(open: () => EventSourceLike): EventSubscriber {
  const listeners = new Map<ServerEventName, Set<(payload: never) => void>>()
  let source: EventSourceLike | null = null
  const dispatch = (name: ServerEventName, data: string) => {
    let payload: unknown
    try {
      payload = JSON.parse(data)
    } catch {
      return
    }
    for (const listener of [...(listeners.get(name) ?? [])]) (listener as (p: unknown) => void)(payload)
  }
  return {
    subscribe<E extends ServerEventName>(name: E, listener: (payload: ServerEvents[E]) => void): Unsubscribe {
      if (!source) {
        source = open()
        for (const eventName of SERVER_EVENT_NAMES) source.addEventListener(eventName, (event) => dispatch(eventName, event.data))
      }
      const set = listeners.get(name) ?? new Set()
      set.add(listener as (payload: never) => void)
      listeners.set(name, set)
      return () => void set.delete(listener as (payload: never) => void)
    }
  }
}

export interface RunJobOptions {
  /** Progress 0–1 (monotone) with an optional line of detail. */
  onProgress?: (fraction: number, detail: string | null) => void
  /** Aborting cancels the job (`jobCancel`); the promise then rejects with code CANCELLED. */
  signal?: AbortSignal
  /** Told the job id as soon as it is known (e.g. to offer a Cancel button). */
  onStarted?: (ticket: JobTicket) => void
}

/**
 * Starts a job and resolves with its result; rejects with an ApiCallError (code `CANCELLED` when
 * cancelled). Listens before starting and asks `jobGet` once after, so no event is missed.
 */
export function runJob<K extends JobKind>(api: Handlers & EventSubscriber, start: () => Promise<JobTicket<K>>, options: RunJobOptions = {}): Promise<JobResults[K]> {
  return new Promise<JobResults[K]>((resolve, reject) => {
    let jobId: string | null = null
    let finished = false
    const early: JobEvent[] = []
    const finish = (outcome: { result: JobResults[K] } | { error: ApiError }) => {
      if (finished) return
      finished = true
      unsubscribe()
      options.signal?.removeEventListener('abort', onAbort)
      if ('result' in outcome) resolve(outcome.result)
      else reject(new ApiCallError(outcome.error))
    }
    const handle = (event: JobEvent) => {
      if (event.status === 'progress') options.onProgress?.(event.fraction, event.detail)
      else if (event.status === 'done') finish({ result: event.result as JobResults[K] })
      else if (event.status === 'error') finish({ error: event.error })
      else finish({ error: { code: 'CANCELLED', message: 'Cancelled' } })
    }
    const unsubscribe = api.subscribe('job', (event) => {
      if (jobId === null) early.push(event)
      else if (event.jobId === jobId) handle(event)
    })
    const onAbort = () => {
      if (jobId !== null) void api.jobCancel({ jobId }).catch(() => undefined)
    }
    options.signal?.addEventListener('abort', onAbort)
    start().then(
      async (ticket) => {
        jobId = ticket.jobId
        options.onStarted?.(ticket)
        for (const event of early.splice(0)) if (event.jobId === jobId) handle(event)
        if (options.signal?.aborted) onAbort()
        if (finished) return
        const state = await api.jobGet({ jobId }).catch(() => null)
        if (!state || finished) return
        if (state.status === 'done') finish({ result: state.result as JobResults[K] })
        else if (state.status === 'error' && state.error) finish({ error: state.error })
        else if (state.status === 'cancelled') finish({ error: { code: 'CANCELLED', message: 'Cancelled' } })
      },
      (error: unknown) => {
        finished = true
        unsubscribe()
        options.signal?.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
