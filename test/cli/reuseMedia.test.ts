/**
 * `learnware-dock reuse preview` with images and texts, through the real command on real data: starter-dock
 * Fashion-MNIST and Brown-corpus learnwares added to a fresh dock, a starter image user task (an IDX file with
 * its labels file beside it), the Fashion-MNIST PNG fixture folder (one sub-folder per class) and a starter
 * text user task (a CSV with a text and a label column). Also `export` of those: the bundle is unzipped and run
 * on raw PNGs / texts in a separate Node process.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadOnnxTextEmbedder, loadTextTableFile } from '../../src/engine/text'
import { tinyModelLearnware, writeTinySentenceModel } from '../engine/export/tinySentenceModel'
import { FASHION_CLASSES } from '../../scripts/starter-dock/imageLearnwares'
import { runCli } from '../helpers/cli'
import { fixturesDir, repoRoot } from '../helpers/fixtures'
import { expectOneLineError, jsonOf } from './cliWorkspace'
import { removeUnpackedBundles, runNode, unpackBundle } from '../engine/export/bundleProcess'
import { ensureFreshCli } from './freshCli'

const starter = join(repoRoot, 'resources', 'starter-dock')
const IMAGES = join(starter, 'user-tasks', 'fashion-t-shirt_top--ankle_boot-images-idx3-ubyte.gz')
const TEXTS = join(starter, 'user-tasks', 'brown-fiction--press.csv')
const PNG_FOLDER = join(fixturesDir, 'images', 'fashion-mnist-png')
const BOTH = 'fashion-01-t-shirt_top-ankle_boot'
const BOOTS = 'fashion-14-dress-ankle_boot'
const TSHIRTS = 'fashion-06-sandal-t-shirt_top'
const FICTION_PRESS = ['brown-fiction-press-learned-government-a', 'brown-fiction-press-lore-hobbies-b']
const TABLE = 'iris-all-species'

let dir: string
let dock: string
const idOf = new Map<string, string>()
const ids = (...slugs: string[]) => slugs.map((slug) => idOf.get(slug)!).join(',')

interface Candidate { id: string; status: 'ok' | 'failed'; metrics: Record<string, { mean: number; std: number; values: number[] }>; error?: { message: string } }
const accuracy = (result: { candidates: Candidate[] }, id: string) => {
  const c = result.candidates.find((x) => x.id === id)
  expect(c?.status, `${id}: ${c?.error?.message ?? 'missing'}`).toBe('ok')
  return c!.metrics.accuracy.mean
}

beforeAll(() => {
  ensureFreshCli()
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-reuse-media-'))
  dock = join(dir, 'dock')
  for (const slug of [BOTH, BOOTS, TSHIRTS, ...FICTION_PRESS, TABLE]) {
    const added = jsonOf(runCli(['dock', 'add', join(starter, 'packages', `${slug}.zip`), '--dock', dock, '--json']))
    expect(added.status).toBe('usable')
    idOf.set(slug, added.id)
  }
}, 180_000)

afterAll(async () => {
  await removeUnpackedBundles()
  rmSync(dir, { recursive: true, force: true })
})

describe('learnware-dock reuse preview with images', () => {
  it('scores image learnwares on an IDX task (labels file beside it, codes named by --classes); reuse beats scratch on 10 labels', () => {
    const result = jsonOf(runCli(['reuse', 'preview', '--images', IMAGES, '--classes', FASHION_CLASSES.join(','), '--ids', ids(BOTH, BOOTS, TSHIRTS),
      '--labelled', '10', '--repeats', '3', '--methods', 'single,averaging,ensemble-pruning', '--dock', dock, '--json']))
    expect(result).toMatchObject({
      source: 'fashion-t-shirt_top--ankle_boot-images-idx3-ubyte.gz', task: 'classification', classNames: ['ankle_boot', 't-shirt_top'],
      usableRows: 120, labelledRows: 10, heldOutRows: 110, search: null, skipped: [],
      data: { kind: 'images', note: '120 images, as the learnwares take them: 784 pixel columns' }
    })
    expect(result.learnwares.map((l: { id: string }) => l.id).join(',')).toBe(ids(BOTH, BOOTS, TSHIRTS))
    const scratch = accuracy(result, 'scratch')
    // Measured: single (trained on both classes), averaging and pruning 1.000; scratch 0.945.
    expect(accuracy(result, `single:${idOf.get(BOTH)}`)).toBeGreaterThan(0.95)
    expect(accuracy(result, 'averaging')).toBeGreaterThanOrEqual(scratch)
    expect(accuracy(result, 'ensemble-pruning')).toBeGreaterThanOrEqual(scratch)
    expect(scratch).toBeLessThan(1)
  }, 120_000)

  it('--from-search on a PNG folder runs the image search and reuses what it recommends; the report says how images became columns', () => {
    const result = runCli(['reuse', 'preview', '--images', PNG_FOLDER, '--from-search', '--limit', '2', '--labelled', '30', '--repeats', '1', '--methods', 'averaging', '--dock', dock])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Reuse preview on fashion-mnist-png: target "class" \(classification: ankle_boot, bag, coat, dress, pullover, sandal, … \(10 in all\)\), 120 rows with a target\n/)
    expect(result.stdout).toMatch(/\nYour 120 images, as the learnwares take them: 784 pixel columns\.\n/)
    expect(result.stdout).toMatch(/\nFrom the search: lwd-\d+, lwd-\d+/)
    expect(result.stdout).toMatch(/\nAveraging\s+\d learnwares\s+0\.\d{3} ± 0\.000/)
  }, 120_000)

  it('refuses, naming it, a table learnware for images and an IDX task whose class codes are not named', () => {
    expectOneLineError(runCli(['reuse', 'preview', '--images', IMAGES, '--ids', ids(BOTH, TABLE), '--dock', dock]), 1,
      new RegExp(`${idOf.get(TABLE)} \\("Iris.*"\\) is a table learnware; it cannot be reused on your images`))
    expectOneLineError(runCli(['reuse', 'preview', '--images', IMAGES, '--ids', ids(BOTH), '--dock', dock]), 1,
      /none of its classes \("t-shirt_top", .*\) matches your classes \("0", "9"\)/)
  }, 60_000)

})

describe('learnware-dock export with images and texts', () => {
  it('export --images (an IDX task) writes a verified bundle that runs on raw PNGs in a separate Node process', async () => {
    const out = join(dir, 'shoes.zip')
    const result = jsonOf(runCli(['export', '--images', IMAGES, '--classes', FASHION_CLASSES.join(','), '--method', 'averaging', '--ids', ids(BOTH, BOOTS, TSHIRTS),
      '--labelled', '10', '--repeats', '1', '--out', out, '--dock', dock, '--json']))
    expect(result).toMatchObject({
      out, method: 'averaging', task: 'classification', skipped: [], verification: { passed: true, rows: 10 },
      data: { kind: 'images', note: '120 images, as the learnwares take them: 784 pixel columns' }
    })
    expect(result.metrics.values.accuracy).toBeGreaterThan(0.9)
    const bundleDir = await unpackBundle(readFileSync(out))
    const check = await runNode(bundleDir, ['predict.mjs', '--check'])
    expect(check.code, check.stderr).toBe(0)
    expect(check.stdout).toMatch(/^golden check passed: 10 rows .*; the 10 example images in examples\/ give the same rows and outputs\n$/)
    const run = await runNode(bundleDir, ['predict.mjs', '--images', PNG_FOLDER])
    expect(run.code, run.stderr).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toBe('file,prediction,p(ankle_boot),p(t-shirt_top)')
    expect(lines).toHaveLength(121)
    const ours = lines.slice(1).filter((line) => /^(ankle_boot|t-shirt_top)\//.test(line))
    const right = ours.filter((line) => line.split('/')[0] === line.split(',')[1])
    expect(right.length / ours.length).toBeGreaterThan(0.9)
  }, 180_000)

  it('export --data --text-column writes a bundle that runs on raw texts (predict.mjs --texts) and says so', async () => {
    const out = join(dir, 'genres.zip')
    const result = runCli(['export', '--data', TEXTS, '--text-column', 'text', '--target', 'target', '--method', 'ensemble-pruning', '--ids', ids(...FICTION_PRESS),
      '--labelled', '20', '--repeats', '1', '--out', out, '--dock', dock])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/\nYour \d+ texts, as the learnwares take them: their 384-wide embedding\.\n/)
    expect(result.stdout).toMatch(/\nVerification passed: .*\n.*genres\.zip .*\nIt runs on raw texts: unzip it, then node predict\.mjs --texts file\.csv \(and --check\) in its folder\.\n$/)
    const bundleDir = await unpackBundle(readFileSync(out))
    const check = await runNode(bundleDir, ['predict.mjs', '--check'])
    expect(check.code, check.stderr).toBe(0)
    expect(check.stdout).toMatch(/golden texts give the same rows and outputs/)
    const run = await runNode(bundleDir, ['predict.mjs', '--texts', TEXTS, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const predicted: { names: string[]; labelNames: string[] } = JSON.parse(run.stdout)
    const truth = await loadTextTableFile(TEXTS, { column: 'text', labelColumn: 'target' })
    expect(predicted.names).toEqual(truth.origins.map((origin) => origin.replace('row ', '')))
    const right = predicted.labelNames.filter((label, i) => label === truth.labels![i]).length
    expect(right / truth.texts.length).toBeGreaterThan(0.7)
  }, 180_000)

  it('export --embedder-model carries the sentence model in the bundle; predict.mjs embeds new texts with it', async () => {
    const folder = join(dir, 'tiny-sentence-model')
    const docs = await loadTextTableFile(TEXTS, { column: 'text', labelColumn: 'target' })
    await writeTinySentenceModel(folder, docs.texts)
    const embedder = await loadOnnxTextEmbedder(folder)
    writeFileSync(join(dir, 'tiny.zip'), await tinyModelLearnware(embedder, docs.texts, docs.labels!))
    await embedder.dispose?.()
    const added = jsonOf(runCli(['dock', 'add', join(dir, 'tiny.zip'), '--dock', dock, '--json']))
    const out = join(dir, 'tiny-bundle.zip')
    const exportArgs = ['export', '--data', TEXTS, '--text-column', 'text', '--target', 'target', '--method', 'single', '--ids', added.id, '--repeats', '1', '--out', out, '--dock', dock]
    expectOneLineError(runCli(exportArgs), 1, new RegExp(`${added.id} \\(".*"\\) takes texts embedded by onnx-sha256:[0-9a-f]+, not the built-in`))
    const result = jsonOf(runCli([...exportArgs, '--embedder-model', folder, '--json']))
    expect(result.verification.passed).toBe(true)
    const bundleDir = await unpackBundle(readFileSync(out))
    expect(readdirSync(join(bundleDir, 'embedder')).sort()).toEqual(['model.onnx', 'vocab.txt'])
    const check = await runNode(bundleDir, ['predict.mjs', '--check'])
    expect(check.code, check.stderr).toBe(0)
    expect(check.stdout).toMatch(/the 25 golden texts give the same rows and outputs/)
    const run = await runNode(bundleDir, ['predict.mjs', '--texts', TEXTS, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const app = jsonOf(runCli(['predict', added.id, TEXTS, '--text-column', 'text', '--embedder-model', folder, '--dock', dock, '--json']))
    // the learnware's classes are the user's (fiction, press), so the bundle's answers are the app's
    expect(JSON.parse(run.stdout).labelNames).toEqual(app.predictions)
  }, 180_000)

  it('export refuses, naming it, a table learnware for images, before fitting anything', () => {
    expectOneLineError(runCli(['export', '--images', IMAGES, '--classes', FASHION_CLASSES.join(','), '--method', 'averaging', '--ids', ids(BOTH, TABLE), '--out', join(dir, 'x.zip'), '--dock', dock]), 1,
      new RegExp(`${idOf.get(TABLE)} \\("Iris.*"\\) is a table learnware; it cannot be reused on your images`))
  }, 60_000)
})

describe('learnware-dock reuse preview with texts', () => {
  it('scores text learnwares on a labelled text column; reuse beats scratch on 10 labels, with the curve', () => {
    const result = jsonOf(runCli(['reuse', 'preview', '--data', TEXTS, '--text-column', 'text', '--target', 'target', '--ids', ids(...FICTION_PRESS),
      '--labelled', '10', '--repeats', '2', '--methods', 'averaging,ensemble-pruning', '--curve', '--dock', dock, '--json']))
    expect(result).toMatchObject({ source: 'brown-fiction--press.csv', target: 'target', classNames: ['fiction', 'press'], labelledRows: 10, data: { kind: 'texts' } })
    expect(result.data.note).toMatch(/texts, as the learnwares take them: their 384-wide embedding$/)
    // Measured (3 repeats): averaging 0.805, pruning 0.763; scratch 0.600.
    expect(accuracy(result, 'averaging')).toBeGreaterThan(accuracy(result, 'scratch') + 0.05)
    expect(accuracy(result, 'ensemble-pruning')).toBeGreaterThan(0.7)
    expect(result.curve.sizes).toEqual([10, 30, 100, 300])
    const series = (id: string) => result.curve.series.find((s: { id: string }) => s.id === id)
    expect(series('averaging').mean.accuracy[0]).toBeGreaterThan(series('scratch').mean.accuracy[0])
  }, 180_000)

  it('--from-search runs the text search and reuses the text learnwares it finds', () => {
    const result = jsonOf(runCli(['reuse', 'preview', '--data', TEXTS, '--text-column', 'text', '--target', 'target', '--from-search', '--labelled', '20', '--repeats', '1', '--methods', 'averaging', '--dock', dock, '--json']))
    const recommended = [...new Set([...result.search.single, ...(result.search.mixture ?? [])])]
    expect(recommended.length).toBeGreaterThan(0)
    expect(result.learnwares.map((l: { id: string }) => l.id)).toEqual(recommended)
    for (const id of recommended) expect(ids(...FICTION_PRESS).split(',')).toContain(id)
    expect(result.skipped).toEqual([])
    expect(accuracy(result, 'averaging')).toBeGreaterThan(0.7)
  }, 120_000)
})
