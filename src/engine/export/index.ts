/**
 * Export: a reuse solution (`ReusePlan`, plan.ts, from `reuser.toPlan()`) → one deployable, verified
 * bundle. The whole pipeline — every learnware's column selection, imputation and model, and the combiner —
 * becomes ONE ONNX graph (`features: float[N, F]` → `label` + `probabilities`, or `prediction`), shipped with
 * a manifest (input encoding, outputs, provenance and licences), golden rows, a model card and a
 * dependency-free `predict.mjs`; bundles made from images or texts add `prepare.mjs` (the app's own image /
 * text preparation, bundled at build time) and raw golden examples (mediaExport.ts). Before the bundle is kept, its model is reloaded in a fresh onnxruntime
 * session and must reproduce the plan evaluated in TypeScript on the golden rows (labels exactly, numbers
 * within 1e-5).
 *
 * Example:
 *   import { exportBundle, runBundle, verifyBundle, composePipelineOnnx, evaluatePlanInTs } from '../export'
 *
 *   const plan = reuser.toPlan()
 *   const bundle = await exportBundle(plan, {
 *     goldenRows: userTable,                                    // or { features, rows } in the plan's encoding
 *     metrics: { values: { accuracy: 0.94 }, evaluatedOn: 'held-out 30 % of wine.csv' },
 *     out: 'wine-bundle.zip', cache, onProgress
 *   })
 *   bundle.verification.passed                                 // true, or exportBundle threw EXPORT_VERIFICATION_FAILED
 *   const run = await runBundle('wine-bundle.zip', 'new.csv')  // the CLI's run-bundle
 *   run.labelNames
 *
 *   // images or texts (the plan made on prepareImageReuse / prepareTextReuse's table): the bundle runs on raw files
 *   await exportMediaBundle(plan, { media: { kind: 'images', images, input: readImageInput(pkg)! }, out: 'shoes.zip', cache })
 *   await exportMediaBundle(plan, { media: { kind: 'texts', texts, embedder, column: 'body' }, out: 'genres.zip' })
 *   //   (an ONNX sentence model travels too: media.embedderFolder = the folder it was loaded from)
 *   //   unzipped: node predict.mjs --images photos/ | node predict.mjs --texts new.csv | node predict.mjs --check
 *
 *   // lower level
 *   const { bytes } = composePipelineOnnx(plan)                // one model.onnx
 *   const reference = await evaluatePlanInTs(plan, features, rows, { cache })
 *   const report = await verifyBundle('wine-bundle.zip', { plan })
 *
 * Errors (LearnwareError): EXPORT_PLAN_INVALID (the plan contradicts itself or its models),
 * EXPORT_VERIFICATION_FAILED (the graph does not reproduce the app; nothing is written), BUNDLE_INVALID
 * (not a bundle, or its model/golden file changed after export), MODEL_INVALID, DATA_MISSING_COLUMN,
 * IO_WRITE_FAILED, CANCELLED.
 */

export type { PlanCombiner, PlanMember, ReuseMethod, ReusePlan, ReuseTask } from './plan'
export { validatePlan } from './planChecks'
export { composePipelineOnnx, PIPELINE_INPUT, type ComposedPipeline, type PipelineTensor } from './composePipeline'
export { evaluatePlanInTs, type EvaluatePlanOptions, type PlanPrediction } from './planReference'
export { compareWithReference, runModelFresh, VERIFY_TOLERANCE, type ModelRun, type VerificationReport } from './verification'
export { exportBundle, type ExportBundleOptions, type ExportedBundle } from './exportBundle'
export { DEFAULT_GOLDEN_EXAMPLES, exportMediaBundle, mediaExportData, type ExportMediaBundleOptions, type MediaExportData, type RawMedia } from './mediaExport'
export { bundleTextInput, EMBEDDER_FOLDER, EXAMPLES_FOLDER, inputKind, type BundleImageInput, type BundleInputKind, type BundleTextEmbedder, type BundleTextInput } from './mediaInput'
export { readBundle, verifyBundle, type LoadedBundle, type VerifyBundleOptions } from './readBundle'
export { runBundle, type BundleRun, type RunBundleOptions } from './runBundle'
export {
  BUNDLE_FILES,
  BUNDLE_MANIFEST_FORMAT,
  BUNDLE_MANIFEST_VERSION,
  parseBundleManifest,
  type BundleColumn,
  type BundleManifest,
  type BundleMetrics,
  type BundlePart
} from './bundleManifest'
export { DEFAULT_GOLDEN_ROWS, GOLDEN_FORMAT, type GoldenFile, type GoldenRowsInput } from './goldenRows'
export { upgradeOpset } from './opsetUpgrade'
