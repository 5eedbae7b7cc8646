/**
 * NNGP Gram entries on several cores. Image sets are copied once into SharedArrayBuffers and registered
 * with every worker; a Gram job is split by rows between this thread and the workers. Workers run the
 * source text of the pair functions (nngpPair.ts for 'reference', nngpWasm.ts's kernel factory with the
 * compiled module posted to them for 'exact'), so nothing depends on how the engine is bundled. Results are
 * bit-identical to the single-threaded ones.
 *
 * `sharedNngpPool` keeps one pool per thread count for the life of the process (its workers are
 * unreferenced while idle), so a search does not pay a thread start and a set's copy in the workers is
 * reused by every later search that meets the same set.
 *
 * Example:
 *   const pool = createNngpPool({ threads: 2 })
 *   try { const values = await pool.gram(setA, setB, false, needed) } finally { await pool.close() }
 *   await sharedNngpPool(2).gram(setA, setB, false, null)   // no close: the process keeps it
 */

import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { NngpImageSet } from './nngpImages'
import { arcCosine, arcCosineE, arcCosineH, arcSineP, createNngpScratch, crossInput, nngpPairReference } from './nngpPair'
import { createNngpWasmKernel, exactNngpKernel, nngpKernelModule } from './nngpWasm'

export interface NngpPool {
  /**
   * Entries k(a_i, b_j) of the Gram matrix where `needed` is set (all when null), row-major a.count × b.count;
   * with `same`, entries i = j hold the diagonal rule's value. Other entries are 0.
   */
  gram(a: NngpImageSet, b: NngpImageSet, same: boolean, needed: Uint8Array | null): Promise<Float64Array>
  readonly threads: number
  close(): Promise<void>
}

