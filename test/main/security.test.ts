/**
 * The Electron shell's security decisions as plain functions (Electron cannot run in CI): locked-down web
 * preferences, navigation only inside `app://learnware-dock/`, IPC only from the app's frame, no new
 * windows, external links only to the allow-list over https, every permission denied, and our CSP replacing
 * any other on responses. URLs are parsed, never prefix-matched.
 */

import { describe, expect, it } from 'vitest'
import { APP_CONTENT_SECURITY_POLICY } from '../../src/shared/api'
import { isAllowedExternalUrl } from '../../src/main/externalLinks'
import { HELP_LINKS, buildMenuTemplate } from '../../src/main/menu'
import {
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedNavigation,
  isTrustedSender,
  secureWebPreferences,
  windowOpenDecision,
  withContentSecurityPolicy
} from '../../src/main/security'
import { APP_ENTRY_URL, isAppUrl } from '../../src/main/trustedUrl'

describe('web preferences', () => {
  it('isolate, sandbox and strip Node from every renderer', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js')
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js', contextIsolation: true, sandbox: true, nodeIntegration: false,
      nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true,
      allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false, navigateOnDragDrop: false
    })
    expect(prefs.enableBlinkFeatures).toBe('')
  })
})

const TRUSTED = [APP_ENTRY_URL, 'app://learnware-dock/', 'app://learnware-dock/assets/x.js?v=1#top']
const UNTRUSTED = [
  'https://learnware-dock/index.html',
  'app://learnware-dock.evil.com/index.html',
  'app://evil.com/learnware-dock/',
  'app://user:pass@learnware-dock/',
  'app://learnware-dock:8080/',
  'file:///app/out/renderer/index.html',
  'http://127.0.0.1:4873/',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'app:learnware-dock',
  '',
  'not a url'
]

describe('the app origin', () => {
  it.each(TRUSTED)('%s is the app', (url) => {
    expect(isAppUrl(url)).toBe(true)
    expect(isAllowedNavigation(url)).toBe(true)
    expect(isTrustedSender(url)).toBe(true)
  })

  it.each(UNTRUSTED)('%s is not', (url) => {
    expect(isAllowedNavigation(url)).toBe(false)
    expect(isTrustedSender(url)).toBe(false)
  })

  it('a frame without a URL (destroyed, navigating) is not trusted', () => {
    expect(isTrustedSender(undefined)).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
  })
})

describe('external links', () => {
  it.each([
    'https://bmwu.cloud/',
    'https://bmwu.cloud/#/learnware/00000042',
    'https://learnware.readthedocs.io/en/latest/',
    'https://github.com/Learnware-LAMDA/Learnware/issues'
  ])('%s may open in the browser', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true)
    expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: true })
  })

  it.each([
    'http://bmwu.cloud/',
    'https://bmwu.cloud.evil.com/',
    'https://evilbmwu.cloud/',
    'https://user@bmwu.cloud/',
    'https://bmwu.cloud:8443/',
    'https://github.com/someone-else/repo',
    'file:///etc/passwd',
    'smb://host/share',
    'javascript:alert(1)',
    'app://learnware-dock/index.html'
  ])('%s may not', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false)
    expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: false })
  })
})

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen'])('%s is denied', (permission) => {
    let granted: boolean | undefined
    denyPermissionRequest({}, permission, (answer) => (granted = answer))
    expect(granted).toBe(false)
    expect(denyPermissionCheck()).toBe(false)
  })
})

describe('the CSP header', () => {
  it('replaces any CSP a response brings, keeping other headers', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' })
    expect(headers['Content-Security-Policy']).toEqual([APP_CONTENT_SECURITY_POLICY])
    expect(headers['content-security-policy']).toBeUndefined()
    expect(headers['Content-Type']).toEqual(['text/html'])
    expect(APP_CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/)
    expect(APP_CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
  })
})

describe('the menu', () => {
  const links: string[] = []
  const template = (devTools: boolean, platform: NodeJS.Platform = 'linux') => buildMenuTemplate({ platform, appName: 'Learnware Dock', devTools, openExternal: (url) => links.push(url) })
  const roles = (items: ReturnType<typeof template>): string[] =>
    items.flatMap((item) => [item.role ?? '', ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]).filter(Boolean) as string[]

  it('has no developer tools in a packaged app', () => {
    expect(roles(template(false))).not.toContain('toggleDevTools')
    expect(roles(template(true))).toContain('toggleDevTools')
  })

  it('has help links only to allow-listed sites', () => {
    for (const link of HELP_LINKS) expect(isAllowedExternalUrl(link.url), link.url).toBe(true)
    const help = template(false).find((item) => item.role === 'help')!
    for (const item of help.submenu as { click: () => void }[]) item.click()
    expect(links).toEqual(HELP_LINKS.map((link) => link.url))
  })

  it('has the app menu on macOS', () => {
    expect(template(false, 'darwin')[0].label).toBe('Learnware Dock')
  })
})
