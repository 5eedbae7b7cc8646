/**
 * Previewing reuse on the user's own labelled rows, before committing: every reuse method over the chosen
 * learnwares, a model trained from scratch on the same labelled rows, and the trivial floor, each scored
 * on held-out rows over several seeded splits (`reusePreview`); and the same comparison at several labelled
 * budgets (`reuseCurve`), showing how many rows a user would have to label before training from scratch
 * catches up. Both are long jobs; a method that fails is reported with its error, the others go on.
 *
 * The data are an opened table with its target (`datasetId`), labelled images (`imageSetId`: labels from the
 * sub-folders or an IDX labels file; `classNames` renames their classes, e.g. an IDX file's codes) or texts
 * with a label column (`textSetId` + `labelColumn`); image and text learnwares are scored on the pixel or
 * embedding table their models take, and those that cannot be reused on these data are listed in `media.skipped`.
 *
 * Example:
 *   const preview = await runJob(api, () => api.reusePreview({ datasetId, learnwareIds, labelledRows: 50 }))
 *   await runJob(api, () => api.reusePreview({ imageSetId: 'img-1', learnwareIds, labelledRows: 20 }))
 *   preview.candidates.find((c) => c.id === 'scratch')?.metrics?.accuracy?.mean
 *   const curve = await runJob(api, () => api.reuseCurve({ datasetId, learnwareIds, sizes: [10, 30, 100] }))
 *   curve.scratchCatchesUpAt      // 100, or null when reuse stays ahead
 */

import { z } from 'zod'
import type { ApiError } from '../errors'
import { REUSE_METHODS, LearnwareIds, type ReuseMethodName } from './bundle'
import { ONE_DATA_SOURCE, oneDataSource, ReuseData } from './reuseData'

const Methods = z.array(z.enum(REUSE_METHODS)).min(1).max(REUSE_METHODS.length)
const Seed = z.int().min(0).max(2 ** 31 - 1)

export const ReusePreviewArgs = z.strictObject({
  ...ReuseData,
  learnwareIds: LearnwareIds,
  /** Default: all five (`single` = each learnware alone). */
  methods: Methods.optional(),
  /** Rows the user would label (default 100). */
  labelledRows: z.int().min(2).max(10_000_000).optional(),
  /** Seeded splits (default 5). */
  repeats: z.int().min(1).max(20).optional(),
  seed: Seed.optional()
}).refine(oneDataSource, ONE_DATA_SOURCE)

export const ReuseCurveArgs = z.strictObject({
  ...ReuseData,
  learnwareIds: LearnwareIds,
  methods: Methods.optional(),
  /** Labelled budgets (default 10, 30, 100, 300, 1000; those the table cannot afford are dropped). */
  sizes: z.array(z.int().min(2).max(10_000_000)).min(1).max(12).optional(),
  repeats: z.int().min(1).max(20).optional(),
  seed: Seed.optional()
}).refine(oneDataSource, ONE_DATA_SOURCE)

/** Images and texts: how they were scored, and the chosen learnwares left out (another input, no shared class, …). */
export interface MediaReuseView {
  kind: 'images' | 'texts'
  /** How the data reached the learnwares (`120 images, as the learnwares take them: 784 pixel columns`). */
  inputNote: string
  skipped: { id: string; name: string; reason: string }[]
}

export type CandidateKind = 'reuse' | 'scratch' | 'baseline'

export interface CandidateInfoView {
  /** `single:<learnwareId>`, `averaging`, `job-selector`, `ensemble-pruning`, `feature-augment`, `scratch`, `majority` / `mean`. */
  id: string
  label: string
  kind: CandidateKind
  method: ReuseMethodName | 'scratch' | 'majority' | 'mean'
  learnwareIds: string[]
}

export interface MetricSummaryView {
  mean: number
  std: number
  /** One score per split. */
  values: number[]
}

/** Classification, first split: rows = actual classes, columns = predicted classes plus "no usable answer". */
export interface ConfusionView {
  classNames: string[]
  /** classNames.length × (classNames.length + 1). */
  counts: number[][]
  /** Up to 20 table row indices (0-based, among the kept rows; images / texts: their index) per cell, same shape as `counts`. */
  exampleRows: number[][][]
}

export interface ReuseMemberView {
  learnwareId: string
  name: string
  /** Columns matched by name or taken by position. */
  matchedBy: 'name' | 'position'
  /** The learnware's inputs the user's table does not have (filled in). */
  missingColumns: string[]
  /** User columns the learnware does not use. */
  unusedColumns: string[]
  /** Learnware classes with no user counterpart, and user classes it never predicts. */
  unmappedClasses: string[]
  uncoveredClasses: string[]
  notes: string[]
}

export interface ReuseSummaryView {
  method: ReuseMethodName
  members: ReuseMemberView[]
  /** JobSelector: mixture weight per member. */
  weights: number[] | null
  /** EnsemblePruning: the learnwares kept. */
  selectedIds: string[] | null
  /** FeatureAugment: the penalty chosen by cross-validation. */
  penalty: { name: 'alpha' | 'C'; value: number; cvScore: number } | null
  notes: string[]
}

export type PreviewCandidateView =
  | (CandidateInfoView & {
      status: 'ok'
      /** Per metric (`accuracy`, `macroF1`, `kappa` / `rmse`, `mae`, `r2`). */
      metrics: Record<string, MetricSummaryView>
      confusion: ConfusionView | null
      summary: ReuseSummaryView | null
      elapsedMs: number
    })
  | (CandidateInfoView & { status: 'failed'; error: ApiError })

export interface ReusePreviewResult {
  /** The data's id: `ds-…`, `img-…` or `txt-…`. */
  datasetId: string
  task: 'classification' | 'regression'
  classNames: string[] | null
  usableRows: number
  labelledRows: number
  heldOutRows: number
  repeats: number
  seed: number
  /** The first is the headline metric. */
  metricNames: string[]
  candidates: PreviewCandidateView[]
  /** Images and texts only (absent for a table). */
  media?: MediaReuseView
}

export interface CurveSeriesView extends CandidateInfoView {
  /** Per metric, one value per size (null where the method failed at that size). */
  mean: Record<string, (number | null)[]>
  std: Record<string, (number | null)[]>
  /** Per size: why the method failed there, else null. */
  errors: (ApiError | null)[]
}

export interface ReuseCurveResult {
  datasetId: string
  task: 'classification' | 'regression'
  classNames: string[] | null
  sizes: number[]
  skippedSizes: number[]
  usableRows: number
  heldOutRows: number
  repeats: number
  seed: number
  metricNames: string[]
  series: CurveSeriesView[]
  /** The smallest size from which training from scratch is as good as every reuse method; null: never. */
  scratchCatchesUpAt: number | null
  /** Images and texts only (absent for a table). */
  media?: MediaReuseView
}
