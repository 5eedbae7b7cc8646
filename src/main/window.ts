/**
 * The app window and the hardening every web contents gets (wiring for security.ts's decisions): no
 * webviews, no navigation away from the app, no new windows (allow-listed links go to the browser), and
 * the window's bounds remembered between launches (windowState.ts).
 */

import { BrowserWindow, screen, shell, type WebContents } from 'electron'
import { EVENT_CHANNEL } from '../shared/api'
import type { EventBus } from '../server/eventBus'
import { isAllowedNavigation, secureWebPreferences, windowOpenDecision } from './security'
import { APP_ENTRY_URL } from './trustedUrl'
import { clampWindowState, loadWindowState, MIN_WINDOW_SIZE, saveWindowState, type WindowState } from './windowState'

/** Applied to every web contents the app creates (app.on('web-contents-created')). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault())
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url)) event.preventDefault()
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-frame-navigate', (event) => guard(event, event.url))
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url).openExternally) void shell.openExternal(url)
    return { action: 'deny' }
  })
}

export interface MainWindowOptions {
  preloadPath: string
  stateFile: string
  bus: EventBus
  title: string
}

export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const state = clampWindowState(await loadWindowState(options.stateFile), screen.getAllDisplays().map((display) => display.workArea))
  const window = new BrowserWindow({
    title: options.title,
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(options.preloadPath)
  })
  if (state.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  rememberBounds(window, options.stateFile)
  const stop = options.bus.listen((message) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, message)
  })
  window.on('closed', stop)
  await window.loadURL(APP_ENTRY_URL)
  return window
}

function rememberBounds(window: BrowserWindow, stateFile: string): void {
  let timer: NodeJS.Timeout | undefined
  const current = (): WindowState => ({ ...window.getNormalBounds(), maximized: window.isMaximized() })
  const save = () => void saveWindowState(stateFile, current()).catch(() => undefined)
  const saveSoon = () => {
    clearTimeout(timer)
    timer = setTimeout(save, 500)
  }
  window.on('resize', saveSoon)
  window.on('move', saveSoon)
  window.on('maximize', saveSoon)
  window.on('unmaximize', saveSoon)
  window.on('close', () => {
    clearTimeout(timer)
    save()
  })
}
