/**
 * Reusing image and text learnwares (mediaReuse.ts) on real data and real components: starter-dock Fashion-MNIST
 * and Brown-corpus learnwares added to a fresh dock under the real checker, an image user task (IDX files of
 * held-out test images) and a text user task (held-out paragraphs); the prepared table and learnwares go
 * through previewReuse and learningCurve with onnxruntime. Also every refusal, each naming the learnware.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dockCheck } from '../../../src/engine/check'
import { loadImageFolder, resizeImageBatch, type ImageBatch } from '../../../src/engine/data/images'
import { openDock, type Dock } from '../../../src/engine/dock'
import { packImageLearnware } from '../../../src/engine/pack'
import { createReuser, learningCurve, prepareImageReuse, prepareTextReuse, previewReuse, type CandidateOutcome } from '../../../src/engine/reuse'
import { OnnxModelCache } from '../../../src/engine/runtime'
import { createHashedNgramEmbedder, type TextCollection } from '../../../src/engine/text'
import { imageMlpToOnnx, trainMlpClassifier } from '../../../src/engine/train'
import { fixturesDir } from '../../helpers/fixtures'
import { brownRows, loadBrown, textPackage } from '../dock/textFixtures'
import { addStarterPackages, BOTH, BOOTS, FICTION_PRESS, fictionPressTask, TSHIRTS, tshirtBootTask } from '../../helpers/starterMedia'

/** Besides the shared ones (test/helpers/starterMedia.ts): a learnware of neither class, of neither genre, and a table one. */
const NEITHER = 'fashion-04-bag-trouser'
const NO_FICTION_PRESS = 'brown-learned-government-lore-hobbies-letters-religion-humor-a'
const TABLE = 'iris-all-species'

let dir: string
let dock: Dock
const cache = new OnnxModelCache({ maxModels: 16 })
let idOf: Map<string, string>
let images: ImageBatch
let imageLabels: string[]
let texts: string[]
let textLabels: string[]
let brown: TextCollection

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-reuse-'))
  dock = await openDock(dir, { check: dockCheck({ cache }) })
  idOf = await addStarterPackages(dock, [BOTH, BOOTS, TSHIRTS, NEITHER, ...FICTION_PRESS, NO_FICTION_PRESS, TABLE]);
  ({ images, labels: imageLabels } = await tshirtBootTask());
  ({ texts, labels: textLabels } = await fictionPressTask())
  brown = await loadBrown()
}, 180_000)

afterAll(async () => {
  dock?.close()
  await cache.dispose()
  await rm(dir, { recursive: true, force: true })
})

const ids = (...slugs: string[]) => slugs.map((slug) => idOf.get(slug)!)
const accuracy = (outcomes: readonly CandidateOutcome[], id: string) => {
  const outcome = outcomes.find((c) => c.id === id)
  expect(outcome?.status, `${id}: ${outcome?.status === 'failed' ? outcome.error.message : 'missing'}`).toBe('ok')
  return outcome!.status === 'ok' ? outcome!.metrics.accuracy!.mean : NaN
}
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a LearnwareError') }, (error) => error)

