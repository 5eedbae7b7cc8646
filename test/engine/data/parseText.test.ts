import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadTableFile, parseTableText } from '../../../src/engine/data'
import { caught, expectSameTable, tabularFixtures, useTempTables } from './tempTables'

const fixture = (name: string) => join(tabularFixtures, name)

/** The fixture read the obvious way, to compare the loader against. */
function naiveCsv(name: string) {
  const [header, ...lines] = readFileSync(fixture(name), 'utf8').trim().split(/\r?\n/)
  return { names: header.split(','), rows: lines.map((line) => line.split(',').map(Number)) }
}

describe('real data sets', () => {
  it.each([
    ['iris.csv', 150, 4, 'classification', 3],
    ['wine.csv', 178, 13, 'classification', 3],
    ['diabetes.csv', 442, 10, 'regression', undefined]
  ] as const)('%s loads as %i rows × %i features with a %s target', async (name, rows, d, task, classCount) => {
    const table = await loadTableFile(fixture(name), { target: 'target' })
    const expected = naiveCsv(name)
    expect(table.rowsKept).toBe(rows)
    expect(table.totalRows).toBe(rows)
    expect(table.featuresPerRow).toBe(d)
    expect(table.featureNames).toEqual(expected.names.slice(0, d))
    expect(table.matrix.length).toBe(rows * d)
    expect(table.matrix.buffer.byteLength).toBe(rows * d * 4)
    for (let r = 0; r < rows; r++) for (let f = 0; f < d; f++) expect(table.matrix[r * d + f]).toBe(Math.fround(expected.rows[r][f]))
    expect(table.target?.task).toBe(task)
    expect(table.target?.classes?.length).toBe(classCount)
    expect(table.target?.values).toEqual(Float64Array.from(expected.rows, (row) => row[d]))
    expect(table.format).toMatchObject({ delimiter: ',', hasHeader: true, textEncoding: 'utf-8', byteOrderMark: false })
    expect(table.columns.every((c) => c.missingCount === 0 && c.kind === 'numeric')).toBe(true)
    expect(table.notes).toEqual([])
  })

  it('codes iris classes 0, 1, 2 in order and gives column means as fill values', async () => {
    const table = await loadTableFile(fixture('iris.csv'), { target: 'target' })
    expect(table.target?.classes).toEqual(['0', '1', '2'])
    expect(Array.from(table.target!.codes!.slice(0, 3))).toEqual([0, 0, 0])
    expect(table.target!.codes![149]).toBe(2)
    expect(table.encoding.features[0]).toEqual({ name: 'sepal_length_cm', kind: 'numeric', fill: Math.fround(5.843333333333334) })
    expect(table.columns[0].mean).toBeCloseTo(5.8433, 4)
  })

  it('gives the same table from text as from the file', async () => {
    const fromFile = await loadTableFile(fixture('wine.csv'), { target: 'target' })
    const fromText = parseTableText(readFileSync(fixture('wine.csv'), 'utf8'), { target: 'target', source: 'wine.csv' })
    expectSameTable(fromText, fromFile)
    expect(fromText.format.textEncoding).toBe('js-string')
  })
})

