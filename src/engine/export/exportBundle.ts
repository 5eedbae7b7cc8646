/**
 * Export: a reuse plan → one deployable, verified zip — `model.onnx` (the whole pipeline as one graph),
 * `manifest.json`, `golden.json`, `README.md` (model card), `predict.mjs` and `example.csv`. The zip is
 * deterministic (sorted entries, fixed timestamps), so the same plan and rows always give the same bytes.
 *
 * Verified twice, both times in a fresh onnxruntime session against the plan evaluated in TypeScript
 * (planReference.ts): once in memory, so the model card can state the result, and once *after writing*,
 * from the file on disk (or the final zip bytes), so what the user gets is what was checked. A bundle that
 * fails is never left behind: it is written to `<out>.partial` and renamed only after the second check.
 * `writeVerifiedBundle` is that whole path for a resolved set of golden rows; image and text bundles
 * (mediaExport.ts) go through it with their extra files (prepare.mjs, raw examples) and manifest input.
 *
 * Example:
 *   const bundle = await exportBundle(plan, {
 *     goldenRows: table,                                   // LoadedTable, or { features, rows }
 *     metrics: { values: { accuracy: 0.94 }, evaluatedOn: 'held-out 30 % of wine.csv (54 rows)' },
 *     out: 'wine-bundle.zip',
 *     onProgress: (e) => e.status === 'progress' && bar(e.fraction)
 *   })
 *   bundle.verification.summary   // 'The exported model reproduces the in-app predictions on all 50 golden rows …'
 */

import { rename, rm, writeFile } from 'node:fs/promises'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { isLearnwareError, LearnwareError } from '../errors'
import type { Cancellable, ProgressListener } from '../progress'
import { sha256Hex, type OnnxModelCache } from '../runtime'
import { BUNDLE_FILES, bundleManifest, type BundleManifest, type BundleMetrics } from './bundleManifest'
import { composePipelineOnnx } from './composePipeline'
import { exampleCsv, goldenJson, resolveGoldenRows, type GoldenRows, type GoldenRowsInput } from './goldenRows'
import type { MediaManifestInput } from './mediaInput'
import { modelCard } from './modelCard'
import type { ReusePlan } from './plan'
import { evaluatePlanInTs } from './planReference'
import { PREDICT_SCRIPT } from './predictScript'
import { verifyBundle } from './readBundle'
import { compareWithReference, runModelFresh, verificationError, VERIFY_TOLERANCE, type VerificationReport } from './verification'

export interface ExportBundleOptions extends Cancellable {
  /** Rows to check the model on and ship as golden.json: the user's table, or rows encoded with the plan's inputEncoding. */
  goldenRows: GoldenRowsInput
  /** At most this many golden rows, spread over the input (default 50). */
  maxGoldenRows?: number
  metrics?: BundleMetrics
  /** Title of the model card (default from the method and the target). */
  name?: string
  /** The user's own words on what the model is for (goes into the model card). */
  description?: string
  /** Where to write the zip; without it only the bytes are returned. */
  out?: string
  /** ONNX sessions for running the members in TypeScript. */
  cache?: OnnxModelCache
  onProgress?: ProgressListener
}

export interface ExportedBundle {
  zip: Uint8Array
  sha256: string
  /** The file written, or null without `out`. */
  path: string | null
  manifest: BundleManifest
  /** The check made after writing. */
  verification: VerificationReport
}

const TASK = 'export bundle'

export async function exportBundle(plan: ReusePlan, options: ExportBundleOptions): Promise<ExportedBundle> {
  const golden = resolveGoldenRows(plan, options.goldenRows, options.maxGoldenRows)
  return writeVerifiedBundle(plan, golden, options, null)
}

/** What a bundle of images or texts adds to a table bundle (mediaExport.ts). */
export interface MediaBundleParts {
  input: MediaManifestInput
  /** prepare.mjs, the example images or example.csv of texts: path in the bundle → bytes. */
  files: Map<string, Uint8Array>
  /** Texts: the golden rows' raw texts, written into golden.json. */
  goldenTexts?: string[]
}

