/**
 * `manifest.json` of an export bundle: the one contract between the bundle and whatever runs it (Lobe's
 * signature.json + MLflow's signature and input example, in one file). It says how a CSV row becomes the
 * model's `features` input (columns in order, numeric or categorical with their category list, what counts
 * as missing and how each part fills it), what comes out (label names, target), where every part came from
 * (learnware ids, names, licences, package and model sha256) and how well it did (the metrics given).
 * `predict.mjs` and `runBundle` read nothing else.
 *
 * Example:
 *   const manifest = bundleManifest({ plan, composed, golden, metrics, name, files })
 *   const again = parseBundleManifest(JSON.parse(text), 'sales-bundle.zip: manifest.json')
 */

import { z } from 'zod'
import { MISSING_MARKERS, readTableEncoding, type TableEncoding } from '../data'
import { LearnwareError } from '../errors'
import { sha256Hex } from '../runtime'
import type { ComposedPipeline, PipelineTensor } from './composePipeline'
import type { GoldenRows } from './goldenRows'
import type { BundleImageInput, BundleInputKind, BundleTextInput } from './mediaInput'
import type { ReusePlan } from './plan'

export const BUNDLE_MANIFEST_FORMAT = 'learnware-dock/export-bundle'
export const BUNDLE_MANIFEST_VERSION = 1
export const BUNDLE_FILES = { model: 'model.onnx', manifest: 'manifest.json', golden: 'golden.json', readme: 'README.md', script: 'predict.mjs', example: 'example.csv', prepare: 'prepare.mjs', prepareEmbedder: 'prepare-embedder.mjs' } as const

export interface BundleMetrics {
  /** Metric name → value, e.g. { accuracy: 0.94, macroF1: 0.93 } or { rmse: 53.1, r2: 0.46 }. */
  values: Record<string, number>
  /** What they were measured on, in plain words: "held-out 30 % of sales.csv (54 rows)". */
  evaluatedOn?: string
}

export interface BundleColumn {
  index: number
  name: string
  type: 'numeric' | 'categorical'
  /** Categorical: the code of a value is its position here; values not listed count as missing. */
  categories?: string[]
  /** Which part reads the column and what it puts in when the cell is missing. */
  filledWith: { part: string; value: number }[]
}

export interface BundlePart {
  role: 'member' | 'selector' | 'linear head'
  learnwareId?: string
  name: string
  license?: string
  packageSha256?: string
  modelSha256?: string
  /** Member: the user's columns it reads, in its input order (null: absent, always filled). */
  columns?: (string | null)[]
  /** Member: its class → the user's class (null: no counterpart). */
  classes?: (string | null)[]
}

export interface BundleManifest {
  format: typeof BUNDLE_MANIFEST_FORMAT
  version: number
  name: string
  task: ReusePlan['task']
  method: ReusePlan['method']
  combiner: ReusePlan['combiner']['kind']
  model: { file: string; sha256: string; opset: number; irVersion: number; input: PipelineTensor; outputs: PipelineTensor[] }
  input: {
    /** What the user gives: a table (also when absent: bundles made before media export), images or texts. */
    kind?: BundleInputKind
    /** Images: how they become the pixel columns below (prepare.mjs), and the example files. */
    image?: BundleImageInput
    /** Texts: the column read and the embedder that makes the embedding columns below (prepare.mjs). */
    text?: BundleTextInput
    columns: BundleColumn[]
    missingMarkers: string[]
    unseenCategories: 'missing'
    encoding: TableEncoding
  }
  output: { classNames?: string[]; targetName?: string }
  parts: BundlePart[]
  licenses: string[]
  metrics: BundleMetrics | null
  golden: { file: string; rows: number; source: string | null; tolerance: number }
  /** sha256 of every other file in the bundle. */
  files: Record<string, string>
}

export interface ManifestInput {
  plan: ReusePlan
  composed: ComposedPipeline
  golden: GoldenRows
  metrics?: BundleMetrics
  name: string
  tolerance: number
}

export function bundleManifest(input: ManifestInput): BundleManifest {
  const { plan, composed, golden } = input
  return {
    format: BUNDLE_MANIFEST_FORMAT,
    version: BUNDLE_MANIFEST_VERSION,
    name: input.name,
    task: plan.task,
    method: plan.method,
    combiner: plan.combiner.kind,
    model: { file: BUNDLE_FILES.model, sha256: sha256Hex(composed.bytes), opset: composed.opset, irVersion: composed.irVersion, input: composed.input, outputs: composed.outputs },
    input: { columns: bundleColumns(plan), missingMarkers: [...MISSING_MARKERS], unseenCategories: 'missing', encoding: plan.inputEncoding },
    output: plan.task === 'classification' ? { classNames: plan.classNames } : { targetName: plan.targetName ?? plan.inputEncoding.target?.name },
    parts: bundleParts(plan),
    licenses: [...new Set(plan.members.map((m) => m.license))].sort(),
    metrics: input.metrics ?? null,
    golden: { file: BUNDLE_FILES.golden, rows: golden.rows, source: golden.source, tolerance: input.tolerance },
    files: {}
  }
}