describe('generated tables', () => {
  it('reads a semicolon file with categories and missing markers', () => {
    const table = parseTableText('colour;size;weight\nred;S;1.5\nblue;NA;2\n red ;M;n/a\ngreen;S;?\n', { target: 'weight' })
    expect(table.format.delimiter).toBe(';')
    expect(table.featureNames).toEqual(['colour', 'size'])
    expect(table.columns[0].categories).toEqual(['blue', 'green', 'red'])
    expect(table.columns[1]).toMatchObject({ kind: 'categorical', missingCount: 1, categories: ['M', 'S'] })
    expect(Array.from(table.matrix)).toEqual([2, 1, 0, NaN, 2, 0, 1, 1])
    expect(table.target).toMatchObject({ task: 'regression', missingCount: 2, raw: ['1.5', '2', '', ''] })
    expect(table.columns[2].missingCount).toBe(2)
  })

  it('names columns column_1… when there is no header', () => {
    const table = parseTableText('1\t2\tx\n3\t4\ty\n')
    expect(table.format).toMatchObject({ delimiter: '\t', hasHeader: false })
    expect(table.featureNames).toEqual(['column_1', 'column_2', 'column_3'])
    expect(table.rowsKept).toBe(2)
  })

  it('obeys forced delimiter, header and column kinds', () => {
    const table = parseTableText('1|2\n3|4\n', { hasHeader: true, columnKinds: { '1': 'categorical' } })
    expect(table.featureNames).toEqual(['1', '2'])
    expect(table.columns[0]).toMatchObject({ kind: 'categorical', categories: ['3'] })
    expect(table.format.detected).toEqual({ delimiter: true, hasHeader: false, textEncoding: false })
    expect(parseTableText('a,b\n1,2\n', { delimiter: ';' }).featureNames).toEqual(['a,b'])
  })

  it('leaves free text and empty columns out, with notes', () => {
    const reviews = Array.from({ length: 40 }, (_, i) => `${i},review number ${i} says something,,${i % 2}`)
    const table = parseTableText(['id,review,blank,label', ...reviews].join('\n'), { target: 'label' })
    expect(table.featureNames).toEqual(['id'])
    expect(table.columns.map((c) => [c.kind, c.role])).toEqual([
      ['numeric', 'feature'],
      ['text', 'ignored'],
      ['empty', 'ignored'],
      ['numeric', 'target']
    ])
    expect(table.columns[2].missingCount).toBe(40)
    expect(table.notes.join(' ')).toMatch(/"review" looks like free text/)
    expect(table.notes.join(' ')).toMatch(/"blank" has no values/)
  })

  it('renames blank and repeated header names', () => {
    const table = parseTableText(',x,x\n0,1,2\n1,3,4\n')
    expect(table.featureNames).toEqual(['column_1', 'x', 'x.1'])
    expect(table.notes).toHaveLength(2)
  })

  it('keeps blank lines in a one-column file as missing values, but not trailing ones', () => {
    const table = parseTableText('value\n1\n\n3\n\n\n')
    expect(table.totalRows).toBe(3)
    expect(Array.from(table.matrix)).toEqual([1, NaN, 3])
  })

  it('skips blank lines in a wider file and says so', () => {
    const table = parseTableText('a,b\n1,2\n\n3,4\n\n')
    expect(table.totalRows).toBe(2)
    expect(table.notes).toEqual(['Skipped 1 blank line.'])
  })

  it('reads CRLF files with quoted fields holding delimiters and line breaks', () => {
    const table = parseTableText('name,score\r\n"Smith, J",1\r\n"two\r\nlines",2\r\n', { ignore: ['name'] })
    expect(Array.from(table.matrix)).toEqual([1, 2])
    expect(table.format.newline).toBe('\r\n')
  })

  it('reads latin1 and UTF-16 bytes', () => {
    const text = 'ville,n\nZürich,1\nGenève,2\n'
    expect(parseTableText(Buffer.from(text, 'latin1')).columns[0].categories).toEqual(['Genève', 'Zürich'])
    expect(parseTableText(Buffer.from(text, 'latin1')).format).toMatchObject({ textEncoding: 'latin1', detected: { textEncoding: true } })
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')])
    expect(parseTableText(utf16).format).toMatchObject({ textEncoding: 'utf-16le', byteOrderMark: true })
    expect(parseTableText('\ufeffa,b\n1,2\n').featureNames).toEqual(['a', 'b'])
  })

  it('keeps ±Infinity in the matrix but leaves it out of the mean', () => {
    const table = parseTableText('x\n1\ninf\n3\n-Infinity\n')
    expect(Array.from(table.matrix)).toEqual([1, Infinity, 3, -Infinity])
    expect(table.columns[0].mean).toBe(2)
  })

  it('types columns from the first typingRows rows and reports what does not fit later', () => {
    const table = parseTableText('x,late,id\n1,,a1\n2,,a2\n3,5,a3\nfour,6,a4\n', { typingRows: 2 })
    expect(table.columns.map((c) => [c.kind, c.role, c.missingCount, c.invalidCount])).toEqual([
      ['numeric', 'feature', 1, 1],
      ['empty', 'ignored', 2, 0],
      ['categorical', 'feature', 0, 0]
    ])
    expect(table.notes).toEqual([
      'Column "x": 1 value(s) are not numbers and count as missing (first: "four" in data row 4).',
      'Column "late" has no values in the first 2 rows and was left out of the features; set its kind to use it.'
    ])
  })

  it('warns about a categorical column that grows into an identifier', () => {
    const lines = ['code,v', ...Array.from({ length: 1500 }, (_, i) => `${i < 100 ? 'A' : `C${i}`},${i}`)]
    const table = parseTableText(lines.join('\n'), { typingRows: 100 })
    expect(table.columns[0].categories).toHaveLength(1401)
    expect(table.notes).toContain('Column "code" has 1401 categories; if it is an identifier or a date, ignore it.')
  })

  it('treats a class-like numeric target as regression when asked', () => {
    const table = parseTableText('x,y\n1,0\n2,1\n', { target: 'y', targetTask: 'regression' })
    expect(table.target).toMatchObject({ task: 'regression' })
    expect(table.target?.codes).toBeUndefined()
  })
})

