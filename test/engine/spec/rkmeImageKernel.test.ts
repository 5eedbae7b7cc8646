import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/math/rng'
import { clearImageKernelCaches, imageInnerProduct, imageMmd2, imageMmd2Many, parseRkmeImageSpec, type RkmeImageSpec } from '../../../src/engine/spec/image'
import { nngpGram, nngpWeightedSum } from '../../../src/engine/spec/image/nngpGram'
import { prepareNngpImages } from '../../../src/engine/spec/image/nngpImages'
import { arcCosine } from '../../../src/engine/spec/image/nngpPair'
import { fixturesDir } from '../../helpers/fixtures'

const dir = join(fixturesDir, 'rkme-image')
const names = ['a_tops', 'b_shoes', 'c_tops2'] as const
type Name = (typeof names)[number]
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
  pairs: Record<string, { inner: number; mmd2: number }>
}

function loadSpecs(): Record<Name, RkmeImageSpec> {
  return Object.fromEntries(names.map((n) => [n, parseRkmeImageSpec(JSON.parse(readFileSync(join(dir, `${n}.json`), 'utf8')), `${n}.json`)])) as Record<Name, RkmeImageSpec>
}

const relative = (actual: number, wanted: number): number => Math.abs(actual - wanted) / Math.abs(wanted)

describe('NNGP kernel reproduces Beimingwu (fixtures: 3 specs, every pair)', () => {
  const specs = loadSpecs()

  it('inner products in the reference arithmetic agree to ≤ 1e-9 relative', () => {
    for (const [key, want] of Object.entries(expected.pairs)) {
      const [a, b] = key.split('|') as [Name, Name]
      expect(relative(imageInnerProduct(specs[a], specs[b]), want.inner), key).toBeLessThanOrEqual(1e-9)
    }
  })

  it('MMD² agrees to ≤ 1e-9 relative where the specs share their support, and to ≤ 1e-9 of its terms elsewhere', () => {
    for (const [key, want] of Object.entries(expected.pairs)) {
      const [a, b] = key.split('|') as [Name, Name]
      const mmd2 = imageMmd2(specs[a], specs[b])
      if (a === b) { expect(mmd2, key).toBe(0); continue }
      const scale = imageInnerProduct(specs[a], specs[a]) + imageInnerProduct(specs[b], specs[b])
      expect(Math.abs(mmd2 - want.mmd2) / scale, key).toBeLessThanOrEqual(1e-9)
      // Tops vs tops weighs only Gram entries whose float32 rounding we reproduce bit for bit; shoes vs
      // tops also weighs a few pixels where MKL's float32 arccos rounds differently from the correctly
      // rounded one we use (≈1.5e-10 on an inner product of 0.26).
      const tops = key.includes('a_tops') && key.includes('c_tops2')
      expect(relative(mmd2, want.mmd2), key).toBeLessThan(tops ? 1e-9 : 2e-8)
    }
  })

  it('the exact float64 kernel differs from the reference only by its float32 noise (≤ 2e-6 relative)', () => {
    for (const [key, want] of Object.entries(expected.pairs)) {
      const [a, b] = key.split('|') as [Name, Name]
      expect(relative(imageInnerProduct(specs[a], specs[b], { arithmetic: 'exact' }), want.inner), key).toBeLessThan(2e-6)
    }
  })

  it('two spec objects sharing Z use the cross kernel, as the reference does (its float32 arccos loses ~1e-5 of k(z, z))', () => {
    const copy = { ...specs.a_tops }
    const referenceGap = imageMmd2(specs.a_tops, copy)
    expect(referenceGap).toBeGreaterThan(1e-7)
    expect(referenceGap).toBeLessThan(1e-5)
    expect(Math.abs(imageMmd2(specs.a_tops, copy, { arithmetic: 'exact' }))).toBeLessThan(1e-13)
  })

  it('is symmetric and its Gram matrix is positive semi-definite (exact arithmetic)', () => {
    const set = prepareNngpImages(specs.a_tops.z.subarray(0, 12 * 1024), 12, 1, 'exact')
    const gram = nngpGram(set, set, false)
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) expect(gram[i * 12 + j]).toBeCloseTo(gram[j * 12 + i], 15)
    const rng = createRng(4)
    for (let trial = 0; trial < 20; trial++) {
      const v = Float64Array.from({ length: 12 }, () => rng.normal())
      let quadratic = 0
      for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) quadratic += v[i] * gram[i * 12 + j] * v[j]
      expect(quadratic).toBeGreaterThan(-1e-12)
    }
  })

  it('skipping pairs of negligible weight changes a weighted sum by less than its bound (1e-13)', () => {
    const set = prepareNngpImages(specs.a_tops.z, 50, 1, 'exact')
    const other = prepareNngpImages(specs.b_shoes.z, 50, 1, 'exact')
    const pruned = nngpWeightedSum(set, specs.a_tops.beta, other, specs.b_shoes.beta, false)
    const full = nngpWeightedSum(set, specs.a_tops.beta, other, specs.b_shoes.beta, false, { relativeTolerance: 0 })
    expect(Math.abs(pruned - full) / full).toBeLessThan(1e-13)
  })
})

