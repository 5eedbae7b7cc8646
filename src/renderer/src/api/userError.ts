/**
 * Turns whatever a failed API call threw into something a person can read: the engine's message (which
 * names the file, row, column or field) and its hint, never a stack trace. Builds on the contract's
 * `toApiError` and also drops Electron's "Error invoking remote method" prefix, should one slip through.
 *
 * Example:
 *   try { await api.dataOpen({ source }) } catch (e) { set({ error: toUserError(e) }) }
 *   // → { code: 'IO_NOT_FOUND', message: 'sales.csv: no such file', hint: 'Check the path.' }
 */
import { toApiError } from '../../../shared/api'

export interface UserError {
  code?: string
  message: string
  hint?: string
}

const IPC_PREFIX = /^Error invoking remote method '[^']*':\s*/
const ERROR_CLASS_PREFIX = /^(?:[A-Z][A-Za-z]*Error|Error):\s*/
const FALLBACK = 'Something went wrong, and the app could not say what.'

export function toUserError(thrown: unknown): UserError {
  const error = toApiError(thrown)
  const message = cleanMessage(error.message)
  return error.hint ? { code: error.code, message, hint: error.hint } : { code: error.code, message }
}

export function isCancelled(error: UserError | null | undefined): boolean {
  return error?.code === 'CANCELLED'
}

/** Keeps the first line only (a stack, if any, starts on the second) and drops transport prefixes. */
export function cleanMessage(message: string): string {
  const firstLine = (message ?? '').split('\n')[0].trim()
  const stripped = firstLine.replace(IPC_PREFIX, '').replace(ERROR_CLASS_PREFIX, '').trim()
  return stripped || FALLBACK
}
