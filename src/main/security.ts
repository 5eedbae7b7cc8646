/**
 * Every security decision of the Electron shell as a plain function, so each can be unit-tested under Node
 * (Electron itself cannot run in CI); index.ts only wires them to Electron's hooks. Follows the Electron
 * security checklist (reference anchors §E.1):
 *   3/4/2  contextIsolation, sandbox, no Node integration anywhere (`secureWebPreferences`)
 *   5      deny every permission request and check (`denyPermissionRequest`, `denyPermissionCheck`)
 *   6/8/9/10 webSecurity on, no insecure content, no experimental or Blink features
 *   7      a strict CSP, also sent as a response header (`withContentSecurityPolicy`)
 *   11/12  no <webview> (`webviewTag: false`, and `will-attach-webview` is refused)
 *   13     navigation only within the app (`isAllowedNavigation`)
 *   14/15  window.open denied; allow-listed https links go to the browser (`windowOpenDecision`)
 *   17     IPC only from the app's own frame (`isTrustedSender`)
 *   18     the app is served from `app://learnware-dock/`, not file:// (appProtocol.ts)
 *
 * Example:
 *   new BrowserWindow({ webPreferences: secureWebPreferences(preloadPath) })
 *   contents.on('will-navigate', (event, url) => { if (!isAllowedNavigation(url)) event.preventDefault() })
 */

import type { WebPreferences } from 'electron'
import { APP_CONTENT_SECURITY_POLICY } from '../shared/security'
import { isAllowedExternalUrl } from './externalLinks'
import { isAppUrl } from './trustedUrl'

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false
  }
}

/** Navigation (`will-navigate`, `will-redirect`, `will-frame-navigate`) stays inside the app. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url)
}

/** An IPC message is served only when the frame that sent it shows the app (checklist 17). */
export function isTrustedSender(frameUrl: string | undefined | null): boolean {
  return isAppUrl(frameUrl)
}

/** `setWindowOpenHandler`: never a new window; an allow-listed link opens in the browser instead. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) }
}

/** Permission requests (camera, notifications, clipboard, …): the app needs none, so all are refused. */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false)
}

export function denyPermissionCheck(): boolean {
  return false
}

/** Response headers with our CSP (replacing any other), for `session.webRequest.onHeadersReceived`. */
export function withContentSecurityPolicy(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue
    result[name] = Array.isArray(value) ? value : [value]
  }
  result['Content-Security-Policy'] = [APP_CONTENT_SECURITY_POLICY]
  return result
}
