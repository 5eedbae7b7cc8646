/**
 * The one call that turns a numeric table into a table RKME specification, on this machine: Beimingwu's
 * `generate_rkme_table_spec` with the same defaults (K = 100, γ = 0.1, 3 steps of 0.1), deterministic for a
 * seed. The kernel passes run on all cores through the process's kernel pool (math/kernelPool.ts) unless
 * the data is so small that handing work to another thread costs more than it saves.
 *
 * Example:
 *   const spec = await generateRkmeTableSpec(table.features, table.rows, table.featuresPerRow, {
 *     seed: 0, onProgress: (e) => e.status === 'progress' && console.log(e.fraction)
 *   })
 *   writeFileSync('spec.json', serializeRkmeTableSpec(spec))
 */

import { defaultThreads, shareRows } from '../math/kernelPool'
import { addChunkPartials, PASS_CHUNK_ROWS } from './passChunks'
import { effectiveReducedSetSize, fitRkmeTable, prepareRkmeInput, type DataKernelPass, type RkmeFitOptions } from './rkmeFit'
import type { RkmeTableSpec } from './rkmeTable'

export interface GenerateRkmeTableOptions extends RkmeFitOptions {
  /** Threads for the kernel passes (default: the machine's cores, at most 4). */
  threads?: number
}

/** Below this many kernel multiply-adds per pass (rows·d·K) one thread is faster than posting work to others. */
const PARALLEL_THRESHOLD = 2_000_000

export async function generateRkmeTableSpec(
  data: ArrayLike<number>,
  rows: number,
  featuresPerRow: number,
  options: GenerateRkmeTableOptions = {}
): Promise<RkmeTableSpec> {
  options.onProgress?.({ status: 'start', task: 'rkme' })
  const x = prepareRkmeInput(data, rows, featuresPerRow, options.featureNames)
  const k = effectiveReducedSetSize(options.k ?? 100, rows, featuresPerRow)
  const threads = options.threads ?? defaultThreads()
  let spec: RkmeTableSpec
  if (threads <= 1 || rows <= PASS_CHUNK_ROWS || rows * featuresPerRow * k < PARALLEL_THRESHOLD) {
    spec = await fitRkmeTable(x, rows, featuresPerRow, { ...options, k })
  } else {
    const pass = pooledKernelPass(x, rows, featuresPerRow, options.gamma ?? 0.1, threads)
    try {
      spec = await fitRkmeTable(x, rows, featuresPerRow, { ...options, k }, pass)
    } finally {
      pass.release()
    }
  }
  options.onProgress?.({ status: 'done', task: 'rkme' })
  return spec
}

/**
 * A DataKernelPass whose rows are shared out over `threads` threads of the kernel pool in whole chunks; the
 * chunks' partial sums are added in chunk order, so the spec is bit-identical to a one-thread fit's.
 */
export function pooledKernelPass(x: Float64Array, rows: number, d: number, gamma: number, threads: number): DataKernelPass & { release(): void } {
  const shared = shareRows(x, rows, d, { threads, alignRows: PASS_CHUNK_ROWS })
  const chunks = Math.ceil(rows / PASS_CHUNK_ROWS)
  const pass = async (z: Float64Array, k: number, withWeightedSum: boolean): Promise<{ s: Float64Array; w: Float64Array }> => {
    const partials = await shared.chunkPartials(z, k, gamma, PASS_CHUNK_ROWS, withWeightedSum)
    const s = new Float64Array(k)
    const w = new Float64Array(withWeightedSum ? k * d : 0)
    addChunkPartials(partials, chunks, k, d, withWeightedSum, s, w)
    return { s, w }
  }
  return Object.assign(pass, { release: () => shared.release() })
}
