/**
 * An MLP over flattened pixels, exported as an image model: the ONNX graph takes `float[N, C, H, W]` and
 * reshapes it to `[N, C·H·W]` before the MLP's own standardisation and dense layers, so it has the input
 * shape image tools expect and the app's image runner feeds (predict/imageInput.ts). Train it with
 * `trainMlpClassifier` on the same pixels flattened in C, H, W order (the layout of an `ImageBatch`).
 *
 * Example:
 *   const mlp = trainMlpClassifier({ features: batch.data, rows: batch.count, cols: 784, labels }, { hiddenLayers: [16], seed: 0 })
 *   const bytes = imageMlpToOnnx(mlp, { channels: 1, height: 28, width: 28 })   // X: float[N,1,28,28]
 */

import { addClassifierOutputs, addDenseStack, addStandardization, BATCH_DIM, OnnxGraphBuilder, type OnnxModelMetadata } from '../runtime'
import type { MlpClassifierModel } from './mlp'

export interface ImageShape {
  channels: number
  height: number
  width: number
}

export function imageMlpToOnnx(model: MlpClassifierModel, shape: ImageShape, meta: OnnxModelMetadata = {}): Uint8Array {
  const features = shape.channels * shape.height * shape.width
  if (features !== model.featureCount) {
    throw new Error(`imageMlpToOnnx: the MLP takes ${model.featureCount} features, a ${shape.channels} × ${shape.height} × ${shape.width} image has ${features}`)
  }
  const g = new OnnxGraphBuilder({ name: 'image_mlp_classifier', opset: 15 })
  const x = g.addInput('X', 'float', [BATCH_DIM, shape.channels, shape.height, shape.width])
  const flat = g.addOp('Reshape', [x, g.addInitializer('flat_shape', [-1, features], [2], 'int64')])
  const standardized = addStandardization(g, flat, model.standardizer)
  const logits = addDenseStack(g, standardized, model.layers.map((l) => ({ inputSize: l.inputSize, outputSize: l.outputSize, weights: l.weights, bias: l.bias })))
  addClassifierOutputs(g, logits, { classCount: model.classes.length, classValues: model.classes })
  return g.toBytes({ ...meta, docString: meta.docString ?? 'MLP image classifier over flattened pixels (Learnware Dock)' })
}