function bundleColumns(plan: ReusePlan): BundleColumn[] {
  return plan.inputEncoding.features.map((feature, index) => {
    const filledWith: BundleColumn['filledWith'] = []
    plan.members.forEach((member) => {
      member.sourceColumns.forEach((column, j) => {
        if (column === index) filledWith.push({ part: member.learnwareId, value: member.fillValues[j] })
      })
    })
    const { combiner } = plan
    if (combiner.kind === 'linear-head') filledWith.push({ part: 'linear head', value: combiner.featureFill[index] })
    if (combiner.kind === 'selector') filledWith.push({ part: 'selector', value: combiner.featureFill?.[index] ?? feature.fill })
    return { index, name: feature.name, type: feature.kind, ...(feature.kind === 'categorical' ? { categories: feature.categories ?? [] } : {}), filledWith }
  })
}

function bundleParts(plan: ReusePlan): BundlePart[] {
  const names = plan.inputEncoding.features.map((f) => f.name)
  const parts: BundlePart[] = plan.members.map((member) => ({
    role: 'member',
    learnwareId: member.learnwareId,
    name: member.name,
    license: member.license,
    packageSha256: member.packageSha256,
    modelSha256: sha256Hex(member.onnxModel),
    columns: member.sourceColumns.map((c) => (c < 0 ? null : names[c])),
    ...(member.classMap ? { classes: member.classMap.map((c) => (c < 0 ? null : plan.classNames![c])) } : {})
  }))
  if (plan.combiner.kind === 'selector') parts.push({ role: 'selector', name: 'selector (routes each row to one member)', modelSha256: sha256Hex(plan.combiner.selectorOnnx) })
  if (plan.combiner.kind === 'linear-head') parts.push({ role: 'linear head', name: `linear head on ${plan.combiner.inputs} inputs (trained on the user's labelled rows)` })
  return parts
}

const manifestSchema = z
  .object({
    format: z.literal(BUNDLE_MANIFEST_FORMAT),
    version: z.number().int().min(1),
    task: z.enum(['classification', 'regression']),
    model: z.object({ file: z.string().min(1), sha256: z.string().length(64), input: z.object({ name: z.string().min(1) }).loose() }).loose(),
    input: z.object({
      encoding: z.unknown(),
      kind: z.enum(['table', 'images', 'texts']).optional(),
      image: z.object({ channels: z.number().int().min(1), height: z.number().int().min(1), width: z.number().int().min(1), scale: z.number().positive(), examples: z.array(z.string()) }).loose().optional(),
      text: z.object({
        column: z.string(),
        embedder: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('hashed-ngram'), id: z.string(), dimension: z.number().int().min(1), options: z.object({}).loose() }).loose(),
          z.object({ kind: z.literal('onnx'), id: z.string(), dimension: z.number().int().min(1), folder: z.literal('embedder'), files: z.array(z.string().regex(/^[\w./-]+$/).refine((f) => !f.includes('..'))) }).loose()
        ])
      }).loose().optional()
    }).loose(),
    output: z.object({ classNames: z.array(z.string()).optional(), targetName: z.string().optional() }).loose(),
    golden: z.object({ file: z.string().min(1) }).loose()
  })
  .loose()

/** Checks the parts of a manifest that running a bundle depends on; BUNDLE_INVALID names the field. */
export function parseBundleManifest(json: unknown, label: string): BundleManifest {
  const header = json as { format?: unknown; version?: unknown } | null
  if (header?.format === BUNDLE_MANIFEST_FORMAT && typeof header.version === 'number' && header.version > BUNDLE_MANIFEST_VERSION) {
    throw new LearnwareError('BUNDLE_INVALID', `${label} is version ${header.version}; this Learnware Dock reads up to version ${BUNDLE_MANIFEST_VERSION}`, {
      hint: 'The bundle was made by a newer Learnware Dock. Update the app, or run the bundle with its own predict.mjs.'
    })
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new LearnwareError('BUNDLE_INVALID', `${label}: bad or missing "${issue.path.join('.') || 'format'}" (${issue.message})`, {
      hint: 'This is not a Learnware Dock export bundle, or its manifest was edited; export it again.'
    })
  }
  readTableEncoding(parsed.data.input.encoding, `${label}: input.encoding`)
  const { kind, image, text } = parsed.data.input
  if ((kind === 'images' && !image) || (kind === 'texts' && !text)) {
    throw new LearnwareError('BUNDLE_INVALID', `${label}: a bundle of ${kind} needs "input.${kind === 'images' ? 'image' : 'text'}"`, { hint: 'The manifest was edited or damaged; export the bundle again.' })
  }
  if (parsed.data.task === 'classification' && !parsed.data.output.classNames) {
    throw new LearnwareError('BUNDLE_INVALID', `${label}: a classification bundle needs "output.classNames"`)
  }
  return parsed.data as unknown as BundleManifest
}
