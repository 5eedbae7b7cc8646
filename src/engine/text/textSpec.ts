/**
 * The RKME text specification, Beimingwu's `RKMETextSpecification`: the table RKME (K = 100, γ = 0.1 …) of
 * the texts' sentence embeddings, plus the texts' languages as langdetect codes. Its JSON is the table JSON
 * with `type: "RKMETextSpecification"` and `"language": [...]` after it (Beimingwu's attribute order), plus
 * one key of ours, `"embedder"`: the id of the embedding function. Beimingwu's loader reads only the keys it
 * knows, so the extra key is harmless there; a spec without it was made by Beimingwu, whose embedder is
 * `sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2`.
 *
 * Two text specs are comparable only when the same embedder made both — the vectors of different embedders
 * live in unrelated spaces, even when their widths agree — and, as in Beimingwu's searcher, when the user's
 * languages are all among the learnware's (docs/adr/0007-text-spec.md).
 *
 * Example:
 *   const spec = await generateRkmeTextSpec(texts, { seed: 0, onProgress })   // built-in embedder
 *   writeFileSync('rkme_text.json', serializeRkmeTextSpec(spec))
 *   const theirs = parseRkmeTextSpec(JSON.parse(text), 'learnware 00653')
 *   if (textSpecsComparable(spec, theirs)) console.log(textMmd2(spec, theirs))
 */

import { LearnwareError } from '../errors'
import type { ProgressListener } from '../progress'
import {
  generateRkmeTableSpec,
  mmd2,
  parseRkmeTableSpec,
  RKME_TABLE_TYPE,
  serializeRkmeTableSpec,
  toRkmeTableSpecJson,
  type GenerateRkmeTableOptions,
  type RkmeTableSpec,
  type RkmeTableSpecJson
} from '../spec'
import type { TextEmbedder } from './embedder'
import { createHashedNgramEmbedder } from './hashedEmbedder'
import { detectLanguages } from './language'

export const RKME_TEXT_TYPE = 'RKMETextSpecification'
/** The embedder of every spec Beimingwu makes (and of every text spec without an `embedder` key). */
export const BEIMINGWU_TEXT_EMBEDDER_ID = 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2'

export interface RkmeTextSpec {
  type: typeof RKME_TEXT_TYPE
  /** The table RKME of the sentence embeddings: K points of `embedder`'s width. */
  rkme: RkmeTableSpec
  /** langdetect codes, most likely first; `[]` = unknown (matches every learnware in Beimingwu's filter). */
  language: string[]
  /** Id of the embedder that made the vectors. */
  embedder: string
}

