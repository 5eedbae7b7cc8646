import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLearnwareError } from '../../../src/engine/errors'
import { createBertTokenizer, parseTokenizerJson } from '../../../src/engine/text'
import { bertNormalize, bertPreTokenize, metaspacePreTokenize } from '../../../src/engine/text/tokenizerSteps'

/** A tiny BERT vocabulary: the specials first, as in bert-base-uncased. */
const BERT_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'un', '##aff', '##able', 'hello', 'world', ',', '!', '.',
  '中', '文', 'cafe', 'the', 'dog', '##s', 'run', '##ning', 'a', 'is', 'good']

function bertTokenizerJson(vocab: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((content) => ({ id: vocab.indexOf(content), content, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [vocab.indexOf('[CLS]')], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [vocab.indexOf('[SEP]')], tokens: ['[SEP]'] } }
    },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
    ...extra
  }
}

/** An XLM-R-shaped Unigram tokenizer.json with a handful of scored pieces. */
function unigramTokenizerJson(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    truncation: null,
    padding: { pad_id: 1, pad_token: '<pad>' },
    added_tokens: [{ id: 0, content: '<s>', special: true }, { id: 1, content: '<pad>', special: true }, { id: 2, content: '</s>', special: true }, { id: 3, content: '<unk>', special: true }],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Precompiled', precompiled_charsmap: '(a compiled character map; approximated by NFKC)' }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] },
    pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }] },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } }
    },
    model: {
      type: 'Unigram',
      unk_id: 3,
      vocab: [['<s>', 0], ['<pad>', 0], ['</s>', 0], ['<unk>', 0], ['▁', -2], ['▁hello', -3], ['▁hel', -2], ['lo', -2], ['▁world', -3],
        ['▁wor', -4], ['ld', -4], ['h', -5], ['e', -5], ['l', -5], ['o', -5], ['w', -5], ['r', -5], ['d', -5], ['▁你好', -4], ['▁你', -3], ['好', -3]],
      byte_fallback: false
    },
    ...extra
  }
}

function expectTokenizerError(run: () => unknown, message: RegExp): void {
  try {
    run()
  } catch (error) {
    expect(isLearnwareError(error) && error.code).toBe('TEXT_TOKENIZER_INVALID')
    expect((error as Error).message).toMatch(message)
    return
  }
  throw new Error('expected TEXT_TOKENIZER_INVALID')
}

describe('BERT basic tokenization', () => {
  it('cleans control characters, spaces out CJK ideographs, strips accents and lower-cases', () => {
    expect(bertNormalize('Héllo,\tWORLD\u0000 中文', { lowercase: true })).toBe('hello, world  中  文 ')
    expect(bertNormalize('Héllo', { lowercase: false })).toBe('Héllo')
    expect(bertNormalize('Héllo', { lowercase: true, stripAccents: false })).toBe('héllo')
  })

  it('splits on whitespace and isolates every punctuation character (ASCII symbols included)', () => {
    expect(bertPreTokenize("don't stop-now $5 «ok»")).toEqual(['don', "'", 't', 'stop', '-', 'now', '$', '5', '«', 'ok', '»'])
  })

  it('puts the SentencePiece space marker before every word', () => {
    expect(metaspacePreTokenize('Hello big world')).toEqual(['▁Hello', '▁big', '▁world'])
  })
})

describe('WordPiece from vocab.txt', () => {
  const tokenizer = createBertTokenizer(`${BERT_VOCAB.join('\n')}\n`)

  it('splits words greedily, longest piece first, with ## continuations', () => {
    expect(tokenizer.tokens('unaffable')).toEqual(['[CLS]', 'un', '##aff', '##able', '[SEP]'])
    expect(tokenizer.tokens('Dogs running!')).toEqual(['[CLS]', 'dog', '##s', 'run', '##ning', '!', '[SEP]'])
    expect(tokenizer.encode('Hello, world.')).toEqual([2, 8, 10, 9, 12, 3])
  })

  it('lower-cases and strips accents by default, and can be told not to', () => {
    expect(tokenizer.tokens('CAFÉ')).toEqual(['[CLS]', 'cafe', '[SEP]'])
    const cased = createBertTokenizer(BERT_VOCAB.join('\n'), { lowercase: false })
    expect(cased.tokens('Hello hello')).toEqual(['[CLS]', '[UNK]', 'hello', '[SEP]'])
  })

  it('gives one [UNK] for a word it cannot cover completely, and treats CJK characters as words', () => {
    expect(tokenizer.tokens('unxable 中文')).toEqual(['[CLS]', '[UNK]', '中', '文', '[SEP]'])
  })

  it('keeps special tokens written in the text whole', () => {
    expect(tokenizer.tokens('hello [MASK] world')).toEqual(['[CLS]', 'hello', '[MASK]', 'world', '[SEP]'])
  })

  it('truncates to maxLength ids including [CLS] and [SEP]', () => {
    const short = createBertTokenizer(BERT_VOCAB.join('\n'), { maxLength: 5 })
    expect(short.tokens('the dog is a good dog')).toEqual(['[CLS]', 'the', 'dog', 'is', '[SEP]'])
    expect(short.padId).toBe(0)
  })

  it('refuses a vocabulary without the tokens BERT needs', () => {
    expectTokenizerError(() => createBertTokenizer('hello\nworld\n'), /unknown token \[UNK\]|no \[CLS\]/)
    expectTokenizerError(() => createBertTokenizer(''), /empty/)
  })
})

