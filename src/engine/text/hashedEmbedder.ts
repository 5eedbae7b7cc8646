/**
 * The built-in text embedder: deterministic, offline, no model file. Each text becomes a bag of hashed
 * features — words, word bigrams and character n-grams of each word (with boundary marks, fastText style,
 * so inflections and typos share features) — weighted by sublinear term frequency 1 + ln(tf). Each feature
 * is hashed and added as ±w to a few output dimensions derived from its hash (a seeded sparse random
 * projection: no matrix is stored). Word and character parts are L2-normalised separately and mixed, the
 * sum is L2-normalised and multiplied by `DISTANCE_SCALE`.
 *
 * Why that scale: the table RKME's kernel is exp(−γ‖a−b‖²) with Beimingwu's default γ = 0.1, an absolute
 * bandwidth. On the Brown corpus (paragraphs of different genres) the cosine similarity of two unrelated
 * paragraphs is ≈ 0.2 with these features, so at scale 2.5 their squared distance is 6.25·(2 − 2·0.2) ≈ 10
 * and k ≈ e⁻¹: neither saturated at 0 nor flat at 1, so MMD² discriminates. Measured by
 * test/engine/text/hashedEmbedder.test.ts.
 *
 * The id names every parameter; changing any of them (or this code's behaviour) needs a new version.
 *
 * Example:
 *   const embedder = createHashedNgramEmbedder()          // id 'learnware-dock/hashed-ngram-v1-384?…'
 *   const vectors = await embedder.embed(texts)            // Float32Array texts.length × 384
 */

import { LearnwareError } from '../errors'
import { EMBED_TASK, throwIfEmbedCancelled, yieldToEventLoop, type EmbedOptions, type TextEmbedder } from './embedder'

export interface HashedNgramOptions {
  /** Output width (default 384, the width of Beimingwu's MiniLM). */
  dimension?: number
  /** Word n-grams up to this n: 1 = words, 2 = words and bigrams (default 2). */
  maxWordNgram?: 1 | 2
  /** Character n-gram lengths inside each word, boundary marks included (default [3, 5]). */
  charNgrams?: readonly [number, number]
  /** Output dimensions each feature adds to (default 4). */
  nonZerosPerFeature?: number
  /** Seed of the projection (default 0). */
  seed?: number
}

export const HASHED_NGRAM_VERSION = 'v1'
/** See the module comment: unrelated texts end up ≈ 10 apart in squared distance. */
export const DISTANCE_SCALE = 2.5
/** Share of the word part and the character part in the final vector (before normalisation). */
const WORD_PART_WEIGHT = 1
const CHAR_PART_WEIGHT = 1
/** Texts per batch between yields to the event loop (progress, cancellation). */
const TEXTS_PER_BATCH = 256

const WORD_SEED = 0x2f6b_1e01
const BIGRAM_SEED = 0x6c8e_9cf5
const CHAR_SEED = 0x7a3d_55c3

/**
 * Words: runs of letters, marks and digits; every Han, Hiragana or Katakana character is a word of its own,
 * since those scripts do not separate words with spaces (BERT's tokenizer does the same).
 */
const TOKEN_PATTERN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{M}\p{N}])+/gu

export function createHashedNgramEmbedder(options: HashedNgramOptions = {}): TextEmbedder {
  const settings = resolveSettings(options)
  const featurizer = new HashedNgramFeaturizer(settings)
  return {
    id: hashedNgramEmbedderId(settings),
    dimension: settings.dimension,
    async embed(texts: readonly string[], embedOptions: EmbedOptions = {}): Promise<Float32Array> {
      const { onProgress, signal } = embedOptions
      onProgress?.({ status: 'start', task: EMBED_TASK })
      const out = new Float32Array(texts.length * settings.dimension)
      for (let start = 0; start < texts.length; start += TEXTS_PER_BATCH) {
        throwIfEmbedCancelled(signal)
        const end = Math.min(texts.length, start + TEXTS_PER_BATCH)
        for (let n = start; n < end; n++) featurizer.embedInto(texts[n], out, n * settings.dimension)
        onProgress?.({ status: 'progress', task: EMBED_TASK, fraction: end / texts.length, detail: `${end} of ${texts.length} texts` })
        if (end < texts.length) await yieldToEventLoop()
      }
      if (texts.length === 0) onProgress?.({ status: 'progress', task: EMBED_TASK, fraction: 1 })
      onProgress?.({ status: 'done', task: EMBED_TASK })
      return out
    }
  }
}

export type HashedNgramSettings = Required<HashedNgramOptions>

function resolveSettings(options: HashedNgramOptions): HashedNgramSettings {
  const settings: HashedNgramSettings = {
    dimension: options.dimension ?? 384,
    maxWordNgram: options.maxWordNgram ?? 2,
    charNgrams: options.charNgrams ?? [3, 5],
    nonZerosPerFeature: options.nonZerosPerFeature ?? 4,
    seed: options.seed ?? 0
  }
  const [minN, maxN] = settings.charNgrams
  const valid = Number.isInteger(settings.dimension) && settings.dimension >= 2 &&
    Number.isInteger(minN) && Number.isInteger(maxN) && minN >= 1 && maxN >= minN && maxN <= 16 &&
    Number.isInteger(settings.nonZerosPerFeature) && settings.nonZerosPerFeature >= 1 &&
    Number.isInteger(settings.seed) && settings.seed >= 0
  if (!valid) throw new LearnwareError('USAGE', `Invalid hashed n-gram embedder settings: ${JSON.stringify(settings)}`)
  return settings
}

