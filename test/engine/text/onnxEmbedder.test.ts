import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import { createRng } from '../../../src/engine/math/rng'
import type { ProgressEvent } from '../../../src/engine/progress'
import { OnnxGraphBuilder } from '../../../src/engine/runtime'
import {
  BEIMINGWU_TEXT_EMBEDDER_ID,
  createBertTokenizer,
  createOnnxTextEmbedder,
  generateRkmeTextSpec,
  loadOnnxTextEmbedder,
  type TextEmbedder
} from '../../../src/engine/text'

const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'jury', 'said', 'court', 'judge', 'love', 'heart', 'she', 'he', 'ran',
  '##s', '##ed', ',', '.', 'a', 'of', 'and', 'in', 'to', 'was']
const HIDDEN = 6
/** Padded positions get this added to every hidden value: a pooling that forgets the mask is far off. */
const PADDING_OFFSET = 1000

function embeddingTable(): Float32Array {
  const rng = createRng(11)
  return Float32Array.from({ length: VOCAB.length * HIDDEN }, () => rng.normal())
}

/**
 * A tiny "transformer": last_hidden_state[b, t] = E[input_ids[b, t]] + 1000·(1 − attention_mask[b, t]) + 7·token_type_ids[b, t].
 * It uses every input the way a real model would see them, so the test proves the inputs are fed as declared.
 */
function tokenEmbeddingModel(table: Float32Array, idType: 'int64' | 'int32' = 'int64'): Uint8Array {
  const g = new OnnxGraphBuilder({ name: 'tiny_sentence_model' })
  const ids = g.addInput('input_ids', idType, ['batch', 'sequence'])
  const mask = g.addInput('attention_mask', idType, ['batch', 'sequence'])
  const types = g.addInput('token_type_ids', idType, ['batch', 'sequence'])
  const weights = g.addInitializer('word_embeddings', table, [VOCAB.length, HIDDEN])
  const tokens = g.addOp('Gather', [weights, ids], { axis: 0 })
  const axes = g.addInitializer('last_axis', [2], [1], 'int64')
  const maskFloat = g.addOp('Unsqueeze', [g.addOp('Cast', [mask], { to: 1 }), axes])
  const padding = g.addOp('Mul', [g.addOp('Sub', [g.addInitializer('one', [1], []), maskFloat]), g.addInitializer('offset', [PADDING_OFFSET], [])])
  const typeShift = g.addOp('Mul', [g.addOp('Unsqueeze', [g.addOp('Cast', [types], { to: 1 }), axes]), g.addInitializer('seven', [7], [])])
  g.addNode('Add', [g.addOp('Add', [tokens, padding]), typeShift], { outputs: ['last_hidden_state'] })
  g.addOutput('last_hidden_state', 'float', ['batch', 'sequence', HIDDEN])
  return g.toBytes()
}

/** A model that pools itself: sentence_embedding[b] = mean_t E[input_ids[b, t]] (no mask input). */
function pooledModel(table: Float32Array): Uint8Array {
  const g = new OnnxGraphBuilder({ name: 'pooled_model' })
  const ids = g.addInput('input_ids', 'int64', ['batch', 'sequence'])
  const tokens = g.addOp('Gather', [g.addInitializer('word_embeddings', table, [VOCAB.length, HIDDEN]), ids], { axis: 0 })
  g.addNode('ReduceMean', [tokens], { outputs: ['sentence_embedding'], attributes: { axes: [1], keepdims: 0 } })
  g.addOutput('sentence_embedding', 'float', ['batch', HIDDEN])
  return g.toBytes()
}

function maskedMean(table: Float32Array, ids: readonly number[]): number[] {
  const sum = new Array<number>(HIDDEN).fill(0)
  for (const id of ids) for (let h = 0; h < HIDDEN; h++) sum[h] += table[id * HIDDEN + h]
  return sum.map((v) => v / ids.length)
}

async function expectCode(promise: Promise<unknown>, code: LearnwareErrorCode): Promise<string> {
  try {
    await promise
  } catch (error) {
    expect(isLearnwareError(error), String(error)).toBe(true)
    expect((error as { code: string }).code).toBe(code)
    return (error as Error).message
  }
  throw new Error(`expected a LearnwareError ${code}`)
}

const TEXTS = ['The jury said.', 'She ran, and he ran.', 'The judges of the court', 'love', 'A heart in the court of the jury was said to love the judge.']

