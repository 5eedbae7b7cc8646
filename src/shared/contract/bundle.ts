/**
 * Exporting a reuse solution: the chosen method over the chosen learnwares is fitted on the user's opened,
 * labelled data and composed into ONE verified ONNX graph, shipped as a bundle zip (model.onnx, manifest,
 * golden rows, model card, predict.mjs). A long job; the zip is an output to save. The data are named as the
 * preview names them (reuseData.ts): a table with its target, labelled images, or texts with a label column.
 * A bundle made from images or texts also carries prepare.mjs and example files, so it runs on raw images
 * (`node predict.mjs --images DIR`) or a CSV of texts (`node predict.mjs --texts file.csv`).
 *
 * Example:
 *   const bundle = await runJob(api, () => api.bundleExport({ datasetId, method: 'job-selector', learnwareIds }))
 *   bundle.verification.passed    // true: the graph reproduces the in-app predictions on the golden rows
 *   await runJob(api, () => api.bundleExport({ textSetId: 'txt-1', labelColumn: 'genre', method: 'averaging', learnwareIds }))
 *   await api.outputSave({ outputId: bundle.output.outputId, path: '/home/ana/wine-bundle.zip' })
 */

import { z } from 'zod'
import type { OutputRef } from './common'
import type { MediaReuseView } from './reuse'
import { ONE_DATA_SOURCE, oneDataSource, ReuseData } from './reuseData'

/** Beimingwu's reusers: each learnware alone, Averaging, JobSelector, EnsemblePruning, FeatureAugment. */
export const REUSE_METHODS = ['single', 'averaging', 'job-selector', 'ensemble-pruning', 'feature-augment'] as const
export type ReuseMethodName = (typeof REUSE_METHODS)[number]

export const LearnwareIds = z.array(z.string().min(1).max(80)).min(1, 'choose at least one learnware').max(25)

export const BundleExportArgs = z.strictObject({
  /** The labelled data the reuser is fitted on and the golden rows (or example images / texts) come from. */
  ...ReuseData,
  method: z.enum(REUSE_METHODS),
  /** In order of preference (`single` uses the first). */
  learnwareIds: LearnwareIds,
  /** Title of the model card. */
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(5000).optional(),
  /** Scores to state in the model card, e.g. from the preview. */
  metrics: z.strictObject({ values: z.record(z.string().min(1).max(50), z.number()), evaluatedOn: z.string().max(500).optional() }).optional(),
  seed: z.int().min(0).max(2 ** 31 - 1).optional()
}).refine(oneDataSource, ONE_DATA_SOURCE)

/** A bundle made from images or texts: how they reached the learnwares, how the bundle reads new ones, who was left out. */
export interface MediaBundleView extends MediaReuseView {
  /** Texts: the CSV column `predict.mjs --texts` reads (`--column` names another); images: null. */
  textColumn: string | null
}

export interface BundleExportResult {
  name: string
  method: ReuseMethodName
  task: 'classification' | 'regression'
  /** The learnwares inside, with their licences (all apply to the bundle). */
  members: { id: string; name: string; license: string }[]
  licenses: string[]
  /** The columns a row of the bundle's input needs, in order; empty for images and texts (they go in raw, see `media`). */
  inputColumns: { name: string; type: 'numeric' | 'categorical' }[]
  classNames: string[] | null
  targetName: string | null
  /** Plain-language remarks of the reuser (filled columns, mapped classes, chosen penalty …). */
  notes: string[]
  verification: { passed: boolean; rows: number; summary: string; maxAbsDifference: number }
  sha256: string
  /** The bundle zip, ready to save. */
  output: OutputRef
  /** Images and texts only (absent for a table). */
  media?: MediaBundleView
}