export function hashedNgramEmbedderId(settings: HashedNgramSettings): string {
  const [minN, maxN] = settings.charNgrams
  return `learnware-dock/hashed-ngram-${HASHED_NGRAM_VERSION}-${settings.dimension}` +
    `?words=1-${settings.maxWordNgram}&chars=${minN}-${maxN}&nnz=${settings.nonZerosPerFeature}` +
    `&seed=${settings.seed}&scale=${DISTANCE_SCALE}`
}

/**
 * The settings an id of this embedder names, or null when `id` is not one (or names a scale or version this
 * code does not make). An export bundle records them so its prepare.mjs builds the very same embedder.
 */
export function hashedNgramSettingsFromId(id: string): HashedNgramSettings | null {
  const match = /^learnware-dock\/hashed-ngram-(v\d+)-(\d+)\?words=1-(\d+)&chars=(\d+)-(\d+)&nnz=(\d+)&seed=(\d+)&scale=([\d.]+)$/.exec(id)
  if (!match || match[1] !== HASHED_NGRAM_VERSION) return null
  const maxWordNgram = Number(match[3])
  if (maxWordNgram !== 1 && maxWordNgram !== 2) return null
  try {
    const settings = resolveSettings({
      dimension: Number(match[2]), maxWordNgram, charNgrams: [Number(match[4]), Number(match[5])], nonZerosPerFeature: Number(match[6]), seed: Number(match[7])
    })
    return hashedNgramEmbedderId(settings) === id ? settings : null
  } catch {
    return null
  }
}

/** Reusable buffers: one featurizer embeds texts one after another without allocating per text. */
class HashedNgramFeaturizer {
  private readonly wordCounts = new Map<number, number>()
  private readonly charCounts = new Map<number, number>()
  private readonly wordPart: Float64Array
  private readonly charPart: Float64Array
  private readonly mixed: Float64Array
  private readonly projectionSeeds: Uint32Array
  private readonly weightPerDim: number

  constructor(private readonly settings: HashedNgramSettings) {
    this.wordPart = new Float64Array(settings.dimension)
    this.charPart = new Float64Array(settings.dimension)
    this.mixed = new Float64Array(settings.dimension)
    this.projectionSeeds = Uint32Array.from({ length: settings.nonZerosPerFeature }, (_, r) =>
      fmix32(Math.imul(settings.seed + 1, 0x9e37_79b9) ^ Math.imul(r + 1, 0x85eb_ca6b)))
    this.weightPerDim = 1 / Math.sqrt(settings.nonZerosPerFeature)
  }

  embedInto(text: string, out: Float32Array, offset: number): void {
    this.countFeatures(text)
    this.project(this.wordCounts, this.wordPart)
    this.project(this.charCounts, this.charPart)
    const wordNorm = norm(this.wordPart)
    const charNorm = norm(this.charPart)
    const d = this.settings.dimension
    const mixed = this.mixed
    for (let f = 0; f < d; f++) {
      mixed[f] = (wordNorm > 0 ? (WORD_PART_WEIGHT * this.wordPart[f]) / wordNorm : 0) +
        (charNorm > 0 ? (CHAR_PART_WEIGHT * this.charPart[f]) / charNorm : 0)
    }
    const total = norm(mixed)
    // A text without a single word (empty, punctuation only) embeds as the origin.
    const factor = total > 0 ? DISTANCE_SCALE / total : 0
    for (let f = 0; f < d; f++) out[offset + f] = mixed[f] * factor
  }

  private countFeatures(text: string): void {
    this.wordCounts.clear()
    this.charCounts.clear()
    const [minN, maxN] = this.settings.charNgrams
    let previousWord = 0
    let wordIndex = 0
    for (const match of text.normalize('NFKC').toLowerCase().matchAll(TOKEN_PATTERN)) {
      const word = match[0]
      const wordHash = hashString(word, WORD_SEED)
      increment(this.wordCounts, wordHash)
      if (this.settings.maxWordNgram >= 2 && wordIndex > 0) increment(this.wordCounts, fmix32(Math.imul(previousWord, 0x01000193) ^ wordHash ^ BIGRAM_SEED))
      previousWord = wordHash
      wordIndex++
      // Character n-grams of "\u0002word\u0003": the marks make prefixes and suffixes features of their own.
      const length = word.length + 2
      for (let start = 0; start + minN <= length; start++) {
        let hash = CHAR_SEED
        for (let end = start; end < Math.min(length, start + maxN); end++) {
          const code = end === 0 ? 2 : end === length - 1 ? 3 : word.charCodeAt(end - 1)
          hash = Math.imul(hash ^ code, 0x01000193)
          if (end - start + 1 >= minN) increment(this.charCounts, fmix32(hash ^ (end - start + 1)))
        }
      }
    }
  }

  /** Sparse random projection of a bag of hashed features with sublinear term frequencies. */
  private project(counts: Map<number, number>, into: Float64Array): void {
    into.fill(0)
    const d = this.settings.dimension
    for (const [feature, count] of counts) {
      const weight = (1 + Math.log(count)) * this.weightPerDim
      for (let r = 0; r < this.projectionSeeds.length; r++) {
        const mixedHash = fmix32(feature ^ this.projectionSeeds[r])
        const dim = (mixedHash & 0x7fff_ffff) % d
        into[dim] += mixedHash & 0x8000_0000 ? -weight : weight
      }
    }
  }
}

function increment(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1)
}

function norm(values: Float64Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i]
  return Math.sqrt(sum)
}

/** FNV-1a over UTF-16 code units, from a seed. */
function hashString(text: string, seed: number): number {
  let hash = seed
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return fmix32(hash)
}

/** MurmurHash3's finaliser: spreads every input bit over the whole word. */
function fmix32(value: number): number {
  let h = value >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85eb_ca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2_ae35)
  h ^= h >>> 16
  return h >>> 0
}
