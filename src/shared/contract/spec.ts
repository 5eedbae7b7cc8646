/**
 * The private specification of the user's data: a table RKME (K weighted points that sketch the data's
 * distribution) made on this machine as a long job. The summary says what it holds; the JSON is an
 * output to save (`outputSave`), compatible with Beimingwu's `RKMETableSpecification`.
 *
 * Example:
 *   const spec = await runJob(api, () => api.specGenerate({ datasetId, k: 100, gamma: 0.1 }), onProgress)
 *   spec.k; spec.featuresPerRow                     // 100, 13
 *   await api.outputSave({ outputId: spec.output.outputId, path: '/home/ana/wine.spec.json' })
 */

import { z } from 'zod'
import { EntityId, type OutputRef } from './common'

export const SpecGenerateArgs = z.strictObject({
  datasetId: EntityId,
  /** Reduced-set size (default 100, Beimingwu's). */
  k: z.int().min(1).max(1000).optional(),
  /** Kernel width (default 0.1, Beimingwu's); 'auto' = the median heuristic for large-valued features. */
  gamma: z.union([z.number().positive().max(1e6), z.literal('auto')]).optional(),
  seed: z.int().min(0).max(2 ** 31 - 1).optional()
})

export const SpecIdArgs = z.strictObject({ specId: EntityId })

export interface SpecSummary {
  specId: string
  datasetId: string
  /** The data file the spec describes. */
  sourceName: string
  type: 'RKMETableSpecification'
  k: number
  featuresPerRow: number
  featureNames: string[]
  gamma: number
  /** Rows of the file the spec stands for. */
  numPoints: number
  /** Rows it was fitted on (fewer when the file was sampled). */
  rowsUsed: number
  seconds: number
  /** The first reduced-set points and weights, to show what leaves the machine when the spec is shared. */
  preview: { z: number[][]; beta: number[] }
  /** The spec JSON, ready to save. */
  output: OutputRef
}
