/**
 * Links that may leave the app for the user's browser (checklist 15: never `shell.openExternal` untrusted
 * input): https only, no credentials in the URL, and only hosts on this list — Beimingwu, the learnware
 * docs and this project's sources. Everything else is refused and nothing opens.
 *
 * Example:
 *   isAllowedExternalUrl('https://bmwu.cloud/#/learnware/00000042')   // true
 *   isAllowedExternalUrl('http://bmwu.cloud/')                        // false (not https)
 *   isAllowedExternalUrl('file:///etc/passwd')                        // false
 */

import { parseUrl } from './trustedUrl'

/** Hosts (exact) whose pages may open in the browser; `pathPrefix` narrows a shared host like github.com. */
export const EXTERNAL_LINK_ALLOWLIST: readonly { host: string; pathPrefix?: string }[] = [
  { host: 'bmwu.cloud' },
  { host: 'www.bmwu.cloud' },
  { host: 'learnware.readthedocs.io' },
  { host: 'www.lamda.nju.edu.cn' },
  { host: 'github.com', pathPrefix: '/Learnware-LAMDA/' },
  { host: 'onnx.ai' },
  { host: 'www.electronjs.org', pathPrefix: '/docs/' }
]

export function isAllowedExternalUrl(value: unknown): boolean {
  const url = parseUrl(value)
  if (!url || url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false
  const host = url.hostname.toLowerCase()
  return EXTERNAL_LINK_ALLOWLIST.some((entry) => entry.host === host && (!entry.pathPrefix || url.pathname.startsWith(entry.pathPrefix)))
}
