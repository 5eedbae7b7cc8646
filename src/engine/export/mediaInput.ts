/**
 * What an export bundle made from images or texts records about its raw input, in `manifest.json`
 * `input` (next to the pixel / embedding columns the graph takes): `kind`, and for images the preparation
 * (`image`: channels, height, width, scale) and the example files replayed by `--check`, for texts the
 * column and the embedder with every parameter, or the carried sentence model's files (`text`). `prepare.mjs` (prepareEntry.ts, built into the
 * bundle) reads these, so the bundle turns images / texts into numbers exactly as the app did.
 * A manifest without `kind` is a table bundle (bundles made before media export).
 *
 * Example:
 *   const text = bundleTextInput(createHashedNgramEmbedder(), 'body')
 *   // { column: 'body', embedder: { kind: 'hashed-ngram', id: 'learnware-dock/hashed-ngram-v1-384?…', dimension: 384, options: {…} } }
 *   inputKind(manifest)   // 'table' | 'images' | 'texts'
 */

import { LearnwareError } from '../errors'
import type { ImagePreparation } from '../predict/imagePreparation'
import { hashedNgramSettingsFromId, type HashedNgramSettings, type TextEmbedder } from '../text'

export type BundleInputKind = 'table' | 'images' | 'texts'

/**
 * The embedder a text bundle rebuilds: the built-in one with the settings that rebuild it (its id names them
 * too), or a user-supplied ONNX sentence model carried in the bundle (`folder`: model.onnx and its tokenizer
 * files, run by prepare-embedder.mjs with the app's own tokenizer and pooling).
 */
export type BundleTextEmbedder =
  | { kind: 'hashed-ngram'; id: string; dimension: number; options: HashedNgramSettings }
  | { kind: 'onnx'; id: string; dimension: number; folder: typeof EMBEDDER_FOLDER; files: string[] }

/** Where a carried sentence model lives inside a bundle. */
export const EMBEDDER_FOLDER = 'embedder'

export interface BundleTextInput {
  /** The CSV column predict.mjs reads the texts from when `--column` is not given. */
  column: string
  embedder: BundleTextEmbedder
}

export interface BundleImageInput extends ImagePreparation {
  /** Example images (PNG, lossless) replayed by `predict.mjs --check`: paths in the bundle, in golden-row order. */
  examples: string[]
}

/** The folder of example images inside a bundle. */
export const EXAMPLES_FOLDER = 'examples'

/** The manifest fields of a media bundle's input (merged into `manifest.input`). */
export type MediaManifestInput = { kind: 'images'; image: BundleImageInput } | { kind: 'texts'; text: BundleTextInput }

/**
 * The embedder as the manifest records it. A sentence model is carried only with `modelFiles` (its folder's
 * files, embedderFiles.ts); without them it is refused (EXPORT_PLAN_INVALID), since the bundle must embed new
 * texts the way the app did.
 */
export function bundleTextInput(embedder: TextEmbedder, column: string, modelFiles?: readonly string[]): BundleTextInput {
  const options = hashedNgramSettingsFromId(embedder.id)
  if (options) return { column, embedder: { kind: 'hashed-ngram', id: embedder.id, dimension: embedder.dimension, options } }
  if (modelFiles) return { column, embedder: { kind: 'onnx', id: embedder.id, dimension: embedder.dimension, folder: EMBEDDER_FOLDER, files: [...modelFiles] } }
  throw new LearnwareError('EXPORT_PLAN_INVALID', `The texts are embedded by ${embedder.id}, a sentence-embedding model, and its files were not given, so the bundle could not embed new texts the way the app does`, {
    hint: 'Give the model\'s folder (the CLI\'s --embedder-model DIR; exportMediaBundle\'s media.embedderFolder) so the bundle carries it, or export learnwares made with the built-in embedder.'
  })
}

/** The kind of input a manifest's bundle takes; absent means a table (older bundles). */
export function inputKind(manifest: { input: { kind?: unknown } }): BundleInputKind {
  const kind = manifest.input.kind
  return kind === 'images' || kind === 'texts' ? kind : 'table'
}
