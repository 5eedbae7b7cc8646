import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/math/rng'
import { parseRkmeImageSpec } from '../../../src/engine/spec/image'
import { prepareNngpImages } from '../../../src/engine/spec/image/nngpImages'
import { arcCosineE, arcCosineH, createNngpScratch, nngpPairExact } from '../../../src/engine/spec/image/nngpPair'
import { createNngpWasmKernel, nngpKernelModule } from '../../../src/engine/spec/image/nngpWasm'
import { fixturesDir } from '../../helpers/fixtures'

const fixture = (name: string) => parseRkmeImageSpec(JSON.parse(readFileSync(join(fixturesDir, 'rkme-image', `${name}.json`), 'utf8')), name)

describe('NNGP pair kernel in WASM SIMD', () => {
  it('is bit-identical to the float64 JavaScript pair on the reference specs\' images', () => {
    const a = prepareNngpImages(fixture('a_tops').z, 50, 1, 'exact')
    const b = prepareNngpImages(fixture('b_shoes').z, 50, 1, 'exact')
    const kernel = createNngpWasmKernel(nngpKernelModule())
    const scratch = createNngpScratch()
    for (let i = 0; i < 50; i += 3) {
      for (let j = 0; j < 50; j += 7) expect(kernel.pair(a, i, b, j)).toBe(nngpPairExact(a, i, b, j, 1, scratch))
      expect(kernel.pair(a, i, a, (i + 1) % 50)).toBe(nngpPairExact(a, i, a, (i + 1) % 50, 1, scratch))
    }
  })

  it('is bit-identical for colour images, including correlations at ±1 and of both signs', () => {
    const rng = createRng(4)
    const count = 6
    const pixels = Float64Array.from({ length: count * 3 * 1024 }, () => rng.normal())
    pixels.set(pixels.subarray(0, 3 * 1024), 3 * 3 * 1024) // image 3 = image 0: c reaches 1
    for (let p = 0; p < 3 * 1024; p++) pixels[4 * 3 * 1024 + p] = -pixels[p] // image 4 = −image 0: negative c
    const set = prepareNngpImages(pixels, count, 3, 'exact')
    const kernel = createNngpWasmKernel(nngpKernelModule())
    const scratch = createNngpScratch()
    for (let i = 0; i < count; i++) for (let j = 0; j < count; j++) expect(kernel.pair(set, i, set, j)).toBe(nngpPairExact(set, i, set, j, 3, scratch))
  })
})

describe('arc-cosine ReLU polynomials (scripts/fit-arc-cosine.py)', () => {
  /** J(c) = sin θ + (π − θ)·c from Math.acos: a few ulp, enough to catch a wrong coefficient. */
  const direct = (c: number) => Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c
  const byPolynomials = (c: number) => {
    if (Math.abs(c) < 0.5) return 0.5 * Math.PI * c + arcCosineE(c * c)
    const z = (1 - Math.abs(c)) * 0.5
    return (c > 0 ? Math.PI * c : 0) + Math.sqrt(z) * z * arcCosineH(z)
  }

  it('give J(c) to within a few float64 ulp over (−1, 1), on both sides of ±½', () => {
    let worst = 0
    for (let k = -99999; k <= 99999; k++) {
      const c = k / 100000
      worst = Math.max(worst, Math.abs(byPolynomials(c) - direct(c)))
    }
    for (const c of [-0.5, 0.5, 0.49999999999999994, -0.49999999999999994]) worst = Math.max(worst, Math.abs(byPolynomials(c) - direct(c)))
    expect(worst).toBeLessThan(3e-15)
    expect(byPolynomials(0)).toBeCloseTo(1, 15)
  })
})
