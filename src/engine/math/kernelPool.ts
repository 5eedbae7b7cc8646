/**
 * Kernel passes over large row sets on every core. The rows are split in chunk-aligned shares: this thread
 * keeps the first share in its own WASM kernel (rbfKernel.ts) and each worker thread of a small pool —
 * started once and kept for the life of the process, so a pass does not pay a thread start (~40 ms) — keeps
 * one other share in its kernel. A pass then runs every share at once and adds the results in chunk order,
 * so results are bit-identical to one thread's.
 *
 * Workers are unreferenced while idle (they never keep a process alive) and run createRbfKernelRows's own
 * source text with the compiled module posted to them, so no worker file has to be found on disk whatever
 * bundled the engine. A worker that dies takes no data with it: its share is kept here and recomputed in
 * this thread.
 *
 * Example:
 *   const rows = shareRows(x, n, d)                         // once per data set (or dock state)
 *   const partials = await rows.chunkPartials(z, k, 0.1, 2048, true)
 *   await rows.weightedRows(u, k, beta, 0.1, out)
 *   rows.release()                                          // frees the workers' copies
 */

import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { createRbfKernelRows, rbfKernelModule, type RbfKernelRows } from './rbfKernel'
import { columnMeans, createF32KernelRows, type F32KernelRows } from './rbfKernelF32'

export interface SharedKernelRows {
  rows: number
  d: number
  /** Chunk partials (layout of RbfKernelRows.chunkPartials) for all chunks of `chunkRows` rows. */
  chunkPartials(z: Float64Array, k: number, gamma: number, chunkRows: number, withWeightedSum: boolean): Promise<Float64Array>
  /** out[n] = Σ_i weights[i] k(u_i, x_n) for every row. */
  weightedRows(u: Float64Array, k: number, weights: Float64Array, gamma: number, out: Float64Array): Promise<void>
  /** Drops the workers' copies of the rows. */
  release(): void
}

export interface ShareOptions {
  /** Threads to use, this one included (default: the machine's cores, at most 4). */
  threads?: number
  /** Shares are whole multiples of this many rows (default 2048, the RKME fit's chunk). */
  alignRows?: number
  /** 'f32': the float32 search kernel (rbfKernelF32.ts), weightedRows only. Default 'f64'. */
  precision?: 'f64' | 'f32'
}

/** Default thread count: both cores of a typical machine, never more than four. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()))
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const createRbfKernelRows = ${createRbfKernelRows.toString()}
const createF32KernelRows = ${createF32KernelRows.toString()}
const sets = new Map()
parentPort.on('message', (job) => {
  try {
    if (job.type === 'drop') { sets.delete(job.id); return }
    if (job.type === 'load') {
      sets.set(job.id, job.center
        ? createF32KernelRows(workerData.module, job.x, job.rows, job.d, job.center)
        : createRbfKernelRows(workerData.module, job.x, job.rows, job.d))
      parentPort.postMessage({ seq: job.seq })
      return
    }
    const rows = sets.get(job.id)
    if (!rows) throw new Error('kernel rows ' + job.id + ' are not loaded')
    let result
    if (job.type === 'sums') {
      result = rows.chunkPartials(job.z, job.k, job.gamma, job.chunkRows, 0, Math.ceil(rows.rows / job.chunkRows), job.withWeightedSum)
    } else {
      result = new Float64Array(rows.rows)
      rows.weightedRows(job.u, job.k, job.weights, job.gamma, result)
    }
    parentPort.postMessage({ seq: job.seq, result }, [result.buffer])
  } catch (error) {
    parentPort.postMessage({ seq: job.seq, error: String((error && error.message) || error) })
  }
})
`

interface PoolWorker {
  worker: Worker
  pending: Map<number, { resolve: (value: Float64Array | undefined) => void; reject: (error: Error) => void }>
  alive: boolean
}

const workers: PoolWorker[] = []
let nextSeq = 1
let nextSetId = 1

function startWorker(): PoolWorker {
  const entry: PoolWorker = { worker: new Worker(WORKER_SOURCE, { eval: true, workerData: { module: rbfKernelModule() } }), pending: new Map(), alive: true }
  entry.worker.unref()
  entry.worker.on('message', (message: { seq: number; result?: Float64Array; error?: string }) => {
    const waiting = entry.pending.get(message.seq)
    if (!waiting) return
    entry.pending.delete(message.seq)
    if (entry.pending.size === 0) entry.worker.unref()
    if (message.error !== undefined) waiting.reject(new Error(message.error))
    else waiting.resolve(message.result)
  })
  const fail = (error: Error): void => {
    entry.alive = false
    for (const waiting of entry.pending.values()) waiting.reject(error)
    entry.pending.clear()
  }
  entry.worker.on('error', fail)
  entry.worker.on('exit', (code) => fail(new Error(`kernel worker exited (code ${code})`)))
  return entry
}

/** The pool's first `count` live workers, starting any that are missing. */
function poolWorkers(count: number): PoolWorker[] {
  for (let i = 0; i < count; i++) if (!workers[i]?.alive) workers[i] = startWorker()
  return workers.slice(0, count)
}

