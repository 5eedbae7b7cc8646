/**
 * Image learnwares made here are an ONNX model over `float[N, C, H, W]` pixel tensors: `learnware-dock.json`
 * says so under `imageInput` (`{channels, height, width, scale}`, plus the training pixels' per-channel mean
 * and std that the checker uses to map spec points back to pixels). Whoever runs the learnware resizes the
 * user's images to H × W (the same antialiased bilinear resize the image spec uses), converts grey ↔ colour
 * when the channel counts differ, multiplies the 0–255 pixels by `scale`, then runs the model.
 *
 * Example:
 *   const { images } = await loadImageFolder('photos')
 *   const { prediction } = await predictWithLearnwareImages(pkg, images, { cache })
 *   prediction.task === 'classification' && prediction.labelNames   // ['T-shirt/top', 'Sneaker', …]
 */

import type { ImageBatch } from '../data/images'
import { LearnwareError } from '../errors'
import type { LearnwarePackage } from '../learnware'
import { prepareImagesForModel } from './imagePreparation'
import { learnwareLabel } from './learnwareInterface'
import { predictLearnwareRows, type LearnwarePrediction, type LearnwarePredictOptions } from './learnwareRunner'

/** Manifest key of an image learnware's input description. */
export const MANIFEST_IMAGE_INPUT_KEY = 'imageInput'

export { prepareImagesForModel } from './imagePreparation'

export interface ImageInputDescription {
  channels: number
  height: number
  width: number
  /** The model takes 0–255 pixel values multiplied by this (1: raw pixels, 1/255: [0, 1]). */
  scale: number
  /** Per-channel mean of the training pixels (0–255), so points of the standardised image spec map back to pixels. */
  pixelMean?: number[]
  /** Per-channel std (N − 1, as the spec's standardisation) of the training pixels. */
  pixelStd?: number[]
}

/** The manifest's `imageInput`, null when the learnware does not take images; PACKAGE_INVALID when malformed. */
export function readImageInput(pkg: LearnwarePackage): ImageInputDescription | null {
  if (pkg.model.kind !== 'onnx') return null
  const raw = (pkg.model.manifest as Record<string, unknown>)[MANIFEST_IMAGE_INPUT_KEY]
  if (raw === undefined) return null
  const value = raw as Partial<ImageInputDescription> | null
  const whole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1
  const perChannel = (v: unknown, channels: number) => v === undefined || (Array.isArray(v) && v.length === channels && v.every((x) => Number.isFinite(x)))
  if (typeof value !== 'object' || value === null || !whole(value.channels) || !whole(value.height) || !whole(value.width)
    || typeof value.scale !== 'number' || !(value.scale > 0)
    || !perChannel(value.pixelMean, value.channels!) || !perChannel(value.pixelStd, value.channels!)) {
    throw new LearnwareError('PACKAGE_INVALID', `${learnwareLabel(pkg)}: learnware-dock.json field ${MANIFEST_IMAGE_INPUT_KEY} must be {"channels", "height", "width": whole numbers, "scale": > 0}`)
  }
  return { channels: value.channels!, height: value.height!, width: value.width!, scale: value.scale, pixelMean: value.pixelMean, pixelStd: value.pixelStd }
}

/** Resizes and scales the user's images as the manifest says, then runs the learnware's model on them. */
export async function predictWithLearnwareImages(
  pkg: LearnwarePackage,
  batch: ImageBatch,
  options: LearnwarePredictOptions = {}
): Promise<{ prediction: LearnwarePrediction }> {
  const input = readImageInput(pkg)
  if (!input) {
    throw new LearnwareError('DATA_BAD_VALUE', `${learnwareLabel(pkg)} does not take images (its learnware-dock.json has no ${MANIFEST_IMAGE_INPUT_KEY})`, {
      hint: 'Give it a table of its input features instead.'
    })
  }
  const ready = prepareImagesForModel(batch, input)
  const prediction = await predictLearnwareRows(pkg, ready.data, ready.count, options)
  return { prediction }
}
