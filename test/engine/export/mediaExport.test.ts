/**
 * Export bundles of image and text learnwares (mediaExport.ts), on real data and real components: starter-dock
 * Fashion-MNIST and Brown-corpus learnwares in a fresh dock, the starter image task (IDX) and text task (CSV)
 * made into reuse plans the way `reuse preview` makes them (prepareImageReuse / prepareTextReuse), exported,
 * unzipped and run in a separate Node process on raw PNG / JPEG files and CSV texts — its predictions must be
 * the app's (the plan evaluated in TypeScript, predictWithLearnwareImages / predictWithLearnwareTexts).
 */

import { readdirSync, readFileSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { encode as encodeJpeg } from 'jpeg-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dockCheck } from '../../../src/engine/check'
import { decodeImage, loadImageFolder, type ImageBatch } from '../../../src/engine/data/images'
import { openDock, type Dock } from '../../../src/engine/dock'
import { isLearnwareError } from '../../../src/engine/errors'
import {
  bundleTextInput,
  evaluatePlanInTs,
  exportBundle,
  exportMediaBundle,
  readBundle,
  runBundle,
  verifyBundle,
  type BundleManifest,
  type ExportedBundle,
  type GoldenFile,
  type ReusePlan
} from '../../../src/engine/export'
import { prepareImagesForModel, predictWithLearnwareImages, predictWithLearnwareTexts, readImageInput } from '../../../src/engine/predict'
import { createReuser, prepareImageReuse, prepareTextReuse, type MediaReuse, type ReuseMethod } from '../../../src/engine/reuse'
import { OnnxModelCache } from '../../../src/engine/runtime'
import { createHashedNgramEmbedder, loadOnnxTextEmbedder, type TextEmbedder } from '../../../src/engine/text'
import { fixturesDir } from '../../helpers/fixtures'
import { codeBlockAfter, removeUnpackedBundles, runNode, unpackBundle } from './bundleProcess'
import { scenario } from './scenarios'
import { tinyModelLearnware, writeTinySentenceModel } from './tinySentenceModel'
import { addStarterPackages, BOTH, BOOTS, FICTION_PRESS, FICTION_PRESS_CSV, fictionPressTask, TSHIRTS, tshirtBootTask } from '../../helpers/starterMedia'

const PNG_FOLDER = join(fixturesDir, 'images', 'fashion-mnist-png')

let dir: string
let dock: Dock
const cache = new OnnxModelCache({ maxModels: 16 })
let idOf: Map<string, string>
let images: ImageBatch
let imageLabels: string[]
let texts: string[]
let textLabels: string[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-export-'))
  dock = await openDock(join(dir, 'dock'), { check: dockCheck({ cache }) })
  idOf = await addStarterPackages(dock, [BOTH, BOOTS, TSHIRTS, ...FICTION_PRESS]);
  ({ images, labels: imageLabels } = await tshirtBootTask());
  ({ texts, labels: textLabels } = await fictionPressTask())
}, 180_000)

afterAll(async () => {
  dock?.close()
  await cache.dispose()
  await removeUnpackedBundles()
  await rm(dir, { recursive: true, force: true })
})

const ids = (...slugs: string[]) => slugs.map((slug) => idOf.get(slug)!)

function planOf(method: ReuseMethod, prepared: MediaReuse): ReusePlan {
  const { table } = prepared
  const learnwares = method === 'single' ? prepared.learnwares.slice(0, 1) : prepared.learnwares
  return createReuser(method, learnwares, { task: 'classification', classNames: table.target!.classes!, inputEncoding: table.encoding, cache }).toPlan()
}

