/**
 * File-type filters for the native open and save dialogs, per purpose — plain data, so the desktop calls
 * (desktopCalls.ts) stay a thin layer over Electron's dialog module.
 *
 * Example:
 *   dialog.showOpenDialog(window, { properties: ['openFile'], filters: OPEN_FILTERS.table })
 */

import type { PICK_PURPOSES, SAVE_PURPOSES } from '../shared/desktop'

export interface FileFilter {
  name: string
  extensions: string[]
}

const ALL_FILES: FileFilter = { name: 'All files', extensions: ['*'] }

export const OPEN_FILTERS: Record<(typeof PICK_PURPOSES)[number], FileFilter[]> = {
  table: [{ name: 'Tables (CSV, TSV, text)', extensions: ['csv', 'tsv', 'txt'] }, ALL_FILES],
  package: [{ name: 'Learnware packages', extensions: ['zip'] }, ALL_FILES],
  model: [{ name: 'ONNX models', extensions: ['onnx'] }, ALL_FILES],
  // A folder is picked (openDirectory): file filters do not apply.
  imageFolder: []
}

export const SAVE_FILTERS: Record<(typeof SAVE_PURPOSES)[number], FileFilter[]> = {
  spec: [{ name: 'Specification (JSON)', extensions: ['json'] }],
  package: [{ name: 'Learnware package', extensions: ['zip'] }],
  bundle: [{ name: 'Bundle', extensions: ['zip'] }],
  csv: [{ name: 'CSV', extensions: ['csv'] }]
}
