import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LearnwareError } from '../../../src/engine/errors'
import { createRng } from '../../../src/engine/math/rng'
import type { ProgressEvent } from '../../../src/engine/progress'
import { effectiveReducedSetSize, fitRkmeTable, prepareRkmeInput } from '../../../src/engine/spec/rkmeFit'
import { pooledKernelPass } from '../../../src/engine/spec/rkmeTableGenerate'
import { generateRkmeTableSpec, herdRkmeTable, mmd2, parseRkmeTableSpec, serializeRkmeTableSpec, type RkmeTableSpec } from '../../../src/engine/spec'
import { readJson, readNumericCsv, rkmeTableFixturesDir } from '../../helpers/fixtures'

const cases = readdirSync(rkmeTableFixturesDir).filter((f) => f.endsWith('.init.json')).map((f) => f.replace('.init.json', ''))

function loadCase(name: string) {
  const table = readNumericCsv(join(rkmeTableFixturesDir, `${name}.csv`))
  const initialZ = Float64Array.from((readJson(join(rkmeTableFixturesDir, `${name}.init.json`)) as number[][]).flat())
  const reference = parseRkmeTableSpec(readJson(join(rkmeTableFixturesDir, `${name}.json`)), `${name}.json`)
  return { table, initialZ, reference }
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0)
}

describe('table RKME agrees with the Beimingwu reference', () => {
  it('has fixture cases to check', () => expect(cases.length).toBeGreaterThanOrEqual(4))

  for (const name of cases) {
    it(`${name}: same spec from the same starting Z (MMD² ≤ 1e-9)`, async () => {
      const { table, initialZ, reference } = loadCase(name)
      const spec = await fitRkmeTable(prepareRkmeInput(table.data, table.rows, table.d), table.rows, table.d, { initialZ })
      expect(spec.k).toBe(reference.k)
      expect(spec.numPoints).toBe(reference.numPoints)
      expect(mmd2(spec, reference)).toBeLessThanOrEqual(1e-9)
      // Iris's kernel matrix is so ill-conditioned that the reference solver's β is not unique to better
      // than ~1e-3 (the objective is flat to 1e-9); Z follows β. Every other case agrees to 1e-6.
      expect(maxAbsDifference(spec.z, reference.z)).toBeLessThanOrEqual(name.startsWith('iris') ? 1e-4 : 1e-6)
    })
  }

  it('follows the reference phase by phase (wine trace: Z and β after every step)', async () => {
    const { table, initialZ } = loadCase('wine_std')
    const trace = (readJson(join(rkmeTableFixturesDir, 'wine_std.trace.json')) as { trace: { phase: string; z?: number[][]; beta?: number[] }[] }).trace
    const zSteps = trace.filter((t) => t.phase === '_update_z')
    const betas = trace.filter((t) => t.phase === '_update_beta')
    for (let steps = 0; steps <= 3; steps++) {
      const spec = await fitRkmeTable(prepareRkmeInput(table.data, table.rows, table.d), table.rows, table.d, { initialZ, steps })
      if (steps > 0) expect(maxAbsDifference(spec.z, Float64Array.from(zSteps[steps - 1].z!.flat()))).toBeLessThan(1e-7)
      expect(maxAbsDifference(spec.beta, Float64Array.from(betas[steps].beta!))).toBeLessThan(1e-5)
    }
  })

  it('from its own seeded k-means start: as close to the reference as the reference is to the data, and closer to the data', async () => {
    for (const name of cases) {
      const { table, reference } = loadCase(name)
      const allRows: RkmeTableSpec = { ...reference, z: prepareRkmeInput(table.data, table.rows, table.d), beta: new Float64Array(table.rows).fill(1 / table.rows), k: table.rows }
      const referenceError = mmd2(reference, allRows)
      for (const seed of [0, 1]) {
        const spec = await generateRkmeTableSpec(table.data, table.rows, table.d, { seed })
        expect(mmd2(spec, reference)).toBeLessThan(1.1 * referenceError)
        expect(mmd2(spec, allRows)).toBeLessThan(referenceError)
      }
    }
  })
})

