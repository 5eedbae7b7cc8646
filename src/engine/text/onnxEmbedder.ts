/**
 * A sentence-embedding model the user supplies as ONNX (a sentence-transformers model exported with
 * optimum, e.g. paraphrase-multilingual-MiniLM-L12-v2, the model Beimingwu's text specs use): texts are
 * tokenized here (tokenizer.ts), fed as the inputs the model declares — `input_ids`, and `attention_mask`,
 * `token_type_ids`, `position_ids` when it has them, int64 or int32 — and the token vectors of
 * `last_hidden_state` (or the first output) are mean-pooled with the attention mask, as sentence-transformers'
 * `Pooling(mode='mean')` does. A model whose output is already one vector per text ([B, H]) is used as is.
 *
 * Texts are batched by similar token length (padding stays short, results do not depend on the batching).
 * The session is created from bytes through the runtime's loader, which refuses external-data models.
 *
 * Example:
 *   const embedder = await createOnnxTextEmbedder({
 *     model: readFileSync('model.onnx'), tokenizer: parseTokenizerJson(JSON.parse(readFileSync('tokenizer.json', 'utf8'))),
 *     id: BEIMINGWU_TEXT_EMBEDDER_ID
 *   })
 *   const vectors = await embedder.embed(texts, { onProgress, signal })   // texts.length × embedder.dimension
 *   await embedder.dispose()
 */

import * as ort from 'onnxruntime-node'
import { LearnwareError } from '../errors'
import { sha256Hex } from '../runtime'
import { createOnnxSession, type LoadedOnnxSession, type OnnxSessionOptions } from '../runtime'
import { EMBED_TASK, throwIfEmbedCancelled, type EmbedOptions, type TextEmbedder } from './embedder'
import type { TextTokenizer } from './tokenizer'

export interface OnnxTextEmbedderOptions {
  /** Bytes of the ONNX model. */
  model: Uint8Array
  tokenizer: TextTokenizer
  /**
   * Names the embedding function (model + tokenizer + pooling). Default `onnx-sha256:<16 hex of the model>`.
   * Use BEIMINGWU_TEXT_EMBEDDER_ID for an export of Beimingwu's MiniLM, so specs are compared with Beimingwu's.
   */
  id?: string
  /** Texts per run (default 32). */
  batchSize?: number
  /** Output to pool (default `last_hidden_state`, else the first output). */
  outputName?: string
  /** Names the model in messages. */
  source?: string
  sessionOptions?: OnnxSessionOptions
}

type IdInputName = 'input_ids' | 'attention_mask' | 'token_type_ids' | 'position_ids'
const KNOWN_INPUTS: readonly IdInputName[] = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids']

interface ModelInput {
  name: IdInputName
  type: 'int64' | 'int32'
}

export async function createOnnxTextEmbedder(options: OnnxTextEmbedderOptions): Promise<TextEmbedder> {
  const source = options.source ?? 'sentence-embedding model'
  const loaded = await createOnnxSession(options.model, { source, sessionOptions: options.sessionOptions })
  try {
    const inputs = modelInputs(loaded, source)
    const outputName = chooseOutput(loaded, options.outputName, source)
    const runner = new OnnxTextRunner(loaded.session, inputs, outputName, options.tokenizer, options.batchSize ?? 32, source)
    const probe = await runner.embed(['dimension probe'], {})
    return {
      id: options.id ?? `onnx-sha256:${sha256Hex(options.model).slice(0, 16)}`,
      dimension: probe.length,
      embed: (texts, embedOptions) => runner.embed(texts, embedOptions ?? {}),
      dispose: () => loaded.session.release()
    }
  } catch (error) {
    await loaded.session.release()
    throw error
  }
}

function modelInputs(loaded: LoadedOnnxSession, source: string): ModelInput[] {
  const inputs = loaded.description.inputs.map((input) => {
    if (!(KNOWN_INPUTS as readonly string[]).includes(input.name)) {
      throw new LearnwareError('MODEL_INVALID', `${source}: input ${input.name} is not one a text model is fed (${KNOWN_INPUTS.join(', ')})`, {
        hint: 'Export the sentence-transformers model with optimum (feature-extraction).'
      })
    }
    if (input.elementType !== 'int64' && input.elementType !== 'int32') {
      throw new LearnwareError('MODEL_INVALID', `${source}: input ${input.name} is ${input.typeText}, expected int64 token ids`)
    }
    return { name: input.name as IdInputName, type: input.elementType }
  })
  if (!inputs.some((i) => i.name === 'input_ids')) {
    throw new LearnwareError('MODEL_INVALID', `${source}: the model has no input_ids input`, { hint: 'Is this a text model?' })
  }
  return inputs
}

