/**
 * ONNX graph pieces for models over `[N, C, H, W]` image tensors, in the same `(graph, input, params) → output`
 * style as onnxLayers.ts: per-channel standardisation, a 2-D convolution, non-overlapping pooling and the
 * flatten that hands the feature maps to dense layers. They mirror the small CNN trained in
 * engine/train (convNetwork.ts) operation for operation, so its TypeScript and onnxruntime forward passes agree.
 *
 * Example:
 *   const g = new OnnxGraphBuilder({ name: 'cnn' })
 *   let h = g.addInput('X', 'float', [BATCH_DIM, 1, 28, 28])
 *   h = addChannelStandardization(g, h, { mean: [72.9], std: [90.0] })
 *   h = g.addOp('Relu', [addConv2d(g, h, { inChannels: 1, outChannels: 8, kernelSize: 3, padding: 1, weights, bias })])
 *   h = addPool2d(g, h, { kind: 'max', size: 2 })          // [N, 8, 14, 14]
 *   const logits = addDense(g, addFlatten(g, h), dense)     // [N, 8·14·14] · W + b
 */

import type { OnnxGraphBuilder } from './onnxBuilder'
import type { StandardizationParams } from './onnxLayers'

export interface Conv2dParams {
  inChannels: number
  outChannels: number
  /** Square kernel side. */
  kernelSize: number
  /** Zeros added on every side (stride is always 1). */
  padding: number
  /** outChannels × inChannels × kernelSize × kernelSize, ONNX Conv's W layout. */
  weights: ArrayLike<number>
  bias: ArrayLike<number>
}

export interface Pool2dParams {
  kind: 'max' | 'average'
  /** Square window side, also the stride; odd trailing rows/columns are dropped (ONNX's default floor). */
  size: number
}

/** (x − mean[c]) / std[c] per channel, both stored as [C, 1, 1] so they broadcast over N, H and W. */
export function addChannelStandardization(g: OnnxGraphBuilder, x: string, params: StandardizationParams): string {
  const channels = params.mean.length
  if (params.std.length !== channels) throw new Error(`channel standardization: ${channels} means but ${params.std.length} stds`)
  const mean = g.addInitializer('channel_mean', params.mean, [channels, 1, 1])
  const std = g.addInitializer('channel_std', params.std, [channels, 1, 1])
  return g.addOp('Div', [g.addOp('Sub', [x, mean]), std])
}

/** Conv with stride 1, no dilation, one group and the same padding on all four sides. */
export function addConv2d(g: OnnxGraphBuilder, x: string, layer: Conv2dParams): string {
  const { inChannels, outChannels, kernelSize: k, padding } = layer
  if (layer.weights.length !== outChannels * inChannels * k * k || layer.bias.length !== outChannels) {
    throw new Error(`conv layer: shapes do not match ${outChannels}×${inChannels}×${k}×${k}`)
  }
  const w = g.addInitializer('conv_weights', layer.weights, [outChannels, inChannels, k, k])
  const b = g.addInitializer('conv_bias', layer.bias, [outChannels])
  return g.addOp('Conv', [x, w, b], { kernel_shape: [k, k], pads: [padding, padding, padding, padding], strides: [1, 1] })
}

/** MaxPool or AveragePool over size × size windows with stride size (no padding, so no padded zeros are averaged). */
export function addPool2d(g: OnnxGraphBuilder, x: string, pool: Pool2dParams): string {
  const opType = pool.kind === 'max' ? 'MaxPool' : 'AveragePool'
  return g.addOp(opType, [x], { kernel_shape: [pool.size, pool.size], strides: [pool.size, pool.size] })
}

/** [N, C, H, W] → [N, C·H·W] in C, H, W order. */
export function addFlatten(g: OnnxGraphBuilder, x: string): string {
  return g.addOp('Flatten', [x], { axis: 1 })
}
