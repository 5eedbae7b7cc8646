/**
 * Validating a request at the boundary and saying what is wrong in words a person can act on: every
 * problem names the field (`source.path`, `options.ignored[2]`) and what was expected. Used by the IPC
 * router, the HTTP server and the tests alike.
 *
 * Example:
 *   const checked = validateRequest('dataOpen', body)
 *   if (!checked.ok) return checked.error   // { code: 'BAD_REQUEST', message: 'dataOpen: source.kind: …' }
 */

import type { z } from 'zod'
import type { ApiError } from './errors'
import { HANDLER_SCHEMAS, isHandlerName, type HandlerName, type ParsedArgs } from './handlers'

export type Validated<K extends HandlerName> = { ok: true; args: ParsedArgs<K> } | { ok: false; error: ApiError }

export function validateRequest<K extends HandlerName>(name: K, body: unknown): Validated<K> {
  const schema = HANDLER_SCHEMAS[name] as unknown as z.ZodType<ParsedArgs<K>>
  const parsed = schema.safeParse(body ?? undefined)
  if (parsed.success) return { ok: true, args: parsed.data }
  return { ok: false, error: { code: 'BAD_REQUEST', message: `${name}: ${describeIssues(parsed.error.issues)}`, hint: 'The request does not match the API contract (src/shared/handlers.ts).' } }
}

/** `unknownHandlerError('dockLst')` → UNKNOWN_HANDLER naming the call that does not exist. */
export function unknownHandlerError(name: string): ApiError {
  return { code: 'UNKNOWN_HANDLER', message: `There is no API call named "${name.slice(0, 80)}"`, hint: 'See HANDLER_NAMES in src/shared/handlers.ts.' }
}

export function checkHandlerName(name: string): { ok: true; name: HandlerName } | { ok: false; error: ApiError } {
  return isHandlerName(name) ? { ok: true, name } : { ok: false, error: unknownHandlerError(name) }
}

/** At most 5 problems, each `path: message`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const path = issue.path.length === 0 ? 'request' : formatPath(issue.path)
    return `${path}: ${plainMessage(issue)}`
  })
  if (issues.length > 5) parts.push(`and ${issues.length - 5} more`)
  return parts.join('; ')
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '')
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unexpected field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
  return issue.message
}
