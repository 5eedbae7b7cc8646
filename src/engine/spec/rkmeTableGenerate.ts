/**
 * The one call that turns a numeric table into a table RKME specification, on this machine: Beimingwu's
 * `generate_rkme_table_spec` with the same defaults (K = 100, γ = 0.1, 3 steps of 0.1), deterministic for a
 * seed. Large inputs use worker threads for the kernel passes; small ones stay in this thread, where
 * starting workers would cost more than it saves.
 *
 * Example:
 *   const spec = await generateRkmeTableSpec(table.features, table.rows, table.featuresPerRow, {
 *     seed: 0, onProgress: (e) => e.status === 'progress' && console.log(e.fraction)
 *   })
 *   writeFileSync('spec.json', serializeRkmeTableSpec(spec))
 */

import { effectiveReducedSetSize, fitRkmeTable, prepareRkmeInput, type RkmeFitOptions } from './rkmeFit'
import { createKernelPassPool, defaultThreads } from './rbfWorkers'
import type { RkmeTableSpec } from './rkmeTable'

export interface GenerateRkmeTableOptions extends RkmeFitOptions {
  /** Threads for the kernel passes (default: the machine's cores, at most 4). */
  threads?: number
}

/** Below this many kernel multiply-adds per pass (rows·d·K) one thread is faster: starting workers costs ~0.1 s. */
const PARALLEL_THRESHOLD = 100_000_000

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
  if (threads <= 1 || rows * featuresPerRow * k < PARALLEL_THRESHOLD) {
    spec = await fitRkmeTable(x, rows, featuresPerRow, { ...options, k })
  } else {
    const pool = createKernelPassPool(x, rows, featuresPerRow, options.gamma ?? 0.1, { threads })
    try {
      spec = await fitRkmeTable(x, rows, featuresPerRow, { ...options, k }, pool.pass)
    } finally {
      await pool.close()
    }
  }
  options.onProgress?.({ status: 'done', task: 'rkme' })
  return spec
}
