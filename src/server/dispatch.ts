/**
 * One call through the boundary, the same for every transport: check the name, validate the arguments
 * with the contract's zod schema, run the handler, and answer an envelope — `{ ok: true, data }` or
 * `{ ok: false, error: { code, message, hint } }`. Nothing thrown escapes, and no stack trace leaves.
 *
 * Example:
 *   await dispatch(handlers, 'dataOpen', { source: { kind: 'path', path: 'a.csv' } }, log)
 *   // → { ok: true, data: { datasetId: 'ds-1', … } }
 */

import { checkHandlerName, validateRequest, type Envelope, type HandlerImplementations } from '../shared/api'
import { toApiError, type Logger } from './errors'

export async function dispatch(handlers: HandlerImplementations, name: string, body: unknown, log?: Logger): Promise<Envelope<unknown>> {
  const known = checkHandlerName(name)
  if (!known.ok) return { ok: false, error: known.error }
  const checked = validateRequest(known.name, body)
  if (!checked.ok) return { ok: false, error: checked.error }
  try {
    const handler = handlers[known.name] as (args: unknown) => Promise<unknown>
    return { ok: true, data: await handler(checked.args) }
  } catch (error) {
    return { ok: false, error: toApiError(error, log) }
  }
}
