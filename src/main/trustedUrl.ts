/**
 * What counts as the app itself, decided by parsing URLs, never by comparing prefixes (Electron checklist
 * 13 and 17; Actual Budget's trusted-url.ts). The renderer is served from the privileged scheme
 * `app://learnware-dock/` (checklist 18, no `file://`): a URL is ours only with exactly that protocol and
 * host, no port and no user name or password.
 *
 * Example:
 *   isAppUrl('app://learnware-dock/index.html')                // true
 *   isAppUrl('app://learnware-dock.evil.com/')                 // false
 *   isAppUrl('app://user:pw@learnware-dock/')                  // false
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'learnware-dock'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

export function parseUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 8192) return null
  try {
    return new URL(value)
  } catch {
    return null
  }
}

export function isAppUrl(value: unknown): boolean {
  const url = parseUrl(value)
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === ''
}
