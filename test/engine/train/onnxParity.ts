/**
 * Runs a trained model's `toOnnx()` bytes in onnxruntime-node and returns the prediction, so the training
 * tests can check that TypeScript and ONNX agree.
 *
 * Example:
 *   const onnx = await runOnnx(model.toOnnx(), test.features, test.rows, test.cols)
 */

import { loadOnnxModel, type OnnxPrediction } from '../../../src/engine/runtime'

export async function runOnnx(bytes: Uint8Array, features: Float32Array, rows: number, cols: number): Promise<OnnxPrediction> {
  const model = await loadOnnxModel(bytes, { source: 'trained.onnx' })
  try {
    return await model.predict(features, rows, cols)
  } finally {
    await model.dispose()
  }
}
