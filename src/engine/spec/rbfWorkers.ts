/**
 * Runs the RKME kernel pass (rbfPass.ts) on both cores: the data rows are split between this thread and
 * worker threads that read the same rows from a SharedArrayBuffer, so nothing large is copied per pass.
 * The worker runs rbfPass's own source text, which keeps this independent of how the engine is bundled
 * (electron-vite, esbuild or vitest) — no worker file has to be found on disk. Rows are summed in fixed
 * chunks added in chunk order, so the result is bit-identical for any number of threads.
 *
 * Example:
 *   const pool = createKernelPassPool(x, rows, d, gamma, { threads: 2 })
 *   try { const { s, w } = await pool.pass(z, k, true) } finally { await pool.close() }
 */

import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { addChunkPartials, PASS_CHUNK_ROWS, rbfChunkPartials, rbfPass, rowSquaredNorms } from './rbfPass'

export type AsyncKernelPass = (z: Float64Array, k: number, withWeightedSum: boolean) => Promise<{ s: Float64Array; w: Float64Array }>

export interface KernelPassPool {
  pass: AsyncKernelPass
  close(): Promise<void>
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const rbfPass = ${rbfPass.toString()}
const rbfChunkPartials = ${rbfChunkPartials.toString()}
const x = new Float64Array(workerData.x)
const xNorms = new Float64Array(workerData.xNorms)
parentPort.on('message', (job) => {
  const partials = rbfChunkPartials(rbfPass, x, xNorms, workerData.d, workerData.rows, workerData.chunkRows,
    job.chunkFrom, job.chunkTo, job.z, job.zNorms, job.k, workerData.gamma, job.withWeightedSum)
  parentPort.postMessage(partials, [partials.buffer])
})
`

/** Default thread count: both cores of a typical machine, never more than four. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()))
}

export function createKernelPassPool(data: Float64Array, rows: number, d: number, gamma: number, options: { threads?: number } = {}): KernelPassPool {
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), Math.ceil(rows / PASS_CHUNK_ROWS)))
  const shared = new Float64Array(new SharedArrayBuffer(rows * d * 8))
  shared.set(data)
  const norms = new Float64Array(new SharedArrayBuffer(rows * 8))
  norms.set(rowSquaredNorms(shared, rows, d))
  const chunkRows = PASS_CHUNK_ROWS
  const chunks = Math.ceil(rows / chunkRows)
  const workers = Array.from({ length: threads - 1 }, () =>
    new Worker(WORKER_SOURCE, { eval: true, workerData: { x: shared.buffer, xNorms: norms.buffer, d, gamma, rows, chunkRows } })
  )
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * chunks) / threads))

  const pass: AsyncKernelPass = async (z, k, withWeightedSum) => {
    const zNorms = rowSquaredNorms(z, k, d)
    const pending = workers.map((worker, t) => runOnWorker(worker, { z, zNorms, k, withWeightedSum, chunkFrom: bounds[t + 1], chunkTo: bounds[t + 2] }))
    const own = rbfChunkPartials(rbfPass, shared, norms, d, rows, chunkRows, bounds[0], bounds[1], z, zNorms, k, gamma, withWeightedSum)
    const parts = [own, ...(await Promise.all(pending))]
    const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0))
    let offset = 0
    for (const part of parts) { all.set(part, offset); offset += part.length }
    const s = new Float64Array(k)
    const w = new Float64Array(withWeightedSum ? k * d : 0)
    addChunkPartials(all, chunks, k, d, withWeightedSum, s, w)
    return { s, w }
  }
  return { pass, close: async () => { await Promise.all(workers.map((worker) => worker.terminate())) } }
}

interface PassJob {
  z: Float64Array
  zNorms: Float64Array
  k: number
  withWeightedSum: boolean
  chunkFrom: number
  chunkTo: number
}

function runOnWorker(worker: Worker, job: PassJob): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const onMessage = (result: Float64Array): void => { cleanup(); resolve(result) }
    const onError = (error: Error): void => { cleanup(); reject(error) }
    const cleanup = (): void => { worker.off('message', onMessage); worker.off('error', onError) }
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.postMessage(job)
  })
}
