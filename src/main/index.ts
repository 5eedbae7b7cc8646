/**
 * Electron main process: lifecycle only. Security decisions live in security.ts (tested as plain
 * functions), the window in window.ts, the IPC router in ipc.ts, the menu in menu.ts, and every call of
 * the typed API (src/shared) is answered by the same handler map the web server uses
 * (src/server/handlers), over an engine host whose long jobs run in worker threads. Accepts
 * `--dock DIR` (or LEARNWARE_DOCK_DIR) and `--no-starter`, like web mode.
 */

import { app, ipcMain, Menu, protocol, session, shell } from 'electron'
import { join, resolve } from 'node:path'
import { defaultDockDir } from '../engine/dock'
import { starterDockDir } from '../engine/dock/starter'
import { describeError } from '../engine/errors'
import { EngineHost } from '../server/engineHost'
import { createHandlers } from '../server/handlers'
import { serveAppRequest } from './appProtocol'
import { desktopCalls } from './desktopCalls'
import { isAllowedExternalUrl } from './externalLinks'
import { registerIpc } from './ipc'
import { buildMenuTemplate } from './menu'
import { denyPermissionCheck, denyPermissionRequest, withContentSecurityPolicy } from './security'
import { APP_SCHEME } from './trustedUrl'
import { createMainWindow, hardenWebContents } from './window'
import { WINDOW_STATE_FILE } from './windowState'
import type { BrowserWindow } from 'electron'

const APP_NAME = 'Learnware Dock'
const rendererDir = join(__dirname, '../renderer')

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
app.enableSandbox()

let host: EngineHost | null = null
let mainWindow: BrowserWindow | null = null

function optionValue(name: string): string | undefined {
  const index = process.argv.indexOf(name)
  return index >= 0 ? process.argv[index + 1] : undefined
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler(denyPermissionRequest)
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) }))
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request))

  const dockDir = resolve(optionValue('--dock') ?? process.env.LEARNWARE_DOCK_DIR ?? defaultDockDir())
  host = await EngineHost.open({
    dockDir,
    mode: 'desktop',
    version: app.getVersion(),
    workerEntry: join(__dirname, '../server/jobWorker.cjs'),
    starterDir: process.argv.includes('--no-starter') ? null : starterDockDir()
  })
  registerIpc(ipcMain, createHandlers(host), desktopCalls(() => mainWindow), host.log)

  const openExternal = (url: string) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url)
  }
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, appName: APP_NAME, devTools: !app.isPackaged, openExternal })))
  mainWindow = await createMainWindow({
    preloadPath: join(__dirname, '../preload/index.js'),
    stateFile: join(app.getPath('userData'), WINDOW_STATE_FILE),
    bus: host.bus,
    title: APP_NAME
  })
  mainWindow.on('closed', () => (mainWindow = null))
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  app.whenReady().then(start).catch((error: unknown) => {
    console.error(`${APP_NAME} could not start: ${describeError(error)}`)
    app.exit(1)
  })
  app.on('window-all-closed', () => app.quit())
  let closing = false
  app.on('before-quit', (event) => {
    if (closing || !host) return
    closing = true
    event.preventDefault()
    void host.close().finally(() => app.quit())
  })
}
