/**
 * Errors as the UI sees them: `{ code, message, hint }`, never a stack trace. The engine host turns every
 * failure into this shape (engine `LearnwareError`s keep their code, message and hint; bad requests get
 * `BAD_REQUEST` naming each wrong field; anything unexpected becomes `INTERNAL` with a generic message while
 * the cause goes to the host's log). A failed call rejects with it: an `ApiCallError` over HTTP, a plain
 * `{ code, message, hint }` object over Electron IPC (contextBridge drops an Error's own properties), so
 * read rejections with `toApiError`.
 *
 * Example:
 *   try { await api.dataOpen({ source: { kind: 'path', path } }) }
 *   catch (thrown) { const { message, hint } = toApiError(thrown); show(message, hint) }
 */

/** Codes the transports add to the engine's own (`DATA_UNKNOWN_COLUMN`, `CANCELLED`, …). */
export const TRANSPORT_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'UNKNOWN_HANDLER',
  'NOT_FOUND',
  'TOO_LARGE',
  'DISCONNECTED',
  'INTERNAL'
] as const

export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number]

export interface ApiError {
  /** Stable code: one of TRANSPORT_ERROR_CODES or the engine's `LearnwareErrorCode`. */
  code: string
  /** One sentence naming the file, row, column or field. */
  message: string
  /** What the user can do about it. */
  hint?: string
}

/** How an HTTP client rejects; it carries the same fields as `ApiError`. */
export class ApiCallError extends Error implements ApiError {
  readonly code: string
  readonly hint?: string

  constructor(error: ApiError) {
    super(error.message)
    this.name = 'ApiCallError'
    this.code = error.code
    if (error.hint !== undefined) this.hint = error.hint
  }
}

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.code === 'string' && typeof record.message === 'string' && (record.hint === undefined || typeof record.hint === 'string')
}

/** Whatever a failed call rejected with, as an `ApiError` (an unknown shape says so in plain words). */
export function toApiError(thrown: unknown): ApiError {
  if (isApiError(thrown)) return thrown.hint === undefined ? { code: thrown.code, message: thrown.message } : { code: thrown.code, message: thrown.message, hint: thrown.hint }
  if (thrown instanceof Error) return { code: 'INTERNAL', message: thrown.message.split('\n')[0] }
  return { code: 'INTERNAL', message: 'Something went wrong, and the app could not say what.' }
}

/** What travels over IPC and HTTP for every call, so both transports report errors the same way. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError }
