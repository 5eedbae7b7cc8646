/**
 * Reads the `normalizer` and `pre_tokenizer` sections of a Hugging Face `tokenizer.json` into functions
 * (tokenizerSteps.ts). Unknown types are refused with TEXT_TOKENIZER_INVALID naming the type, rather than
 * silently tokenizing differently from the model's training.
 *
 * Example:
 *   const normalize = buildNormalizer({ type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'Lowercase' }] }, 'tokenizer.json')
 *   const split = buildPreTokenizer({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'always' }, 'tokenizer.json')
 */

import { LearnwareError } from '../errors'
import {
  bertNormalize,
  bertPreTokenize,
  metaspacePreTokenize,
  punctuationPreTokenize,
  stripMarks,
  whitespacePreTokenize,
  whitespaceSplit,
  type Normalizer,
  type PreTokenizer
} from './tokenizerSteps'

type Json = Record<string, unknown>

export function buildNormalizer(raw: unknown, source: string): Normalizer {
  if (raw === null || raw === undefined) return (text) => text
  const step = raw as Json
  switch (step.type) {
    case 'BertNormalizer':
      return (text) => bertNormalize(text, {
        cleanText: step.clean_text !== false,
        handleChineseChars: step.handle_chinese_chars !== false,
        lowercase: step.lowercase !== false,
        stripAccents: typeof step.strip_accents === 'boolean' ? step.strip_accents : undefined
      })
    case 'Lowercase': return (text) => text.toLowerCase()
    case 'NFC': case 'NFD': case 'NFKC': case 'NFKD': {
      const form = step.type
      return (text) => text.normalize(form)
    }
    case 'StripAccents': return stripMarks
    case 'Strip': {
      const left = step.strip_left !== false
      const right = step.strip_right !== false
      return (text) => (left && right ? text.trim() : left ? text.trimStart() : right ? text.trimEnd() : text)
    }
    case 'Replace': return replaceNormalizer(step, source)
    case 'Prepend': {
      const prefix = typeof step.prepend === 'string' ? step.prepend : ''
      return (text) => (text === '' ? text : prefix + text)
    }
    // SentencePiece's compiled character map; for the XLM-R family it is NFKC with whitespace clean-up.
    case 'Precompiled': return (text) => text.normalize('NFKC').replace(/[\t\n\r\p{Zs}]/gu, ' ').replace(/[\p{Cc}]/gu, '')
    case 'Sequence': {
      const steps = (Array.isArray(step.normalizers) ? step.normalizers : []).map((s) => buildNormalizer(s, source))
      return (text) => steps.reduce((value, apply) => apply(value), text)
    }
    default: throw unsupported(source, 'normalizer', step.type)
  }
}

export function buildPreTokenizer(raw: unknown, source: string): PreTokenizer {
  if (raw === null || raw === undefined) return (text) => (text === '' ? [] : [text])
  const step = raw as Json
  switch (step.type) {
    case 'BertPreTokenizer': return bertPreTokenize
    case 'Whitespace': return whitespacePreTokenize
    case 'WhitespaceSplit': return whitespaceSplit
    case 'Punctuation': return punctuationPreTokenize
    case 'Metaspace': {
      const options = {
        replacement: typeof step.replacement === 'string' ? step.replacement : undefined,
        prependScheme: metaspaceScheme(step),
        split: step.split !== false
      }
      return (text) => metaspacePreTokenize(text, options)
    }
    case 'Sequence': {
      const steps = (Array.isArray(step.pretokenizers) ? step.pretokenizers : []).map((s) => buildPreTokenizer(s, source))
      return (text) => steps.reduce<string[]>((words, split) => words.flatMap((word) => split(word)), [text])
    }
    default: throw unsupported(source, 'pre_tokenizer', step.type)
  }
}

function metaspaceScheme(step: Json): 'always' | 'first' | 'never' {
  if (step.prepend_scheme === 'always' || step.prepend_scheme === 'first' || step.prepend_scheme === 'never') return step.prepend_scheme
  return step.add_prefix_space === false ? 'never' : 'always'
}

function replaceNormalizer(step: Json, source: string): Normalizer {
  const pattern = step.pattern as { String?: unknown; Regex?: unknown } | undefined
  const content = typeof step.content === 'string' ? step.content : ''
  if (typeof pattern?.String === 'string') {
    const literal = pattern.String
    return (text) => text.replaceAll(literal, content)
  }
  if (typeof pattern?.Regex === 'string') {
    let regex: RegExp
    try {
      regex = new RegExp(pattern.Regex, 'gu')
    } catch (cause) {
      throw new LearnwareError('TEXT_TOKENIZER_INVALID', `${source}: Replace pattern ${pattern.Regex} is not a valid regular expression`, { cause })
    }
    return (text) => text.replace(regex, () => content)
  }
  throw invalid(source, 'a Replace normalizer has no pattern')
}

function unsupported(source: string, section: string, type: unknown): LearnwareError {
  return invalid(source, `${section} type ${JSON.stringify(type)} is not supported`)
}

export function invalid(source: string, problem: string): LearnwareError {
  return new LearnwareError('TEXT_TOKENIZER_INVALID', `${source}: ${problem}`, { hint: 'Use the tokenizer files that came with the model.' })
}