describe('generateRkmeTableSpec', () => {
  const iris = readNumericCsv(join(rkmeTableFixturesDir, 'iris_std.csv'))

  it('is deterministic for a seed and different across seeds', async () => {
    const a = await generateRkmeTableSpec(iris.data, iris.rows, iris.d, { seed: 7 })
    const b = await generateRkmeTableSpec(iris.data, iris.rows, iris.d, { seed: 7 })
    const c = await generateRkmeTableSpec(iris.data, iris.rows, iris.d, { seed: 8 })
    expect(serializeRkmeTableSpec(a)).toBe(serializeRkmeTableSpec(b))
    expect(serializeRkmeTableSpec(a)).not.toBe(serializeRkmeTableSpec(c))
  })

  it('gives a bit-identical spec whatever the number of threads', async () => {
    const rng = createRng(3)
    const rows = 30_000
    const d = 8
    const x = prepareRkmeInput(Float32Array.from({ length: rows * d }, () => rng.normal()), rows, d)
    const single = serializeRkmeTableSpec(await fitRkmeTable(x, rows, d, { k: 40 }))
    for (const threads of [2, 3]) {
      const pass = pooledKernelPass(x, rows, d, 0.1, threads)
      try {
        expect(serializeRkmeTableSpec(await fitRkmeTable(x, rows, d, { k: 40 }, pass))).toBe(single)
      } finally {
        pass.release()
      }
    }
  })

  it('adjusts K like the reference: K ≥ N → ⌊2N/3⌋, and K·d ≤ 1,310,720', () => {
    expect(effectiveReducedSetSize(100, 150, 4)).toBe(100)
    expect(effectiveReducedSetSize(100, 90, 4)).toBe(60)
    expect(effectiveReducedSetSize(100, 1, 4)).toBe(1)
    expect(effectiveReducedSetSize(100, 1_000_000, 20_000)).toBe(65)
    expect(effectiveReducedSetSize(100, 1_000_000, 100_000)).toBe(20)
  })

  it('replaces NaN and ±Inf by the column mean, after a float32 cast', () => {
    const x = prepareRkmeInput([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 0.1, 4], 3, 2)
    expect(Array.from(x)).toEqual([1, 4, 3, 4, Math.fround(0.1), 4])
  })

  it('names an all-missing column', () => {
    expect(() => prepareRkmeInput([1, Number.NaN, 2, Number.NaN], 2, 2, ['age', 'income'])).toThrowError(/income/)
    try {
      prepareRkmeInput([Number.NaN, Number.NaN], 2, 1)
    } catch (error) {
      expect(error).toBeInstanceOf(LearnwareError)
      expect((error as LearnwareError).code).toBe('DATA_ALL_MISSING_COLUMN')
    }
  })

  it('reports monotone progress that ends at 1', async () => {
    const events: ProgressEvent[] = []
    await generateRkmeTableSpec(iris.data, iris.rows, iris.d, { onProgress: (e) => events.push(e) })
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions.length).toBeGreaterThan(3)
    fractions.forEach((f, i) => i > 0 && expect(f).toBeGreaterThanOrEqual(fractions[i - 1]))
    expect(fractions.at(-1)).toBe(1)
    expect(events.at(-1)?.status).toBe('done')
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(generateRkmeTableSpec(iris.data, iris.rows, iris.d, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

describe('kernel algebra', () => {
  const point = (z: number[][], beta: number[], gamma = 0.1): RkmeTableSpec => ({
    type: 'RKMETableSpecification', z: Float64Array.from(z.flat()), beta: Float64Array.from(beta), k: z.length,
    featuresPerRow: z[0].length, pointShape: [z[0].length], gamma, numPoints: 10
  })

  it('MMD² matches the closed form for two single points and is zero for a spec with itself', () => {
    const a = point([[0, 0]], [1])
    const b = point([[1, 2]], [1])
    expect(mmd2(a, b)).toBeCloseTo(2 - 2 * Math.exp(-0.1 * 5), 14)
    expect(mmd2(a, a)).toBe(0)
    expect(mmd2(a, b)).toBeCloseTo(mmd2(b, a), 14)
  })

  it('refuses to compare specs of different dimension', () => {
    expect(() => mmd2(point([[0, 0]], [1]), point([[0, 0, 0]], [1]))).toThrowError(/different feature counts/)
  })
})

describe('JSON compatible with RKMETableSpecification', () => {
  const reference = loadCase('wine_std').reference

  it('writes the reference keys in order and reads its own output back exactly', () => {
    const text = serializeRkmeTableSpec(reference)
    expect(Object.keys(JSON.parse(text))).toEqual(['z', 'beta', 'gamma', 'num_points', 'type'])
    const back = parseRkmeTableSpec(JSON.parse(text))
    expect(back.z).toEqual(reference.z)
    expect(back.beta).toEqual(reference.beta)
    expect(back.numPoints).toBe(178)
  })

  it('keeps integral floats as floats (1.0, not 1) so numpy reads them as float64', () => {
    const spec = { ...reference, k: 1, z: Float64Array.from([1, 2.5, ...new Array(11).fill(0)]), beta: Float64Array.of(1) }
    expect(serializeRkmeTableSpec(spec)).toMatch(/^\{"z":\[\[1\.0,2\.5,0\.0,/)
    expect(serializeRkmeTableSpec(spec)).toContain('"beta":[1.0]')
  })

  it('accepts the legacy RKMEStatSpecification type', () => {
    const legacy = { ...(JSON.parse(serializeRkmeTableSpec(reference)) as object), type: 'RKMEStatSpecification' }
    expect(parseRkmeTableSpec(legacy).type).toBe('RKMETableSpecification')
  })

  it('names the field that is wrong', () => {
    const good = JSON.parse(serializeRkmeTableSpec(reference)) as Record<string, unknown>
    expect(() => parseRkmeTableSpec({ ...good, type: 'RKMEImageSpecification' }, 'a.json')).toThrowError(/a\.json: field "type"/)
    expect(() => parseRkmeTableSpec({ ...good, beta: [1] }, 'a.json')).toThrowError(/field "beta"/)
    expect(() => parseRkmeTableSpec({ ...good, z: [[1, 'x']] }, 'a.json')).toThrowError(/field "z\[0\]"/)
    expect(() => parseRkmeTableSpec({ ...good, gamma: -1 }, 'a.json')).toThrowError(/field "gamma"/)
  })
})

describe('herding', () => {
  it('draws samples whose own spec is close to the source spec', async () => {
    const { reference } = loadCase('wine_std')
    const samples = herdRkmeTable(reference, 200, { seed: 1 })
    expect(samples.length).toBe(200 * 13)
    const spec = await generateRkmeTableSpec(samples, 200, 13, { threads: 1 })
    const far = await generateRkmeTableSpec(samples.map((v) => v + 3), 200, 13, { threads: 1 })
    expect(mmd2(spec, reference)).toBeLessThan(0.2 * mmd2(far, reference))
  })

  it('herds the same rows as the plain algorithm (one candidate at a time, every kernel from scratch)', () => {
    const rng = createRng(11)
    const k = 6
    const d = 37
    const spec = {
      ...loadCase('wine_std').reference, k, featuresPerRow: d, gamma: 0.05,
      z: Float64Array.from({ length: k * d }, () => rng.normal()), beta: Float64Array.from([0.3, 0.1, 0.25, 0.05, 0.2, 0.1])
    }
    const plain = (samples: number, perSample: number, seed: number): Float64Array => {
      const draw = createRng(seed)
      const count = samples * perSample
      const cumulative: number[] = []
      let total = 0
      for (let j = 0; j < k; j++) { total += spec.beta[j]; cumulative.push(total) }
      const candidates = new Float64Array(count * d)
      for (let c = 0; c < count; c++) {
        const target = draw.next() * total
        let source = 0
        while (source < k - 1 && cumulative[source] <= target) source++
        for (let f = 0; f < d; f++) candidates[c * d + f] = spec.z[source * d + f] + 0.25 * draw.normal()
      }
      const kernel = (a: Float64Array, i: number, b: Float64Array, j: number) => {
        let distance = 0
        for (let f = 0; f < d; f++) distance += (a[i * d + f] - b[j * d + f]) ** 2
        return Math.exp(-spec.gamma * distance)
      }
      const attraction = Array.from({ length: count }, (_, c) => { let sum = 0; for (let j = 0; j < k; j++) sum += spec.beta[j] * kernel(spec.z, j, candidates, c); return sum })
      const repulsion = new Float64Array(count)
      const chosen = new Float64Array(samples * d)
      for (let t = 0; t < samples; t++) {
        let best = 0
        for (let c = 1; c < count; c++) if ((t + 1) * attraction[c] - repulsion[c] > (t + 1) * attraction[best] - repulsion[best]) best = c
        chosen.set(candidates.subarray(best * d, best * d + d), t * d)
        for (let c = 0; c < count; c++) repulsion[c] += kernel(candidates, best, candidates, c)
      }
      return chosen
    }
    expect(herdRkmeTable(spec, 7, { seed: 3, candidatesPerSample: 3 })).toEqual(plain(7, 3, 3))
    expect(herdRkmeTable(spec, 12, { seed: 4, candidatesPerSample: 20 })).toEqual(plain(12, 20, 4))
  })
})
