import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRkmeImageSpec } from '../../../src/engine/spec/image'
import { fixturesDir } from '../../helpers/fixtures'

/**
 * numpy's legacy `RandomState(seed).normal`: MT19937 seeded by init_genrand, 53-bit doubles, and the
 * Marsaglia polar method with one cached spare value — enough to replay the reference's random draws.
 */
function numpyLegacyNormals(seed: number): () => number {
  const mt = new Uint32Array(624)
  mt[0] = seed >>> 0
  for (let i = 1; i < 624; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0
  let index = 624
  const int32 = (): number => {
    if (index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff)
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)
      }
      index = 0
    }
    let y = mt[index++]
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    return (y ^ (y >>> 18)) >>> 0
  }
  const double = (): number => ((int32() >>> 5) * 67108864 + (int32() >>> 6)) / 9007199254740992
  let spare: number | null = null
  return () => {
    if (spare !== null) { const value = spare; spare = null; return value }
    let x1: number
    let x2: number
    let r2: number
    do {
      x1 = 2 * double() - 1
      x2 = 2 * double() - 1
      r2 = x1 * x1 + x2 * x2
    } while (r2 >= 1 || r2 === 0)
    const f = Math.sqrt((-2 * Math.log(r2)) / r2)
    spare = f * x1
    return f * x2
  }
}

describe('the reference never moves its reduced set (learnware-engine.md §10.1)', () => {
  it('every fixture spec\'s Z is exactly the seed-0 noise drawn right after the 16 random nets\' weights', () => {
    // _generate_models(16, channel=1): per net, conv weights and biases of 1→256, 256→256, 256→256 (3×3).
    const perNet = 256 * 1 * 9 + 256 + 256 * 256 * 9 + 256 + 256 * 256 * 9 + 256
    const next = numpyLegacyNormals(0)
    for (let n = 0; n < 16 * perNet; n++) next()
    const noise = Float32Array.from({ length: 50 * 1024 }, next) // torch.asarray(..., dtype=float32)
    for (const name of ['a_tops', 'b_shoes', 'c_tops2']) {
      const spec = parseRkmeImageSpec(JSON.parse(readFileSync(join(fixturesDir, 'rkme-image', `${name}.json`), 'utf8')))
      let differing = 0
      for (let p = 0; p < noise.length; p++) if (spec.z[p] !== noise[p]) differing++
      expect(differing, name).toBe(0)
    }
  })
})
