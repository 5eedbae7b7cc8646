/**
 * A sentence-embedding model small enough to build in a test (a BERT vocabulary and one random vector per
 * token, as an ONNX graph with input_ids / attention_mask → last_hidden_state), written as the folder
 * `loadOnnxTextEmbedder` and `--embedder-model` read, and a text learnware packed over its embedding — for
 * exporting bundles that carry a user-supplied sentence model.
 *
 * Example:
 *   await writeTinySentenceModel(folder, texts)
 *   const embedder = await loadOnnxTextEmbedder(folder)
 *   const zip = await tinyModelLearnware(embedder, texts, labels)   // classes: fiction, press
 */

import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createRng } from '../../../src/engine/math/rng'
import { packTextLearnware } from '../../../src/engine/pack'
import { OnnxGraphBuilder } from '../../../src/engine/runtime'
import type { TextEmbedder } from '../../../src/engine/text'
import { trainLogisticRegression } from '../../../src/engine/train'

/**
 * A tiny sentence model: a BERT vocabulary of the 300 most frequent words of `corpus` and a random 16-wide
 * embedding per token; last_hidden_state = the token's vector (+0 · the mask, so the mask input is used).
 */
export async function writeTinySentenceModel(folder: string, corpus: readonly string[]): Promise<void> {
  const counts = new Map<string, number>()
  for (const text of corpus) for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1)
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 300).map(([word]) => word)
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...words]
  const hidden = 16
  const rng = createRng(5)
  const g = new OnnxGraphBuilder({ name: 'tiny_sentence_model' })
  const ids = g.addInput('input_ids', 'int64', ['batch', 'sequence'])
  const mask = g.addInput('attention_mask', 'int64', ['batch', 'sequence'])
  const tokens = g.addOp('Gather', [g.addInitializer('word_embeddings', Float32Array.from({ length: vocab.length * hidden }, () => rng.normal()), [vocab.length, hidden]), ids], { axis: 0 })
  const maskFloat = g.addOp('Unsqueeze', [g.addOp('Cast', [mask], { to: 1 }), g.addInitializer('last_axis', [2], [1], 'int64')])
  g.addNode('Add', [tokens, g.addOp('Mul', [maskFloat, g.addInitializer('zero', [0], [])])], { outputs: ['last_hidden_state'] })
  g.addOutput('last_hidden_state', 'float', ['batch', 'sequence', hidden])
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, 'model.onnx'), g.toBytes())
  await writeFile(join(folder, 'vocab.txt'), `${vocab.join('\n')}\n`)
}

/** A fiction / press classifier over the sentence model's embedding, trained on the task's own texts (a fixture, not a benchmark). */
export async function tinyModelLearnware(embedder: TextEmbedder, texts: readonly string[], textLabels: readonly string[]): Promise<Uint8Array> {
  const classes = ['fiction', 'press']
  const features = await embedder.embed(texts)
  const model = trainLogisticRegression({ features, rows: texts.length, cols: embedder.dimension, labels: textLabels.map((l) => classes.indexOf(l)) })
  const { zip } = await packTextLearnware({
    onnxModel: model.toOnnx(), texts: [...texts], labels: [...textLabels], classes, embedder, check: false,
    semantic: { name: 'Fiction or press (tiny sentence model)', description: 'Brown corpus genre of a paragraph', scenarios: ['Education'], license: 'MIT' }
  })
  return zip
}
