/**
 * The files of a sentence-embedding model folder that a text bundle carries under `embedder/`: exactly the ones
 * `loadOnnxTextEmbedder` reads (the model, `tokenizer.json` or `vocab.txt` + `tokenizer_config.json`,
 * `sentence_bert_config.json`, each at the top or under `onnx/`), kept at the same relative paths so the
 * bundle's prepare-embedder.mjs loads the copy with the same loader. Also the way back: a bundle's carried
 * files written to a scratch folder, for the app's own replay of the golden texts.
 *
 * Example:
 *   const files = await embedderFolderFiles('/models/minilm')   // Map('model.onnx' → bytes, 'tokenizer.json' → bytes, …)
 *   await withEmbedderFolder(bundleFiles, 'embedder', async (folder) => loadOnnxTextEmbedder(folder, { id }))
 */

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { LearnwareError } from '../errors'

/** Candidates in the order loadOnnxTextEmbedder tries them; the first present of each group is taken. */
const GROUPS: readonly (readonly string[])[] = [
  ['model.onnx', 'onnx/model.onnx'],
  ['tokenizer.json', 'onnx/tokenizer.json'],
  ['vocab.txt', 'onnx/vocab.txt'],
  ['tokenizer_config.json', 'onnx/tokenizer_config.json'],
  ['sentence_bert_config.json', 'onnx/sentence_bert_config.json']
]

/** Relative path → bytes of the model folder's files the loader uses. */
export async function embedderFolderFiles(folder: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>()
  for (const group of GROUPS) {
    for (const file of group) {
      const bytes = await readFile(join(folder, file)).catch((cause: { code?: string }) => {
        if (cause.code === 'ENOENT') return null
        throw new LearnwareError('IO_READ_FAILED', `${join(folder, file)} cannot be read`, { cause })
      })
      if (bytes) {
        files.set(file, new Uint8Array(bytes))
        break
      }
    }
  }
  if (![...files.keys()].some((file) => file.endsWith('model.onnx'))) {
    throw new LearnwareError('IO_NOT_FOUND', `${folder}: no model.onnx to carry in the bundle`, { hint: 'Give the folder the embedder was loaded from (--embedder-model DIR).' })
  }
  return files
}

/** Runs `work` on a scratch folder holding the bundle's `<prefix>/…` files, removed afterwards. */
export async function withEmbedderFolder<T>(bundleFiles: Map<string, Uint8Array>, prefix: string, work: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'bundle-embedder-'))
  try {
    for (const [name, bytes] of bundleFiles) {
      if (!name.startsWith(`${prefix}/`)) continue
      const target = join(folder, name.slice(prefix.length + 1))
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, bytes)
    }
    return await work(folder)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
