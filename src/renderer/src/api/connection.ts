/**
 * The one API object every store uses: the preload's `window.api` on the desktop, else the HTTP + SSE
 * client talking to the web-mode server (token from the page's meta tag). Stores import `api` from here
 * and never care which transport is underneath.
 *
 * Example:
 *   import { api } from '../api/connection'
 *   const { learnwares } = await api.dockList({ filters: { text: 'iris' } })
 */
import { createHttpApi, TOKEN_META_NAME, type Api } from '../../../shared/api'

declare global {
  interface Window {
    api?: Api
  }
}

function connect(): Api {
  if (window.api) return window.api
  const token = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META_NAME}"]`)?.content ?? ''
  return createHttpApi({
    token,
    fetch: (url, init) => fetch(url, init),
    openEventSource: (url) => new EventSource(url)
  })
}

let connected: Api | null = null

/** Connects on first use, so modules that import `api` can load where there is no page (unit tests). */
export function getApi(): Api {
  connected ??= connect()
  return connected
}

/** The API every store calls; resolved on each property access, so tests can swap it. */
export const api: Api = new Proxy({} as Api, {
  get: (_target, key) => Reflect.get(getApi(), key)
})

/** Tests (and only tests) replace the transport with a fake. */
export function setApiForTests(fake: Api): void {
  connected = fake
}
