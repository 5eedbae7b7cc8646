/**
 * What turns texts into vectors for a text specification. A text RKME is the table RKME of sentence
 * embeddings, so two text specs can only be compared when the *same* embedder made both: the embedder's
 * `id` travels with every spec (JSON key `embedder`) and names the function exactly — model, version and
 * every parameter — so equal ids mean equal vectors for equal texts.
 *
 * Example:
 *   const embedder: TextEmbedder = createHashedNgramEmbedder()
 *   const vectors = await embedder.embed(['first text', 'second text'], { onProgress, signal })
 *   vectors.length === 2 * embedder.dimension      // row-major N × dimension
 */

import { LearnwareError } from '../errors'
import type { ProgressListener } from '../progress'

export interface EmbedOptions {
  signal?: AbortSignal
  /** `start`, monotone `progress` by texts embedded, `done` (task `embed`). */
  onProgress?: ProgressListener
}

export interface TextEmbedder {
  /** Names the embedding function exactly; specs are comparable only when their embedder ids are equal. */
  readonly id: string
  /** Floats per text. */
  readonly dimension: number
  /** Row-major `texts.length × dimension`. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array>
  /** Releases native resources (ONNX sessions); the built-in embedder has none. */
  dispose?(): Promise<void>
}

export const EMBED_TASK = 'embed'

export function throwIfEmbedCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LearnwareError('CANCELLED', 'Text embedding was cancelled')
}

/** Lets timers, aborts and the UI run between batches of synchronous work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
