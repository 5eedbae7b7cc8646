import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { previewTableFile } from '../../../src/engine/data'
import { caught, tabularFixtures, useTempTables } from './tempTables'

describe('previewTableFile', () => {
  const write = useTempTables()

  it('shows the first rows of a real file with the detected settings', async () => {
    const preview = await previewTableFile(join(tabularFixtures, 'iris.csv'), { rows: 3 })
    expect(preview.rows).toEqual([
      ['5.1', '3.5', '1.4', '0.2', '0'],
      ['4.9', '3.0', '1.4', '0.2', '0'],
      ['4.7', '3.2', '1.3', '0.2', '0']
    ])
    expect(preview.columns[0]).toEqual({ name: 'sepal_length_cm', kind: 'numeric' })
    expect(preview.format).toMatchObject({ delimiter: ',', hasHeader: true, textEncoding: 'utf-8' })
    expect(preview).toMatchObject({ source: 'iris.csv', truncated: true, fileBytes: 2920 })
  })

  it('reads only the start of a large file', async () => {
    const lines = ['a;b;c', ...Array.from({ length: 200_000 }, (_, i) => `${i};x${i % 4};${i / 2}`)]
    const preview = await previewTableFile(write('large.csv', lines.join('\n')), { rows: 5 })
    expect(preview.rows).toHaveLength(5)
    expect(preview.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical', 'numeric'])
    expect(preview.format.delimiter).toBe(';')
    expect(preview.truncated).toBe(true)
  })

  it('applies overrides and says the whole file was read when it is short', async () => {
    const preview = await previewTableFile(write('short.csv', 'x|y\n1|2\n'), { hasHeader: false })
    expect(preview.rows).toEqual([
      ['x', 'y'],
      ['1', '2']
    ])
    expect(preview.columns.map((c) => c.name)).toEqual(['column_1', 'column_2'])
    expect(preview.truncated).toBe(false)
    expect(preview.format.detected).toEqual({ delimiter: true, hasHeader: false, textEncoding: true })
  })

  it('reports a missing file like the loader does', async () => {
    expect(await caught(() => previewTableFile('/nowhere/x.csv'))).toMatchObject({ code: 'IO_NOT_FOUND' })
  })
})
