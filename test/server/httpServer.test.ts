/**
 * The web server's boundary, over real HTTP on 127.0.0.1: the launch token is required on every API call,
 * event stream and download; the page is only served to whoever opened the printed URL (which trades the
 * token for a cookie) and receives the token in a meta tag; foreign Host and Origin headers are refused;
 * requests are size-limited; and the contract's zod schemas reject bad requests with messages that name
 * the field.
 */

import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TOKEN_META_NAME, type ApiError } from '../../src/shared/api'
import { startTestApp, type TestApp } from './webFixture'

let web: TestApp
const rendererDir = mkdtempSync(join(tmpdir(), 'lwd-renderer-'))

beforeAll(async () => {
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script src="/assets/app.js"></script></body></html>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  web = await startTestApp({ seed: false, rendererDir })
}, 60_000)

afterAll(async () => {
  await web?.close()
})

const json = (token?: string) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) })
const errorOf = (body: unknown) => (body as { ok: false; error: ApiError }).error

/** A raw request with any Host header (fetch will not send a foreign one). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the token', () => {
  it('is required on API calls', async () => {
    const missing = await web.post('/api/appInfo', { body: '{}', headers: json() })
    expect(missing.status).toBe(401)
    expect(errorOf(missing.body).code).toBe('UNAUTHORIZED')
    const wrong = await web.post('/api/appInfo', { body: '{}', headers: json('0'.repeat(64)) })
    expect(wrong.status).toBe(401)
    const right = await web.post('/api/appInfo', { body: '{}', headers: json(web.token) })
    expect(right.status).toBe(200)
    expect(right.body).toMatchObject({ ok: true, data: { name: 'Learnware Dock', mode: 'web', dockDir: web.dockDir } })
  })

  it('is required on the event stream and on downloads', async () => {
    expect((await fetch(`${web.base}/api/events`)).status).toBe(401)
    expect((await fetch(`${web.base}/api/events?token=nope`)).status).toBe(401)
    expect((await fetch(`${web.base}/api/outputs/out-1`)).status).toBe(401)
    expect((await fetch(`${web.base}/api/outputs/out-999?token=${web.token}`)).status).toBe(404)
  })

  it('reaches the page only through the printed URL, which sets an HttpOnly SameSite cookie', async () => {
    const bare = await fetch(`${web.base}/`)
    expect(bare.status).toBe(401)
    expect(await bare.text()).not.toContain(web.token)
    const opened = await fetch(web.app.openUrl, { redirect: 'manual' })
    expect(opened.status).toBe(303)
    expect(opened.headers.get('location')).toBe('/')
    const cookie = opened.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const page = await fetch(`${web.base}/`, { headers: { cookie: cookie.split(';')[0] } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(await page.text()).toContain(`<meta name="${TOKEN_META_NAME}" content="${web.token}" />`)
  })

  it('is not needed for the public build assets, which cannot leave the renderer folder', async () => {
    const asset = await fetch(`${web.base}/assets/app.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toContain('text/javascript')
    expect((await fetch(`${web.base}/assets/../../package.json`)).status).toBe(404)
    expect((await fetch(`${web.base}/assets/%2e%2e/%2e%2e/package.json`)).status).toBe(404)
    expect((await fetch(`${web.base}/..%2fpackage.json`)).status).toBe(404)
  })
})

describe('foreign requests', () => {
  it('are refused when the Host header is not ours (DNS rebinding)', async () => {
    expect(await rawGet(web.app.port, '/assets/app.js', { host: `evil.example:${web.app.port}` })).toBe(421)
    expect(await rawGet(web.app.port, '/assets/app.js', { host: `localhost:${web.app.port}` })).toBe(200)
  })

  it('are refused when a browser says they come from another origin', async () => {
    const answer = await web.post('/api/appInfo', { body: '{}', headers: { ...json(web.token), origin: 'https://evil.example' } })
    expect(answer.status).toBe(401)
    const own = await web.post('/api/appInfo', { body: '{}', headers: { ...json(web.token), origin: web.base } })
    expect(own.status).toBe(200)
  })

  it('must be JSON POSTs', async () => {
    expect((await web.post('/api/appInfo', { body: 'a=1', headers: { authorization: `Bearer ${web.token}`, 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415)
    expect((await fetch(`${web.base}/api/appInfo`, { headers: { authorization: `Bearer ${web.token}` } })).status).toBe(405)
    const notJson = await web.post('/api/appInfo', { body: '{oops', headers: json(web.token) })
    expect(notJson.status).toBe(400)
    expect(errorOf(notJson.body).message).toMatch(/not valid JSON/)
  })

  it('are size-limited (1 MiB for ordinary calls)', async () => {
    const big = JSON.stringify({ filters: { text: 'x'.repeat(1_200_000) } })
    const answer = await web.post('/api/dockList', { body: big, headers: json(web.token) })
    expect(answer.status).toBe(413)
    expect(errorOf(answer.body).code).toBe('TOO_LARGE')
  })
})

describe('validation at the boundary', () => {
  it('names the wrong field and what was expected', async () => {
    const answer = await web.post('/api/dataOpen', { body: JSON.stringify({ source: { kind: 'path', path: 42 } }), headers: json(web.token) })
    expect(answer.status).toBe(400)
    const error = errorOf(answer.body)
    expect(error.code).toBe('BAD_REQUEST')
    expect(error.message).toMatch(/^dataOpen: source\.path: .*expected string/)
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:\d+/)
  })

  it('refuses unknown fields, out-of-range numbers and unknown calls', async () => {
    const extra = await web.post('/api/specGenerate', { body: JSON.stringify({ datasetId: 'ds-1', colour: 'red' }), headers: json(web.token) })
    expect(errorOf(extra.body).message).toMatch(/unexpected field "colour"/)
    const range = await web.post('/api/specGenerate', { body: JSON.stringify({ datasetId: 'ds-1', k: 0 }), headers: json(web.token) })
    expect(errorOf(range.body).message).toMatch(/^specGenerate: k: /)
    const unknown = await web.post('/api/dockDestroyEverything', { body: '{}', headers: json(web.token) })
    expect(unknown.status).toBe(404)
    expect(errorOf(unknown.body).code).toBe('UNKNOWN_HANDLER')
  })

  it('turns a request for something that is not there into NOT_FOUND with a hint', async () => {
    const answer = await web.post('/api/dataGet', { body: JSON.stringify({ datasetId: 'ds-77' }), headers: json(web.token) })
    expect(answer.status).toBe(404)
    expect(errorOf(answer.body)).toEqual({ code: 'NOT_FOUND', message: 'No open data set with id ds-77', hint: 'Open the CSV again.' })
  })

  it('rejects through the shared client with the same code, message and hint', async () => {
    await expect(web.api.dockGet({ id: 'lwd-00000999' })).rejects.toMatchObject({ code: 'DOCK_NOT_FOUND' })
    await expect(web.api.outputSave({ outputId: 'out-5', path: '/tmp/x.json' })).rejects.toMatchObject({ code: 'NOT_FOUND', hint: 'Make it again, then save it.' })
  })
})
