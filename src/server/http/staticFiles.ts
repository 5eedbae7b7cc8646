/**
 * Serving the built renderer (out/renderer) in web mode: a URL path maps to a file only if it stays inside
 * the renderer folder after decoding and normalising (no `..`, no encoded slashes or NUL, no dot-files),
 * and the page gets its API token as a meta tag, so the token is never in a script or the URL bar.
 *
 * Example:
 *   resolveStaticPath('/app/out/renderer', '/assets/index-3f2a.js')   // '/app/out/renderer/assets/index-3f2a.js'
 *   resolveStaticPath('/app/out/renderer', '/../package.json')        // null
 *   injectToken(html, token)                                          // <head><meta name="learnware-dock-token" …>
 */

import { extname, resolve, sep } from 'node:path'
import { TOKEN_META_NAME } from '../../shared/api'

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8'
}

export function mediaTypeOf(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** The file a URL path names inside `rootDir`, or null when it would leave it (or is not a plain path). */
export function resolveStaticPath(rootDir: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null
  // An encoded slash would let a segment check pass and the OS see a separator.
  if (/%2f|%5c/i.test(urlPath)) return null
  const segments = decoded.split('/').filter((segment) => segment !== '')
  if (segments.some((segment) => segment === '..' || segment.startsWith('.'))) return null
  const root = resolve(rootDir)
  const target = resolve(root, ...(segments.length === 0 ? ['index.html'] : segments))
  return target === root || !target.startsWith(root + sep) ? null : target
}

/** Puts the token meta tag at the top of `<head>` (HTML-escaped, though tokens are hex). */
export function injectToken(html: string, token: string): string {
  const meta = `<meta name="${TOKEN_META_NAME}" content="${escapeAttribute(token)}" />`
  const head = /<head[^>]*>/i.exec(html)
  if (!head) return `${meta}\n${html}`
  const at = head.index + head[0].length
  return `${html.slice(0, at)}\n    ${meta}${html.slice(at)}`
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
