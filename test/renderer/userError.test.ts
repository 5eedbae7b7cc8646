import { describe, expect, it } from 'vitest'
import { ApiCallError } from '../../src/shared/api'
import { cleanMessage, isCancelled, toUserError } from '../../src/renderer/src/api/userError'

describe('errors shown in the UI', () => {
  it('keeps the engine code, message and hint of an API error', () => {
    const error = toUserError(new ApiCallError({ code: 'DATA_UNKNOWN_COLUMN', message: 'wine.csv: no column named "label"', hint: 'Columns are: alcohol, …' }))
    expect(error).toEqual({ code: 'DATA_UNKNOWN_COLUMN', message: 'wine.csv: no column named "label"', hint: 'Columns are: alcohol, …' })
  })

  it('reads the plain { code, message } objects that Electron IPC delivers', () => {
    expect(toUserError({ code: 'CANCELLED', message: 'Cancelled' })).toEqual({ code: 'CANCELLED', message: 'Cancelled' })
    expect(isCancelled(toUserError({ code: 'CANCELLED', message: 'Cancelled' }))).toBe(true)
  })

  it('never shows a stack trace or a transport prefix', () => {
    const thrown = new Error("Error invoking remote method 'api:dataOpen': TypeError: x is undefined\n    at foo (main.js:1:2)")
    const error = toUserError(thrown)
    expect(error.message).toBe('x is undefined')
    expect(error.message).not.toContain('main.js')
    expect(cleanMessage('')).toMatch(/could not say what/)
  })
})
