/**
 * Every failure on its way to the UI becomes `{ code, message, hint }` (src/shared/errors.ts): the engine's
 * LearnwareErrors keep theirs, the host's own (unknown dataset id, file exists …) are `HostError`s, and
 * anything else is a bug — reported as INTERNAL with its first line only, while the whole error (stack,
 * cause) goes to the host's log. No stack trace ever reaches the UI.
 *
 * Example:
 *   throw new HostError('NOT_FOUND', 'No open data set ds-9', 'Open the CSV again.')
 *   toApiError(error, log)   // { code: 'NOT_FOUND', message: 'No open data set ds-9', hint: 'Open the CSV again.' }
 */

import type { ApiError } from '../shared/api'
import { isLearnwareError } from '../engine/errors'

export class HostError extends Error {
  constructor(readonly code: string, message: string, readonly hint?: string) {
    super(message)
    this.name = 'HostError'
  }
}

export type Logger = (message: string, error?: unknown) => void

export const consoleLogger: Logger = (message, error) => {
  if (error === undefined) console.error(message)
  else console.error(message, error)
}

/** A value that crossed a worker boundary as `{ code, message, hint }` keeps its shape. */
export class RemoteError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message)
    this.name = 'RemoteError'
  }
}

export function toApiError(error: unknown, log?: Logger): ApiError {
  if (isLearnwareError(error) || error instanceof HostError) return withHint(error.code, error.message, error.hint)
  if (error instanceof RemoteError) return error.apiError
  log?.('Unexpected error in a handler', error)
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300)
  return { code: 'INTERNAL', message: `Unexpected error: ${first}`, hint: 'This is a bug in Learnware Dock; the log has the details.' }
}

function withHint(code: string, message: string, hint: string | undefined): ApiError {
  return hint ? { code, message, hint } : { code, message }
}
