/**
 * Errors the user can act on. Every failure the engine expects (bad CSV, unknown column, invalid semantic
 * spec, hostile package …) is a `LearnwareError` with a stable `code`, a message that names the file, row,
 * column or field, and an optional hint. The CLI prints `message` (and `hint`) on one line; the UI shows it
 * in place; logs keep `cause`. Anything that is *not* a LearnwareError is a bug and is reported as such.
 *
 * Example:
 *   throw new LearnwareError('DATA_UNKNOWN_COLUMN', `wine.csv: no column named "label"`, {
 *     hint: 'Columns are: alcohol, malic_acid, …, target'
 *   })
 */

export type LearnwareErrorCode =
  | 'IO_NOT_FOUND'
  | 'IO_READ_FAILED'
  | 'IO_WRITE_FAILED'
  | 'DATA_EMPTY'
  | 'DATA_HEADER_ONLY'
  | 'DATA_RAGGED_ROW'
  | 'DATA_UNKNOWN_COLUMN'
  | 'DATA_MISSING_COLUMN'
  | 'DATA_UNCLOSED_QUOTE'
  | 'DATA_NO_FEATURES'
  | 'DATA_ALL_MISSING_COLUMN'
  | 'DATA_BAD_VALUE'
  | 'DATA_NO_IMAGES'
  | 'DATA_BAD_IMAGE'
  | 'DATA_NO_TEXT_COLUMN'
  | 'SPEC_INVALID_JSON'
  | 'SPEC_BAD_FORMAT'
  | 'SPEC_DIMENSION_MISMATCH'
  | 'SPEC_EMBEDDER_MISMATCH'
  | 'TEXT_TOKENIZER_INVALID'
  | 'SEMANTIC_INVALID'
  | 'PACKAGE_INVALID'
  | 'PACKAGE_UNSAFE'
  | 'MODEL_INVALID'
  | 'MODEL_NOT_RUNNABLE'
  | 'MODEL_RUN_FAILED'
  | 'MODEL_TIMEOUT'
  | 'DOCK_NOT_FOUND'
  | 'DOCK_CONFLICT'
  | 'DOCK_CORRUPT'
  | 'DOCK_SCHEMA_TOO_NEW'
  | 'PACK_MISMATCH'
  | 'EXPORT_PLAN_INVALID'
  | 'EXPORT_VERIFICATION_FAILED'
  | 'BUNDLE_INVALID'
  | 'REUSE_LABEL_MISMATCH'
  | 'REUSE_TASK_MISMATCH'
  | 'REUSE_NEEDS_LABELS'
  | 'REUSE_NOT_FITTED'
  | 'CANCELLED'
  | 'USAGE'

export interface LearnwareErrorOptions {
  /** What the user can do about it, e.g. "Use --target to name the label column". */
  hint?: string
  /** The underlying error, kept for logs, never shown as a stack trace. */
  cause?: unknown
}

export class LearnwareError extends Error {
  readonly code: LearnwareErrorCode
  readonly hint?: string

  constructor(code: LearnwareErrorCode, message: string, options: LearnwareErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'LearnwareError'
    this.code = code
    this.hint = options.hint
  }
}

export function isLearnwareError(value: unknown): value is LearnwareError {
  return value instanceof LearnwareError
}

/** One line for a terminal or a toast: the message, then the hint when there is one. */
export function describeError(error: unknown): string {
  if (isLearnwareError(error)) return error.hint ? `${error.message} (${error.hint})` : error.message
  const message = error instanceof Error ? error.message : String(error)
  return `Unexpected error: ${message}`
}
