/**
 * Packing an image learnware: an ONNX classifier over `float[N, C, H, W]` pixel tensors plus the images it
 * was trained on. The package says Data = Image, Input = {Dimension: C·H·W, a description of the image
 * layout}, Output = the classes; its manifest's `imageInput` gives the model's image size, the pixel scale
 * and the training pixels' per-channel mean/std (so the checker can map points of the standardised image
 * spec back to pixels). The statistical spec is the RKME image spec of the training images (Beimingwu's
 * 32 × 32 NNGP one; the images never leave the machine). Checked after writing, like every package made here.
 *
 * Example:
 *   const images = await readIdxImages('train-images-idx3-ubyte.gz', { limit: 1200 })  // [N, 1, 28, 28], 0–255
 *   const mlp = trainMlpClassifier({ features: images.data, rows: images.count, cols: 784, labels: codes })
 *   const { zip, check } = await packImageLearnware({
 *     onnxModel: imageMlpToOnnx(mlp, { channels: 1, height: 28, width: 28 }), images, labels, classes, k: 20, steps: 20,
 *     semantic: { name: 'Shirts vs shoes', description: '…', scenarios: ['Business'], license: 'MIT' }
 *   })
 */

import type { CheckLearnwareOptions, LearnwareCheckReport } from '../check'
import type { ImageBatch } from '../data/images'
import { LearnwareError } from '../errors'
import { writeLearnwarePackage, type DockManifestInput } from '../learnware'
import { MANIFEST_IMAGE_INPUT_KEY, type ImageInputDescription } from '../predict'
import type { ProgressListener } from '../progress'
import { generateRkmeImageSpec, serializeRkmeImageSpec, type RkmeImageSpec } from '../spec/image'
import { assertValidSemanticSpec, generateSemanticSpec, type SemanticSpec } from '../spec/semantic'
import { modelClassNames } from './classOrder'
import { readModelSignature } from './modelSignature'
import type { PackSemanticInput } from './packLearnware'
import { checkWrittenPackage, classifierOutputManifest } from './packShared'

