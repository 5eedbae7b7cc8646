/**
 * Names both ends of each transport agree on, so main, preload, server and client cannot drift apart:
 * IPC channels (`api:<handler>`, `api:event`, `desktop:<call>`), HTTP paths, the token's header and meta
 * tag, and the web server's default port.
 *
 * Example:
 *   ipcMain.handle(channelFor('dockList'), …)      // 'api:dockList'
 *   fetch(`${base}${httpPathFor('dockList')}`, …)  // POST /api/dockList
 */

import type { DesktopCallName, HandlerName } from './names'

export const API_CHANNEL_PREFIX = 'api:'
export const EVENT_CHANNEL = 'api:event'
export const DESKTOP_CHANNEL_PREFIX = 'desktop:'

export const channelFor = (name: HandlerName): string => `${API_CHANNEL_PREFIX}${name}`
export const desktopChannelFor = (name: DesktopCallName): string => `${DESKTOP_CHANNEL_PREFIX}${name}`

export const API_PATH_PREFIX = '/api/'
export const EVENTS_PATH = '/api/events'
export const OUTPUTS_PATH_PREFIX = '/api/outputs/'

export const httpPathFor = (name: HandlerName): string => `${API_PATH_PREFIX}${name}`

/** The web page reads its API token from `<meta name="learnware-dock-token" content="…">`. */
export const TOKEN_META_NAME = 'learnware-dock-token'
/** API calls send `Authorization: Bearer <token>`; SSE and downloads (no headers possible) use `?token=`. */
export const TOKEN_QUERY_PARAM = 'token'

export const DEFAULT_WEB_PORT = 4873
