/**
 * The arithmetic of a small convolutional network for one image at a time: seeded initialisation, a forward
 * pass and backpropagation into preallocated buffers. Each stage is Conv k × k (stride 1, zero padding
 * (k − 1) / 2) → ReLU → 2 × 2 pooling (max or average, odd edges dropped); the last stage's maps, flattened in
 * C, H, W order, feed one dense layer that gives the logits. Convolutions go through im2col (convKernels.ts),
 * so the forward loops run over contiguous rows of output pixels and the backward ones over only the pixels
 * that carry gradient. The training loop lives in imageCnn.ts; the exported ONNX graph (Conv, Relu,
 * MaxPool/AveragePool, Flatten, MatMul + Add) mirrors `cnnForward` exactly.
 *
 * Example:
 *   const net = initCnnNetwork({ channels: 1, height: 28, width: 28, convChannels: [8, 16], kernelSize: 3, pool: 'max', classCount: 4 }, createRng(0))
 *   const work = new CnnWorkspace(net)
 *   const grads = new CnnGradients(net)
 *   const loss = cnnBatchLoss(net, standardizedImages, [0, 5, 9], classIndex, work, grads, 1e-4)   // fills grads
 */

import type { Rng } from '../math/rng'
import { col2im, convolve, convolveBackward, im2col, pool, unpool, type ConvStage, type PoolKind, type StageBuffers } from './convKernels'
import type { ImageShape } from './imageMlp'

export type { ConvStage, PoolKind } from './convKernels'

export interface CnnArchitecture extends ImageShape {
  /** Output channels of each convolution stage, e.g. [8, 16]. */
  convChannels: readonly number[]
  /** Odd kernel side (padding (k − 1) / 2 keeps each map's size before pooling). */
  kernelSize: number
  pool: PoolKind
  classCount: number
}

export interface CnnNetwork {
  input: ImageShape
  pool: PoolKind
  stages: ConvStage[]
  /** The flattened last maps → logits: inputSize × outputSize, row-major (x · W), as the MLP's layers. */
  dense: { inputSize: number; outputSize: number; weights: Float64Array; bias: Float64Array }
}

/** He-uniform convolution weights (ReLU follows), Glorot-uniform dense weights, zero biases. */
export function initCnnNetwork(arch: CnnArchitecture, rng: Rng): CnnNetwork {
  const k = arch.kernelSize
  if (k < 1 || k % 2 === 0) throw new Error(`CNN: the kernel side must be odd, not ${k}`)
  const stages: ConvStage[] = []
  let [channels, height, width] = [arch.channels, arch.height, arch.width]
  for (const outChannels of arch.convChannels) {
    if (height < 2 || width < 2) throw new Error(`CNN: ${arch.convChannels.length} pooling stages do not fit a ${arch.height} × ${arch.width} image`)
    const weights = uniform(outChannels * channels * k * k, Math.sqrt(6 / (channels * k * k)), rng)
    stages.push({ inChannels: channels, outChannels, kernelSize: k, padding: (k - 1) / 2, height, width, weights, bias: new Float64Array(outChannels) })
    ;[channels, height, width] = [outChannels, height >> 1, width >> 1]
  }
  const inputSize = channels * height * width
  const weights = uniform(inputSize * arch.classCount, Math.sqrt(6 / (inputSize + arch.classCount)), rng)
  const input = { channels: arch.channels, height: arch.height, width: arch.width }
  return { input, pool: arch.pool, stages, dense: { inputSize, outputSize: arch.classCount, weights, bias: new Float64Array(arch.classCount) } }
}

function uniform(length: number, bound: number, rng: Rng): Float64Array {
  const values = new Float64Array(length)
  for (let i = 0; i < length; i++) values[i] = (2 * rng.next() - 1) * bound
  return values
}

/** Buffers for one image's forward and backward pass, allocated once per network. */
export class CnnWorkspace {
  readonly stages: StageBuffers[]
  readonly logits: Float64Array
  readonly dLogits: Float64Array
  /** Standardised input of the image in flight (C·H·W). */
  readonly input: Float64Array

  constructor(net: CnnNetwork) {
    this.stages = net.stages.map((s) => {
      const pixels = s.height * s.width
      const pooled = s.outChannels * (s.height >> 1) * (s.width >> 1)
      const fields = s.inChannels * s.kernelSize * s.kernelSize
      return {
        col: new Float64Array(fields * pixels),
        conv: new Float64Array(s.outChannels * pixels),
        pooled: new Float64Array(pooled),
        argmax: new Int32Array(pooled),
        dConv: new Float64Array(s.outChannels * pixels),
        dCol: new Float64Array(fields * pixels),
        dPooled: new Float64Array(pooled),
        active: new Int32Array(pixels),
        activeGrad: new Float64Array(pixels)
      }
    })
    this.logits = new Float64Array(net.dense.outputSize)
    this.dLogits = new Float64Array(net.dense.outputSize)
    this.input = new Float64Array(net.input.channels * net.input.height * net.input.width)
  }
}

