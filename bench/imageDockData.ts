/**
 * What the image benchmark (image-dock.ts) needs that the engine keeps for tables: the reuse code runs
 * learnwares on table rows, so a user's images become a table of the pixels the learnwares' models take
 * (resized and scaled by `prepareImagesForModel`, exactly what `predictWithLearnwareImages` feeds them), one
 * column per pixel; and JobSelector herds from a table RKME in the model's input space, so each learnware's
 * RKME image spec is mapped back to that space (its reduced-set images un-standardised with the manifest's
 * `pixelMean`/`pixelStd`, as the checker's probes are, then resized and scaled; ZCA of colour specs is not
 * undone) with one γ for the dock by the median heuristic. The user's model "trained from scratch" besides
 * the engine's logistic regression: an MLP over the flattened pixels (trainMlpClassifier).
 *
 * Example:
 *   const task = await loadImageTask(starterDir, record)       // images, labels as class names
 *   const input = sharedImageInput(learnwares.map((l) => l.pkg))
 *   const table = pixelTable(task.images, input, task.truth, record.file)
 *   const learnwares = await imageReuseLearnwares(dock)        // ReuseLearnware with pixel-space specs
 *   learningCurve({ table, learnwares, extraCandidates: [mlpScratchCandidate(table)] })
 */

import { join } from 'node:path'
import { FASHION_CLASSES } from '../scripts/starter-dock/imageLearnwares'
import { parseTableText, type LoadedTable } from '../src/engine/data'
import { readIdxImages, readIdxLabels, type ImageBatch } from '../src/engine/data/images'
import type { Dock } from '../src/engine/dock'
import { readLearnwarePackage, type LearnwarePackage } from '../src/engine/learnware'
import { prepareImagesForModel, readImageInput, type ImageInputDescription } from '../src/engine/predict'
import type { PreviewCandidate, ReuseLearnware } from '../src/engine/reuse'
import { RKME_TABLE_TYPE, suggestGamma, type RkmeTableSpec } from '../src/engine/spec'
import { RKME_IMAGE_SIDE, type RkmeImageSpec } from '../src/engine/spec/image'
import { trainMlpClassifier } from '../src/engine/train'

export interface ImageTaskRecord { file: string; labelsFile: string; kind?: string; classes: string[]; sources: string[]; rows: number }

export interface ImageTask {
  images: ImageBatch
  /** Fashion-MNIST class name per image. */
  truth: string[]
}

export async function loadImageTask(starterDir: string, task: ImageTaskRecord): Promise<ImageTask> {
  const images = await readIdxImages(join(starterDir, 'user-tasks', task.file))
  const codes = await readIdxLabels(join(starterDir, 'user-tasks', task.labelsFile))
  return { images, truth: Array.from(codes, (code) => FASHION_CLASSES[code]) }
}

/** The one input geometry all learnwares take; the pixel table is made for it (a mixed dock would need one per size). */
export function sharedImageInput(packages: readonly LearnwarePackage[]): ImageInputDescription {
  const inputs = packages.map((pkg) => readImageInput(pkg))
  const first = inputs[0]
  const same = (i: ImageInputDescription | null) => i !== null && first !== null
    && i.channels === first.channels && i.height === first.height && i.width === first.width && i.scale === first.scale
  if (!first || !inputs.every(same)) {
    throw new Error('The image learnwares take images of different sizes, channels or scales; this benchmark runs them on one pixel table')
  }
  return first
}

/** The images as the models see them, one numeric column per pixel (p0 …), plus the class name as `target`. */
export function pixelTable(images: ImageBatch, input: ImageInputDescription, truth: readonly string[], source: string): LoadedTable {
  const ready = prepareImagesForModel(images, input)
  const width = ready.channels * ready.height * ready.width
  const names = Array.from({ length: width }, (_, j) => `p${j}`)
  const lines = [[...names, 'target'].join(',')]
  for (let r = 0; r < ready.count; r++) lines.push(`${Array.from(ready.data.subarray(r * width, (r + 1) * width), (v) => String(v)).join(',')},${truth[r]}`)
  // every pixel column numeric: a border pixel with few distinct values must not be guessed categorical
  const columnKinds = Object.fromEntries(names.map((name) => [name, 'numeric' as const]))
  return parseTableText(lines.join('\n'), { target: 'target', targetTask: 'classification', columnKinds, source })
}

