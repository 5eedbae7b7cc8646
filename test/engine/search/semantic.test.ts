import { describe, expect, it } from 'vitest'
import { semanticSearch, type SemanticCandidate } from '../../../src/engine/search/semantic'

function entry(id: string, name: string, description: string, task: 'Classification' | 'Regression', scenarios: string[], originId?: string): SemanticCandidate {
  return { id, originId, name, description, dataType: 'Table', task, library: 'Others', license: 'MIT', scenarios }
}

const dock = [
  entry('lwd-1', 'Breast cancer classifier', 'Logistic regression on Wisconsin diagnostic data', 'Classification', ['Health']),
  entry('lwd-2', 'Wine cultivar classifier', 'Softmax model on wine chemistry', 'Classification', ['Agriculture', 'Nature']),
  entry('lwd-3', 'Diabetes progression', 'Ridge regression of disease progression', 'Regression', ['Health'], '00000042')
]

describe('semantic search (Beimingwu rules)', () => {
  it('filters Class fields by the accepted values and tags by intersection', () => {
    expect(semanticSearch(dock, { tasks: ['Classification'] }).map((m) => m.id)).toEqual(['lwd-1', 'lwd-2'])
    expect(semanticSearch(dock, { scenarios: ['Health', 'Fashion'] }).map((m) => m.id)).toEqual(['lwd-1', 'lwd-3'])
    expect(semanticSearch(dock, { tasks: ['Regression'], scenarios: ['Agriculture'] })).toEqual([])
  })

  it('returns substring matches of name or description first, in dock order', () => {
    expect(semanticSearch(dock, { text: 'REGRESSION' }).map((m) => m.id)).toEqual(['lwd-1', 'lwd-3'])
    expect(semanticSearch(dock, { text: 'wine' })).toEqual([{ id: 'lwd-2', textScore: 100 }])
  })

  it('falls back to a fuzzy match for misspellings, best first', () => {
    const matches = semanticSearch(dock, { text: 'diabetis' })
    expect(matches[0].id).toBe('lwd-3')
    expect(matches[0].textScore).toBeLessThan(100)
    expect(semanticSearch(dock, { text: 'zzzzqqq' })).toEqual([])
  })

  it('matches ids and Beimingwu origin ids by fragment', () => {
    expect(semanticSearch(dock, { id: '0042' }).map((m) => m.id)).toEqual(['lwd-3'])
    expect(semanticSearch(dock, { id: 'lwd-2' }).map((m) => m.id)).toEqual(['lwd-2'])
  })
})