/** ∂loss/∂parameter for every weight and bias, in the order of `cnnParameters`. */
export class CnnGradients {
  readonly arrays: Float64Array[]

  constructor(net: CnnNetwork) {
    this.arrays = cnnParameters(net).map((p) => new Float64Array(p.length))
  }
}

/** Every parameter array: each stage's weights and bias, then the dense weights and bias. */
export function cnnParameters(net: CnnNetwork): Float64Array[] {
  return [...net.stages.flatMap((s) => [s.weights, s.bias]), net.dense.weights, net.dense.bias]
}

/** Logits of the image in `work.input` (already standardised), written to `work.logits`. */
export function cnnForward(net: CnnNetwork, work: CnnWorkspace): Float64Array {
  let maps = work.input
  net.stages.forEach((stage, s) => {
    const buf = work.stages[s]
    im2col(maps, stage, buf.col)
    convolve(stage, buf.col, buf.conv)
    pool(net.pool, buf.conv, stage.outChannels, stage.height, stage.width, buf.pooled, buf.argmax)
    maps = buf.pooled
  })
  const { inputSize: n, outputSize: m, weights, bias } = net.dense
  work.logits.set(bias)
  for (let i = 0; i < n; i++) {
    const x = maps[i]
    if (x === 0) continue
    for (let k = 0; k < m; k++) work.logits[k] += x * weights[i * m + k]
  }
  return work.logits
}

/**
 * Mean softmax cross-entropy of the images `rows` of `images` (standardised, C·H·W each) with class indices
 * `targets[row]`, plus 0.5·l2·Σ‖W‖² over weights (not biases); its gradient overwrites `grads`.
 */
export function cnnBatchLoss(
  net: CnnNetwork,
  images: Float64Array,
  rows: ArrayLike<number>,
  targets: ArrayLike<number>,
  work: CnnWorkspace,
  grads: CnnGradients,
  l2: number
): number {
  const size = work.input.length
  const params = cnnParameters(net)
  grads.arrays.forEach((g) => g.fill(0))
  let loss = 0
  for (let b = 0; b < rows.length; b++) {
    work.input.set(images.subarray(rows[b] * size, (rows[b] + 1) * size))
    const logits = cnnForward(net, work)
    let max = -Infinity
    for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k])
    let sum = 0
    for (let k = 0; k < logits.length; k++) sum += (work.dLogits[k] = Math.exp(logits[k] - max))
    const target = targets[rows[b]]
    loss -= logits[target] - max - Math.log(sum)
    for (let k = 0; k < logits.length; k++) work.dLogits[k] = (work.dLogits[k] / sum - (k === target ? 1 : 0)) / rows.length
    cnnBackward(net, work, grads)
  }
  loss /= rows.length
  for (let p = 0; p < params.length; p += 2) {
    const [w, g] = [params[p], grads.arrays[p]]
    for (let i = 0; i < w.length; i++) {
      g[i] += l2 * w[i]
      loss += 0.5 * l2 * w[i] * w[i]
    }
  }
  return loss
}

/** Adds the gradient of the image in flight (its forward pass in `work`, ∂loss/∂logits in `work.dLogits`). */
function cnnBackward(net: CnnNetwork, work: CnnWorkspace, grads: CnnGradients): void {
  const last = net.stages.length - 1
  const features = last >= 0 ? work.stages[last].pooled : work.input
  const { inputSize: n, outputSize: m, weights } = net.dense
  const [gradW, gradB] = [grads.arrays[2 * net.stages.length], grads.arrays[2 * net.stages.length + 1]]
  const dFeatures = last >= 0 ? work.stages[last].dPooled : null
  for (let k = 0; k < m; k++) gradB[k] += work.dLogits[k]
  for (let i = 0; i < n; i++) {
    let sum = 0
    for (let k = 0; k < m; k++) {
      gradW[i * m + k] += features[i] * work.dLogits[k]
      sum += weights[i * m + k] * work.dLogits[k]
    }
    if (dFeatures) dFeatures[i] = sum
  }
  for (let s = last; s >= 0; s--) {
    const stage = net.stages[s]
    const buf = work.stages[s]
    unpool(net.pool, buf.dPooled, buf.argmax, stage.outChannels, stage.height, stage.width, buf.dConv)
    const below = s > 0 ? work.stages[s - 1] : null
    convolveBackward(stage, buf, grads.arrays[2 * s], grads.arrays[2 * s + 1], below !== null)
    if (below) col2im(buf.dCol, stage, below.dPooled)
  }
}