describe('imageMmd2Many (worker threads)', () => {
  it('gives the same distances, bit for bit, as imageMmd2 one by one, in both arithmetics', async () => {
    for (const arithmetic of ['reference', 'exact'] as const) {
      // Fresh objects and reduced sets, so nothing is cached from the single-threaded run.
      const fresh = (): Record<Name, RkmeImageSpec> => {
        const specs = loadSpecs()
        const rng = createRng(9)
        for (const spec of Object.values(specs)) spec.z = spec.z.map((v) => v + 0.01 * rng.normal())
        return specs
      }
      const one = fresh()
      const many = fresh()
      const single = [one.b_shoes, one.c_tops2].map((spec) => imageMmd2(one.a_tops, spec, { arithmetic }))
      clearImageKernelCaches() // the second set has the same content: make the pool compute every entry again
      const pooled = await imageMmd2Many(many.a_tops, [many.b_shoes, many.c_tops2, many.a_tops], { arithmetic, threads: 2 })
      expect(Array.from(pooled)).toEqual([...single, 0])
    }
  })

  it('specs sharing a Z (as all reference specs do) share one Gram: the same distances as one by one', async () => {
    clearImageKernelCaches()
    const specs = loadSpecs()
    const pooled = await imageMmd2Many(specs.a_tops, [specs.b_shoes, specs.c_tops2, specs.b_shoes], { threads: 2 })
    const fresh = loadSpecs()
    clearImageKernelCaches()
    const single = [fresh.b_shoes, fresh.c_tops2].map((spec) => imageMmd2(fresh.a_tops, spec))
    expect(Array.from(pooled)).toEqual([single[0], single[1], single[0]])
    expect(relative(pooled[1], expected.pairs['a_tops|c_tops2'].mmd2)).toBeLessThan(1e-9)
  })
})

describe('float32 emulation shortcuts equal the directly rounded operations', () => {
  it('fl(√s) and fl(1/fl(√s)) from per-image square roots', () => {
    const fr = Math.fround
    const rng = createRng(1)
    let mismatches = 0
    for (let n = 0; n < 1_000_000; n++) {
      const xx = fr(0.1 + 5 * rng.next())
      const yy = fr(0.1 + 5 * rng.next())
      const product = xx * yy
      const s = fr(product)
      const rootP = Math.sqrt(xx) * Math.sqrt(yy)
      const invP = (1 / Math.sqrt(xx)) * (1 / Math.sqrt(yy))
      const root = fr(rootP + 0.5 * rootP * (s - product) * invP * invP)
      const e = (root - rootP) * invP
      if (root !== fr(Math.sqrt(s)) || fr(invP * (1 - e + e * e)) !== fr(1 / root)) mismatches++
    }
    expect(mismatches).toBe(0)
  })

  it('arcCosine rounded to float32 is the correctly rounded float32 arccos', () => {
    const rng = createRng(2)
    let mismatches = 0
    let worst = 0
    for (let n = 0; n < 1_000_000; n++) {
      const c = Math.fround(n % 2 ? 1 - rng.next() * rng.next() * 1e-3 : 2 * rng.next() - 1)
      if (Math.fround(arcCosine(c)) !== Math.fround(Math.acos(c))) mismatches++
      worst = Math.max(worst, Math.abs(arcCosine(c) - Math.acos(c)))
    }
    expect(mismatches).toBe(0)
    expect(worst).toBeLessThanOrEqual(4.5e-16)
  })
})