describe('prepareImageReuse', () => {
  it('makes the pixel table the models take and pixel-space specs at one γ; reuse beats training from scratch on 10 labels', async () => {
    const prepared = await prepareImageReuse(dock, ids(BOTH, BOOTS, TSHIRTS), images, imageLabels, { source: 'tshirts-and-boots', cache })
    expect(prepared.skipped).toEqual([])
    expect(prepared.table).toMatchObject({ source: 'tshirts-and-boots', rowsKept: 120, featuresPerRow: 28 * 28 })
    expect(prepared.table.target!.classes).toEqual(['ankle_boot', 't-shirt_top'])
    expect(prepared.learnwares.map((l) => l.id)).toEqual(ids(BOTH, BOOTS, TSHIRTS))
    const gammas = prepared.learnwares.map((l) => l.spec!.gamma)
    expect(new Set(gammas).size).toBe(1)
    expect(gammas[0]).toBeGreaterThan(0)
    for (const l of prepared.learnwares) expect(l.spec).toMatchObject({ featuresPerRow: 784, k: 20 })
    // Spec points are back in 0–255 pixels (the models' scale is 1), not standardised units.
    const z = prepared.learnwares[0].spec!.z
    expect(Math.max(...z)).toBeGreaterThan(100)
    // the table was made for the learnwares: no notes on matching or filling table columns
    const context = { task: 'classification' as const, classNames: prepared.table.target!.classes!, inputEncoding: prepared.table.encoding, cache, seed: 0 }
    const memberNotes = createReuser('averaging', prepared.learnwares, context).summary().members.flatMap((m) => m.notes)
    expect(memberNotes.filter((note) => /matched by their order|training means/.test(note))).toEqual([])

    const { candidates } = await previewReuse({ table: prepared.table, learnwares: prepared.learnwares, labelledRows: 10, repeats: 3, seed: 0, cache, methods: ['single', 'averaging', 'job-selector', 'ensemble-pruning'] })
    const scratch = accuracy(candidates, 'scratch')
    // Measured: the learnware trained on both classes 1.000, averaging 1.000, pruning 1.000, JobSelector 0.982; scratch 0.945.
    expect(accuracy(candidates, `single:${idOf.get(BOTH)}`)).toBeGreaterThan(0.95)
    expect(accuracy(candidates, `single:${idOf.get(BOOTS)}`)).toBeLessThan(0.6)   // knows ankle boots only
    expect(accuracy(candidates, 'averaging')).toBeGreaterThanOrEqual(scratch)
    expect(accuracy(candidates, 'ensemble-pruning')).toBeGreaterThanOrEqual(scratch)
    expect(accuracy(candidates, 'job-selector')).toBeGreaterThan(0.9)
  }, 240_000)

  it('leaves out what a search picked but cannot be reused on these images, with the reason', async () => {
    const search = { single: ids(NEITHER, BOTH, TABLE).map((id) => ({ id })), mixture: null }
    const prepared = await prepareImageReuse(dock, search, images, imageLabels, { cache })
    expect(prepared.learnwares.map((l) => l.id)).toEqual(ids(BOTH))
    expect(prepared.skipped.map((s) => s.id)).toEqual(ids(TABLE, NEITHER))
    expect(prepared.skipped[0].reason).toMatch(/is a table learnware; it cannot be reused on your images/)
    expect(prepared.skipped[1].reason).toMatch(/none of its classes \("trouser", "coat", "shirt", "bag"\) matches your classes/)
  })

  it('refuses, naming the learnware: a table or text learnware, one sharing no class, images of another size', async () => {
    await expect(failure(prepareImageReuse(dock, ids(BOTH, TABLE), images, imageLabels))).resolves.toMatchObject({
      code: 'DATA_BAD_VALUE', message: expect.stringMatching(new RegExp(`^${idOf.get(TABLE)} \\("Iris.*"\\) is a table learnware; it cannot be reused on your images`))
    })
    await expect(failure(prepareImageReuse(dock, ids(FICTION_PRESS[0]), images, imageLabels))).resolves.toMatchObject({ code: 'DATA_BAD_VALUE', message: expect.stringMatching(/is a text learnware; it cannot be reused on your images/) })
    await expect(failure(prepareImageReuse(dock, ids(BOTH, NEITHER), images, imageLabels))).resolves.toMatchObject({
      code: 'REUSE_LABEL_MISMATCH', message: expect.stringMatching(new RegExp(`^${idOf.get(NEITHER)}: .*none of its classes`))
    })
    const small = await smallImageLearnware()
    await expect(failure(prepareImageReuse(dock, [idOf.get(BOTH)!, small], images, imageLabels))).resolves.toMatchObject({
      code: 'SPEC_DIMENSION_MISMATCH', message: expect.stringMatching(new RegExp(`^${small} \\(".*"\\) takes 1 × 14 × 14 \\(scale 1\\) images but ${idOf.get(BOTH)} .* takes 1 × 28 × 28 \\(scale 1\\)`))
    })
    await expect(failure(prepareImageReuse(dock, ids(BOTH), images, imageLabels.slice(1)))).resolves.toMatchObject({ code: 'DATA_BAD_VALUE', message: expect.stringMatching(/120 items but 119 labels/) })
  }, 120_000)
})

