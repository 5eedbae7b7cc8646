/**
 * The search pass out[n] = Σ_i v_i k(u_i, x_n) in four float32 lanes (rbfKernel.wat's `weighted_rows_f32`),
 * about twice the float64 kernel's speed, for ranking thousands of learnwares before the float64 pass
 * re-ranks the best (search/specStack.ts). Rows and points are centred on a common centre before the cast,
 * so the ‖u‖² − 2u·x + ‖x‖² form loses little to cancellation: kernel values come out good to ~1e-6
 * relative.
 *
 * Self-contained like createRbfKernelRows (worker threads run its source text; kernelPool.ts).
 *
 * Example:
 *   const rows = createF32KernelRows(rbfKernelModule(), z, n, d, columnMeans(z, n, d))
 *   rows.weightedRows(u, k, beta, 0.1, out)      // out: Float64Array of n float32-accurate values
 */

export interface F32KernelRows {
  rows: number
  d: number
  /** out[n] = Σ_i weights[i] k(u_i, x_n) for every row, to float32 accuracy. */
  weightedRows(u: Float64Array, k: number, weights: Float64Array, gamma: number, out: Float64Array): void
}

export function createF32KernelRows(module: WebAssembly.Module, x: Float64Array, rows: number, d: number, center: Float64Array): F32KernelRows {
  const SCRATCH = 2048
  const PAGE = 65536
  const paddedRows = Math.ceil(rows / 8) * 8
  const xq = SCRATCH
  const xn = xq + paddedRows * d * 4
  const work = xn + paddedRows * 4
  const memory = new WebAssembly.Memory({ initial: Math.ceil(work / PAGE) + 1 })
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as {
    weighted_rows_f32(xq: number, xn: number, d: number, q0: number, q1: number, u: number, un: number, wt: number, k: number, gamma: number, out: number): void
  }
  const ensure = (bytes: number): Float32Array => {
    const missing = bytes - memory.buffer.byteLength
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE))
    return new Float32Array(memory.buffer)
  }
  let heap = ensure(work)
  for (let n = 0; n < paddedRows; n++) {
    const quadBase = xq / 4 + (n >> 2) * 4 * d + (n & 3)
    let norm = Infinity
    if (n < rows) {
      norm = 0
      for (let f = 0; f < d; f++) {
        const value = Math.fround(x[n * d + f] - center[f])
        heap[quadBase + 4 * f] = value
        norm += value * value
      }
    }
    heap[xn / 4 + n] = norm
  }

  return {
    rows,
    d,
    weightedRows(u, k, weights, gamma, out) {
      const k4 = Math.ceil(k / 4) * 4
      const uAt = work
      const unAt = uAt + k4 * d * 4
      const wtAt = unAt + k4 * 4
      const outAt = wtAt + k4 * 4
      heap = ensure(outAt + paddedRows * 4)
      heap.fill(0, uAt / 4, outAt / 4)
      for (let i = 0; i < k4; i++) {
        let norm = Infinity
        if (i < k) {
          norm = 0
          for (let f = 0; f < d; f++) {
            const value = Math.fround(u[i * d + f] - center[f])
            heap[uAt / 4 + i * d + f] = value
            norm += value * value
          }
          heap[wtAt / 4 + i] = weights[i]
        }
        heap[unAt / 4 + i] = norm
      }
      kernel.weighted_rows_f32(xq, xn, d, 0, paddedRows / 4, uAt, unAt, wtAt, k4, gamma, outAt)
      heap = new Float32Array(memory.buffer)
      for (let n = 0; n < rows; n++) out[n] = heap[outAt / 4 + n]
    }
  }
}

/** Mean of every column of a row-major matrix (the centre that keeps float32 kernels accurate). */
export function columnMeans(x: Float64Array, rows: number, d: number): Float64Array {
  const means = new Float64Array(d)
  for (let n = 0; n < rows; n++) for (let f = 0; f < d; f++) means[f] += x[n * d + f]
  for (let f = 0; f < d; f++) means[f] /= Math.max(1, rows)
  return means
}
