import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadTableFile, parseTableText, type LoadedTable } from '../../../src/engine/data'
import type { ProgressEvent } from '../../../src/engine/progress'
import { createRng } from '../../../src/engine/math/rng'
import { caught, expectSameTable, sameBytes, useTempTables } from './tempTables'

const ROWS = 200_000
const REGIONS = ['west', 'north', 'east', 'south', 'centre'] // first-seen order ≠ sorted order
/** Data row whose `x3` is a word: typed numeric from the first rows, so it must count as missing. */
const BAD_ROW = 150_000

/** x0…x7 numeric (x5 has NA markers), region categorical, label 0/1/2; generated from a fixed seed. */
function generateCsv(rows: number): string {
  const rng = createRng(11)
  const lines = ['x0,x1,x2,x3,x4,x5,x6,x7,region,label']
  for (let r = 0; r < rows; r++) {
    const cells: string[] = []
    for (let f = 0; f < 8; f++) cells.push(f === 5 && r % 7 === 0 ? 'NA' : (rng.normal() * 10).toFixed(3))
    if (r === BAD_ROW) cells[3] = 'oops'
    cells.push(REGIONS[r < 5 ? r : rng.int(REGIONS.length)], String(rng.int(3)))
    lines.push(cells.join(','))
  }
  return lines.join('\n') + '\n'
}

describe('streaming a 200k-row file', () => {
  const write = useTempTables()
  let text: string
  let path: string
  let full: LoadedTable
  const events: ProgressEvent[] = []

  beforeAll(async () => {
    text = generateCsv(ROWS)
    path = write('big.csv', text)
    full = await loadTableFile(path, { target: 'label', onProgress: (e) => events.push(e) })
  })

  it('loads every row into an exact-size Float32Array', () => {
    expect(full).toMatchObject({ totalRows: ROWS, rowsKept: ROWS, sampled: false, featuresPerRow: 9 })
    expect(full.matrix.length).toBe(ROWS * 9)
    expect(full.matrix.buffer.byteLength).toBe(ROWS * 9 * 4)
    expect(full.keptRowIndices).toBeUndefined()
    const line = text.split('\n')[1001].split(',')
    for (let f = 0; f < 8; f++) expect(full.matrix[1000 * 9 + f]).toBe(line[f] === 'NA' ? NaN : Math.fround(Number(line[f])))
    expect(full.matrix[7 * 9 + 5]).toBeNaN()
  })

  it('remaps categories seen while streaming to sorted codes', () => {
    const region = full.columns.find((c) => c.name === 'region')!
    expect(region.categories).toEqual(['centre', 'east', 'north', 'south', 'west'])
    expect(Array.from({ length: 5 }, (_, r) => full.matrix[r * 9 + 8])).toEqual([4, 2, 1, 3, 0])
  })

  it('counts a late word in a numeric column as missing and says where', () => {
    const x3 = full.columns.find((c) => c.name === 'x3')!
    expect(x3).toMatchObject({ kind: 'numeric', missingCount: 1, invalidCount: 1 })
    expect(full.matrix[BAD_ROW * 9 + 3]).toBeNaN()
    expect(full.notes).toContain(`Column "x3": 1 value(s) are not numbers and count as missing (first: "oops" in data row ${BAD_ROW + 1}).`)
    expect(full.columns.find((c) => c.name === 'x5')!.missingCount).toBe(Math.ceil(ROWS / 7))
  })

  it('reports monotone progress by bytes read, ending at 1', () => {
    expect(events[0]).toEqual({ status: 'start', task: 'load' })
    expect(events.at(-1)).toEqual({ status: 'done', task: 'load' })
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions.length).toBeGreaterThan(5)
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1])
    expect(fractions.at(-1)).toBe(1)
  })

  it('gives the same table as parsing the text in memory', () => {
    expectSameTable(parseTableText(text, { target: 'label', source: 'big.csv' }), full)
  })

  it('samples rows by seeded reservoir: same seed, same rows, in file order', async () => {
    const a = await loadTableFile(path, { target: 'label', maxRows: 1000, seed: 3 })
    const b = await loadTableFile(path, { target: 'label', maxRows: 1000, seed: 3 })
    const c = await loadTableFile(path, { target: 'label', maxRows: 1000, seed: 4 })
    expect(a).toMatchObject({ totalRows: ROWS, rowsKept: 1000, sampled: true })
    expectSameTable(a, b)
    expect(sameBytes(a.keptRowIndices, b.keptRowIndices)).toBe(true)
    expect(sameBytes(a.keptRowIndices, c.keptRowIndices)).toBe(false)
    const kept = a.keptRowIndices!
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1])
    for (let i = 0; i < kept.length; i += 97) {
      expect(sameBytes(a.matrix.subarray(i * 9, i * 9 + 9), full.matrix.subarray(kept[i] * 9, kept[i] * 9 + 9))).toBe(true)
      expect(a.target!.codes![i]).toBe(full.target!.codes![kept[i]])
    }
    expect(a.columns.find((col) => col.name === 'region')!.categories).toHaveLength(5)
    expect(a.notes).toContain('Kept 1000 of 200000 rows, chosen at random (seed 3).')
  })

  it('spreads the reservoir sample over the whole file', async () => {
    const sample = await loadTableFile(path, { maxRows: 2000, seed: 9 })
    const late = Array.from(sample.keptRowIndices!).filter((row) => row >= ROWS / 2).length
    expect(late).toBeGreaterThan(850)
    expect(late).toBeLessThan(1150)
  })

  it('does not sample when maxRows is above the row count', async () => {
    const table = await loadTableFile(path, { target: 'label', maxRows: ROWS + 1 })
    expect(table).toMatchObject({ sampled: false, rowsKept: ROWS })
    expect(sameBytes(table.matrix, full.matrix)).toBe(true)
  })

  it('stops with CANCELLED when the signal fires mid-load', async () => {
    const controller = new AbortController()
    const onProgress = (e: ProgressEvent) => e.status === 'progress' && e.fraction > 0.2 && controller.abort()
    expect(await caught(() => loadTableFile(path, { onProgress, signal: controller.signal }))).toMatchObject({
      code: 'CANCELLED',
      message: 'Loading big.csv was cancelled'
    })
    expect(await caught(() => loadTableFile(path, { signal: AbortSignal.abort() }))).toMatchObject({ code: 'CANCELLED' })
  })
})

