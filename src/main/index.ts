/**
 * Electron main process: creates the window and routes the typed API (src/shared/api.ts) to the engine.
 * Kept thin on purpose — everything it calls is plain Node code tested under vitest. The full security
 * hardening and the IPC router arrive with the desktop-app issue; the defaults below are already safe.
 */
import { app, BrowserWindow, ipcMain } from 'electron'
import { join } from 'node:path'
import { API_NAMES, channelFor, type Api } from '../shared/api'

const handlers: Api = {
  appInfo: async () => ({ name: 'Learnware Dock', version: app.getVersion(), runtime: `node ${process.version}` })
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false
    }
  })
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  void window.loadFile(join(__dirname, '../renderer/index.html'))
}

app.whenReady().then(() => {
  for (const name of API_NAMES) ipcMain.handle(channelFor(name), () => handlers[name]())
  createWindow()
})

app.on('window-all-closed', () => app.quit())
