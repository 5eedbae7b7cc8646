/**
 * Tokenizers for user-supplied sentence-embedding models, read from the files that come with them: a BERT
 * `vocab.txt` (WordPiece, lower-casing as configured) or a Hugging Face `tokenizer.json` whose model is
 * WordPiece or Unigram (SentencePiece, e.g. XLM-R). The pipeline is the library's: added/special tokens are
 * cut out first, then normalizer → pre-tokenizer → model per word → special tokens from the post-processor
 * (`[CLS] … [SEP]`, `<s> … </s>`), truncated to `maxLength` ids including them.
 *
 * Not supported (TEXT_TOKENIZER_INVALID): BPE and WordLevel models, byte fallback. SentencePiece's
 * `Precompiled` normalizer (a compiled character map) is approximated by NFKC plus whitespace clean-up,
 * which it mostly is; rare characters may be tokenized differently from Python.
 *
 * Example:
 *   const tokenizer = createBertTokenizer(readFileSync('vocab.txt', 'utf8'), { lowercase: true, maxLength: 128 })
 *   tokenizer.encode('Hello, world!')      // [101, 7592, 1010, 2088, 999, 102]
 *   const xlmr = parseTokenizerJson(JSON.parse(readFileSync('tokenizer.json', 'utf8')))
 *   xlmr.tokens('Hello world')             // ['<s>', '▁Hello', '▁world', '</s>']
 */

import { LearnwareError } from '../errors'
import { buildNormalizer, buildPreTokenizer, invalid } from './tokenizerJsonSteps'
import { bertNormalize, bertPreTokenize, type Normalizer, type PreTokenizer } from './tokenizerSteps'
import { UnigramModel } from './unigram'
import { parseVocabTxt, WordPieceModel } from './wordpiece'

export interface TextTokenizer {
  readonly modelType: 'WordPiece' | 'Unigram'
  /** Most ids per text, special tokens included. */
  readonly maxLength: number
  readonly padId: number
  /** Token ids with the special tokens, truncated to `maxLength`. */
  encode(text: string): number[]
  /** The tokens of `encode(text)` as strings (for inspection and tests). */
  tokens(text: string): string[]
}

export interface TokenizerOptions {
  /** Overrides the length stored with the tokenizer (default: its truncation setting, else 128). */
  maxLength?: number
  /** Names the tokenizer files in messages. */
  source?: string
}

export interface BertVocabOptions extends TokenizerOptions {
  /** Lower-case the text (default true, as bert-base-uncased and MiniLM-L6/L12 English models). */
  lowercase?: boolean
  /** Strip accents (default: same as `lowercase`). */
  stripAccents?: boolean
}

/** sentence-transformers' usual `max_seq_length`. */
export const DEFAULT_MAX_TOKENS = 128
const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']

interface WordModel {
  tokenizeWord(word: string): number[]
}

interface PipelineParts {
  modelType: TextTokenizer['modelType']
  model: WordModel
  normalize: Normalizer
  preTokenize: PreTokenizer
  prefixIds: number[]
  suffixIds: number[]
  addedTokens: ReadonlyMap<string, number>
  maxLength: number
  padId: number
  idToToken: readonly string[]
  source: string
}

class TokenizerPipeline implements TextTokenizer {
  readonly modelType: TextTokenizer['modelType']
  readonly maxLength: number
  readonly padId: number
  private readonly addedPattern: RegExp | null

  constructor(private readonly parts: PipelineParts) {
    this.modelType = parts.modelType
    this.maxLength = parts.maxLength
    this.padId = parts.padId
    const specials = parts.prefixIds.length + parts.suffixIds.length
    if (!Number.isInteger(parts.maxLength) || parts.maxLength <= specials) {
      throw new LearnwareError('USAGE', `${parts.source}: maxLength ${parts.maxLength} leaves no room for text (${specials} special tokens)`)
    }
    const added = [...parts.addedTokens.keys()].filter((t) => t !== '').sort((a, b) => b.length - a.length)
    this.addedPattern = added.length === 0 ? null : new RegExp(`(${added.map(escapeRegExp).join('|')})`, 'u')
  }

