import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/math/rng'
import { randomMatrix } from '../../helpers/random'
import { createRbfKernelRows, rbfKernelModule } from '../../../src/engine/math/rbfKernel'
import { columnMeans, createF32KernelRows } from '../../../src/engine/math/rbfKernelF32'

/** Plain float64 reference: the formula written out, Math.exp, no blocking. */
function referenceSums(x: Float64Array, rows: number, d: number, z: Float64Array, k: number, gamma: number, from: number, to: number) {
  const s = new Float64Array(k)
  const w = new Float64Array(k * d)
  for (let i = 0; i < k; i++) {
    for (let n = from; n < to; n++) {
      let distance = 0
      for (let f = 0; f < d; f++) distance += (z[i * d + f] - x[n * d + f]) ** 2
      const value = Math.exp(-gamma * distance)
      s[i] += value
      for (let f = 0; f < d; f++) w[i * d + f] += value * x[n * d + f]
    }
  }
  return { s, w }
}


describe('WASM SIMD Gaussian-kernel passes', () => {
  it.each([
    { rows: 1001, d: 7, k: 13, gamma: 0.1 },
    { rows: 64, d: 1, k: 4, gamma: 2 },
    { rows: 3, d: 20, k: 1, gamma: 0.05 },
    { rows: 2048 + 37, d: 33, k: 100, gamma: 0.01 }
  ])('sums agree with the formula ($rows rows, d $d, K $k)', ({ rows, d, k, gamma }) => {
    const x = randomMatrix(rows, d, 1)
    const z = randomMatrix(k, d, 2)
    const kernel = createRbfKernelRows(rbfKernelModule(), x, rows, d)
    const s = new Float64Array(k)
    const w = new Float64Array(k * d)
    kernel.sums(z, k, gamma, 0, rows, true, s, w)
    const expected = referenceSums(x, rows, d, z, k, gamma, 0, rows)
    for (let i = 0; i < k; i++) expect(Math.abs(s[i] - expected.s[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, expected.s[i]))
    for (let j = 0; j < k * d; j++) expect(Math.abs(w[j] - expected.w[j])).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(expected.w[j])))
  })

  it('sums over a row range accumulate into s and w, and chunks add up to the whole', () => {
    const rows = 999
    const d = 5
    const k = 6
    const x = randomMatrix(rows, d, 3)
    const z = randomMatrix(k, d, 4)
    const kernel = createRbfKernelRows(rbfKernelModule(), x, rows, d)
    const parts = { s: new Float64Array(k), w: new Float64Array(k * d) }
    kernel.sums(z, k, 0.3, 0, 400, true, parts.s, parts.w)
    kernel.sums(z, k, 0.3, 400, rows, true, parts.s, parts.w)
    const expected = referenceSums(x, rows, d, z, k, 0.3, 0, rows)
    parts.s.forEach((value, i) => expect(value).toBeCloseTo(expected.s[i], 11))
    const onlyFirst = new Float64Array(k)
    kernel.sums(z, k, 0.3, 0, 400, false, onlyFirst, new Float64Array(0))
    const firstExpected = referenceSums(x, rows, d, z, k, 0.3, 0, 400)
    onlyFirst.forEach((value, i) => expect(value).toBeCloseTo(firstExpected.s[i], 11))
    expect(() => kernel.sums(z, k, 0.3, 2, 400, false, onlyFirst, new Float64Array(0))).toThrow(/multiple of 4/)
  })

  it('kernel values far below exp(−708) are 0 and values near 1 are exact to the last bits', () => {
    const d = 2
    const x = Float64Array.from([0, 0, 30, 0, 1e-9, 0, 100, 100])
    const kernel = createRbfKernelRows(rbfKernelModule(), x, 4, d)
    const out = new Float64Array(4)
    kernel.weightedRows(Float64Array.from([0, 0]), 1, Float64Array.from([1]), 1, out)
    expect(out[0]).toBe(1)
    expect(out[1]).toBe(0) // exp(−900)
    expect(Math.abs(out[2] - Math.exp(-1e-18))).toBeLessThanOrEqual(2e-16)
    expect(out[3]).toBe(0)
    for (const a of [-0.5, -1, -3.3, -20, -100, -700]) {
      kernel.weightedRows(Float64Array.from([Math.sqrt(-a), 0]), 1, Float64Array.from([1]), 1, out)
      expect(Math.abs(out[0] / Math.exp(a) - 1)).toBeLessThanOrEqual(1e-14)
    }
  })

  it('weighted rows agree with the formula', () => {
    const rows = 517
    const d = 10
    const k = 37
    const x = randomMatrix(rows, d, 5)
    const u = randomMatrix(k, d, 6)
    const rng = createRng(7)
    const weights = Float64Array.from({ length: k }, () => rng.next())
    const kernel = createRbfKernelRows(rbfKernelModule(), x, rows, d)
    const out = new Float64Array(rows)
    kernel.weightedRows(u, k, weights, 0.1, out)
    for (let n = 0; n < rows; n++) {
      let expected = 0
      for (let i = 0; i < k; i++) {
        let distance = 0
        for (let f = 0; f < d; f++) distance += (u[i * d + f] - x[n * d + f]) ** 2
        expected += weights[i] * Math.exp(-0.1 * distance)
      }
      expect(Math.abs(out[n] - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, expected))
    }
  })
})