function chooseOutput(loaded: LoadedOnnxSession, wanted: string | undefined, source: string): string {
  const names = loaded.description.outputs.filter((o) => o.kind === 'tensor').map((o) => o.name)
  const name = wanted ?? (names.includes('last_hidden_state') ? 'last_hidden_state' : names[0])
  if (name === undefined || !names.includes(name)) {
    throw new LearnwareError('MODEL_INVALID', `${source}: no tensor output ${name ?? ''} to pool`, { hint: `Outputs are: ${names.join(', ') || 'none'}` })
  }
  return name
}

class OnnxTextRunner {
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly inputs: readonly ModelInput[],
    private readonly outputName: string,
    private readonly tokenizer: TextTokenizer,
    private readonly batchSize: number,
    private readonly source: string
  ) {}

  async embed(texts: readonly string[], { onProgress, signal }: EmbedOptions): Promise<Float32Array> {
    onProgress?.({ status: 'start', task: EMBED_TASK })
    const encoded = texts.map((text) => this.tokenizer.encode(text))
    // Longest first, as sentence-transformers does: each batch pads to similar lengths.
    const order = Array.from(texts.keys()).sort((a, b) => encoded[b].length - encoded[a].length || a - b)
    let out: Float32Array | null = texts.length === 0 ? new Float32Array(0) : null
    for (let start = 0; start < order.length; start += this.batchSize) {
      throwIfEmbedCancelled(signal)
      const batch = order.slice(start, start + this.batchSize)
      const { vectors, width } = await this.runBatch(batch.map((i) => encoded[i]))
      out ??= new Float32Array(texts.length * width)
      batch.forEach((textIndex, row) => out!.set(vectors.subarray(row * width, (row + 1) * width), textIndex * width))
      const done = Math.min(order.length, start + this.batchSize)
      onProgress?.({ status: 'progress', task: EMBED_TASK, fraction: done / order.length, detail: `${done} of ${order.length} texts` })
    }
    if (texts.length === 0) onProgress?.({ status: 'progress', task: EMBED_TASK, fraction: 1 })
    onProgress?.({ status: 'done', task: EMBED_TASK })
    return out!
  }

  private async runBatch(ids: readonly number[][]): Promise<{ vectors: Float32Array; width: number }> {
    const rows = ids.length
    const length = Math.max(1, ...ids.map((row) => row.length))
    const values: Record<IdInputName, number[]> = { input_ids: [], attention_mask: [], token_type_ids: [], position_ids: [] }
    for (const row of ids) {
      for (let t = 0; t < length; t++) {
        const present = t < row.length
        values.input_ids.push(present ? row[t] : this.tokenizer.padId)
        values.attention_mask.push(present ? 1 : 0)
        values.token_type_ids.push(0)
        values.position_ids.push(t)
      }
    }
    const feeds: Record<string, ort.Tensor> = {}
    for (const input of this.inputs) {
      const data = input.type === 'int64' ? BigInt64Array.from(values[input.name], BigInt) : Int32Array.from(values[input.name])
      feeds[input.name] = new ort.Tensor(input.type, data, [rows, length])
    }
    let result: ort.InferenceSession.ReturnType
    try {
      result = await this.session.run(feeds, [this.outputName])
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
      throw new LearnwareError('MODEL_RUN_FAILED', `${this.source}: onnxruntime failed: ${reason}`, { cause })
    }
    return poolOutput(result[this.outputName] as ort.Tensor, values.attention_mask, rows, length, this.source)
  }
}

/** [B, T, H] → masked mean over T; [B, H] → as is. Accumulates in float64. */
export function poolOutput(tensor: ort.Tensor, mask: readonly number[], rows: number, length: number, source: string): { vectors: Float32Array; width: number } {
  const data = tensor.data
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new LearnwareError('MODEL_INVALID', `${source}: the pooled output is ${tensor.type}, not float`)
  }
  const dims = tensor.dims
  if (dims.length === 2 && dims[0] === rows) return { vectors: Float32Array.from(data), width: dims[1] }
  if (dims.length !== 3 || dims[0] !== rows || dims[1] !== length) {
    throw new LearnwareError('MODEL_INVALID', `${source}: output has shape [${dims.join(', ')}], expected [${rows}, ${length}, hidden]`)
  }
  const width = dims[2]
  const vectors = new Float32Array(rows * width)
  const sum = new Float64Array(width)
  for (let b = 0; b < rows; b++) {
    sum.fill(0)
    let count = 0
    for (let t = 0; t < length; t++) {
      if (mask[b * length + t] === 0) continue
      count++
      const offset = (b * length + t) * width
      for (let h = 0; h < width; h++) sum[h] += data[offset + h]
    }
    // sentence-transformers clamps the token count at 1e-9 (an all-padding row gives zeros, not NaN).
    const divisor = Math.max(count, 1e-9)
    for (let h = 0; h < width; h++) vectors[b * width + h] = sum[h] / divisor
  }
  return { vectors, width }
}
