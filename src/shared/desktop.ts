/**
 * Calls only the desktop app has (native file dialogs, opening a link in the user's browser), served over
 * IPC on `desktop:<name>` and absent in web mode, where the page uses a file input and ordinary links.
 * The UI checks `api.desktop` before offering them.
 *
 * Example:
 *   const picked = await api.desktop?.pickFile({ purpose: 'table' })       // { path } or null
 *   if (picked) await api.dataOpen({ source: { kind: 'path', path: picked.path } })
 *   await api.desktop?.openExternal({ url: 'https://bmwu.cloud/' })      // only allow-listed sites open
 */

import { z } from 'zod'
import { FileName } from './contract/common'
import type { DesktopCallName } from './names'

/** What a file is picked for; `imageFolder` picks a folder (of images), the others a file. */
export const PICK_PURPOSES = ['table', 'package', 'model', 'imageFolder'] as const
export const SAVE_PURPOSES = ['spec', 'package', 'bundle', 'csv'] as const

export const DESKTOP_SCHEMAS = {
  pickFile: z.strictObject({ purpose: z.enum(PICK_PURPOSES) }),
  pickSavePath: z.strictObject({ purpose: z.enum(SAVE_PURPOSES), defaultName: FileName.optional() }),
  openExternal: z.strictObject({ url: z.string().min(1).max(2048) })
} as const satisfies Record<DesktopCallName, z.ZodType>

export interface DesktopResults {
  pickFile: { path: string } | null
  pickSavePath: { path: string } | null
  /** False when the URL is not on the allow-list (nothing opens). */
  openExternal: { opened: boolean }
}

export { DESKTOP_CALL_NAMES, isDesktopCallName, type DesktopCallName } from './names'

export type DesktopApi = { [K in DesktopCallName]: (args: z.input<(typeof DESKTOP_SCHEMAS)[K]>) => Promise<DesktopResults[K]> }

export type DesktopImplementations = { [K in DesktopCallName]: (args: z.output<(typeof DESKTOP_SCHEMAS)[K]>) => Promise<DesktopResults[K]> }

