/**
 * Text learnwares made here are a model over sentence embeddings: `learnware-dock.json` says so under
 * `textInput` (`{embedder, dimension}`), and whoever runs the learnware embeds the user's raw strings with
 * that embedder first (in TypeScript), then runs the ONNX model on the vectors. The embedder must be the
 * one named — a different one gives vectors in an unrelated space — so the built-in embedder is used when
 * its id matches, else one the caller supplies (e.g. an ONNX sentence model the user pointed at).
 *
 * Example:
 *   const { prediction } = await predictWithLearnwareTexts(pkg, ['The jury said …', 'Mix the flour …'], { cache })
 *   prediction.task === 'classification' && prediction.labelNames   // ['press', 'lore_hobbies']
 */

import { LearnwareError } from '../errors'
import type { LearnwarePackage } from '../learnware'
import { createHashedNgramEmbedder, type TextEmbedder } from '../text'
import { learnwareLabel } from './learnwareInterface'
import { predictLearnwareRows, type LearnwarePrediction, type LearnwarePredictOptions } from './learnwareRunner'

/** Manifest key of a text learnware's input description. */
export const MANIFEST_TEXT_INPUT_KEY = 'textInput'

export interface TextInputDescription {
  /** Id of the embedder whose vectors the model takes (the text spec's embedder). */
  embedder: string
  /** Width of those vectors (the model's input width). */
  dimension: number
}

export interface TextPredictOptions extends LearnwarePredictOptions {
  /** Embedders the caller can offer (matched by id); the built-in one is always available. */
  embedders?: readonly TextEmbedder[]
}

export interface TextPredictionResult {
  prediction: LearnwarePrediction
  embedder: string
}

/** The manifest's `textInput`, null when the learnware does not take text; PACKAGE_INVALID when malformed. */
export function readTextInput(pkg: LearnwarePackage): TextInputDescription | null {
  if (pkg.model.kind !== 'onnx') return null
  const raw = (pkg.model.manifest as Record<string, unknown>)[MANIFEST_TEXT_INPUT_KEY]
  if (raw === undefined) return null
  const value = raw as Partial<TextInputDescription> | null
  if (typeof value !== 'object' || value === null || typeof value.embedder !== 'string' || value.embedder === ''
    || typeof value.dimension !== 'number' || !Number.isInteger(value.dimension) || value.dimension < 1) {
    throw new LearnwareError('PACKAGE_INVALID', `${learnwareLabel(pkg)}: learnware-dock.json field ${MANIFEST_TEXT_INPUT_KEY} must be {"embedder": "<id>", "dimension": <width>}`)
  }
  return { embedder: value.embedder, dimension: value.dimension }
}

/** The embedder named by `id`: one of `offered`, else the built-in one when the id is its own, else null. */
export function findTextEmbedder(id: string, offered: readonly TextEmbedder[] = []): TextEmbedder | null {
  const match = offered.find((embedder) => embedder.id === id)
  if (match) return match
  const builtIn = createHashedNgramEmbedder()
  return builtIn.id === id ? builtIn : null
}

/** Embeds `texts` with the learnware's embedder, then runs its model on the vectors. */
export async function predictWithLearnwareTexts(
  pkg: LearnwarePackage,
  texts: readonly string[],
  options: TextPredictOptions = {}
): Promise<TextPredictionResult> {
  const textInput = readTextInput(pkg)
  if (!textInput) {
    throw new LearnwareError('DATA_BAD_VALUE', `${learnwareLabel(pkg)} does not take raw text (its learnware-dock.json has no ${MANIFEST_TEXT_INPUT_KEY})`, {
      hint: 'Give it a table of its input features instead.'
    })
  }
  const embedder = findTextEmbedder(textInput.embedder, options.embedders)
  if (!embedder) {
    throw new LearnwareError('SPEC_EMBEDDER_MISMATCH', `${learnwareLabel(pkg)} takes texts embedded by ${textInput.embedder}, which is not available here`, {
      hint: 'Point at that sentence-embedding model exported to ONNX (--embedder-model DIR).'
    })
  }
  if (embedder.dimension !== textInput.dimension) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `${learnwareLabel(pkg)} takes ${textInput.dimension}-wide embeddings but ${embedder.id} gives ${embedder.dimension}`)
  }
  const vectors = await embedder.embed(texts, { signal: options.signal })
  const prediction = await predictLearnwareRows(pkg, vectors, texts.length, options)
  return { prediction, embedder: embedder.id }
}
