/**
 * What a person does in the app, as steps the end-to-end tests share: go to a step in the sidebar, open a
 * CSV by its path, make the specification. Locators use roles and labels (what a screen reader hears), so
 * the tests also check that controls are labelled.
 */
import { basename } from 'node:path'
import type { Page } from 'playwright-core'

export type StepName = 'Dock' | 'Data' | 'Specification' | 'Search' | 'Preview' | 'Export' | 'Submit a model'

export async function goToStep(page: Page, step: StepName): Promise<void> {
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^${step} \\(`) }).click()
  await page.getByRole('heading', { level: 1 }).waitFor()
}

/** Clicks a button inside the main area by its exact name (the sidebar has similar names). */
export async function press(page: Page, name: string): Promise<void> {
  await page.locator('main').getByRole('button', { name, exact: true }).first().click()
}

export async function openCsvByPath(page: Page, path: string): Promise<void> {
  await goToStep(page, 'Data')
  await page.getByLabel('CSV file — path on this machine').fill(path)
  await press(page, 'Open')
  // The panel of the table just read is headed by its file name (another table may have been open before).
  await page.getByRole('heading', { name: basename(path), exact: true }).waitFor({ timeout: 60_000 })
  await page.getByRole('heading', { name: /^Columns \(\d+\)$/ }).waitFor()
}

export async function makeSpecification(page: Page): Promise<void> {
  await goToStep(page, 'Specification')
  await press(page, 'Make the specification')
  await page.getByText('Nothing has left this machine.').waitFor({ timeout: 120_000 })
}

/** The text of every visible element with role=alert, for assertions and failure messages. */
export async function alerts(page: Page): Promise<string[]> {
  return page.getByRole('alert').allInnerTexts()
}