/** Composes, checks, writes and re-checks one bundle; shared by table and media exports. */
export async function writeVerifiedBundle(plan: ReusePlan, golden: GoldenRows, options: Omit<ExportBundleOptions, 'goldenRows' | 'maxGoldenRows'>, media: MediaBundleParts | null): Promise<ExportedBundle> {
  const progress = (fraction: number, detail: string) => {
    if (options.signal?.aborted) throw new LearnwareError('CANCELLED', 'The export was cancelled')
    options.onProgress?.({ status: 'progress', task: TASK, fraction, detail })
  }
  options.onProgress?.({ status: 'start', task: TASK })
  progress(0, 'composing one ONNX graph')
  const composed = composePipelineOnnx(plan)
  progress(0.2, 'running the plan in the app for reference')
  const reference = await evaluatePlanInTs(plan, golden.features, golden.rows, { cache: options.cache, signal: options.signal })
  progress(0.5, 'checking the graph against the app')
  const firstCheck = compareWithReference(reference, await runModelFresh(composed.bytes, golden.features, golden.rows, composed.featureCount, 'model.onnx'))
  if (!firstCheck.passed) throw verificationError(firstCheck, 'model.onnx')

  progress(0.6, 'writing the bundle')
  const name = options.name ?? defaultName(plan, media)
  const manifest = bundleManifest({ plan, composed, golden, metrics: options.metrics, name, tolerance: VERIFY_TOLERANCE })
  if (media) manifest.input = { ...media.input, ...manifest.input }
  const goldenFile = { ...goldenJson(plan, golden, reference), ...(media?.goldenTexts ? { texts: media.goldenTexts } : {}) }
  const files = new Map<string, Uint8Array>([
    [BUNDLE_FILES.model, composed.bytes],
    [BUNDLE_FILES.golden, strToU8(`${JSON.stringify(goldenFile)}\n`)],
    [BUNDLE_FILES.readme, strToU8(modelCard({ manifest, plan, golden, verification: firstCheck, description: options.description }))],
    [BUNDLE_FILES.script, strToU8(PREDICT_SCRIPT)],
    ...(media ? media.files : [[BUNDLE_FILES.example, strToU8(exampleCsv(plan, golden))] as const])
  ])
  for (const [file, bytes] of files) manifest.files[file] = sha256Hex(bytes)
  files.set(BUNDLE_FILES.manifest, strToU8(`${JSON.stringify(manifest, null, 2)}\n`))
  const zip = zipDeterministically(files)

  const partial = options.out ? `${options.out}.partial` : null
  let verification: VerificationReport
  try {
    if (partial) await writeFile(partial, zip)
    progress(0.8, 'verifying the written bundle in a fresh session')
    verification = await verifyBundle(partial ?? zip, { reference })
    if (!verification.passed) throw verificationError(verification, options.out ?? 'the bundle')
    if (partial) await rename(partial, options.out!)
  } catch (error) {
    if (partial) await rm(partial, { force: true })
    if (isLearnwareError(error)) throw error
    throw new LearnwareError('IO_WRITE_FAILED', `${options.out}: the bundle could not be written or read back (${(error as Error).message?.split('\n')[0] ?? error})`, {
      hint: 'Check that the folder exists and is writable, and that the disk is not full.',
      cause: error
    })
  }
  options.onProgress?.({ status: 'progress', task: TASK, fraction: 1 })
  options.onProgress?.({ status: 'done', task: TASK })
  return { zip, sha256: sha256Hex(zip), path: options.out ?? null, manifest, verification }
}

const HOW: Readonly<Record<ReusePlan['combiner']['kind'], string>> = {
  single: 'reused as it is',
  'mean-probabilities': 'averaged',
  'vote-labels': 'by majority vote',
  'mean-values': 'averaged',
  'linear-head': 'combined by a trained head',
  selector: 'one chosen per row'
}

function defaultName(plan: ReusePlan, media: MediaBundleParts | null): string {
  const target = plan.task === 'classification' ? (plan.inputEncoding.target?.name ?? 'class') : (plan.targetName ?? plan.inputEncoding.target?.name ?? 'value')
  const parts = plan.members.length === 1 ? '1 learnware' : `${plan.members.length} learnwares`
  const of = media ? ` of ${media.input.kind === 'images' ? 'an image' : 'a text'}` : ''
  return `Predict ${target}${of} (${parts}, ${HOW[plan.combiner.kind]})`
}

/**
 * Entries sorted by name, DOS timestamps fixed at 1980-01-01 00:00 local time (built at call time, so a
 * time-zone change does not shift them), the ONNX model stored (float weights barely deflate).
 */
function zipDeterministically(files: Map<string, Uint8Array>): Uint8Array {
  const mtime = new Date(1980, 0, 1, 0, 0, 0)
  const zippable: Zippable = {}
  // PNG examples are deflated already; a carried embedder's model.onnx is float weights like ours
  for (const name of [...files.keys()].sort()) zippable[name] = [files.get(name)!, { level: name.endsWith('.onnx') || name.endsWith('.png') ? 0 : 6, mtime }]
  return zipSync(zippable)
}
