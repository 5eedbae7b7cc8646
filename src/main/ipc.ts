/**
 * The IPC router: every contract call arrives on `api:<name>` (desktop-only calls on `desktop:<name>`),
 * is refused unless the sending frame shows the app (checklist 17), is validated with the contract's zod
 * schema, runs the one handler map shared with the web server, and answers an envelope. `answerIpcCall`
 * and `answerDesktopCall` hold the decisions and are unit-tested; `registerIpc` only wires them to ipcMain.
 *
 * Example:
 *   registerIpc(ipcMain, createHandlers(host), desktopCalls(() => window), host.log)
 */

import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import {
  channelFor,
  DESKTOP_CALL_NAMES,
  DESKTOP_SCHEMAS,
  desktopChannelFor,
  describeIssues,
  HANDLER_NAMES,
  isDesktopCallName,
  type ApiError,
  type DesktopImplementations,
  type Envelope,
  type HandlerImplementations
} from '../shared/api'
import { dispatch } from '../server/dispatch'
import { toApiError, type Logger } from '../server/errors'
import { isTrustedSender } from './security'

const UNTRUSTED_SENDER: ApiError = { code: 'UNAUTHORIZED', message: 'This request did not come from the Learnware Dock window' }

export async function answerIpcCall(handlers: HandlerImplementations, name: string, args: unknown, senderFrameUrl: string | null | undefined, log?: Logger): Promise<Envelope<unknown>> {
  if (!isTrustedSender(senderFrameUrl)) {
    log?.(`Refused IPC call ${name} from ${String(senderFrameUrl)}`)
    return { ok: false, error: UNTRUSTED_SENDER }
  }
  return dispatch(handlers, name, args, log)
}

export async function answerDesktopCall(calls: DesktopImplementations, name: string, args: unknown, senderFrameUrl: string | null | undefined, log?: Logger): Promise<Envelope<unknown>> {
  if (!isTrustedSender(senderFrameUrl)) return { ok: false, error: UNTRUSTED_SENDER }
  if (!isDesktopCallName(name)) return { ok: false, error: { code: 'UNKNOWN_HANDLER', message: `There is no desktop call named "${name.slice(0, 80)}"` } }
  const parsed = DESKTOP_SCHEMAS[name].safeParse(args)
  if (!parsed.success) return { ok: false, error: { code: 'BAD_REQUEST', message: `${name}: ${describeIssues(parsed.error.issues)}` } }
  try {
    const call = calls[name] as (args: unknown) => Promise<unknown>
    return { ok: true, data: await call(parsed.data) }
  } catch (error) {
    return { ok: false, error: toApiError(error, log) }
  }
}

export function registerIpc(ipcMain: IpcMain, handlers: HandlerImplementations, desktop: DesktopImplementations, log?: Logger): void {
  const frameUrl = (event: IpcMainInvokeEvent) => event.senderFrame?.url
  for (const name of HANDLER_NAMES) {
    ipcMain.handle(channelFor(name), (event, args: unknown) => answerIpcCall(handlers, name, args, frameUrl(event), log))
  }
  for (const name of DESKTOP_CALL_NAMES) {
    ipcMain.handle(desktopChannelFor(name), (event, args: unknown) => answerDesktopCall(desktop, name, args, frameUrl(event), log))
  }
}
