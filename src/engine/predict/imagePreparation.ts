/**
 * How an image learnware's input is made from 0–255 images: resized to its H × W (the antialiased bilinear
 * resize the image spec uses), grey ↔ colour matched to its channel count, multiplied by its `scale`. Kept
 * apart from imageInput.ts (which runs models) so that it imports no native code: the export bundle's
 * `prepare.mjs` is built from this very module (scripts/build-bundle-scripts.mjs), so a bundle prepares
 * images exactly as the app does.
 *
 * Example:
 *   const ready = prepareImagesForModel(batch, { channels: 1, height: 28, width: 28, scale: 1 / 255 })
 *   ready.data   // Float32Array count × 1 × 28 × 28
 */

import { resizeImageBatch } from '../data/images/resize'
import type { ImageBatch } from '../data/images/types'

/** What prepareImagesForModel needs of a learnware's `imageInput` (see imageInput.ts). */
export interface ImagePreparation {
  channels: number
  height: number
  width: number
  /** The model takes 0–255 pixel values multiplied by this (1: raw pixels, 1/255: [0, 1]). */
  scale: number
}

/** 0–255 images of any size and channel count → the model's [N, C, H, W] input (resized, channels matched, scaled). */
export function prepareImagesForModel(batch: ImageBatch, input: ImagePreparation): ImageBatch {
  let images = batch.height === input.height && batch.width === input.width ? batch : resizeImageBatch(batch, input.height, input.width)
  images = matchChannels(images, input.channels)
  if (input.scale === 1) return images
  const data = new Float32Array(images.data.length)
  for (let i = 0; i < data.length; i++) data[i] = images.data[i] * input.scale
  return { ...images, data }
}

/** Grey → colour repeats the plane; colour → grey averages the channels (ITU weights would be nicer; the model never saw either). */
function matchChannels(batch: ImageBatch, channels: number): ImageBatch {
  if (batch.channels === channels) return batch
  const area = batch.height * batch.width
  const data = new Float32Array(batch.count * channels * area)
  for (let n = 0; n < batch.count; n++) {
    for (let p = 0; p < area; p++) {
      let mean = 0
      for (let c = 0; c < batch.channels; c++) mean += batch.data[(n * batch.channels + c) * area + p]
      mean /= batch.channels
      for (let c = 0; c < channels; c++) {
        data[(n * channels + c) * area + p] = batch.channels === 1 ? batch.data[n * area + p] : mean
      }
    }
  }
  return { ...batch, channels, data }
}
