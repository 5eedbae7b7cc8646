/**
 * What the server's image and text tests (media.test.ts, reuseMedia.test.ts) share: the starter dock's
 * media files and a web app whose empty dock holds a few of its image and text packages, imported through
 * the API as a user would, plus a scratch folder for files a test writes.
 *
 * Example:
 *   const media = useMediaApp('lwd-media-')      // call at the top of a test file
 *   media.web.api.imagesOpen({ path: PNG_FOLDER }); media.ids['fashion-04-bag-trouser']
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import { runJob } from '../../src/shared/api'
import { repoRoot, startTestApp, type TestApp } from './webFixture'

export const STARTER_DIR = join(repoRoot, 'resources/starter-dock')
export const PNG_FOLDER = join(repoRoot, 'test/fixtures/images/fashion-mnist-png')
export const IDX_TASK = join(STARTER_DIR, 'user-tasks/fashion-t-shirt_top--ankle_boot-images-idx3-ubyte.gz')
export const BROWN_TASK = join(STARTER_DIR, 'user-tasks/brown-fiction--press.csv')
export const MEDIA_PACKAGES = [
  'fashion-01-t-shirt_top-ankle_boot', 'fashion-04-bag-trouser', 'fashion-11-sandal-sneaker',
  'brown-fiction-press-lore-hobbies-a', 'brown-learned-government-lore-hobbies-letters-religion-humor-a'
]

export interface MediaApp {
  web: TestApp
  /** A temporary folder, removed after the file's tests. */
  scratch: string
  /** Learnware id by package slug. */
  ids: Record<string, string>
}

/** Registers beforeAll/afterAll that start the app with MEDIA_PACKAGES imported; read the fields inside tests. */
export function useMediaApp(scratchPrefix: string): MediaApp {
  const app = { ids: {} } as MediaApp
  beforeAll(async () => {
    app.scratch = await mkdtemp(join(tmpdir(), scratchPrefix))
    app.web = await startTestApp({ seed: false })
    for (const slug of MEDIA_PACKAGES) {
      const added = await runJob(app.web.api, () => app.web.api.dockImport({ source: { kind: 'path', path: join(STARTER_DIR, 'packages', `${slug}.zip`) } }))
      expect(added.status).toBe('usable')
      app.ids[slug] = added.learnwareId
    }
  }, 180_000)
  afterAll(async () => {
    await app.web?.close()
    if (app.scratch) await rm(app.scratch, { recursive: true, force: true })
  })
  return app
}
