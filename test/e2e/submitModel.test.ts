/**
 * Submitting your own model through the wizard: a logistic regression trained here on the iris table
 * (src/engine/train → toOnnx()), given by path, and its training CSV, uploaded as a copy, become a learnware — the spec is made on this
 * machine, the checker runs the model, the learnware joins the dock and the zip is saved where asked.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTableFile } from '../../src/engine/data'
import { trainLogisticRegression } from '../../src/engine/train'
import { goToStep, press } from './appPage'
import { chromiumAvailable, CHROMIUM_MISSING_MESSAGE, launchChromium, openAppPage, repoRoot, saveScreenshot } from './browser'
import { startTestApp, type TestApp } from './webApp'

if (!chromiumAvailable) console.warn(CHROMIUM_MISSING_MESSAGE)

const IRIS = join(repoRoot, 'test/fixtures/tabular/iris.csv')

async function trainIrisModel(path: string): Promise<void> {
  const table = await loadTableFile(IRIS, { target: 'target', targetTask: 'classification' })
  const model = trainLogisticRegression({ features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow, labels: table.target!.codes! })
  writeFileSync(path, model.toOnnx())
}

describe.skipIf(!chromiumAvailable)('submitting a model of your own', () => {
  let app: TestApp
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  let modelPath: string

  beforeAll(async () => {
    app = await startTestApp({ starter: false })
    modelPath = join(app.workDir, 'iris-logreg.onnx')
    await trainIrisModel(modelPath)
    browser = await launchChromium()
    ;({ page, pageErrors } = await openAppPage(browser, app.openUrl))
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  it('walks through the wizard: files, description, pack and check', async () => {
    await goToStep(page, 'Submit a model')
    await page.getByLabel('ONNX model — path on this machine').fill(modelPath)
    await press(page, 'Use this model')
    await page.getByText('Model: iris-logreg.onnx').waitFor()
    // The training table goes as an uploaded copy (bytes), the way a browser without paths sends it.
    await page.getByLabel('Upload a copy of the training csv').setInputFiles({ name: 'iris.csv', mimeType: 'text/csv', buffer: readFileSync(IRIS) })
    await page.getByText('Training data: iris.csv').waitFor()
    await page.getByLabel('Target column (what the model predicts)').fill('target')
    await saveScreenshot(page, 'submit-files')
    await press(page, 'Next: describe it →')

    await page.getByLabel('Name').fill('Iris species from four measurements')
    await page.getByLabel('Description').fill('Logistic regression on sepal and petal sizes (cm); predicts the species code 0, 1 or 2.')
    await page.getByRole('group', { name: 'Scenarios (at least one)' }).getByRole('button', { name: 'Nature' }).click()
    await page.getByLabel('Licence').selectOption('MIT')
    await saveScreenshot(page, 'submit-describe')
    await press(page, 'Next: pack and check →')

    await press(page, 'Pack and check')
    const verdict = page.getByRole('region', { name: "Checker's verdict" })
    await verdict.waitFor({ timeout: 120_000 })
    await expect(verdict.innerText()).resolves.toMatch(/Added to the dock as lwd-00000001/)
    await expect(verdict.innerText()).resolves.toMatch(/Usable/)
    await expect(verdict.getByText(/^All \d+ checks passed$/).isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'submit-result')
  })

  it('saves the package zip where asked, and the dock lists the new learnware', async () => {
    const target = join(app.workDir, 'iris-learnware.zip')
    await page.getByLabel('Save the package to').fill(target)
    await press(page, 'Save')
    await page.getByText(/^Saved to/).waitFor()
    expect(existsSync(target)).toBe(true)
    const files = Object.keys(unzipSync(readFileSync(target)))
    expect(files).toEqual(expect.arrayContaining(['model.onnx', 'learnware.yaml', 'rkme.json']))

    await goToStep(page, 'Dock')
    await page.getByRole('button', { name: /Iris species from four measurements/ }).waitFor()
    expect(pageErrors).toEqual([])
  })
})
