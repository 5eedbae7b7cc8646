/**
 * The job worker's entry (bundled to out/server/jobWorker.cjs by scripts/build-cli.mjs): runs the one task
 * named in `workerData` with an AbortSignal the host can fire, streams its progress (throttled, monotone)
 * and posts the result or the error as `{ code, message, hint }`.
 */

import { parentPort, workerData } from 'node:worker_threads'
import { toApiError } from '../errors'
import { TASKS, type TaskName } from './tasks'
import type { HostToWorker, WorkerStart, WorkerToHost } from './workerProtocol'

const port = parentPort
if (!port) throw new Error('jobWorker.cjs runs inside a worker thread only')

const start = workerData as WorkerStart
const controller = new AbortController()
port.on('message', (message: HostToWorker) => {
  if (message.type === 'cancel') controller.abort()
})

const post = (message: WorkerToHost) => port.postMessage(message)

let last = -1
let lastDetail: string | null = null
let lastPostedAt = 0
const report = (fraction: number, detail: string | null) => {
  const value = Math.min(1, Math.max(last, Number.isFinite(fraction) ? fraction : 0))
  const now = Date.now()
  // Throttled: a spec fit can report thousands of steps; the UI needs a few per second.
  if (value - last < 0.01 && detail === lastDetail && now - lastPostedAt < 100) return
  last = value
  lastDetail = detail
  lastPostedAt = now
  post({ type: 'progress', fraction: value, detail })
}

async function run(): Promise<void> {
  const task = TASKS[start.task as TaskName] as ((input: unknown, ctx: { signal: AbortSignal; report: typeof report }) => Promise<unknown>) | undefined
  if (!task) throw new Error(`Unknown job task ${start.task}`)
  const output = await task(start.input, { signal: controller.signal, report })
  post({ type: 'done', output })
}

run().catch((error: unknown) => {
  post({ type: 'error', error: toApiError(error, (message, cause) => console.error(message, cause)) })
})
