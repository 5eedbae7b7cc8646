/**
 * Reuse: turning learnwares found by search into predictions on the user's own data, the way Beimingwu's
 * reusers do (reference §7) — Single (top-1), Averaging (mean / vote_by_label / vote_by_prob), JobSelector
 * (per-row routing by a selector trained on rows herded from the learnwares' RKMEs, weighted by the user's
 * RKME), EnsemblePruning (MDEP: NSGA-II subset selection on labelled rows) and FeatureAugment (learnware
 * outputs as extra features for a cross-validated linear head). Every reuser runs each learnware on the
 * user's columns matched by name, maps its classes to the user's by name, and describes itself as a
 * `ReusePlan` (export/plan.ts) that the exporter turns into one ONNX graph.
 *
 * Example:
 *   import { createReuser } from '../reuse'
 *   const context = { task: 'classification', classNames: table.target!.classes, inputEncoding: table.encoding, cache }
 *   const data = { features: table.matrix, rows: table.rowsKept, featuresPerRow: table.featuresPerRow,
 *                  featureNames: table.featureNames, labels: table.target!.codes! }
 *   const reuser = createReuser('ensemble-pruning', learnwares, context)   // learnwares: ReuseLearnware[]
 *   await reuser.fit?.(data, { onProgress, signal })   // labels needed when reuser.needsLabels; JobSelector reads only features
 *   const { labels, probabilities } = await reuser.predict(testData)
 *   const plan = reuser.toPlan()                 // → exportBundle(plan, …)
 *   reuser.summary().members[0].labelMapping     // { classMap: [0, 1, -1], unmapped: ['class 9'], … }
 *
 *   // from a dock: by id, or what a search recommends (not-runnable learnwares are refused / skipped)
 *   const learnwares = await loadReuseLearnwares(dock, ['lwd-00000003', 'lwd-00000007'])
 *   const { learnwares: found, skipped } = await loadSearchedLearnwares(dock, await searchDockWithTable(dock, table))
 *
 *   // before committing: every method, training from scratch and the trivial floor, scored on the user's rows
 *   const preview = await previewReuse({ table, learnwares, labelledRows: 100, repeats: 5, cache, onProgress, signal })
 *   preview.candidates[0]                        // { id: 'single:lwd-00000003', status: 'ok', metrics: { accuracy: { mean, std, values } … } }
 *   const curve = await learningCurve({ table, learnwares, sizes: [10, 30, 100, 300] })
 *   curve.scratchCatchesUpAt                     // 300: from here on a model trained from scratch is as good
 *
 *   // images and texts: the user's labelled data as the table the learnwares' models take (mediaReuse.ts)
 *   const { table: pixels, learnwares: imageLearnwares, skipped } = await prepareImageReuse(dock, ids, images, classNames)
 *   await previewReuse({ table: pixels, learnwares: imageLearnwares, labelledRows: 30, cache })
 *   classificationMetrics(actual, predicted, 3)  // { accuracy, macroF1, kappa }; regressionMetrics → { rmse, mae, r2 }
 *
 * Errors (LearnwareError): REUSE_LABEL_MISMATCH (no class of a learnware matches the user's; the hint
 * suggests FeatureAugment), REUSE_TASK_MISMATCH, REUSE_NEEDS_LABELS, REUSE_NOT_FITTED, the runner's
 * SPEC_DIMENSION_MISMATCH / DATA_MISSING_COLUMN / MODEL_*, CANCELLED; loading from a dock: DOCK_NOT_FOUND,
 * MODEL_NOT_RUNNABLE; the preview and the curve: USAGE (no target, a labelled budget the table cannot afford).
 * In a preview or a curve a failing method does not throw: it is reported with its error, the others go on.
 */

export { createReuser, REUSE_METHODS } from './createReuser'
export {
  checkRunnable,
  checkTableLearnware,
  DEFAULT_SEARCH_TOP,
  loadReuseLearnwares,
  loadSearchedLearnwares,
  reuseIdsFromSearch,
  type SearchedLearnwares,
  type SearchForReuse
} from './fromDock'
export {
  candidateInfo,
  labelledData,
  REUSE_METHOD_LABELS,
  reuseData,
  type CandidateError,
  type CandidateInfo,
  type CandidateKind,
  type CandidateMethod,
  type CandidatePrediction,
  type CandidateRun,
  type FittedCandidate,
  type PreviewCandidate
} from './candidates'
export type { MetricSummaries, MetricSummary, ReuseComparisonOptions } from './comparison'
export { previewReuse, type CandidateOutcome, type PreviewOptions, type PreviewResult } from './preview'
export {
  DEFAULT_CURVE_SIZES,
  learningCurve,
  scratchCatchesUpAt,
  type CurveSeries,
  type LearningCurve,
  type LearningCurveOptions,
  type MetricSeries
} from './learningCurve'
export {
  cellCount,
  classificationMetrics,
  CLASSIFICATION_METRICS,
  confusionMatrix,
  higherIsBetter,
  metricsFromConfusion,
  regressionMetrics,
  REGRESSION_METRICS,
  rowsInCell,
  type ClassificationMetrics,
  type ConfusionMatrix,
  type MetricName,
  type RegressionMetrics
} from './metrics'
export { checkLabelledBudget, maxLabelledRows, minimumHeldOut, rowsWithTarget } from './splits'
export { mapLearnwareClasses, matchClassNames } from './labelMapping'
export {
  imagePixelTable,
  imageReuseLearnwares,
  prepareImageReuse,
  prepareTextReuse,
  textEmbeddingTable,
  textReuseLearnwares,
  type MediaReuse,
  type MediaReuseOptions
} from './mediaReuse'
export type {
  AveragingMode,
  FitOptions,
  LabelledData,
  LabelMapping,
  PredictOptions,
  ReuseContext,
  ReuseData,
  ReuseLearnware,
  ReuseMemberInfo,
  ReuseMethod,
  ReusePlan,
  ReusePrediction,
  Reuser,
  ReuserOptions,
  ReuseSummary,
  ReuseTask,
  SelectorModelKind
} from './types'