describe('tokenizer.json', () => {
  it('a WordPiece tokenizer.json tokenizes exactly like the same vocab.txt (property)', () => {
    const fromJson = parseTokenizerJson(bertTokenizerJson(BERT_VOCAB))
    const fromVocab = createBertTokenizer(BERT_VOCAB.join('\n'))
    const pieces = fc.constantFrom('un', 'aff', 'able', 'Hello', 'WORLD', ',', '!', '.', '中', '文', 'Café', 'dogs', ' ', '  ', '\t', '[MASK]', 'x', 'é', '\u0301', '😀')
    fc.assert(fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
      const text = parts.join('')
      const ids = fromJson.encode(text)
      expect(ids).toEqual(fromVocab.encode(text))
      expect(ids.length).toBeLessThanOrEqual(fromJson.maxLength)
      expect(ids[0]).toBe(2)
      expect(ids[ids.length - 1]).toBe(3)
    }), { seed: 7, numRuns: 300 })
  })

  it('takes maxLength from the truncation section and pad id from the padding section', () => {
    const tokenizer = parseTokenizerJson(bertTokenizerJson(BERT_VOCAB, { truncation: { max_length: 4 }, padding: { pad_id: 0 } }))
    expect(tokenizer.maxLength).toBe(4)
    expect(tokenizer.tokens('the dog is good')).toEqual(['[CLS]', 'the', 'dog', '[SEP]'])
    expect(parseTokenizerJson(bertTokenizerJson(BERT_VOCAB), { maxLength: 6 }).maxLength).toBe(6)
  })

  it('a Unigram (SentencePiece) model picks the best-scoring split with Viterbi', () => {
    const tokenizer = parseTokenizerJson(unigramTokenizerJson())
    expect(tokenizer.modelType).toBe('Unigram')
    // ▁hello (−3) beats ▁hel + lo (−4); ▁world (−3) beats ▁wor + ld (−8).
    expect(tokenizer.tokens('hello world')).toEqual(['<s>', '▁hello', '▁world', '</s>'])
    expect(tokenizer.encode('hello world')).toEqual([0, 5, 8, 2])
    // ▁你好 (−4) beats ▁你 + 好 (−6).
    expect(tokenizer.tokens('你好')).toEqual(['<s>', '▁你好', '</s>'])
    expect(tokenizer.padId).toBe(1)
  })

  it('scores an uncovered character as unknown and fuses neighbouring unknowns', () => {
    const tokenizer = parseTokenizerJson(unigramTokenizerJson())
    expect(tokenizer.tokens('hellx')).toEqual(['<s>', '▁hel', 'l', '<unk>', '</s>'])
    expect(tokenizer.tokens('xyz hello')).toEqual(['<s>', '▁', '<unk>', '▁hello', '</s>'])
  })

  it('normalizes compatibility characters (NFKC) and repeated spaces before splitting', () => {
    const tokenizer = parseTokenizerJson(unigramTokenizerJson())
    expect(tokenizer.tokens('ｈｅｌｌｏ   world')).toEqual(['<s>', '▁hello', '▁world', '</s>'])
  })

  it('refuses models and steps it does not implement, naming them', () => {
    expectTokenizerError(() => parseTokenizerJson({ model: { type: 'BPE', vocab: {}, merges: [] } }), /"BPE" is not supported/)
    expectTokenizerError(() => parseTokenizerJson({ ...bertTokenizerJson(BERT_VOCAB), normalizer: { type: 'Fancy' } }), /normalizer type "Fancy"/)
    expectTokenizerError(() => parseTokenizerJson({ ...unigramTokenizerJson(), model: { type: 'Unigram', unk_id: 99, vocab: [['a', -1]] } }), /unk_id 99/)
    expectTokenizerError(() => parseTokenizerJson('not an object'), /must be a JSON object/)
  })
})
