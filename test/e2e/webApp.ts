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
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
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

export async function startTestApp(options: { starter: boolean }): Promise<TestApp> {
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
    starterDir: options.starter ? starterDir : null,
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
