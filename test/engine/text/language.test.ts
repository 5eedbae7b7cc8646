import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectLanguages, detectTextLanguage, FRANC_TO_LANGDETECT, loadTextTableFile } from '../../../src/engine/text'

const brownSubset = resolve(import.meta.dirname, '../../fixtures/text/brown_subset.csv')

/** The 55 profiles langdetect ships (langdetect/profiles); every code we write must be one of them. */
const LANGDETECT_CODES = new Set(('af ar bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk ml mr ne nl no ' +
  'pa pl pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh-cn zh-tw').split(' '))

/** Sentences written for this test, one per language, with the code langdetect would give. */
const SENTENCES: Record<string, string> = {
  de: 'Der Zug nach Berlin fährt heute wegen des starken Schneefalls mit großer Verspätung ab.',
  fr: 'Nous avons passé la journée au marché avant de rentrer préparer le dîner pour toute la famille.',
  es: 'Mañana por la mañana iremos a la playa si el tiempo lo permite y no hace demasiado viento.',
  it: 'La biblioteca comunale resterà chiusa per lavori di ristrutturazione fino alla fine del mese.',
  pt: 'O governo anunciou novas medidas para melhorar o transporte público nas grandes cidades do país.',
  nl: 'De fietsers wachtten geduldig bij het stoplicht terwijl de regen steeds harder begon te vallen.',
  pl: 'W przyszłym tygodniu zamierzamy odwiedzić dziadków, którzy mieszkają na wsi.',
  tr: 'Hafta sonu arkadaşlarımla birlikte sahilde uzun bir yürüyüş yapmayı planlıyorum.',
  ru: 'Вчера вечером мы долго гуляли по набережной и разговаривали о планах на лето.',
  ar: 'ذهبنا إلى السوق في الصباح واشترينا الخضار والفواكه الطازجة.',
  hi: 'मैं हर सुबह पार्क में टहलने जाता हूँ और ताज़ी हवा का आनंद लेता हूँ।',
  'zh-cn': '我们明天早上去图书馆学习，然后一起去吃午饭。',
  'zh-tw': '我們明天早上去圖書館學習，然後一起去吃午飯。',
  ja: '私は毎朝コーヒーを飲みながら新聞を読むのが好きです。',
  ko: '저는 주말마다 친구들과 함께 공원에서 자전거를 탑니다.'
}

describe('language detection as langdetect codes', () => {
  it('finds English, and only English, in the Brown corpus', async () => {
    const docs = await loadTextTableFile(brownSubset)
    expect(detectLanguages(docs.texts)).toEqual(['en'])
  })

  for (const [code, sentence] of Object.entries(SENTENCES)) {
    it(`maps a ${code} sentence to "${code}"`, () => {
      expect(detectTextLanguage(sentence)).toBe(code)
      expect(detectLanguages([sentence])).toEqual([code])
    })
  }

  it('lists every language with at least a tenth of the texts, most frequent first', () => {
    const texts = [...Array(6).fill(SENTENCES.de), ...Array(3).fill(SENTENCES['zh-cn']), SENTENCES.fr, ...Array(10).fill('The committee met on Tuesday to discuss the budget.')]
    expect(detectLanguages(texts)).toEqual(['en', 'de', 'zh-cn'])
    expect(detectLanguages(texts, { minShare: 0 })).toEqual(['en', 'de', 'zh-cn', 'fr'])
  })

  it('gives [] when nothing can be told (as Beimingwu does when langdetect fails)', () => {
    expect(detectLanguages([])).toEqual([])
    expect(detectLanguages(['12345 678', '!!!', 'ok'])).toEqual([])
  })

  it('only ever writes codes langdetect knows', () => {
    for (const code of Object.values(FRANC_TO_LANGDETECT)) expect(LANGDETECT_CODES.has(code), code).toBe(true)
  })
})
