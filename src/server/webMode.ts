/**
 * Web mode: the whole app served on 127.0.0.1 — an engine host on the dock folder (seeded from the starter
 * dock), the handler map, and the HTTP server with a fresh token. What `npm run web` runs, what `npm start`
 * falls back to where Electron cannot start, and what the e2e tests launch with their own `--dock` folder.
 *
 * Example:
 *   const app = await startWebMode({ dockDir, port: 4873, rendererDir, workerEntry, starterDir })
 *   console.log(app.openUrl)     // http://127.0.0.1:4873/?token=…
 *   await app.close()
 */

import { createHandlers } from './handlers'
import { EngineHost } from './engineHost'
import { consoleLogger, type Logger } from './errors'
import { createToken } from './http/requestGuards'
import { startHttpServer, type RunningServer } from './http/httpServer'

export interface WebModeOptions {
  dockDir: string
  port: number
  /** out/renderer; null serves the API only. */
  rendererDir: string | null
  workerEntry: string
  /** Seed the dock from this folder before serving (null: no seeding). */
  starterDir: string | null
  version: string
  /** Default: a new random one (at least 32 characters when given, e.g. by a test). */
  token?: string
  log?: Logger
}

export interface WebModeApp extends RunningServer {
  host: EngineHost
  token: string
  /** Starter dock seeding: learnwares added (0 when the dock already had them), or the error's message. */
  seeded: { added: number } | { error: string } | null
}

export async function startWebMode(options: WebModeOptions): Promise<WebModeApp> {
  const log = options.log ?? consoleLogger
  const token = options.token ?? createToken()
  if (token.length < 32) throw new Error('The web token must be at least 32 characters')
  const host = await EngineHost.open({
    dockDir: options.dockDir, mode: 'web', version: options.version, workerEntry: options.workerEntry, starterDir: options.starterDir, log
  })
  let seeded: WebModeApp['seeded'] = null
  if (host.starterJobId) {
    const state = await host.jobs.settled(host.starterJobId)
    seeded = state.status === 'done' && state.kind === 'starterSeed' ? { added: state.result!.added } : { error: state.error?.message ?? state.status }
  }
  try {
    const server = await startHttpServer({ handlers: createHandlers(host), bus: host.bus, outputs: host.outputs, rendererDir: options.rendererDir, token, port: options.port, log })
    return {
      ...server,
      host,
      token,
      seeded,
      close: async () => {
        await server.close()
        await host.close()
      }
    }
  } catch (error) {
    await host.close()
    throw error
  }
}