describe('ONNX sentence-embedding models', () => {
  const table = embeddingTable()
  const tokenizer = createBertTokenizer(VOCAB.join('\n'))
  let embedder: TextEmbedder
  beforeAll(async () => {
    embedder = await createOnnxTextEmbedder({ model: tokenEmbeddingModel(table), tokenizer, batchSize: 2 })
  })
  afterAll(async () => { await embedder.dispose?.() })

  it('mean-pools last_hidden_state over the attention mask, per text, whatever the padding in its batch', async () => {
    expect(embedder.dimension).toBe(HIDDEN)
    expect(embedder.id).toMatch(/^onnx-sha256:[0-9a-f]{16}$/)
    const vectors = await embedder.embed(TEXTS)
    expect(vectors).toHaveLength(TEXTS.length * HIDDEN)
    TEXTS.forEach((text, n) => {
      const expected = maskedMean(table, tokenizer.encode(text))
      for (let h = 0; h < HIDDEN; h++) expect(vectors[n * HIDDEN + h]).toBeCloseTo(expected[h], 5)
    })
  })

  it('gives each text the same vector alone as in a batch', async () => {
    const together = await embedder.embed(TEXTS)
    for (let n = 0; n < TEXTS.length; n++) {
      const alone = await embedder.embed([TEXTS[n]])
      for (let h = 0; h < HIDDEN; h++) expect(alone[h]).toBeCloseTo(together[n * HIDDEN + h], 5)
    }
  })

  it('reports monotone progress by batch, ending at 1, and stops when cancelled', async () => {
    const events: ProgressEvent[] = []
    await embedder.embed(TEXTS, { onProgress: (e) => events.push(e) })
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(events[0].status).toBe('start')
    expect(events[events.length - 1].status).toBe('done')
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b))
    expect(fractions[fractions.length - 1]).toBe(1)
    const controller = new AbortController()
    controller.abort()
    await expectCode(embedder.embed(TEXTS, { signal: controller.signal }), 'CANCELLED')
  })

  it('feeds int32 ids to a model that declares them', async () => {
    const int32 = await createOnnxTextEmbedder({ model: tokenEmbeddingModel(table, 'int32'), tokenizer })
    try {
      const vector = await int32.embed(['the jury'])
      const expected = maskedMean(table, tokenizer.encode('the jury'))
      for (let h = 0; h < HIDDEN; h++) expect(vector[h]).toBeCloseTo(expected[h], 5)
    } finally {
      await int32.dispose?.()
    }
  })

  it('uses an already pooled [batch, hidden] output as it is', async () => {
    const pooled = await createOnnxTextEmbedder({ model: pooledModel(table), tokenizer, id: 'test/pooled' })
    try {
      expect(pooled.id).toBe('test/pooled')
      const vector = await pooled.embed(['she ran'])
      const expected = maskedMean(table, tokenizer.encode('she ran'))
      for (let h = 0; h < HIDDEN; h++) expect(vector[h]).toBeCloseTo(expected[h], 5)
    } finally {
      await pooled.dispose?.()
    }
  })

  it('makes a text spec whose embedder is the model', async () => {
    const spec = await generateRkmeTextSpec(TEXTS, { embedder, seed: 0 })
    expect(spec.embedder).toBe(embedder.id)
    expect(spec.rkme.featuresPerRow).toBe(HIDDEN)
    expect(spec.language).toEqual(['en'])
  })

  it('refuses models that are not text models, and bytes that are not a model', async () => {
    const g = new OnnxGraphBuilder({ name: 'table_model' })
    const x = g.addInput('X', 'float', ['N', 4])
    g.addNode('Identity', [x], { outputs: ['Y'] })
    g.addOutput('Y', 'float', ['N', 4])
    expect(await expectCode(createOnnxTextEmbedder({ model: g.toBytes(), tokenizer }), 'MODEL_INVALID')).toMatch(/input X/)
    await expectCode(createOnnxTextEmbedder({ model: new TextEncoder().encode('not an onnx model'), tokenizer }), 'MODEL_INVALID')
  })
})

describe('a model folder as the export tools leave it', () => {
  let dir = ''
  const table = embeddingTable()
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-text-model-'))
    await writeFile(join(dir, 'model.onnx'), tokenEmbeddingModel(table))
    await writeFile(join(dir, 'vocab.txt'), `${VOCAB.join('\n')}\n`)
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: true }))
    await writeFile(join(dir, 'sentence_bert_config.json'), JSON.stringify({ max_seq_length: 4 }))
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('reads model.onnx, vocab.txt and max_seq_length, and takes the id it is given', async () => {
    const embedder = await loadOnnxTextEmbedder(dir, { id: BEIMINGWU_TEXT_EMBEDDER_ID })
    try {
      expect(embedder.id).toBe(BEIMINGWU_TEXT_EMBEDDER_ID)
      const vector = await embedder.embed(['The jury said a lot'])
      // max_seq_length 4 = [CLS] the jury [SEP]
      const expected = maskedMean(table, [2, 5, 6, 3])
      for (let h = 0; h < HIDDEN; h++) expect(vector[h]).toBeCloseTo(expected[h], 5)
    } finally {
      await embedder.dispose?.()
    }
  })

  it('says what is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'lw-text-model-'))
    try {
      expect(await expectCode(loadOnnxTextEmbedder(empty), 'IO_NOT_FOUND')).toMatch(/no model\.onnx/)
      await writeFile(join(empty, 'model.onnx'), tokenEmbeddingModel(table))
      expect(await expectCode(loadOnnxTextEmbedder(empty), 'IO_NOT_FOUND')).toMatch(/no tokenizer\.json or vocab\.txt/)
      await writeFile(join(empty, 'tokenizer.json'), '{ broken')
      await expectCode(loadOnnxTextEmbedder(empty), 'TEXT_TOKENIZER_INVALID')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})
