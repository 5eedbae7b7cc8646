/**
 * The client side of the contract without a server: `createHttpApi` posts JSON with the bearer token and
 * turns envelopes into results or ApiCallErrors, shares one event stream, and `runJob` resolves with the
 * job's result even when the job finished before the call returned, rejects with the job's error, and
 * cancels the job when its signal aborts.
 */

import { describe, expect, it } from 'vitest'
import { createHttpApi, runJob, type Api, type EventSourceLike, type JobEvent } from '../../src/shared/api'

function fakeEventSource() {
  const listeners = new Map<string, ((event: { data: string }) => void)[]>()
  const opened: string[] = []
  return {
    opened,
    open: (url: string): EventSourceLike => {
      opened.push(url)
      return { addEventListener: (type, listener) => listeners.set(type, [...(listeners.get(type) ?? []), listener]), close: () => undefined }
    },
    push: (name: string, payload: unknown) => (listeners.get(name) ?? []).forEach((l) => l({ data: JSON.stringify(payload) }))
  }
}

describe('createHttpApi', () => {
  it('posts JSON with the bearer token and unwraps the envelope', async () => {
    const calls: { url: string; init: { headers: Record<string, string>; body: string } }[] = []
    const events = fakeEventSource()
    const api = createHttpApi({
      token: 't0k', baseUrl: 'http://127.0.0.1:4873',
      fetch: async (url, init) => {
        calls.push({ url, init })
        return url.endsWith('/dockGet')
          ? { status: 422, json: async () => ({ ok: false, error: { code: 'DOCK_NOT_FOUND', message: 'No learnware x' } }) }
          : { status: 200, json: async () => ({ ok: true, data: { name: 'Learnware Dock' } }) }
      },
      openEventSource: events.open
    })
    expect(await api.appInfo()).toEqual({ name: 'Learnware Dock' })
    expect(calls[0]).toMatchObject({ url: 'http://127.0.0.1:4873/api/appInfo', init: { headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' }, body: '{}' } })
    await expect(api.dockGet({ id: 'x' })).rejects.toMatchObject({ name: 'ApiCallError', code: 'DOCK_NOT_FOUND', message: 'No learnware x' })
    expect(api.outputUrl!('out-1')).toBe('http://127.0.0.1:4873/api/outputs/out-1?token=t0k')
  })

  it('says the engine is unreachable when fetch fails', async () => {
    const api = createHttpApi({ token: 't', fetch: async () => { throw new TypeError('fetch failed') }, openEventSource: fakeEventSource().open })
    await expect(api.appInfo()).rejects.toMatchObject({ code: 'DISCONNECTED' })
  })

  it('opens one event stream for every listener, with the token in the query', () => {
    const events = fakeEventSource()
    const api = createHttpApi({ token: 'a b', fetch: async () => ({ status: 200, json: async () => ({}) }), openEventSource: events.open })
    const seen: unknown[] = []
    const stop = api.subscribe('dockChanged', (p) => seen.push(p))
    api.subscribe('job', () => undefined)
    events.push('dockChanged', { reason: 'import', ids: ['lwd-1'] })
    stop()
    events.push('dockChanged', { reason: 'remove', ids: ['lwd-1'] })
    expect(events.opened).toEqual(['/api/events?token=a%20b'])
    expect(seen).toEqual([{ reason: 'import', ids: ['lwd-1'] }])
  })
})

/** An Api whose only working parts are the job calls, driven by the test. */
function fakeJobApi(options: { finishedBeforeTicket?: boolean } = {}) {
  const listeners = new Set<(event: JobEvent) => void>()
  const emit = (event: JobEvent) => listeners.forEach((l) => l(event))
  const cancelled: string[] = []
  const api = {
    subscribe: (_name: string, listener: (event: JobEvent) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    jobGet: async ({ jobId }: { jobId: string }) => ({ jobId, kind: 'specGenerate', status: options.finishedBeforeTicket ? 'done' : 'running', fraction: 1, detail: null, result: options.finishedBeforeTicket ? { k: 9 } : null, error: null, startedAt: '' }),
    jobCancel: async ({ jobId }: { jobId: string }) => {
      cancelled.push(jobId)
      emit({ jobId, kind: 'specGenerate', status: 'cancelled' })
      return { jobId, cancelled: true }
    }
  } as unknown as Api
  return { api, emit, cancelled, listeners }
}

describe('runJob', () => {
  it('resolves with the result and reports progress, even for events that arrived before the ticket', async () => {
    const { api, emit, listeners } = fakeJobApi()
    const progress: number[] = []
    const result = runJob(api, async () => {
      emit({ jobId: 'job-1', kind: 'specGenerate', status: 'progress', fraction: 0.5, detail: null })
      emit({ jobId: 'job-2', kind: 'specGenerate', status: 'done', result: { k: 1 } as never })
      return { jobId: 'job-1', kind: 'specGenerate' as const }
    }, { onProgress: (f) => progress.push(f) })
    await new Promise((r) => setTimeout(r, 0))
    emit({ jobId: 'job-1', kind: 'specGenerate', status: 'done', result: { k: 3 } as never })
    expect(await result).toEqual({ k: 3 })
    expect(progress).toEqual([0.5])
    expect(listeners.size).toBe(0)
  })

  it('catches up through jobGet when the job ended before anyone listened', async () => {
    const { api } = fakeJobApi({ finishedBeforeTicket: true })
    expect(await runJob(api, async () => ({ jobId: 'job-7', kind: 'specGenerate' as const }))).toEqual({ k: 9 })
  })

  it('rejects with the job error, and cancels when the signal aborts', async () => {
    const { api, emit, cancelled } = fakeJobApi()
    const failing = runJob(api, async () => ({ jobId: 'job-3', kind: 'specGenerate' as const }))
    await new Promise((r) => setTimeout(r, 0))
    emit({ jobId: 'job-3', kind: 'specGenerate', status: 'error', error: { code: 'DATA_EMPTY', message: 'No rows', hint: 'Add rows' } })
    await expect(failing).rejects.toMatchObject({ code: 'DATA_EMPTY', hint: 'Add rows' })

    const controller = new AbortController()
    const job = runJob(api, async () => ({ jobId: 'job-4', kind: 'specGenerate' as const }), { signal: controller.signal })
    await new Promise((r) => setTimeout(r, 0))
    controller.abort()
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(cancelled).toEqual(['job-4'])
  })
})