/** Image learnwares of the dock, each with its RKME image spec mapped into its model's pixel space (for JobSelector). */
export async function imageReuseLearnwares(dock: Dock): Promise<ReuseLearnware[]> {
  const specOf = new Map(dock.imageSpecCandidates().map((c) => [c.id, c.spec]))
  const out: ReuseLearnware[] = []
  const points: Float64Array[] = []
  for (const entry of dock.list({ status: 'usable' })) {
    const spec = specOf.get(entry.id)
    if (!spec) continue
    const pkg = await readLearnwarePackage(await dock.packageBytes(entry.id), { label: entry.id })
    const z = specPointsInModelSpace(spec, readImageInput(pkg)!, entry.id)
    points.push(z)
    out.push({ id: entry.id, name: entry.name, license: entry.license ?? 'Others', packageSha256: entry.packageSha256, pkg, spec: tableSpec(z, spec) })
  }
  if (out.length === 0) return out
  const width = out[0].spec!.featuresPerRow
  const all = new Float64Array(points.reduce((n, p) => n + p.length, 0))
  points.reduce((offset, p) => (all.set(p, offset), offset + p.length), 0)
  const gamma = suggestGamma(all, all.length / width, width)
  for (const learnware of out) learnware.spec!.gamma = gamma
  return out
}

/** Reduced-set images (standardised 32 × 32) → 0–255 pixels → the model's size and scale, row-major k × C·H·W. */
function specPointsInModelSpace(spec: RkmeImageSpec, input: ImageInputDescription, label: string): Float64Array {
  if (!input.pixelMean || !input.pixelStd) throw new Error(`${label}: imageInput has no pixelMean/pixelStd, so its spec cannot be mapped to pixels`)
  const area = RKME_IMAGE_SIDE * RKME_IMAGE_SIDE
  const data = new Float32Array(spec.z.length)
  for (let i = 0; i < spec.k; i++) {
    for (let c = 0; c < spec.channels; c++) {
      for (let p = 0; p < area; p++) {
        const at = (i * spec.channels + c) * area + p
        data[at] = spec.z[at] * input.pixelStd[c] + input.pixelMean[c]
      }
    }
  }
  const batch: ImageBatch = { data, count: spec.k, channels: spec.channels, height: RKME_IMAGE_SIDE, width: RKME_IMAGE_SIDE }
  return Float64Array.from(prepareImagesForModel(batch, input).data)
}

function tableSpec(z: Float64Array, spec: RkmeImageSpec): RkmeTableSpec {
  const width = z.length / spec.k
  return { type: RKME_TABLE_TYPE, z, beta: Float64Array.from(spec.beta), k: spec.k, featuresPerRow: width, pointShape: [width], gamma: 0.1, numPoints: spec.k }
}

/** A one-hidden-layer MLP (32 ReLU units, Adam, seeded) trained on each split's labelled images' pixels. */
export function mlpScratchCandidate(classCount: number): PreviewCandidate {
  const classes = Array.from({ length: classCount }, (_, c) => c)
  return {
    id: 'scratch-mlp',
    label: 'MLP over pixels, trained from scratch',
    kind: 'scratch',
    method: 'scratch',
    learnwareIds: [],
    needsLabels: true,
    fit: async (labelledRows, { table }) => {
      const cols = table.featuresPerRow
      const features = gatherRows(table, labelledRows)
      const labels = Int32Array.from(labelledRows, (r) => table.target!.codes![r])
      const model = trainMlpClassifier({ features, rows: labelledRows.length, cols, labels }, { hiddenLayers: [32], seed: 0, classes })
      return {
        predict: async (rows) => {
          const x = gatherRows(table, rows)
          return { probabilities: model.predictProbabilities(x, rows.length), labels: model.predict(x, rows.length) }
        }
      }
    }
  }
}

function gatherRows(table: LoadedTable, rows: ArrayLike<number>): Float32Array {
  const cols = table.featuresPerRow
  const out = new Float32Array(rows.length * cols)
  for (let i = 0; i < rows.length; i++) out.set(table.matrix.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols)
  return out
}