  encode(text: string): number[] {
    const budget = this.maxLength - this.parts.prefixIds.length - this.parts.suffixIds.length
    const content: number[] = []
    const segments = this.addedPattern ? text.split(this.addedPattern) : [text]
    for (let s = 0; s < segments.length && content.length < budget; s++) {
      const addedId = s % 2 === 1 ? this.parts.addedTokens.get(segments[s]) : undefined
      if (addedId !== undefined) { content.push(addedId); continue }
      const words = this.parts.preTokenize(this.parts.normalize(segments[s]))
      for (let w = 0; w < words.length && content.length < budget; w++) content.push(...this.parts.model.tokenizeWord(words[w]))
    }
    if (content.length > budget) content.length = budget
    return [...this.parts.prefixIds, ...content, ...this.parts.suffixIds]
  }

  tokens(text: string): string[] {
    return this.encode(text).map((id) => this.parts.idToToken[id] ?? `<${id}>`)
  }
}

/** A BERT WordPiece tokenizer from `vocab.txt`, configured like `BertTokenizer(do_lower_case=…)`. */
export function createBertTokenizer(vocabTxt: string, options: BertVocabOptions = {}): TextTokenizer {
  const source = options.source ?? 'vocab.txt'
  const vocab = parseVocabTxt(vocabTxt, source)
  const need = (token: string): number => {
    const id = vocab.get(token)
    if (id === undefined) throw invalid(source, `the vocabulary has no ${token} token`)
    return id
  }
  const lowercase = options.lowercase ?? true
  return new TokenizerPipeline({
    modelType: 'WordPiece',
    model: new WordPieceModel(vocab, { source }),
    normalize: (text) => bertNormalize(text, { lowercase, stripAccents: options.stripAccents }),
    preTokenize: bertPreTokenize,
    prefixIds: [need('[CLS]')],
    suffixIds: [need('[SEP]')],
    addedTokens: new Map(BERT_SPECIALS.filter((t) => vocab.has(t)).map((t) => [t, vocab.get(t)!])),
    maxLength: options.maxLength ?? DEFAULT_MAX_TOKENS,
    padId: vocab.get('[PAD]') ?? 0,
    idToToken: invert(vocab),
    source
  })
}

/** A tokenizer from the parsed JSON of a Hugging Face `tokenizer.json`. */
export function parseTokenizerJson(raw: unknown, options: TokenizerOptions = {}): TextTokenizer {
  const source = options.source ?? 'tokenizer.json'
  const json = asRecord(raw, source, '(root)')
  const model = asRecord(json.model, source, 'model')
  const added = Array.isArray(json.added_tokens) ? (json.added_tokens as unknown[]) : []
  const addedTokens = new Map<string, number>()
  for (const token of added) {
    const entry = token as { id?: unknown; content?: unknown }
    if (typeof entry?.content === 'string' && typeof entry.id === 'number') addedTokens.set(entry.content, entry.id)
  }
  const built = buildModel(model, source)
  const tokenId = (token: string): number | undefined => built.vocab.get(token) ?? addedTokens.get(token)
  const { prefixIds, suffixIds } = specialTokens(json.post_processor, tokenId, source)
  const truncation = json.truncation as { max_length?: unknown } | null | undefined
  const padding = json.padding as { pad_id?: unknown } | null | undefined
  return new TokenizerPipeline({
    modelType: built.type,
    model: built.model,
    normalize: buildNormalizer(json.normalizer, source),
    preTokenize: buildPreTokenizer(json.pre_tokenizer, source),
    prefixIds,
    suffixIds,
    addedTokens,
    maxLength: options.maxLength ?? (typeof truncation?.max_length === 'number' ? truncation.max_length : DEFAULT_MAX_TOKENS),
    padId: typeof padding?.pad_id === 'number' ? padding.pad_id : (tokenId('[PAD]') ?? tokenId('<pad>') ?? 0),
    idToToken: invert(new Map([...built.vocab, ...addedTokens])),
    source
  })
}

