/**
 * Bilinear resizing as torchvision's `Resize(size, antialias=True)` does it on tensors (PyTorch's
 * `_upsample_bilinear2d_aa`, PIL's algorithm): each output pixel is a triangle-filter average of the input
 * pixels under it, the filter stretched by the scale when shrinking (so nothing aliases) and the plain
 * bilinear tent when enlarging; weights are renormalised at the borders. Separable: width, then height.
 *
 * Example:
 *   const small = resizeImageBatch(batch, 32, 32)     // 28×28 Fashion-MNIST → 32×32, as the reference does
 */

import type { ImageBatch } from './types'

/** For each output index: the first input index, and the normalised weights of the inputs it covers. */
export interface ResizeTaps {
  start: Int32Array
  /** Weights, `span` per output index (zero-padded). */
  weights: Float64Array
  span: number
}

export function bilinearTaps(inputSize: number, outputSize: number): ResizeTaps {
  const scale = inputSize / outputSize
  const support = scale >= 1 ? scale : 1
  const invScale = scale >= 1 ? 1 / scale : 1
  const span = Math.ceil(support) * 2 + 1
  const start = new Int32Array(outputSize)
  const weights = new Float64Array(outputSize * span)
  for (let i = 0; i < outputSize; i++) {
    const center = scale * (i + 0.5)
    const min = Math.max(Math.trunc(center - support + 0.5), 0)
    const size = Math.min(Math.trunc(center + support + 0.5), inputSize) - min
    let total = 0
    for (let j = 0; j < size; j++) {
      const w = Math.max(0, 1 - Math.abs((j + min - center + 0.5) * invScale))
      weights[i * span + j] = w
      total += w
    }
    if (total > 0) for (let j = 0; j < size; j++) weights[i * span + j] /= total
    start[i] = min
  }
  return { start, weights, span }
}

/** Resizes every plane of a batch; returns the input itself when the size already matches. */
export function resizeImageBatch(batch: ImageBatch, height: number, width: number): ImageBatch {
  if (batch.height === height && batch.width === width) return batch
  const planes = batch.count * batch.channels
  const data = new Float32Array(planes * height * width)
  const scratch = new Float64Array(batch.height * width)
  const horizontal = bilinearTaps(batch.width, width)
  const vertical = bilinearTaps(batch.height, height)
  for (let plane = 0; plane < planes; plane++) {
    resizePlane(batch.data, plane * batch.height * batch.width, batch.height, batch.width, horizontal, vertical, scratch, data, plane * height * width, height, width)
  }
  return { data, count: batch.count, channels: batch.channels, height, width }
}

/** One plane: horizontal pass into `scratch` (inHeight × outWidth), then vertical into `out`. */
export function resizePlane(
  input: ArrayLike<number>, inOffset: number, inHeight: number, inWidth: number,
  horizontal: ResizeTaps, vertical: ResizeTaps, scratch: Float64Array,
  out: Float32Array, outOffset: number, outHeight: number, outWidth: number
): void {
  for (let y = 0; y < inHeight; y++) {
    const row = inOffset + y * inWidth
    for (let x = 0; x < outWidth; x++) {
      const first = horizontal.start[x]
      const taps = Math.min(horizontal.span, inWidth - first)
      let sum = 0
      for (let t = 0; t < taps; t++) sum += horizontal.weights[x * horizontal.span + t] * input[row + first + t]
      scratch[y * outWidth + x] = sum
    }
  }
  for (let y = 0; y < outHeight; y++) {
    const first = vertical.start[y]
    const taps = Math.min(vertical.span, inHeight - first)
    for (let x = 0; x < outWidth; x++) {
      let sum = 0
      for (let t = 0; t < taps; t++) sum += vertical.weights[y * vertical.span + t] * scratch[(first + t) * outWidth + x]
      out[outOffset + y * outWidth + x] = sum
    }
  }
}