/** Stops the pool's workers (the next share starts new ones); passes in flight finish in this thread. */
export async function stopKernelPool(): Promise<void> {
  const stopping = workers.splice(0).map((entry) => entry.worker.terminate())
  await Promise.all(stopping)
}

function request(entry: PoolWorker, job: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<Float64Array | undefined> {
  if (!entry.alive) return Promise.reject(new Error('kernel worker is gone'))
  const seq = nextSeq++
  return new Promise((resolve, reject) => {
    entry.pending.set(seq, { resolve, reject })
    entry.worker.ref()
    entry.worker.postMessage({ ...job, seq }, transfer)
  })
}

interface Share {
  rowFrom: number
  rowTo: number
  /** This share's rows (kept so a lost worker's share can be recomputed here). */
  x: Float64Array
  worker?: PoolWorker
  local?: RbfKernelRows | F32KernelRows
}

export function shareRows(x: Float64Array, rows: number, d: number, options: ShareOptions = {}): SharedKernelRows {
  const align = options.alignRows ?? 2048
  const units = Math.max(1, Math.ceil(rows / align))
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), units))
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.min(rows, Math.round((t * units) / threads) * align))
  const id = nextSetId++
  const pool = poolWorkers(threads - 1)
  const center = options.precision === 'f32' ? columnMeans(x, rows, d) : undefined
  const kernelFor = (share: Share): RbfKernelRows | F32KernelRows => center
    ? createF32KernelRows(rbfKernelModule(), share.x, share.rowTo - share.rowFrom, d, center)
    : createRbfKernelRows(rbfKernelModule(), share.x, share.rowTo - share.rowFrom, d)
  const shares: Share[] = bounds.slice(0, -1).map((rowFrom, t) => ({ rowFrom, rowTo: bounds[t + 1], x: x.subarray(rowFrom * d, bounds[t + 1] * d) }))
  shares.slice(1).forEach((share, w) => {
    share.worker = pool[w]
    const copy = share.x.slice()
    request(pool[w], { type: 'load', id, x: copy, rows: share.rowTo - share.rowFrom, d, center }, [copy.buffer]).catch(() => undefined)
  })

  const runHere = <K>(share: Share, here: (kernel: K) => Float64Array): Float64Array => {
    share.local ??= kernelFor(share)
    return here(share.local as K)
  }

  /**
   * Runs `job` on every share: the workers' requests are posted first (a worker handles its messages in order,
   * so after its rows' load), then this thread does its own share; a lost worker's share is redone here.
   */
  const onEveryShare = async <K extends RbfKernelRows | F32KernelRows>(job: Record<string, unknown>, here: (kernel: K) => Float64Array): Promise<Float64Array[]> => {
    const remote = shares.slice(1).map((share) => {
      const worker = share.local ? undefined : share.worker
      if (!worker) return Promise.resolve().then(() => runHere(share, here))
      return request(worker, { ...job, id }).then(
        (result) => result as Float64Array,
        () => { share.worker = undefined; return runHere(share, here) })
    })
    const own = runHere(shares[0], here)
    return [own, ...(await Promise.all(remote))]
  }

  return {
    rows,
    d,
    async chunkPartials(z, k, gamma, chunkRows, withWeightedSum) {
      if (align % chunkRows !== 0) throw new Error(`shareRows: chunks of ${chunkRows} rows do not divide shares aligned to ${align}`)
      if (center) throw new Error('shareRows: float32 rows have no chunk partials')
      const parts = await onEveryShare({ type: 'sums', z, k, gamma, chunkRows, withWeightedSum }, (kernel: RbfKernelRows) =>
        kernel.chunkPartials(z, k, gamma, chunkRows, 0, Math.ceil(kernel.rows / chunkRows), withWeightedSum))
      const all = new Float64Array(parts.reduce((n, part) => n + part.length, 0))
      let offset = 0
      for (const part of parts) { all.set(part, offset); offset += part.length }
      return all
    },
    async weightedRows(u, k, weights, gamma, out) {
      const parts = await onEveryShare({ type: 'weighted', u, k, weights, gamma }, (kernel: RbfKernelRows | F32KernelRows) => {
        const part = new Float64Array(kernel.rows)
        kernel.weightedRows(u, k, weights, gamma, part)
        return part
      })
      parts.forEach((part, t) => out.set(part, shares[t].rowFrom))
    },
    release() {
      for (const share of shares.slice(1)) {
        if (share.worker?.alive) share.worker.worker.postMessage({ type: 'drop', id })
        share.worker = undefined
      }
    }
  }
}
