/**
 * `learnware-dock reuse preview` with images and texts, through the real command on real data: starter-dock
 * Fashion-MNIST and Brown-corpus learnwares added to a fresh dock, a starter image user task (an IDX file with
 * its labels file beside it), the Fashion-MNIST PNG fixture folder (one sub-folder per class) and a starter
 * text user task (a CSV with a text and a label column).
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FASHION_CLASSES } from '../../scripts/starter-dock/imageLearnwares'
import { runCli } from '../helpers/cli'
import { fixturesDir, repoRoot } from '../helpers/fixtures'
import { expectOneLineError, jsonOf } from './cliWorkspace'
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

afterAll(() => rmSync(dir, { recursive: true, force: true }))

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

  it('export still takes tables only, pointing at reuse preview', () => {
    expectOneLineError(runCli(['export', '--images', IMAGES, '--method', 'averaging', '--ids', ids(BOTH), '--out', join(dir, 'x.zip'), '--dock', dock]), 2,
      /export works on tables only \(--images is not supported\): a bundle of image or text learnwares would take pixel columns.*reuse preview --images DIR/)
  })
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
