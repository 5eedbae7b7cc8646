/**
 * The handler map over the engine: one implementation per contract name (src/shared/handlers.ts), put
 * together from one file per feature. The Electron IPC router, the HTTP server and the tests all serve
 * this object through `dispatch` (validation + errors as values), so there is exactly one implementation.
 * A name defined by two features, or one the contract has and no feature defines, fails at start-up.
 *
 * Example:
 *   const handlers = createHandlers(host)
 *   const envelope = await dispatch(handlers, 'dockList', { filters: { text: 'iris' } }, host.log)
 */

import { HANDLER_NAMES, type HandlerImplementations } from '../../shared/api'
import type { EngineHost } from '../engineHost'
import { appHandlers } from './appHandlers'
import { bundleHandlers } from './bundleHandlers'
import { dataHandlers } from './dataHandlers'
import { dockHandlers } from './dockHandlers'
import { jobHandlers } from './jobHandlers'
import { mediaHandlers } from './mediaHandlers'
import { outputHandlers } from './outputHandlers'
import { reuseHandlers } from './reuseHandlers'
import { searchHandlers } from './searchHandlers'
import { specHandlers } from './specHandlers'
import { submitHandlers } from './submitHandlers'

export function createHandlers(host: EngineHost): HandlerImplementations {
  return mergeHandlerGroups([
    appHandlers(host),
    dockHandlers(host),
    dataHandlers(host),
    mediaHandlers(host),
    specHandlers(host),
    searchHandlers(host),
    submitHandlers(host),
    reuseHandlers(host),
    bundleHandlers(host),
    outputHandlers(host),
    jobHandlers(host)
  ])
}

/** Merges feature groups, refusing duplicate names and insisting every contract name is implemented. */
export function mergeHandlerGroups(groups: readonly Partial<HandlerImplementations>[]): HandlerImplementations {
  const merged: Record<string, unknown> = {}
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      if (name in merged) throw new Error(`Handler "${name}" is defined twice`)
      merged[name] = handler
    }
  }
  const missing = HANDLER_NAMES.filter((name) => typeof merged[name] !== 'function')
  if (missing.length > 0) throw new Error(`Handlers missing for: ${missing.join(', ')}`)
  return merged as HandlerImplementations
}

export { dispatch } from '../dispatch'
