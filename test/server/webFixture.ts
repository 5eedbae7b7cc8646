/**
 * A real web-mode app for server tests: the job worker bundled with esbuild (inside the repository, so it
 * finds node_modules), an engine host on a temporary dock folder — seeded from the starter dock or empty —
 * and the HTTP server on 127.0.0.1 with a random port. `api` is the shared HTTP client over Node's fetch
 * and a test EventSource; `events` records every pushed message.
 */

import { build } from 'esbuild'
import { mkdirSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createHttpApi, type Api, type ServerEventMessage, type ServerEventName } from '../../src/shared/api'
import { starterDockDir } from '../../src/engine/dock/starter'
import { startWebMode, type WebModeApp } from '../../src/server/webMode'
import { openTestEventSource, type TestEventSource } from './sseClient'

export const repoRoot = resolve(import.meta.dirname, '../..')

let workerEntry: Promise<string> | null = null

/** Bundles src/server/jobs/workerEntry.ts once per test file. */
export function buildJobWorker(): Promise<string> {
  workerEntry ??= (async () => {
    const outdir = join(repoRoot, '.tmp', 'test-job-worker', `${process.pid}-${Date.now()}`)
    mkdirSync(outdir, { recursive: true })
    process.once('exit', () => rmSync(outdir, { recursive: true, force: true }))
    await build({
      entryPoints: { jobWorker: join(repoRoot, 'src/server/jobs/workerEntry.ts') },
      outdir, outExtension: { '.js': '.cjs' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning'
    })
    return join(outdir, 'jobWorker.cjs')
  })()
  return workerEntry
}

export interface TestApp {
  app: WebModeApp
  api: Api
  token: string
  base: string
  dockDir: string
  /** Every pushed message since the app started. */
  events: ServerEventMessage[]
  eventsNamed<E extends ServerEventName>(name: E): Extract<ServerEventMessage, { name: E }>['payload'][]
  post(path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<{ status: number; body: unknown }>
  close(): Promise<void>
}

export async function startTestApp(options: { seed?: boolean; rendererDir?: string | null } = {}): Promise<TestApp> {
  const root = await mkdtemp(join(tmpdir(), 'lwd-web-test-'))
  const dockDir = join(root, 'dock')
  const app = await startWebMode({
    dockDir,
    port: 0,
    rendererDir: options.rendererDir ?? null,
    workerEntry: await buildJobWorker(),
    starterDir: options.seed === false ? null : starterDockDir(),
    version: 'test',
    log: () => undefined
  })
  const base = app.url.replace(/\/$/, '')
  const events: ServerEventMessage[] = []
  app.host.bus.listen((message) => events.push(message))
  const sources: TestEventSource[] = []
  const api = createHttpApi({
    token: app.token,
    baseUrl: base,
    fetch: (url, init) => fetch(url, init),
    openEventSource: (url) => {
      const source = openTestEventSource(url)
      sources.push(source)
      return source
    }
  })
  // Open the shared event stream now, so no test's first job can outrun it.
  api.subscribe('job', () => undefined)
  await sources[0].opened
  return {
    app, api, token: app.token, base, dockDir, events,
    eventsNamed: (name) => events.filter((m) => m.name === name).map((m) => m.payload) as never,
    post: async (path, init = {}) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', body: init.body, headers: init.headers })
      const text = await response.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // plain text answers stay text
      }
      return { status: response.status, body }
    },
    close: async () => {
      for (const source of sources) source.close()
      await app.close()
      await rm(root, { recursive: true, force: true })
    }
  }
}
