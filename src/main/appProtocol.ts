/**
 * Serving the built renderer from `app://learnware-dock/` (checklist 18: a privileged custom scheme instead
 * of file://, so the page has a real origin that navigation and IPC checks can compare). Only GET, only
 * our host, and only files inside out/renderer (the same path rules as the web server); every response
 * carries the CSP header.
 *
 * Example:
 *   resolveAppRequest(rendererDir, 'app://learnware-dock/assets/index.js', 'GET')   // { path: '…/assets/index.js' }
 *   resolveAppRequest(rendererDir, 'app://learnware-dock/../../etc/passwd', 'GET')  // { path: '…/etc/passwd' } is never returned
 */

import { readFile } from 'node:fs/promises'
import { APP_CONTENT_SECURITY_POLICY } from '../shared/security'
import { mediaTypeOf, resolveStaticPath } from '../server/http/staticFiles'
import { isAppUrl, parseUrl } from './trustedUrl'

export type AppRequestDecision = { path: string } | { status: 404 | 405 }

export function resolveAppRequest(rendererDir: string, requestUrl: string, method: string): AppRequestDecision {
  if (method !== 'GET') return { status: 405 }
  const url = parseUrl(requestUrl)
  if (!url || !isAppUrl(requestUrl)) return { status: 404 }
  const path = resolveStaticPath(rendererDir, url.pathname)
  return path ? { path } : { status: 404 }
}

/** The `protocol.handle('app', …)` handler. */
export async function serveAppRequest(rendererDir: string, request: { url: string; method: string }): Promise<Response> {
  const decision = resolveAppRequest(rendererDir, request.url, request.method)
  const headers = { 'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' }
  if ('status' in decision) return new Response(null, { status: decision.status, headers })
  try {
    const bytes = await readFile(decision.path)
    return new Response(new Uint8Array(bytes), { status: 200, headers: { ...headers, 'Content-Type': mediaTypeOf(decision.path) } })
  } catch {
    return new Response(null, { status: 404, headers })
  }
}