describe('errors name the file, line and column', () => {
  const write = useTempTables()

  it('missing file', async () => {
    expect(await caught(() => loadTableFile('/no/such/dir/data.csv'))).toMatchObject({ code: 'IO_NOT_FOUND', message: 'No file at /no/such/dir/data.csv' })
  })

  it('folder instead of file', async () => {
    expect(await caught(() => loadTableFile(tabularFixtures))).toMatchObject({ code: 'IO_READ_FAILED' })
  })

  it('empty file', async () => {
    expect(await caught(() => loadTableFile(write('empty.csv', '')))).toMatchObject({ code: 'DATA_EMPTY', message: 'empty.csv is empty' })
    expect(await caught(() => parseTableText('\n\n  \n'))).toMatchObject({ code: 'DATA_EMPTY' })
  })

  it('header only', async () => {
    expect(await caught(() => loadTableFile(write('header.csv', 'a,b,c\n')))).toMatchObject({
      code: 'DATA_HEADER_ONLY',
      message: 'header.csv has a header row but no data rows'
    })
  })

  it('ragged row, with the line an editor shows (multi-line quoted field above it)', async () => {
    const path = write('ragged.csv', 'a,b,c\n1,"two\nlines",3\n4,5,6\n7,8\n')
    expect(await caught(() => loadTableFile(path))).toMatchObject({ code: 'DATA_RAGGED_ROW', message: 'ragged.csv: line 5 has 2 fields, expected 3' })
  })

  it('unknown target lists the columns and suggests a near match', async () => {
    const error = await caught(() => loadTableFile(fixture('iris.csv'), { target: 'Target' }))
    expect(error).toMatchObject({ code: 'DATA_UNKNOWN_COLUMN', message: 'iris.csv: no column named "Target" (target)' })
    expect(error.hint).toBe('Did you mean "target"? Columns are: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, target')
  })

  it('unknown ignore column', async () => {
    expect(await caught(() => parseTableText('a,b\n1,2\n', { ignore: ['c'] }))).toMatchObject({ code: 'DATA_UNKNOWN_COLUMN', message: '<text>: no column named "c" (ignore)' })
  })

  it('no feature left', async () => {
    const error = await caught(() => parseTableText('a,b\n1,2\n', { target: 'a', ignore: ['b'] }))
    expect(error).toMatchObject({ code: 'DATA_NO_FEATURES' })
    expect(error.hint).toBe('Columns: a (target); b (ignored as asked)')
  })

  it('target that is also ignored, or has no values', async () => {
    expect(await caught(() => parseTableText('a,b\n1,2\n', { target: 'a', ignore: ['a'] }))).toMatchObject({ code: 'USAGE' })
    expect(await caught(() => parseTableText('a,b\n1,\n2,NA\n', { target: 'b' }))).toMatchObject({ code: 'DATA_ALL_MISSING_COLUMN' })
  })

  it('quote that never closes', async () => {
    expect(await caught(() => parseTableText('a,b\n1,2\n3,"oops\n4,5\n'))).toMatchObject({ code: 'DATA_UNCLOSED_QUOTE', message: '<text>, line 3: a quoted field is never closed' })
  })

  it('regression asked of a word target', async () => {
    expect(await caught(() => parseTableText('x,y\n1,a\n2,b\n', { target: 'y', targetTask: 'regression' }))).toMatchObject({ code: 'USAGE' })
  })
})
