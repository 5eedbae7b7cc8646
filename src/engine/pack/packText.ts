/**
 * Packing a text learnware: an ONNX classifier over sentence embeddings plus the texts it was trained on.
 * The model is trained on `embedder.embed(texts)` (e.g. `trainLogisticRegression` over the built-in
 * embedding); the package says Data = Text, Input = the embedding (Dimension = embedder width, its
 * description names the embedder), Output = the classes, and its manifest's `textInput` names the embedder,
 * so the app and CLI embed a user's raw strings the same way before running the model. The statistical
 * spec is the RKME text spec of the training texts (their embeddings never leave the machine). Checked
 * after writing, like every package made here.
 *
 * Example:
 *   const embedder = createHashedNgramEmbedder()
 *   const vectors = await embedder.embed(texts)
 *   const model = trainLogisticRegression({ features: vectors, rows: texts.length, cols: embedder.dimension, labels: codes })
 *   const { zip, check } = await packTextLearnware({
 *     onnxModel: model.toOnnx(), texts, labels, classes, embedder,
 *     semantic: { name: 'Press vs fiction', description: '…', task: 'Classification', scenarios: ['Education'], license: 'MIT' }
 *   })
 */

import type { CheckLearnwareOptions, LearnwareCheckReport } from '../check'
import { LearnwareError } from '../errors'
import { writeLearnwarePackage, type DockManifestInput } from '../learnware'
import { MANIFEST_TEXT_INPUT_KEY, type TextInputDescription } from '../predict'
import type { ProgressListener } from '../progress'
import { assertValidSemanticSpec, generateSemanticSpec, type SemanticSpec } from '../spec/semantic'
import { createHashedNgramEmbedder, generateRkmeTextSpec, toRkmeTextSpecJson, type RkmeTextSpec, type TextEmbedder } from '../text'
import { modelClassNames } from './classOrder'
import { readModelSignature } from './modelSignature'
import type { PackSemanticInput } from './packLearnware'
import { checkWrittenPackage, classifierOutputManifest } from './packShared'

export interface PackTextLearnwareInput {
  onnxModel: Uint8Array
  /** The training texts. */
  texts: readonly string[]
  /** Class name per text (classification only). */
  labels: readonly string[]
  /** Class names in the model's class-index order (default: the sorted distinct labels). */
  classes?: readonly string[]
  /** The embedder the model was trained on (default: the built-in hashed n-gram embedder). */
  embedder?: TextEmbedder
  semantic: Omit<PackSemanticInput, 'task'> & { task?: 'Classification' }
  /** Languages to record instead of detecting them. */
  language?: string[]
  /** Kernel width of the text RKME (default 0.1, Beimingwu's). See docs/adr/0007-text-spec.md on narrower ones. */
  gamma?: number
  k?: number
  seed?: number
  originId?: string
  check?: boolean
  checkOptions?: CheckLearnwareOptions
  modelSource?: string
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface PackTextLearnwareResult {
  zip: Uint8Array
  semanticSpec: SemanticSpec
  spec: RkmeTextSpec
  check: LearnwareCheckReport | null
}

export async function packTextLearnware(input: PackTextLearnwareInput): Promise<PackTextLearnwareResult> {
  const embedder = input.embedder ?? createHashedNgramEmbedder()
  const modelSource = input.modelSource ?? 'model.onnx'
  if (input.texts.length !== input.labels.length) {
    throw new LearnwareError('PACK_MISMATCH', `${input.texts.length} texts but ${input.labels.length} labels; every training text needs its label`)
  }
  const classes = input.classes ? [...input.classes] : [...new Set(input.labels)].sort()
  if (classes.length < 2) throw new LearnwareError('PACK_MISMATCH', `The labels hold ${classes.length} class(es); a classifier needs at least two`)
  const signature = readModelSignature(input.onnxModel, modelSource, 'Classification')
  if (signature.input.width !== null && signature.input.width !== embedder.dimension) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `${modelSource} takes ${signature.input.width} values per row but ${embedder.id} gives ${embedder.dimension}-wide embeddings`, {
      hint: 'Train the model on embedder.embed(texts) of the embedder you pack it with.'
    })
  }
  const probabilityWidth = signature.output.kind === 'probabilities' ? signature.output.width : null
  const names = modelClassNames(classes, signature.classLabels, probabilityWidth, modelSource, 'the labels')
  const semanticSpec = generateSemanticSpec({
    name: input.semantic.name,
    description: input.semantic.description,
    data: 'Text',
    task: 'Classification',
    library: input.semantic.library ?? 'Others',
    scenarios: input.semantic.scenarios,
    license: input.semantic.license,
    input: { dimension: embedder.dimension, descriptions: { 0: `Sentence embedding of the text by ${embedder.id} (${embedder.dimension} values; the app embeds raw text itself)` } },
    output: { dimension: names.length, descriptions: names }
  })
  assertValidSemanticSpec(semanticSpec)
  const spec = await generateRkmeTextSpec(input.texts, {
    embedder, gamma: input.gamma ?? 0.1, k: input.k ?? 100, seed: input.seed ?? 0, language: input.language, onProgress: input.onProgress, signal: input.signal
  })
  const textInput: TextInputDescription = { embedder: embedder.id, dimension: embedder.dimension }
  const manifest: DockManifestInput = {
    input: { name: signature.input.name, shape: [null, embedder.dimension], dtype: signature.input.dtype },
    output: classifierOutputManifest(signature, names),
    labels: names,
    [MANIFEST_TEXT_INPUT_KEY]: textInput
  }
  const zip = writeLearnwarePackage({
    semanticSpec,
    statSpecs: [{ type: 'RKMETextSpecification', json: toRkmeTextSpecJson(spec) }],
    onnxModel: input.onnxModel,
    manifest,
    originId: input.originId
  })
  const check = await checkWrittenPackage(zip, input.semantic.name, input.check, input.checkOptions)
  return { zip, semanticSpec, spec, check }
}
