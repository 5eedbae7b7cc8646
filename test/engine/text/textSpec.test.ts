import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { isLearnwareError } from '../../../src/engine/errors'
import type { ProgressEvent } from '../../../src/engine/progress'
import {
  BEIMINGWU_TEXT_EMBEDDER_ID,
  createHashedNgramEmbedder,
  generateRkmeTextSpec,
  loadTextTableFile,
  parseRkmeTextSpec,
  serializeRkmeTextSpec,
  textMmd2,
  textSpecMismatch,
  textSpecsComparable,
  type RkmeTextSpec,
  type TextCollection
} from '../../../src/engine/text'

const brownSubset = resolve(import.meta.dirname, '../../fixtures/text/brown_subset.csv')

/** Genre subsets of the Brown fixture: stories, scholarship, public affairs, how-to and humour. */
const GROUPS: Record<string, string[]> = {
  fiction: ['fiction_romance', 'fiction_adventure'],
  scholarly: ['learned', 'religion'],
  public: ['press_reportage', 'miscellaneous_government'],
  leisure: ['skill_and_hobbies', 'humor']
}

let brown: TextCollection
beforeAll(async () => {
  brown = await loadTextTableFile(brownSubset, { labelColumn: 'genre', keepColumns: ['document'] })
})

/** Documents of each genre alternate between the two sides, so no document has paragraphs on both. */
function userSideDocuments(parity: number): Set<string> {
  const byGenre = new Map<string, Set<string>>()
  brown.labels!.forEach((genre, i) => {
    if (!byGenre.has(genre)) byGenre.set(genre, new Set())
    byGenre.get(genre)!.add(brown.columns.document[i])
  })
  const chosen = new Set<string>()
  for (const documents of byGenre.values()) [...documents].sort().forEach((d, i) => { if (i % 2 === parity) chosen.add(d) })
  return chosen
}

function textsOf(genres: readonly string[], documents: Set<string>, userSide: boolean): string[] {
  return brown.texts.filter((_, i) => genres.includes(brown.labels![i]) && documents.has(brown.columns.document[i]) === userSide)
}

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (error) {
    expect(isLearnwareError(error), String(error)).toBe(true)
    expect((error as { code: string }).code).toBe(code)
    return
  }
  throw new Error(`expected a LearnwareError ${code}`)
}

describe('text specs find texts of the same kind (Brown corpus, split by document)', () => {
  for (const parity of [0, 1]) {
    it(`a user's genres are closest to a learnware made from other documents of the same genres (split ${parity})`, async () => {
      const userDocuments = userSideDocuments(parity)
      const names = Object.keys(GROUPS)
      const learnwares = await Promise.all(names.map((name) => generateRkmeTextSpec(textsOf(GROUPS[name], userDocuments, false), { seed: 0 })))
      for (const [u, name] of names.entries()) {
        const user = await generateRkmeTextSpec(textsOf(GROUPS[name], userDocuments, true), { seed: 0 })
        const distances = learnwares.map((learnware) => textMmd2(user, learnware))
        const others = distances.filter((_, j) => j !== u)
        expect(distances[u], `${name}: ${distances.map((d) => d.toFixed(4)).join(' ')}`).toBeLessThan(Math.min(...others) / 1.1)
      }
    })
  }
})

describe('generating a text spec', () => {
  it('is deterministic for a seed, and records the texts, languages and embedder', async () => {
    const texts = brown.texts.slice(0, 300)
    const a = await generateRkmeTextSpec(texts, { seed: 5 })
    const b = await generateRkmeTextSpec(texts, { seed: 5 })
    const c = await generateRkmeTextSpec(texts, { seed: 6 })
    expect(serializeRkmeTextSpec(a)).toBe(serializeRkmeTextSpec(b))
    expect(Array.from(a.rkme.z)).not.toEqual(Array.from(c.rkme.z))
    // Another seed sketches the same texts: much closer than a sketch of other texts (fiction) is.
    const fiction = await generateRkmeTextSpec(brown.texts.filter((_, i) => brown.labels![i].startsWith('fiction')).slice(0, 300), { seed: 5 })
    expect(textMmd2(a, c)).toBeLessThan(textMmd2(a, fiction) / 2)
    expect(a.rkme.k).toBe(100)
    expect(a.rkme.featuresPerRow).toBe(384)
    expect(a.rkme.numPoints).toBe(300)
    expect(a.rkme.gamma).toBe(0.1)
    expect(a.language).toEqual(['en'])
    expect(a.embedder).toBe(createHashedNgramEmbedder().id)
  })

  it('reports start, monotone progress ending at 1, then done', async () => {
    const events: ProgressEvent[] = []
    await generateRkmeTextSpec(brown.texts.slice(0, 200), { seed: 0, onProgress: (e) => events.push(e) })
    expect(events[0]).toEqual({ status: 'start', task: 'text-spec' })
    expect(events.at(-1)).toEqual({ status: 'done', task: 'text-spec' })
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions.length).toBeGreaterThan(3)
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y))
    expect(fractions.at(-1)).toBe(1)
    expect(events.every((e) => e.task === 'text-spec')).toBe(true)
  })

  it('stops with CANCELLED when the signal fires, and refuses input that is not texts', async () => {
    const controller = new AbortController()
    controller.abort()
    await expectCode(generateRkmeTextSpec(brown.texts.slice(0, 50), { signal: controller.signal }), 'CANCELLED')
    await expectCode(generateRkmeTextSpec([]), 'DATA_EMPTY')
    await expectCode(generateRkmeTextSpec(['fine', 42 as unknown as string]), 'DATA_BAD_VALUE')
  })

  it('embeds and fits 5,000 paragraphs (timing: npm run bench -- text-spec-brown-5k)', async () => {
    const texts = Array.from({ length: 5000 }, (_, i) => brown.texts[i % brown.texts.length] + (i >= brown.texts.length ? ` (${i})` : ''))
    const spec = await generateRkmeTextSpec(texts, { seed: 0 })
    expect(spec.rkme.numPoints).toBe(5000)
    expect(spec.rkme.k).toBe(100)
  })
})

