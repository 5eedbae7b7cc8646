/**
 * Runs one engine task in a `worker_threads` Worker built from `out/server/jobWorker.cjs`, so long work
 * (loading a big CSV, fitting a spec, searching, checking a package) never blocks the thread that answers
 * the UI. Cancelling posts `cancel` (the worker aborts its AbortSignal, which the engine checks) and, if the
 * worker is still busy after `graceMs`, terminates it — the dock's imports are crash-safe, so a killed
 * worker leaves at worst a staging file the next open removes.
 *
 * Example:
 *   const view = await runWorkerTask(entry, 'openTable', input, { signal, onProgress: (f, d) => … })
 */

import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { HostError, RemoteError } from '../errors'
import type { TaskInput, TaskName, TaskOutput } from './tasks'
import type { HostToWorker, WorkerStart, WorkerToHost } from './workerProtocol'

export interface WorkerTaskOptions {
  signal?: AbortSignal
  onProgress?: (fraction: number, detail: string | null) => void
  /** How long a cancelled worker may take to stop before it is terminated (default 2 s). */
  graceMs?: number
  /** Objects to move rather than copy into the worker. */
  transfer?: ArrayBuffer[]
}

export function runWorkerTask<T extends TaskName>(entry: string, task: T, input: TaskInput<T>, options: WorkerTaskOptions = {}): Promise<TaskOutput<T>> {
  if (!existsSync(entry)) {
    return Promise.reject(new HostError('INTERNAL', `The job worker ${entry} is missing`, 'Build the app first: npm run build.'))
  }
  if (options.signal?.aborted) return Promise.reject(cancelled())
  return new Promise<TaskOutput<T>>((resolve, reject) => {
    const start: WorkerStart = { task, input }
    const worker = new Worker(entry, { workerData: start, transferList: options.transfer, stdout: false, stderr: false })
    let settled = false
    let killTimer: NodeJS.Timeout | undefined
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(killTimer)
      options.signal?.removeEventListener('abort', onAbort)
      outcome()
      void worker.terminate()
    }
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' } satisfies HostToWorker)
      killTimer = setTimeout(() => settle(() => reject(cancelled())), options.graceMs ?? 2000)
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (message: WorkerToHost) => {
      if (message.type === 'progress') options.onProgress?.(message.fraction, message.detail)
      else if (message.type === 'done') settle(() => resolve(message.output as TaskOutput<T>))
      else settle(() => reject(new RemoteError(message.error)))
    })
    worker.on('error', (error) => settle(() => reject(error)))
    worker.on('exit', (code) => {
      settle(() => reject(options.signal?.aborted ? cancelled() : new HostError('INTERNAL', `The job worker stopped unexpectedly (exit code ${code})`)))
    })
  })
}

function cancelled(): HostError {
  return new HostError('CANCELLED', 'Cancelled')
}
