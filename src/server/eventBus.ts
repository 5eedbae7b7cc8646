/**
 * The host's pushes to every connected UI (the Electron window, SSE clients, tests): one typed bus over
 * the shared event map, so the IPC bridge and the HTTP server forward the same messages.
 *
 * Example:
 *   const stop = bus.listen((message) => window.webContents.send(EVENT_CHANNEL, message))
 *   bus.emit('dockChanged', { reason: 'remove', ids: ['lwd-00000003'] })
 */

import type { ServerEventMessage, ServerEventName, ServerEvents, Unsubscribe } from '../shared/api'

export type EventListener = (message: ServerEventMessage) => void

export class EventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends ServerEventName>(name: E, payload: ServerEvents[E]): void {
    const message = { name, payload } as ServerEventMessage
    for (const listener of [...this.listeners]) {
      try {
        listener(message)
      } catch {
        // one broken connection must not stop the others
      }
    }
  }

  listen(listener: EventListener): Unsubscribe {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  get listenerCount(): number {
    return this.listeners.size
  }
}
