/**
 * The real app for an end-to-end test: web mode (engine host + HTTP server + built renderer) started in
 * this process on a free port, on a fresh temporary dock folder of the test's own. `npm test` builds
 * first; run `npm run build` before running these tests alone.
 *
 * Example:
 *   const app = await startTestApp({ starter: true })     // seeded with the starter learnwares
 *   await page.goto(app.openUrl)                           // trades the token for a cookie
 *   await app.close()                                      // stops the server, deletes the dock folder
 */
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startWebMode } from '../../src/server/webMode'
import { repoRoot } from './browser'

export const rendererDir = join(repoRoot, 'out/renderer')
export const workerEntry = join(repoRoot, 'out/server/jobWorker.cjs')
export const starterDir = join(repoRoot, 'resources/starter-dock')

export interface TestApp {
  openUrl: string
  url: string
  dockDir: string
  /** A scratch folder for files the test writes (CSV, models, zips, saved outputs). */
  workDir: string
  serverLog: string[]
  close(): Promise<void>
}

/**
 * `starter: true` seeds the dock with every starter learnware; `{ only: [slugs] }` with just those (a
 * starter folder of their own, so a test that needs a few learnwares does not wait for all of them).
 */
export async function startTestApp(options: { starter: boolean | { only: string[] } }): Promise<TestApp> {
  for (const built of [join(rendererDir, 'index.html'), workerEntry]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before the end-to-end tests`)
  }
  const root = mkdtempSync(join(tmpdir(), 'lwd-e2e-'))
  const dockDir = join(root, 'dock')
  const workDir = join(root, 'work')
  mkdirSync(workDir)
  const serverLog: string[] = []
  const app = await startWebMode({
    dockDir,
    port: 0,
    rendererDir,
    workerEntry,
    starterDir: options.starter === true ? starterDir : options.starter ? partialStarter(root, options.starter.only) : null,
    version: 'e2e',
    token: randomBytes(24).toString('hex'),
    log: (message, error) => serverLog.push(error === undefined ? message : `${message}: ${String(error)}`)
  })
  if (app.seeded && 'error' in app.seeded) throw new Error(`Starter dock not seeded: ${app.seeded.error}`)
  return {
    openUrl: app.openUrl,
    url: app.url,
    dockDir,
    workDir,
    serverLog,
    close: async () => {
      await app.close()
      rmSync(root, { recursive: true, force: true })
    }
  }
}

/** A starter folder holding only the learnwares named by slug (same index format, same package files). */
function partialStarter(root: string, slugs: readonly string[]): string {
  const dir = join(root, 'starter')
  mkdirSync(join(dir, 'packages'), { recursive: true })
  const index = JSON.parse(readFileSync(join(starterDir, 'index.json'), 'utf8')) as { learnwares: { slug: string; file: string }[] }
  const learnwares = index.learnwares.filter((l) => slugs.includes(l.slug))
  if (learnwares.length !== slugs.length) throw new Error(`Not all of ${slugs.join(', ')} are starter learnwares`)
  for (const learnware of learnwares) copyFileSync(join(starterDir, learnware.file), join(dir, learnware.file))
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ ...index, learnwares }))
  return dir
}
