/**
 * Images and texts through the web server, as the Data and Search screens use them: open a labelled PNG
 * folder (counts per class, skipped files with reasons, thumbnails spread over the classes), an IDX user
 * task with its labels, a CSV's text column (by path and uploaded, samples and language), and search with
 * each as a job whose progress streams to 1 — the learnwares made for that kind of data come first. Also a
 * cancelled image search, the errors a user can act on, and packing an image or text classifier (trained
 * here) with the images or texts opened, as the Submit wizard does. Real HTTP, workers, SQLite and onnxruntime.
 */

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadImageFolder } from '../../src/engine/data/images'
import { createHashedNgramEmbedder } from '../../src/engine/text'
import { imageMlpToOnnx, trainLogisticRegression, trainMlpClassifier } from '../../src/engine/train'
import { base64ToBytes, bytesToBase64, MAX_THUMBNAILS, runJob, type JobEvent } from '../../src/shared/api'
import { brownRows, loadBrown } from '../engine/dock/textFixtures'
import { BROWN_TASK, IDX_TASK, PNG_FOLDER, useMediaApp } from './mediaFixture'
import { repoRoot } from './webFixture'

const app = useMediaApp('lwd-media-')

describe('images', () => {
  it('opens a labelled folder: counts per class, thumbnails of every class, files left out with the reason', async () => {
    const folder = join(app.scratch, 'fashion')
    for (const label of ['bag', 'sandal']) {
      await mkdir(join(folder, label), { recursive: true })
      for (const file of ['00018.png', '00030.png', '00031.png', '00034.png', '00053.png'].slice(0, label === 'bag' ? 5 : 0)) await copyFile(join(PNG_FOLDER, label, file), join(folder, label, file))
    }
    for (const file of ['00008.png', '00011.png', '00021.png']) await copyFile(join(PNG_FOLDER, 'sandal', file), join(folder, 'sandal', file))
    await writeFile(join(folder, 'sandal', 'broken.png'), 'not a png')
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: folder } })
    expect(view).toMatchObject({ sourceName: 'fashion', images: 8, width: 28, height: 28, channels: 1, skippedCount: 1, resized: 0, filesFound: 9, sampled: false })
    expect(view.imageSetId).toMatch(/^img-\d+$/)
    expect(view.classes).toEqual([{ name: 'bag', count: 5 }, { name: 'sandal', count: 3 }])
    expect(view.skipped[0].file).toBe('sandal/broken.png')
    expect(view.skipped[0].reason.length).toBeGreaterThan(5)
    // Round-robin over the classes: bag, sandal, bag, sandal, bag, sandal, bag, bag.
    expect(view.thumbnails.map((t) => t.label)).toEqual(['bag', 'sandal', 'bag', 'sandal', 'bag', 'sandal', 'bag', 'bag'])
    const first = view.thumbnails[0]
    expect(first).toMatchObject({ file: 'bag/00018.png', width: 28, height: 28, channels: 1 })
    const pixels = base64ToBytes(first.pixels)
    expect(pixels.length).toBe(28 * 28)
    expect(Math.max(...pixels)).toBeGreaterThan(100)
  })

  it('caps thumbnails for a big folder and shows all 10 classes', async () => {
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: PNG_FOLDER } })
    expect(view.images).toBe(120)
    expect(view.classes).toHaveLength(10)
    expect(view.thumbnails).toHaveLength(MAX_THUMBNAILS)
    expect(new Set(view.thumbnails.map((t) => t.label)).size).toBe(10)
  })

  it('opens an IDX file with its labels beside it, and searches with it: the learnware of those classes first', async () => {
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: IDX_TASK } })
    expect(view).toMatchObject({ images: 120, width: 28, height: 28 })
    expect(view.classes).toEqual([{ name: 'class 0', count: 60 }, { name: 'class 9', count: 60 }])
    const fractions: number[] = []
    const result = await runJob(app.web.api, () => app.web.api.searchRun({ imageSetId: view.imageSetId, mixture: 'none' }), { onProgress: (f) => fractions.push(f) })
    expect(result.dataKind).toBe('images')
    expect(result.datasetId).toBe(view.imageSetId)
    expect(result.single[0].id).toBe(app.ids['fashion-01-t-shirt_top-ankle_boot'])
    expect(result.single.every((hit) => hit.learnware.dataType === 'Image')).toBe(true)
    expect(result.texts).toBeNull()
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
  }, 120_000)

  it('cancels an image search', async () => {
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: PNG_FOLDER } })
    const ticket = await app.web.api.searchRun({ imageSetId: view.imageSetId })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await app.web.api.jobCancel({ jobId: ticket.jobId })).toEqual({ jobId: ticket.jobId, cancelled: true })
    await expect.poll(async () => (await app.web.api.jobGet({ jobId: ticket.jobId })).status, { timeout: 15_000 }).toBe('cancelled')
    const ends = app.web.eventsNamed('job').filter((e: JobEvent) => e.jobId === ticket.jobId && e.status !== 'progress')
    expect(ends.map((e: JobEvent) => e.status)).toEqual(['cancelled'])
  }, 30_000)

  it('says what is wrong with a path that holds no images', async () => {
    await expect(app.web.api.imagesOpen({ source: { kind: 'path', path: join(app.scratch, 'nothing-here') } })).rejects.toMatchObject({ code: 'IO_NOT_FOUND' })
    await expect(app.web.api.imagesOpen({ source: { kind: 'path', path: BROWN_TASK } })).rejects.toMatchObject({ code: 'DATA_NO_IMAGES', message: expect.stringMatching(/brown-fiction--press\.csv is a file/) })
    await expect(app.web.api.searchRun({ imageSetId: 'img-999' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(app.web.api.searchRun({ imageSetId: 'img-1', textSetId: 'txt-1' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})

describe('reuse', () => {
  it('refuses an image learnware for a reuse preview of a table, saying how to run it instead', async () => {
    const view = await app.web.api.dataOpen({ source: { kind: 'path', path: join(repoRoot, 'test/fixtures/tabular/iris.csv') }, options: { target: 'target' } })
    await expect(app.web.api.reusePreview({ datasetId: view.datasetId, learnwareIds: [app.ids['fashion-04-bag-trouser']] })).rejects.toMatchObject({
      code: 'DATA_BAD_VALUE',
      message: expect.stringMatching(/is an image learnware; reuse previews, learning curves and exported bundles work with table learnwares only/),
      hint: expect.stringMatching(/--images/)
    })
  })
})

describe('texts', () => {
  it('opens the longest text column by default, with samples, text columns and the language', async () => {
    const view = await app.web.api.textsOpen({ source: { kind: 'path', path: BROWN_TASK } })
    expect(view).toMatchObject({ fileName: 'brown-fiction--press.csv', column: 'text', language: ['en'], skippedCount: 0 })
    expect(view.textSetId).toMatch(/^txt-\d+$/)
    expect(view.texts).toBe(488)
    expect(view.textColumns).toContain('text')
    expect(view.samples).toHaveLength(5)
    expect(view.samples[0].text.length).toBeGreaterThan(20)
    expect(view.samples.every((s) => s.text.length <= 400)).toBe(true)
  })

  it('opens a chosen column of an uploaded copy, and refuses a column that is not there', async () => {
    const bytes = await readFile(BROWN_TASK)
    const upload = { kind: 'bytes' as const, fileName: 'mine.csv', base64: bytesToBase64(bytes) }
    const view = await app.web.api.textsOpen({ source: upload, column: 'target' })
    expect(view).toMatchObject({ fileName: 'mine.csv', column: 'target' })
    await expect(app.web.api.textsOpen({ source: upload, column: 'no-such' })).rejects.toMatchObject({ code: 'DATA_UNKNOWN_COLUMN', message: expect.stringMatching(/no-such/) })
  })

  it('searches with the texts: a learnware trained on those genres first; the result names the language and embedder', async () => {
    const view = await app.web.api.textsOpen({ source: { kind: 'path', path: BROWN_TASK }, column: 'text' })
    const result = await runJob(app.web.api, () => app.web.api.searchRun({ textSetId: view.textSetId }))
    expect(result.dataKind).toBe('texts')
    expect(result.single[0].id).toBe(app.ids['brown-fiction-press-lore-hobbies-a'])
    expect(result.single.every((hit) => hit.learnware.dataType === 'Text')).toBe(true)
    expect(result.texts).toMatchObject({ language: ['en'], incomparable: [] })
    expect(result.texts!.embedders).toHaveLength(1)
  }, 120_000)
})

describe('submitting image and text classifiers', () => {
  const semantic = { name: 'Ten Fashion-MNIST classes', description: 'An MLP over 28 × 28 pixels', task: 'Classification' as const, scenarios: ['Business'], license: 'MIT' }

  it('packs an image classifier with the opened images (labels from the sub-folders) and adds it to the dock', async () => {
    const folder = await loadImageFolder(PNG_FOLDER)
    const mlp = trainMlpClassifier({ features: folder.images.data, rows: folder.images.count, cols: 784, labels: folder.labels!.codes }, { hiddenLayers: [16], seed: 0, epochs: 30 })
    const model = { kind: 'bytes' as const, fileName: 'fashion-mlp.onnx', base64: bytesToBase64(imageMlpToOnnx(mlp, { channels: 1, height: 28, width: 28 })) }
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: PNG_FOLDER } })
    const result = await runJob(app.web.api, () => app.web.api.submitPack({ model, training: { imageSetId: view.imageSetId }, semantic, k: 10 }))
    expect(result.check.status).toBe('usable')
    expect(result.spec).toEqual({ type: 'RKMEImageSpecification', k: 10, featuresPerRow: null, gamma: null, numPoints: 120 })
    expect(result.semanticSpec).toMatchObject({ Data: { Values: ['Image'] } })
    expect((await app.web.api.dockGet({ id: result.learnwareId! })).status).toBe('usable')

    const regression = app.web.api.submitPack({ model, training: { imageSetId: view.imageSetId }, semantic: { ...semantic, task: 'Regression' } })
    await expect(regression).rejects.toMatchObject({ message: expect.stringMatching(/image learnware packed here is a classifier/) })
    const flat = join(app.scratch, 'flat')
    await mkdir(flat, { recursive: true })
    for (const file of ['00018.png', '00030.png']) await copyFile(join(PNG_FOLDER, 'bag', file), join(flat, file))
    const unlabelled = await app.web.api.imagesOpen({ source: { kind: 'path', path: flat } })
    expect(unlabelled.classes).toBeNull()
    await expect(app.web.api.submitPack({ model, training: { imageSetId: unlabelled.imageSetId }, semantic })).rejects.toMatchObject({ code: 'DATA_MISSING_COLUMN', message: expect.stringMatching(/flat has no labels/) })
  }, 120_000)

  it('packs a text classifier with the opened texts and their label column', async () => {
    const brown = await loadBrown()
    const train = brownRows(brown, ['fiction_romance', 'humor'], 'learnware')
    const classes = ['fiction_romance', 'humor']
    const embedder = createHashedNgramEmbedder()
    const lr = trainLogisticRegression({ features: await embedder.embed(train.texts), rows: train.texts.length, cols: embedder.dimension, labels: train.labels.map((l) => classes.indexOf(l)) })
    const csv = join(app.scratch, 'romance-humor.csv')
    await writeFile(csv, ['text,genre', ...train.texts.map((t, i) => `"${t.replace(/"/g, '""')}",${train.labels[i]}`)].join('\n'))
    const view = await app.web.api.textsOpen({ source: { kind: 'path', path: csv }, column: 'text' })
    const model = { kind: 'bytes' as const, fileName: 'genre.onnx', base64: bytesToBase64(lr.toOnnx()) }
    await expect(app.web.api.submitPack({ model, training: { textSetId: view.textSetId }, semantic: { ...semantic, name: 'Romance or humour' } })).rejects.toMatchObject({ code: 'DATA_MISSING_COLUMN' })
    const result = await runJob(app.web.api, () => app.web.api.submitPack({ model, training: { textSetId: view.textSetId }, target: 'genre', semantic: { ...semantic, name: 'Romance or humour' }, gamma: 0.003, k: 40 }))
    expect(result.check.status).toBe('usable')
    expect(result.spec).toMatchObject({ type: 'RKMETextSpecification', k: 40, gamma: 0.003, featuresPerRow: embedder.dimension })
    expect(result.semanticSpec).toMatchObject({ Data: { Values: ['Text'] } })
    expect(result.learnwareId).not.toBeNull()
  }, 120_000)
})
