/**
 * The whole journey in a browser, on the real web-mode server and a temporary dock seeded with the starter
 * learnwares: see the dock, open a user task's CSV, make the private specification and save it, and
 * search — the learnwares trained on the same kind of data come first, with a recommended combination —,
 * preview reusing them on the labelled rows (metrics, confusion matrix, learning curve)
 * and export that combination as a bundle that, unzipped elsewhere, predicts with Node alone.
 * Screenshots of each screen go to test-results/screenshots/.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { alerts, goToStep, makeSpecification, openCsvByPath, press } from './appPage'
import { chromiumAvailable, CHROMIUM_MISSING_MESSAGE, launchChromium, openAppPage, repoRoot, saveScreenshot } from './browser'
import { startTestApp, type TestApp } from './webApp'

if (!chromiumAvailable) console.warn(CHROMIUM_MISSING_MESSAGE)

const USER_TASK = join(repoRoot, 'resources/starter-dock/user-tasks/mix-breast-cancer-area-under-400--breast-cancer-area-800-plus.csv')

describe.skipIf(!chromiumAvailable)('the journey: dock → data → specification → search → preview → export', () => {
  let app: TestApp
  let browser: Browser
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    app = await startTestApp({ starter: true })
    browser = await launchChromium()
    ;({ page, pageErrors } = await openAppPage(browser, app.openUrl))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  it('shows the starter learnwares as cards with their status, and one learnware in full', async () => {
    await page.getByText(/^\d+ learnwares$/).waitFor()
    const count = Number((await page.getByText(/^\d+ learnwares$/).innerText()).split(' ')[0])
    expect(count).toBeGreaterThanOrEqual(20)
    await saveScreenshot(page, 'dock')

    await page.getByRole('button', { name: /all three species/ }).click()
    const details = page.getByRole('complementary', { name: 'Learnware details' })
    await details.getByRole('heading', { name: /Iris species classifier — all three species/ }).waitFor()
    await expect(details.getByText('ONNX (runs here)').isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'dock-details')

    await page.getByLabel('Search by name or description').fill('wine')
    await page.getByText(/^\d+ of \d+ learnwares match$/).waitFor()
    const cards = await page.getByRole('listitem').allInnerTexts()
    expect(cards.length).toBeGreaterThan(0)
    for (const card of cards) expect(card.toLowerCase()).toContain('wine')
    await press(page, 'Clear filters')
  })

  it('says in place, without a stack trace, when a file cannot be opened', async () => {
    await goToStep(page, 'Data')
    await page.getByLabel('CSV file — path on this machine').fill(join(app.workDir, 'no-such-file.csv'))
    await press(page, 'Open')
    const alert = page.getByRole('alert').filter({ hasText: 'The file could not be opened' })
    await alert.waitFor()
    const text = await alert.innerText()
    expect(text).toMatch(/no-such-file\.csv/)
    expect(text).not.toMatch(/\bat .*\.(js|cjs|ts):\d+/)
    await saveScreenshot(page, 'data-error')
  })

  it('shows missing values per column and how they will be filled, for a semicolon file', async () => {
    // The wine sample with a few cells blanked, written with semicolons and a note column to ignore.
    const [header, ...rows] = readFileSync(join(repoRoot, 'resources/samples/wine.csv'), 'utf8').trim().split(/\r?\n/)
    const blanked = rows.map((line, r) => {
      const cells = line.split(',')
      if (r % 7 === 0) cells[0] = ''
      if (r % 11 === 0) cells[3] = ''
      return [...cells, `bottle ${r}`].join(';')
    })
    const path = join(app.workDir, 'wine-with-gaps.csv')
    writeFileSync(path, [`${header.split(',').join(';')};note`, ...blanked].join('\n'))
    await openCsvByPath(page, path)
    await expect(page.getByLabel(/^Delimiter/).inputValue()).resolves.toBe(';')
    const firstColumn = page.getByRole('row').filter({ has: page.getByLabel(`Type of column ${header.split(',')[0]}`) })
    await expect(firstColumn.innerText()).resolves.toMatch(/26\s+the mean, \d/)
    await expect(page.getByText(/have missing values/).isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'data-missing')
  })

  it('opens a CSV by its path and shows what was detected, column by column', async () => {
    await openCsvByPath(page, USER_TASK)
    await expect(page.getByLabel(/^Delimiter/).inputValue()).resolves.toBe(',')
    await expect(page.getByLabel('Column to predict (target)').inputValue()).resolves.toBe('target')
    await expect(page.getByRole('table', { name: 'Preview of the first rows' }).isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'data')

    // Ignoring a column reloads the table with one feature fewer; Auto brings it back.
    const features = page.locator('.kpi').filter({ hasText: 'features' }).locator('.value')
    await expect(features.innerText()).resolves.toBe('30')
    await page.getByLabel('Type of column mean_radius').selectOption('ignore')
    await expect.poll(() => features.innerText(), { timeout: 30_000 }).toBe('29')
    await page.getByLabel('Type of column mean_radius').selectOption('auto')
    await expect.poll(() => features.innerText(), { timeout: 30_000 }).toBe('30')
  })

  it('makes the specification on this machine and saves it only when asked', async () => {
    await makeSpecification(page)
    await expect(page.getByText(/points \(K\)/).first().isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'spec')

    const target = join(app.workDir, 'my-data.spec.json')
    expect(existsSync(target)).toBe(false)
    await page.getByLabel('Save the specification to').fill(target)
    await press(page, 'Save')
    await page.getByText(/^Saved to/).waitFor()
    const saved = JSON.parse(readFileSync(target, 'utf8')) as { z: number[][]; beta: number[] }
    expect(saved.z.length).toBe(saved.beta.length)
    expect(saved.z[0].length).toBe(30)
  })

  it('searches with the data: breast-cancer learnwares rank first and a combination is recommended', async () => {
    await goToStep(page, 'Search')
    await press(page, 'Search')
    const singles = page.getByRole('region', { name: 'Best single learnwares' })
    await singles.waitFor({ timeout: 120_000 })
    const firstRow = singles.getByRole('row').nth(1)
    await expect(firstRow.innerText()).resolves.toMatch(/Breast cancer/i)
    await expect(page.getByRole('heading', { name: 'Recommended combination' }).isVisible()).resolves.toBe(true)
    await expect(page.getByRole('heading', { name: 'How your columns were matched' }).isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'search')
    expect(await alerts(page)).toEqual([])
  })

  it('previews reuse on the labelled rows: metrics, a confusion matrix that opens its rows, a learning curve', async () => {
    await goToStep(page, 'Preview')
    await press(page, 'Run the preview')
    const metrics = page.getByRole('table', { name: 'Metrics per method' })
    await metrics.waitFor({ timeout: 180_000 })
    const rows = await metrics.getByRole('row').allInnerTexts()
    expect(rows.some((row) => /Averaging/.test(row))).toBe(true)
    expect(rows.some((row) => /trained from scratch/.test(row))).toBe(true)
    await expect(metrics.getByText('best reuse').count()).resolves.toBe(1)

    const matrix = page.getByRole('table', { name: /^Confusion matrix of / })
    await matrix.waitFor()
    const cell = matrix.getByRole('button', { name: /^[1-9]\d* rows with actual/ }).first()
    await cell.click()
    const behind = page.getByRole('region', { name: 'Rows behind the chosen cell' })
    await behind.waitFor()
    await expect(behind.getByRole('row').count()).resolves.toBeGreaterThan(1)
    await saveScreenshot(page, 'preview')

    await press(page, 'Draw the learning curve')
    await page.getByRole('img', { name: /on held-out rows$/ }).waitFor({ timeout: 180_000 })
    await page.getByRole('heading', { name: 'Learning curve: reuse vs training from scratch' }).scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'preview-curve')
    expect(await alerts(page)).toEqual([])
  }, 240_000)

  it('exports the recommended combination as a verified bundle that predicts on its own', async () => {
    await goToStep(page, 'Export')
    await page.getByLabel('Reuse method').selectOption('averaging')
    await press(page, 'Write the bundle')
    const bundle = page.getByRole('region', { name: /^Bundle: / })
    await bundle.waitFor({ timeout: 180_000 })
    await expect(bundle.getByText('Verified', { exact: true }).isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'export')

    const zipPath = join(app.workDir, 'breast-cancer-bundle.zip')
    await page.getByLabel('Save the bundle to').fill(zipPath)
    await press(page, 'Save')
    await page.getByText(/^Saved to/).waitFor()

    // Unzipped anywhere, the bundle runs with Node and onnxruntime-node alone.
    const folder = join(app.workDir, 'bundle')
    mkdirSync(folder)
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath)))) writeFileSync(join(folder, name), bytes)
    const env = { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') }
    const check = spawnSync(process.execPath, ['predict.mjs', '--check'], { cwd: folder, env, encoding: 'utf8', timeout: 60_000 })
    expect(check.status, check.stderr).toBe(0)
    const run = spawnSync(process.execPath, ['predict.mjs', USER_TASK, '--json'], { cwd: folder, env, encoding: 'utf8', timeout: 60_000 })
    expect(run.status, run.stderr).toBe(0)
    const predictions = JSON.parse(run.stdout) as { labelNames: string[] }
    const [header, ...rows] = readFileSync(USER_TASK, 'utf8').trim().split(/\r?\n/)
    const targetColumn = header.split(',').indexOf('target')
    const truth = rows.map((line) => line.split(',')[targetColumn])
    expect(predictions.labelNames.length).toBe(truth.length)
    const correct = predictions.labelNames.filter((label, r) => label === truth[r]).length
    expect(correct / truth.length).toBeGreaterThan(0.8)
    expect(pageErrors).toEqual([])
  }, 240_000)
})
