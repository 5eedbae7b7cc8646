import { describe, expect, it } from 'vitest'
import type { TargetColumn } from '../../../src/engine/data'
import { createRng } from '../../../src/engine/math/rng'
import { checkLabelledBudget, maxLabelledRows, rowsWithTarget, splitAt, splitOrders } from '../../../src/engine/reuse/splits'

function classTarget(codes: number[]): TargetColumn {
  const classes = [...new Set(codes.filter((c) => c >= 0))].sort((a, b) => a - b).map(String)
  return { name: 'y', kind: 'categorical', task: 'classification', raw: codes.map(String), classes, codes: Int32Array.from(codes), missingCount: codes.filter((c) => c < 0).length }
}

function imbalancedCodes(): number[] {
  // 300 rows: 60 % class 0, 30 % class 1, 8 % class 2, 2 % class 3 (6 rows), a few missing
  const rng = createRng(4)
  const codes = [...Array(180).fill(0), ...Array(90).fill(1), ...Array(24).fill(2), ...Array(6).fill(3), -1, -1]
  return rng.shuffle(codes)
}

describe('splitOrders', () => {
  it('is reproducible from the seed, differs between repeats and seeds, and repeat r does not depend on the repeat count', () => {
    const target = classTarget(imbalancedCodes())
    const a = splitOrders(target, { repeats: 3, seed: 7 })
    const b = splitOrders(target, { repeats: 5, seed: 7 })
    expect(a.map((o) => Array.from(o))).toEqual(b.slice(0, 3).map((o) => Array.from(o)))
    expect(Array.from(a[0])).not.toEqual(Array.from(a[1]))
    expect(Array.from(splitOrders(target, { repeats: 1, seed: 8 })[0])).not.toEqual(Array.from(a[0]))
  })

  it('orders exactly the rows that have a target', () => {
    const codes = imbalancedCodes()
    const target = classTarget(codes)
    const order = splitOrders(target, { repeats: 1, seed: 0 })[0]
    expect(order.length).toBe(300)
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from(rowsWithTarget(target)))
    expect(order.every((row) => codes[row] >= 0)).toBe(true)
  })

  it('stratifies: every prefix holds each class in proportion (±2 rows) and any budget ≥ 4 sees all 4 classes', () => {
    const codes = imbalancedCodes()
    for (let seed = 0; seed < 10; seed++) {
      const order = splitOrders(classTarget(codes), { repeats: 1, seed })[0]
      const counts = [0, 0, 0, 0]
      order.forEach((row, i) => {
        counts[codes[row]]++
        const n = i + 1
        ;[180, 90, 24, 6].forEach((classRows, k) => expect(Math.abs(counts[k] - (n * classRows) / 300)).toBeLessThanOrEqual(2))
        if (n >= 4) expect(counts.every((c) => c > 0)).toBe(true)
      })
    }
  })

  it('shuffles regression rows, skipping missing targets', () => {
    const values = Float64Array.from({ length: 50 }, (_, i) => (i % 10 === 3 ? NaN : i))
    const target: TargetColumn = { name: 'y', kind: 'numeric', task: 'regression', raw: [], values, missingCount: 5 }
    const [order] = splitOrders(target, { repeats: 1, seed: 1 })
    expect(order.length).toBe(45)
    expect(order.every((row) => Number.isFinite(values[row]))).toBe(true)
    expect(Array.from(order)).not.toEqual([...order].sort((x, y) => x - y))
  })
})

describe('splitAt', () => {
  it('labels a prefix and holds out the rest, or the rows after a shared cut (learning curves)', () => {
    const order = Uint32Array.from([5, 3, 9, 1, 0, 7, 2])
    expect(splitAt(order, 3)).toEqual({ labelled: Uint32Array.from([5, 3, 9]), heldOut: Uint32Array.from([1, 0, 7, 2]) })
    expect(splitAt(order, 2, 5)).toEqual({ labelled: Uint32Array.from([5, 3]), heldOut: Uint32Array.from([7, 2]) })
  })

  it('refuses a budget that leaves too few rows to score, naming the limit', () => {
    expect(maxLabelledRows(171)).toBe(171 - 18)
    expect(maxLabelledRows(60)).toBe(50)
    expect(() => checkLabelledBudget(160, 171, 'user.csv')).toThrow(/user\.csv: 160 labelled rows leave too few/)
    expect(() => checkLabelledBudget(1, 171, 'user.csv')).toThrow(/whole number ≥ 2/)
    expect(() => checkLabelledBudget(100, 171, 'user.csv')).not.toThrow()
  })
})
