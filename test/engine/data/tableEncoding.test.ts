import { describe, expect, it } from 'vitest'
import { applyEncoding, encodeRows, loadTableFile, parseTableText, readTableEncoding, type TableEncoding } from '../../../src/engine/data'
import { caught, useTempTables } from './tempTables'

const TRAIN = 'colour,size,weight,label\nred,S,1.5,yes\nblue,M,2.5,no\ngreen,S,NA,yes\nred,L,3.5,no\n'

describe('TableEncoding', () => {
  const write = useTempTables()
  const train = parseTableText(TRAIN, { target: 'label' })

  it('is plain JSON: ordered features with kinds, sorted categories and mean fills', () => {
    expect(JSON.parse(JSON.stringify(train.encoding))).toEqual(train.encoding)
    expect(train.encoding).toEqual({
      format: 'learnware-dock/table-encoding',
      version: 1,
      features: [
        { name: 'colour', kind: 'categorical', categories: ['blue', 'green', 'red'], fill: Math.fround(5 / 4) },
        { name: 'size', kind: 'categorical', categories: ['L', 'M', 'S'], fill: Math.fround(5 / 4) },
        { name: 'weight', kind: 'numeric', fill: 2.5 }
      ],
      target: { name: 'label', task: 'classification', classes: ['no', 'yes'] }
    })
    expect(readTableEncoding(JSON.parse(JSON.stringify(train.encoding)), 'encoding.json')).toEqual(train.encoding)
  })

  it('encodes a new CSV the same way, whatever its column and row order, and counts unseen categories', async () => {
    const path = write('new.csv', 'extra,weight,size,colour\n1,4,M,purple\n2,?,S,red\n3,1,XL,blue\n')
    const fresh = await applyEncoding(train.encoding, path)
    expect(fresh.featureNames).toEqual(['colour', 'size', 'weight'])
    expect(Array.from(fresh.matrix)).toEqual([NaN, 1, 4, 2, 2, NaN, 0, NaN, 1])
    expect(fresh.encoding).toBe(train.encoding)
    expect(fresh.target).toBeUndefined()
    expect(fresh.columns.find((c) => c.name === 'extra')).toMatchObject({ role: 'ignored', note: 'not used by the model' })
    expect(fresh.columns.find((c) => c.name === 'colour')).toMatchObject({ invalidCount: 1, missingCount: 1 })
    expect(fresh.notes).toContain('Column "colour": 1 value(s) are categories the model has not seen and count as missing (first: "purple" in data row 1).')
    expect(fresh.notes).toContain('Column "size": 1 value(s) are categories the model has not seen and count as missing (first: "XL" in data row 3).')
  })

  it('codes labels of new data against the stored classes', () => {
    const fresh = parseTableText('label,colour,size,weight\nno,red,S,1\nmaybe,red,S,1\nyes,red,S,1\n', { tableEncoding: train.encoding })
    expect(fresh.target).toMatchObject({ name: 'label', classes: ['no', 'yes'] })
    expect(Array.from(fresh.target!.codes!)).toEqual([0, -1, 1])
  })

  it('matches numeric categories by value, so 1.0 finds 1', () => {
    const numericCats = parseTableText('grade,score\n1,5\n2,6\n3,7\n', { columnKinds: { grade: 'categorical' } }).encoding
    expect(Array.from(parseTableText('grade,score\n2.0,1\n 3 ,1\n', { tableEncoding: numericCats }).matrix)).toEqual([1, 1, 2, 1])
  })

  it('says which columns the model needs when they are missing', async () => {
    const error = await caught(() => parseTableText('colour,weight\nred,1\n', { tableEncoding: train.encoding, source: 'new.csv' }))
    expect(error).toMatchObject({ code: 'DATA_MISSING_COLUMN', message: 'new.csv: missing column "size"' })
    expect(error.hint).toMatch(/^The model needs: colour, size, weight\./)
  })

  it('encodes records from a form or a JSON request', () => {
    const encoded = encodeRows(train.encoding, [
      { colour: 'green', size: 'L', weight: 3 },
      { colour: ' red ', size: null, weight: '2e0' },
      { colour: 'teal', size: 'M', weight: 'heavy' }
    ])
    expect(encoded).toMatchObject({ rows: 3, featuresPerRow: 3, featureNames: ['colour', 'size', 'weight'], unreadable: { colour: 1, weight: 1 } })
    expect(Array.from(encoded.matrix)).toEqual([1, 0, 3, 2, NaN, 2, NaN, 1, NaN])
    expect(() => encodeRows(train.encoding, [{ colour: 'red' }])).toThrow(/rows have no field "size", "weight"/)
  })

  it('rejects a damaged encoding, naming the field', async () => {
    const damaged = { ...train.encoding, features: [{ name: 'x', kind: 'numeric', fill: null }] }
    expect(await caught(() => readTableEncoding(damaged, 'lw/encoding.json'))).toMatchObject({
      code: 'PACKAGE_INVALID',
      message: 'lw/encoding.json: table encoding has a bad or missing "features[0].fill"'
    })
    expect(() => readTableEncoding({ format: 'other' }, 'e.json')).toThrow(/"format"/)
  })

  it('survives a save and reload through a file', async () => {
    const path = write('train.csv', TRAIN)
    const table = await loadTableFile(path, { target: 'label' })
    const stored: TableEncoding = readTableEncoding(JSON.parse(JSON.stringify(table.encoding)), 'encoding.json')
    const again = await loadTableFile(path, { tableEncoding: stored })
    expect(Array.from(again.matrix)).toEqual(Array.from(table.matrix))
  })
})
