/**
 * The one call that turns images into an RKME image specification: Beimingwu's
 * `generate_rkme_image_spec` (K = 50, ≤ 5,000 sampled images, resize to 32 × 32, per-channel
 * standardisation, ZCA for colour) with the reduced set actually fitted to the data (rkmeImageFit.ts);
 * deterministic for a seed. ~15 s of CPU for 1,000 grey images.
 *
 * Example:
 *   const { images } = await loadImageFolder('photos')
 *   const spec = await generateRkmeImageSpec(images, { seed: 0, onProgress: (e) => console.log(e) })
 *   writeFileSync('rkme.json', serializeRkmeImageSpec(spec))
 */

import type { ImageBatch } from '../../data/images/types'
import { createRng } from '../../math/rng'
import { preprocessImages, type ImagePreprocessOptions } from './imagePreprocess'
import { fitRkmeImage, type RkmeImageFitOptions } from './rkmeImageFit'
import { DEFAULT_IMAGE_MODEL_CONFIG, RKME_IMAGE_SIDE, RKME_IMAGE_TYPE, RKME_IMAGE_VERSION, type RkmeImageSpec } from './rkmeImage'

export interface GenerateRkmeImageOptions extends RkmeImageFitOptions, ImagePreprocessOptions {
  /** Images used for fitting, a seeded sample when there are more (reference: 5,000). */
  sampleSize?: number
}

export async function generateRkmeImageSpec(images: ImageBatch, options: GenerateRkmeImageOptions = {}): Promise<RkmeImageSpec> {
  options.onProgress?.({ status: 'start', task: 'rkme-image' })
  const ready = sampleImages(preprocessImages(images, options), options.sampleSize ?? 5000, options.seed ?? 0)
  const fitted = await fitRkmeImage(ready, options)
  options.onProgress?.({ status: 'done', task: 'rkme-image' })
  return {
    type: RKME_IMAGE_TYPE,
    version: RKME_IMAGE_VERSION,
    msg: null,
    z: fitted.z,
    beta: fitted.beta,
    k: fitted.k,
    channels: ready.channels,
    nModels: 16,
    modelConfig: { ...DEFAULT_IMAGE_MODEL_CONFIG }
  }
}

/** The reference samples after preprocessing (so standardisation and ZCA see every image). */
function sampleImages(batch: ImageBatch, sampleSize: number, seed: number): ImageBatch {
  if (batch.count <= sampleSize) return batch
  const size = batch.channels * RKME_IMAGE_SIDE * RKME_IMAGE_SIDE
  const chosen = createRng(seed ^ 0x1ea5).shuffle(Array.from({ length: batch.count }, (_, i) => i)).slice(0, sampleSize).sort((a, b) => a - b)
  const data = new Float32Array(chosen.length * size)
  chosen.forEach((n, r) => data.set(batch.data.subarray(n * size, (n + 1) * size), r * size))
  return { ...batch, data, count: chosen.length }
}
