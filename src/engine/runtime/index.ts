/**
 * Model runners: run learnwares' ONNX models with onnxruntime-node, describe them, and build ONNX models in
 * TypeScript. Sessions are created from verified bytes only, cached by sha256 with an LRU cap, and released
 * explicitly.
 *
 * Example (run a learnware's model):
 *   import { OnnxModelCache, describeModel } from '../runtime'
 *   const info = describeModel(bytes, 'model.onnx')          // inputs, outputs, opsets, producer
 *   const cache = new OnnxModelCache({ maxModels: 4 })
 *   const model = await cache.load(bytes, { source: 'model.onnx' })
 *   const out = await model.predict(features, rows, cols, { timeoutMs: 10_000 })
 *   if (out.task === 'classification') use(out.labels, out.probabilities)   // Int32Array, Float32Array rows×C
 *   else use(out.values)                                                    // Float32Array rows×targetsPerRow
 *   await cache.dispose()
 *
 * Example (build a model):
 *   const bytes = buildLinearClassifierOnnx({ featureCount: 4, classCount: 3, weights, bias, standardization })
 *   // or compose: new OnnxGraphBuilder() + addNanImputation / addStandardization / addDenseStack /
 *   // embedOnnxModel (prefix sub-models) / addMean / addClassifierOutputs; for images addChannelStandardization /
 *   // addConv2d / addPool2d / addFlatten (onnxImageLayers.ts)
 */

export { describeModel, sha256Hex, type ModelDescription, type OnnxValueDescription } from './describeModel'
export {
  DEFAULT_OPSET,
  ONNX_IR_VERSION,
  OnnxGraphBuilder,
  onnxAttr,
  type OnnxAttribute,
  type OnnxDim,
  type OnnxInitializerValues,
  type OnnxModelMetadata,
  type OnnxNodeOptions
} from './onnxBuilder'
export { embedOnnxModel, type EmbedOptions } from './onnxEmbed'
export { addChannelStandardization, addConv2d, addFlatten, addPool2d, type Conv2dParams, type Pool2dParams } from './onnxImageLayers'
export {
  addAffineOutput,
  addClassifierOutputs,
  addDense,
  addDenseStack,
  addLabelFromScores,
  addMean,
  addNanImputation,
  addRegressionOutput,
  addStandardization,
  BATCH_DIM,
  type ClassifierOutputOptions,
  type DenseLayerParams,
  type HiddenActivation,
  type StandardizationParams
} from './onnxLayers'
export {
  buildClassifierOnnx,
  buildLinearClassifierOnnx,
  buildLinearRegressorOnnx,
  buildRegressorOnnx,
  type ClassifierOnnxSpec,
  type LinearOnnxParams,
  type RegressorOnnxSpec
} from './onnxModels'
export { OnnxModelCache, type OnnxModelCacheOptions } from './onnxModelCache'
export type { OnnxElementType } from './onnxProto'
export { loadOnnxModel, OnnxModel, type LoadOptions, type PredictOptions } from './onnxRunner'
export { createOnnxSession, type LoadedOnnxSession, type OnnxSessionOptions } from './onnxSession'
export type { OnnxClassification, OnnxPrediction, OnnxRegression, PredictionTask } from './predictionOutputs'
