/**
 * Images and texts in the browser, on the real web-mode server with a dock of five starter learnwares (three
 * Fashion-MNIST image learnwares, two Brown text learnwares): the Data screen opens a folder of images —
 * counts per class, a thumbnail grid with labels — and an IDX file; Search ranks the image learnwares with
 * them; the Data screen opens a CSV's text column (choose the column, see samples and the language) and
 * Search ranks the text learnwares; and the Submit wizard packs an image classifier with the images open on
 * the Data screen; the Preview screen scores the image learnwares on the IDX task (its codes named as the
 * learnwares' classes; accuracies shown, the learnware sharing no class left out with the reason) and the
 * text learnware found on the texts with their label column, and the Export screen writes a verified bundle
 * from each that runs on raw images (`--images <folder>`) or texts (`--texts <file.csv>`).
 * Screenshots go to test-results/screenshots/.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadImageFolder } from '../../src/engine/data/images'
import { imageMlpToOnnx, trainMlpClassifier } from '../../src/engine/train'
import { alerts, goToStep, press } from './appPage'
import { chromiumAvailable, CHROMIUM_MISSING_MESSAGE, launchChromium, openAppPage, repoRoot, saveScreenshot } from './browser'
import { startTestApp, starterDir, type TestApp } from './webApp'

if (!chromiumAvailable) console.warn(CHROMIUM_MISSING_MESSAGE)

const PNG_FOLDER = join(repoRoot, 'test/fixtures/images/fashion-mnist-png')
const IDX_TASK = join(starterDir, 'user-tasks/fashion-t-shirt_top--ankle_boot-images-idx3-ubyte.gz')
const TEXT_TASK = join(starterDir, 'user-tasks/brown-fiction--press.csv')
const SLUGS = [
  'fashion-01-t-shirt_top-ankle_boot', 'fashion-04-bag-trouser', 'fashion-11-sandal-sneaker',
  'brown-fiction-press-lore-hobbies-a', 'brown-learned-government-lore-hobbies-letters-religion-humor-a'
]
const names = new Map((JSON.parse(readFileSync(join(starterDir, 'index.json'), 'utf8')) as { learnwares: { slug: string; name: string }[] }).learnwares.map((l) => [l.slug, l.name]))

/** The bit of a DOM canvas the test reads (the test code is typechecked without the DOM library). */
interface DrawnCanvas {
  width: number
  height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } }
}

async function chooseKind(page: Page, label: 'Table (CSV)' | 'Images (folder)' | 'Texts (CSV column)'): Promise<void> {
  await goToStep(page, 'Data')
  await page.getByRole('radio', { name: label }).click()
}

async function searchWithData(page: Page, what: RegExp): Promise<string[]> {
  await goToStep(page, 'Search')
  const rank = page.getByRole('checkbox', { name: what })
  await expect(rank.isChecked()).resolves.toBe(true)
  const button = page.locator('main').getByRole('button', { name: 'Search', exact: true })
  await button.click()
  // The button is disabled while the search job runs; an earlier result stays on screen until then.
  await expect.poll(() => button.isDisabled(), { timeout: 10_000, interval: 50 }).toBe(true)
  await expect.poll(() => button.isDisabled(), { timeout: 120_000, interval: 250 }).toBe(false)
  await page.getByRole('heading', { name: 'Best single learnwares' }).waitFor()
  return page.getByRole('region', { name: 'Best single learnwares' }).locator('tbody tr strong').allInnerTexts()
}

/** Writes the bundle on the Export screen: it must verify and say how to run it on raw data (`run`). */
async function exportBundle(page: Page, run: RegExp): Promise<void> {
  await press(page, 'Write the bundle')
  const bundle = page.getByRole('region', { name: /^Bundle: / })
  await bundle.waitFor({ timeout: 180_000 })
  await expect(bundle.getByText('Verified', { exact: true }).isVisible()).resolves.toBe(true)
  await expect(bundle.getByLabel('How to run the bundle').innerText()).resolves.toMatch(run)
}

