/**
 * The source of every media bundle's `prepare.mjs`: raw images or texts → the pixel / embedding rows the
 * bundle's model takes, with the engine's own code (image decoding with pngjs / jpeg-js, the folder loader,
 * the resize and scaling of prepareImagesForModel, the CSV text reader, the built-in hashed n-gram embedder),
 * so a bundle computes exactly what the app computes — there is no second copy to drift. A carried ONNX
 * sentence model is run by prepare-embedder.mjs (prepareEmbedderEntry.ts), imported only for such bundles. esbuild bundles
 * this module and its imports into one ES module at build time (`npm run build:bundle-scripts` →
 * prepareScript.ts); predict.mjs imports it only for `--images` / `--texts` / `--check`.
 * Nothing here may import native code (onnxruntime, better-sqlite3): prepare.mjs runs with Node alone.
 *
 * Example (in predict.mjs):
 *   const prepare = await import('./prepare.mjs')
 *   const { features, rows, names, skipped } = await prepare.readImages('photos', manifest.input.image)
 *   const texts = await prepare.readTexts('reviews.csv', 'body', manifest.input.text.embedder)
 */

import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeImage } from '../data/images/decode'
import { readIdxImages } from '../data/images/idx'
import { loadImageFolder } from '../data/images/imageFolder'
import type { ImageBatch } from '../data/images/types'
import { LearnwareError } from '../errors'
import { prepareImagesForModel, type ImagePreparation } from '../predict/imagePreparation'
import { createHashedNgramEmbedder } from '../text/hashedEmbedder'
import { loadTextTableFile } from '../text/textTable'
import type { BundleTextEmbedder } from './mediaInput'

export interface PreparedRows {
  /** Row-major rows × width, what the model's `features` input takes. */
  features: Float32Array
  rows: number
  width: number
  /** One name per row: the image's path in the folder (`#1` … for IDX), or `row 12` of the CSV. */
  names: string[]
  /** Items left out, with the reason (an undecodable image, an empty text). */
  skipped: { item: string; reason: string }[]
  notes: string[]
}

/** A folder of PNG/JPEG images (flat or one sub-folder per class), one image file, or an IDX images file. */
export async function readImages(path: string, input: ImagePreparation): Promise<PreparedRows> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new LearnwareError('IO_NOT_FOUND', `${path}: no such folder or file`, { hint: 'Give a folder of PNG/JPEG images, one image, or an IDX images file.' })
  if (info.isDirectory()) {
    const folder = await loadImageFolder(path, { seed: 0 })
    const notes = folder.resized > 0 ? [`${folder.resized} image(s) of another size than most were resized to ${folder.images.height} × ${folder.images.width} first, as the app does.`] : []
    return imageRows(folder.images, input, folder.files, folder.skipped.map((s) => ({ item: s.file, reason: s.reason })), notes)
  }
  if (/idx3-ubyte(\.gz)?$/i.test(path)) {
    const images = await readIdxImages(path)
    return imageRows(images, input, Array.from({ length: images.count }, (_, i) => `#${i + 1}`), [], [])
  }
  const image = decodeImage(await readFile(path), basename(path))
  const batch: ImageBatch = { data: image.data, count: 1, channels: image.channels, height: image.height, width: image.width }
  return imageRows(batch, input, [basename(path)], [], [])
}

function imageRows(images: ImageBatch, input: ImagePreparation, names: string[], skipped: PreparedRows['skipped'], notes: string[]): PreparedRows {
  const ready = prepareImagesForModel(images, input)
  return { features: ready.data, rows: ready.count, width: ready.channels * ready.height * ready.width, names, skipped, notes }
}

/** The texts of one CSV column, embedded. */
export async function readTexts(path: string, column: string, embedder: BundleTextEmbedder): Promise<PreparedRows> {
  const docs = await loadTextTableFile(path, { column })
  const features = await embedTexts(docs.texts, embedder)
  return { features, rows: docs.texts.length, width: embedder.dimension, names: docs.origins, skipped: docs.skipped.map((s) => ({ item: s.origin, reason: s.reason })), notes: docs.notes }
}

/** prepare-embedder.mjs, next to this file in a bundle that carries a sentence model (a variable: not bundled). */
const EMBEDDER_SCRIPT = './prepare-embedder.mjs'

/** Texts → rows of the recorded embedder; refuses a manifest whose settings do not rebuild its id. */
export async function embedTexts(texts: readonly string[], embedder: BundleTextEmbedder): Promise<Float32Array> {
  if (embedder.kind === 'onnx') {
    const here = dirname(fileURLToPath(import.meta.url))
    const script = (await import(EMBEDDER_SCRIPT)) as { embedWithBundledModel: (folder: string, id: string, texts: readonly string[]) => Promise<Float32Array> }
    return script.embedWithBundledModel(join(here, embedder.folder), embedder.id, texts)
  }
  if (embedder.kind !== 'hashed-ngram') throw new LearnwareError('BUNDLE_INVALID', `manifest.json: embedder kind "${(embedder as { kind: string }).kind}" is not one prepare.mjs knows`)
  const built = createHashedNgramEmbedder(embedder.options)
  if (built.id !== embedder.id) {
    throw new LearnwareError('BUNDLE_INVALID', `manifest.json: the embedder settings make ${built.id}, not the recorded ${embedder.id}`, { hint: 'The manifest was edited; export the bundle again.' })
  }
  return built.embed(texts)
}
