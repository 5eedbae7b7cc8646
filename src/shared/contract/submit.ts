/**
 * Submitting a learnware: a trained ONNX model and the CSV it was trained on become a package (semantic
 * spec from the wizard and the table's columns, RKME spec made here), checked by the learnware checker,
 * added to the dock and offered as a zip to save. A long job.
 *
 * Example:
 *   const result = await runJob(api, () => api.submitPack({
 *     model: { kind: 'path', path: 'iris.onnx' },
 *     training: { source: { kind: 'path', path: 'iris.csv' } }, target: 'species',
 *     semantic: { name: 'Iris species', description: '…', task: 'Classification', scenarios: ['Nature'], license: 'MIT' }
 *   }))
 *   result.check.status       // 'usable'
 *   await api.outputSave({ outputId: result.output.outputId, path: 'iris.zip' })
 *   // an image classifier with the images opened on the Data screen (labels from the sub-folders):
 *   await api.submitPack({ model, training: { imageSetId: 'img-1' }, semantic: { …, task: 'Classification' } })
 */

import { z } from 'zod'
import { EntityId, FileSource, type OutputRef } from './common'
import { DataOptions } from './data'
import type { CheckReportView } from './dock'

export const PACK_TASKS = ['Classification', 'Regression'] as const

export type SpecTypeName = 'RKMETableSpecification' | 'RKMETextSpecification' | 'RKMEImageSpecification'

const Word = z.string().min(1).max(100)

export const SubmitSemantic = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().trim().min(1, 'must not be empty').max(5000),
  task: z.enum(PACK_TASKS),
  scenarios: z.array(Word).min(1, 'needs at least one scenario').max(20),
  license: Word,
  library: Word.optional()
})

export const SubmitPackArgs = z.strictObject({
  model: FileSource,
  /**
   * The training data: an opened dataset, or a file with settings — or, for an image or text classifier,
   * the images (labels from their sub-folders) or texts opened on the Data screen.
   */
  training: z.union([
    z.strictObject({ datasetId: EntityId }),
    z.strictObject({ source: FileSource, options: DataOptions.optional() }),
    z.strictObject({ imageSetId: EntityId }),
    z.strictObject({ textSetId: EntityId })
  ]),
  /** The label column (overrides the dataset's target); for texts, the column of their labels; not used for images. */
  target: z.string().min(1).max(1000).optional(),
  semantic: SubmitSemantic,
  gamma: z.union([z.number().positive().max(1e6), z.literal('auto')]).optional(),
  k: z.int().min(1).max(1000).optional(),
  seed: z.int().min(0).max(2 ** 31 - 1).optional(),
  /** Add the package to the dock (default true; an invalid one is still added, marked invalid). */
  addToDock: z.boolean().optional()
})

export interface SubmitResult {
  /** The new learnware (or the identical one already there); null when not added. */
  learnwareId: string | null
  duplicate: boolean
  check: CheckReportView
  warnings: string[]
  semanticSpec: Record<string, unknown>
  /** `featuresPerRow` and `gamma` are null for an image spec (NNGP kernel over 32 × 32 images). */
  spec: { type: SpecTypeName; k: number; featuresPerRow: number | null; gamma: number | null; numPoints: number }
  /** The package zip, ready to save. */
  output: OutputRef
}
