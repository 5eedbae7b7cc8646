/**
 * The reference's preprocessing before an image RKME is fitted (learnware-engine.md §4.1.2), in its order:
 *   1. ±Inf → NaN; an image with nothing finite is an error; NaN → that image's mean (over C, H, W);
 *   2. resize to 32 × 32 (torchvision's antialiased bilinear Resize) unless already that size;
 *   3. per-channel standardisation over (N, H, W) with the unbiased std — pixel scale does not matter;
 *   4. ZCA whitening when C > 1 (imageWhitening.ts).
 * The reduced set Z lives in this standardised (and whitened) space, as the reference's does.
 *
 * Example:
 *   const ready = preprocessImages(batch, { whitening: true })   // ImageBatch, 32 × 32, float32
 */

import { resizeImageBatch } from '../../data/images/resize'
import type { ImageBatch } from '../../data/images/types'
import { LearnwareError } from '../../errors'
import { zcaWhiten } from './imageWhitening'
import { RKME_IMAGE_SIDE } from './rkmeImage'

export interface ImagePreprocessOptions {
  /** Resize images that are not 32 × 32 (default true; false makes other sizes an error, as the reference). */
  resize?: boolean
  /** ZCA-whiten colour images (default true, as the reference). */
  whitening?: boolean
  /** ZCA is estimated on at most this many images (default 1,000; the reference uses all). */
  whiteningSample?: number
  seed?: number
}

export function preprocessImages(batch: ImageBatch, options: ImagePreprocessOptions = {}): ImageBatch {
  assertShape(batch)
  let images = replaceNonFinite(batch)
  if (images.height !== RKME_IMAGE_SIDE || images.width !== RKME_IMAGE_SIDE) {
    if (options.resize === false) {
      throw new LearnwareError('DATA_BAD_IMAGE', `Images are ${images.height} × ${images.width}; the image specification needs ${RKME_IMAGE_SIDE} × ${RKME_IMAGE_SIDE}`, {
        hint: 'Allow resizing (the default)'
      })
    }
    images = resizeImageBatch(images, RKME_IMAGE_SIDE, RKME_IMAGE_SIDE)
  }
  images = standardiseChannels(images)
  if (images.channels > 1 && options.whitening !== false) images = zcaWhiten(images, { sample: options.whiteningSample, seed: options.seed })
  return images
}

function assertShape(batch: ImageBatch): void {
  const { count, channels, height, width, data } = batch
  if (![count, channels, height, width].every((v) => Number.isInteger(v) && v > 0) || data.length !== count * channels * height * width) {
    throw new LearnwareError('DATA_BAD_IMAGE', `Image data must be [N, C, H, W] with N·C·H·W values (got ${count} × ${channels} × ${height} × ${width} for ${data.length} values)`)
  }
}

/** ±Inf and NaN → the image's mean of its finite values (copying only when needed). */
function replaceNonFinite(batch: ImageBatch): ImageBatch {
  const size = batch.channels * batch.height * batch.width
  let data = batch.data
  for (let n = 0; n < batch.count; n++) {
    const image = data.subarray(n * size, (n + 1) * size)
    let sum = 0
    let finite = 0
    for (let p = 0; p < size; p++) if (Number.isFinite(image[p])) { sum += image[p]; finite++ }
    if (finite === size) continue
    if (finite === 0) {
      throw new LearnwareError('DATA_BAD_VALUE', `All values in image ${n} are missing or not finite`, { hint: 'Remove that image' })
    }
    if (data === batch.data) data = Float32Array.from(batch.data)
    const mean = Math.fround(sum / finite)
    const target = data.subarray(n * size, (n + 1) * size)
    for (let p = 0; p < size; p++) if (!Number.isFinite(target[p])) target[p] = mean
  }
  return data === batch.data ? batch : { ...batch, data }
}

/** (x − mean_c) / std_c over all images and pixels of channel c, std with N − 1 (torch.std). */
export function standardiseChannels(batch: ImageBatch): ImageBatch {
  const area = batch.height * batch.width
  const data = new Float32Array(batch.data.length)
  for (let c = 0; c < batch.channels; c++) {
    let sum = 0
    for (let n = 0; n < batch.count; n++) {
      const base = (n * batch.channels + c) * area
      for (let p = 0; p < area; p++) sum += batch.data[base + p]
    }
    const total = batch.count * area
    const mean = sum / total
    let squares = 0
    for (let n = 0; n < batch.count; n++) {
      const base = (n * batch.channels + c) * area
      for (let p = 0; p < area; p++) squares += (batch.data[base + p] - mean) ** 2
    }
    const std = Math.sqrt(squares / Math.max(1, total - 1))
    // A constant channel has std 0; the reference would divide by zero (NaN). Keep it at 0 instead.
    const scale = std > 0 ? 1 / std : 0
    for (let n = 0; n < batch.count; n++) {
      const base = (n * batch.channels + c) * area
      for (let p = 0; p < area; p++) data[base + p] = (batch.data[base + p] - mean) * scale
    }
  }
  return { ...batch, data }
}
