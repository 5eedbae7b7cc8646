/**
 * The typed contract between the UI and the engine host (Electron main, or the HTTP server in web mode).
 * One handler map, `name → (args) => Promise<result>`, is served over IPC and HTTP alike, so every screen
 * can be driven and tested in a browser. This file imports nothing from Node, Electron or the DOM.
 *
 * Example:
 *   const info = await api.appInfo()   // { name: 'Learnware Dock', version: '0.1.0', engine: 'node 24' }
 */

export interface AppInfo {
  name: string
  version: string
  /** Where the engine runs, e.g. `node v24.21.0` — shown in the About box. */
  runtime: string
}

export interface Api {
  appInfo(): Promise<AppInfo>
}

/** IPC channel names, one per handler, so main and preload cannot drift apart. */
export const channelFor = (name: keyof Api): string => `api:${name}`

export const API_NAMES: readonly (keyof Api)[] = ['appInfo']
