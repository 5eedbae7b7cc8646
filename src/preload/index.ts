/**
 * The narrow bridge: exposes exactly the named functions of the typed API to the sandboxed renderer.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { channelFor, type Api } from '../shared/api'

const api = {
  appInfo: () => ipcRenderer.invoke(channelFor('appInfo'))
} satisfies Api

contextBridge.exposeInMainWorld('api', api)
