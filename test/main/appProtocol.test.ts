/**
 * The `app://learnware-dock/` protocol: GET only, our host only, files only from inside the renderer
 * folder, and every response with the CSP header.
 */

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_CONTENT_SECURITY_POLICY } from '../../src/shared/api'
import { resolveAppRequest, serveAppRequest } from '../../src/main/appProtocol'

let root = ''
let rendererDir = ''

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lwd-app-protocol-'))
  rendererDir = join(root, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
  await writeFile(join(rendererDir, 'assets', 'main.js'), 'export {}')
  await writeFile(join(root, 'secret.txt'), 'do not serve')
})

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

describe('resolveAppRequest', () => {
  it('maps app URLs to files in the renderer folder', () => {
    expect(resolveAppRequest(rendererDir, 'app://learnware-dock/', 'GET')).toEqual({ path: join(rendererDir, 'index.html') })
    expect(resolveAppRequest(rendererDir, 'app://learnware-dock/assets/main.js?x=1', 'GET')).toEqual({ path: join(rendererDir, 'assets/main.js') })
  })

  it.each([
    ['app://learnware-dock/../secret.txt', 'GET'],
    ['app://learnware-dock/%2e%2e/secret.txt', 'GET'],
    ['app://learnware-dock/..%2fsecret.txt', 'GET'],
    ['app://other-host/index.html', 'GET'],
    ['app://learnware-dock/index.html', 'POST']
  ])('never leaves the renderer folder for %s (%s)', (url, method) => {
    const decision = resolveAppRequest(rendererDir, url, method)
    if ('path' in decision) expect(decision.path.startsWith(join(rendererDir, '/'))).toBe(true)
    expect(decision).not.toEqual({ path: join(root, 'secret.txt') })
  })

  it('answers 405 to anything but GET and 404 to other hosts', () => {
    expect(resolveAppRequest(rendererDir, 'app://learnware-dock/index.html', 'POST')).toEqual({ status: 405 })
    expect(resolveAppRequest(rendererDir, 'app://other-host/index.html', 'GET')).toEqual({ status: 404 })
    expect(resolveAppRequest(rendererDir, 'app://learnware-dock/..%2fsecret.txt', 'GET')).toEqual({ status: 404 })
  })
})

describe('serveAppRequest', () => {
  it('serves files with their type and the CSP, and 404s the rest', async () => {
    const page = await serveAppRequest(rendererDir, { url: 'app://learnware-dock/index.html', method: 'GET' })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY)
    expect(await page.text()).toContain('<title>app</title>')
    const missing = await serveAppRequest(rendererDir, { url: 'app://learnware-dock/nope.js', method: 'GET' })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY)
    expect((await serveAppRequest(rendererDir, { url: 'app://learnware-dock/index.html', method: 'PUT' })).status).toBe(405)
  })
})
