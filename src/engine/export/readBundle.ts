/**
 * Opening an export bundle and checking it: the zip is read with the same guards as learnware packages
 * (no zip slip, bombs or lying sizes), `manifest.json` is validated, and `model.onnx` and `golden.json` must
 * still have the sha256 the manifest recorded — a model swapped after export is refused before it runs.
 * `verifyBundle` replays golden.json in a fresh onnxruntime session and, given the plan, also recomputes the
 * expected outputs in TypeScript, so a golden file written from a wrong graph cannot vouch for itself. For an
 * image or text bundle it also checks prepare.mjs and the example images against their recorded sha256 and
 * replays the raw examples (mediaReplay.ts): they must give the golden rows.
 *
 * Example:
 *   const bundle = await readBundle('wine-bundle.zip')       // { manifest, model, golden, files }
 *   const report = await verifyBundle('wine-bundle.zip', { plan })
 *   report.passed, report.summary
 */

import { basename } from 'node:path'
import { strFromU8 } from 'fflate'
import { LearnwareError } from '../errors'
import { readZipSafely } from '../learnware'
import { sha256Hex, type OnnxModelCache } from '../runtime'
import { BUNDLE_FILES, parseBundleManifest, type BundleManifest } from './bundleManifest'
import { GOLDEN_FORMAT, goldenFeatureMatrix, type GoldenFile } from './goldenRows'
import { inputKind } from './mediaInput'
import { mediaReplayProblem } from './mediaReplay'
import type { ReusePlan } from './plan'
import { evaluatePlanInTs, type PlanPrediction } from './planReference'
import { compareWithReference, runModelFresh, type VerificationReport } from './verification'

export interface LoadedBundle {
  /** How messages name the bundle (its file name, or "bundle"). */
  label: string
  manifest: BundleManifest
  model: Uint8Array
  golden: GoldenFile
  files: Map<string, Uint8Array>
}

/**
 * Bundles hold one model, a few small files and a few example images, and may carry a sentence-embedding model
 * (a multilingual MiniLM is ~470 MB); these caps are generous for that and tight for anything else.
 */
const MiB = 1024 * 1024
const BUNDLE_ZIP_LIMITS = { maxEntries: 128, maxEntryBytes: 1024 * MiB, maxTotalBytes: 1536 * MiB, maxArchiveBytes: 1600 * MiB }

export async function readBundle(source: Uint8Array | string): Promise<LoadedBundle> {
  const label = typeof source === 'string' ? basename(source) : 'bundle'
  const files = await readZipSafely(source, { label, limits: BUNDLE_ZIP_LIMITS })
  const manifest = parseBundleManifest(readJson(files, BUNDLE_FILES.manifest, label), `${label}: ${BUNDLE_FILES.manifest}`)
  const model = requireFile(files, manifest.model.file, label)
  if (sha256Hex(model) !== manifest.model.sha256) {
    throw new LearnwareError('BUNDLE_INVALID', `${label}: ${manifest.model.file} is not the model that was exported (its sha256 differs from manifest.json)`, {
      hint: 'The model was replaced or damaged after export; export the bundle again.'
    })
  }
  const goldenBytes = requireFile(files, manifest.golden.file, label)
  const recorded = manifest.files?.[manifest.golden.file]
  if (recorded && sha256Hex(goldenBytes) !== recorded) {
    throw new LearnwareError('BUNDLE_INVALID', `${label}: ${manifest.golden.file} was changed after export (its sha256 differs from manifest.json)`)
  }
  checkRecordedFiles(files, manifest, label)
  const golden = readJson(files, manifest.golden.file, label) as GoldenFile
  if (golden?.format !== GOLDEN_FORMAT || !Array.isArray(golden.features) || golden.features.length !== golden.rows) {
    throw new LearnwareError('BUNDLE_INVALID', `${label}: ${manifest.golden.file} is not a golden-rows file`)
  }
  return { label, manifest, model, golden, files }
}

export interface VerifyBundleOptions {
  /** Recompute the expected outputs from the plan (in TypeScript) instead of trusting golden.json alone. */
  plan?: ReusePlan
  /** Already computed expected outputs for the golden rows (what the exporter passes). */
  reference?: PlanPrediction
  cache?: OnnxModelCache
  signal?: AbortSignal
}

export async function verifyBundle(source: Uint8Array | string, options: VerifyBundleOptions = {}): Promise<VerificationReport> {
  const bundle = await readBundle(source)
  const featureCount = bundle.manifest.input.columns?.length ?? bundle.golden.featureNames.length
  const features = goldenFeatureMatrix(bundle.golden)
  const rows = bundle.golden.rows
  const run = await runModelFresh(bundle.model, features, rows, featureCount, `${bundle.label}: ${bundle.manifest.model.file}`)
  const againstGolden = compareWithReference(goldenReference(bundle), run, bundle.golden.tolerance)
  if (!againstGolden.passed) return againstGolden
  const replayProblem = await mediaReplayProblem(bundle)
  if (replayProblem) return { ...againstGolden, passed: false, summary: `The bundle's raw examples do not reproduce its golden rows: ${replayProblem}.` }
  const reference = options.reference ?? (options.plan ? await evaluatePlanInTs(options.plan, features, rows, { cache: options.cache, signal: options.signal }) : null)
  return reference ? compareWithReference(reference, run) : againstGolden
}

/** golden.json's expected outputs in the shape the comparison takes. */
function goldenReference(bundle: LoadedBundle): PlanPrediction {
  const { golden, manifest } = bundle
  const numbers = golden.expected.probabilities ?? golden.expected.prediction ?? []
  const width = numbers[0]?.length ?? 0
  const flat = Float32Array.from(numbers.flat())
  const classification = manifest.task === 'classification'
  return {
    task: manifest.task,
    rows: golden.rows,
    width,
    labels: classification ? Int32Array.from(golden.expected.label ?? []) : null,
    probabilities: classification ? flat : null,
    values: classification ? null : flat,
    nearTies: golden.nearTies ?? []
  }
}

/** The files an image or text bundle replays (prepare.mjs, examples/, a carried embedder) must be the ones exported. */
function checkRecordedFiles(files: Map<string, Uint8Array>, manifest: BundleManifest, label: string): void {
  if (inputKind(manifest) === 'table') return
  const embedder = manifest.input.text?.embedder
  const carried = embedder?.kind === 'onnx' ? [BUNDLE_FILES.prepareEmbedder, ...embedder.files.map((file) => `${embedder.folder}/${file}`)] : []
  for (const name of [BUNDLE_FILES.prepare, ...(manifest.input.image?.examples ?? []), ...carried]) {
    const recorded = manifest.files?.[name]
    const bytes = requireFile(files, name, label)
    if (!recorded || sha256Hex(bytes) !== recorded) {
      throw new LearnwareError('BUNDLE_INVALID', `${label}: ${name} was changed after export (its sha256 differs from manifest.json)`, { hint: 'Export the bundle again.' })
    }
  }
}

function requireFile(files: Map<string, Uint8Array>, name: string, label: string): Uint8Array {
  const bytes = files.get(name)
  if (!bytes) throw new LearnwareError('BUNDLE_INVALID', `${label}: the bundle has no ${name}`, { hint: 'This is not a complete Learnware Dock export bundle; export it again.' })
  return bytes
}

function readJson(files: Map<string, Uint8Array>, name: string, label: string): unknown {
  const bytes = requireFile(files, name, label)
  try {
    return JSON.parse(strFromU8(bytes))
  } catch (cause) {
    throw new LearnwareError('BUNDLE_INVALID', `${label}: ${name} is not valid JSON`, { cause })
  }
}
