/** Seeded test data: a rows × d matrix of standard normals (times `scale`), row-major. */

import { createRng } from '../../src/engine/math/rng'

export function randomMatrix(rows: number, d: number, seed: number, scale = 1): Float64Array {
  const rng = createRng(seed)
  return Float64Array.from({ length: rows * d }, () => rng.normal() * scale)
}
