/**
 * Cancelling a long job: a specification of a 100 000-row, 40-column table with K = 500 takes many
 * seconds; pressing Cancel stops it, the screen says so in plain words (not as an error), no
 * specification appears, and a new one can be started afterwards.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../../src/engine/math/rng'
import { goToStep, openCsvByPath, press } from './appPage'
import { chromiumAvailable, CHROMIUM_MISSING_MESSAGE, launchChromium, openAppPage, saveScreenshot } from './browser'
import { startTestApp, type TestApp } from './webApp'

if (!chromiumAvailable) console.warn(CHROMIUM_MISSING_MESSAGE)

/** A seeded table big enough that its spec takes a while (about 24 MB). */
function writeBigTable(path: string, rows: number, cols: number): void {
  const rng = createRng(7)
  const lines = [Array.from({ length: cols }, (_, j) => `sensor_${j}`).join(',')]
  for (let r = 0; r < rows; r++) {
    const cells = new Array<string>(cols)
    for (let j = 0; j < cols; j++) cells[j] = (rng.next() * 10 + j).toFixed(3)
    lines.push(cells.join(','))
  }
  writeFileSync(path, `${lines.join('\n')}\n`)
}

describe.skipIf(!chromiumAvailable)('cancelling a long job', () => {
  let app: TestApp
  let browser: Browser
  let page: Page
  let pageErrors: string[]
  let bigCsv: string

  beforeAll(async () => {
    app = await startTestApp({ starter: false })
    bigCsv = join(app.workDir, 'sensors.csv')
    writeBigTable(bigCsv, 100_000, 40)
    browser = await launchChromium()
    ;({ page, pageErrors } = await openAppPage(browser, app.openUrl))
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  it('stops the specification job when Cancel is pressed', async () => {
    await openCsvByPath(page, bigCsv)
    await goToStep(page, 'Specification')
    await page.getByLabel('Points (K)').fill('500')
    await press(page, 'Make the specification')
    const progress = page.getByRole('progressbar', { name: 'Making the specification' })
    await progress.waitFor()
    await saveScreenshot(page, 'spec-progress')
    const started = Date.now()
    await press(page, 'Cancel')
    await page.getByText('Cancelled. Nothing was made; you can start again.').waitFor({ timeout: 15_000 })
    expect(Date.now() - started).toBeLessThan(15_000)
    await expect(progress.count()).resolves.toBe(0)
    await expect(page.getByText('Nothing has left this machine.').count()).resolves.toBe(0)
    await expect(page.getByRole('alert').count()).resolves.toBe(0)
    await saveScreenshot(page, 'spec-cancelled')
    await expect(page.locator('main').getByRole('button', { name: 'Make the specification', exact: true }).isEnabled()).resolves.toBe(true)
    expect(pageErrors).toEqual([])
  })
})
