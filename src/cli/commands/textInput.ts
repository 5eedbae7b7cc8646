/**
 * The user's texts and embedder for the text commands (`spec text`, `search --text-column`, `predict
 * --text-column`): a CSV column (`--column`/`--text-column`, default the longest text column) or a folder of
 * .txt files, and an optional sentence-embedding ONNX model folder (`--embedder-model DIR`) besides the
 * built-in embedder.
 *
 * Example:
 *   const docs = await loadUserTexts('reviews.csv', 'body')
 *   const embedder = await optionalEmbedder(command)    // null → the built-in one
 */

import { stat } from 'node:fs/promises'
import { loadOnnxTextEmbedder, loadTextFolder, loadTextTableFile, type TextCollection, type TextEmbedder } from '../../engine/text'
import { stringOption, type ParsedCommand } from '../args'

export async function loadUserTexts(path: string, column: string | undefined): Promise<TextCollection> {
  const info = await stat(path).catch(() => null)
  if (info?.isDirectory()) return loadTextFolder(path)
  return loadTextTableFile(path, { column })
}

/** The ONNX embedder of `--embedder-model DIR`, or null (the built-in embedder is always available). */
export async function optionalEmbedder(command: ParsedCommand): Promise<TextEmbedder | null> {
  const folder = stringOption(command.values['embedder-model'])
  return folder === undefined ? null : loadOnnxTextEmbedder(folder)
}
