/**
 * What the image benchmark (image-dock.ts) needs besides the engine: a starter image user task (IDX images and
 * labels as Fashion-MNIST class names), and the user's model "trained from scratch" besides the engine's
 * logistic regression: an MLP over the flattened pixels (trainMlpClassifier). The pixel table and the
 * pixel-space specs come from the engine (engine/reuse mediaReuse.ts: imagePixelTable, imageReuseLearnwares).
 *
 * Example:
 *   const task = await loadImageTask(starterDir, record)       // images, labels as class names
 *   const { learnwares, input } = await imageReuseLearnwares(dock, ids)
 *   const table = imagePixelTable(task.images, input, task.truth, record.file)
 *   learningCurve({ table, learnwares, extraCandidates: [mlpScratchCandidate(table.target!.classes!.length)] })
 */

import { join } from 'node:path'
import { FASHION_CLASSES } from '../scripts/starter-dock/imageLearnwares'
import type { LoadedTable } from '../src/engine/data'
import { readIdxImages, readIdxLabels, type ImageBatch } from '../src/engine/data/images'
import type { PreviewCandidate } from '../src/engine/reuse'
import { trainMlpClassifier } from '../src/engine/train'

export interface ImageTaskRecord { file: string; labelsFile: string; kind?: string; classes: string[]; sources: string[]; rows: number }

export interface ImageTask {
  images: ImageBatch
  /** Fashion-MNIST class name per image. */
  truth: string[]
}

export async function loadImageTask(starterDir: string, task: ImageTaskRecord): Promise<ImageTask> {
  const images = await readIdxImages(join(starterDir, 'user-tasks', task.file))
  const codes = await readIdxLabels(join(starterDir, 'user-tasks', task.labelsFile))
  return { images, truth: Array.from(codes, (code) => FASHION_CLASSES[code]) }
}

/** A one-hidden-layer MLP (32 ReLU units, Adam, seeded) trained on each split's labelled images' pixels. */
export function mlpScratchCandidate(classCount: number): PreviewCandidate {
  const classes = Array.from({ length: classCount }, (_, c) => c)
  return {
    id: 'scratch-mlp',
    label: 'MLP over pixels, trained from scratch',
    kind: 'scratch',
    method: 'scratch',
    learnwareIds: [],
    needsLabels: true,
    fit: async (labelledRows, { table }) => {
      const cols = table.featuresPerRow
      const features = gatherRows(table, labelledRows)
      const labels = Int32Array.from(labelledRows, (r) => table.target!.codes![r])
      const model = trainMlpClassifier({ features, rows: labelledRows.length, cols, labels }, { hiddenLayers: [32], seed: 0, classes })
      return {
        predict: async (rows) => {
          const x = gatherRows(table, rows)
          return { probabilities: model.predictProbabilities(x, rows.length), labels: model.predict(x, rows.length) }
        }
      }
    }
  }
}

function gatherRows(table: LoadedTable, rows: ArrayLike<number>): Float32Array {
  const cols = table.featuresPerRow
  const out = new Float32Array(rows.length * cols)
  for (let i = 0; i < rows.length; i++) out.set(table.matrix.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols)
  return out
}
