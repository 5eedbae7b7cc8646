/**
 * The server's small pure pieces: static paths never leave the renderer folder, the token lands in the
 * page's head, Host/Origin/token checks, registries that drop the least recently used entry (and tell
 * the caller to redo the step), the dock lock that runs work one at a time, and the worker runner's
 * refusal to start a missing worker.
 */

import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TOKEN_META_NAME } from '../../src/shared/api'
import { AsyncMutex } from '../../src/server/asyncMutex'
import { HostError, toApiError } from '../../src/server/errors'
import { httpStatusOf } from '../../src/server/http/httpServer'
import { bearerToken, cookieValue, createToken, isAllowedHost, isAllowedOrigin, tokensMatch } from '../../src/server/http/requestGuards'
import { injectToken, resolveStaticPath } from '../../src/server/http/staticFiles'
import { runWorkerTask } from '../../src/server/jobs/workerRunner'
import { Registry } from '../../src/server/registry'

const root = '/srv/app/out/renderer'

describe('resolveStaticPath', () => {
  it.each([
    ['/', join(root, 'index.html')],
    ['/index.html', join(root, 'index.html')],
    ['/assets/index-3f2a.js', join(root, 'assets/index-3f2a.js')],
    ['/assets/a%20b.css', join(root, 'assets/a b.css')]
  ])('maps %s inside the folder', (url, expected) => {
    expect(resolveStaticPath(root, url)).toBe(expected)
  })

  it.each(['/../package.json', '/assets/../../secret', '/%2e%2e/secret', '/..%2fsecret', '/assets%5c..%5c..%5csecret', '/.env', '/a\0b', '/%E0%A4%A', 'relative'])('refuses %s', (url) => {
    expect(resolveStaticPath(root, url)).toBeNull()
  })
})

describe('the token', () => {
  it('goes into the page head as a meta tag', () => {
    const html = injectToken('<!doctype html><html><head lang="en"><title>x</title></head></html>', 'abc123')
    expect(html).toMatch(new RegExp(`<head lang="en">\\s*<meta name="${TOKEN_META_NAME}" content="abc123" />`))
  })

  it('is 64 hex characters, new each time, and compared exactly', () => {
    const token = createToken()
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect(createToken()).not.toBe(token)
    expect(tokensMatch(token, token)).toBe(true)
    expect(tokensMatch(token.slice(1), token)).toBe(false)
    expect(tokensMatch(null, token)).toBe(false)
    expect(bearerToken(`Bearer ${token}`)).toBe(token)
    expect(bearerToken(`Basic ${token}`)).toBeNull()
    expect(cookieValue(`a=1; learnware_dock_session=${token}`, 'learnware_dock_session')).toBe(token)
  })

  it('Host and Origin must be ours', () => {
    expect(isAllowedHost('127.0.0.1:4873', 4873)).toBe(true)
    expect(isAllowedHost('localhost:4873', 4873)).toBe(true)
    expect(isAllowedHost('127.0.0.1:4874', 4873)).toBe(false)
    expect(isAllowedHost('attacker.example:4873', 4873)).toBe(false)
    expect(isAllowedHost(undefined, 4873)).toBe(false)
    expect(isAllowedOrigin(undefined, 4873)).toBe(true)
    expect(isAllowedOrigin('http://127.0.0.1:4873', 4873)).toBe(true)
    expect(isAllowedOrigin('null', 4873)).toBe(false)
    expect(isAllowedOrigin('http://127.0.0.1.evil.example:4873', 4873)).toBe(false)
  })
})

describe('errors', () => {
  it('map to HTTP statuses; engine errors are 422', () => {
    expect(httpStatusOf({ ok: true, data: 1 })).toBe(200)
    expect(httpStatusOf({ ok: false, error: { code: 'BAD_REQUEST', message: '' } })).toBe(400)
    expect(httpStatusOf({ ok: false, error: { code: 'DATA_UNKNOWN_COLUMN', message: '' } })).toBe(422)
  })

  it('never carry a stack', () => {
    const error = toApiError(new RangeError('deep\n    at file.ts:3:9'))
    expect(error).toEqual({ code: 'INTERNAL', message: 'Unexpected error: deep', hint: expect.any(String) })
    expect(toApiError(new HostError('NOT_FOUND', 'gone'))).toEqual({ code: 'NOT_FOUND', message: 'gone' })
  })
})

describe('Registry', () => {
  it('drops the least recently used entry beyond capacity or byte budget, calling onDrop', () => {
    const dropped: string[] = []
    const registry = new Registry<{ name: string; bytes: number }>('ds', {
      capacity: 2, what: 'open data set', redo: 'Open it again.', sizeOf: (v) => v.bytes, maxBytes: 100, onDrop: (v) => dropped.push(v.name)
    })
    const a = registry.add({ name: 'a', bytes: 10 })
    const b = registry.add({ name: 'b', bytes: 10 })
    registry.get(a)
    registry.add({ name: 'c', bytes: 10 })
    expect(dropped).toEqual(['b'])
    expect(() => registry.get(b)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: `No open data set with id ${b}`, hint: 'Open it again.' }))
    registry.add({ name: 'd', bytes: 95 })
    expect(dropped).toEqual(['b', 'a', 'c'])
  })
})

describe('AsyncMutex', () => {
  it('runs work one at a time, in order, and says when a caller waits', async () => {
    const mutex = new AsyncMutex()
    const order: string[] = []
    let waited = 0
    const slow = mutex.run(async () => { order.push('a start'); await new Promise((r) => setTimeout(r, 20)); order.push('a end') })
    const next = mutex.run(async () => { order.push('b') }, () => waited++)
    await Promise.all([slow, next])
    expect(order).toEqual(['a start', 'a end', 'b'])
    expect(waited).toBe(1)
    await expect(mutex.run(async () => { throw new Error('x') })).rejects.toThrow('x')
    expect(await mutex.run(async () => 'still works')).toBe('still works')
  })
})

describe('runWorkerTask', () => {
  it('asks for a build when the worker file is missing', async () => {
    await expect(runWorkerTask('/nowhere/jobWorker.cjs', 'seedStarter', { dockDir: '/x', starterDir: '/y' })).rejects.toMatchObject({ code: 'INTERNAL', hint: 'Build the app first: npm run build.' })
  })
})