export interface GenerateRkmeTextOptions extends Omit<GenerateRkmeTableOptions, 'featureNames' | 'initialZ' | 'onProgress' | 'signal'> {
  /** Default: the built-in hashed n-gram embedder. */
  embedder?: TextEmbedder
  /** Languages to record instead of detecting them. */
  language?: string[]
  /** Texts looked at by language detection (default 200). */
  languageSampleSize?: number
  /** `start`, monotone `progress` (embedding, then fitting), `done` — task `text-spec`. */
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface RkmeTextSpecJson extends RkmeTableSpecJson {
  language: string[]
  embedder: string
}

const TASK = 'text-spec'
/** Share of the progress bar for embedding; the RKME fit gets the rest. */
const EMBED_SHARE = 0.6

export async function generateRkmeTextSpec(texts: readonly string[], options: GenerateRkmeTextOptions = {}): Promise<RkmeTextSpec> {
  checkTexts(texts)
  const { embedder = createHashedNgramEmbedder(), onProgress, signal, language: knownLanguage, languageSampleSize, ...fitOptions } = options
  let reported = 0
  const report = (fraction: number, detail?: string): void => {
    reported = Math.max(reported, Math.min(1, fraction))
    onProgress?.({ status: 'progress', task: TASK, fraction: reported, detail })
  }
  onProgress?.({ status: 'start', task: TASK })
  const language = knownLanguage ?? detectLanguages(texts, { sampleSize: languageSampleSize })
  const vectors = await embedder.embed(texts, {
    signal,
    onProgress: (e) => { if (e.status === 'progress') report(EMBED_SHARE * e.fraction, 'embedding texts') }
  })
  if (vectors.length !== texts.length * embedder.dimension) {
    throw new Error(`embedder ${embedder.id} returned ${vectors.length} values for ${texts.length} × ${embedder.dimension}`)
  }
  const rkme = await generateRkmeTableSpec(vectors, texts.length, embedder.dimension, {
    ...fitOptions,
    signal,
    onProgress: (e) => { if (e.status === 'progress') report(EMBED_SHARE + (1 - EMBED_SHARE) * e.fraction, 'fitting the RKME') }
  })
  report(1)
  onProgress?.({ status: 'done', task: TASK })
  return { type: RKME_TEXT_TYPE, rkme, language: [...language], embedder: embedder.id }
}

function checkTexts(texts: readonly string[]): void {
  if (!Array.isArray(texts)) throw new LearnwareError('DATA_BAD_VALUE', 'A text specification needs a list of texts')
  if (texts.length === 0) throw new LearnwareError('DATA_EMPTY', 'No texts to make a specification from')
  const bad = texts.findIndex((t) => typeof t !== 'string')
  if (bad >= 0) throw new LearnwareError('DATA_BAD_VALUE', `Text ${bad + 1} is not a string (${typeof texts[bad]})`)
}

/** Why two text specs cannot be compared, or null when they can (user first: the language rule is one-way). */
export function textSpecMismatch(user: RkmeTextSpec, learnware: RkmeTextSpec): string | null {
  if (user.embedder !== learnware.embedder) return `made with different embedders (${user.embedder} vs ${learnware.embedder})`
  if (user.rkme.featuresPerRow !== learnware.rkme.featuresPerRow) {
    return `embeddings of different widths (${user.rkme.featuresPerRow} vs ${learnware.rkme.featuresPerRow})`
  }
  const missing = user.language.filter((code) => !learnware.language.includes(code))
  if (missing.length > 0) return `the learnware's texts are not in ${missing.join(', ')} (it has ${learnware.language.join(', ') || 'none recorded'})`
  return null
}

/** Same embedder (and width), and the user's languages ⊆ the learnware's — Beimingwu's text search filter. */
export function textSpecsComparable(user: RkmeTextSpec, learnware: RkmeTextSpec): boolean {
  return textSpecMismatch(user, learnware) === null
}

/** Squared MMD between two text specs of the same embedder (languages are the search filter's business). */
export function textMmd2(a: RkmeTextSpec, b: RkmeTextSpec): number {
  if (a.embedder !== b.embedder) {
    throw new LearnwareError('SPEC_EMBEDDER_MISMATCH', `Text specifications made with different embedders cannot be compared (${a.embedder} vs ${b.embedder})`, {
      hint: 'Make the user specification with the embedder of the learnware specification.'
    })
  }
  return mmd2(a.rkme, b.rkme)
}

export function toRkmeTextSpecJson(spec: RkmeTextSpec): RkmeTextSpecJson {
  return { ...toRkmeTableSpecJson(spec.rkme), type: RKME_TEXT_TYPE, language: [...spec.language], embedder: spec.embedder }
}

/** Compact JSON in Beimingwu's key order (z, beta, gamma, num_points, type, language), then `embedder`. */
export function serializeRkmeTextSpec(spec: RkmeTextSpec): string {
  const table = serializeRkmeTableSpec(spec.rkme)
  const tableType = `"type":"${RKME_TABLE_TYPE}"}`
  if (!table.endsWith(tableType)) throw new Error('unexpected table spec JSON layout')
  return `${table.slice(0, -tableType.length)}"type":"${RKME_TEXT_TYPE}","language":${pythonJson(spec.language)},"embedder":${pythonJson(spec.embedder)}}`
}

export function parseRkmeTextSpec(raw: unknown, source = 'specification'): RkmeTextSpec {
  const fail = (field: string, problem: string): never => {
    throw new LearnwareError('SPEC_BAD_FORMAT', `${source}: field "${field}" ${problem}`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('(root)', 'must be a JSON object')
  const json = raw as Record<string, unknown>
  if (json.type !== RKME_TEXT_TYPE) fail('type', `is ${JSON.stringify(json.type)}, expected "${RKME_TEXT_TYPE}"`)
  const rkme = parseRkmeTableSpec({ ...json, type: RKME_TABLE_TYPE }, source)
  const language = json.language ?? []
  if (!Array.isArray(language) || language.some((code) => typeof code !== 'string')) fail('language', 'must be a list of language codes')
  const embedder = json.embedder ?? BEIMINGWU_TEXT_EMBEDDER_ID
  if (typeof embedder !== 'string' || embedder === '') fail('embedder', 'must be a non-empty string')
  return { type: RKME_TEXT_TYPE, rkme, language: [...(language as string[])], embedder: embedder as string }
}

/** JSON like Python's json.dumps: non-ASCII characters escaped as \uXXXX. */
function pythonJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
