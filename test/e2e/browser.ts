/**
 * Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download, no @playwright/test). When Chromium is missing the suites skip with a message saying how to
 * install it, so a developer without it is not blocked; CI installs it.
 *
 * Example:
 *   const browser = await launchChromium()
 *   const page = await openAppPage(browser, server.url)
 *   await saveScreenshot(page, 'dock')      // → test-results/screenshots/dock.png
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.LEARNWARE_DOCK_CHROMIUM ?? '/usr/bin/chromium'
export const chromiumAvailable = existsSync(CHROMIUM_PATH)
// CI sets REQUIRE_CHROMIUM=1: there a missing browser is a failure, not a reason to skip.
if (!chromiumAvailable && process.env.REQUIRE_CHROMIUM === '1') {
  throw new Error(`REQUIRE_CHROMIUM=1 but there is no Chromium at ${CHROMIUM_PATH}`)
}
export const CHROMIUM_MISSING_MESSAGE =
  `End-to-end tests skipped: no Chromium at ${CHROMIUM_PATH}. Install it with ` +
  '`apt-get update && apt-get install -y --no-install-recommends chromium fonts-liberation` ' +
  '(or point LEARNWARE_DOCK_CHROMIUM at a Chromium binary).'

export const repoRoot = resolve(import.meta.dirname, '../..')
export const screenshotDir = join(repoRoot, 'test-results/screenshots')

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic'
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** A fresh page at 1280×800 (the size the app is designed for) that fails the test on page errors. */
export async function openAppPage(browser: Browser, url: string): Promise<{ page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    // An API call answered with an error status is logged by Chromium as a failed resource; the UI shows it.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`)
  })
  page.setDefaultTimeout(30_000)
  await page.goto(url)
  return { page, pageErrors }
}

export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: options.fullPage ?? false })
  return path
}
