/**
 * The Export step with images and texts, through the web server: a bundle exported from an opened starter
 * image folder (three Fashion learnwares, averaged) and from a CSV text column with its label column (one
 * Brown learnware, the other left out with the reason), saved as the user would save it, then opened — its
 * manifest says what it takes raw, it carries prepare.mjs and the examples, and the engine's verifyBundle
 * (golden rows, and the raw examples replayed) passes on the saved file. Also the errors a user can act on.
 * Real HTTP, workers, SQLite and onnxruntime on the starter dock's packages.
 */

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { verifyBundle } from '../../src/engine/export'
import { runJob, type BundleExportResult } from '../../src/shared/api'
import { BROWN_TASK, PNG_FOLDER, useMediaApp } from './mediaFixture'

const app = useMediaApp('lwd-export-media-')
const fashion = (): string[] => [app.ids['fashion-01-t-shirt_top-ankle_boot'], app.ids['fashion-04-bag-trouser'], app.ids['fashion-11-sandal-sneaker']]
const brown = (): string[] => [app.ids['brown-fiction-press-lore-hobbies-a'], app.ids['brown-learned-government-lore-hobbies-letters-religion-humor-a']]

/** Saves the bundle's output as the Export screen does, and reads it back. */
async function savedBundle(result: BundleExportResult): Promise<{ path: string; files: Record<string, Uint8Array>; manifest: Record<string, any> }> {
  const path = join(app.scratch, result.output.fileName)
  await app.web.api.outputSave({ outputId: result.output.outputId, path, overwrite: true })
  const files = unzipSync(await readFile(path))
  return { path, files, manifest: JSON.parse(strFromU8(files['manifest.json'])) }
}

describe('export from images', () => {
  it('averages three image learnwares on a labelled folder into a bundle that takes raw images and verifies', async () => {
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: PNG_FOLDER } })
    const fractions: number[] = []
    const result = await runJob(app.web.api, () => app.web.api.bundleExport({ imageSetId: view.imageSetId, method: 'averaging', learnwareIds: fashion() }), {
      onProgress: (f) => fractions.push(f)
    })
    expect(result).toMatchObject({ method: 'averaging', task: 'classification', inputColumns: [], verification: { passed: true } })
    expect(result.media).toEqual({ kind: 'images', inputNote: '120 images, as the learnwares take them: 784 pixel columns', skipped: [], textColumn: null })
    expect(result.members.map((m) => m.id)).toEqual(fashion())
    expect(result.classNames).toHaveLength(10)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    expect(fractions.at(-1)).toBe(1)

    const bundle = await savedBundle(result)
    expect(bundle.manifest.input).toMatchObject({ kind: 'images', image: { channels: 1, height: 28, width: 28 } })
    expect(bundle.files['prepare.mjs']?.byteLength).toBeGreaterThan(1000)
    const examples = bundle.manifest.input.image.examples as string[]
    expect(examples.length).toBeGreaterThan(0)
    for (const file of examples) expect(bundle.files[file], file).toBeDefined()
    const check = await verifyBundle(bundle.path)
    expect(check.passed, check.summary).toBe(true)
  }, 240_000)

  it('refuses unlabelled images before any work, naming the folder', async () => {
    const view = await app.web.api.imagesOpen({ source: { kind: 'path', path: join(PNG_FOLDER, 'bag') } })
    await expect(app.web.api.bundleExport({ imageSetId: view.imageSetId, method: 'single', learnwareIds: fashion() })).rejects.toMatchObject({
      code: 'REUSE_NEEDS_LABELS', message: expect.stringMatching(/^bag: a bundle is fitted and checked on labelled images/)
    })
  })
})

describe('export from texts', () => {
  it('exports one text learnware on a text column with its label column: the one without fiction or press is left out', async () => {
    const view = await app.web.api.textsOpen({ source: { kind: 'path', path: BROWN_TASK }, column: 'text' })
    const result = await runJob(app.web.api, () => app.web.api.bundleExport({ textSetId: view.textSetId, labelColumn: 'target', method: 'single', learnwareIds: brown(), name: 'Fiction or press' }))
    expect(result).toMatchObject({ name: 'Fiction or press', method: 'single', inputColumns: [], classNames: ['fiction', 'press'], verification: { passed: true } })
    expect(result.members.map((m) => m.id)).toEqual([brown()[0]])
    expect(result.media).toMatchObject({ kind: 'texts', textColumn: 'text', inputNote: expect.stringMatching(/^488 texts, as the learnwares take them: their \d+-wide embedding$/) })
    expect(result.media?.skipped.map((s) => s.id)).toEqual([brown()[1]])

    const bundle = await savedBundle(result)
    expect(bundle.manifest.input).toMatchObject({ kind: 'texts', text: { column: 'text', embedder: { kind: 'hashed-ngram' } } })
    expect(bundle.files['prepare.mjs']?.byteLength).toBeGreaterThan(1000)
    expect(strFromU8(bundle.files['example.csv']).split('\n')[0]).toBe('row,"text"')
    expect(JSON.parse(strFromU8(bundle.files['golden.json'])).texts.length).toBeGreaterThan(0)
    const check = await verifyBundle(bundle.path)
    expect(check.passed, check.summary).toBe(true)
  }, 240_000)

  it('needs the label column and one kind of data', async () => {
    const view = await app.web.api.textsOpen({ source: { kind: 'path', path: BROWN_TASK }, column: 'text' })
    const learnwareIds = brown().slice(0, 1)
    await expect(app.web.api.bundleExport({ textSetId: view.textSetId, method: 'single', learnwareIds })).rejects.toMatchObject({
      code: 'DATA_MISSING_COLUMN', message: expect.stringMatching(/name the label column; a bundle is fitted and checked on labelled texts/)
    })
    await expect(app.web.api.bundleExport({ textSetId: view.textSetId, datasetId: 'ds-1', labelColumn: 'target', method: 'single', learnwareIds })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(app.web.api.bundleExport({ method: 'single', learnwareIds })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