describe('RKMETextSpecification JSON', () => {
  let spec: RkmeTextSpec
  beforeAll(async () => { spec = await generateRkmeTextSpec(brown.texts.slice(0, 120), { seed: 1, k: 10 }) })

  it("writes Beimingwu's keys in Beimingwu's order, then the embedder", () => {
    const json = serializeRkmeTextSpec(spec)
    expect(Object.keys(JSON.parse(json))).toEqual(['z', 'beta', 'gamma', 'num_points', 'type', 'language', 'embedder'])
    expect(json).toMatch(/"gamma":0\.1,"num_points":120,"type":"RKMETextSpecification","language":\["en"\],"embedder":"learnware-dock\/hashed-ngram-v1-384\?/)
    expect(JSON.parse(json).z).toHaveLength(10)
    expect(JSON.parse(json).z[0]).toHaveLength(384)
  })

  it('reads back exactly what it wrote', () => {
    const back = parseRkmeTextSpec(JSON.parse(serializeRkmeTextSpec(spec)), 'spec.json')
    expect(Array.from(back.rkme.z)).toEqual(Array.from(spec.rkme.z))
    expect(Array.from(back.rkme.beta)).toEqual(Array.from(spec.rkme.beta))
    expect(back.language).toEqual(spec.language)
    expect(back.embedder).toBe(spec.embedder)
    expect(back.rkme.numPoints).toBe(120)
    expect(textMmd2(back, spec)).toBeCloseTo(0, 12)
  })

  it("reads a Beimingwu spec (no embedder key) as made by Beimingwu's MiniLM, and never compares it with ours", () => {
    const beimingwu = JSON.parse(serializeRkmeTextSpec(spec)) as Record<string, unknown>
    delete beimingwu.embedder
    const theirs = parseRkmeTextSpec(beimingwu, 'learnware 00653/rkme.json')
    expect(theirs.embedder).toBe(BEIMINGWU_TEXT_EMBEDDER_ID)
    expect(textSpecsComparable(spec, theirs)).toBe(false)
    expect(textSpecMismatch(spec, theirs)).toMatch(/different embedders/)
    expect(() => textMmd2(spec, theirs)).toThrow(expect.objectContaining({ code: 'SPEC_EMBEDDER_MISMATCH' }))
    const noLanguage = parseRkmeTextSpec({ ...beimingwu, language: undefined })
    expect(noLanguage.language).toEqual([])
  })

  it("applies Beimingwu's language filter: the user's languages must all be the learnware's", () => {
    const withLanguages = (language: string[]): RkmeTextSpec => ({ ...spec, language })
    expect(textSpecsComparable(withLanguages(['en']), withLanguages(['en', 'de']))).toBe(true)
    expect(textSpecsComparable(withLanguages(['en', 'de']), withLanguages(['en']))).toBe(false)
    expect(textSpecMismatch(withLanguages(['en', 'de']), withLanguages(['en']))).toMatch(/not in de/)
    expect(textSpecsComparable(withLanguages([]), withLanguages(['zh-cn']))).toBe(true)
    expect(textSpecsComparable(withLanguages(['en']), withLanguages([]))).toBe(false)
  })

  it('refuses a malformed spec with SPEC_BAD_FORMAT naming the field', async () => {
    const good = JSON.parse(serializeRkmeTextSpec(spec)) as Record<string, unknown>
    const message = (raw: unknown): string => {
      try {
        parseRkmeTextSpec(raw, 'bad.json')
      } catch (error) {
        expect(isLearnwareError(error) && error.code).toBe('SPEC_BAD_FORMAT')
        return (error as Error).message
      }
      throw new Error('expected SPEC_BAD_FORMAT')
    }
    expect(message({ ...good, type: 'RKMETableSpecification' })).toMatch(/"type"/)
    expect(message({ ...good, language: 'en' })).toMatch(/"language"/)
    expect(message({ ...good, embedder: 7 })).toMatch(/"embedder"/)
    expect(message({ ...good, beta: [1] })).toMatch(/"beta"/)
    expect(message('{"z": [[0.1, 0.2')).toMatch(/\(root\)/)
  })
})
