import fc from 'fast-check'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { parseTableText } from '../../../src/engine/data'
import { CsvRecordSplitter, lineOfRecord } from '../../../src/engine/data/csvRecords'
import { RowReservoir } from '../../../src/engine/data/reservoir'
import { createRng } from '../../../src/engine/math/rng'

const delimiter = fc.constantFrom(',' as const, ';' as const, '\t' as const, '|' as const)
const newline = fc.constantFrom('\n', '\r\n')
const missing = fc.constantFrom('', 'NA', 'n/a', 'NaN', 'null', '?', ' NA ')

/** A numeric cell as a person or a program might write it, with the value it stands for. */
const numberCell = fc.oneof(
  fc.double({ noNaN: true }).map((value) => ({ text: String(value), value: Number(String(value)) })), // String(-0) is '0'
  fc.integer({ min: -1e6, max: 1e6 }).map((value) => ({ text: ` ${value} `, value })),
  fc.double({ min: -1, max: 1, noNaN: true }).map((value) => ({ text: value.toExponential(), value: Number(value.toExponential()) })),
  fc.constantFrom({ text: '-.5', value: -0.5 }, { text: 'inf', value: Infinity }, { text: '-Infinity', value: -Infinity })
)
const cell = fc.oneof({ weight: 4, arbitrary: numberCell }, { weight: 1, arbitrary: missing.map((text) => ({ text, value: NaN })) })

describe('numeric matrices round-trip through CSV text', () => {
  it('with any supported delimiter, line ending, header or none', () => {
    const table = fc.integer({ min: 1, max: 6 }).chain((columns) =>
      fc.record({
        firstRow: fc.array(numberCell, { minLength: columns, maxLength: columns }),
        rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 30 }),
        delimiter,
        newline,
        withHeader: fc.boolean()
      })
    )
    fc.assert(
      fc.property(table, ({ firstRow, rows, delimiter, newline, withHeader }) => {
        const all = [firstRow, ...rows]
        const d = firstRow.length
        const header = Array.from({ length: d }, (_, i) => `feature ${i}`)
        // In a one-column file a trailing empty cell cannot be told from a trailing blank line, which is dropped.
        const write = (c: { text: string }) => (d === 1 && c.text.trim() === '' ? 'NA' : c.text)
        const lines = [...(withHeader ? [header.join(delimiter)] : []), ...all.map((row) => row.map(write).join(delimiter))]
        const loaded = parseTableText(lines.join(newline) + newline)
        expect(loaded.format.hasHeader).toBe(withHeader)
        if (d > 1) expect(loaded.format.delimiter).toBe(delimiter)
        expect(loaded.featuresPerRow).toBe(d)
        expect(loaded.rowsKept).toBe(all.length)
        all.forEach((row, r) => row.forEach((c, f) => expect(loaded.matrix[r * d + f]).toBe(Math.fround(c.value))))
        loaded.columns.forEach((column, f) => expect(column.missingCount).toBe(all.filter((row) => Number.isNaN(row[f].value)).length))
      }),
      { numRuns: 300 }
    )
  })
})

describe('the encoding does not depend on row order', () => {
  const category = fc.constantFrom('red', 'blue', 'green', 'Zoë', 'b', 'B', '10', '9', 'NA')
  const row = fc.tuple(category, category, fc.integer({ min: -50, max: 50 }))

  it('same kinds, categories and fills; each row encoded the same wherever it sits', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 40 }), fc.integer(), (rows, seed) => {
        const order = createRng(seed).shuffle(rows.map((_, i) => i))
        const csv = (indices: number[]) => ['colour,shade,amount', ...indices.map((i) => rows[i].join(','))].join('\n')
        const original = parseTableText(csv(rows.map((_, i) => i)))
        const shuffled = parseTableText(csv(order))
        const strip = (e: typeof original.encoding) => e.features.map(({ fill: _fill, ...rest }) => rest)
        expect(strip(shuffled.encoding)).toEqual(strip(original.encoding))
        original.encoding.features.forEach((f, i) => expect(shuffled.encoding.features[i].fill).toBeCloseTo(f.fill, 5))
        const d = original.featuresPerRow
        order.forEach((from, to) => {
          expect(Array.from(shuffled.matrix.subarray(to * d, to * d + d))).toEqual(Array.from(original.matrix.subarray(from * d, from * d + d)))
        })
      }),
      { numRuns: 200 }
    )
  })
})

describe('chunked record splitting', () => {
  const field = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' padded ', ';|\t'))
  const rows = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 25 })

  it('gives the same records and line numbers wherever the chunks are cut', () => {
    fc.assert(
      fc.property(rows, delimiter, newline, fc.array(fc.nat(), { maxLength: 6 }), (records, delimiter, newline, cuts) => {
        const text = Papa.unparse(records, { delimiter, newline, quotes: false })
        const settings = { delimiter, newline: newline as '\n' | '\r\n', source: 'x.csv' }
        const whole = new CsvRecordSplitter(settings).end(text)
        expect(whole.records).toEqual(records)
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const splitter = new CsvRecordSplitter(settings)
        const pieces = [0, ...points, text.length].slice(1).map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end))
        const batches = [...pieces.slice(0, -1).map((piece) => splitter.push(piece)), splitter.end(pieces.at(-1))]
        expect(batches.flatMap((b) => b.records)).toEqual(records)
        const lines = batches.flatMap((b) => b.records.map((_, i) => lineOfRecord(b, i)))
        expect(lines).toEqual(records.map((_, i) => lineOfRecord(whole, i)))
      }),
      { numRuns: 300 }
    )
  })
})

describe('reservoir sampling', () => {
  it('keeps min(rows, capacity) distinct rows, in file order, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 400 }), fc.integer(), (capacity, rows, seed) => {
        const sample = (s: number) => {
          const reservoir = new RowReservoir(capacity, s)
          for (let row = 0; row < rows; row++) reservoir.slotFor(row)
          return Array.from(reservoir.slotsInFileOrder(), (slot) => reservoir.rowOfSlot[slot])
        }
        const kept = sample(seed)
        expect(kept).toHaveLength(Math.min(rows, capacity))
        for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1])
        expect(sample(seed)).toEqual(kept)
      })
    )
  })
})
