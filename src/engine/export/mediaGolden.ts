/**
 * The golden examples of an image or text bundle: a spread of the user's images or texts, kept in their raw
 * form so `predict.mjs --check` can replay the whole path (decode, resize, scale / embed, then the model) and
 * not only the model. Images are written as lossless PNGs under `examples/` and the golden rows are computed
 * *from those files* — decoded and assembled as the folder loader does, then prepared like the app — so the
 * files and the rows agree by construction: pixels are rounded to 0–255 first (an image the loader had
 * resized holds fractions, which a PNG cannot). Texts are kept as they are, in golden.json.
 *
 * Example:
 *   const examples = imageExamples(batch, input, 10)   // { files: Map('examples/00.png' → bytes), features, rows }
 *   const rows = examplesAsRows([...examples.files.values()], input)   // the same rows again, from the PNG bytes
 *   const picked = spreadIndices(texts.length, 25)
 */

import { PNG } from 'pngjs'
import { decodeImage } from '../data/images/decode'
import type { DecodedImage, ImageBatch } from '../data/images/types'
import { LearnwareError } from '../errors'
import { prepareImagesForModel, type ImagePreparation } from '../predict/imagePreparation'
import { EXAMPLES_FOLDER } from './mediaInput'

export interface ImageExamples {
  /** `examples/NN.png` → PNG bytes, named so that sorting by name keeps the golden-row order. */
  files: Map<string, Uint8Array>
  /** The examples as the model takes them, rows × C·H·W. */
  features: Float32Array
  rows: number
}

/** All of `count`, or `max` indices spread evenly over them (first and last included). */
export function spreadIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i)
  return Array.from({ length: max }, (_, i) => Math.round((i * (count - 1)) / Math.max(1, max - 1)))
}

export function imageExamples(batch: ImageBatch, input: ImagePreparation, maxImages: number): ImageExamples {
  const picked = spreadIndices(batch.count, maxImages)
  const digits = String(Math.max(0, picked.length - 1)).length
  const files = new Map<string, Uint8Array>()
  picked.forEach((n, i) => files.set(`${EXAMPLES_FOLDER}/${String(i).padStart(digits, '0')}.png`, encodePng(batch, n)))
  const prepared = examplesAsRows([...files.values()], input)
  return { files, ...prepared }
}

/** Example PNG bytes → model rows, the way loadImageFolder + prepareImagesForModel treat a folder of one size. */
export function examplesAsRows(pngs: readonly Uint8Array[], input: ImagePreparation, names: readonly string[] = []): { features: Float32Array; rows: number } {
  const images = pngs.map((bytes, i) => decodeImage(bytes, names[i] ?? `example ${i + 1}`))
  const batch = sameSizeBatch(images)
  const ready = prepareImagesForModel(batch, input)
  return { features: ready.data, rows: ready.count }
}

/** Grey images repeat into R, G, B when any example is colour (as the folder loader does). */
function sameSizeBatch(images: DecodedImage[]): ImageBatch {
  const { height, width } = images[0]
  if (images.some((im) => im.height !== height || im.width !== width)) {
    throw new LearnwareError('BUNDLE_INVALID', 'the example images are not all one size', { hint: 'The bundle was changed after export; export it again.' })
  }
  const channels = images.some((im) => im.channels === 3) ? 3 : 1
  const area = height * width
  const data = new Float32Array(images.length * channels * area)
  images.forEach((image, n) => {
    for (let c = 0; c < channels; c++) {
      const from = (image.channels === 1 ? 0 : c) * area
      data.set(image.data.subarray(from, from + area), (n * channels + c) * area)
    }
  })
  return { data, count: images.length, channels, height, width }
}

/** One image of the batch as a PNG (grey or RGB, 8 bits), pixels rounded and clamped to 0–255. */
function encodePng(batch: ImageBatch, n: number): Uint8Array {
  const { channels, height, width } = batch
  const area = height * width
  const rgba = Buffer.alloc(area * 4)
  for (let p = 0; p < area; p++) {
    for (let c = 0; c < 3; c++) {
      const value = batch.data[(n * channels + (channels === 1 ? 0 : c)) * area + p]
      rgba[4 * p + c] = Math.min(255, Math.max(0, Math.round(Number.isFinite(value) ? value : 0)))
    }
    rgba[4 * p + 3] = 255
  }
  const png = new PNG({ width, height })
  png.data = rgba
  return new Uint8Array(PNG.sync.write(png, { colorType: channels === 1 ? 0 : 2 }))
}