const exported = new Map<string, Promise<{ bundle: ExportedBundle; plan: ReusePlan; prepared: MediaReuse }>>()
function imageBundle(method: ReuseMethod) {
  const key = `images-${method}`
  if (!exported.has(key)) {
    exported.set(key, (async () => {
      const prepared = await prepareImageReuse(dock, ids(BOTH, BOOTS, TSHIRTS), images, imageLabels, { source: 'tshirts-and-boots', cache })
      const plan = planOf(method, prepared)
      const input = readImageInput(prepared.learnwares[0].pkg)!
      const bundle = await exportMediaBundle(plan, { media: { kind: 'images', images, input, source: 'tshirts-and-boots' }, out: join(dir, `${key}.zip`), cache })
      return { bundle, plan, prepared }
    })())
  }
  return exported.get(key)!
}
function textBundle(method: ReuseMethod) {
  const key = `texts-${method}`
  if (!exported.has(key)) {
    exported.set(key, (async () => {
      const prepared = await prepareTextReuse(dock, ids(...FICTION_PRESS), texts, textLabels, { source: 'brown-fiction--press.csv', cache })
      const plan = planOf(method, prepared)
      const bundle = await exportMediaBundle(plan, { media: { kind: 'texts', texts, embedder: createHashedNgramEmbedder(), column: 'text', source: 'brown-fiction--press.csv' }, out: join(dir, `${key}.zip`), cache })
      return { bundle, plan, prepared }
    })())
  }
  return exported.get(key)!
}

const manifestOf = (bundle: ExportedBundle): BundleManifest => JSON.parse(strFromU8(unzipSync(bundle.zip)['manifest.json']))
const goldenOf = (bundle: ExportedBundle): GoldenFile => JSON.parse(strFromU8(unzipSync(bundle.zip)['golden.json']))

interface ScriptOutput { names: string[]; label: number[]; labelNames: string[]; probabilities: number[][]; skipped?: { item: string; reason: string }[] }
async function predictScript(bundleDir: string, args: string[]): Promise<ScriptOutput> {
  const run = await runNode(bundleDir, ['predict.mjs', ...args, '--json'])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout)
}

function expectSameAsApp(script: ScriptOutput, app: { labels: Int32Array; probabilities: Float32Array }, classes: number): void {
  expect(script.label).toEqual(Array.from(app.labels))
  let worst = 0
  script.probabilities.forEach((row, r) => row.forEach((p, c) => { worst = Math.max(worst, Math.abs(p - app.probabilities[r * classes + c])) }))
  expect(worst).toBeLessThan(1e-5)
}

