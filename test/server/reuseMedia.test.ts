/**
 * The Preview screen's calls with images and texts, through the web server: a reuse preview and a learning
 * curve of starter image learnwares on a labelled PNG folder and on an IDX task (its codes named by
 * `classNames`), and of text learnwares on a CSV's text column with its label column — scored on the pixel /
 * embedding table the learnwares take, with the chosen learnwares that share no class left out and listed
 * with the reason. Also the errors a user can act on: unlabelled images, no label column, no shared class,
 * and data named twice. Real HTTP, workers, SQLite and onnxruntime on the starter dock's packages.
 */

import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runJob, type ReusePreviewResult } from '../../src/shared/api'
import { BROWN_TASK, IDX_TASK, PNG_FOLDER, useMediaApp } from './mediaFixture'

const app = useMediaApp('lwd-reuse-media-')
const fashion = (): string[] => [app.ids['fashion-01-t-shirt_top-ankle_boot'], app.ids['fashion-04-bag-trouser'], app.ids['fashion-11-sandal-sneaker']]

function accuracy(result: ReusePreviewResult, id: string): number | undefined {
  const candidate = result.candidates.find((c) => c.id === id)
  return candidate?.status === 'ok' ? candidate.metrics.accuracy?.mean : undefined
}

describe('images', () => {
  it('previews three image learnwares on a labelled folder: pixel columns, every method scored, progress to 1', async () => {
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: PNG_FOLDER } })
    const fractions: number[] = []
    const result = await runJob(app.web.api, () => app.web.api.reusePreview({ imageSetId: view.imageSetId, learnwareIds: fashion(), labelledRows: 60, repeats: 2 }), {
      onProgress: (f) => fractions.push(f)
    })
    expect(result).toMatchObject({ datasetId: view.imageSetId, task: 'classification', usableRows: 120, labelledRows: 60, heldOutRows: 60, repeats: 2 })
    expect(result.media).toEqual({ kind: 'images', inputNote: '120 images, as the learnwares take them: 784 pixel columns', skipped: [] })
    expect(result.classNames).toHaveLength(10)
    expect(result.metricNames[0]).toBe('accuracy')
    const failed = result.candidates.filter((c) => c.status === 'failed')
    expect(failed).toEqual([])
    for (const id of ['scratch', 'averaging', 'ensemble-pruning', 'job-selector', `single:${fashion()[0]}`]) expect(accuracy(result, id)).toBeGreaterThan(0)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    expect(fractions.at(-1)).toBe(1)
  }, 180_000)

  it('previews an IDX task with its codes named: the learnware sharing no class is left out with the reason, reuse beats scratch', async () => {
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: IDX_TASK } })
    expect(view.classes?.map((c) => c.name)).toEqual(['class 0', 'class 9'])
    const result = await runJob(app.web.api, () => app.web.api.reusePreview({
      imageSetId: view.imageSetId, classNames: ['t-shirt_top', 'ankle_boot'], learnwareIds: fashion(), labelledRows: 10, repeats: 3, methods: ['single', 'averaging']
    }))
    expect(result.classNames).toEqual(['ankle_boot', 't-shirt_top'])
    expect(result.media?.skipped).toEqual([{ id: app.ids['fashion-04-bag-trouser'], name: expect.any(String), reason: expect.stringMatching(/none of its classes/) }])
    const reused = accuracy(result, 'averaging')!
    expect(reused).toBeGreaterThan(0.9)
    expect(reused).toBeGreaterThan(accuracy(result, 'scratch')!)
    expect(result.candidates.some((c) => c.learnwareIds.includes(app.ids['fashion-04-bag-trouser']))).toBe(false)
  }, 180_000)

  it('draws the learning curve on the IDX task', async () => {
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: IDX_TASK } })
    const curve = await runJob(app.web.api, () => app.web.api.reuseCurve({
      imageSetId: view.imageSetId, classNames: ['t-shirt_top', 'ankle_boot'], learnwareIds: fashion().slice(0, 1), methods: ['single'], sizes: [10, 30], repeats: 2
    }))
    expect(curve.sizes).toEqual([10, 30])
    expect(curve.media?.kind).toBe('images')
    expect(curve.series.map((s) => s.id)).toContain('scratch')
    expect(curve.series.every((s) => s.mean.accuracy?.every((value) => value !== null))).toBe(true)
  }, 180_000)

  it('says what is wrong: unlabelled images, codes no learnware knows, a wrong number of class names', async () => {
    const flat = join(app.scratch, 'flat')
    await mkdir(flat, { recursive: true })
    for (const file of ['00018.png', '00030.png', '00031.png']) await copyFile(join(PNG_FOLDER, 'bag', file), join(flat, file))
    const unlabelled = await app.web.api.imagesOpen({ source: { kind: 'path', path: flat } })
    await expect(app.web.api.reusePreview({ imageSetId: unlabelled.imageSetId, learnwareIds: fashion() })).rejects.toMatchObject({
      code: 'REUSE_NEEDS_LABELS', message: expect.stringMatching(/^flat: the preview scores methods on labelled images/)
    })
    const idx = await app.web.api.imagesOpen({ source: { kind: 'path', path: IDX_TASK } })
    await expect(runJob(app.web.api, () => app.web.api.reusePreview({ imageSetId: idx.imageSetId, learnwareIds: fashion(), labelledRows: 10, repeats: 1 }))).rejects.toMatchObject({
      code: 'REUSE_LABEL_MISMATCH', message: expect.stringMatching(/class 0/)
    })
    await expect(app.web.api.reusePreview({ imageSetId: idx.imageSetId, classNames: ['t-shirt_top'], learnwareIds: fashion() })).rejects.toMatchObject({
      code: 'DATA_BAD_VALUE', message: expect.stringMatching(/names 1 classes but the images have 2/)
    })
  }, 120_000)
})

