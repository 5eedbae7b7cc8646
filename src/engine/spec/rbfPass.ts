/**
 * The one hot loop of table RKME fitting: for every reduced-set point z_i and every data row x_n it forms
 * k(z_i, x_n) = exp(−γ‖z_i − x_n‖²) and accumulates
 *   s_i = Σ_n k(z_i, x_n)              (→ c_i = s_i / N for the β step)
 *   w_i = Σ_n k(z_i, x_n) x_n          (→ the data term of the Z gradient, when `withWeightedSum`)
 * over a range of rows. Four reduced-set points are processed together so each data row is loaded once
 * per four kernels (register blocking); the squared distance is ‖z‖² − 2z·x + ‖x‖² like the reference.
 *
 * exp is an inline copy of math/fastExp.ts (twice as fast as Math.exp, as accurate); it is inlined
 * because this function's source runs in worker threads, where it may not reference imports.
 *
 * This function must stay self-contained (no imports, no closures over module state): worker threads run
 * its source text directly (see rbfWorkers.ts).
 *
 * Example:
 *   rbfPass(x, xNorms, d, 0, rows, z, zNorms, k, 0.1, s, w, true)
 */
export function rbfPass(
  x: Float64Array,
  xNorms: Float64Array,
  d: number,
  rowStart: number,
  rowEnd: number,
  z: Float64Array,
  zNorms: Float64Array,
  k: number,
  gamma: number,
  s: Float64Array,
  w: Float64Array,
  withWeightedSum: boolean
): void {
  const blockRows = 48
  const fineSteps = 256
  const fine = new Float64Array(fineSteps)
  for (let j = 0; j < fineSteps; j++) fine[j] = Math.pow(2, j / fineSteps)
  const coarse = new Float64Array(1100)
  for (let e = 0; e < 1100; e++) coarse[e] = Math.pow(2, e - 1099)
  const exp = (x: number): number => {
    if (x <= -740) return 0
    if (!(x <= 0)) return Math.exp(x) // positive (rounding) or NaN
    const t = x * (Math.LOG2E * fineSteps)
    const n = Math.floor(t)
    // Cody–Waite: ln2/256 split in two so n·hi is exact and r keeps full precision.
    const r = x - n * (0.6931471803691238 / 256) - n * (1.9082149292705877e-10 / 256)
    const j = n & (fineSteps - 1)
    const poly = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))))
    return coarse[(n - j) / fineSteps + 1099] * fine[j] * poly
  }
  for (let blockStart = rowStart; blockStart < rowEnd; blockStart += blockRows) {
    const blockEnd = Math.min(rowEnd, blockStart + blockRows)
    let i = 0
    for (; i + 3 < k; i += 4) {
      const z0 = i * d
      const z1 = z0 + d
      const z2 = z1 + d
      const z3 = z2 + d
      const n0 = zNorms[i]
      const n1 = zNorms[i + 1]
      const n2 = zNorms[i + 2]
      const n3 = zNorms[i + 3]
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      for (let n = blockStart; n < blockEnd; n++) {
        const xo = n * d
        let dot0 = 0
        let dot1 = 0
        let dot2 = 0
        let dot3 = 0
        for (let f = 0; f < d; f++) {
          const xv = x[xo + f]
          dot0 += z[z0 + f] * xv
          dot1 += z[z1 + f] * xv
          dot2 += z[z2 + f] * xv
          dot3 += z[z3 + f] * xv
        }
        const xn = xNorms[n]
        const k0 = exp(-gamma * (n0 - 2 * dot0 + xn))
        const k1 = exp(-gamma * (n1 - 2 * dot1 + xn))
        const k2 = exp(-gamma * (n2 - 2 * dot2 + xn))
        const k3 = exp(-gamma * (n3 - 2 * dot3 + xn))
        s0 += k0
        s1 += k1
        s2 += k2
        s3 += k3
        if (withWeightedSum) {
          for (let f = 0; f < d; f++) {
            const xv = x[xo + f]
            w[z0 + f] += k0 * xv
            w[z1 + f] += k1 * xv
            w[z2 + f] += k2 * xv
            w[z3 + f] += k3 * xv
          }
        }
      }
      s[i] += s0
      s[i + 1] += s1
      s[i + 2] += s2
      s[i + 3] += s3
    }
    for (; i < k; i++) {
      const zo = i * d
      const zn = zNorms[i]
      let si = 0
      for (let n = blockStart; n < blockEnd; n++) {
        const xo = n * d
        let dot = 0
        for (let f = 0; f < d; f++) dot += z[zo + f] * x[xo + f]
        const kv = exp(-gamma * (zn - 2 * dot + xNorms[n]))
        si += kv
        if (withWeightedSum) for (let f = 0; f < d; f++) w[zo + f] += kv * x[xo + f]
      }
      s[i] += si
    }
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

/** Rows per chunk of a kernel pass; sums are formed per chunk and added in chunk order. */
export const PASS_CHUNK_ROWS = 2048

/**
 * Per-chunk partial sums (s then w, `k + k·d` values per chunk when `withWeightedSum`, else `k`) for
 * chunks chunkFrom … chunkTo − 1. Adding the chunks' partials in chunk order gives the same floating-point
 * result however the chunks were spread over threads, so a spec does not depend on the core count.
 * Self-contained like rbfPass (the pass function is passed in so workers can supply their own copy).
 */
export function rbfChunkPartials(
  pass: typeof rbfPass,
  x: Float64Array, xNorms: Float64Array, d: number, rows: number, chunkRows: number, chunkFrom: number, chunkTo: number,
  z: Float64Array, zNorms: Float64Array, k: number, gamma: number, withWeightedSum: boolean
): Float64Array {
  const stride = withWeightedSum ? k + k * d : k
  const partials = new Float64Array((chunkTo - chunkFrom) * stride)
  for (let chunk = chunkFrom; chunk < chunkTo; chunk++) {
    const offset = (chunk - chunkFrom) * stride
    const s = partials.subarray(offset, offset + k)
    const w = withWeightedSum ? partials.subarray(offset + k, offset + stride) : new Float64Array(0)
    pass(x, xNorms, d, chunk * chunkRows, Math.min(rows, (chunk + 1) * chunkRows), z, zNorms, k, gamma, s, w, withWeightedSum)
  }
  return partials
}

/** Adds chunk partials (in order) into s and w. */
export function addChunkPartials(partials: Float64Array, chunks: number, k: number, d: number, withWeightedSum: boolean, s: Float64Array, w: Float64Array): void {
  const stride = withWeightedSum ? k + k * d : k
  for (let chunk = 0; chunk < chunks; chunk++) {
    const offset = chunk * stride
    for (let i = 0; i < k; i++) s[i] += partials[offset + i]
    if (withWeightedSum) for (let j = 0; j < k * d; j++) w[j] += partials[offset + k + j]
  }
}
