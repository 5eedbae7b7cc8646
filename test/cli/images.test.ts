/**
 * The command line with image learnwares, on real data: Fashion-MNIST learnwares of the starter dock added to
 * a fresh dock, the Fashion-MNIST PNG folder of the fixtures (one sub-folder per class) and an image user task
 * of the starter dock (an IDX file). Also: packing an image classifier trained here on that folder, and export
 * checking image and text input first (reuse preview and export with images: reuseMedia.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadImageFolder } from '../../src/engine/data/images'
import { imageMlpToOnnx, trainMlpClassifier } from '../../src/engine/train'
import { runCli } from '../helpers/cli'
import { fixturesDir, repoRoot } from '../helpers/fixtures'
import { expectOneLineError, jsonOf } from './cliWorkspace'
import { ensureFreshCli } from './freshCli'

const starter = join(repoRoot, 'resources', 'starter-dock')
const pngFolder = join(fixturesDir, 'images', 'fashion-mnist-png')
const userTask = join(starter, 'user-tasks', 'fashion-t-shirt_top--ankle_boot-images-idx3-ubyte.gz')
const SLUGS = ['fashion-01-t-shirt_top-ankle_boot', 'fashion-04-bag-trouser', 'fashion-11-sandal-sneaker']
let dir: string
let dock: string
const ids: Record<string, string> = {}

beforeAll(() => {
  ensureFreshCli()
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-images-'))
  dock = join(dir, 'dock')
  for (const slug of SLUGS) {
    const added = jsonOf(runCli(['dock', 'add', join(starter, 'packages', `${slug}.zip`), '--dock', dock, '--json']))
    expect(added.status).toBe('usable')
    ids[slug] = added.id
  }
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('learnware-dock with images', () => {
  it('predict --images runs an image learnware on a labelled PNG folder and compares with the sub-folders', () => {
    const result = jsonOf(runCli(['predict', ids[SLUGS[0]], '--images', pngFolder, '--dock', dock, '--json']))
    expect(result).toMatchObject({ id: ids[SLUGS[0]], source: 'fashion-mnist-png', rows: 120, task: 'classification', resized: 0, skipped: [] })
    expect(result.classNames).toEqual(['t-shirt_top', 'coat', 'sandal', 'ankle_boot'])
    expect(result.files[0]).toBe('ankle_boot/00000.png')
    expect(result.predictions).toHaveLength(120)
    // 12 images of each of the learnware's 4 classes; an MLP with 0.93 held-out accuracy gets most of them.
    expect(result.agreement.compared).toBe(48)
    expect(result.agreement.matching / result.agreement.compared).toBeGreaterThan(0.7)
  })

  it('predict --images --out writes one row per image, named by its file', () => {
    const out = join(dir, 'preds.csv')
    const result = runCli(['predict', ids[SLUGS[0]], '--images', pngFolder, '--dock', dock, '--out', out])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Agrees with the sub-folder names on \d+ of 48 images/)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('file,prediction,p(t-shirt_top),p(coat),p(sandal),p(ankle_boot)')
    expect(lines).toHaveLength(121)
    expect(lines[1]).toMatch(/^ankle_boot\/00000\.png,[a-z_-]+,/)
  })

  it('takes an IDX images file too, for predict and search', () => {
    const predicted = jsonOf(runCli(['predict', ids[SLUGS[0]], '--images', userTask, '--dock', dock, '--json']))
    expect(predicted.rows).toBe(120)
    expect(predicted.files[0]).toBe('#1')
    expect(predicted.agreement).toBeNull()
    const found = jsonOf(runCli(['search', '--images', userTask, '--dock', dock, '--json']))
    expect(found.single[0].id).toBe(ids[SLUGS[0]])
  }, 60_000)

  it('tells a user who gives an image learnware a table to give it images', () => {
    const result = runCli(['predict', ids[SLUGS[0]], join(fixturesDir, 'tabular', 'iris.csv'), '--dock', dock])
    expectOneLineError(result, 1, /is an image learnware: it takes images, not a table.*--images/)
  })

  it('export --images / --text-column check their input before opening the dock, naming the path or option', () => {
    expectOneLineError(runCli(['export', '--images', join(pngFolder, 'no-such-folder'), '--method', 'single', '--ids', 'lwd-00000001', '--out', 'x.zip', '--dock', dock]), 1, /no-such-folder: no such folder or file/)
    expectOneLineError(runCli(['export', '--data', 'texts.csv', '--text-column', 'body', '--method', 'single', '--ids', 'lwd-00000001', '--out', 'x.zip', '--dock', dock]), 2, /export needs --target/)
  })

  it('refuses an image learnware named for a reuse preview of a table, saying how to run it', () => {
    const result = runCli(['reuse', 'preview', '--data', join(fixturesDir, 'tabular', 'iris.csv'), '--target', 'target', '--ids', ids[SLUGS[1]], '--dock', dock])
    expectOneLineError(result, 1, /is an image learnware; reuse previews, learning curves and exported bundles work with table learnwares only.*predict .* --images/)
  })

  it('packs an image classifier with its training folder, and the package runs from the dock', async () => {
    const folder = await loadImageFolder(pngFolder)
    const mlp = trainMlpClassifier(
      { features: folder.images.data, rows: folder.images.count, cols: 784, labels: folder.labels!.codes },
      { hiddenLayers: [16], seed: 0, epochs: 30 }
    )
    const model = join(dir, 'fashion-mlp.onnx')
    writeFileSync(model, imageMlpToOnnx(mlp, { channels: 1, height: 28, width: 28 }))
    const out = join(dir, 'fashion-mlp.zip')
    const packed = jsonOf(runCli(['pack', '--model', model, '--images', pngFolder, '--name', 'Ten Fashion-MNIST classes', '--scenario', 'Business', '--license', 'MIT', '--k', '10', '--out', out, '--json']))
    expect(packed).toMatchObject({ kind: 'image', status: 'usable', trainedOn: 120, spec: { type: 'RKMEImageSpecification', k: 10 } })
    expect(packed.classes).toEqual(folder.labels!.classes)
    const added = jsonOf(runCli(['dock', 'add', out, '--dock', dock, '--json']))
    expect(added.status).toBe('usable')
    const predicted = jsonOf(runCli(['predict', added.id, '--images', pngFolder, '--dock', dock, '--json']))
    // Its own training images: the MLP learnt most of them.
    expect(predicted.agreement.compared).toBe(120)
    expect(predicted.agreement.matching).toBeGreaterThan(90)
    expectOneLineError(runCli(['pack', '--model', model, '--images', join(starter, 'user-tasks', 'fashion-t-shirt_top--ankle_boot-images-idx3-ubyte.gz'), '--name', 'x', '--out', join(dir, 'x.zip')]), 1, /has no labels/)
  }, 120_000)
})
