import { describe, expect, it } from 'vitest'
import { NO_FILTERS, toSemanticFilters } from '../../src/renderer/src/stores/semanticFilters'

describe('semantic filters sent to the engine', () => {
  it('sends nothing for empty filters, so the dock lists everything', () => {
    expect(toSemanticFilters(NO_FILTERS)).toEqual({})
  })

  it('sends only what is set, with the text trimmed', () => {
    expect(toSemanticFilters({ ...NO_FILTERS, text: '  wine ', tasks: ['Classification'], scenarios: ['Nature', 'Health'] })).toEqual({
      text: 'wine',
      tasks: ['Classification'],
      scenarios: ['Nature', 'Health']
    })
    expect(toSemanticFilters({ ...NO_FILTERS, text: '   ' })).toEqual({})
  })
})
