/**
 * The Export step's request and result words: it names the data exactly as the Preview step does (a table,
 * labelled images with their new class names, texts with the label column chosen on either screen), says
 * what is missing before anything is sent, and tells how to run a bundle of a table, of images
 * (`--images <folder>`) and of texts (`--texts <file.csv>`, in the column it was fitted on).
 */

import { describe, expect, it } from 'vitest'
import type { BundleExportResult, ImageSetView, TextSetView } from '../../src/shared/api'
import { bundleInputWords, bundleRunSnippet } from '../../src/renderer/src/format/bundleRun'
import { previewDataOf, reuseDataArgs } from '../../src/renderer/src/stores/reuseData'

const imageSet: ImageSetView = {
  imageSetId: 'img-1', sourceName: 'fashion-mnist-png', images: 120, width: 28, height: 28, channels: 1,
  classes: [{ name: 'bag', count: 12 }, { name: 'trouser', count: 12 }], skipped: [], skippedCount: 0, resized: 0, filesFound: 120, sampled: false, thumbnails: []
}
const textSet: TextSetView = {
  textSetId: 'txt-2', fileName: 'brown.csv', column: 'text', textColumns: ['text', 'target'], texts: 488, samples: [], language: ['en'], skippedCount: 0, notes: []
}

function bundle(media: BundleExportResult['media']): Pick<BundleExportResult, 'output' | 'inputColumns' | 'media'> {
  return {
    output: { outputId: 'out-1', fileName: 'shoes.zip', bytes: 10, mediaType: 'application/zip' },
    inputColumns: media ? [] : [{ name: 'alcohol', type: 'numeric' }, { name: 'colour', type: 'categorical' }],
    ...(media ? { media } : {})
  }
}

describe('the data an export names', () => {
  it('names images with their new class names, texts with their label column, a table by its id', () => {
    const images = previewDataOf('images', null, imageSet, null, '')!
    expect(images).toMatchObject({ kind: 'images', id: 'img-1', rows: 120, missing: null })
    expect(reuseDataArgs(images, { labelColumn: '', classNames: '' })).toEqual({ imageSetId: 'img-1' })
    expect(reuseDataArgs(images, { labelColumn: '', classNames: ' handbag , trousers ' })).toEqual({ imageSetId: 'img-1', classNames: ['handbag', 'trousers'] })
    const texts = previewDataOf('texts', null, null, textSet, 'target')!
    expect(reuseDataArgs(texts, { labelColumn: 'target', classNames: 'ignored' })).toEqual({ textSetId: 'txt-2', labelColumn: 'target' })
    // the plain name of what is predicted, for the bundle's default title ("target from …"); images have none
    expect(texts.target).toBe('target')
    expect(images.target).toBeNull()
  })

  it('says what is missing: the texts\' label column, the images\' labels', () => {
    expect(previewDataOf('texts', null, null, textSet, '')?.missing).toBe('Choose the label column (the class of each text).')
    expect(previewDataOf('images', null, { ...imageSet, classes: null }, null, '')?.missing).toMatch(/^These images have no labels/)
    expect(previewDataOf('images', null, null, textSet, 'target')).toBeNull()
  })
})

describe('how to run a bundle', () => {
  it('runs a bundle of images on a folder, replaying its example images', () => {
    const result = bundle({ kind: 'images', inputNote: '120 images, as the learnwares take them: 784 pixel columns', skipped: [], textColumn: null })
    const snippet = bundleRunSnippet(result)
    expect(snippet.split('\n')[0]).toBe('unzip shoes.zip -d shoes')
    expect(snippet).toContain('node predict.mjs --check               # replays the example images')
    expect(snippet.split('\n').at(-1)).toBe('node predict.mjs --images <folder> --out predictions.csv')
    expect(bundleInputWords(result)).toMatch(/^Images: a folder of PNG or JPEG files/)
  })

  it('runs a bundle of texts on a CSV, naming the column it reads', () => {
    const result = bundle({ kind: 'texts', inputNote: '488 texts', skipped: [], textColumn: 'body' })
    expect(bundleRunSnippet(result).split('\n').at(-1)).toBe('node predict.mjs --texts <file.csv> --out predictions.csv   # texts in column "body" (--column names another)')
    expect(bundleInputWords(result)).toBe('Texts: a CSV file with a header row, one text per row in the column “body”; embedded as the app embedded yours')
  })

  it('runs a table bundle on rows with its columns', () => {
    const result = bundle(undefined)
    expect(bundleRunSnippet(result)).toContain('# replays the golden rows\nnode predict.mjs your-rows.csv --out predictions.csv')
    expect(bundleInputWords(result)).toBe('alcohol, colour')
  })
})