describe.skipIf(!chromiumAvailable)('images and texts on the Data and Search screens', () => {
  let app: TestApp
  let browser: Browser
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    app = await startTestApp({ starter: { only: SLUGS } })
    browser = await launchChromium()
    ;({ page, pageErrors } = await openAppPage(browser, app.openUrl))
    await page.getByText('5 learnwares', { exact: true }).waitFor({ timeout: 120_000 })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  it('opens a folder of images: counts per class and a grid of thumbnails with their labels', async () => {
    await chooseKind(page, 'Images (folder)')
    await page.getByLabel('Image folder — path on this machine').fill(PNG_FOLDER)
    await press(page, 'Open folder')
    await page.getByRole('heading', { name: 'fashion-mnist-png', exact: true }).waitFor({ timeout: 60_000 })
    const classes = await page.getByRole('list', { name: 'Images per class' }).getByRole('listitem').allInnerTexts()
    expect(classes).toHaveLength(10)
    expect(classes[0]).toBe('ankle_boot · 12')
    const grid = page.getByRole('list', { name: 'Image thumbnails' })
    await expect(grid.getByRole('img').count()).resolves.toBe(48)
    await expect(grid.getByRole('img').first().getAttribute('aria-label')).resolves.toBe('ankle_boot/00000.png (ankle_boot)')
    // The canvas is drawn: some of its pixels are bright (a Fashion-MNIST article on black).
    const brightest = await grid.locator('canvas').first().evaluate((node) => {
      const canvas = node as unknown as DrawnCanvas
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      let max = 0
      for (let i = 0; i < data.length; i += 4) max = Math.max(max, data[i])
      return max
    })
    expect(brightest).toBeGreaterThan(100)
    await saveScreenshot(page, 'data-images')
    await saveScreenshot(page, 'data-images-full', { fullPage: true })
  })

  it('searches with images: only image learnwares, and the one of those classes first for an IDX user task', async () => {
    const hits = await searchWithData(page, /your images, fashion-mnist-png \(120 images\)/)
    expect(hits.length).toBeGreaterThan(0)
    for (const hit of hits) expect(hit).toMatch(/^Fashion-MNIST/)
    await page.getByText('These are image learnwares.').waitFor()
    await saveScreenshot(page, 'search-images')

    await chooseKind(page, 'Images (folder)')
    await page.getByLabel('Image folder — path on this machine').fill(IDX_TASK)
    await press(page, 'Open folder')
    await page.getByRole('heading', { name: 'fashion-t-shirt_top--ankle_boot-images-idx3-ubyte.gz' }).waitFor({ timeout: 60_000 })
    const top = await searchWithData(page, /fashion-t-shirt_top--ankle_boot-images-idx3-ubyte\.gz \(120 images\)/)
    expect(top[0]).toBe(names.get('fashion-01-t-shirt_top-ankle_boot'))
  }, 240_000)

  it('previews the image learnwares on the IDX task: class names given, accuracies, the learnware sharing no class left out', async () => {
    await goToStep(page, 'Search')
    const picks = page.getByRole('region', { name: 'Best single learnwares' }).getByRole('checkbox', { name: /^Preview Fashion-MNIST/ })
    await expect(picks.count()).resolves.toBe(3)
    for (const pick of await picks.all()) {
      await expect(pick.isDisabled()).resolves.toBe(false)
      if (!(await pick.isChecked())) await pick.check()
    }
    await saveScreenshot(page, 'search-images-chosen')

    await goToStep(page, 'Preview')
    await page.getByText(/on fashion-t-shirt_top--ankle_boot-images-idx3-ubyte\.gz \(120 images, predicting the class \(class 0, class 9\)\)/).waitFor()
    await page.getByLabel('Class names (optional)').fill('t-shirt_top, ankle_boot')
    await page.getByLabel('Labelled images (budget)').fill('10')
    await saveScreenshot(page, 'preview-images-form')
    await press(page, 'Run the preview')
    const metrics = page.getByRole('table', { name: 'Metrics per method' })
    await metrics.waitFor({ timeout: 180_000 })
    await page.getByRole('heading', { name: 'Scores on your held-out images' }).waitFor()
    const rows = await metrics.getByRole('row').allInnerTexts()
    const accuracyOf = (label: RegExp): number => Number(/\t(\d\.\d+)\s*±/.exec(rows.find((row) => label.test(row)) ?? '')?.[1] ?? Number.NaN)
    expect(accuracyOf(/^Averaging/)).toBeGreaterThan(0.9)
    expect(accuracyOf(/trained from scratch/)).toBeGreaterThan(0.5)
    await expect(metrics.getByText('best reuse').count()).resolves.toBe(1)
    const scored = page.getByRole('region', { name: 'How your data were scored' })
    await expect(scored.innerText()).resolves.toMatch(/120 images, as the learnwares take them: 784 pixel columns/)
    const leftOut = await page.getByRole('region', { name: 'Learnwares left out' }).innerText()
    expect(leftOut).toContain(names.get('fashion-04-bag-trouser'))
    expect(leftOut).toMatch(/none of its classes/)
    const matrix = page.getByRole('table', { name: /^Confusion matrix of / })
    await matrix.getByRole('button', { name: /^[1-9]\d* rows with actual/ }).first().click()
    await expect(page.getByRole('region', { name: 'Rows behind the chosen cell' }).innerText()).resolves.toMatch(/#\d+/)
    await page.getByRole('region', { name: 'How your data were scored' }).scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'preview-images')

    // The best method goes on to Export, fitted on the same images with the same class names.
    await page.getByRole('button', { name: /^Next: export/ }).click()
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor()
    await expect(page.getByLabel('Class names (optional)').inputValue()).resolves.toBe('t-shirt_top, ankle_boot')
    await exportBundle(page, /node predict\.mjs --images <folder>/)
    await saveScreenshot(page, 'export-images', { fullPage: true })
    expect(await alerts(page)).toEqual([])
    expect(pageErrors).toEqual([])
  }, 240_000)

  it('opens a text column: the column to use, the language and sample texts', async () => {
    await chooseKind(page, 'Texts (CSV column)')
    await page.getByLabel('CSV file with texts — path on this machine').fill(TEXT_TASK)
    await press(page, 'Open')
    await page.getByRole('heading', { name: 'brown-fiction--press.csv', exact: true }).waitFor({ timeout: 60_000 })
    const column = page.getByLabel('Column with the texts')
    await expect(column.inputValue()).resolves.toBe('text')
    await expect(page.locator('.kpi').filter({ hasText: 'language' }).locator('.value').innerText()).resolves.toBe('en')
    const samples = page.getByRole('list', { name: 'Sample texts' }).getByRole('listitem')
    await expect(samples.count()).resolves.toBe(5)
    expect((await samples.first().innerText()).length).toBeGreaterThan(40)

    await column.selectOption('target')
    await expect.poll(() => page.getByRole('list', { name: 'Sample texts' }).getByRole('listitem').first().innerText(), { timeout: 30_000 }).toMatch(/fiction|press/)
    await column.selectOption('text')
    await expect.poll(async () => (await page.getByRole('list', { name: 'Sample texts' }).getByRole('listitem').first().innerText()).length, { timeout: 30_000 }).toBeGreaterThan(40)
    await saveScreenshot(page, 'data-texts')
  })

  it('searches with the texts: the text learnware trained on those genres first, and how texts were compared', async () => {
    const hits = await searchWithData(page, /your texts, brown-fiction--press\.csv, column text \(488 texts\)/)
    expect(hits[0]).toBe(names.get('brown-fiction-press-lore-hobbies-a'))
    await page.getByRole('heading', { name: 'How your texts were compared' }).waitFor()
    await saveScreenshot(page, 'search-texts', { fullPage: true })
    expect(await alerts(page)).toEqual([])
    expect(pageErrors).toEqual([])
  }, 120_000)

  it('previews the text learnware found on the texts with their label column', async () => {
    await goToStep(page, 'Search')
    for (const pick of await page.getByRole('region', { name: 'Best single learnwares' }).getByRole('checkbox', { name: /^Preview / }).all()) {
      if (!(await pick.isChecked())) await pick.check()
    }
    await goToStep(page, 'Preview')
    const run = page.getByRole('button', { name: 'Run the preview' })
    await expect(run.isDisabled()).resolves.toBe(true)
    await page.getByLabel('Label column (the class of each text)').fill('target')
    await page.getByLabel('Labelled texts (budget)').fill('50')
    await run.click()
    const metrics = page.getByRole('table', { name: 'Metrics per method' })
    await page.getByRole('heading', { name: 'Scores on your held-out texts' }).waitFor({ timeout: 180_000 })
    const rows = await metrics.getByRole('row').allInnerTexts()
    expect(rows.some((row) => row.startsWith(names.get('brown-fiction-press-lore-hobbies-a')!) && /\t0\.\d+\s*±/.test(row))).toBe(true)
    await expect(page.getByRole('region', { name: 'How your data were scored' }).innerText()).resolves.toMatch(/488 texts, as the learnwares take them/)
    await page.getByRole('region', { name: 'How your data were scored' }).scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'preview-texts')
    expect(await alerts(page)).toEqual([])
    expect(pageErrors).toEqual([])
  }, 240_000)

  it('exports the text learnware on the texts with the label column chosen on Preview', async () => {
    await goToStep(page, 'Export')
    await expect(page.getByLabel('Label column (the class of each text)').inputValue()).resolves.toBe('target')
    await page.getByLabel('Reuse method').selectOption('single')
    await exportBundle(page, /node predict\.mjs --texts <file\.csv> .*# texts in column "text"/)
    await saveScreenshot(page, 'export-texts', { fullPage: true })
    expect(await alerts(page)).toEqual([])
    expect(pageErrors).toEqual([])
  }, 240_000)

  it('submits an image classifier with the images open on the Data step (labels from the sub-folders)', async () => {
    const folder = await loadImageFolder(PNG_FOLDER)
    const mlp = trainMlpClassifier({ features: folder.images.data, rows: folder.images.count, cols: 784, labels: folder.labels!.codes }, { hiddenLayers: [16], seed: 0, epochs: 30 })
    const modelPath = join(app.workDir, 'fashion-mlp.onnx')
    writeFileSync(modelPath, imageMlpToOnnx(mlp, { channels: 1, height: 28, width: 28 }))

    await chooseKind(page, 'Images (folder)')
    await page.getByLabel('Image folder — path on this machine').fill(PNG_FOLDER)
    await press(page, 'Open folder')
    await page.getByRole('heading', { name: 'fashion-mnist-png', exact: true }).waitFor({ timeout: 60_000 })

    await goToStep(page, 'Submit a model')
    await page.getByLabel('ONNX model — path on this machine').fill(modelPath)
    await press(page, 'Use this model')
    await page.getByText('Model: fashion-mlp.onnx').waitFor()
    await expect(page.getByRole('checkbox', { name: /Use the images open on the Data step/ }).isChecked()).resolves.toBe(true)
    await expect(page.getByLabel('Target column (what the model predicts)').count()).resolves.toBe(0)
    await saveScreenshot(page, 'submit-images-files')
    await press(page, 'Next: describe it →')
    await page.getByLabel('Name').fill('Ten Fashion-MNIST classes')
    await page.getByLabel('Description').fill('A one-hidden-layer MLP over 28 × 28 grey pixels.')
    await page.getByRole('group', { name: 'Scenarios (at least one)' }).getByRole('button', { name: 'Business' }).click()
    await press(page, 'Next: pack and check →')
    await press(page, 'Pack and check')
    const verdict = page.getByRole('region', { name: "Checker's verdict" })
    await verdict.waitFor({ timeout: 120_000 })
    await expect(verdict.innerText()).resolves.toMatch(/Added to the dock as lwd-00000006/)
    await expect(verdict.innerText()).resolves.toMatch(/Usable/)
    await expect(verdict.innerText()).resolves.toMatch(/images described/)
    await saveScreenshot(page, 'submit-images-result', { fullPage: true })
    expect(pageErrors).toEqual([])
  }, 180_000)
})