describe('WASM nearest-point assignment', () => {
  it('finds each row\'s nearest point and its squared distance, ties to the lower index', () => {
    const rows = 203
    const d = 6
    const k = 11
    const x = randomMatrix(rows, d, 8)
    const points = randomMatrix(k, d, 9)
    points.set(points.subarray(2 * d, 3 * d), 7 * d) // point 7 duplicates point 2: rows near it must say 2
    const kernel = createRbfKernelRows(rbfKernelModule(), x, rows, d)
    const index = new Int32Array(rows)
    const distance = new Float64Array(rows)
    kernel.nearest(points, k, index, distance)
    let sawTwo = 0
    for (let n = 0; n < rows; n++) {
      const distances = Array.from({ length: k }, (_, i) => {
        let sum = 0
        for (let f = 0; f < d; f++) sum += (points[i * d + f] - x[n * d + f]) ** 2
        return sum
      })
      const best = Math.min(...distances)
      expect(distances[index[n]]).toBeCloseTo(best, 10)
      expect(distance[n]).toBeCloseTo(best, 10)
      expect(index[n]).not.toBe(7)
      if (index[n] === 2) sawTwo++
    }
    expect(sawTwo).toBeGreaterThan(0)
  })
})

describe('float32 search prefilter kernel', () => {
  it('agrees with the float64 pass to ~1e-6 relative, far from the origin too', () => {
    const rows = 1003
    const d = 10
    const k = 37
    const x = randomMatrix(rows, d, 10)
    const u = randomMatrix(k, d, 11)
    for (let j = 0; j < rows * d; j++) x[j] += 300 // data far from the origin: centring must keep precision
    for (let j = 0; j < k * d; j++) u[j] += 300
    const rng = createRng(12)
    const weights = Float64Array.from({ length: k }, () => rng.next())
    const exact = new Float64Array(rows)
    createRbfKernelRows(rbfKernelModule(), x, rows, d).weightedRows(u, k, weights, 0.1, exact)
    const approx = new Float64Array(rows)
    createF32KernelRows(rbfKernelModule(), x, rows, d, columnMeans(x, rows, d)).weightedRows(u, k, weights, 0.1, approx)
    let worst = 0
    for (let n = 0; n < rows; n++) worst = Math.max(worst, Math.abs(approx[n] - exact[n]) / Math.max(1e-3, exact[n]))
    expect(worst).toBeLessThan(2e-5)
    expect(worst).toBeGreaterThan(0) // really float32
  })
})

describe('the assembled kernel', () => {
  it('is up to date with its text source (npm run build:wasm)', async () => {
    const script: string = '../../../scripts/build-wasm.mjs'
    const { generatedModules } = (await import(script)) as { generatedModules: () => Promise<{ path: string; body: string }[]> }
    for (const { path, body } of await generatedModules()) expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run build:wasm`).toBe(body)
  })
})

describe('WASM distances to one point', () => {
  it('gives ‖x_n − c‖² for every row, exactly as the differences give it', () => {
    const rows = 77
    const d = 9
    const x = randomMatrix(rows, d, 13)
    const point = randomMatrix(1, d, 14)
    const out = new Float64Array(rows)
    createRbfKernelRows(rbfKernelModule(), x, rows, d).distancesTo(point, out)
    for (let n = 0; n < rows; n++) {
      let sum = 0
      for (let f = 0; f < d; f++) sum += (x[n * d + f] - point[f]) ** 2
      expect(out[n]).toBe(sum)
    }
  })
})

describe('WASM kernels on overflowing input', () => {
  it('propagate NaN (∞ − ∞ distances) instead of reporting a kernel of 0', () => {
    const huge = Float64Array.from([1e200, 0])
    const out = new Float64Array(1)
    createRbfKernelRows(rbfKernelModule(), huge, 1, 2).weightedRows(huge, 1, Float64Array.of(1), 0.1, out)
    expect(out[0]).toBeNaN()
    createF32KernelRows(rbfKernelModule(), Float64Array.from([Number.NaN, 0]), 1, 2, Float64Array.from([0, 0])).weightedRows(Float64Array.from([0, 0]), 1, Float64Array.of(1), 0.1, out)
    expect(out[0]).toBeNaN()
  })
})
