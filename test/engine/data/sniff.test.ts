import { describe, expect, it } from 'vitest'
import { decodeTableBytes, detectTextEncoding } from '../../../src/engine/data/charset'
import { categoricalLimit, inferColumnKind } from '../../../src/engine/data/columnTypes'
import { sniffDelimiter, sniffDialect, sniffHeader, sniffNewline } from '../../../src/engine/data/sniff'

const rows = (text: string) => text.split('\n').map((line) => line.split(','))

describe('sniffNewline', () => {
  it('finds LF, CRLF and old-Mac CR endings', () => {
    expect(sniffNewline('a,b\n1,2\n')).toBe('\n')
    expect(sniffNewline('a,b\r\n1,2\r\n')).toBe('\r\n')
    expect(sniffNewline('a,b\r1,2\r')).toBe('\r')
    expect(sniffNewline('a,b')).toBe('\n')
  })
})

describe('sniffDelimiter', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1;2;3\n4;5;6\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n'],
    ['|', 'a|b|c\n1|2|3\n4|5|6\n']
  ])('detects %j', (delimiter, text) => {
    expect(sniffDelimiter(text, '\n')).toBe(delimiter)
  })

  it('is not fooled by delimiters inside quoted fields', () => {
    const text = 'name;comment\n"Smith, J";"likes a, b, c"\n"Doe, A";"x, y"\n'
    expect(sniffDelimiter(text, '\n')).toBe(';')
  })

  it('tells semicolons with decimal commas from commas when the header shows it', () => {
    expect(sniffDelimiter('height;weight\n1,75;70,5\n1,62;55,0\n', '\n')).toBe(';')
  })

  it('prefers tabs over commas that only appear in free text', () => {
    expect(sniffDelimiter('id\treview\n1\tgood, cheap, fast\n2\tslow\n', '\n')).toBe('\t')
  })

  it('falls back to comma for a single column', () => {
    expect(sniffDelimiter('value\n1\n2\n', '\n')).toBe(',')
  })

  it('keeps a delimiter the caller forces', () => {
    expect(sniffDialect('a,b\n1,2\n', '|')).toEqual({ delimiter: '|', newline: '\n', detectedDelimiter: false })
  })
})

describe('sniffHeader', () => {
  it('sees a header above numeric columns', () => {
    expect(sniffHeader(['x', 'y'], rows('1,2\n3,4'))).toBe(true)
  })

  it('sees no header when the first row is numbers like the rest', () => {
    expect(sniffHeader(['5.1', '3.5'], rows('4.9,3.0\n4.7,3.2'))).toBe(false)
  })

  it('ignores an empty corner cell (pandas index) and missing markers in the body', () => {
    expect(sniffHeader(['', 'a'], rows('0,1.5\n1,NA'))).toBe(true)
  })

  it('reads all-categorical data by whether first-row values recur below', () => {
    expect(sniffHeader(['colour', 'size'], rows('red,small\nblue,large\nred,large'))).toBe(true)
    expect(sniffHeader(['red', 'small'], rows('blue,large\nred,large'))).toBe(false)
  })

  it('calls a lone row of words a header and a lone row of numbers data', () => {
    expect(sniffHeader(['a', 'b'], [])).toBe(true)
    expect(sniffHeader(['1', '2'], [])).toBe(false)
  })
})

describe('text encoding', () => {
  const utf8 = new TextEncoder().encode('name,city\nJosé,Zürich\n')

  it('detects UTF-8 and strips its BOM', () => {
    expect(detectTextEncoding(utf8)).toEqual({ textEncoding: 'utf-8', byteOrderMark: false })
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])
    expect(decodeTableBytes(withBom)).toEqual({ text: 'name,city\nJosé,Zürich\n', textEncoding: 'utf-8', byteOrderMark: true })
  })

  it('detects UTF-16 LE and BE by BOM', () => {
    const text = 'a,b\n1,é\n'
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')])
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()])
    expect(decodeTableBytes(le)).toMatchObject({ text, textEncoding: 'utf-16le', byteOrderMark: true })
    expect(decodeTableBytes(be)).toMatchObject({ text, textEncoding: 'utf-16be', byteOrderMark: true })
  })

  it('recognises UTF-16 LE without a BOM by its zero bytes', () => {
    expect(detectTextEncoding(Buffer.from('a,b\n1,2\n3,4\n', 'utf16le')).textEncoding).toBe('utf-16le')
  })

  it('falls back to latin1 when the bytes are not UTF-8', () => {
    const latin1 = Buffer.from('name,city\nJosé,Zürich\n', 'latin1')
    expect(decodeTableBytes(latin1)).toEqual({ text: 'name,city\nJosé,Zürich\n', textEncoding: 'latin1', byteOrderMark: false })
  })
})

describe('inferColumnKind', () => {
  const column = (...cells: string[]) => cells.map((cell) => [cell])

  it('calls numbers with missing markers and infinities numeric', () => {
    expect(inferColumnKind(column('1', 'NA', ' 2e3 ', '?', '-inf', ''), 0)).toBe('numeric')
  })

  it('calls a few repeated labels categorical', () => {
    expect(inferColumnKind(column('red', 'blue', 'red', 'N/A', '3'), 0)).toBe('categorical')
  })

  it('calls many distinct values text', () => {
    const cells = Array.from({ length: 100 }, (_, i) => `customer ${i}`)
    expect(inferColumnKind(column(...cells), 0)).toBe('text')
  })

  it('calls long sentences text even when they are few', () => {
    const sentence = 'This product arrived late and the box was damaged, but it works fine.'
    expect(inferColumnKind(column(sentence, sentence + ' Really.'), 0)).toBe('text')
  })

  it('calls a column with only missing markers empty', () => {
    expect(inferColumnKind(column('', 'NA', 'null'), 0)).toBe('empty')
  })

  it('allows max(20, 5 %) categories', () => {
    expect(categoricalLimit(100)).toBe(20)
    expect(categoricalLimit(10_000)).toBe(500)
  })
})
