/**
 * Seeded pseudo-random numbers, so every spec, split and model made here is reproducible from its seed.
 * xoshiro128** (fast, 128-bit state, good statistical quality) seeded through splitmix32; normals by the
 * Box–Muller transform with the spare value cached.
 *
 * Example:
 *   const rng = createRng(0)
 *   rng.next()      // uniform in [0, 1)
 *   rng.int(10)     // integer in [0, 10)
 *   rng.normal()    // standard normal
 */

export interface Rng {
  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number
  /** Integer uniform in [0, n). */
  int(n: number): number
  /** Standard normal N(0, 1). */
  normal(): number
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export function createRng(seed = 0): Rng {
  const init = splitmix32(Math.floor(seed) ^ 0x5eed)
  let s0 = init()
  let s1 = init()
  let s2 = init()
  let s3 = init()
  let spareNormal: number | null = null

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 11)
    return result
  }

  const next = (): number => nextUint32() / 4294967296

  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal
        spareNormal = null
        return value
      }
      let u = 0
      while (u === 0) u = next()
      const v = next()
      const radius = Math.sqrt(-2 * Math.log(u))
      spareNormal = radius * Math.sin(2 * Math.PI * v)
      return radius * Math.cos(2 * Math.PI * v)
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        const tmp = items[i]
        items[i] = items[j]
        items[j] = tmp
      }
      return items
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}
