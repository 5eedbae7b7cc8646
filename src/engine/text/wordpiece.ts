/**
 * WordPiece, BERT's word-to-pieces model: greedy longest-match-first over the vocabulary, pieces after the
 * first carry the `##` prefix, and a word that cannot be covered completely (or is longer than
 * `maxInputCharsPerWord` characters) becomes the single unknown token — exactly as BERT's
 * `WordpieceTokenizer` and the `tokenizers` library do.
 *
 * Example:
 *   const model = new WordPieceModel(parseVocabTxt('[UNK]\nun\n##aff\n##able\n'), { unkToken: '[UNK]' })
 *   model.tokenizeWord('unaffable')   // ids of ['un', '##aff', '##able']
 *   model.tokenizeWord('xyz')         // [id of '[UNK]']
 */

import { LearnwareError } from '../errors'

export interface WordPieceOptions {
  unkToken?: string
  continuingSubwordPrefix?: string
  maxInputCharsPerWord?: number
  /** Names the vocabulary in messages. */
  source?: string
}

export class WordPieceModel {
  readonly unkId: number
  private readonly prefix: string
  private readonly maxChars: number

  constructor(readonly vocab: ReadonlyMap<string, number>, options: WordPieceOptions = {}) {
    const unkToken = options.unkToken ?? '[UNK]'
    const unkId = vocab.get(unkToken)
    if (unkId === undefined) {
      throw new LearnwareError('TEXT_TOKENIZER_INVALID', `${options.source ?? 'vocabulary'}: the unknown token ${unkToken} is not in the vocabulary`, {
        hint: 'Use the vocab.txt or tokenizer.json that came with the model.'
      })
    }
    this.unkId = unkId
    this.prefix = options.continuingSubwordPrefix ?? '##'
    this.maxChars = options.maxInputCharsPerWord ?? 100
  }

  tokenizeWord(word: string): number[] {
    const chars = Array.from(word)
    if (chars.length > this.maxChars) return [this.unkId]
    const ids: number[] = []
    let start = 0
    while (start < chars.length) {
      let end = chars.length
      let found: number | undefined
      while (start < end) {
        const piece = (start > 0 ? this.prefix : '') + chars.slice(start, end).join('')
        found = this.vocab.get(piece)
        if (found !== undefined) break
        end--
      }
      if (found === undefined) return [this.unkId]
      ids.push(found)
      start = end
    }
    return ids
  }
}

/** BERT's vocab.txt: one token per line, the id is the line number (0-based). */
export function parseVocabTxt(text: string, source = 'vocab.txt'): Map<string, number> {
  const vocab = new Map<string, number>()
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  // A repeated token keeps its last line, as BERT's load_vocab (a dict filled line by line) does.
  lines.forEach((token, id) => vocab.set(token, id))
  if (vocab.size === 0) {
    throw new LearnwareError('TEXT_TOKENIZER_INVALID', `${source} is empty`, { hint: 'Use the vocab.txt that came with the model.' })
  }
  return vocab
}
