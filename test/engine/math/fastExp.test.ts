import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createFastExp } from '../../../src/engine/math/fastExp'

describe('createFastExp', () => {
  const exp = createFastExp()

  it('matches Math.exp to 4e-15 relative error wherever the result is a normal double', () => {
    fc.assert(fc.property(fc.double({ min: -700, max: 0, noNaN: true }), (x) => {
      const expected = Math.exp(x)
      expect(Math.abs(exp(x) - expected)).toBeLessThanOrEqual(4e-15 * expected)
    }), { numRuns: 20_000 })
  })

  it('handles the edges: 0, underflow, positive and NaN arguments', () => {
    expect(exp(0)).toBe(1)
    expect(exp(-800)).toBe(0)
    expect(exp(-Infinity)).toBe(0)
    expect(exp(1.5)).toBe(Math.exp(1.5))
    expect(exp(Number.NaN)).toBeNaN()
  })
})
