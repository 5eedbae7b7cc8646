/**
 * Web mode's HTTP server: the built renderer and the same handler map as the desktop app, on 127.0.0.1
 * only. `POST /api/<name>` (JSON in, envelope out) needs `Authorization: Bearer <token>`; `GET /api/events`
 * (Server-Sent Events) and `GET /api/outputs/<id>` (downloads) take `?token=` since EventSource and links
 * cannot send headers. The page itself is served to whoever opened the printed URL (`/?token=…` sets an
 * HttpOnly SameSite=Strict cookie and redirects to `/`), and receives the token in a meta tag. Every
 * request must name our host (DNS rebinding), browser requests must come from our origin, and bodies are
 * size-limited (bigger for the calls that may carry file bytes).
 *
 * Example:
 *   const server = await startHttpServer({ handlers, bus: host.bus, outputs: host.outputs, rendererDir, token, port: 4873 })
 *   server.url      // 'http://127.0.0.1:4873/'
 *   await server.close()
 */

import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  API_PATH_PREFIX,
  APP_CONTENT_SECURITY_POLICY,
  EVENTS_PATH,
  MAX_UPLOAD_BASE64_CHARS,
  OUTPUTS_PATH_PREFIX,
  TOKEN_QUERY_PARAM,
  UPLOAD_HANDLERS,
  type ApiError,
  type Envelope,
  type HandlerImplementations
} from '../../shared/api'
import { dispatch } from '../dispatch'
import { HostError, toApiError, type Logger } from '../errors'
import type { EventBus } from '../eventBus'
import type { Registry } from '../registry'
import type { StoredOutput } from '../engineHost'
import { bearerToken, cookieValue, isAllowedHost, isAllowedOrigin, readJsonBody, SESSION_COOKIE, tokensMatch } from './requestGuards'
import { openEventStream } from './sse'
import { injectToken, mediaTypeOf, resolveStaticPath } from './staticFiles'

export const JSON_BODY_LIMIT = 1024 * 1024
export const UPLOAD_BODY_LIMIT = MAX_UPLOAD_BASE64_CHARS + 1024 * 1024

export interface HttpServerOptions {
  handlers: HandlerImplementations
  bus: EventBus
  outputs: Registry<StoredOutput>
  /** out/renderer; null serves the API only. */
  rendererDir: string | null
  token: string
  /** 0 picks a free port. */
  port: number
  log?: Logger
}

