/**
 * The application menu as a template built by a plain function (Electron turns it into a Menu in
 * index.ts): standard Edit and Window roles, View without developer tools in a packaged app, and Help
 * links that open — in the user's browser, through the external-link allow-list — Beimingwu and the
 * learnware documentation.
 *
 * Example:
 *   Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, appName: 'Learnware Dock', devTools: !app.isPackaged, openExternal })))
 */

import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  platform: NodeJS.Platform
  appName: string
  /** Offer Toggle Developer Tools and Reload (development builds only). */
  devTools: boolean
  openExternal: (url: string) => void
}

export const HELP_LINKS = [
  { label: 'Beimingwu learnware dock', url: 'https://bmwu.cloud/' },
  { label: 'Learnware documentation', url: 'https://learnware.readthedocs.io/' },
  { label: 'Learnware on GitHub', url: 'https://github.com/Learnware-LAMDA/Learnware' }
] as const

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (isMac) {
    template.push({
      label: options.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }]
    })
  } else {
    template.push({ label: 'File', submenu: [{ role: 'quit' }] })
  }
  template.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }]
  })
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }]
  if (options.devTools) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' })
  template.push({ label: 'View', submenu: view })
  template.push({ label: 'Window', submenu: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] })
  template.push({
    role: 'help',
    submenu: HELP_LINKS.map((link) => ({ label: link.label, click: () => options.openExternal(link.url) }))
  })
  return template
}
