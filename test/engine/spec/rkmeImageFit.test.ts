import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { readIdxImages, type ImageBatch } from '../../../src/engine/data/images'
import { LearnwareError } from '../../../src/engine/errors'
import { createRng } from '../../../src/engine/math/rng'
import type { ProgressEvent } from '../../../src/engine/progress'
import { generateRkmeImageSpec, parseRkmeImageSpec, preprocessImages, serializeRkmeImageSpec } from '../../../src/engine/spec/image'
import { addDiagonalGradient, backpropagateVariance, createGradientWork, createImageGradients, nngpPairGradient } from '../../../src/engine/spec/image/nngpGradient'
import { prepareNngpImages } from '../../../src/engine/spec/image/nngpImages'
import { createNngpScratch, nngpPairExact } from '../../../src/engine/spec/image/nngpPair'
import { zcaWhiten } from '../../../src/engine/spec/image/imageWhitening'
import { fitRkmeImage } from '../../../src/engine/spec/image/rkmeImageFit'
import { fixturesDir } from '../../helpers/fixtures'

const trainPath = join(fixturesDir, 'images', 'fashion-mnist-train-300-images-idx3-ubyte.gz')

/** Exact-NNGP MMD² between a fitted (z, β) and the equally weighted data. */
function mmd2ToData(z: ArrayLike<number>, beta: Float64Array, k: number, data: ImageBatch): number {
  const zSet = prepareNngpImages(z, k, data.channels, 'exact')
  const xSet = prepareNngpImages(data.data, data.count, data.channels, 'exact')
  const scratch = createNngpScratch()
  let zz = 0
  let zx = 0
  let xx = 0
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) zz += beta[i] * beta[j] * (i === j ? zSet.selfKernel[i] : nngpPairExact(zSet, i, zSet, j, data.channels, scratch))
    for (let n = 0; n < data.count; n++) zx += (beta[i] * nngpPairExact(zSet, i, xSet, n, data.channels, scratch)) / data.count
  }
  for (let n = 0; n < data.count; n++) {
    xx += xSet.selfKernel[n]
    for (let m = n + 1; m < data.count; m++) xx += 2 * nngpPairExact(xSet, n, xSet, m, data.channels, scratch)
  }
  return zz - 2 * zx + xx / (data.count * data.count)
}

describe('NNGP kernel gradient', () => {
  for (const channels of [1, 3]) {
    it(`matches central finite differences (${channels} channel${channels > 1 ? 's' : ''}; pair, Z–Z pair and diagonal terms)`, () => {
      const rng = createRng(channels)
      const z = Float64Array.from({ length: 2 * channels * 1024 }, () => rng.normal())
      const x = Float64Array.from({ length: channels * 1024 }, () => rng.normal())
      const objective = (zz: Float64Array): number => {
        const zSet = prepareNngpImages(zz, 2, channels, 'exact')
        const xSet = prepareNngpImages(x, 1, channels, 'exact')
        const scratch = createNngpScratch()
        return 0.7 * nngpPairExact(zSet, 0, xSet, 0, channels, scratch) + 0.3 * nngpPairExact(zSet, 0, zSet, 1, channels, scratch) + 0.5 * zSet.selfKernel[1]
      }
      const zSet = prepareNngpImages(z, 2, channels, 'exact')
      const xSet = prepareNngpImages(x, 1, channels, 'exact')
      const grads = createImageGradients(2, channels)
      const work = createGradientWork()
      nngpPairGradient(zSet, 0, xSet, 0, 0.7, grads, 0, null, 0, work)
      nngpPairGradient(zSet, 0, zSet, 1, 0.3, grads, 0, grads, 1, work)
      addDiagonalGradient(0.5, grads, 1)
      backpropagateVariance(zSet, 0, grads, 0, work)
      backpropagateVariance(zSet, 1, grads, 1, work)
      for (let trial = 0; trial < 10; trial++) {
        const p = rng.int(z.length)
        const h = 1e-5
        const plus = z.slice()
        const minus = z.slice()
        plus[p] += h
        minus[p] -= h
        const numeric = (objective(plus) - objective(minus)) / (2 * h)
        expect(Math.abs(numeric - grads.pixels[p])).toBeLessThan(1e-5 * Math.abs(numeric) + 1e-11)
      }
    })
  }
})