export interface RunningServer {
  url: string
  /** The URL to open: with the token, which the page trades for a cookie. */
  openUrl: string
  port: number
  close(): Promise<void>
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

const STATUS_BY_CODE: Record<string, number> = {
  BAD_REQUEST: 400, UNAUTHORIZED: 401, UNKNOWN_HANDLER: 404, NOT_FOUND: 404, TOO_LARGE: 413, INTERNAL: 500
}

export function httpStatusOf(envelope: Envelope<unknown>): number {
  return envelope.ok ? 200 : (STATUS_BY_CODE[envelope.error.code] ?? 422)
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const closeStreams = new Set<() => void>()
  let port = options.port
  const server: Server = createServer((request, response) => {
    handleRequest(request, response, { ...options, port }, closeStreams).catch((error: unknown) => {
      options.log?.('Web server: a request failed', error)
      if (!response.headersSent) sendEnvelope(response, { ok: false, error: toApiError(error) })
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/`
  return {
    url,
    openUrl: `${url}?${TOKEN_QUERY_PARAM}=${options.token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const close of [...closeStreams]) close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

async function handleRequest(request: IncomingMessage, response: ServerResponse, options: HttpServerOptions, streams: Set<() => void>): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
  if (!isAllowedHost(request.headers.host, options.port)) return sendPlain(response, 421, 'Unknown host')
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${options.port}`)
  const queryToken = url.searchParams.get(TOKEN_QUERY_PARAM)

  if (url.pathname.startsWith(API_PATH_PREFIX)) {
    if (!isAllowedOrigin(request.headers.origin, options.port)) return sendError(response, { code: 'UNAUTHORIZED', message: 'Requests from other sites are refused' })
    if (url.pathname === EVENTS_PATH && request.method === 'GET') {
      if (!tokensMatch(queryToken, options.token)) return sendError(response, unauthorized())
      return openEventStream(request, response, options.bus, streams)
    }
    if (url.pathname.startsWith(OUTPUTS_PATH_PREFIX) && request.method === 'GET') {
      if (!tokensMatch(queryToken, options.token)) return sendError(response, unauthorized())
      return sendOutput(response, options.outputs, decodeURIComponent(url.pathname.slice(OUTPUTS_PATH_PREFIX.length)))
    }
    if (request.method !== 'POST') return sendError(response, { code: 'BAD_REQUEST', message: `${request.method} is not allowed here; API calls are POST` }, 405)
    if (!tokensMatch(bearerToken(request.headers.authorization), options.token)) return sendError(response, unauthorized())
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return sendError(response, { code: 'BAD_REQUEST', message: 'API calls send JSON (Content-Type: application/json)' }, 415)
    }
    const name = url.pathname.slice(API_PATH_PREFIX.length)
    const limit = (UPLOAD_HANDLERS as readonly string[]).includes(name) ? UPLOAD_BODY_LIMIT : JSON_BODY_LIMIT
    let body: unknown
    try {
      body = await readJsonBody(request, limit)
    } catch (error) {
      if (error instanceof HostError && error.code === 'TOO_LARGE') response.setHeader('Connection', 'close')
      return sendError(response, toApiError(error, options.log))
    }
    return sendEnvelope(response, await dispatch(options.handlers, name, body, options.log))
  }

  if (request.method !== 'GET' && request.method !== 'HEAD') return sendPlain(response, 405, 'Method not allowed')
  if (!options.rendererDir) return sendPlain(response, 404, 'Not found')
  if (url.pathname === '/' || url.pathname === '/index.html') return sendPage(request, response, options, queryToken)
  const path = resolveStaticPath(options.rendererDir, url.pathname)
  if (!path) return sendPlain(response, 404, 'Not found')
  return sendFile(response, path)
}

async function sendPage(request: IncomingMessage, response: ServerResponse, options: HttpServerOptions, queryToken: string | null): Promise<void> {
  if (tokensMatch(queryToken, options.token)) {
    // Trade the URL's token for a cookie and take it out of the address bar and history.
    response.setHeader('Set-Cookie', `${SESSION_COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`)
    response.writeHead(303, { Location: '/', 'Cache-Control': 'no-store' })
    response.end()
    return
  }
  if (!tokensMatch(cookieValue(request.headers.cookie, SESSION_COOKIE), options.token)) {
    return sendPlain(response, 401, 'Open Learnware Dock with the address it printed when it started (that address holds the key for this launch).')
  }
  const html = await readFile(resolveStaticPath(options.rendererDir!, '/index.html')!, 'utf8')
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
    'Cache-Control': 'no-store'
  })
  response.end(injectToken(html, options.token))
}

async function sendFile(response: ServerResponse, path: string): Promise<void> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    return sendPlain(response, 404, 'Not found')
  }
  response.writeHead(200, { 'Content-Type': mediaTypeOf(path), 'Content-Length': bytes.byteLength, 'Cache-Control': 'no-cache' })
  response.end(bytes)
}

function sendOutput(response: ServerResponse, outputs: Registry<StoredOutput>, outputId: string): void {
  let output: StoredOutput
  try {
    output = outputs.get(outputId)
  } catch (error) {
    return sendError(response, toApiError(error))
  }
  const asciiName = output.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  response.writeHead(200, {
    'Content-Type': output.mediaType,
    'Content-Length': output.bytes.byteLength,
    'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(output.fileName)}`,
    'Cache-Control': 'no-store'
  })
  response.end(output.bytes)
}

function unauthorized(): ApiError {
  return { code: 'UNAUTHORIZED', message: 'This call needs the token of this launch', hint: 'Open the app with the address printed when it started.' }
}

function sendError(response: ServerResponse, error: ApiError, status?: number): void {
  sendEnvelope(response, { ok: false, error }, status)
}

function sendEnvelope(response: ServerResponse, envelope: Envelope<unknown>, status = httpStatusOf(envelope)): void {
  const body = JSON.stringify(envelope)
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' })
  response.end(body)
}

function sendPlain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(text)
}
