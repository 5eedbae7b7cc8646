/**
 * The renderer's Content-Security-Policy, one string for both hosts: the Electron shell sends it as a
 * response header on every app page, the web server on every page it serves (the page's own meta tag says
 * the same). Scripts only from the app itself, no eval, no plugins, no framing, no form posts, and network
 * access only back to the app's own origin (the web mode's `/api`).
 *
 * Example:
 *   headers['Content-Security-Policy'] = [APP_CONTENT_SECURITY_POLICY]
 */

export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')
