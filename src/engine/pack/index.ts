/**
 * Packing: the one public entry for turning a trained ONNX model and its training table into a learnware
 * package (semantic spec filled from the table, RKME spec made on this machine, manifest with class labels
 * and table encoding, checked). Used by `learnware-dock pack`, the app's Submit screen and the starter-dock
 * builder.
 *
 * Example:
 *   import { packLearnware } from '../pack'
 *   const table = await loadTableFile('iris.csv', { target: 'species', targetTask: 'classification' })
 *   const { zip, check, warnings } = await packLearnware({
 *     onnxModel, table, gamma: 'auto',
 *     semantic: { name: 'Iris species', description: '…', task: 'Classification', scenarios: ['Nature'], license: 'MIT' }
 *   })
 *   await writeFile('iris.zip', zip)
 *
 *   // text: a classifier over the built-in embedding, packed with its raw training texts
 *   const text = await packTextLearnware({ onnxModel, texts, labels, semantic: { name, description, scenarios: ['Education'], license: 'MIT' } })
 *
 *   // image: a classifier over float[N, C, H, W] pixels, packed with its training images (RKME image spec)
 *   const image = await packImageLearnware({ onnxModel, images, labels, k: 20, steps: 20, semantic: { name, description, scenarios: ['Business'], license: 'MIT' } })
 */

export {
  DEFAULT_PACK_GAMMA,
  packLearnware,
  type PackLearnwareInput,
  type PackLearnwareResult,
  type PackSemanticInput
} from './packLearnware'
export { modelClassNames } from './classOrder'
export { readModelSignature, type ModelInputSignature, type ModelOutputSignature, type ModelSignature, type PackTask } from './modelSignature'
export { packTextLearnware, type PackTextLearnwareInput, type PackTextLearnwareResult } from './packText'
export { packImageLearnware, type PackImageLearnwareInput, type PackImageLearnwareResult } from './packImage'
