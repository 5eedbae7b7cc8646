/**
 * The source of `prepare-embedder.mjs`, which a text bundle carries when its learnwares take the embedding of a
 * user-supplied ONNX sentence model: the model and its tokenizer files travel under `embedder/`, and this runs
 * them with the engine's own loader, tokenizer and mean pooling (onnxEmbedderFolder.ts, onnxEmbedder.ts), so
 * the bundle embeds texts exactly as the app did. Kept apart from prepareEntry.ts because it needs
 * onnxruntime-node (image and built-in-embedder bundles do not); prepare.mjs imports it only for such bundles.
 * Built at build time like prepare.mjs (`npm run build:bundle-scripts` → prepareEmbedderScript.ts).
 *
 * Example (in prepare.mjs):
 *   const { embedWithBundledModel } = await import('./prepare-embedder.mjs')
 *   const vectors = await embedWithBundledModel('/path/to/bundle/embedder', manifest.input.text.embedder.id, texts)
 */

import { loadOnnxTextEmbedder } from '../text/onnxEmbedderFolder'

/** Texts → rows of the sentence model in `folder` (model.onnx + tokenizer files), under its recorded id. */
export async function embedWithBundledModel(folder: string, id: string, texts: readonly string[]): Promise<Float32Array> {
  const embedder = await loadOnnxTextEmbedder(folder, { id })
  try {
    return await embedder.embed(texts)
  } finally {
    await embedder.dispose?.()
  }
}
