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
 * Errors (LearnwareError): REUSE_LABEL_MISMATCH (no class of a learnware matches the user's; the hint
 * suggests FeatureAugment), REUSE_TASK_MISMATCH, REUSE_NEEDS_LABELS, REUSE_NOT_FITTED, the runner's
 * SPEC_DIMENSION_MISMATCH / DATA_MISSING_COLUMN / MODEL_*, CANCELLED.
 */

export { createReuser, REUSE_METHODS } from './createReuser'
export { mapLearnwareClasses, matchClassNames } from './labelMapping'
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
