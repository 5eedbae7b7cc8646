/**
 * What the engine's image and text reuse / export tests share: starter-dock packages added to a test dock by
 * slug, and the two starter user tasks they are reused on (t-shirts + ankle boots as IDX, fiction + press
 * paragraphs as CSV). The server tests have their own app-level fixture (test/server/mediaFixture.ts).
 *
 * Example:
 *   const idOf = await addStarterPackages(dock, [BOTH, BOOTS, ...FICTION_PRESS])
 *   const { images, labels } = await tshirtBootTask()
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { FASHION_CLASSES } from '../../scripts/starter-dock/imageLearnwares'
import { readIdxImages, readIdxLabels, type ImageBatch } from '../../src/engine/data/images'
import type { Dock } from '../../src/engine/dock'
import { loadTextTableFile } from '../../src/engine/text'
import { repoRoot } from './fixtures'

export const STARTER_DIR = join(repoRoot, 'resources', 'starter-dock')
export const USER_TASKS = join(STARTER_DIR, 'user-tasks')
export const FICTION_PRESS_CSV = join(USER_TASKS, 'brown-fiction--press.csv')

/** For the user's t-shirts and ankle boots: both classes, ankle boots (+ dress), t-shirts (+ sandal). */
export const BOTH = 'fashion-01-t-shirt_top-ankle_boot'
export const BOOTS = 'fashion-14-dress-ankle_boot'
export const TSHIRTS = 'fashion-06-sandal-t-shirt_top'
/** For the user's fiction and press paragraphs: two learnwares trained on both. */
export const FICTION_PRESS = ['brown-fiction-press-learned-government-a', 'brown-fiction-press-lore-hobbies-b']

/** Adds the starter packages (each must pass the dock's check); returns learnware id by slug. */
export async function addStarterPackages(dock: Dock, slugs: readonly string[]): Promise<Map<string, string>> {
  const idOf = new Map<string, string>()
  for (const slug of slugs) {
    const added = await dock.add(readFileSync(join(STARTER_DIR, 'packages', `${slug}.zip`)), { label: slug })
    expect(added.status).toBe('usable')
    idOf.set(slug, added.id)
  }
  return idOf
}

/** The starter image task: 120 t-shirts and ankle boots with their class names. */
export async function tshirtBootTask(): Promise<{ images: ImageBatch; labels: string[] }> {
  const images = await readIdxImages(join(USER_TASKS, 'fashion-t-shirt_top--ankle_boot-images-idx3-ubyte.gz'))
  const codes = await readIdxLabels(join(USER_TASKS, 'fashion-t-shirt_top--ankle_boot-labels-idx1-ubyte.gz'))
  return { images, labels: Array.from(codes, (code) => FASHION_CLASSES[code]) }
}

/** The starter text task: fiction and press paragraphs with their genre. */
export async function fictionPressTask(): Promise<{ texts: string[]; labels: string[] }> {
  const docs = await loadTextTableFile(FICTION_PRESS_CSV, { column: 'text', labelColumn: 'target' })
  return { texts: docs.texts, labels: docs.labels! }
}
