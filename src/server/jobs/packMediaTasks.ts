/**
 * Packing image and text classifiers inside job workers, for the Submit wizard: the ONNX model with the
 * images opened on the Data screen (labels from their sub-folders) or with the texts of an opened CSV and
 * its label column. The spec is made and the package checked here, as for tables (tasks.ts `pack`).
 *
 * Example (inside the worker):
 *   const packed = await packImagesTask({ model: { path: 'm.onnx' }, modelName: 'm.onnx', images, labels, semantic }, ctx)
 */

import { readFile } from 'node:fs/promises'
import type { ImageBatch } from '../../engine/data/images'
import { LearnwareError } from '../../engine/errors'
import { packImageLearnware, packTextLearnware, type PackSemanticInput } from '../../engine/pack'
import { OnnxModelCache } from '../../engine/runtime'
import { loadTextTableFile } from '../../engine/text'
import { toCheckReportView } from '../views'
import { progressStages } from './progressStages'
import type { PackOutput, TaskContext } from './tasks'

type ClassifierSemantic = Omit<PackSemanticInput, 'task'>

export interface PackImagesInput {
  model: { path: string } | { bytes: Uint8Array }
  modelName: string
  images: ImageBatch
  labels: string[]
  semantic: ClassifierSemantic
  k?: number
  seed?: number
}

export async function packImagesTask(input: PackImagesInput, ctx: TaskContext): Promise<PackOutput> {
  const [fit] = progressStages(ctx.report, [{ share: 1, detail: 'Fitting the image specification and checking the learnware' }])
  const onnxModel = await modelBytes(input.model)
  return withCache(async (cache) => {
    const packed = await packImageLearnware({
      onnxModel, images: input.images, labels: input.labels, semantic: input.semantic, seed: input.seed, ...(input.k ? { k: input.k } : {}),
      modelSource: input.modelName, checkOptions: { cache, signal: ctx.signal }, onProgress: fit, signal: ctx.signal
    })
    const z = packed.spec
    return {
      check: toCheckReportView(packed.check!),
      warnings: [],
      semanticSpec: packed.semanticSpec as Record<string, unknown>,
      spec: { type: 'RKMEImageSpecification', k: z.k, featuresPerRow: null, gamma: null, numPoints: input.images.count },
      zip: packed.zip
    }
  })
}

export interface PackTextsInput {
  model: { path: string } | { bytes: Uint8Array }
  modelName: string
  /** The CSV the texts were read from, its text column and its label column. */
  path: string
  column: string
  labelColumn: string
  semantic: ClassifierSemantic
  gamma?: number
  k?: number
  seed?: number
}

export async function packTextsTask(input: PackTextsInput, ctx: TaskContext): Promise<PackOutput> {
  const [load, fit] = progressStages(ctx.report, [
    { share: 0.1, detail: 'Reading the texts and their labels' },
    { share: 0.9, detail: 'Embedding the texts, fitting the specification and checking the learnware' }
  ])
  load({ status: 'start', task: 'texts' })
  const docs = await loadTextTableFile(input.path, { column: input.column, labelColumn: input.labelColumn, signal: ctx.signal })
  load({ status: 'done', task: 'texts' })
  const onnxModel = await modelBytes(input.model)
  return withCache(async (cache) => {
    const packed = await packTextLearnware({
      onnxModel, texts: docs.texts, labels: docs.labels!, semantic: input.semantic, seed: input.seed,
      ...(input.k ? { k: input.k } : {}), ...(input.gamma ? { gamma: input.gamma } : {}),
      modelSource: input.modelName, checkOptions: { cache, signal: ctx.signal }, onProgress: fit, signal: ctx.signal
    })
    const { rkme } = packed.spec
    return {
      check: toCheckReportView(packed.check!),
      warnings: [],
      semanticSpec: packed.semanticSpec as Record<string, unknown>,
      spec: { type: 'RKMETextSpecification', k: rkme.k, featuresPerRow: rkme.featuresPerRow, gamma: rkme.gamma, numPoints: rkme.numPoints },
      zip: packed.zip
    }
  })
}

async function modelBytes(model: { path: string } | { bytes: Uint8Array }): Promise<Uint8Array> {
  if ('bytes' in model) return model.bytes
  try {
    return await readFile(model.path)
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    throw new LearnwareError(missing ? 'IO_NOT_FOUND' : 'IO_READ_FAILED', `${model.path}: ${missing ? 'no such file' : 'cannot be read'}`, { cause })
  }
}

async function withCache<T>(work: (cache: OnnxModelCache) => Promise<T>): Promise<T> {
  const cache = new OnnxModelCache({ maxModels: 2 })
  try {
    return await work(cache)
  } finally {
    await cache.dispose()
  }
}
