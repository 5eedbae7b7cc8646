/**
 * Training simple models in TypeScript: multinomial logistic regression (L-BFGS), ridge regression (closed
 * form), small ReLU MLPs (Adam) and a small CNN over [N, C, H, W] images (Adam), all deterministic. Each
 * returns a model that predicts in TypeScript and exports ONNX bytes (standardisation inside the graph, so
 * the model takes raw features) whose onnxruntime predictions match.
 *
 * Example:
 *   import { trainLogisticRegression, trainRidgeRegression, trainMlpClassifier } from '../train'
 *   const clf = trainLogisticRegression({ features, rows, cols, labels })      // labels: Int32Array class codes
 *   clf.predict(testFeatures, testRows)                                        // Int32Array
 *   const bytes = clf.toOnnx({ metadata: { learnwareId: '00042' } })          // → runtime OnnxModelCache.load
 *   const reg = trainRidgeRegression({ features, rows, cols, targets }, { alpha: 1 })
 *   const mlp = trainMlpClassifier({ features, rows, cols, labels }, { hiddenLayers: [32], seed: 7, onProgress })
 *   const cnn = trainImageCnn({ images: batch.data, count: batch.count, shape: batch, labels }, { seed: 0 })
 *   imageCnnToOnnx(cnn, { channels: 1, height: 28, width: 28 })                // X: float[N,1,28,28]
 */

export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs'
export { LogisticRegressionModel, trainLogisticRegression, type LogisticRegressionOptions } from './logisticRegression'
export { imageCnnToOnnx, ImageCnnModel, trainImageCnn, type ImageClassificationSet, type ImageCnnOptions } from './imageCnn'
export { imageMlpToOnnx, type ImageShape } from './imageMlp'
export type { CnnNetwork, ConvStage, PoolKind } from './convNetwork'
export { MlpClassifierModel, MlpRegressorModel, trainMlpClassifier, trainMlpRegressor, type MlpOptions } from './mlp'
export type { MlpLayer } from './mlpNetwork'
export { RidgeRegressionModel, trainRidgeRegression, type RidgeOptions } from './ridgeRegression'
export type { TrainedClassifier, TrainedModel, TrainedRegressor, TrainingReport } from './trainedModel'
export {
  fitStandardizer,
  standardizeRows,
  type ClassificationSet,
  type FeatureMatrix,
  type RegressionSet,
  type Standardizer,
  type TrainingRun
} from './trainingData'
