import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDock, type Dock } from '../../../src/engine/dock'
import { searchDockWithTexts } from '../../../src/engine/search'
import { createHashedNgramEmbedder, type TextCollection, type TextEmbedder } from '../../../src/engine/text'
import { brownTexts, loadBrown, textPackage } from '../dock/textFixtures'

/** Three-genre learnwares over the Brown fixture's eight genres (Beimingwu's 20-Newsgroups protocol, smaller). */
const LEARNWARES: Record<string, string[]> = {
  stories: ['fiction_romance', 'fiction_adventure', 'humor'],
  scholarship: ['learned', 'religion', 'miscellaneous_government'],
  publicAffairs: ['press_reportage', 'miscellaneous_government', 'skill_and_hobbies'],
  mixed: ['fiction_romance', 'press_reportage', 'learned'],
  leisure: ['skill_and_hobbies', 'humor', 'religion']
}

/** The built-in embedder under another id: same vectors, but a different embedding function as far as specs go. */
function renamedEmbedder(id: string): TextEmbedder {
  const builtIn = createHashedNgramEmbedder()
  return { id, dimension: builtIn.dimension, embed: (texts, options) => builtIn.embed(texts, options) }
}

let brown: TextCollection
let dir: string
let dock: Dock
const ids: Record<string, string> = {}

beforeAll(async () => {
  brown = await loadBrown()
  dir = await mkdtemp(join(tmpdir(), 'text-search-'))
  dock = await openDock(dir)
  for (const [name, genres] of Object.entries(LEARNWARES)) ids[name] = (await dock.add(await textPackage(brown, genres, name))).id
  ids.french = (await dock.add(await textPackage(brown, LEARNWARES.scholarship, 'scholarship (labelled French)', { language: ['fr'] }))).id
  ids.otherEmbedder = (await dock.add(await textPackage(brown, LEARNWARES.scholarship, 'scholarship (other embedder)', { embedder: renamedEmbedder('test/renamed-384') }))).id
}, 120_000)

afterAll(async () => {
  dock?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('searchDockWithTexts', () => {
  it.each([
    [['learned', 'religion'], 'scholarship'],
    [['fiction_romance', 'fiction_adventure'], 'stories'],
    [['press_reportage', 'skill_and_hobbies'], 'publicAffairs']
  ])('a user task of %j finds the learnware trained on those genres first', async (genres, expected) => {
    const result = await searchDockWithTexts(dock, brownTexts(brown, genres, 'user'), { mixture: 'none' })
    expect(result.single[0].id).toBe(ids[expected])
    expect(LEARNWARES[expected]).toEqual(expect.arrayContaining(genres))
    expect(result.language).toEqual(['en'])
    expect(result.embedders).toEqual([createHashedNgramEmbedder().id])
  })

  it('leaves out learnwares whose languages do not cover the user\'s', async () => {
    const result = await searchDockWithTexts(dock, brownTexts(brown, ['learned', 'religion'], 'user'))
    expect(result.single.map((s) => s.id)).not.toContain(ids.french)
    expect(result.incomparable).toContainEqual({ id: ids.french, reason: expect.stringMatching(/not in en/) })
  })

  it('never compares specs of different embedders; offering the embedder makes its learnwares comparable', async () => {
    const texts = brownTexts(brown, ['learned', 'religion'], 'user')
    const without = await searchDockWithTexts(dock, texts, { mixture: 'none' })
    expect(without.single.map((s) => s.id)).not.toContain(ids.otherEmbedder)
    expect(without.incomparable).toContainEqual({ id: ids.otherEmbedder, reason: expect.stringMatching(/test\/renamed-384, which is not available/) })

    const withIt = await searchDockWithTexts(dock, texts, { mixture: 'none', embedders: [renamedEmbedder('test/renamed-384')] })
    expect(withIt.embedders).toEqual([createHashedNgramEmbedder().id, 'test/renamed-384'])
    expect(withIt.incomparable.map((i) => i.id)).not.toContain(ids.otherEmbedder)
    const hit = withIt.single.find((s) => s.id === ids.otherEmbedder)
    expect(hit?.mmd2).toBeCloseTo(withIt.single.find((s) => s.id === ids.scholarship)!.mmd2!, 6)
  })

  it('returns the table search\'s result shape, mixtures included', async () => {
    const result = await searchDockWithTexts(dock, brownTexts(brown, ['fiction_romance', 'learned', 'religion', 'humor'], 'user'), { mixture: 'greedy' })
    expect(result.semanticMatches).toBe(7)
    expect(result.alignments).toEqual([])
    expect(result.single.every((s) => typeof s.mmd2 === 'number' && typeof s.score === 'number')).toBe(true)
    if (result.mixture) expect(result.mixture.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
  })
})
