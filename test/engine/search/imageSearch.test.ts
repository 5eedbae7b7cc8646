import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDock, type Dock } from '../../../src/engine/dock'
import { searchDockWithImageSpec } from '../../../src/engine/search'
import { scoreDistances } from '../../../src/engine/search/imageSearch'
import { distancesToScores } from '../../../src/engine/search/scores'
import { imageSearchDistance, parseRkmeImageSpec } from '../../../src/engine/spec/image'
import { generateSemanticSpec } from '../../../src/engine/spec/semantic'

const fixtures = join(import.meta.dirname, '../../fixtures/rkme-image')
const NAMES = ['a_tops', 'b_shoes', 'c_tops2'] as const

/** A Beimingwu-style (Python model) image learnware around one of the Fashion-MNIST spec fixtures. */
function imagePackage(name: string): Uint8Array {
  const yaml = [
    'model:', '  class_name: MyModel', '  module_path: __init__.py', '  kwargs: {}',
    'stat_specifications:', '  - module_path: learnware.specification', '    class_name: RKMEImageSpecification',
    '    file_name: rkme_image.json', '    kwargs: {}',
    'semantic_specification:', '  file_name: semantic_specification.json'
  ].join('\n')
  const semantic = generateSemanticSpec({
    name, description: `Fashion-MNIST ${name}`, data: 'Image', task: 'Classification', library: 'PyTorch',
    scenarios: ['Fashion'], license: 'MIT', output: { dimension: 10 }
  })
  return zipSync({
    'learnware.yaml': strToU8(`${yaml}\n`),
    '__init__.py': strToU8('from learnware.model import BaseModel\n\nclass MyModel(BaseModel):\n    pass\n'),
    'rkme_image.json': readFileSync(join(fixtures, `${name}.json`)),
    'semantic_specification.json': strToU8(JSON.stringify(semantic))
  })
}

let dir: string
let dock: Dock
const ids: Record<string, string> = {}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'image-search-'))
  dock = await openDock(dir)
  for (const name of NAMES) ids[name] = (await dock.add(imagePackage(name), { label: `${name}.zip` })).id
}, 60_000)

afterAll(async () => {
  dock?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('image learnwares in the dock and search', () => {
  it('stores image specs as image candidates, not table or text ones', () => {
    expect(dock.get(ids.a_tops)).toMatchObject({ statSpecType: 'RKMEImageSpecification', dataType: 'Image', featuresPerRow: null, language: null, embedder: null })
    expect(dock.imageSpecCandidates().map((c) => c.id)).toEqual(NAMES.map((n) => ids[n]))
    expect(dock.specCandidates()).toEqual([])
    expect(dock.textSpecCandidates()).toEqual([])
  })

  it('ranks by Beimingwu\'s transformed NNGP distance: the same spec first, the other tops before the shoes', async () => {
    const user = parseRkmeImageSpec(JSON.parse(readFileSync(join(fixtures, 'c_tops2.json'), 'utf8')), 'c_tops2.json')
    const result = await searchDockWithImageSpec(dock, user)
    // dist(spec, spec) comes out of rounding arithmetic as ~0, not exactly 0, and 1 − exp(−d / 5e-5) magnifies it.
    expect(result.single[0].id).toBe(ids.c_tops2)
    expect(result.single[0].mmd2).toBeLessThan(imageSearchDistance(5e-6))
    const order = result.single.map((s) => s.id)
    if (order.includes(ids.b_shoes)) expect(order.indexOf(ids.a_tops)).toBeLessThan(order.indexOf(ids.b_shoes))
    expect(result.single.every((s) => s.mmd2! >= 0 && s.mmd2! <= 1)).toBe(true)
    expect(result.mixture).toBeNull()
  }, 60_000)
})

describe('scores of an image search', () => {
  it('come from Beimingwu\'s transform while it keeps the learnwares apart, else from the MMD² itself', () => {
    const referenceScale = [0, 2e-5, 6e-5, 1.5e-4]
    expect(scoreDistances(referenceScale)).toEqual(referenceScale.map(imageSearchDistance))
    // specs with a fitted Z (the starter dock's): the transform is 1.0 for all of them
    const fitted = [7.7e-3, 1.27e-2, 1.72e-2, 2.04e-2]
    expect(new Set(fitted.map(imageSearchDistance))).toEqual(new Set([1]))
    expect(scoreDistances(fitted)).toEqual(fitted)
    expect(distancesToScores(scoreDistances(fitted))[0]).toBeGreaterThan(distancesToScores(scoreDistances(fitted))[1])
    // equal distances may stay equal
    expect(scoreDistances([1e-5, 1e-5, 3e-5])).toEqual([1e-5, 1e-5, 3e-5].map(imageSearchDistance))
  })
})