function buildModel(model: Record<string, unknown>, source: string): { type: TextTokenizer['modelType']; model: WordModel; vocab: Map<string, number> } {
  if (model.type === 'WordPiece' || (model.type === undefined && isPlainObject(model.vocab) && 'continuing_subword_prefix' in model)) {
    if (!isPlainObject(model.vocab)) throw invalid(source, 'model.vocab must map tokens to ids')
    const vocab = new Map(Object.entries(model.vocab as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'))
    const wordPiece = new WordPieceModel(vocab, {
      source,
      unkToken: typeof model.unk_token === 'string' ? model.unk_token : undefined,
      continuingSubwordPrefix: typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : undefined,
      maxInputCharsPerWord: typeof model.max_input_chars_per_word === 'number' ? model.max_input_chars_per_word : undefined
    })
    return { type: 'WordPiece', model: wordPiece, vocab }
  }
  if (model.type === 'Unigram' || (model.type === undefined && Array.isArray(model.vocab) && 'unk_id' in model)) {
    if (!Array.isArray(model.vocab)) throw invalid(source, 'model.vocab must be a list of [piece, score] pairs')
    if (model.byte_fallback === true) throw invalid(source, 'Unigram models with byte fallback are not supported')
    const pieces = model.vocab as [string, number][]
    const unigram = new UnigramModel(pieces, { source, unkId: typeof model.unk_id === 'number' ? model.unk_id : undefined })
    const vocab = new Map<string, number>()
    pieces.forEach(([piece], id) => { if (!vocab.has(piece)) vocab.set(piece, id) })
    return { type: 'Unigram', model: unigram, vocab }
  }
  throw invalid(source, `model type ${JSON.stringify(model.type)} is not supported (WordPiece and Unigram are)`)
}

/** Special tokens around one sequence, from TemplateProcessing, BertProcessing or RobertaProcessing. */
function specialTokens(processor: unknown, tokenId: (token: string) => number | undefined, source: string): { prefixIds: number[]; suffixIds: number[] } {
  if (processor === null || processor === undefined) return { prefixIds: [], suffixIds: [] }
  const post = asRecord(processor, source, 'post_processor')
  if (post.type === 'BertProcessing' || post.type === 'RobertaProcessing') {
    const pair = (value: unknown, field: string): number => {
      if (Array.isArray(value) && typeof value[1] === 'number') return value[1]
      throw invalid(source, `post_processor.${field} must be [token, id]`)
    }
    return { prefixIds: [pair(post.cls, 'cls')], suffixIds: [pair(post.sep, 'sep')] }
  }
  if (post.type === 'TemplateProcessing') {
    const single = Array.isArray(post.single) ? (post.single as Record<string, { id?: string }>[]) : []
    const specials = (post.special_tokens ?? {}) as Record<string, { ids?: number[] }>
    const prefixIds: number[] = []
    const suffixIds: number[] = []
    let seenSequence = false
    for (const piece of single) {
      if (piece.Sequence) { seenSequence = true; continue }
      const name = piece.SpecialToken?.id
      const ids = name === undefined ? undefined : (specials[name]?.ids ?? (tokenId(name) === undefined ? undefined : [tokenId(name)!]))
      if (!ids) throw invalid(source, `post_processor names an unknown special token ${JSON.stringify(name)}`)
      ;(seenSequence ? suffixIds : prefixIds).push(...ids)
    }
    return { prefixIds, suffixIds }
  }
  if (post.type === 'ByteLevel') return { prefixIds: [], suffixIds: [] }
  throw invalid(source, `post_processor type ${JSON.stringify(post.type)} is not supported`)
}

function invert(vocab: ReadonlyMap<string, number>): string[] {
  const tokens: string[] = []
  for (const [token, id] of vocab) if (tokens[id] === undefined) tokens[id] = token
  return tokens
}

function asRecord(value: unknown, source: string, field: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalid(source, `${field} must be a JSON object`)
  return value as Record<string, unknown>
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
