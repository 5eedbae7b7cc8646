/**
 * The IPC router's decisions: a call is answered only when the sending frame shows the app, its
 * arguments are validated by the contract's schema (desktop-only calls too), unknown names are refused,
 * and whatever happens the answer is an envelope with `{ code, message, hint }`, never a stack.
 */

import { describe, expect, it } from 'vitest'
import { HANDLER_NAMES, type DesktopImplementations, type HandlerImplementations } from '../../src/shared/api'
import { mergeHandlerGroups } from '../../src/server/handlers'
import { answerDesktopCall, answerIpcCall } from '../../src/main/ipc'
import { APP_ENTRY_URL } from '../../src/main/trustedUrl'

const received: unknown[] = []
const handlers = Object.fromEntries(
  HANDLER_NAMES.map((name) => [name, async (args: unknown) => {
    received.push(args)
    if (name === 'dockRemove') throw new Error('disk on fire\n    at dock.ts:1:1')
    return { handled: name }
  }])
) as unknown as HandlerImplementations

const desktop: DesktopImplementations = {
  pickFile: async () => ({ path: '/home/ana/a.csv' }),
  pickSavePath: async () => null,
  openExternal: async () => ({ opened: false })
}

describe('answerIpcCall', () => {
  it('serves the app frame with validated arguments', async () => {
    expect(await answerIpcCall(handlers, 'dockGet', { id: 'lwd-00000001' }, APP_ENTRY_URL)).toEqual({ ok: true, data: { handled: 'dockGet' } })
    expect(received.at(-1)).toEqual({ id: 'lwd-00000001' })
  })

  it.each(['file:///app/out/renderer/index.html', 'https://evil.example/', 'app://learnware-dock.evil/', undefined, null])('refuses a call from %s before touching the handler', async (frameUrl) => {
    const before = received.length
    const answer = await answerIpcCall(handlers, 'dockList', undefined, frameUrl)
    expect(answer).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.any(String) } })
    expect(received.length).toBe(before)
  })

  it('refuses bad arguments and unknown names with readable errors', async () => {
    const bad = await answerIpcCall(handlers, 'dataOpen', { source: { kind: 'path', path: 3 } }, APP_ENTRY_URL)
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^dataOpen: source\.path/) } })
    const unknown = await answerIpcCall(handlers, '__proto__', {}, APP_ENTRY_URL)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_HANDLER' } })
  })

  it('turns a handler crash into INTERNAL without the stack', async () => {
    const answer = await answerIpcCall(handlers, 'dockRemove', { id: 'lwd-1' }, APP_ENTRY_URL)
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'Unexpected error: disk on fire' } })
    expect(JSON.stringify(answer)).not.toContain('dock.ts')
  })
})

describe('answerDesktopCall', () => {
  it('validates desktop calls and checks the sender too', async () => {
    expect(await answerDesktopCall(desktop, 'pickFile', { purpose: 'table' }, APP_ENTRY_URL)).toEqual({ ok: true, data: { path: '/home/ana/a.csv' } })
    expect(await answerDesktopCall(desktop, 'pickFile', { purpose: 'table' }, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    expect(await answerDesktopCall(desktop, 'pickFile', { purpose: 'anything' }, APP_ENTRY_URL)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^pickFile: purpose/) } })
    expect(await answerDesktopCall(desktop, 'pickSavePath', { purpose: 'spec', defaultName: '../../x' }, APP_ENTRY_URL)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await answerDesktopCall(desktop, 'runShell', {}, APP_ENTRY_URL)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_HANDLER' } })
  })
})

describe('mergeHandlerGroups', () => {
  it('refuses a name defined twice and a contract name nobody implements', () => {
    const { appInfo, ...rest } = handlers
    expect(() => mergeHandlerGroups([{ appInfo }, { appInfo }, rest])).toThrow('Handler "appInfo" is defined twice')
    expect(() => mergeHandlerGroups([rest])).toThrow('Handlers missing for: appInfo')
    expect(Object.keys(mergeHandlerGroups([{ appInfo }, rest])).sort()).toEqual([...HANDLER_NAMES].sort())
  })
})
