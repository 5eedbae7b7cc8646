import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LearnwareError } from '../../../src/engine/errors'
import { parseRkmeImageSpec, pythonFloatRepr, serializeRkmeImageSpec } from '../../../src/engine/spec/image'
import { fixturesDir } from '../../helpers/fixtures'

const dir = join(fixturesDir, 'rkme-image')

describe('RKMEImageSpecification JSON', () => {
  for (const name of ['a_tops', 'b_shoes', 'c_tops2']) {
    it(`${name}: a file the reference wrote serialises back byte for byte`, () => {
      const text = readFileSync(join(dir, `${name}.json`), 'utf8')
      const spec = parseRkmeImageSpec(JSON.parse(text), `${name}.json`)
      expect(spec.k).toBe(50)
      expect(spec.channels).toBe(1)
      expect(spec.z).toBeInstanceOf(Float32Array)
      expect(spec.nModels).toBe(16)
      expect(spec.modelConfig).toEqual({ k: 2, mu: 0, sigma: null, net_width: 128, net_depth: 3 })
      expect(serializeRkmeImageSpec(spec)).toBe(text)
    })
  }

  it('writes keys in the reference order, ints as ints and msg with Python escaping', () => {
    const spec = parseRkmeImageSpec(JSON.parse(readFileSync(join(dir, 'a_tops.json'), 'utf8')))
    const text = serializeRkmeImageSpec({ ...spec, msg: 'Bekleidung – grau ✓' })
    expect(Object.keys(JSON.parse(text))).toEqual(['RKME_IMAGE_VERSION', 'msg', 'z', 'beta', 'n_models', 'model_config', 'type'])
    expect(text).toContain('"msg":"Bekleidung \\u2013 grau \\u2713"')
    expect(text.startsWith('{"RKME_IMAGE_VERSION":1,')).toBe(true)
  })

  it('formats floats exactly like Python repr', () => {
    const cases: [number, string][] = [
      [0, '0.0'], [-0, '-0.0'], [1, '1.0'], [-2, '-2.0'], [0.1, '0.1'], [1e-5, '1e-05'], [1.5e-5, '1.5e-05'],
      [0.0001, '0.0001'], [0.00012345, '0.00012345'], [123456789012345, '123456789012345.0'],
      [1234567890123456, '1234567890123456.0'], [1e16, '1e+16'], [1.2345678901234568e16, '1.2345678901234568e+16'],
      [1e22, '1e+22'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
      [-3.4028234663852886e38, '-3.4028234663852886e+38'], [0.30000000000000004, '0.30000000000000004'], [100, '100.0'],
      [1e-7, '1e-07'], [6.684929448793754e-10, '6.684929448793754e-10'], [2.5e-5, '2.5e-05']
    ]
    for (const [value, python] of cases) expect(pythonFloatRepr(value), String(value)).toBe(python)
  })

  it('names the field that is wrong', () => {
    const good = JSON.parse(readFileSync(join(dir, 'b_shoes.json'), 'utf8')) as Record<string, unknown>
    const attempt = (patch: Record<string, unknown>): LearnwareError => {
      try { parseRkmeImageSpec({ ...good, ...patch }, 'spec.json') } catch (error) { return error as LearnwareError }
      throw new Error('accepted a bad spec')
    }
    expect(attempt({ type: 'RKMETableSpecification' }).message).toMatch(/spec\.json: field "type"/)
    expect(attempt({ beta: [1] }).message).toMatch(/field "beta" must be an array of 50 numbers/)
    expect(attempt({ z: [[Array.from({ length: 28 }, () => new Array(28).fill(0))]] }).message).toMatch(/field "z\[0\]\[0\]" must be 32 rows/)
    expect(attempt({ model_config: { net_depth: 4 } }).message).toMatch(/net_depth/)
    const nan = structuredClone(good) as { z: number[][][][] }
    nan.z[3][0][5][7] = Number.NaN
    expect(attempt(nan).message).toMatch(/z\[3\]\[0\]\[5\]\[7\]/)
    expect(attempt({ z: [] }).code).toBe('SPEC_BAD_FORMAT')
  })
})
