import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import { loadTextFolder, loadTextTableFile, parseTextTable } from '../../../src/engine/text'

const brownSubset = resolve(import.meta.dirname, '../../fixtures/text/brown_subset.csv')

async function expectCode(promise: Promise<unknown> | (() => unknown), code: LearnwareErrorCode): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (error) {
    expect(isLearnwareError(error), String(error)).toBe(true)
    expect((error as { code: string }).code).toBe(code)
    return (error as Error).message
  }
  throw new Error(`expected a LearnwareError ${code}`)
}

describe('texts from a CSV column', () => {
  it('finds the text column of the Brown subset by itself and keeps labels and document ids per text', async () => {
    const docs = await loadTextTableFile(brownSubset, { labelColumn: 'genre', keepColumns: ['document'] })
    expect(docs.texts).toHaveLength(974)
    expect(docs.texts[0]).toMatch(/^The Fulton County Grand Jury said Friday/)
    expect(docs.labels?.[0]).toBe('press_reportage')
    expect(docs.columns.document[0]).toBe('ca01')
    expect(new Set(docs.labels)).toEqual(new Set(['press_reportage', 'religion', 'learned', 'fiction_romance', 'fiction_adventure', 'skill_and_hobbies', 'miscellaneous_government', 'humor']))
    expect(docs.notes[0]).toMatch(/column "text"/)
    expect(docs.origins[1]).toBe('row 2')
    expect(docs.skipped).toEqual([])
  })

  it('keeps a seeded sample in file order when maxRows cuts the file down', async () => {
    const a = await loadTextTableFile(brownSubset, { column: 'text', maxRows: 100, seed: 3 })
    const b = await loadTextTableFile(brownSubset, { column: 'text', maxRows: 100, seed: 3 })
    const c = await loadTextTableFile(brownSubset, { column: 'text', maxRows: 100, seed: 4 })
    expect(a.texts).toHaveLength(100)
    expect(a.texts).toEqual(b.texts)
    expect(a.texts).not.toEqual(c.texts)
    const rows = a.origins.map((o) => Number(o.replace('row ', '')))
    expect(rows).toEqual([...rows].sort((x, y) => x - y))
    expect(a.notes.some((n) => n.includes('100 of 974'))).toBe(true)
  })

  it('skips rows without text, with the row and the reason', () => {
    const docs = parseTextTable('id;body\n1;"A first text; with a delimiter inside"\n2;\n3\n4;"Line one\nline two"\n', { source: 'pasted' })
    expect(docs.texts).toEqual(['A first text; with a delimiter inside', 'Line one\nline two'])
    expect(docs.skipped).toEqual([
      { origin: 'row 2', reason: 'the text is empty' },
      { origin: 'row 3', reason: 'it has 1 fields, so no "body"' }
    ])
  })

  it('gives back any texts written as CSV, quotes, delimiters and line breaks included (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 60, unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\n', '\r\n', 'é', '中', '\t') })
      .filter((t) => t.trim() !== '')
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 20 }), (texts) => {
      const csv = Papa.unparse({ fields: ['label', 'text'], data: texts.map((t, i) => [`l${i}`, t]) }, { quotes: true })
      const docs = parseTextTable(csv, { column: 'text', labelColumn: 'label' })
      expect(docs.texts).toEqual(texts)
      expect(docs.labels).toEqual(texts.map((_, i) => `l${i}`))
    }), { seed: 3, numRuns: 200 })
  })

  it('names the missing column and lists the real ones', async () => {
    const message = await expectCode(loadTextTableFile(brownSubset, { column: 'body' }), 'DATA_UNKNOWN_COLUMN')
    expect(message).toContain('"body"')
  })

  it('refuses a table without any text column', () => {
    return expectCode(() => parseTextTable('a,b\n1,2\n3,4\n'), 'DATA_NO_TEXT_COLUMN')
  })

  it('refuses a quote that never closes, naming the row', async () => {
    const message = await expectCode(() => parseTextTable('text\n"fine"\n"never closed\nstill going\n'), 'DATA_UNCLOSED_QUOTE')
    expect(message).toMatch(/row 2/)
  })

  it('refuses a missing file and a binary file with IO errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lw-text-csv-'))
    try {
      await expectCode(loadTextTableFile(join(dir, 'nope.csv')), 'IO_NOT_FOUND')
      await writeFile(join(dir, 'model.csv'), Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x08, 0, 0xff, 0xfe, 0x10, 0x0a, 0x41, 0x2c, 0x42]))
      await expectCode(loadTextTableFile(join(dir, 'model.csv')), 'IO_READ_FAILED')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('reads a latin1 CSV as the table loader does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lw-text-csv-'))
    try {
      const latin1 = Uint8Array.from(Buffer.from('text,label\n"Caf\xe9 au lait, s\xfc\xdf",a\n', 'latin1'))
      await writeFile(join(dir, 'latin1.csv'), latin1)
      const docs = await loadTextTableFile(join(dir, 'latin1.csv'))
      expect(docs.texts).toEqual(['Café au lait, süß'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('texts from a folder of .txt files', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-text-folder-'))
    await mkdir(join(dir, 'sports'))
    await mkdir(join(dir, 'politics/archive'), { recursive: true })
    await writeFile(join(dir, 'sports/b.txt'), 'The match went to extra time.')
    await writeFile(join(dir, 'sports/a.txt'), '\uFEFFA late goal decided the final.')
    await writeFile(join(dir, 'sports/empty.txt'), '  \n ')
    await writeFile(join(dir, 'sports/photo.jpg'), 'not a text')
    await writeFile(join(dir, 'politics/archive/old.txt'), Buffer.from('Le d\xe9bat a dur\xe9 trois heures.', 'latin1'))
    await writeFile(join(dir, 'politics/speech.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('The senate voted on the budget.', 'utf16le')]))
    await writeFile(join(dir, 'politics/blob.txt'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))
    await writeFile(join(dir, 'politics/.hidden.txt'), 'ignored silently')
    await symlink(join(dir, 'sports/a.txt'), join(dir, 'politics/link.txt'))
    await writeFile(join(dir, 'readme.txt'), 'A note at the top level.')
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('labels each document with its first-level sub-folder, in sorted path order', async () => {
    const docs = await loadTextFolder(dir)
    expect(docs.origins).toEqual(['politics/archive/old.txt', 'politics/speech.txt', 'readme.txt', 'sports/a.txt', 'sports/b.txt'])
    expect(docs.labels).toEqual(['politics', 'politics', '', 'sports', 'sports'])
    expect(docs.texts).toEqual([
      'Le débat a duré trois heures.',
      'The senate voted on the budget.',
      'A note at the top level.',
      'A late goal decided the final.',
      'The match went to extra time.'
    ])
    expect(docs.notes.join(' ')).toMatch(/Windows-1252/)
    expect(docs.notes.join(' ')).toMatch(/directly in the folder/)
  })

  it('skips unusable files with a reason instead of failing', async () => {
    const docs = await loadTextFolder(dir)
    const reasons = Object.fromEntries(docs.skipped.map((s) => [s.origin, s.reason]))
    expect(reasons).toEqual({
      'politics/blob.txt': 'not a text file (it contains NUL bytes)',
      'politics/link.txt': 'a symbolic link (not followed)',
      'sports/empty.txt': 'empty',
      'sports/photo.jpg': 'not a .txt file'
    })
  })

  it('gives no labels when every file sits at the top level', async () => {
    const flat = await mkdtemp(join(tmpdir(), 'lw-text-flat-'))
    try {
      await writeFile(join(flat, 'one.txt'), 'First document.')
      await writeFile(join(flat, 'two.TXT'), 'Second document.')
      const docs = await loadTextFolder(flat)
      expect(docs.labels).toBeNull()
      expect(docs.texts).toHaveLength(2)
    } finally {
      await rm(flat, { recursive: true, force: true })
    }
  })

  it('fails clearly for a missing folder, a file, and a folder without one usable text', async () => {
    await expectCode(loadTextFolder(join(dir, 'missing')), 'IO_NOT_FOUND')
    await expectCode(loadTextFolder(join(dir, 'readme.txt')), 'IO_READ_FAILED')
    const message = await expectCode(loadTextFolder(dir, { extensions: ['.md'] }), 'DATA_EMPTY')
    expect(message).toMatch(/no readable \.md file/)
  })
})
