/**
 * A folder of PNG/JPEG images → one [N, C, H, W] batch. Two layouts, the ones people already have:
 *   photos/cat/001.jpg, photos/dog/002.png …  → labelled, one class per sub-folder (sorted by name);
 *   photos/001.jpg, photos/002.png …          → unlabelled.
 * Files that fail to decode are left out with a reason each (never a crash); grey images are one channel
 * unless the folder also holds colour ones (then grey is repeated into R, G, B); images of another size
 * than the most common one (or `size`) are resized to it like torchvision's antialiased bilinear Resize.
 *
 * Example:
 *   const folder = await loadImageFolder('photos', { maxImages: 5000, seed: 0 })
 *   folder.images              // ImageBatch, pixel values 0–255
 *   folder.labels?.classes     // ['cat', 'dog'];  folder.labels.codes: Int32Array
 *   folder.skipped             // [{ file: 'dog/broken.jpg', reason: 'cannot decode JPEG (…)' }]
 */

import type { Dirent } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describeError, LearnwareError } from '../../errors'
import { createRng } from '../../math/rng'
import type { ProgressListener } from '../../progress'
import { decodeImage } from './decode'
import { bilinearTaps, resizePlane } from './resize'
import type { DecodedImage, ImageBatch, SkippedImage } from './types'

const IMAGE_EXTENSIONS = /\.(png|jpe?g)$/i

export interface ImageFolderOptions {
  /** Resize every image to this size; default: the most common size in the folder. */
  size?: { height: number; width: number }
  /** Load at most this many images, a seeded random choice of the files (default: all). */
  maxImages?: number
  seed?: number
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface LoadedImageFolder {
  images: ImageBatch
  /** Paths relative to the folder, in batch order. */
  files: string[]
  /** Sub-folder layout: class names (sorted) and each image's class index; null for a flat folder. */
  labels: { classes: string[]; codes: Int32Array } | null
  skipped: SkippedImage[]
  /** How many images had another size and were resized. */
  resized: number
  /** Image files found, and whether only a sample of them was loaded. */
  filesFound: number
  sampled: boolean
}

interface Candidate { file: string; classIndex: number }

export async function loadImageFolder(dir: string, options: ImageFolderOptions = {}): Promise<LoadedImageFolder> {
  options.onProgress?.({ status: 'start', task: 'images' })
  const { candidates, classes, skipped } = await listImageFiles(dir)
  const chosen = sampleCandidates(candidates, options.maxImages, options.seed ?? 0)
  const decoded: { image: DecodedImage; candidate: Candidate }[] = []
  for (let n = 0; n < chosen.length; n++) {
    if (options.signal?.aborted) throw new LearnwareError('CANCELLED', 'Image loading cancelled')
    const candidate = chosen[n]
    try {
      decoded.push({ image: decodeImage(await readFile(join(dir, candidate.file)), candidate.file), candidate })
    } catch (error) {
      skipped.push({ file: candidate.file, reason: describeError(error).replace(`${candidate.file}: `, '') })
    }
    options.onProgress?.({ status: 'progress', task: 'images', fraction: (n + 1) / chosen.length, detail: candidate.file })
  }
  if (decoded.length === 0) {
    throw new LearnwareError('DATA_NO_IMAGES', `${dir}: no readable PNG or JPEG images${skipped.length ? ` (${skipped.length} files could not be read)` : ''}`, {
      hint: 'Put the images in the folder itself, or one sub-folder per class'
    })
  }
  const { batch, resized } = assembleBatch(decoded.map((d) => d.image), options.size)
  options.onProgress?.({ status: 'done', task: 'images' })
  return {
    images: batch,
    files: decoded.map((d) => d.candidate.file),
    labels: classes ? { classes, codes: Int32Array.from(decoded, (d) => d.candidate.classIndex) } : null,
    skipped,
    resized,
    filesFound: candidates.length,
    sampled: chosen.length < candidates.length
  }
}

async function listImageFiles(dir: string): Promise<{ candidates: Candidate[]; classes: string[] | null; skipped: SkippedImage[] }> {
  let entries: Dirent[]
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    throw new LearnwareError('IO_NOT_FOUND', `Cannot read the folder ${dir}`, { cause: error })
  }
  const visible = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const rootImages = visible.filter((e) => e.isFile() && IMAGE_EXTENSIONS.test(e.name)).map((e) => e.name)
  const classes: string[] = []
  const candidates: Candidate[] = []
  for (const folder of visible.filter((e) => e.isDirectory())) {
    const files = (await readdir(join(dir, folder.name), { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.') && IMAGE_EXTENSIONS.test(e.name))
      .map((e) => e.name)
      .sort()
    if (files.length === 0) continue
    for (const file of files) candidates.push({ file: `${folder.name}/${file}`, classIndex: classes.length })
    classes.push(folder.name)
  }
  if (classes.length === 0) return { candidates: rootImages.map((file) => ({ file, classIndex: -1 })), classes: null, skipped: [] }
  const skipped = rootImages.map((file) => ({ file, reason: 'outside the class sub-folders (labelled layout), so it has no label' }))
  return { candidates, classes, skipped }
}

function sampleCandidates(candidates: Candidate[], maxImages: number | undefined, seed: number): Candidate[] {
  if (maxImages === undefined || maxImages >= candidates.length) return candidates
  const order = createRng(seed).shuffle(Array.from(candidates.keys())).slice(0, Math.max(0, maxImages))
  return order.sort((a, b) => a - b).map((i) => candidates[i])
}

/** One channel count and one size for all: grey → RGB when any image is colour; others resized. */
function assembleBatch(images: DecodedImage[], size?: { height: number; width: number }): { batch: ImageBatch; resized: number } {
  const channels = images.some((im) => im.channels === 3) ? 3 : 1
  const target = size ?? mostCommonSize(images)
  const { height, width } = target
  const area = height * width
  const data = new Float32Array(images.length * channels * area)
  let resized = 0
  const scratchCache = new Map<string, { h: ReturnType<typeof bilinearTaps>; v: ReturnType<typeof bilinearTaps>; scratch: Float64Array }>()
  images.forEach((image, n) => {
    const sameSize = image.height === height && image.width === width
    if (!sameSize) resized++
    for (let c = 0; c < channels; c++) {
      const sourcePlane = image.channels === 1 ? 0 : c
      const inOffset = sourcePlane * image.height * image.width
      const outOffset = (n * channels + c) * area
      if (sameSize) {
        data.set(image.data.subarray(inOffset, inOffset + area), outOffset)
        continue
      }
      const key = `${image.height}x${image.width}`
      let taps = scratchCache.get(key)
      if (!taps) {
        taps = { h: bilinearTaps(image.width, width), v: bilinearTaps(image.height, height), scratch: new Float64Array(image.height * width) }
        scratchCache.set(key, taps)
      }
      resizePlane(image.data, inOffset, image.height, image.width, taps.h, taps.v, taps.scratch, data, outOffset, height, width)
    }
  })
  return { batch: { data, count: images.length, channels, height, width }, resized }
}

function mostCommonSize(images: DecodedImage[]): { height: number; width: number } {
  const counts = new Map<string, number>()
  let best = images[0]
  let bestCount = 0
  for (const image of images) {
    const key = `${image.height}x${image.width}`
    const count = (counts.get(key) ?? 0) + 1
    counts.set(key, count)
    if (count > bestCount) { bestCount = count; best = image }
  }
  return { height: best.height, width: best.width }
}