describe('prepareTextReuse', () => {
  it('makes the built-in embedding table with the learnwares\' text specs; reuse beats training from scratch on 10 labels', async () => {
    const prepared = await prepareTextReuse(dock, ids(...FICTION_PRESS), texts, textLabels, { cache })
    expect(prepared.table).toMatchObject({ rowsKept: texts.length, featuresPerRow: 384 })
    expect(prepared.table.target!.classes).toEqual(['fiction', 'press'])
    expect(prepared.learnwares.map((l) => l.spec?.featuresPerRow)).toEqual([384, 384])
    const curve = await learningCurve({ table: prepared.table, learnwares: prepared.learnwares, methods: ['averaging'], sizes: [10, 30], repeats: 2, seed: 0, cache })
    const at = (method: string) => curve.series.find((s) => s.method === method)!.mean.accuracy![0]
    // Measured (preview, 10 labels, 3 repeats): averaging 0.805, scratch 0.600.
    expect(at('averaging')).toBeGreaterThan(at('scratch') + 0.05)
  }, 240_000)

  it('refuses an image learnware, one sharing no genre, and another embedder unless it is offered', async () => {
    await expect(failure(prepareTextReuse(dock, ids(BOTH), texts, textLabels))).resolves.toMatchObject({ code: 'DATA_BAD_VALUE', message: expect.stringMatching(/is an image learnware; it cannot be reused on your texts/) })
    await expect(failure(prepareTextReuse(dock, ids(FICTION_PRESS[0], NO_FICTION_PRESS), texts, textLabels))).resolves.toMatchObject({
      code: 'REUSE_LABEL_MISMATCH', message: expect.stringMatching(new RegExp(`^${idOf.get(NO_FICTION_PRESS)}: .*none of its classes`))
    })
    const other = createHashedNgramEmbedder({ seed: 1 })
    const { id } = await dock.add(await textPackage(brown, ['learned', 'religion'], 'Learned or religion, other embedder', { embedder: other }))
    const user = brownRows(brown, ['learned', 'religion'], 'user')
    await expect(failure(prepareTextReuse(dock, [id], user.texts, user.labels))).resolves.toMatchObject({
      code: 'SPEC_EMBEDDER_MISMATCH', message: expect.stringMatching(new RegExp(`^${id} \\(".*"\\) takes texts embedded by .*seed=1.*, not the built-in`))
    })
    const prepared = await prepareTextReuse(dock, [id], user.texts, user.labels, { embedders: [other], cache })
    expect(prepared.learnwares.map((l) => l.id)).toEqual([id])
  }, 120_000)
})

/** A 14 × 14 image classifier (an MLP over pixels) trained on the fixture PNGs, added to the dock. */
async function smallImageLearnware(): Promise<string> {
  const folder = await loadImageFolder(join(fixturesDir, 'images', 'fashion-mnist-png'))
  const small = resizeImageBatch(folder.images, 14, 14)
  const mlp = trainMlpClassifier({ features: small.data, rows: small.count, cols: 196, labels: folder.labels!.codes }, { hiddenLayers: [8], seed: 0, epochs: 10 })
  const { zip } = await packImageLearnware({
    onnxModel: imageMlpToOnnx(mlp, { channels: 1, height: 14, width: 14 }),
    images: small,
    labels: Array.from(folder.labels!.codes, (c) => folder.labels!.classes[c]),
    classes: folder.labels!.classes,
    k: 5,
    steps: 5,
    check: false,
    semantic: { name: 'Small Fashion-MNIST thumbnails', description: 'MLP over 14 × 14 pixels', scenarios: ['Business'], license: 'MIT' }
  })
  const added = await dock.add(zip)
  expect(added.status).toBe('usable')
  return added.id
}