export interface PackImageLearnwareInput {
  onnxModel: Uint8Array
  /** The training images, 0–255 pixels, in the size the model takes. */
  images: ImageBatch
  /** Class name per image. */
  labels: readonly string[]
  /** Class names in the model's class-index order (default: the sorted distinct labels). */
  classes?: readonly string[]
  semantic: Omit<PackSemanticInput, 'task'> & { task?: 'Classification' }
  /** The model takes pixels × scale (default 1: raw 0–255 values). */
  scale?: number
  /** Reduced-set size of the image spec (default 50, Beimingwu's). */
  k?: number
  /** Optimisation steps on the reduced set (default 100). */
  steps?: number
  seed?: number
  originId?: string
  check?: boolean
  checkOptions?: CheckLearnwareOptions
  modelSource?: string
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface PackImageLearnwareResult {
  zip: Uint8Array
  semanticSpec: SemanticSpec
  spec: RkmeImageSpec
  check: LearnwareCheckReport | null
}

export async function packImageLearnware(input: PackImageLearnwareInput): Promise<PackImageLearnwareResult> {
  const { images } = input
  const modelSource = input.modelSource ?? 'model.onnx'
  if (images.count !== input.labels.length) {
    throw new LearnwareError('PACK_MISMATCH', `${images.count} images but ${input.labels.length} labels; every training image needs its label`)
  }
  const classes = input.classes ? [...input.classes] : [...new Set(input.labels)].sort()
  if (classes.length < 2) throw new LearnwareError('PACK_MISMATCH', `The labels hold ${classes.length} class(es); a classifier needs at least two`)
  const width = images.channels * images.height * images.width
  const signature = readModelSignature(input.onnxModel, modelSource, 'Classification')
  if (signature.input.width !== null && signature.input.width !== width) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `${modelSource} takes ${signature.input.width} values per image but the images are ${images.channels} × ${images.height} × ${images.width} = ${width}`, {
      hint: 'Give the images in the size the model was trained on.'
    })
  }
  const probabilityWidth = signature.output.kind === 'probabilities' ? signature.output.width : null
  const names = modelClassNames(classes, signature.classLabels, probabilityWidth, modelSource, 'the labels')
  const layout = `${images.channels} × ${images.height} × ${images.width} image (channels, rows, columns; pixels 0–255${input.scale && input.scale !== 1 ? ` × ${input.scale}` : ''}); the app resizes images itself`
  const semanticSpec = generateSemanticSpec({
    name: input.semantic.name,
    description: input.semantic.description,
    data: 'Image',
    task: 'Classification',
    library: input.semantic.library ?? 'Others',
    scenarios: input.semantic.scenarios,
    license: input.semantic.license,
    input: { dimension: width, descriptions: { 0: layout } },
    output: { dimension: names.length, descriptions: names }
  })
  assertValidSemanticSpec(semanticSpec)
  const spec = await generateRkmeImageSpec(images, { k: input.k, steps: input.steps, seed: input.seed ?? 0, onProgress: input.onProgress, signal: input.signal })
  const { mean, std } = channelStatistics(images)
  const imageInput: ImageInputDescription = {
    channels: images.channels, height: images.height, width: images.width, scale: input.scale ?? 1, pixelMean: mean, pixelStd: std
  }
  const manifest: DockManifestInput = {
    input: { name: signature.input.name, shape: [null, images.channels, images.height, images.width], dtype: signature.input.dtype },
    output: classifierOutputManifest(signature, names),
    labels: names,
    [MANIFEST_IMAGE_INPUT_KEY]: imageInput
  }
  const zip = writeLearnwarePackage({
    semanticSpec,
    statSpecs: [{ type: 'RKMEImageSpecification', json: compactImageSpecJson(spec) }],
    onnxModel: input.onnxModel,
    manifest,
    originId: input.originId
  })
  const check = await checkWrittenPackage(zip, input.semantic.name, input.check, input.checkOptions)
  return { zip, semanticSpec, spec, check }
}

/**
 * The spec's JSON with each z value written with the fewest digits that give back the same float32 (z is a
 * float32 tensor in Beimingwu and here), instead of the float64 repr of the float32: same spec when parsed,
 * about half the bytes. β stays float64.
 */
function compactImageSpecJson(spec: RkmeImageSpec): Record<string, unknown> {
  const json = JSON.parse(serializeRkmeImageSpec(spec)) as Record<string, unknown>
  const shorten = (value: unknown): unknown => (Array.isArray(value) ? value.map(shorten) : shortestFloat32(value as number))
  json.z = shorten(json.z)
  return json
}

function shortestFloat32(value: number): number {
  const target = Math.fround(value)
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(target.toPrecision(digits))
    if (Math.fround(candidate) === target) return candidate
  }
  return Number(target.toPrecision(9))
}

/** Per-channel mean and std (N − 1, like the spec's standardisation) of the pixels, rounded to 4 decimals for the manifest. */
function channelStatistics(images: ImageBatch): { mean: number[]; std: number[] } {
  const area = images.height * images.width
  const mean: number[] = []
  const std: number[] = []
  for (let c = 0; c < images.channels; c++) {
    let sum = 0
    let squares = 0
    for (let n = 0; n < images.count; n++) {
      const base = (n * images.channels + c) * area
      for (let p = 0; p < area; p++) sum += images.data[base + p]
    }
    const total = images.count * area
    const m = sum / total
    for (let n = 0; n < images.count; n++) {
      const base = (n * images.channels + c) * area
      for (let p = 0; p < area; p++) squares += (images.data[base + p] - m) ** 2
    }
    mean.push(Number(m.toFixed(4)))
    std.push(Number(Math.sqrt(squares / Math.max(1, total - 1)).toFixed(4)))
  }
  return { mean, std }
}
