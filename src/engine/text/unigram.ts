/**
 * SentencePiece's Unigram model (XLM-R, the tokenizer of paraphrase-multilingual-MiniLM-L12-v2): every piece
 * has a log-probability, and a word is split into the sequence of pieces with the highest total (Viterbi).
 * A character no piece starts with becomes the unknown piece, scored `lowest score − 10` as in the
 * `tokenizers` library; neighbouring unknowns are fused into one.
 *
 * Example:
 *   const model = new UnigramModel([['<unk>', 0], ['▁hel', -2], ['lo', -2], ['▁hello', -3]], { unkId: 0 })
 *   model.tokenizeWord('▁hello')   // [3] — one piece (−3) beats two (−4)
 */

import { LearnwareError } from '../errors'

export interface UnigramOptions {
  unkId?: number
  source?: string
}

/** Penalty of an unknown character below the lowest piece score (`K_UNK_PENALTY` in `tokenizers`). */
const UNKNOWN_PENALTY = 10

export class UnigramModel {
  readonly unkId: number
  private readonly ids = new Map<string, number>()
  private readonly scores: Float64Array
  private readonly maxPieceChars: number
  private readonly unknownScore: number

  constructor(pieces: readonly (readonly [string, number])[], options: UnigramOptions = {}) {
    const source = options.source ?? 'tokenizer.json'
    if (pieces.length === 0) throw invalid(source, 'the Unigram vocabulary is empty')
    this.scores = new Float64Array(pieces.length)
    let maxChars = 1
    let minScore = Infinity
    pieces.forEach(([piece, score], id) => {
      if (typeof piece !== 'string' || typeof score !== 'number' || !Number.isFinite(score)) {
        throw invalid(source, `Unigram vocabulary entry ${id} is not a [piece, score] pair`)
      }
      if (!this.ids.has(piece)) this.ids.set(piece, id)
      this.scores[id] = score
      minScore = Math.min(minScore, score)
      maxChars = Math.max(maxChars, Array.from(piece).length)
    })
    const unkId = options.unkId ?? 0
    if (!Number.isInteger(unkId) || unkId < 0 || unkId >= pieces.length) throw invalid(source, `unk_id ${unkId} is outside the vocabulary`)
    this.unkId = unkId
    this.maxPieceChars = maxChars
    this.unknownScore = minScore - UNKNOWN_PENALTY
  }

  tokenizeWord(word: string): number[] {
    const chars = Array.from(word)
    const n = chars.length
    const best = new Float64Array(n + 1).fill(-Infinity)
    const fromPosition = new Int32Array(n + 1).fill(-1)
    const pieceId = new Int32Array(n + 1).fill(-1)
    best[0] = 0
    for (let start = 0; start < n; start++) {
      if (best[start] === -Infinity) continue
      let piece = ''
      let singleCharFound = false
      for (let length = 1; length <= this.maxPieceChars && start + length <= n; length++) {
        piece += chars[start + length - 1]
        const id = this.ids.get(piece)
        if (id === undefined) continue
        if (length === 1) singleCharFound = true
        const score = best[start] + this.scores[id]
        if (score > best[start + length]) {
          best[start + length] = score
          fromPosition[start + length] = start
          pieceId[start + length] = id
        }
      }
      if (!singleCharFound) {
        const score = best[start] + this.unknownScore
        if (score > best[start + 1]) {
          best[start + 1] = score
          fromPosition[start + 1] = start
          pieceId[start + 1] = this.unkId
        }
      }
    }
    const reversed: number[] = []
    for (let end = n; end > 0; end = fromPosition[end]) reversed.push(pieceId[end])
    const ids: number[] = []
    for (let i = reversed.length - 1; i >= 0; i--) {
      if (reversed[i] === this.unkId && ids[ids.length - 1] === this.unkId) continue
      ids.push(reversed[i])
    }
    return ids
  }
}

function invalid(source: string, problem: string): LearnwareError {
  return new LearnwareError('TEXT_TOKENIZER_INVALID', `${source}: ${problem}`, { hint: 'Use the tokenizer.json that came with the model.' })
}
