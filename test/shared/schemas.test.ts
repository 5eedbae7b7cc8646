/**
 * The contract's schemas and helpers: every handler has exactly one schema, requests the UI makes pass,
 * bad ones fail with messages that name the field, bytes-to-base64 matches Node's encoder for any input,
 * and errors keep the `{ code, message, hint }` shape whichever way they travelled.
 */

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ApiCallError,
  base64ToBytes,
  bytesToBase64,
  DESKTOP_CALL_NAMES,
  DESKTOP_SCHEMAS,
  HANDLER_NAMES,
  HANDLER_SCHEMAS,
  JOB_HANDLERS,
  MAX_UPLOAD_BASE64_CHARS,
  toApiError,
  unwrap,
  UPLOAD_HANDLERS,
  validateRequest
} from '../../src/shared/api'

const messageOf = (name: Parameters<typeof validateRequest>[0], body: unknown): string => {
  const result = validateRequest(name, body)
  if (result.ok) throw new Error(`${name} accepted ${JSON.stringify(body)}`)
  expect(result.error.code).toBe('BAD_REQUEST')
  return result.error.message
}

describe('the handler map', () => {
  it('has one schema per name and no other', () => {
    expect(Object.keys(HANDLER_SCHEMAS).sort()).toEqual([...HANDLER_NAMES].sort())
    expect(new Set(HANDLER_NAMES).size).toBe(HANDLER_NAMES.length)
    expect(Object.keys(DESKTOP_SCHEMAS).sort()).toEqual([...DESKTOP_CALL_NAMES].sort())
    for (const name of [...JOB_HANDLERS, ...UPLOAD_HANDLERS]) expect(HANDLER_NAMES).toContain(name)
  })

  it('names handlers <noun><Verb>', () => {
    for (const name of HANDLER_NAMES) expect(name).toMatch(/^[a-z]+[A-Z][a-zA-Z]*$/)
  })
})

describe('requests the UI makes', () => {
  it.each([
    ['appInfo', undefined],
    ['appInfo', {}],
    ['dockList', undefined],
    ['dockList', { filters: { text: 'iris', tasks: ['Classification'], scenarios: ['Nature'] }, statuses: ['usable'], limit: 20, offset: 0 }],
    ['dockGet', { id: 'lwd-00000001' }],
    ['dockGet', { id: '00000042' }],
    ['dockImport', { source: { kind: 'path', path: '/downloads/00000042.zip' } }],
    ['dataOpen', { source: { kind: 'bytes', fileName: 'sales.csv', base64: 'YSxiCjEsMgo=' }, options: { delimiter: ';', hasHeader: true, target: null, ignored: ['id'], columnKinds: { region: 'categorical' } } }],
    ['dataConfigure', { datasetId: 'ds-1', options: { target: 'churned', targetTask: 'classification' } }],
    ['dataRows', { datasetId: 'ds-1', rows: [0, 17, 42] }],
    ['specGenerate', { datasetId: 'ds-1', k: 100, gamma: 'auto', seed: 0 }],
    ['searchRun', { datasetId: 'ds-2', filters: { dataTypes: ['Table'] }, mixture: 'auto' }],
    ['searchRun', {}],
    ['submitPack', {
      model: { kind: 'path', path: 'm.onnx' }, training: { datasetId: 'ds-1' }, target: 'y',
      semantic: { name: 'n', description: 'd', task: 'Regression', scenarios: ['Business'], license: 'MIT' }, addToDock: false
    }],
    ['bundleExport', { datasetId: 'ds-1', method: 'job-selector', learnwareIds: ['lwd-00000001', 'lwd-00000002'], metrics: { values: { accuracy: 0.9 }, evaluatedOn: 'held-out rows' } }],
    ['bundleExport', { imageSetId: 'img-1', classNames: ['t-shirt_top', 'ankle_boot'], method: 'averaging', learnwareIds: ['lwd-00000001', 'lwd-00000002'] }],
    ['bundleExport', { textSetId: 'txt-1', labelColumn: 'genre', method: 'single', learnwareIds: ['lwd-00000041'] }],
    ['outputSave', { outputId: 'out-3', path: '/home/ana/spec.json', overwrite: true }],
    ['jobCancel', { jobId: 'job-12' }]
  ] as const)('%s %j passes', (name, body) => {
    expect(validateRequest(name, body).ok).toBe(true)
  })
})

