import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareCategories, detachString, isMissingCell, isNumberCell, readNumber } from '../../../src/engine/data/cellValues'

describe('readNumber', () => {
  it('reads decimals the way a spreadsheet user writes them', () => {
    expect(readNumber('1e-3')).toBe(0.001)
    expect(readNumber('-.5')).toBe(-0.5)
    expect(readNumber('  42  ')).toBe(42)
    expect(readNumber('+7')).toBe(7)
    expect(readNumber('5.')).toBe(5)
    expect(readNumber('\t3.25\r')).toBe(3.25)
  })

  it('reads infinities in the usual spellings', () => {
    expect(readNumber('inf')).toBe(Infinity)
    expect(readNumber('-INF')).toBe(-Infinity)
    expect(readNumber('+Inf')).toBe(Infinity)
    expect(readNumber('Infinity')).toBe(Infinity)
    expect(readNumber('-Infinity')).toBe(-Infinity)
  })

  it('refuses what Number() would wrongly accept or what is not a number', () => {
    for (const cell of ['', '   ', '0x10', ' 0b11', '0o7', '1,5', '1.2.3', 'abc', '-', '.', 'NaN', '1_000']) {
      expect(readNumber(cell), cell).toBeNaN()
    }
    expect(readNumber(undefined)).toBeNaN()
  })

  it('reads back every double printed by JavaScript', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (value) => Object.is(readNumber(String(value)), value) || (value === 0 && readNumber(String(value)) === 0)))
  })
})

describe('isMissingCell', () => {
  it('treats the usual markers as missing, in any case and with spaces', () => {
    for (const cell of ['', '  ', 'NA', 'na', ' N/A ', 'n/a', 'NaN', 'nan', 'NULL', 'null', '?', ' ? ', undefined]) {
      expect(isMissingCell(cell), String(cell)).toBe(true)
    }
  })

  it('keeps ordinary values, including ones that merely contain a marker', () => {
    for (const cell of ['0', 'nation', 'NAN?', 'none', '??', 'n/a/b', 'Nana']) expect(isMissingCell(cell), cell).toBe(false)
  })

  it('never calls a number missing', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (value) => !isMissingCell(String(value)) && isNumberCell(String(value))))
  })
})

describe('compareCategories', () => {
  it('puts numbers first by value, then words by code units', () => {
    expect(['b', '10', 'a', '9', 'B', '-1.5'].sort(compareCategories)).toEqual(['-1.5', '9', '10', 'B', 'a', 'b'])
  })

  it('is a total order (antisymmetric and transitive) on any strings', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer().map(String), fc.double({ noNaN: true }).map(String)), { maxLength: 30 }), (values) => {
        const sorted = [...values].sort(compareCategories)
        for (let i = 1; i < sorted.length; i++) expect(compareCategories(sorted[i - 1], sorted[i])).toBeLessThanOrEqual(0)
        for (const a of values) for (const b of values) expect(Math.sign(compareCategories(a, b)) + Math.sign(compareCategories(b, a))).toBe(0)
      })
    )
  })
})

describe('detachString', () => {
  it('returns an equal string', () => {
    const long = 'a fairly long category name, longer than thirteen characters'
    expect(detachString(long.slice(2, 40))).toBe(long.slice(2, 40))
    expect(detachString('short')).toBe('short')
  })
})