describe('exportMediaBundle with images', () => {
  it('writes a bundle that says it takes images, with prepare.mjs, example PNGs and their golden rows', async () => {
    const { bundle } = await imageBundle('averaging')
    const files = Object.keys(unzipSync(bundle.zip)).sort()
    expect(files).toEqual(expect.arrayContaining(['README.md', 'golden.json', 'manifest.json', 'model.onnx', 'predict.mjs', 'prepare.mjs', 'examples/0.png', 'examples/9.png']))
    expect(files).not.toContain('example.csv')
    const manifest = manifestOf(bundle)
    expect(manifest.input).toMatchObject({ kind: 'images', image: { channels: 1, height: 28, width: 28, scale: 1, examples: Array.from({ length: 10 }, (_, i) => `examples/${i}.png`) } })
    expect(manifest.input.columns).toHaveLength(784)
    expect(manifest.golden.rows).toBe(10)
    expect(bundle.verification.passed).toBe(true)
    // the examples are the user's images, lossless
    const first = decodeImage(unzipSync(bundle.zip)['examples/0.png'])
    expect(Array.from(first.data)).toEqual(Array.from(images.data.subarray(0, 784)))
    const readme = strFromU8(unzipSync(bundle.zip)['README.md'])
    expect(readme).toContain('pipeline_tag: image-classification')
    expect(readme).toContain('node predict.mjs --images photos/')
    expect(readme).not.toContain('| 784 |')
    expect(readme).toContain('predicts the class of an image ("ankle_boot" or "t-shirt_top") from the image itself (PNG or JPEG; it looks at grey 28 × 28 pixels)')
    expect(readme).toContain('run on 10 example images of `tshirts-and-boots`')
  }, 120_000)

  it('predict.mjs --check replays golden.json and the example images in a separate Node process; the model card\'s Node snippet runs', async () => {
    const { bundle } = await imageBundle('averaging')
    const bundleDir = await unpackBundle(bundle.zip)
    const run = await runNode(bundleDir, ['predict.mjs', '--check'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('golden check passed: 10 rows reproduce the expected outputs; the 10 example images in examples/ give the same rows and outputs\n')
    await writeFile(join(bundleDir, 'run.cjs'), codeBlockAfter(strFromU8(unzipSync(bundle.zip)['README.md']), '### From Node.js code', 'js'))
    const snippet = await runNode(bundleDir, ['run.cjs'])
    expect(snippet.code, snippet.stderr).toBe(0)
    expect(snippet.stdout.trim().split('\n')).toEqual(goldenOf(bundle).expected.labelNames!.map((label, i) => `${i}.png ${label}`))
  }, 120_000)

  it('predict.mjs --images on a folder of real PNGs (sub-folders) gives the app\'s predictions, per file', async () => {
    const { bundle, plan } = await imageBundle('averaging')
    const script = await predictScript(await unpackBundle(bundle.zip), ['--images', PNG_FOLDER])
    const folder = await loadImageFolder(PNG_FOLDER, { seed: 0 })
    expect(script.names).toEqual(folder.files)
    const ready = prepareImagesForModel(folder.images, readImageInput((await imageBundle('averaging')).prepared.learnwares[0].pkg)!)
    const app = await evaluatePlanInTs(plan, ready.data, ready.count, { cache })
    expectSameAsApp(script, { labels: app.labels!, probabilities: app.probabilities! }, 2)
    expect(new Set(script.labelNames)).toEqual(new Set(['ankle_boot', 't-shirt_top']))
  }, 120_000)

  it('a single learnware\'s bundle answers what predictWithLearnwareImages answers, as CSV with a file column', async () => {
    const { bundle, prepared } = await imageBundle('single')
    const bundleDir = await unpackBundle(bundle.zip)
    const script = await predictScript(bundleDir, ['--images', PNG_FOLDER])
    const folder = await loadImageFolder(PNG_FOLDER, { seed: 0 })
    const { prediction } = await predictWithLearnwareImages(prepared.learnwares[0].pkg, folder.images, { cache })
    expect(prediction.task).toBe('classification')
    if (prediction.task !== 'classification') return
    // the bundle answers in the user's two classes: the learnware's probabilities of those, its label where it is one of them
    const classNames = prediction.classNames!
    const own = classNames.length
    const column = ['ankle_boot', 't-shirt_top'].map((name) => classNames.indexOf(name))
    expect(column.every((c) => c >= 0)).toBe(true)
    let worst = 0
    script.probabilities.forEach((row, r) => row.forEach((p, c) => { worst = Math.max(worst, Math.abs(p - prediction.probabilities![r * own + column[c]])) }))
    expect(worst).toBeLessThan(1e-6)
    const appLabels = prediction.labelNames!
    const userClass = appLabels.map((name, r) => (name === 'ankle_boot' || name === 't-shirt_top' ? name : script.labelNames[r]))
    expect(script.labelNames).toEqual(userClass)
    expect(userClass.filter((name, r) => name === appLabels[r]).length).toBeGreaterThan(20)
    const csv = await runNode(bundleDir, ['predict.mjs', '--images', PNG_FOLDER])
    expect(csv.stdout.split('\n')[0]).toBe('file,prediction,p(ankle_boot),p(t-shirt_top)')
    expect(csv.stdout.split('\n')[1]).toMatch(/^ankle_boot\/00000\.png,(ankle_boot|t-shirt_top),/)
  }, 120_000)

  it('reads JPEG files and reports an undecodable file with its reason instead of failing', async () => {
    const { bundle, plan, prepared } = await imageBundle('averaging')
    const folder = join(dir, 'mixed')
    await mkdir(folder, { recursive: true })
    for (const name of ['bag/00018.png', 'ankle_boot/00000.png']) {
      const image = decodeImage(await readFile(join(PNG_FOLDER, name)))
      const rgba = Buffer.alloc(28 * 28 * 4)
      for (let p = 0; p < 28 * 28; p++) rgba.fill(image.data[p], 4 * p, 4 * p + 3).writeUInt8(255, 4 * p + 3)
      await writeFile(join(folder, name.replace('/', '-').replace('.png', '.jpg')), encodeJpeg({ data: rgba, width: 28, height: 28 }, 95).data)
    }
    await copyFile(join(PNG_FOLDER, 'trouser', readdirFirst('trouser')), join(folder, 'trouser.png'))
    await writeFile(join(folder, 'broken.png'), 'this is not a PNG')
    const run = await runNode(await unpackBundle(bundle.zip), ['predict.mjs', '--images', folder, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('skipped broken.png: not a PNG or JPEG file')
    const script: ScriptOutput = JSON.parse(run.stdout)
    expect(script.names).toEqual(['ankle_boot-00000.jpg', 'bag-00018.jpg', 'trouser.png'])
    expect(script.skipped).toEqual([{ item: 'broken.png', reason: 'not a PNG or JPEG file' }])
    const loaded = await loadImageFolder(folder, { seed: 0 })
    const ready = prepareImagesForModel(loaded.images, readImageInput(prepared.learnwares[0].pkg)!)
    const app = await evaluatePlanInTs(plan, ready.data, ready.count, { cache })
    expectSameAsApp(script, { labels: app.labels!, probabilities: app.probabilities! }, 2)
  }, 120_000)

  it('a folder with no readable image fails with one line naming it, exit code 2', async () => {
    const { bundle } = await imageBundle('averaging')
    const folder = join(dir, 'nothing')
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'broken.jpg'), 'nope')
    const run = await runNode(await unpackBundle(bundle.zip), ['predict.mjs', '--images', folder])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^predict\.mjs: .*nothing: no readable PNG or JPEG images \(1 files could not be read\)/)
  }, 120_000)

  it('refuses a bundle whose example image was swapped, and runBundle says how to run an image bundle', async () => {
    const { bundle } = await imageBundle('averaging')
    const entries = unzipSync(bundle.zip)
    entries['examples/3.png'] = entries['examples/4.png']
    await expect(readBundle(zipSync(entries))).rejects.toMatchObject({ code: 'BUNDLE_INVALID', message: 'bundle: examples/3.png was changed after export (its sha256 differs from manifest.json)' })
    await expect(runBundle(bundle.zip, join(dir, 'x.csv'))).rejects.toMatchObject({ code: 'DATA_BAD_VALUE', message: expect.stringContaining('takes images, not a table') })
    expect((await verifyBundle(bundle.path!)).passed).toBe(true)
  }, 120_000)
})

describe('exportMediaBundle with texts', () => {
  it('writes the embedder with its settings and the golden texts; --check replays them in a separate process', async () => {
    const { bundle } = await textBundle('averaging')
    const manifest = manifestOf(bundle)
    const builtIn = createHashedNgramEmbedder()
    expect(manifest.input).toMatchObject({ kind: 'texts', text: { column: 'text', embedder: { kind: 'hashed-ngram', id: builtIn.id, dimension: 384 } } })
    const golden = goldenOf(bundle)
    expect(golden.texts).toHaveLength(25)
    expect(golden.texts![0]).toBe(texts[0])
    expect(strFromU8(unzipSync(bundle.zip)['example.csv']).split('\n')[0]).toBe('row,"text"')
    const readme = strFromU8(unzipSync(bundle.zip)['README.md'])
    expect(readme).toContain('pipeline_tag: text-classification')
    expect(readme).toContain('from the text itself (as Learnware Dock\'s built-in embedding of its words)')
    expect(readme).toContain('- Predicting for texts like the ones it was checked on.')
    const bundleDir = await unpackBundle(bundle.zip)
    const run = await runNode(bundleDir, ['predict.mjs', '--check'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('golden check passed: 25 rows reproduce the expected outputs; the 25 golden texts give the same rows and outputs\n')
    const example = await predictScript(bundleDir, ['--texts', 'example.csv'])
    expect(example.label).toEqual(golden.expected.label)
    await writeFile(join(bundleDir, 'run.cjs'), codeBlockAfter(strFromU8(unzipSync(bundle.zip)['README.md']), '### From Node.js code', 'js'))
    const snippet = await runNode(bundleDir, ['run.cjs'])
    expect(snippet.code, snippet.stderr).toBe(0)
    expect(snippet.stdout.trim().split('\n')).toEqual(golden.expected.labelNames!.map((label, i) => `row ${i + 1} ${label}`))
  }, 120_000)

  it('predict.mjs --texts on the task CSV gives the app\'s predictions, per row', async () => {
    const { bundle, plan } = await textBundle('averaging')
    const script = await predictScript(await unpackBundle(bundle.zip), ['--texts', FICTION_PRESS_CSV])
    const vectors = await createHashedNgramEmbedder().embed(texts)
    const app = await evaluatePlanInTs(plan, vectors, texts.length, { cache })
    expect(script.names).toHaveLength(texts.length)
    expectSameAsApp(script, { labels: app.labels!, probabilities: app.probabilities! }, 2)
  }, 120_000)

  it('a single learnware\'s bundle answers what predictWithLearnwareTexts answers; an empty text is skipped with its reason', async () => {
    const { bundle, prepared } = await textBundle('single')
    const csv = join(dir, 'few.csv')
    await writeFile(csv, 'id,body\n1,"The jury said the election was conducted fairly, ""without"" fraud."\n2,\n3,She closed the door and looked at the sea for a long time.\n')
    const script = await predictScript(await unpackBundle(bundle.zip), ['--texts', csv, '--column', 'body'])
    expect(script.names).toEqual(['1', '3'])
    expect(script.skipped).toEqual([{ item: 'row 2', reason: 'the text is empty' }])
    const { prediction } = await predictWithLearnwareTexts(prepared.learnwares[0].pkg, ['The jury said the election was conducted fairly, "without" fraud.', 'She closed the door and looked at the sea for a long time.'], { cache })
    if (prediction.task !== 'classification') throw new Error('expected classification')
    expect(script.labelNames).toEqual(prediction.labelNames)
  }, 120_000)

  it('a missing column is one line naming the file and the columns there are', async () => {
    const { bundle } = await textBundle('averaging')
    const run = await runNode(await unpackBundle(bundle.zip), ['predict.mjs', '--texts', FICTION_PRESS_CSV, '--column', 'body'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('predict.mjs: brown-fiction--press.csv: no column named "body" (Columns are: text, target)\n')
  }, 120_000)

  it('refuses texts embedded by a sentence-embedding model whose files are not given, saying what works', () => {
    const onnx: TextEmbedder = { id: 'onnx-sha256:0123456789abcdef', dimension: 384, embed: async () => new Float32Array(0) }
    try {
      bundleTextInput(onnx, 'text')
      throw new Error('expected a refusal')
    } catch (error) {
      expect(isLearnwareError(error) && error.code).toBe('EXPORT_PLAN_INVALID')
      expect((error as Error).message).toContain('onnx-sha256:0123456789abcdef, a sentence-embedding model, and its files were not given')
    }
  })
})

describe('exportMediaBundle with texts of an ONNX sentence model', () => {
  it('carries the model and its vocabulary under embedder/; prepare-embedder.mjs embeds new texts as the app does', async () => {
    const folder = join(dir, 'tiny-sentence-model')
    await writeTinySentenceModel(folder, texts)
    const embedder = await loadOnnxTextEmbedder(folder)
    try {
      const { id } = await dock.add(await tinyModelLearnware(embedder, texts, textLabels))
      const prepared = await prepareTextReuse(dock, [id], texts, textLabels, { embedders: [embedder], cache })
      const plan = planOf('single', prepared)
      const media = { kind: 'texts' as const, texts, embedder, column: 'text' }
      await expect(exportMediaBundle(plan, { media, cache })).rejects.toMatchObject({ code: 'EXPORT_PLAN_INVALID', message: expect.stringContaining('its files were not given') })
      const bundle = await exportMediaBundle(plan, { media: { ...media, embedderFolder: folder }, cache })
      expect(manifestOf(bundle).input.text!.embedder).toEqual({ kind: 'onnx', id: embedder.id, dimension: 16, folder: 'embedder', files: ['model.onnx', 'vocab.txt'] })
      expect(Object.keys(unzipSync(bundle.zip))).toEqual(expect.arrayContaining(['embedder/model.onnx', 'embedder/vocab.txt', 'prepare-embedder.mjs', 'prepare.mjs']))
      const bundleDir = await unpackBundle(bundle.zip)
      const check = await runNode(bundleDir, ['predict.mjs', '--check'])
      expect(check.code, check.stderr).toBe(0)
      expect(check.stdout).toMatch(/the 25 golden texts give the same rows and outputs/)
      const script = await predictScript(bundleDir, ['--texts', FICTION_PRESS_CSV])
      const { prediction } = await predictWithLearnwareTexts(prepared.learnwares[0].pkg, texts, { embedders: [embedder], cache })
      if (prediction.task !== 'classification') throw new Error('expected classification')
      expect(script.labelNames).toEqual(prediction.labelNames)
      // a carried model that was swapped is refused before anything runs
      const entries = unzipSync(bundle.zip)
      entries['embedder/vocab.txt'] = strToU8('[PAD]\n[UNK]\n')
      await expect(readBundle(zipSync(entries))).rejects.toMatchObject({ code: 'BUNDLE_INVALID', message: 'bundle: embedder/vocab.txt was changed after export (its sha256 differs from manifest.json)' })
    } finally {
      await embedder.dispose?.()
    }
  }, 180_000)
})

describe('table bundles next to media bundles', () => {
  it('a table bundle keeps its format (no input.kind, no prepare.mjs), verifies, and its predict.mjs refuses images saying what it takes', async () => {
    const { plan, golden } = scenario('single')
    const bundle = await exportBundle(plan, { goldenRows: golden, cache })
    const manifest = manifestOf(bundle)
    expect(manifest.input.kind).toBeUndefined()
    expect(Object.keys(unzipSync(bundle.zip)).sort()).toEqual(['README.md', 'example.csv', 'golden.json', 'manifest.json', 'model.onnx', 'predict.mjs'])
    expect((await verifyBundle(bundle.zip, { plan })).passed).toBe(true)
    const bundleDir = await unpackBundle(bundle.zip)
    expect((await runNode(bundleDir, ['predict.mjs', '--check'])).stdout).toBe(`golden check passed: ${golden.rows} rows reproduce the expected outputs\n`)
    const refused = await runNode(bundleDir, ['predict.mjs', '--images', PNG_FOLDER])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^predict\.mjs: this bundle takes a table \(a CSV of its columns\), not images or texts/)
  }, 120_000)

  it('an image bundle is byte-reproducible: the same plan and images give the same zip', async () => {
    const { bundle, plan } = await imageBundle('averaging')
    const again = await exportMediaBundle(plan, { media: { kind: 'images', images, input: manifestOf(bundle).input.image!, source: 'tshirts-and-boots' }, cache })
    expect(again.sha256).toBe(bundle.sha256)
  }, 120_000)
})

describe('the generated prepare.mjs', () => {
  it('is up to date with the engine source it is built from (npm run build:bundle-scripts)', async () => {
    const script: string = '../../../scripts/build-bundle-scripts.mjs'
    const { generatedModules } = (await import(script)) as { generatedModules: () => Promise<{ path: string; body: string }[]> }
    for (const { path, body } of await generatedModules()) expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run build:bundle-scripts`).toBe(body)
  }, 60_000)

  it('imports no native module, so it runs with Node alone', async () => {
    const { PREPARE_SCRIPT } = await import('../../../src/engine/export/prepareScript')
    expect(PREPARE_SCRIPT).not.toMatch(/onnxruntime|better-sqlite3|from "\.\.?\//)
  })
})

function readdirFirst(sub: string): string {
  return readdirSync(join(PNG_FOLDER, sub)).sort()[0]
}
