/**
 * The shapes every reuser shares: the learnwares it reuses, the user's rows (and labels), the context of a
 * reuse task, what a reuser predicts and what it reports. Kept apart from the code so the preview, the
 * learning curve, the IPC layer and the UI can import the types without pulling in onnxruntime.
 *
 * Conventions: features are the *user's* columns in the *user's* encoding (`TableEncoding` of the user's
 * CSV), row-major, NaN = missing; class indices are indices into the user's `classNames`.
 *
 * Example:
 *   const data: LabelledData = { features: table.matrix, rows: table.rowsKept, featuresPerRow: table.featuresPerRow,
 *                                featureNames: table.featureNames, labels: table.target!.codes! }
 *   const context: ReuseContext = { task: 'classification', classNames: table.target!.classes, inputEncoding: table.encoding, cache }
 *   const reuser: Reuser = createReuser('averaging', learnwares, context, { mode: 'vote_by_prob' })
 *   const { labels, probabilities } = await reuser.predict(data)
 */

import type { TableEncoding } from '../data'
import type { ReuseMethod, ReusePlan, ReuseTask } from '../export/plan'
import type { LearnwarePackage } from '../learnware'
import type { ColumnAlignment } from '../predict'
import type { ProgressListener } from '../progress'
import type { OnnxModelCache } from '../runtime'
import type { RkmeTableSpec } from '../spec'

export type { ReuseMethod, ReusePlan, ReuseTask }

/** One learnware to reuse, as the dock hands it out. */
export interface ReuseLearnware {
  id: string
  name: string
  license: string
  /** sha256 of the package zip (provenance in the plan). */
  packageSha256: string
  pkg: LearnwarePackage
  /** The learnware's RKME table spec (in its own column space); JobSelector needs it, the others do not. */
  spec: RkmeTableSpec | null
}

/** The user's rows: their own columns and encoding; NaN = missing. */
export interface ReuseData {
  /** Row-major rows × featuresPerRow. */
  features: Float32Array
  rows: number
  featuresPerRow: number
  featureNames: string[]
}

/** The user's rows with their labels (classification) or targets (regression). */
export interface LabelledData extends ReuseData {
  /** Classification: index into `ReuseContext.classNames` per row (−1 = missing, such rows are skipped). */
  labels?: Int32Array
  /** Regression: target per row (NaN = missing, such rows are skipped). */
  targets?: Float64Array
}

export interface ReuseContext {
  task: ReuseTask
  /** Classification: the user's class names; index = class index of labels and probabilities. */
  classNames?: string[]
  /** Regression: the user's target column name. */
  targetName?: string
  /** How the user's CSV becomes feature rows (carried into the plan for the exporter). */
  inputEncoding: TableEncoding
  /** Shared ONNX sessions; the caller owns and disposes it. */
  cache: OnnxModelCache
  /** Seed of everything random (herding, selector, pruning, CV folds); default 0. */
  seed?: number
}

export interface ReusePrediction {
  /** Classification: user class index per row. */
  labels?: Int32Array
  /** Classification: rows × classNames.length, row-major. */
  probabilities?: Float32Array
  /** Regression: one value per row. */
  values?: Float64Array
}

/**
 * Averaging modes, as Beimingwu's AveragingReuser: `mean` of values (regression), majority vote of labels
 * (`vote_by_label`, ties → the smallest class), mean of probabilities (`vote_by_prob`).
 */
export type AveragingMode = 'mean' | 'vote_by_label' | 'vote_by_prob'

/** Which model routes rows in JobSelector (see docs/adr/0005-reuse-selector-and-pruning.md). */
export type SelectorModelKind = 'mlp' | 'logistic'

export interface ReuserOptions {
  /** Averaging, EnsemblePruning: how member outputs are combined (default: `mean` for regression, else `vote_by_prob` for averaging and `vote_by_label` for pruning, as the reference). */
  mode?: AveragingMode
  /** JobSelector: herded rows in total (reference 1000); each learnware gets max(5, ⌊total·wᵢ⌋). */
  herdingSamples?: number
  /** JobSelector: candidates per herded row (reference 100; fewer is faster and a little coarser). */
  herdingCandidates?: number
  /** JobSelector: the routing model (default 'mlp'). */
  selectorModel?: SelectorModelKind
  /** JobSelector: most user rows in the user's RKME (seeded subsample above; default 2000). */
  maxUserRows?: number
  /** EnsemblePruning: most NSGA-II generations (reference 500; default 300). */
  maxGenerations?: number
  /** EnsemblePruning: stop when the first front has not changed for this many generations (default 25). */
  patience?: number
  /** FeatureAugment (regression): ridge penalties tried by cross-validation (default 0.01, 0.1, 1, 10, 100). */
  alphas?: number[]
  /** FeatureAugment (classification): inverse penalties C tried (default 10 values from 1e-4 to 1e4, sklearn's). */
  cValues?: number[]
  /** FeatureAugment: cross-validation folds (default 5). */
  folds?: number
}

export interface FitOptions {
  signal?: AbortSignal
  /** Monotone progress of the fit, task `reuse <method>`. */
  onProgress?: ProgressListener
}

export interface PredictOptions {
  signal?: AbortSignal
}

/** How one learnware's classes were matched to the user's (rule in labelMapping.ts). */
export interface LabelMapping {
  /** Per learnware class index: the user's class index, −1 when it has no counterpart. */
  classMap: number[]
  /** The learnware's class names (or `0`, `1`, … when it names none). */
  learnwareClasses: string[]
  /** How the names were matched: `name` (exact or normalised) or `index` (the learnware names no classes). */
  by: 'name' | 'index'
  /** Learnware classes with no user counterpart. */
  unmapped: string[]
  /** User classes no learnware class maps to (this learnware never predicts them). */
  uncovered: string[]
}

/** What a reuser knows about one member: how its columns and classes line up with the user's. */
export interface ReuseMemberInfo {
  learnwareId: string
  name: string
  alignment: ColumnAlignment
  /** Classification learnwares in a classification task (absent for FeatureAugment's raw outputs). */
  labelMapping?: LabelMapping
  /** Plain-language remarks: filled columns, re-coded categories, preprocessing … */
  notes: string[]
}

/** What a fitted reuser decided, for the UI and the preview. */
export interface ReuseSummary {
  method: ReuseMethod
  members: ReuseMemberInfo[]
  /** JobSelector: mixture weight per member (simplex QP), in member order. */
  weights?: number[]
  /** EnsemblePruning: the learnware ids kept. */
  selectedIds?: string[]
  /** FeatureAugment: the penalty chosen by cross-validation (`alpha` or `C`). */
  penalty?: { name: 'alpha' | 'C'; value: number; cvScore: number }
  notes: string[]
}

export interface Reuser {
  readonly method: ReuseMethod
  /** True for EnsemblePruning and FeatureAugment: `fit` needs labels (classification) or targets (regression). */
  readonly needsLabels: boolean
  /**
   * Learns from the user's rows. JobSelector uses only the features (it routes by the user's distribution);
   * when it is never fitted, `predict` fits it on the rows it is given, as Beimingwu does.
   */
  fit?(data: LabelledData, options?: FitOptions): Promise<void>
  predict(data: ReuseData, options?: PredictOptions): Promise<ReusePrediction>
  /** The solution as data for the exporter (REUSE_NOT_FITTED before a required fit). */
  toPlan(): ReusePlan
  summary(): ReuseSummary
}
