/**
 * Runs the RKME kernel pass (rbfPass.ts) on both cores: the data rows are split between this thread and
 * worker threads that read the same rows from a SharedArrayBuffer, so nothing large is copied per pass.
 * The worker runs rbfPass's own source text, which keeps this independent of how the engine is bundled
 * (electron-vite, esbuild or vitest) — no worker file has to be found on disk.
 *
 * Example:
 *   const pool = createKernelPassPool(x, rows, d, gamma, { threads: 2 })
 *   try { const { s, w } = await pool.pass(z, k, true) } finally { await pool.close() }
 */

import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { rbfPass, rowSquaredNorms } from './rbfPass'

export type AsyncKernelPass = (z: Float64Array, k: number, withWeightedSum: boolean) => Promise<{ s: Float64Array; w: Float64Array }>

export interface KernelPassPool {
  pass: AsyncKernelPass
  close(): Promise<void>
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const rbfPass = ${rbfPass.toString()}
const x = new Float64Array(workerData.x)
const xNorms = new Float64Array(workerData.xNorms)
parentPort.on('message', (job) => {
  const s = new Float64Array(job.k)
  const w = new Float64Array(job.withWeightedSum ? job.k * workerData.d : 0)
  rbfPass(x, xNorms, workerData.d, job.rowStart, job.rowEnd, job.z, job.zNorms, job.k, workerData.gamma, s, w, job.withWeightedSum)
  parentPort.postMessage({ s, w }, [s.buffer, w.buffer])
})
`

/** Default thread count: both cores of a typical machine, never more than four. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()))
}

export function createKernelPassPool(data: Float64Array, rows: number, d: number, gamma: number, options: { threads?: number } = {}): KernelPassPool {
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), rows))
  const shared = new Float64Array(new SharedArrayBuffer(rows * d * 8))
  shared.set(data)
  const norms = new Float64Array(new SharedArrayBuffer(rows * 8))
  norms.set(rowSquaredNorms(shared, rows, d))
  const workers = Array.from({ length: threads - 1 }, () =>
    new Worker(WORKER_SOURCE, { eval: true, workerData: { x: shared.buffer, xNorms: norms.buffer, d, gamma } })
  )
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * rows) / threads))

  const pass: AsyncKernelPass = async (z, k, withWeightedSum) => {
    const zNorms = rowSquaredNorms(z, k, d)
    const pending = workers.map((worker, t) => runOnWorker(worker, { z, zNorms, k, withWeightedSum, rowStart: bounds[t + 1], rowEnd: bounds[t + 2] }))
    const s = new Float64Array(k)
    const w = new Float64Array(withWeightedSum ? k * d : 0)
    rbfPass(shared, norms, d, bounds[0], bounds[1], z, zNorms, k, gamma, s, w, withWeightedSum)
    for (const part of await Promise.all(pending)) {
      for (let i = 0; i < s.length; i++) s[i] += part.s[i]
      for (let i = 0; i < w.length; i++) w[i] += part.w[i]
    }
    return { s, w }
  }
  return { pass, close: async () => { await Promise.all(workers.map((worker) => worker.terminate())) } }
}

interface PassJob {
  z: Float64Array
  zNorms: Float64Array
  k: number
  withWeightedSum: boolean
  rowStart: number
  rowEnd: number
}

function runOnWorker(worker: Worker, job: PassJob): Promise<{ s: Float64Array; w: Float64Array }> {
  return new Promise((resolve, reject) => {
    const onMessage = (result: { s: Float64Array; w: Float64Array }): void => { cleanup(); resolve(result) }
    const onError = (error: Error): void => { cleanup(); reject(error) }
    const cleanup = (): void => { worker.off('message', onMessage); worker.off('error', onError) }
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.postMessage(job)
  })
}
