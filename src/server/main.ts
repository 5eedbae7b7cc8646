/**
 * `node out/server/index.cjs [--port 4873] [--dock DIR] [--no-starter] [--quiet]` — web mode from the
 * command line (`npm run web`, and `npm start` where Electron cannot run). Prints one line with the address
 * to open (it holds this launch's key) and serves until Ctrl+C. PORT and LEARNWARE_DOCK_DIR work too;
 * LEARNWARE_DOCK_TOKEN fixes the token (tests).
 */

import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_WEB_PORT } from '../shared/api'
import { defaultDockDir } from '../engine/dock'
import { starterDockDir } from '../engine/dock/starter'
import { describeError, LearnwareError } from '../engine/errors'
import { version } from '../../package.json'
import { startWebMode } from './webMode'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      dock: { type: 'string' },
      'no-starter': { type: 'boolean' },
      quiet: { type: 'boolean' },
      json: { type: 'boolean' }
    },
    strict: true
  })
  const chosenPort = values.port ?? process.env.PORT
  const port = Number(chosenPort ?? DEFAULT_WEB_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LearnwareError('USAGE', `--port must be a port number (got ${chosenPort})`)
  const dockDir = resolve(values.dock ?? process.env.LEARNWARE_DOCK_DIR ?? defaultDockDir())
  const rendererDir = join(__dirname, '..', 'renderer')
  const start = (onPort: number) => startWebMode({
    dockDir,
    port: onPort,
    rendererDir: existsSync(join(rendererDir, 'index.html')) ? rendererDir : null,
    workerEntry: join(__dirname, 'jobWorker.cjs'),
    starterDir: values['no-starter'] ? null : starterDockDir(),
    version,
    token: process.env.LEARNWARE_DOCK_TOKEN || undefined
  })
  // The default port may be taken (another launch); then any free port will do. A chosen port must be that one.
  const app = await start(port).catch((error: unknown) => {
    if (chosenPort === undefined && isAddressInUse(error)) return start(0)
    throw error
  })
  if (values.json) console.log(JSON.stringify({ url: app.url, openUrl: app.openUrl, port: app.port, dockDir, seeded: app.seeded }))
  else console.log(`Learnware Dock (web mode) is running at ${app.openUrl}  — dock: ${dockDir}; Ctrl+C stops it.`)
  if (app.seeded && 'error' in app.seeded && !values.quiet) console.error(`The starter dock could not be added: ${app.seeded.error}`)
  const stop = () => void app.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE'
}

main().catch((error: unknown) => {
  const message = isAddressInUse(error) ? 'That port is in use; choose another with --port N (or PORT=N).' : describeError(error)
  console.error(`Learnware Dock could not start in web mode: ${message}`)
  process.exit(1)
})
