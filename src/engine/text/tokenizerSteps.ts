/**
 * The text-to-words steps of Hugging Face tokenizers, as small pure functions: normalizers (BERT's clean-up,
 * lower-casing, accent stripping, Unicode forms, replacements) and pre-tokenizers (BERT's whitespace and
 * punctuation split, Metaspace for SentencePiece models). `tokenizer.ts` builds a pipeline from a
 * `tokenizer.json` (or a BERT `vocab.txt`) with these; the word-to-pieces models are in wordpiece.ts and
 * unigram.ts. Behaviour follows the `tokenizers` library (Rust) and BERT's `BasicTokenizer`.
 *
 * Example:
 *   bertNormalize('Héllo,  WORLD 中文', { lowercase: true, stripAccents: true })   // 'hello,  world  中  文 '
 *   bertPreTokenize('hello, world')                                               // ['hello', ',', 'world']
 *   metaspacePreTokenize('Hello world')                                           // ['▁Hello', '▁world']
 */

export type Normalizer = (text: string) => string
export type PreTokenizer = (text: string) => string[]

export interface BertNormalizeOptions {
  cleanText?: boolean
  handleChineseChars?: boolean
  lowercase?: boolean
  /** Default: same as `lowercase` (BERT's rule). */
  stripAccents?: boolean
}

/** BERT's normalisation: drop control characters, space out CJK ideographs, strip accents, lower-case. */
export function bertNormalize(text: string, options: BertNormalizeOptions = {}): string {
  const lowercase = options.lowercase ?? true
  const stripAccents = options.stripAccents ?? lowercase
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (options.cleanText !== false) {
      if (code === 0 || code === 0xfffd || isControl(char)) continue
      if (isWhitespace(char)) { out += ' '; continue }
    }
    out += options.handleChineseChars !== false && isCjkIdeograph(code) ? ` ${char} ` : char
  }
  if (stripAccents) out = stripMarks(out)
  return lowercase ? out.toLowerCase() : out
}

export function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '')
}

/** Whitespace split, then every punctuation character a word of its own. */
export function bertPreTokenize(text: string): string[] {
  const words: string[] = []
  for (const chunk of text.split(/\s+/u)) {
    let current = ''
    for (const char of chunk) {
      if (isPunctuation(char)) {
        if (current) words.push(current)
        words.push(char)
        current = ''
      } else current += char
    }
    if (current) words.push(current)
  }
  return words
}

/** The `Whitespace` pre-tokenizer: runs of word characters, runs of other non-space characters. */
export function whitespacePreTokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}_]+|[^\p{L}\p{N}\p{M}_\s]+/gu) ?? []
}

export function whitespaceSplit(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w !== '')
}

/** Every punctuation character alone (the `Punctuation` pre-tokenizer with its default `isolated`). */
export function punctuationPreTokenize(text: string): string[] {
  const words: string[] = []
  let current = ''
  for (const char of text) {
    if (isPunctuation(char)) {
      if (current) words.push(current)
      words.push(char)
      current = ''
    } else current += char
  }
  if (current) words.push(current)
  return words
}

export interface MetaspaceOptions {
  replacement?: string
  /** `always` (or legacy add_prefix_space: true) puts the replacement before each word; `never` does not. */
  prependScheme?: 'always' | 'first' | 'never'
  split?: boolean
}

/** SentencePiece's view of spaces: ' ' → '▁', a '▁' before the text, split before each '▁'. */
export function metaspacePreTokenize(text: string, options: MetaspaceOptions = {}, isFirst = true): string[] {
  const replacement = options.replacement ?? '\u2581'
  const scheme = options.prependScheme ?? 'always'
  let replaced = text.replaceAll(' ', replacement)
  const prepend = scheme === 'always' || (scheme === 'first' && isFirst)
  if (prepend && !replaced.startsWith(replacement)) replaced = replacement + replaced
  if (options.split === false) return replaced === '' ? [] : [replaced]
  const words: string[] = []
  let current = ''
  for (const char of replaced) {
    if (char === replacement && current !== '') {
      words.push(current)
      current = ''
    }
    current += char
  }
  if (current !== '') words.push(current)
  return words
}

/** BERT's notion of punctuation: ASCII symbols and every Unicode P* character. */
export function isPunctuation(char: string): boolean {
  const code = char.codePointAt(0)!
  if ((code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126)) return true
  return /\p{P}/u.test(char)
}

function isWhitespace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || /\p{Zs}/u.test(char)
}

function isControl(char: string): boolean {
  if (char === '\t' || char === '\n' || char === '\r') return false
  return /[\p{Cc}\p{Cf}]/u.test(char)
}

/** The CJK Unified Ideographs blocks BERT spaces out (not Hangul, Hiragana or Katakana). */
export function isCjkIdeograph(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x20000 && code <= 0x2a6df) ||
    (code >= 0x2a700 && code <= 0x2b73f) || (code >= 0x2b740 && code <= 0x2b81f) || (code >= 0x2b820 && code <= 0x2ceaf) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0x2f800 && code <= 0x2fa1f)
}
