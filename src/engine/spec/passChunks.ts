/**
 * How a kernel pass of the RKME fit splits its rows: fixed chunks of PASS_CHUNK_ROWS rows, each with its own
 * partial sums (k values of s, then k·d of w), added in chunk order. Because the chunking never changes,
 * a spec is bit-identical however the chunks were spread over threads (math/kernelPool.ts).
 *
 * Example:
 *   addChunkPartials(partials, chunks, k, d, true, s, w)   // s, w += Σ over chunks, in order
 */

/** Rows per chunk of a kernel pass (a multiple of 4, as the WASM kernel's row ranges must be). */
export const PASS_CHUNK_ROWS = 1024

/** Adds chunk partials (in order) into s and w. */
export function addChunkPartials(partials: Float64Array, chunks: number, k: number, d: number, withWeightedSum: boolean, s: Float64Array, w: Float64Array): void {
  const stride = withWeightedSum ? k + k * d : k
  for (let chunk = 0; chunk < chunks; chunk++) {
    const offset = chunk * stride
    for (let i = 0; i < k; i++) s[i] += partials[offset + i]
    if (withWeightedSum) for (let j = 0; j < k * d; j++) w[j] += partials[offset + k + j]
  }
}

/** ‖row‖² for every row of a row-major matrix. */
export function rowSquaredNorms(matrix: Float64Array, rows: number, d: number): Float64Array {
  const norms = new Float64Array(rows)
  for (let n = 0; n < rows; n++) {
    let sum = 0
    const offset = n * d
    for (let f = 0; f < d; f++) sum += matrix[offset + f] * matrix[offset + f]
    norms[n] = sum
  }
  return norms
}
