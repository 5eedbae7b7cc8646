/**
 * Predicting with learnwares: the one public entry for running a learnware's ONNX model on a user's table
 * (column alignment by name, the learnware's own categorical encoding, training-mean imputation, manifest
 * preprocessing, named outputs). The CLI's `predict` command, the reuse code and the checker use it.
 *
 * Example:
 *   import { predictWithLearnware, alignColumns } from '../predict'
 *   const table = await loadTableFile('data.csv')
 *   const { prediction, alignment } = await predictWithLearnware(pkg, table, { cache, timeoutMs: 30_000 })
 *   console.log(alignment.matched.length, 'columns matched;', 'missing:', alignment.missing, 'unused:', alignment.extra)
 *   if (prediction.task === 'classification') console.log(prediction.labelNames)
 *   else console.log(prediction.values)
 *
 *   // text learnwares (manifest `textInput`): raw strings are embedded here, then the model runs
 *   const { prediction: genres } = await predictWithLearnwareTexts(pkg, ['The jury said …'], { cache })
 *
 *   // image learnwares (manifest `imageInput`): images are resized and scaled here, then the model runs
 *   const { prediction: kinds } = await predictWithLearnwareImages(pkg, images, { cache })
 */

export {
  alignByPosition,
  alignColumns,
  normalizeColumnName,
  type ColumnAlignment,
  type ColumnMatch
} from './columnAlignment'
export {
  learnwareLabel,
  MANIFEST_TABLE_ENCODING_KEY,
  prepareModelInput,
  readLearnwareInterface,
  type LearnwareInterface
} from './learnwareInterface'
export { assembleLearnwareRows, type LearnwareRows } from './learnwareRows'
export {
  predictLearnwareRows,
  predictWithLearnware,
  requireOnnx,
  runOptions,
  withLearnwareModel,
  type LearnwareClassification,
  type LearnwarePrediction,
  type LearnwarePredictionResult,
  type LearnwarePredictOptions,
  type LearnwareRegression,
  type OnnxLearnwareModel
} from './learnwareRunner'
export {
  findTextEmbedder,
  MANIFEST_TEXT_INPUT_KEY,
  predictWithLearnwareTexts,
  readTextInput,
  type TextInputDescription,
  type TextPredictionResult,
  type TextPredictOptions
} from './textInput'
export {
  MANIFEST_IMAGE_INPUT_KEY,
  predictWithLearnwareImages,
  prepareImagesForModel,
  readImageInput,
  type ImageInputDescription
} from './imageInput'