describe('bad requests', () => {
  it('name the field and what was expected', () => {
    expect(messageOf('dataOpen', { source: { kind: 'path' } })).toMatch(/^dataOpen: source\.path: .*expected string/)
    expect(messageOf('dataOpen', { source: { kind: 'url', url: 'http://x' } })).toMatch(/^dataOpen: source\.kind: /)
    expect(messageOf('dataOpen', {})).toMatch(/^dataOpen: source: /)
    expect(messageOf('dataConfigure', { datasetId: 'ds-1', options: { ignored: ['a', 7] } })).toMatch(/options\.ignored\[1\]: /)
    expect(messageOf('specGenerate', { datasetId: 'ds-1', k: 1.5 })).toMatch(/^specGenerate: k: /)
    expect(messageOf('dataRows', { datasetId: 'ds-1', rows: Array.from({ length: 501 }, (_, i) => i) })).toMatch(/^dataRows: rows: /)
    expect(messageOf('specGenerate', { datasetId: 'ds-1', gamma: -1 })).toMatch(/^specGenerate: gamma: /)
    expect(messageOf('bundleExport', { datasetId: 'ds-1', method: 'stacking', learnwareIds: [] })).toMatch(/method: .*learnwareIds: choose at least one learnware/)
    expect(messageOf('bundleExport', { datasetId: 'ds-1', imageSetId: 'img-1', method: 'single', learnwareIds: ['lwd-00000001'] })).toMatch(/give one of datasetId, imageSetId and textSetId/)
    expect(messageOf('bundleExport', { method: 'single', learnwareIds: ['lwd-00000001'] })).toMatch(/give one of datasetId, imageSetId and textSetId/)
    expect(messageOf('submitPack', { model: { kind: 'path', path: 'm' }, training: { datasetId: 'ds-1' }, target: 'y', semantic: { name: ' ', description: 'd', task: 'Clustering', scenarios: [], license: 'MIT' } }))
      .toMatch(/semantic\.name: must not be empty.*semantic\.task: .*semantic\.scenarios: needs at least one scenario/)
  })

  it('refuse unknown fields (strict objects), so typos do not pass silently', () => {
    expect(messageOf('dockList', { filter: { text: 'x' } })).toMatch(/unexpected field "filter"/)
    expect(messageOf('appInfo', { verbose: true })).toMatch(/unexpected field "verbose"/)
  })

  it('refuse ids the app never gives out, NUL in paths, paths as upload names and non-base64 bytes', () => {
    expect(messageOf('dataGet', { datasetId: '../../etc' })).toMatch(/datasetId: must be an id the app gave out/)
    expect(messageOf('dataOpen', { source: { kind: 'path', path: 'a\0b' } })).toMatch(/NUL/)
    expect(messageOf('dataOpen', { source: { kind: 'bytes', fileName: '../x.csv', base64: 'AA==' } })).toMatch(/fileName: must be a file name/)
    expect(messageOf('dataOpen', { source: { kind: 'bytes', fileName: 'x.csv', base64: 'not base64!' } })).toMatch(/base64: must be base64/)
  })

  it('refuse uploads over the limit with a hint to use the path', () => {
    const huge = 'A'.repeat(MAX_UPLOAD_BASE64_CHARS + 4)
    expect(messageOf('dockImport', { source: { kind: 'bytes', fileName: 'x.zip', base64: huge } })).toMatch(/upload limit; open the file by its path/)
  })

  it('list at most five problems', () => {
    const message = messageOf('dockList', { a: 1, filters: { tasks: [1, 2, 3, 4, 5, 6, 7] } })
    expect(message).toMatch(/and \d+ more$/)
  })
})