describe('fitting the reduced set', () => {
  let images: ImageBatch
  let ready: ImageBatch
  beforeAll(async () => {
    images = await readIdxImages(trainPath, { limit: 150 })
    ready = preprocessImages(images)
  })

  it('moves Z: several times lower exact-NNGP MMD² to the data than the reference\'s fixed noise Z', async () => {
    const noise = await fitRkmeImage(ready, { k: 16, steps: 0, seed: 0 })
    const fitted = await fitRkmeImage(ready, { k: 16, steps: 30, seed: 0 })
    const before = mmd2ToData(noise.z, noise.beta, 16, ready)
    const after = mmd2ToData(fitted.z, fitted.beta, 16, ready)
    expect(after).toBeLessThan(before / 3)
  })

  it('is deterministic for a seed, with β on the simplex and float32 Z', async () => {
    const a = await generateRkmeImageSpec(images, { k: 8, steps: 5, seed: 7 })
    const b = await generateRkmeImageSpec(images, { k: 8, steps: 5, seed: 7 })
    expect(a.z).toBeInstanceOf(Float32Array)
    expect(a.z.length).toBe(8 * 1024)
    expect(Array.from(a.z)).toEqual(Array.from(b.z))
    expect(Array.from(a.beta)).toEqual(Array.from(b.beta))
    expect(a.beta.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12)
    expect(Math.min(...a.beta)).toBeGreaterThanOrEqual(0)
    const c = await generateRkmeImageSpec(images, { k: 8, steps: 5, seed: 8 })
    expect(Array.from(c.z)).not.toEqual(Array.from(a.z))
  })

  it('keeps training images out of the spec: no reduced-set image is as close to a training image as training images are to each other', async () => {
    const fitted = await fitRkmeImage(ready, { k: 16, steps: 40, seed: 0 })
    const cosine = (a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number): number => {
      let ab = 0
      let aa = 0
      let bb = 0
      for (let p = 0; p < 1024; p++) { ab += a[ao + p] * b[bo + p]; aa += a[ao + p] ** 2; bb += b[bo + p] ** 2 }
      return ab / Math.sqrt(aa * bb)
    }
    const nearest = (source: ArrayLike<number>, offset: number, skip: number): number => {
      let best = -1
      for (let n = 0; n < ready.count; n++) if (n !== skip) best = Math.max(best, cosine(source, offset, ready.data, n * 1024))
      return best
    }
    const imageToImage = Array.from({ length: 40 }, (_, n) => nearest(ready.data, n * 1024, n)).sort((a, b) => a - b)
    const median = imageToImage[20]
    for (let i = 0; i < 16; i++) expect(nearest(fitted.z, i * 1024, -1)).toBeLessThan(median)
  })

  it('reports monotone progress ending at 1 and stops when cancelled', async () => {
    const events: ProgressEvent[] = []
    await generateRkmeImageSpec(images, { k: 4, steps: 3, onProgress: (e) => events.push(e) })
    expect(events[0]).toEqual({ status: 'start', task: 'rkme-image' })
    expect(events.at(-1)).toEqual({ status: 'done', task: 'rkme-image' })
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1])
    expect(fractions.at(-1)).toBe(1)

    const controller = new AbortController()
    const run = generateRkmeImageSpec(images, { k: 4, steps: 50, signal: controller.signal, onProgress: () => controller.abort() })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('writes a spec that reads back identically', async () => {
    const spec = await generateRkmeImageSpec(images, { k: 6, steps: 3, seed: 1 })
    const text = serializeRkmeImageSpec(spec)
    const back = parseRkmeImageSpec(JSON.parse(text))
    expect(Array.from(back.z)).toEqual(Array.from(spec.z))
    expect(Array.from(back.beta)).toEqual(Array.from(spec.beta))
    expect(serializeRkmeImageSpec(back)).toBe(text)
  })
})

describe('preprocessing like the reference', () => {
  const batch = (count: number, channels: number, side: number, seed: number): ImageBatch => {
    const rng = createRng(seed)
    return { data: Float32Array.from({ length: count * channels * side * side }, () => 100 + 40 * rng.normal()), count, channels, height: side, width: side }
  }

  it('standardises each channel over all images and pixels (unbiased std) and resizes to 32 × 32', () => {
    const out = preprocessImages(batch(6, 1, 28, 1))
    expect([out.height, out.width]).toEqual([32, 32])
    const mean = out.data.reduce((s, v) => s + v, 0) / out.data.length
    const variance = out.data.reduce((s, v) => s + (v - mean) ** 2, 0) / (out.data.length - 1)
    expect(mean).toBeCloseTo(0, 5)
    expect(variance).toBeCloseTo(1, 5)
  })

  it('replaces NaN/Inf by the image mean, rejects an image with nothing finite, and respects resize: false', () => {
    const input = batch(2, 1, 32, 2)
    input.data[5] = Number.NaN
    input.data[9] = Number.POSITIVE_INFINITY
    expect(preprocessImages(input).data.every(Number.isFinite)).toBe(true)
    const dead = batch(2, 1, 32, 3)
    dead.data.fill(Number.NaN, 1024, 2048)
    expect(() => preprocessImages(dead)).toThrow(/All values in image 1/)
    expect(() => preprocessImages(batch(2, 1, 28, 4), { resize: false })).toThrow(LearnwareError)
  })

  it('ZCA-whitens colour images: the whitened Gram matrix is G(G + λI)⁻¹ and a sample estimate whitens its own rows the same way', async () => {
    const colour = batch(24, 3, 32, 5)
    const standard = preprocessImages(colour, { whitening: false })
    const white = preprocessImages(colour)
    const d = 3 * 1024
    const n = 24
    const gram = (x: Float32Array): Matrix => {
      const g = new Matrix(n, n)
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
        let s = 0
        for (let f = 0; f < d; f++) s += x[a * d + f] * x[b * d + f]
        g.set(a, b, s / n)
      }
      return g
    }
    const g = gram(standard.data)
    const lambda = (0.1 * g.trace()) / d
    const eigen = new EigenvalueDecomposition(g, { assumeSymmetric: true })
    const u = eigen.eigenvectorMatrix
    const expected = u.mmul(Matrix.diag(eigen.realEigenvalues.map((m) => m / (m + lambda)))).mmul(u.transpose())
    const actual = gram(white.data)
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(actual.get(a, b)).toBeCloseTo(expected.get(a, b), 4)

    // With a 10-image sample, the sample's own rows come out as if only they had been whitened.
    const sampled = zcaWhiten(standard, { sample: 10, seed: 3 })
    const rows = createRng(3).shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, 10).sort((a, b) => a - b)
    const alone = zcaWhiten({ ...standard, count: 10, data: Float32Array.from(rows.flatMap((r) => Array.from(standard.data.subarray(r * d, (r + 1) * d)))) })
    rows.forEach((r, s) => {
      for (let f = 0; f < d; f += 97) expect(sampled.data[r * d + f]).toBeCloseTo(alone.data[s * d + f], 3)
    })
  })
})
