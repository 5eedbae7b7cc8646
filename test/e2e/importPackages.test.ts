/**
 * A fresh start (every screen says what to do next), and importing packages through the Dock screen, as a
 * person would (drop or choose a .zip): a good starter
 * package is checked and added with the checker's verdict shown; a hostile zip-slip package (an entry
 * named ../../evil.txt) is refused with a readable reason and writes nothing outside the dock; deleting
 * asks first and leaves the dock empty again.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { goToStep, press, type StepName } from './appPage'
import { chromiumAvailable, CHROMIUM_MISSING_MESSAGE, launchChromium, openAppPage, repoRoot, saveScreenshot } from './browser'
import { startTestApp, type TestApp } from './webApp'

if (!chromiumAvailable) console.warn(CHROMIUM_MISSING_MESSAGE)

const GOOD_PACKAGE = join(repoRoot, 'resources/starter-dock/packages/iris-all-species.zip')

/** The good package plus one entry that climbs out of any folder it is unpacked into. */
function zipSlipPackage(): Uint8Array {
  const entries = unzipSync(readFileSync(GOOD_PACKAGE))
  return zipSync({ ...entries, '../../evil.txt': strToU8('written outside the dock') })
}

describe.skipIf(!chromiumAvailable)('importing learnware packages in the Dock screen', () => {
  let app: TestApp
  let browser: Browser
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    app = await startTestApp({ starter: false })
    browser = await launchChromium()
    ;({ page, pageErrors } = await openAppPage(browser, app.openUrl))
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  it('explains what to do next on every screen of a fresh start', async () => {
    await page.getByRole('heading', { name: 'The dock is empty' }).waitFor()
    await saveScreenshot(page, 'dock-empty')
    const expected: [StepName, string][] = [
      ['Data', 'No data open yet'],
      ['Specification', 'Open your data first'],
      ['Search', 'No search yet'],
      ['Preview', 'Open your data first'],
      ['Export', 'Open your data first']
    ]
    for (const [step, heading] of expected) {
      await goToStep(page, step)
      await page.getByRole('heading', { name: heading }).waitFor()
    }
    await goToStep(page, 'Preview')
    await saveScreenshot(page, 'preview-empty')
    await goToStep(page, 'Dock')
  })

  it('imports a good package and shows the checker’s verdict', async () => {
    await press(page, 'Import a package…')
    await page.getByLabel('Choose a learnware package (.zip)').setInputFiles({ name: 'iris-all-species.zip', mimeType: 'application/zip', buffer: readFileSync(GOOD_PACKAGE) })
    const verdict = page.getByRole('status', { name: 'Checker verdict' })
    await verdict.waitFor({ timeout: 60_000 })
    await expect(verdict.innerText()).resolves.toMatch(/was added as lwd-00000001/)
    await expect(verdict.innerText()).resolves.toMatch(/Usable/)
    await expect(verdict.getByText(/^All \d+ checks passed$/).isVisible()).resolves.toBe(true)
    await page.getByText('1 learnware', { exact: true }).waitFor()
    await saveScreenshot(page, 'import-good')
  })

  it('refuses a zip-slip package with a reason a person can read, and writes nothing outside', async () => {
    await page.getByLabel('Choose a learnware package (.zip)').setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSlipPackage()) })
    const alert = page.getByRole('alert').filter({ hasText: 'evil.zip was not imported' })
    await alert.waitFor({ timeout: 60_000 })
    const text = await alert.innerText()
    expect(text).toMatch(/evil\.txt/)
    expect(text).not.toMatch(/\bat .*\.(js|cjs|ts):\d+/)
    await saveScreenshot(page, 'import-hostile')
    for (const folder of [app.dockDir, dirname(app.dockDir), dirname(dirname(app.dockDir))]) expect(existsSync(join(folder, 'evil.txt'))).toBe(false)
    expect(readdirSync(join(app.dockDir, 'packages')).length).toBe(1)
  })

  it('deletes a learnware only after confirming', async () => {
    await page.getByRole('list', { name: 'Learnwares in the dock' }).getByRole('button').first().click()
    await press(page, 'Delete…')
    const dialog = page.getByRole('dialog', { name: 'Delete this learnware?' })
    await dialog.waitFor()
    await saveScreenshot(page, 'dock-delete-confirm')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(page.getByRole('list', { name: 'Learnwares in the dock' }).getByRole('button').count()).resolves.toBe(1)

    await press(page, 'Delete…')
    await dialog.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('heading', { name: 'The dock is empty' }).waitFor()
    expect(pageErrors).toEqual([])
  })
})