describe('texts', () => {
  it('previews two text learnwares on a text column with its label column: the one without fiction or press is left out', async () => {
    const view = await app.web.api.textsOpen({ source: { kind: 'path', path: BROWN_TASK }, column: 'text' })
    const learnwareIds = [app.ids['brown-fiction-press-lore-hobbies-a'], app.ids['brown-learned-government-lore-hobbies-letters-religion-humor-a']]
    const result = await runJob(app.web.api, () => app.web.api.reusePreview({ textSetId: view.textSetId, labelColumn: 'target', learnwareIds, labelledRows: 50, repeats: 2 }))
    expect(result).toMatchObject({ datasetId: view.textSetId, task: 'classification', usableRows: 488, labelledRows: 50 })
    expect(result.classNames).toEqual(['fiction', 'press'])
    expect(result.media?.kind).toBe('texts')
    expect(result.media?.inputNote).toMatch(/^488 texts, as the learnwares take them: their \d+-wide embedding$/)
    expect(result.media?.skipped.map((s) => s.id)).toEqual([learnwareIds[1]])
    expect(accuracy(result, `single:${learnwareIds[0]}`)).toBeGreaterThan(0.6)
    expect(accuracy(result, 'scratch')).toBeGreaterThan(0)
  }, 180_000)

  it('needs a label column other than the texts, and one kind of data', async () => {
    const view = await app.web.api.textsOpen({ source: { kind: 'path', path: BROWN_TASK }, column: 'text' })
    const learnwareIds = [app.ids['brown-fiction-press-lore-hobbies-a']]
    await expect(app.web.api.reusePreview({ textSetId: view.textSetId, learnwareIds })).rejects.toMatchObject({ code: 'DATA_MISSING_COLUMN', hint: expect.stringMatching(/target/) })
    await expect(app.web.api.reuseCurve({ textSetId: view.textSetId, labelColumn: 'text', learnwareIds })).rejects.toMatchObject({ code: 'DATA_BAD_VALUE' })
    await expect(app.web.api.reusePreview({ textSetId: view.textSetId, imageSetId: 'img-1', labelColumn: 'target', learnwareIds })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(app.web.api.reusePreview({ learnwareIds })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
