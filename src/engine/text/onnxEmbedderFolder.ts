/**
 * Opens a sentence-embedding model folder as the export tools leave it (optimum / sentence-transformers):
 * `model.onnx` (or `onnx/model.onnx`), `tokenizer.json` or a BERT `vocab.txt` with `tokenizer_config.json`
 * (`do_lower_case`, `strip_accents`), and `sentence_bert_config.json` (`max_seq_length`). Nothing is
 * downloaded: the user points at a folder they already have.
 *
 * Example:
 *   const embedder = await loadOnnxTextEmbedder('/models/paraphrase-multilingual-MiniLM-L12-v2', {
 *     id: BEIMINGWU_TEXT_EMBEDDER_ID
 *   })
 */

import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { LearnwareError } from '../errors'
import type { TextEmbedder } from './embedder'
import { createOnnxTextEmbedder, type OnnxTextEmbedderOptions } from './onnxEmbedder'
import { createBertTokenizer, parseTokenizerJson, type TextTokenizer } from './tokenizer'

export type OnnxTextEmbedderFolderOptions = Omit<OnnxTextEmbedderOptions, 'model' | 'tokenizer' | 'source'> & {
  /** Overrides `max_seq_length` / the tokenizer's truncation. */
  maxLength?: number
}

const MODEL_FILES = ['model.onnx', 'onnx/model.onnx']

export async function loadOnnxTextEmbedder(folder: string, options: OnnxTextEmbedderFolderOptions = {}): Promise<TextEmbedder> {
  const name = basename(folder) || folder
  const model = await readFirst(folder, MODEL_FILES)
  if (!model) {
    throw new LearnwareError('IO_NOT_FOUND', `${name}: no model.onnx in the folder`, {
      hint: 'Export the model to ONNX first, e.g. `optimum-cli export onnx --model <name> <folder>`.'
    })
  }
  const sbert = await readJsonFile(folder, ['sentence_bert_config.json', 'onnx/sentence_bert_config.json'])
  const maxLength = options.maxLength ?? (typeof sbert?.max_seq_length === 'number' ? sbert.max_seq_length : undefined)
  const tokenizer = await loadTokenizer(folder, name, maxLength)
  const { maxLength: _ignored, ...embedderOptions } = options
  return createOnnxTextEmbedder({ ...embedderOptions, model: model.bytes, tokenizer, source: `${name}/${model.file}` })
}

async function loadTokenizer(folder: string, name: string, maxLength: number | undefined): Promise<TextTokenizer> {
  const tokenizerJson = await readFirst(folder, ['tokenizer.json', 'onnx/tokenizer.json'])
  if (tokenizerJson) {
    const source = `${name}/${tokenizerJson.file}`
    return parseTokenizerJson(parseJson(tokenizerJson.bytes, source), { source, maxLength })
  }
  const vocab = await readFirst(folder, ['vocab.txt', 'onnx/vocab.txt'])
  if (!vocab) {
    throw new LearnwareError('IO_NOT_FOUND', `${name}: no tokenizer.json or vocab.txt next to the model`, {
      hint: 'Copy the tokenizer files that came with the model into the folder.'
    })
  }
  const config = await readJsonFile(folder, ['tokenizer_config.json', 'onnx/tokenizer_config.json'])
  return createBertTokenizer(new TextDecoder().decode(vocab.bytes), {
    source: `${name}/${vocab.file}`,
    lowercase: typeof config?.do_lower_case === 'boolean' ? config.do_lower_case : undefined,
    stripAccents: typeof config?.strip_accents === 'boolean' ? config.strip_accents : undefined,
    maxLength
  })
}

async function readFirst(folder: string, files: readonly string[]): Promise<{ file: string; bytes: Uint8Array } | null> {
  for (const file of files) {
    try {
      return { file, bytes: await readFile(join(folder, file)) }
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ENOENT') continue
      throw new LearnwareError('IO_READ_FAILED', `${join(folder, file)} cannot be read`, { cause })
    }
  }
  return null
}

async function readJsonFile(folder: string, files: readonly string[]): Promise<Record<string, unknown> | null> {
  const found = await readFirst(folder, files)
  if (!found) return null
  const json = parseJson(found.bytes, found.file)
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : null
}

function parseJson(bytes: Uint8Array, source: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch (cause) {
    throw new LearnwareError('TEXT_TOKENIZER_INVALID', `${source} is not valid JSON`, { cause, hint: 'Use the files that came with the model.' })
  }
}