const PAIR_SOURCE = [arcSineP, arcCosineE, arcCosineH, arcCosine, crossInput, nngpPairReference, createNngpScratch, createNngpWasmKernel]
  .map((fn) => fn.toString())
  .join('\n')

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
${PAIR_SOURCE}
const sets = new Map()
const scratch = createNngpScratch()
const exactKernel = createNngpWasmKernel(workerData.module)
const nngpPairExact = (a, i, b, j) => exactKernel.pair(a, i, b, j)
parentPort.on('message', (job) => {
  if (job.type === 'set') { sets.set(job.id, job.set); return }
  if (job.type === 'forget') { sets.delete(job.id); return }
  const a = sets.get(job.a)
  const b = sets.get(job.b)
  const out = new Float64Array((job.rowTo - job.rowFrom) * b.count)
  const pair = a.arithmetic === 'reference' ? nngpPairReference : nngpPairExact
  for (let i = job.rowFrom; i < job.rowTo; i++) {
    for (let j = job.same ? i : 0; j < b.count; j++) {
      if (job.needed && !job.needed[i * b.count + j]) continue
      out[(i - job.rowFrom) * b.count + j] = job.same && i === j ? a.selfKernel[i] : pair(a, i, b, j, a.channels, scratch)
    }
  }
  parentPort.postMessage(out, [out.buffer])
})
`

const sharedPools = new Map<number, NngpPool>()

/** The process's pool for this many threads, started on first use; a pool whose worker failed is replaced. */
export function sharedNngpPool(threads: number): NngpPool {
  let pool = sharedPools.get(threads)
  if (!pool) {
    pool = createNngpPool({ threads, idleUnref: true, onBroken: () => { if (sharedPools.get(threads) === pool) sharedPools.delete(threads) } })
    sharedPools.set(threads, pool)
  }
  return pool
}

export function createNngpPool(options: { threads?: number; idleUnref?: boolean; onBroken?: () => void } = {}): NngpPool {
  const threads = Math.max(1, Math.min(options.threads ?? Math.min(4, availableParallelism()), 16))
  const workers = Array.from({ length: threads - 1 }, () =>
    queuedWorker(new Worker(WORKER_SOURCE, { eval: true, workerData: { module: nngpKernelModule() } }), options.idleUnref ?? false, options.onBroken))
  const ids = new WeakMap<NngpImageSet, number>()
  // When a registered set is garbage-collected here, the workers drop their copy too.
  const forget = new FinalizationRegistry<number>((id) => { for (const worker of workers) worker.post({ type: 'forget', id }) })
  let nextId = 0
  const scratch = createNngpScratch()

  const register = (set: NngpImageSet): number => {
    const known = ids.get(set)
    if (known !== undefined) return known
    const id = nextId++
    ids.set(set, id)
    forget.register(set, id)
    const shared = toShared(set)
    for (const worker of workers) worker.post({ type: 'set', id, set: shared })
    return id
  }

  const gram: NngpPool['gram'] = async (a, b, same, needed) => {
    const idA = register(a)
    const idB = register(b)
    const sharedNeeded = needed && workers.length > 0 ? toSharedBytes(needed) : needed
    // Rows get cheaper along the diagonal when `same` (j ≥ i), so balance by pair count, not rows.
    const bounds = splitRows(a.count, b.count, same, threads)
    const pending = workers.map((worker, t) =>
      worker.run({ type: 'gram', a: idA, b: idB, same, rowFrom: bounds[t + 1], rowTo: bounds[t + 2], needed: sharedNeeded })
    )
    const out = new Float64Array(a.count * b.count)
    const exact = exactNngpKernel()
    const pair = a.arithmetic === 'reference' ? nngpPairReference : (x: NngpImageSet, i: number, y: NngpImageSet, j: number): number => exact.pair(x, i, y, j)
    for (let i = bounds[0]; i < bounds[1]; i++) {
      for (let j = same ? i : 0; j < b.count; j++) {
        if (needed && !needed[i * b.count + j]) continue
        out[i * b.count + j] = same && i === j ? a.selfKernel[i] : pair(a, i, b, j, a.channels, scratch)
      }
    }
    const parts = await Promise.all(pending)
    parts.forEach((part, t) => out.set(part, bounds[t + 1] * b.count))
    return out
  }

  return { gram, threads, close: async () => { await Promise.all(workers.map((worker) => worker.worker.terminate())) } }
}

/** Row boundaries giving each thread about the same number of pairs. */
function splitRows(rows: number, cols: number, same: boolean, parts: number): number[] {
  const cost = (i: number): number => (same ? cols - i : cols)
  const total = Array.from({ length: rows }, (_, i) => cost(i)).reduce((s, v) => s + v, 0)
  const bounds = [0]
  let done = 0
  for (let i = 0; i < rows && bounds.length < parts; i++) {
    done += cost(i)
    if (done >= (bounds.length * total) / parts) bounds.push(i + 1)
  }
  while (bounds.length < parts) bounds.push(rows)
  bounds.push(rows)
  return bounds
}

function toShared(set: NngpImageSet): NngpImageSet {
  const share = (array: Float64Array): Float64Array => {
    const copy = new Float64Array(new SharedArrayBuffer(array.byteLength))
    copy.set(array)
    return copy
  }
  return {
    count: set.count, channels: set.channels, arithmetic: set.arithmetic, pixels: share(set.pixels),
    conv: set.conv.map(share), root: set.root.map(share), inverseRoot: set.inverseRoot.map(share), selfKernel: share(set.selfKernel)
  }
}

function toSharedBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength))
  copy.set(bytes)
  return copy
}

interface QueuedWorker {
  worker: Worker
  post(message: Record<string, unknown>): void
  /** Sends a job; replies arrive in order, so each resolves the oldest pending job. */
  run(job: Record<string, unknown>): Promise<Float64Array>
}

/** With `idleUnref` the worker keeps the process alive only while it has jobs. */
function queuedWorker(worker: Worker, idleUnref: boolean, onBroken?: () => void): QueuedWorker {
  const waiting: { resolve: (r: Float64Array) => void; reject: (e: Error) => void }[] = []
  if (idleUnref) worker.unref()
  worker.on('message', (result: Float64Array) => {
    waiting.shift()?.resolve(result)
    if (idleUnref && waiting.length === 0) worker.unref()
  })
  const fail = (error: Error): void => {
    onBroken?.()
    for (const job of waiting.splice(0)) job.reject(error)
  }
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`NNGP worker exited (code ${code})`)))
  return {
    worker,
    post: (message) => worker.postMessage(message),
    run: (job) => new Promise((resolve, reject) => {
      waiting.push({ resolve, reject })
      if (idleUnref) worker.ref()
      worker.postMessage(job)
    })
  }
}
