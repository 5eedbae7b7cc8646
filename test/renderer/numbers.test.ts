import { describe, expect, it } from 'vitest'
import { delimiterName, formatBytes, formatMetric, formatMmd2, formatPercent, listSome, plural } from '../../src/renderer/src/format/numbers'

describe('renderer number formatting', () => {
  it('shows scores as whole percentages and missing values as a dash', () => {
    expect(formatPercent(0.8734)).toBe('87%')
    expect(formatPercent(1)).toBe('100%')
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(Number.NaN)).toBe('—')
  })

  it('keeps three significant digits of small MMD² values so close learnwares stay distinguishable', () => {
    expect(formatMmd2(0.0001234)).toBe('0.000123')
    expect(formatMmd2(0.25)).toBe('0.2500')
    expect(formatMmd2(0)).toBe('0')
  })

  it('formats metrics, sizes and counts for people', () => {
    expect(formatMetric(0.91234)).toBe('0.912')
    expect(formatMetric(2934.7)).toBe('2,935')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MB')
    expect(plural(1, 'row')).toBe('1 row')
    expect(plural(1200, 'row')).toBe('1,200 rows')
  })

  it('shortens long column lists and names delimiters in words', () => {
    expect(listSome(['a', 'b'])).toBe('a, b')
    expect(listSome(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c, d and 2 more')
    expect(listSome([])).toBe('none')
    expect(delimiterName('\t')).toBe('tab')
    expect(delimiterName(';')).toBe('semicolon (;)')
  })
})