describe('bytesToBase64', () => {
  it('matches Node for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => bytesToBase64(bytes) === Buffer.from(bytes).toString('base64')))
  })

  it('handles inputs longer than one chunk', () => {
    const bytes = Uint8Array.from({ length: 3 * 16_384 * 2 + 2 }, (_, i) => (i * 31) & 255)
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
  })
})

describe('images and texts', () => {
  it('open images by a path only, and texts by a path or uploaded bytes with an optional column', () => {
    expect(validateRequest('imagesOpen', { source: { kind: 'path', path: '/home/ana/photos' }, maxImages: 500 }).ok).toBe(true)
    expect(messageOf('imagesOpen', { source: { kind: 'bytes', fileName: 'a.png', base64: 'AAAA' } })).toMatch(/source/)
    expect(validateRequest('textsOpen', { source: { kind: 'bytes', fileName: 'reviews.csv', base64: 'YSxi' }, column: 'body' }).ok).toBe(true)
    expect(messageOf('textsOpen', { source: { kind: 'path', path: 'r.csv' }, column: '' })).toMatch(/column/)
    expect(UPLOAD_HANDLERS).toContain('textsOpen')
  })

  it('search with one kind of data at a time', () => {
    expect(validateRequest('searchRun', { imageSetId: 'img-1' }).ok).toBe(true)
    expect(validateRequest('searchRun', { textSetId: 'txt-2', limit: 5 }).ok).toBe(true)
    expect(messageOf('searchRun', { datasetId: 'ds-1', textSetId: 'txt-2' })).toMatch(/one of datasetId, imageSetId and textSetId/)
  })

  it('preview and curve with exactly one kind of labelled data: a table, images (class names optional) or texts with a label column', () => {
    const learnwareIds = ['lwd-00000001']
    expect(validateRequest('reusePreview', { datasetId: 'ds-1', learnwareIds }).ok).toBe(true)
    expect(validateRequest('reusePreview', { imageSetId: 'img-1', classNames: ['t-shirt_top', 'ankle_boot'], learnwareIds, labelledRows: 10 }).ok).toBe(true)
    expect(validateRequest('reuseCurve', { textSetId: 'txt-1', labelColumn: 'genre', learnwareIds, sizes: [10, 30] }).ok).toBe(true)
    expect(messageOf('reusePreview', { learnwareIds })).toMatch(/one of datasetId, imageSetId and textSetId/)
    expect(messageOf('reuseCurve', { datasetId: 'ds-1', imageSetId: 'img-1', learnwareIds })).toMatch(/one of datasetId, imageSetId and textSetId/)
    expect(messageOf('reusePreview', { imageSetId: 'img-1', classNames: [], learnwareIds })).toMatch(/classNames/)
  })

  it('decode base64 back to the same bytes, for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(Array.from(base64ToBytes(bytesToBase64(bytes)))).toEqual(Array.from(bytes))
    }))
    expect(() => base64ToBytes('ab$c')).toThrow(/character 3/)
  })
})

describe('errors', () => {
  it('keep code, message and hint through every transport', () => {
    const overHttp = new ApiCallError({ code: 'DATA_UNKNOWN_COLUMN', message: 'a.csv: no column "x"', hint: 'Columns are: a' })
    expect(toApiError(overHttp)).toEqual({ code: 'DATA_UNKNOWN_COLUMN', message: 'a.csv: no column "x"', hint: 'Columns are: a' })
    expect(toApiError({ code: 'CANCELLED', message: 'Cancelled' })).toEqual({ code: 'CANCELLED', message: 'Cancelled' })
    expect(toApiError(new Error('first line\n    at x.ts:1'))).toEqual({ code: 'INTERNAL', message: 'first line' })
    expect(toApiError(42).code).toBe('INTERNAL')
  })

  it('unwrap an envelope to its data or throw its error', () => {
    expect(unwrap({ ok: true, data: 3 })).toBe(3)
    expect(() => unwrap({ ok: false, error: { code: 'NOT_FOUND', message: 'gone', hint: 'redo' } })).toThrow(expect.objectContaining({ code: 'NOT_FOUND', hint: 'redo' }))
    expect(() => unwrap('garbage' as never)).toThrow(expect.objectContaining({ code: 'INTERNAL' }))
  })
})
