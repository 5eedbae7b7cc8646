import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProgressEvent } from '../../../src/engine/progress'
import { createHashedNgramEmbedder, DISTANCE_SCALE, hashedNgramSettingsFromId, loadTextTableFile } from '../../../src/engine/text'

const brownSubset = resolve(import.meta.dirname, '../../fixtures/text/brown_subset.csv')

function squaredDistance(v: Float32Array, d: number, i: number, j: number): number {
  let sum = 0
  for (let f = 0; f < d; f++) sum += (v[i * d + f] - v[j * d + f]) ** 2
  return sum
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

describe('the built-in hashed n-gram embedder', () => {
  it('names its version and every parameter in its id', () => {
    expect(createHashedNgramEmbedder().id).toBe('learnware-dock/hashed-ngram-v1-384?words=1-2&chars=3-5&nnz=4&seed=0&scale=2.5')
    expect(createHashedNgramEmbedder({ dimension: 128, maxWordNgram: 1, charNgrams: [2, 4], nonZerosPerFeature: 2, seed: 9 }).id)
      .toBe('learnware-dock/hashed-ngram-v1-128?words=1-1&chars=2-4&nnz=2&seed=9&scale=2.5')
  })

  it('is a fixed function: same text, same vector, whatever else is in the batch; another seed gives another projection', async () => {
    const embedder = createHashedNgramEmbedder()
    const a = await embedder.embed(['The jury said the election was fair.', 'Another text.'])
    const b = await createHashedNgramEmbedder().embed(['Something else first.', 'The jury said the election was fair.'])
    expect(Array.from(a.subarray(0, 384))).toEqual(Array.from(b.subarray(384)))
    const other = await createHashedNgramEmbedder({ seed: 1 }).embed(['The jury said the election was fair.'])
    expect(Array.from(other)).not.toEqual(Array.from(a.subarray(0, 384)))
  })

  it('gives every text with a word the norm DISTANCE_SCALE, and an empty text the origin', async () => {
    const vectors = await createHashedNgramEmbedder().embed(['Hello world', '你好，世界', 'x', '', '  …  '])
    const norms = [0, 1, 2, 3, 4].map((n) => Math.hypot(...vectors.subarray(n * 384, (n + 1) * 384)))
    expect(norms[0]).toBeCloseTo(DISTANCE_SCALE, 5)
    expect(norms[1]).toBeCloseTo(DISTANCE_SCALE, 5)
    expect(norms[2]).toBeCloseTo(DISTANCE_SCALE, 5)
    expect(norms[3]).toBe(0)
    expect(norms[4]).toBe(0)
  })

  it('puts related wordings closer than unrelated ones (shared words and word pieces)', async () => {
    const v = await createHashedNgramEmbedder().embed([
      'The senate passed the budget bill on Tuesday.',
      'On Tuesday the senators passed a budget bill.',
      'She hummed softly while the kettle boiled.'
    ])
    expect(squaredDistance(v, 384, 0, 1)).toBeLessThan(0.6 * squaredDistance(v, 384, 0, 2))
  })

  it('is calibrated for γ = 0.1: paragraphs of different Brown genres are ≈ 10 apart in squared distance', async () => {
    const docs = await loadTextTableFile(brownSubset, { labelColumn: 'genre' })
    const v = await createHashedNgramEmbedder().embed(docs.texts)
    const between: number[] = []
    const within: number[] = []
    for (let i = 0; i < docs.texts.length; i += 3) {
      for (let j = i + 1; j < docs.texts.length; j += 7) (docs.labels![i] === docs.labels![j] ? within : between).push(squaredDistance(v, 384, i, j))
    }
    const typical = median(between)
    expect(typical).toBeGreaterThan(9)
    expect(typical).toBeLessThan(11)
    expect(median(within)).toBeLessThan(typical)
  })

  it('reports monotone progress ending at 1, and stops when cancelled', async () => {
    const texts = Array.from({ length: 700 }, (_, i) => `text number ${i}`)
    const events: ProgressEvent[] = []
    await createHashedNgramEmbedder().embed(texts, { onProgress: (e) => events.push(e) })
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(events.map((e) => e.status)).toEqual(['start', 'progress', 'progress', 'progress', 'done'])
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b))
    expect(fractions.at(-1)).toBe(1)
    const controller = new AbortController()
    controller.abort()
    await expect(createHashedNgramEmbedder().embed(texts, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('refuses nonsensical settings', () => {
    expect(() => createHashedNgramEmbedder({ dimension: 0 })).toThrow(/Invalid hashed n-gram embedder settings/)
    expect(() => createHashedNgramEmbedder({ charNgrams: [5, 3] })).toThrow(/Invalid/)
  })
})

describe('hashedNgramSettingsFromId', () => {
  it('reads back the settings an id names, so an export bundle rebuilds the same embedder; anything else is null', async () => {
    for (const options of [{}, { dimension: 64, maxWordNgram: 1 as const, charNgrams: [2, 4] as const, nonZerosPerFeature: 2, seed: 7 }]) {
      const embedder = createHashedNgramEmbedder(options)
      const settings = hashedNgramSettingsFromId(embedder.id)!
      const rebuilt = createHashedNgramEmbedder(settings)
      expect(rebuilt.id).toBe(embedder.id)
      expect(Array.from(await rebuilt.embed(['Mix the flour and the butter.']))).toEqual(Array.from(await embedder.embed(['Mix the flour and the butter.'])))
    }
    const id = createHashedNgramEmbedder().id
    expect(hashedNgramSettingsFromId(id.replace('-v1-', '-v2-'))).toBeNull()
    expect(hashedNgramSettingsFromId(id.replace(/scale=[\d.]+/, 'scale=3'))).toBeNull()
    expect(hashedNgramSettingsFromId('onnx-sha256:0123456789abcdef')).toBeNull()
  })
})
