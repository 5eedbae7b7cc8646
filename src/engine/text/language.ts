/**
 * The `language` field of a text specification, as Beimingwu's langdetect would fill it: a list of
 * langdetect codes (`en`, `de`, `zh-cn` …), most likely first; `[]` when nothing could be told. Beimingwu's
 * searcher only compares a user's text spec with learnwares whose languages include all of the user's,
 * so the codes must be langdetect's, not franc's ISO 639-3.
 *
 * How: franc-min (82 languages, trigram profiles, offline) on up to `sampleSize` texts spread evenly over
 * the input, one vote per text (texts under 10 characters abstain), then every language with at least
 * `minShare` of the votes (langdetect's own cut-off is 0.1). Beimingwu instead runs langdetect once on all
 * texts joined; franc reads only the first 2,048 characters of its input, so joining would let the first
 * texts decide. Franc cannot tell simplified from traditional Chinese; a small table of common characters
 * that differ between the two decides `zh-cn` / `zh-tw` as langdetect's profiles do.
 *
 * Languages franc knows but langdetect does not (Javanese, Hausa, Belarusian, Kazakh …) count as unknown
 * and are left out: any code we wrote for them would never match a Beimingwu spec anyway.
 *
 * Example:
 *   detectLanguages(['The jury said …', 'It was …'])   // ['en']
 *   detectLanguages(['我们今天去公园散步。'])             // ['zh-cn']
 *   detectLanguages(['1234', '!!'])                      // []
 */

import { franc } from 'franc-min'

export interface LanguageDetectionOptions {
  /** Texts looked at, spread evenly over the input (default 200). */
  sampleSize?: number
  /** Share of the voting texts a language needs to be listed (default 0.1, langdetect's threshold). */
  minShare?: number
}

/**
 * franc's ISO 639-3 code → langdetect's code, for every language both know (the table also covers franc's
 * larger builds; franc-min detects the 82 most spoken). `cmn` is refined to `zh-cn` / `zh-tw` by
 * `chineseVariant`. Anything not in the table is unknown.
 */
export const FRANC_TO_LANGDETECT: Readonly<Record<string, string>> = {
  afr: 'af', arb: 'ar', bul: 'bg', ben: 'bn', cat: 'ca', ces: 'cs', cym: 'cy', dan: 'da', deu: 'de',
  ell: 'el', eng: 'en', spa: 'es', ekk: 'et', pes: 'fa', fin: 'fi', fra: 'fr', guj: 'gu', heb: 'he',
  hin: 'hi', hrv: 'hr', hun: 'hu', ind: 'id', ita: 'it', jpn: 'ja', kan: 'kn', kor: 'ko', lit: 'lt',
  lvs: 'lv', mkd: 'mk', mal: 'ml', mar: 'mr', npi: 'ne', nld: 'nl', nob: 'no', pan: 'pa', pol: 'pl',
  por: 'pt', ron: 'ro', rus: 'ru', slk: 'sk', slv: 'sl', som: 'so', als: 'sq', swe: 'sv', swh: 'sw',
  tam: 'ta', tel: 'te', tha: 'th', tgl: 'tl', tur: 'tr', ukr: 'uk', urd: 'ur', vie: 'vi', cmn: 'zh-cn',
  // Near-identical standard languages that langdetect reports under its neighbour's code.
  bos: 'hr', zlm: 'id'
}

/** Common characters written differently in simplified and traditional Chinese: [simplified, traditional]. */
const CHINESE_PAIRS: readonly (readonly [string, string])[] = [
  ['们', '們'], ['这', '這'], ['个', '個'], ['来', '來'], ['说', '說'], ['时', '時'], ['会', '會'], ['后', '後'],
  ['对', '對'], ['国', '國'], ['为', '為'], ['过', '過'], ['还', '還'], ['没', '沒'], ['发', '發'], ['经', '經'],
  ['学', '學'], ['现', '現'], ['实', '實'], ['问', '問'], ['题', '題'], ['动', '動'], ['气', '氣'], ['开', '開'],
  ['长', '長'], ['车', '車'], ['门', '門'], ['见', '見'], ['书', '書'], ['话', '話'], ['让', '讓'], ['边', '邊'],
  ['东', '東'], ['点', '點'], ['体', '體'], ['业', '業'], ['电', '電'], ['园', '園'], ['听', '聽'], ['买', '買']
]
const SIMPLIFIED = new Set(CHINESE_PAIRS.map(([s]) => s))
const TRADITIONAL = new Set(CHINESE_PAIRS.map(([, t]) => t))

const DEFAULT_SAMPLE_SIZE = 200
const DEFAULT_MIN_SHARE = 0.1
/** franc's own minimum; shorter texts are undetermined. */
const MIN_TEXT_LENGTH = 10

export function detectLanguages(texts: readonly string[], options: LanguageDetectionOptions = {}): string[] {
  const sampleSize = Math.max(1, Math.floor(options.sampleSize ?? DEFAULT_SAMPLE_SIZE))
  const minShare = options.minShare ?? DEFAULT_MIN_SHARE
  const votes = new Map<string, number>()
  let voters = 0
  for (const index of evenlySpaced(texts.length, sampleSize)) {
    const language = detectTextLanguage(texts[index])
    if (language === undefined) continue
    voters++
    votes.set(language, (votes.get(language) ?? 0) + 1)
  }
  if (voters === 0) return []
  return [...votes]
    .filter(([language, count]) => language !== UNKNOWN && count / voters >= minShare)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([language]) => language)
}

/** A vote for a language franc knows but langdetect does not. */
const UNKNOWN = '?'

/** langdetect code of one text, `UNKNOWN` for a language langdetect lacks, undefined when undetermined. */
export function detectTextLanguage(text: string): string | undefined {
  const trimmed = text.trim()
  if (trimmed.length < MIN_TEXT_LENGTH) return undefined
  const code = franc(trimmed, { minLength: MIN_TEXT_LENGTH })
  if (code === 'und') return undefined
  if (code === 'cmn') return chineseVariant(trimmed)
  return FRANC_TO_LANGDETECT[code] ?? UNKNOWN
}

function chineseVariant(text: string): 'zh-cn' | 'zh-tw' {
  let simplified = 0
  let traditional = 0
  for (const char of text) {
    if (SIMPLIFIED.has(char)) simplified++
    else if (TRADITIONAL.has(char)) traditional++
  }
  return traditional > simplified ? 'zh-tw' : 'zh-cn'
}

/** Up to `count` indices in [0, length), evenly spread, first and last included; all of them when fewer. */
function evenlySpaced(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i)
  if (count === 1) return [0]
  return Array.from({ length: count }, (_, i) => Math.round((i * (length - 1)) / (count - 1)))
}
