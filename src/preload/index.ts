/**
 * The narrow bridge: exposes to the sandboxed renderer exactly the named functions of the typed API
 * (src/shared/handlers.ts), an event subscription and the desktop-only calls — never ipcRenderer itself
 * (checklist 20). The object is checked against the contract with `satisfies Api`, so preload and
 * renderer cannot drift. A failed call rejects with a plain `{ code, message, hint }` (contextBridge
 * would drop an Error's own properties). Imports only zod-free parts of src/shared, so the sandboxed
 * preload bundle stays one small file.
 */

import { contextBridge, ipcRenderer } from 'electron'
import { channelFor, desktopChannelFor, EVENT_CHANNEL } from '../shared/channels'
import type { Api } from '../shared/client'
import type { DesktopApi, DesktopResults } from '../shared/desktop'
import type { ApiError, Envelope } from '../shared/errors'
import type { ServerEventMessage, ServerEventName, ServerEvents } from '../shared/events'
import type { HandlerCall } from '../shared/handlers'
import type { DesktopCallName, HandlerName } from '../shared/names'

function settle<T>(envelope: Envelope<T>): Promise<T> {
  if (envelope?.ok === true) return Promise.resolve(envelope.data)
  const error: ApiError = envelope?.ok === false ? envelope.error : { code: 'INTERNAL', message: 'The app gave an answer the window cannot read' }
  return Promise.reject({ code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) })
}

const call = <K extends HandlerName>(name: K): HandlerCall<K> =>
  ((args?: unknown) => ipcRenderer.invoke(channelFor(name), args).then(settle)) as HandlerCall<K>

const desktopCall = <K extends DesktopCallName>(name: K) =>
  ((args: unknown) => ipcRenderer.invoke(desktopChannelFor(name), args).then(settle)) as (args: Parameters<DesktopApi[K]>[0]) => Promise<DesktopResults[K]>

const listeners = new Map<ServerEventName, Set<(payload: never) => void>>()
ipcRenderer.on(EVENT_CHANNEL, (_event, message: ServerEventMessage) => {
  for (const listener of [...(listeners.get(message.name) ?? [])]) (listener as (payload: unknown) => void)(message.payload)
})

const desktop = {
  pickFile: desktopCall('pickFile'),
  pickSavePath: desktopCall('pickSavePath'),
  openExternal: desktopCall('openExternal')
} satisfies DesktopApi

const api = {
  appInfo: call('appInfo'),
  vocabularyGet: call('vocabularyGet'),
  dockList: call('dockList'),
  dockGet: call('dockGet'),
  dockImport: call('dockImport'),
  dockRemove: call('dockRemove'),
  dockPackage: call('dockPackage'),
  dataOpen: call('dataOpen'),
  dataConfigure: call('dataConfigure'),
  dataGet: call('dataGet'),
  dataRows: call('dataRows'),
  dataClose: call('dataClose'),
  imagesOpen: call('imagesOpen'),
  textsOpen: call('textsOpen'),
  specGenerate: call('specGenerate'),
  specGet: call('specGet'),
  searchRun: call('searchRun'),
  submitPack: call('submitPack'),
  reusePreview: call('reusePreview'),
  reuseCurve: call('reuseCurve'),
  bundleExport: call('bundleExport'),
  outputSave: call('outputSave'),
  jobGet: call('jobGet'),
  jobList: call('jobList'),
  jobCancel: call('jobCancel'),
  subscribe<E extends ServerEventName>(name: E, listener: (payload: ServerEvents[E]) => void): () => void {
    const set = listeners.get(name) ?? new Set()
    set.add(listener as (payload: never) => void)
    listeners.set(name, set)
    return () => void set.delete(listener as (payload: never) => void)
  },
  desktop
} satisfies Api

contextBridge.exposeInMainWorld('api', api)
