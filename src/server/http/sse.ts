/**
 * Server-Sent Events for web mode: every message on the host's event bus goes to each open stream as
 * `event: <name>` + `data: <json>`, with a comment line every 15 s so proxies and the browser keep the
 * connection open. A stream ends when the client goes or the server closes.
 */

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventBus } from '../eventBus'

const HEARTBEAT_MS = 15_000

export function openEventStream(request: IncomingMessage, response: ServerResponse, bus: EventBus, streams: Set<() => void>): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no'
  })
  response.write('retry: 2000\n\n')
  const stop = bus.listen((message) => {
    response.write(`event: ${message.name}\ndata: ${JSON.stringify(message.payload)}\n\n`)
  })
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  const close = () => {
    clearInterval(heartbeat)
    stop()
    streams.delete(close)
    response.end()
  }
  streams.add(close)
  request.on('close', close)
}
