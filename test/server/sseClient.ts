/**
 * A minimal EventSource for tests under Node (Node has none without a flag): reads `GET /api/events` over
 * node:http, parses `event:`/`data:` blocks and hands them to listeners, in the shape `createHttpApi`
 * expects (`openEventSource`). `opened` resolves once the server has answered, so a test can start a job
 * knowing no event will be missed.
 */

import { request, type ClientRequest } from 'node:http'
import type { EventSourceLike } from '../../src/shared/api'

export interface TestEventSource extends EventSourceLike {
  opened: Promise<number>
}

export function openTestEventSource(url: string): TestEventSource {
  const listeners = new Map<string, Set<(event: { data: string }) => void>>()
  let req: ClientRequest | null = null
  const opened = new Promise<number>((resolve, reject) => {
    req = request(url, { method: 'GET', headers: { host: new URL(url).host } }, (response) => {
      resolve(response.statusCode ?? 0)
      response.setEncoding('utf8')
      let buffer = ''
      response.on('data', (chunk: string) => {
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          let name = 'message'
          const data: string[] = []
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) name = line.slice(7)
            else if (line.startsWith('data: ')) data.push(line.slice(6))
          }
          if (data.length > 0) for (const listener of listeners.get(name) ?? []) listener({ data: data.join('\n') })
        }
      })
    })
    req.on('error', reject)
    req.end()
  })
  opened.catch(() => undefined)
  return {
    opened,
    addEventListener(type, listener) {
      const set = listeners.get(type) ?? new Set()
      set.add(listener)
      listeners.set(type, set)
    },
    close() {
      req?.destroy()
    }
  }
}
