/**
 * The desktop-only calls over Electron: native open/save dialogs (attached to the app window) and opening
 * an allow-listed link in the user's browser. Validation and the sender check happen in ipc.ts.
 */

import { dialog, shell, type BrowserWindow } from 'electron'
import type { DesktopImplementations } from '../shared/api'
import { OPEN_FILTERS, SAVE_FILTERS } from './dialogFilters'
import { isAllowedExternalUrl } from './externalLinks'

export function desktopCalls(window: () => BrowserWindow | null): DesktopImplementations {
  return {
    pickFile: async ({ purpose }) => {
      const owner = window()
      const options = { properties: [purpose === 'imageFolder' ? ('openDirectory' as const) : ('openFile' as const)], filters: OPEN_FILTERS[purpose] }
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options)
      return result.canceled || result.filePaths.length === 0 ? null : { path: result.filePaths[0] }
    },
    pickSavePath: async ({ purpose, defaultName }) => {
      const owner = window()
      const options = { defaultPath: defaultName, filters: SAVE_FILTERS[purpose] }
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : { path: result.filePath }
    },
    openExternal: async ({ url }) => {
      if (!isAllowedExternalUrl(url)) return { opened: false }
      await shell.openExternal(url)
      return { opened: true }
    }
  }
}
