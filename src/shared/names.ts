/**
 * The names of every call, as plain lists with no schema attached, so the sandboxed preload can route them
 * without bundling zod. handlers.ts and desktop.ts check at compile time that their schema maps have
 * exactly these keys.
 */

export const HANDLER_NAMES = [
  'appInfo',
  'vocabularyGet',
  'dockList',
  'dockGet',
  'dockImport',
  'dockRemove',
  'dockPackage',
  'dataOpen',
  'dataConfigure',
  'dataGet',
  'dataRows',
  'dataClose',
  'imagesOpen',
  'textsOpen',
  'specGenerate',
  'specGet',
  'searchRun',
  'submitPack',
  'reusePreview',
  'reuseCurve',
  'bundleExport',
  'outputSave',
  'jobGet',
  'jobList',
  'jobCancel'
] as const

export type HandlerName = (typeof HANDLER_NAMES)[number]

export const DESKTOP_CALL_NAMES = ['pickFile', 'pickSavePath', 'openExternal'] as const

export type DesktopCallName = (typeof DESKTOP_CALL_NAMES)[number]

export function isHandlerName(name: string): name is HandlerName {
  return (HANDLER_NAMES as readonly string[]).includes(name)
}

export function isDesktopCallName(name: string): name is DesktopCallName {
  return (DESKTOP_CALL_NAMES as readonly string[]).includes(name)
}