describe('streaming edge cases across chunk boundaries', () => {
  const write = useTempTables()

  it('reports the exact line of a ragged row megabytes into the file', async () => {
    const lines = ['a,b,c', ...Array.from({ length: 300_000 }, (_, i) => `${i},${i + 1},${i + 2}`)]
    lines[250_000] = '1,2'
    expect(await caught(() => loadTableFile(write('late-ragged.csv', lines.join('\n'))))).toMatchObject({
      code: 'DATA_RAGGED_ROW',
      message: 'late-ragged.csv: line 250001 has 2 fields, expected 3'
    })
  })

  it('reads quoted multi-line fields that straddle chunks like the in-memory parser', async () => {
    const rng = createRng(5)
    const lines = ['id,note,value']
    for (let i = 0; i < 40_000; i++) lines.push(`${i},"line one\nline ""two"", ${rng.int(9)}",${rng.normal().toFixed(4)}`)
    const text = lines.join('\r\n')
    const fromFile = await loadTableFile(write('notes.csv', text), { columnKinds: { note: 'categorical' } })
    const inMemory = parseTableText(text, { columnKinds: { note: 'categorical' }, source: 'notes.csv' })
    expectSameTable(fromFile, inMemory)
    expect(fromFile.columns[1].categories).toHaveLength(9)
    expect(fromFile.totalRows).toBe(40_000)
  })

  it('falls back to latin1 when a non-UTF-8 byte appears after the head, keeping progress monotone', async () => {
    const ascii = Array.from({ length: 30_000 }, (_, i) => `${i},Zurich`).join('\n')
    const bytes = Buffer.concat([Buffer.from('n,city\n' + ascii + '\n'), Buffer.from('1,Zürich\n', 'latin1')])
    const fractions: number[] = []
    const table = await loadTableFile(write('late-latin1.csv', bytes), {
      onProgress: (e) => e.status === 'progress' && fractions.push(e.fraction)
    })
    expect(table.format.textEncoding).toBe('latin1')
    expect(table.columns[1].categories).toEqual(['Zurich', 'Zürich'])
    expect(table.notes[0]).toBe('late-latin1.csv is not valid UTF-8 throughout; it was read as latin1.')
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1])
  })

  it('streams UTF-16 with characters split across chunks', async () => {
    const text = 'name,n\n' + Array.from({ length: 120_000 }, (_, i) => `Zoë ${i % 3},${i}`).join('\n')
    const table = await loadTableFile(write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])))
    expect(table.format).toMatchObject({ textEncoding: 'utf-16le', byteOrderMark: true })
    expect(table.columns[0].categories).toEqual(['Zoë 0', 'Zoë 1', 'Zoë 2'])
    expect(table.totalRows).toBe(120_000)
  })

  it('strips a UTF-8 BOM from the first column name', async () => {
    const table = await loadTableFile(write('bom.csv', '\ufeffa;b\r\n1;2\r\n'))
    expect(table.featureNames).toEqual(['a', 'b'])
    expect(table.format).toMatchObject({ textEncoding: 'utf-8', byteOrderMark: true, delimiter: ';', newline: '\r\n' })
  })

  it('keeps the fixture files untouched (real data is read, never written)', () => {
    expect(readFileSync(write('probe.csv', 'x\n1\n'), 'utf8')).toBe('x\n1\n')
  })
})
